"""Exports read back into the same graph shape."""

from __future__ import annotations

import csv
import json
import pathlib

import networkx as nx
import pytest

from kg.export import export, to_graphml
from kg.graph import build_graph

RECORDS = [
    {"kind": "entity", "doc": "a", "name": "湖北省", "type": "Place", "aliases": ["湖北"],
     "mentions": [{"start": 0, "end": 2}]},
    {"kind": "triple", "doc": "a", "subject": {"name": "湖北省", "type": "Place"},
     "predicate": "SENT", "object": {"name": "医疗队", "type": "Group"},
     "attrs": {"to": "武汉市", "count": "3批"},
     "evidence": {"text": "湖北派出医疗队", "start": 0, "end": 7}, "confidence": 0.8,
     "extractor": "test"},
]


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    return build_graph(RECORDS)


def test_graphml_round_trip(graph: nx.MultiDiGraph, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "g.graphml"
    path.write_text(to_graphml(graph), encoding="utf-8")
    back = nx.read_graphml(path, force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        graph.number_of_nodes(), graph.number_of_edges()
    )
    names = {d["name"] for _, d in back.nodes(data=True)}
    assert {"湖北省", "医疗队", "武汉市"} <= names


def test_nodelink_keeps_lists(graph: nx.MultiDiGraph) -> None:
    data = json.loads(export(graph, "nodelink", None) or "")
    hubei = next(n for n in data["nodes"] if n["name"] == "湖北省")
    assert hubei["aliases"] == ["湖北"] and hubei["doc_count"] == 1
    assert {e["type"] for e in data["edges"]} >= {"SENT", "SENT_TO", "MENTIONED_IN"}


def test_csv_writes_nodes_and_relationships(graph: nx.MultiDiGraph,
                                            tmp_path: pathlib.Path) -> None:
    export(graph, "csv", tmp_path / "out")
    with (tmp_path / "out" / "nodes.csv").open(encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    with (tmp_path / "out" / "relationships.csv").open(encoding="utf-8") as handle:
        rels = list(csv.DictReader(handle))
    assert len(nodes) == graph.number_of_nodes() and len(rels) == graph.number_of_edges()
    sent = next(r for r in rels if r["type"] == "SENT")
    assert json.loads(sent["props"])["count"] == "3批"


@pytest.mark.parametrize(("fmt", "output", "message"),
                         [("csv", None, "folder"), ("dot", None, "unknown export format")])
def test_bad_export_requests(graph: nx.MultiDiGraph, fmt: str, output: None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        export(graph, fmt, output)
