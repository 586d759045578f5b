"""The Neo4j writer without a server: allow-lists, generated Cypher, schema file, errors."""

from __future__ import annotations

import pathlib

import pytest
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from kg.graph import NODE_LABELS, STRUCTURAL_TYPES
from kg.records import PREDICATES
from kg.store import StoreError
from kg.store.neo4j import Neo4jStore, _translate, connect, schema_statements

ROOT = pathlib.Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("label", ["Person) DETACH DELETE (x", "person", "Leftover", ""])
def test_unknown_labels_never_reach_a_query(label: str) -> None:
    with pytest.raises(StoreError, match="unknown node label"):
        Neo4jStore.node_query(label)


@pytest.mark.parametrize("rel_type", ["SAID]->() DELETE r //", "said", "", "A" * 80, "1ABC"])
def test_bad_relationship_types_never_reach_a_query(rel_type: str) -> None:
    with pytest.raises(StoreError, match="not UPPER_SNAKE"):
        Neo4jStore.rel_query(rel_type, "Person", "Statement")


def test_batched_queries_merge_by_id_with_parameters_only() -> None:
    assert Neo4jStore.node_query("Place") == (
        "UNWIND $rows AS row MERGE (n:`Place` {id: row.id}) SET n = row.props"
    )
    query = Neo4jStore.rel_query("SENT_TO", "Group", "Place")
    assert query.startswith("UNWIND $rows AS row MATCH (a:`Group` {id: row.src})")
    assert "MERGE (a)-[r:`SENT_TO` {id: row.id}]->(b) SET r = row.props" in query


def test_schema_has_an_idempotent_id_constraint_per_label_and_type() -> None:
    statements = schema_statements()
    assert all("IF NOT EXISTS" in s for s in statements)
    constrained = {s.split("(n:")[1].split(")")[0] for s in statements if "FOR (n:" in s}
    assert constrained == set(NODE_LABELS)
    rel_types = {s.split("[r:")[1].split("]")[0] for s in statements
                 if "CONSTRAINT" in s and "[r:" in s}
    assert rel_types >= {*PREDICATES, *STRUCTURAL_TYPES}


def test_repository_schema_is_the_shipped_one() -> None:
    shipped = ROOT / "kg" / "store" / "schema.cypher"
    assert (ROOT / "cypher" / "schema.cypher").read_text() == shipped.read_text()


@pytest.mark.parametrize(
    ("error", "progress", "message"),
    [
        (AuthError("bad"), "", "refused the credentials for user 'neo4j': wrong password?"),
        (ServiceUnavailable("gone"), "", "is unreachable: is it running?"),
        (SessionExpired("gone"), "10 of 20 written", "went away during the load (10 of 20"),
        (ServiceUnavailable("gone"), "1 of 2 written", "re-run the load"),
    ],
)
def test_driver_errors_become_one_line_messages(error: Exception, progress: str,
                                                message: str) -> None:
    translated = _translate(error, uri="bolt://h:1", user="neo4j", progress=progress)
    assert isinstance(translated, StoreError)
    assert message in str(translated) and "\n" not in str(translated)


def test_connect_to_a_closed_port_fails_clearly() -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on: bind, then release it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StoreError, match=f"127.0.0.1:{port} is unreachable"):
        connect(f"bolt://127.0.0.1:{port}", "neo4j", "x", connection_timeout=2)


def test_connect_rejects_a_malformed_uri() -> None:
    with pytest.raises(StoreError, match="bad Neo4j URI"):
        connect("nonsense://127.0.0.1:7687", "neo4j", "x")
