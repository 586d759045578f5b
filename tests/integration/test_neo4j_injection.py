"""Quotes, backslashes, backticks and Cypher text stay data: in every question's parameters,
in names stored in the graph, in `kg query --param` and in the Cypher script export."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx
import pytest
from neo4j import Driver
from typer.testing import CliRunner

import kg.cli.query  # noqa: F401  (registers `query`)
from kg.cli import app
from kg.export.cypher import to_cypher
from kg.graph import build_graph
from kg.questions import registry
from kg.store.neo4j import Neo4jStore
from tests.integration.conftest import neo4j_settings
from tests.integration.test_neo4j_export import run_script

ATTACKS = [
    "'); MATCH (n) DETACH DELETE n //",
    "\"}) MATCH (n) DETACH DELETE n //",
    "` MATCH (n) DETACH DELETE n //",
    "back\\slash \\' quote",
    "$who } RETURN 1 UNION MATCH (n) DETACH DELETE n RETURN 1 //",
]
EVIL = "王'); MATCH (n) DETACH DELETE n //"
EVIL_PLACE = "湖`北\\市\""


def _records() -> list[dict[str, Any]]:
    def entity(name: str, etype: str) -> dict[str, Any]:
        return {"kind": "entity", "doc": "d'1", "name": name, "type": etype,
                "mentions": [{"start": 0, "end": 2}]}

    def fact(subj: tuple[str, str], pred: str, obj: tuple[str, str], **attrs: Any) -> dict:
        return {"kind": "triple", "doc": "d'1", "predicate": pred,
                "subject": {"name": subj[0], "type": subj[1]},
                "object": {"name": obj[0], "type": obj[1]}, "attrs": attrs,
                "evidence": {"text": "证据 ' \" ` \\", "start": 0, "end": 5}, "confidence": 0.9}

    return [
        {"kind": "document", "doc": "d'1", "date": "2020-02-08", "title": ATTACKS[0]},
        entity(EVIL, "Person"), entity(EVIL_PLACE, "Place"), entity("机构`x", "Organization"),
        fact((EVIL, "Person"), "SAID", (ATTACKS[1], "Statement"), mode="direct"),
        fact((EVIL, "Person"), "VISITED", (EVIL_PLACE, "Place")),
        fact((EVIL, "Person"), "HOLDS_POSITION", ("机构`x", "Organization"), title=ATTACKS[3]),
        fact(("机构`x", "Organization"), "SENT", ("队'伍", "Group"), to=EVIL_PLACE,
             count=ATTACKS[2]),
    ]


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(_records())


@pytest.fixture(scope="module")
def loaded(graph: nx.MultiDiGraph, neo4j_driver: Driver, neo4j_database: str) -> Neo4jStore:
    store = Neo4jStore(neo4j_driver, neo4j_database)
    store.clear()
    store.load(graph)
    return store


def _key(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


# Every text parameter of every question, each with one attack in turn (all attacks are used).
_TEXT_PARAMS = [(q.name, p.name) for q in registry.QUESTIONS for p in q.params if p.type is str]
CASES = [(name, param, ATTACKS[i % len(ATTACKS)]) for i, (name, param) in enumerate(_TEXT_PARAMS)]


@pytest.mark.parametrize(("name", "param", "attack"), CASES,
                         ids=[f"{n}-{p}-{i % len(ATTACKS)}" for i, (n, p, _) in enumerate(CASES)])
def test_attacks_in_parameters_stay_data(
    graph: nx.MultiDiGraph, loaded: Neo4jStore, neo4j_database: str, name: str, param: str,
    attack: str,
) -> None:
    question = registry.get(name)
    params = {**question.example_params(), param: attack}
    before = loaded.counts()
    neo4j = question.ask_neo4j(loaded.driver, neo4j_database, **params)
    assert sorted(map(_key, neo4j)) == sorted(map(_key, question.ask(graph, **params)))
    assert loaded.counts() == before


@pytest.mark.parametrize(
    ("name", "params", "column", "expected"),
    [
        ("said", {"who": EVIL}, "text", ATTACKS[1]),
        ("visits", {"where": EVIL_PLACE}, "person", EVIL),
        ("post_holders", {"title": ATTACKS[3]}, "person", EVIL),
        ("sent", {"to": EVIL_PLACE}, "amount", ATTACKS[2]),
        ("document_facts", {"doc": "d'1"}, "subject", EVIL),
    ],
)
def test_names_that_look_like_cypher_are_found_as_data(
    graph: nx.MultiDiGraph, loaded: Neo4jStore, neo4j_database: str, name: str,
    params: dict[str, Any], column: str, expected: str,
) -> None:
    question = registry.get(name)
    for rows in (question.ask_neo4j(loaded.driver, neo4j_database, **params),
                 question.ask(graph, **params)):
        assert expected in {row[column] for row in rows}


@pytest.mark.parametrize("attack", ATTACKS)
def test_kg_query_params_stay_data(loaded: Neo4jStore, neo4j_database: str,
                                   attack: str) -> None:
    uri, user, password = neo4j_settings()
    before = loaded.counts()
    result = CliRunner().invoke(app, [
        "query", "MATCH (p:Person) WHERE p.name = $name RETURN p.name AS name",
        "--param", f"name={attack}", "--write", "--uri", uri, "--user", user,
        "--password", password, "--database", neo4j_database, "--format", "json",
    ])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert loaded.counts() == before
    result = CliRunner().invoke(app, [
        "query", "said", "--param", f"who={EVIL}", "--uri", uri, "--user", user,
        "--password", password, "--database", neo4j_database, "--format", "json",
    ])
    assert [row["text"] for row in json.loads(result.stdout)] == [ATTACKS[1]]


def test_cypher_script_keeps_every_string(graph: nx.MultiDiGraph, loaded: Neo4jStore,
                                          neo4j_database: str) -> None:
    expected_counts, expected_ids = loaded.counts(), loaded.ids()
    loaded.clear()
    for _ in range(2):  # MERGE: a second run changes nothing
        run_script(loaded.driver, neo4j_database, to_cypher(graph))
        assert loaded.counts() == expected_counts and loaded.ids() == expected_ids
    with loaded.driver.session(database=neo4j_database) as session:
        names = {r["n"] for r in session.run("MATCH (n) RETURN n.name AS n")}
        evidence = session.run("MATCH ()-[r:SAID]->() RETURN r.evidence AS e").single()["e"]
    assert {EVIL, EVIL_PLACE, "机构`x", "队'伍", ATTACKS[1]} <= names
    assert evidence == "证据 ' \" ` \\"
