"""Derived properties computed once with the graph, which both question engines read."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest

from kg.graph import build_graph
from kg.graph_props import pagerank, short_names
from kg.questions import positions, posts_of, statements
from kg.questions.filters import refine
from kg.questions.registry import get


def _entity(name: str, etype: str, doc: str = "d1", **extra: Any) -> dict[str, Any]:
    return {"kind": "entity", "doc": doc, "name": name, "type": etype, "mentions": [], **extra}


def _fact(subj: tuple[str, str], pred: str, obj: tuple[str, str], doc: str = "d1",
          start: int = 0, **attrs: Any) -> dict[str, Any]:
    return {"kind": "triple", "doc": doc, "subject": {"name": subj[0], "type": subj[1]},
            "predicate": pred, "object": {"name": obj[0], "type": obj[1]}, "attrs": attrs,
            "evidence": {"text": "(句子)", "start": start, "end": start + 3}, "confidence": 0.9}


P, PL, ORG, G = "Person", "Place", "Organization", "Group"
RECORDS = [
    {"kind": "document", "doc": "d1", "date": "2020-02-08"},
    {"kind": "document", "doc": "d2"},
    _entity("湖北省", PL, adcode="420000"), _entity("武汉市", PL, adcode="420100"),
    _entity("江苏省", PL, adcode="320000"), _entity("江苏省卫生健康委员会", ORG),
    _entity("张三", P), _entity("李四", P, doc="d2"),
    _fact(("江苏省卫生健康委员会", ORG), "SENT", ("医疗队", G), to="武汉市", count="100人"),
    _fact(("江苏省", PL), "SENT", ("专家组", G), to="湖北省武汉市的医院", start=5),
    _fact(("张三", P), "SAID", ("要坚持。", "Statement"), mode="direct", start=9),
    _fact(("张三", P), "SAID", ("要坚守。", "Statement"), mode="direct", date="2020-01-30",
          start=12),
    _fact(("李四", P), "HOLDS_POSITION", ("江苏省卫生健康委员会", ORG), doc="d2", title="主任"),
]


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(RECORDS)


def _node(graph: nx.MultiDiGraph, name: str) -> dict[str, Any]:
    return next(d for _, d in graph.nodes(data=True) if d.get("name") == name)


def _fact_edge(graph: nx.MultiDiGraph, rel_type: str, obj: str) -> dict[str, Any]:
    return next(r for _, d, r in graph.edges(data=True)
                if r["type"] == rel_type and graph.nodes[d]["name"] == obj)


@pytest.mark.parametrize(("obj", "date"), [("要坚持。", "2020-02-08"),  # the document's date
                                           ("要坚守。", "2020-01-30")])  # its own date
def test_effective_date_falls_back_to_the_document(graph: nx.MultiDiGraph, obj: str,
                                                   date: str) -> None:
    assert _fact_edge(graph, "SAID", obj)["effective_date"] == date


def test_an_undated_document_leaves_the_date_absent(graph: nx.MultiDiGraph) -> None:
    assert "effective_date" not in _fact_edge(graph, "HOLDS_POSITION", "江苏省卫生健康委员会")


@pytest.mark.parametrize(
    ("item", "destination", "province"),
    [("医疗队", "武汉市", "湖北省"),  # linked by SENT_TO
     ("专家组", "武汉市", "湖北省")],  # written text: the most specific place named in it
)
def test_destinations_carry_the_places_above_them(
    graph: nx.MultiDiGraph, item: str, destination: str, province: str
) -> None:
    rel = _fact_edge(graph, "SENT", item)
    assert (rel["destination"], rel["destination_province"]) == (destination, province)
    scope_names = [graph.nodes[n]["name"] for n in rel["destination_scope"]]
    assert scope_names == [destination, province]


@pytest.mark.parametrize(("name", "province"), [("江苏省卫生健康委员会", "江苏省"),
                                                ("武汉市", "湖北省"), ("湖北省", "湖北省")])
def test_province_of_places_and_bodies(graph: nx.MultiDiGraph, name: str,
                                       province: str) -> None:
    assert _node(graph, name)["province"] == province


def test_a_body_lies_in_the_place_it_is_named_after(graph: nx.MultiDiGraph) -> None:
    scope = [graph.nodes[n]["name"] for n in _node(graph, "江苏省卫生健康委员会")["scope"]]
    assert scope == ["江苏省卫生健康委员会", "江苏省"]


@pytest.mark.parametrize(("names", "expected"), [
    (["湖北省"], ["湖北"]), (["新疆维吾尔自治区"], ["新疆维吾尔"]), (["北京"], []),
    (["东城区", "东城"], []), (["市"], []),
])
def test_short_names(names: list[str], expected: list[str]) -> None:
    assert short_names(names) == expected


def test_places_get_coordinates_from_their_adcode(graph: nx.MultiDiGraph) -> None:
    wuhan = _node(graph, "武汉市")
    assert 113 < wuhan["lon"] < 116 and 29 < wuhan["lat"] < 32


def test_documents_count_their_entities_and_facts(graph: nx.MultiDiGraph) -> None:
    assert {d["doc"]: (d["entity_count"], d["fact_count"]) for _, d in graph.nodes(data=True)
            if d["label"] == "Document"} == {"d1": (5, 4), "d2": (1, 1)}


def test_pagerank_is_a_distribution() -> None:
    ranks = pagerank("abcd", [("a", "b"), ("b", "c"), ("c", "a")])
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert ranks["d"] < ranks["a"] == pytest.approx(ranks["b"])


# ---------------------------------------------------------------- properties of branch `facts`
@pytest.fixture
def reported() -> nx.MultiDiGraph:
    """The graph with what the facts model adds: source counts and tenure dates."""
    graph = build_graph(RECORDS)
    for _, _, rel in graph.edges(data=True):
        if rel["type"] == "HOLDS_POSITION":
            rel.update(source_count=3, first_seen="2019-05-01", last_seen="2020-03-01")
        elif rel["type"] == "SAID":
            rel["source_count"] = 2 if rel.get("date") else 1
    return graph


def test_source_count_is_shown_and_sorts(reported: nx.MultiDiGraph) -> None:
    rows = get("said").ask(reported)
    assert [r["source_count"] for r in refine(rows, sort="-source_count")] == [2, 1]
    # Without the facts model the column is empty; with it, each statement has one source.
    assert [r.source_count for r in statements(build_graph(RECORDS))] in ([None, None], [1, 1])


@pytest.mark.parametrize(("at", "held"), [("2019", True), ("2020-02", True), ("2020-04", False),
                                          ("2019-04", False)])
def test_post_holders_on_a_date_use_the_tenure(reported: nx.MultiDiGraph, at: str,
                                               held: bool) -> None:
    assert bool(positions(reported, title="主任", at=at)) is held


def test_posts_of_spans_the_reported_tenure(reported: nx.MultiDiGraph) -> None:
    (row,) = posts_of(reported, person="李四")
    assert (row.title, row.first_seen, row.last_seen, row.reports) == ("主任", "2019-05-01",
                                                                       "2020-03-01", 1)


def with_second_report(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Adds, as the facts model does, a report by d2 of 张三's first statement (first reported
    by d1): an Evidence node with ``fact`` = the relationship id. Returns its properties."""
    from kg.graph_props import add_derived_properties

    key = next(k for _, d, k, r in graph.edges(keys=True, data=True)
               if r["type"] == "SAID" and graph.nodes[d]["name"] == "要坚持。")
    report = {"label": "Evidence", "fact": key, "doc": "d2", "text": "(另一句)", "start": 40,
              "confidence": 0.7}
    graph.add_node("ev-d2", id="ev-d2", name="d2", **report)
    doc_node = next(n for n, d in graph.nodes(data=True) if d.get("doc") == "d2"
                    and d["label"] == "Document")
    graph.add_edge("ev-d2", doc_node, key="from-d2", id="from-d2", type="FROM_DOCUMENT")
    add_derived_properties(graph)
    return report


def test_a_document_reports_facts_first_reported_elsewhere() -> None:
    graph = build_graph(RECORDS)
    report = with_second_report(graph)
    rows = get("document_facts").ask(graph, doc="d2")
    said = next(r for r in rows if r["relation"] == "SAID")
    assert (said["doc"], said["evidence"], said["start"]) == ("d2", report["text"], 40)
    assert {r["relation"] for r in rows} == {"SAID", "HOLDS_POSITION"}  # FROM_DOCUMENT is none
    counts = {r["doc"]: r["facts"] for r in get("documents").ask(graph)}
    assert counts == {"d1": 4, "d2": 2}


def test_cypher_files_list_the_non_fact_types() -> None:
    from kg.graph_props import NON_FACT_TYPES
    from kg.questions.registry import CYPHER_DIR

    literal = str(sorted(NON_FACT_TYPES))
    for name in ("timeline", "place", "document_facts"):
        assert literal in (CYPHER_DIR / f"{name}.cypher").read_text(encoding="utf-8"), name


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pagerank_agrees_with_networkx(seed: int) -> None:
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    graph = nx.gnm_random_graph(60, 150, seed=seed, directed=True)
    graph.add_nodes_from(range(60, 65))  # dangling, unlinked nodes
    multi = nx.MultiDiGraph(graph)
    multi.add_edges_from(list(graph.edges)[:20])  # parallel links count twice
    ours = pagerank(multi.nodes, multi.edges())
    theirs = _pagerank_python(multi, alpha=0.85, tol=1e-13, max_iter=500)
    assert ours == pytest.approx(theirs, abs=1e-9)
