"""kg.explore on small graphs: fonts, tables, and figures whose parts match the graph."""

from __future__ import annotations

import io
import json
import warnings

import networkx as nx
import pytest
from matplotlib.figure import Figure

import kg.explore as kx
from kg.explore import fonts
from kg.explore.figures import parse_date
from kg.explore.geo import outlines
from tests.unit.explore.conftest import PROVINCES, synthetic_graph


def _draw(fig: Figure) -> list[str]:
    """Render ``fig``; the messages of the warnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught]


@pytest.mark.parametrize(("family", "missing"), [
    (None, False),               # kg's CJK face: every character has a glyph
    (["DejaVu Sans"], True),     # the check itself works: matplotlib's default has none
])
def test_chinese_glyphs(family: list[str] | None, missing: bool) -> None:
    kx.use_cjk_font()
    fig = Figure()
    fig.text(0.1, 0.5, "湖北省 医疗队 習近平 −1", family=family)
    messages = _draw(fig)
    assert any(fonts.MISSING_GLYPH in m for m in messages) is missing, messages


def test_font_is_the_simplified_face_from_the_package() -> None:
    from matplotlib import font_manager

    assert kx.use_cjk_font() == fonts.FACE_NAME
    path = fonts.font_path()
    assert font_manager.FontProperties(fname=str(path)).get_name() == "Noto Sans CJK SC"
    assert path.stat().st_size > 1_000_000


@pytest.mark.parametrize(("rows", "columns", "expected"), [
    ([{"name": "湖北省", "n": 2}], ["name", "n"], ["name    n", "------  -", "湖北省  2"]),
    ([{"a": None, "b": 1.23456}], ["a", "b"], ["a  b", "-  -----", "   1.235"]),
    ([], ["x"], ["x", "-"]),
])
def test_table_text(rows: list[dict], columns: list[str], expected: list[str]) -> None:
    t = kx.table(rows, columns)
    assert str(t).splitlines() == expected
    html = t._repr_html_()
    assert all(f"<th>{c}</th>" in html for c in columns)


def test_table_top_keeps_the_total() -> None:
    t = kx.table([{"i": i} for i in range(30)], top=5)
    assert (len(t), t.total) == (5, 30)
    assert "5 of 30 rows" in t._repr_html_()


@pytest.mark.parametrize(("text", "expected"), [
    ("2020-02-08", (2020, 2, 8)), ("2020-02", (2020, 2, 1)), ("2020", (2020, 1, 1)),
    ("", None), (None, None), ("二月", None),
])
def test_parse_date(text: object, expected: tuple[int, int, int] | None) -> None:
    day = parse_date(text)
    assert (None if day is None else (day.year, day.month, day.day)) == expected


def _dated(graph: nx.MultiDiGraph) -> int:
    return sum(1 for *_, d in graph.edges(data=True)
               if d.get("id") and d.get("effective_date"))


@pytest.mark.parametrize("documents", [1, 12, 60])
def test_timeline_one_point_per_dated_fact(documents: int) -> None:
    graph = synthetic_graph(documents)
    assert kx.describe(kx.timeline(graph)).get("fact", 0) == _dated(graph)


def test_timeline_aggregates_past_max_points() -> None:
    graph = synthetic_graph(60)
    parts = kx.describe(kx.timeline(graph, max_points=20))
    assert "fact" not in parts
    months = {(d["type"], d["effective_date"][:7]) for *_, d in graph.edges(data=True)
              if d.get("id") and d.get("effective_date")}
    assert parts["fact-group"] == len(months)


@pytest.mark.parametrize("documents", [5, 40])
def test_map_one_marker_per_located_place(documents: int) -> None:
    graph = synthetic_graph(documents)
    located = [n for n, d in graph.nodes(data=True) if d["label"] == "Place" and "lat" in d]
    sent = [d for *_, d in graph.edges(data=True) if d["type"] == "SENT"]
    parts = kx.describe(kx.china_map(graph, labels=4))
    assert parts["place"] == len(located)
    assert 1 <= parts["place-label"] <= 4  # the most mentioned, none drawn over another
    assert parts["province"] >= 34  # every province-level division, islands as extra rings
    assert 1 <= parts["flow"] <= len(sent)


def test_outlines_cover_every_province() -> None:
    names = {name for _, name, _ in outlines()}
    assert len(names) == 34
    assert {p for p, *_ in PROVINCES} <= names


def test_flows_go_from_sender_to_destination() -> None:
    graph = synthetic_graph(1)
    ((start, end, kind), n), = kx.flows(graph).items()
    dest = next(d["destination_id"] for *_, d in graph.edges(data=True) if d["type"] == "SENT")
    assert (start, kind, n) == ((PROVINCES[0][1], PROVINCES[0][2]), "SENT", 1)
    assert end == (graph.nodes[dest]["lon"], graph.nodes[dest]["lat"])


def test_central_bars_and_communities() -> None:
    graph = synthetic_graph(30)
    top = kx.central(graph, top=7)
    assert len(top) == 7 and top.columns[:3] == ["name", "type", "degree"]
    assert [r["pagerank"] for r in top.rows] == sorted(top.column("pagerank"), reverse=True)
    assert kx.describe(kx.central_bars(top)) == {"bar": 7}
    groups = kx.communities(graph)
    members = set().union(*groups)
    parts = kx.describe(kx.community_graph(graph, groups, top=12))
    assert parts["node"] == parts["label"] == min(12, len(members))


def test_statements_over_time_one_line_per_speaker() -> None:
    graph = synthetic_graph(30)
    speakers = kx.statements_by_person(graph, top=3)
    assert len(speakers) == 3
    parts = kx.describe(kx.statements_over_time(speakers))
    assert parts["speaker"] == 3
    months = {(p, d[:7]) for p, dates in speakers.items() for d in dates}  # a year: by month
    assert parts["statement"] == len(months)


@pytest.mark.parametrize(("max_nodes", "expected_at_most"), [(5, 5), (40, 40)])
def test_neighbourhood_is_a_standalone_page(max_nodes: int, expected_at_most: int) -> None:
    graph = synthetic_graph(40)
    view = kx.neighbourhood(graph, "人物1", max_nodes=max_nodes)
    assert 1 < view.nodes <= expected_at_most
    page = view.html
    data = page.split('id="kg-data">')[1].split("</script>")[0]
    shown = json.loads(data.replace("<\\/", "</"))
    assert len(shown["nodes"]) == view.nodes == page.count('class="node" id=')
    assert shown["nodes"][0]["name"] == "人物1"
    assert "src=" not in page and "href=" not in page and "@import" not in page
    assert "srcdoc=" in view._repr_html_()


def test_neighbourhood_of_an_unknown_actor() -> None:
    with pytest.raises(LookupError, match="不存在"):
        kx.neighbourhood(synthetic_graph(2), "不存在")


def test_facts_on_the_examples(example_graph: nx.MultiDiGraph) -> None:
    table = kx.facts(example_graph)
    predicates = {r["predicate"] for r in table.rows}
    assert {"SAID", "SENT", "DONATED"} <= predicates
    assert len(table) == sum(1 for *_, d in example_graph.edges(data=True)
                             if d["type"] in predicates)


def test_neighbourhood_page_carries_the_glyphs_it_uses() -> None:
    import base64
    import re

    from fontTools.ttLib import TTFont

    graph = synthetic_graph(8)
    page = kx.neighbourhood(graph, "人物2", max_nodes=12).html
    (data,) = re.findall(r"base64,([A-Za-z0-9+/=]+)", page)
    cmap = TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()
    shown = {c for c in page.split("</style>", 1)[1] if "\u4e00" <= c <= "\u9fff"}
    assert shown and {c for c in shown if ord(c) not in cmap} == set()
    plain = kx.neighbourhood(graph, "人物2", max_nodes=12, embed_font=False).html
    assert "@font-face" not in plain and len(plain) < len(page)


@pytest.mark.parametrize(("store", "error"), [
    ("missing", "no kg store at"),   # a KG_STORE that is not there is an error, never rebuilt
    (None, None),                    # the given store opens
])
def test_open_graph_of_kg_store(example_store, tmp_path, monkeypatch: pytest.MonkeyPatch,
                                store: str | None, error: str | None) -> None:
    monkeypatch.setenv("KG_STORE", str(tmp_path / store if store else example_store))
    if error:
        with pytest.raises(kx.ExploreError, match=error):
            kx.open_graph()
        assert not (tmp_path / store).exists()
    else:
        graph, where = kx.open_graph()
        assert "5 documents" in where and graph.number_of_nodes() > 0


def test_neo4j_driver_without_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    driver, message = kx.neo4j_driver()
    assert driver is None and "NEO4J_URI is not set" in message


@pytest.mark.parametrize(
    ("places", "expected"),
    [
        # 寿光市 sits 1° east of 山东省's marker: its label would run across 山东省's.
        ({"山东省": (118.0, 36.4), "寿光市": (118.8, 36.9)}, ["山东省"]),
        # 3° apart in latitude: both labels fit.
        ({"山东省": (118.0, 36.4), "江苏省": (118.8, 33.4)}, ["山东省", "江苏省"]),
        # Far west of a long label's start: no overlap.
        ({"湖北省": (112.3, 30.9), "重庆市": (107.5, 30.9)}, ["湖北省", "重庆市"]),
    ],
)
def test_map_labels_never_overlap(places: dict[str, tuple[float, float]],
                                  expected: list[str]) -> None:
    from kg.explore.geo import _spread

    assert _spread(list(places), places, 15, {n: n for n in places}) == expected
