"""On a 10,000-document graph the builders stay bounded: top-N, sampling and aggregation."""

from __future__ import annotations

import networkx as nx
import pytest

import kg.explore as kx
from kg.explore.figures import MAX_TIMELINE_POINTS
from kg.explore.tables import BETWEENNESS_EXACT_MAX


@pytest.fixture(scope="module")
def big_central(big_graph: nx.MultiDiGraph) -> kx.Table:
    return kx.central(big_graph, top=10)


def test_the_synthetic_store_is_large(big_graph: nx.MultiDiGraph) -> None:
    docs = {d["doc"] for *_, d in big_graph.edges(data=True) if d.get("doc")}
    assert len(docs) == 10_000
    assert sum(1 for *_, d in big_graph.edges(data=True) if d.get("id")) > MAX_TIMELINE_POINTS


@pytest.mark.parametrize(("build", "bounds"), [
    (lambda g: kx.community_graph(g, kx.communities(g), top=40), {"node": 40, "label": 40}),
    (lambda g: kx.china_map(g, labels=15, max_flows=40), {"place-label": 15, "flow": 40}),
    (lambda g: kx.timeline(g), {"fact-group": 4 * 12}),  # 4 predicates × 12 months (+SENT)
    (lambda g: kx.statements_over_time(kx.statements_by_person(g, top=8)), {"speaker": 8}),
])
def test_figures_are_cut_or_aggregated(big_graph: nx.MultiDiGraph, build, bounds) -> None:
    parts = kx.describe(build(big_graph))
    for gid, at_most in bounds.items():
        assert 0 < parts.get(gid, 0) <= at_most + 12, (gid, parts)
    assert "fact" not in parts  # never one point per fact at this size


def test_central_samples_betweenness(big_graph: nx.MultiDiGraph, big_central: kx.Table) -> None:
    actors = sum(1 for _, d in big_graph.nodes(data=True)
                 if d["label"] in ("Person", "Organization", "Place"))
    assert actors > BETWEENNESS_EXACT_MAX
    top = big_central
    assert len(top) == 10 and top.total == actors and top.notes
    assert kx.describe(kx.central_bars(top)) == {"bar": 10}


def test_map_still_marks_every_located_place(big_graph: nx.MultiDiGraph) -> None:
    located = sum(1 for _, d in big_graph.nodes(data=True) if d.get("lat") is not None)
    assert kx.describe(kx.china_map(big_graph))["place"] == located


def test_neighbourhood_is_capped(big_graph: nx.MultiDiGraph) -> None:
    view = kx.neighbourhood(big_graph, "人物1", max_nodes=40)
    assert view.nodes <= 40
