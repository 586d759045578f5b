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


@pytest.mark.parametrize("with_props", [True, False], ids=["facts-model", "plain"])
def test_both_engines_read_the_facts_properties(
    neo4j_driver: Driver, neo4j_database: str, with_props: bool
) -> None:
    graph = _reported(with_props)
    store = Neo4jStore(neo4j_driver, neo4j_database)
    store.clear()
    store.load(graph)

    def key(row: dict[str, Any]) -> str:
        return json.dumps(row, ensure_ascii=False, sort_keys=True)

    for name, params in CASES:
        question = registry.get(name)
        embedded = question.ask(graph, **params)
        neo4j = question.ask_neo4j(neo4j_driver, neo4j_database, **params)
        assert sorted(map(key, embedded)) == sorted(map(key, neo4j)), name
    held = registry.get("post_holders").ask_neo4j(neo4j_driver, neo4j_database, title="主任",
                                                  on="2019-06")
    assert [r["source_count"] for r in held] == ([3] if with_props else [])
