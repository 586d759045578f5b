"""The Cypher script export rebuilds, on the real Neo4j, exactly the graph `kg load` writes."""

from __future__ import annotations

import pathlib

import pytest
from neo4j import Driver

from kg.export.cypher import to_cypher
from kg.store.embedded import EmbeddedStore
from kg.store.neo4j import Neo4jStore
from tests.integration._dev_corpus import dev_store, kg_load


def run_script(driver: Driver, database: str, script: str) -> int:
    """Run a script of one-line statements as cypher-shell would: each alone, or together
    between ``:begin`` and ``:commit``. (cypher-shell itself is not part of the
    Maven-resolved server this suite starts.)"""
    lines = [line for line in script.splitlines() if line and not line.startswith("//")]
    tx = None
    with driver.session(database=database) as session:
        for line in lines:
            if line == ":begin":
                tx = session.begin_transaction()
            elif line == ":commit":
                assert tx is not None
                tx.commit()
                tx = None
            else:
                assert line.endswith(";"), line[:80]
                (tx or session).run(line[:-1]).consume()
    assert tx is None, "a :begin without :commit"
    return len(lines)


@pytest.fixture(scope="module")
def dev_graph(shared: pathlib.Path) -> tuple[pathlib.Path, object]:
    store = dev_store(shared)
    return store, EmbeddedStore(store).graph()


def test_cypher_script_matches_kg_load(
    dev_graph: tuple[pathlib.Path, object], clean_neo4j: Driver, neo4j_database: str
) -> None:
    store_dir, graph = dev_graph
    kg_load(store_dir, neo4j_database)
    store = Neo4jStore(clean_neo4j, neo4j_database)
    loaded_counts, loaded_ids = store.counts(), store.ids()
    store.clear()
    script = to_cypher(graph)  # type: ignore[arg-type]
    run_script(clean_neo4j, neo4j_database, script)
    assert store.counts() == loaded_counts
    assert store.ids() == loaded_ids
    with clean_neo4j.session(database=neo4j_database) as session:
        said = session.run("MATCH (p:Person {name: '冯玉臻'})-[r:SAID]->(s) "
                           "RETURN r.mode AS mode, s.text AS text ORDER BY mode").data()
    assert [r["mode"] for r in said] == ["direct", "indirect"]
