"""Questions reading the facts model's properties (source_count, first_seen/last_seen) answer
the same on Neo4j as on the embedded store, and without them (absent, not null)."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx
import pytest
from neo4j import Driver

from kg.graph import build_graph
from kg.questions import registry
from kg.store.neo4j import Neo4jStore
from tests.unit.test_graph_props import RECORDS


def _reported(with_props: bool) -> nx.MultiDiGraph:
    graph = build_graph(RECORDS)
    if with_props:
        for _, _, rel in graph.edges(data=True):
            if rel["type"] == "HOLDS_POSITION":
                rel.update(source_count=3, first_seen="2019-05-01", last_seen="2020-03-01")
            elif rel["type"] in ("SAID", "SENT"):
                rel["source_count"] = 2
    return graph


CASES = [("posts", {}), ("post_holders", {"title": "主任", "on": "2019-06"}),
         ("post_holders", {"title": "主任", "on": "2021"}), ("posts_of", {"person": "李四"}),
         ("said", {}), ("sent", {"to": "湖北"}), ("officials", {"of": "江苏"}),
         ("timeline", {"actor": "张三"}), ("documents", {}), ("central", {})]


def _key(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


@pytest.mark.parametrize("with_props", [True, False], ids=["facts-model", "plain"])
def test_both_engines_read_the_facts_properties(
    neo4j_driver: Driver, neo4j_database: str, with_props: bool
) -> None:
    graph = _reported(with_props)
    store = Neo4jStore(neo4j_driver, neo4j_database)
    store.clear()
    store.load(graph)

    for name, params in CASES:
        question = registry.get(name)
        embedded = question.ask(graph, **params)
        neo4j = question.ask_neo4j(neo4j_driver, neo4j_database, **params)
        assert sorted(map(_key, embedded)) == sorted(map(_key, neo4j)), name
    held = registry.get("post_holders").ask_neo4j(neo4j_driver, neo4j_database, title="主任",
                                                  on="2019-06")
    assert [r["source_count"] for r in held] == ([3] if with_props else [])


def test_document_facts_follow_the_reports(neo4j_driver: Driver, neo4j_database: str) -> None:
    from tests.unit.test_graph_props import with_second_report

    graph = build_graph(RECORDS)
    report = with_second_report(graph)
    loadable = graph.copy()
    loadable.remove_node("ev-d2")  # this branch's loader predates the Evidence label
    store = Neo4jStore(neo4j_driver, neo4j_database)
    store.clear()
    store.load(loadable)
    with neo4j_driver.session(database=neo4j_database) as session:
        session.run("MATCH (d:Document {doc: 'd2'}) CREATE (e:Evidence $props)"
                    "-[:FROM_DOCUMENT {id: 'from-d2'}]->(d)",
                    props={"id": "ev-d2", **{k: v for k, v in report.items() if k != "label"}}
                    ).consume()
    for name, params in [("document_facts", {"doc": "d2"}), ("document_facts", {"doc": "d1"}),
                         ("documents", {}), ("timeline", {"actor": "张三"}),
                         ("path", {"a": "张三", "b": "李四", "max_hops": 8})]:
        question = registry.get(name)
        embedded = question.ask(graph, **params)
        neo4j = question.ask_neo4j(neo4j_driver, neo4j_database, **params)
        assert sorted(map(_key, embedded)) == sorted(map(_key, neo4j)), name
    rows = registry.get("document_facts").ask_neo4j(neo4j_driver, neo4j_database, doc="d2")
    assert ("SAID", "d2", 40) in {(r["relation"], r["doc"], r["start"]) for r in rows}
    with neo4j_driver.session(database=neo4j_database) as session:  # not the loader's: remove
        session.run("MATCH (e:Evidence {id: 'ev-d2'}) DETACH DELETE e").consume()
