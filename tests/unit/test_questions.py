"""The question functions on the graph of the real pipeline's output for examples/."""

from __future__ import annotations

import doctest
import itertools
import pathlib
from typing import Any

import networkx as nx
import pytest

import kg.connections as connections
import kg.graph_props as graph_props
import kg.questions as questions
import kg.questions.facts
import kg.questions.filters
import kg.questions.guide
import kg.questions.names
import kg.questions.network
import kg.questions.registry
from kg.graph import build_graph
from kg.pipeline import iter_records
from kg.questions import (
    actor,
    as_dicts,
    connection,
    dispatches,
    donations,
    explain,
    find_nodes,
    meetings,
    positions,
    statements,
    visits,
)

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(iter_records([str(EXAMPLES)]))


def _names(graph: nx.MultiDiGraph, ids: list[str]) -> list[str]:
    return [graph.nodes[n]["name"] for n in ids]


@pytest.mark.parametrize("module", [
    questions, kg.questions.facts, kg.questions.filters, kg.questions.guide,
    kg.questions.names, kg.questions.network, kg.questions.registry, connections, graph_props,
], ids=lambda m: m.__name__)
def test_docstring_examples_run(module: Any) -> None:
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 1
    assert result.failed == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("湖北省", "湖北省"),  # canonical name
        ("湖北", "湖北省"),  # alias / short form
        ("新华社", "新华通讯社"),  # alias
        ("陳國華", "陈国华"),  # traditional script
        ("湖北省武汉市", "武汉市"),  # a fuller place name ending in a known place
        ("红十字会", "山东省红十字会"),  # contained, when nothing matches better
        ("诸葛亮", None),
        ("北", None),  # one character is too short to stand for anything
    ],
)
def test_find_nodes_matches_names_like_a_reader(
    graph: nx.MultiDiGraph, query: str, expected: str | None
) -> None:
    found = _names(graph, find_nodes(graph, query))
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    ("kwargs", "sender", "group", "destination"),
    [
        ({}, "江苏省", "医疗队", "湖北省"),
        ({"destination": "湖北"}, "江苏省", "医疗队", "湖北省"),
        ({"destination": "湖北省"}, "江苏省", "医疗队", "湖北省"),
        ({"sender": "江苏"}, "江苏省", "医疗队", "湖北省"),
    ],
)
def test_dispatches_name_sender_group_and_destination(
    graph: nx.MultiDiGraph, kwargs: dict[str, str], sender: str, group: str, destination: str
) -> None:
    rows = dispatches(graph, **kwargs)
    found = {(r.sender, r.group, r.destination, r.destination_province) for r in rows}
    assert (sender, group, destination, destination) in found
    assert all(r.doc == "01_medical_team" and r.evidence for r in rows if r.sender == sender)


@pytest.mark.parametrize("kwargs", [{"destination": "广东"}, {"sender": "浙江省"}])
def test_dispatches_filters_exclude_other_places(
    graph: nx.MultiDiGraph, kwargs: dict[str, str]
) -> None:
    assert dispatches(graph, **kwargs) == []


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"recipient": "湖北"}, ("山东省红十字会", "医用口罩", "黄冈市", "湖北省")),
        ({"recipient": "黄冈"}, ("山东省红十字会", "医用口罩", "黄冈市", "湖北省")),
        ({"donor": "山东"}, ("山东省红十字会", "医用口罩", "黄冈市", "湖北省")),  # body of 山东省
        ({"donor": "山东"}, ("寿光市", "蔬菜", "武汉市", "湖北省")),  # county of 山东省
    ],
)
def test_donations_cover_places_inside_and_bodies_named_after_them(
    graph: nx.MultiDiGraph, kwargs: dict[str, str], expected: tuple[str, ...]
) -> None:
    rows = donations(graph, **kwargs)
    assert expected in {(r.source, r.item, r.destination, r.destination_province) for r in rows}
    shandong = {"寿光市", "山东省红十字会"}
    assert all(r.source_province == "山东省" for r in rows if r.source in shandong)


@pytest.mark.parametrize(
    ("kwargs", "speaker", "snippet", "mode"),
    [
        ({"speaker": "李振华"}, "李振华", "平安凯旋", "direct"),
        ({"speaker": "李振华"}, "李振华", "全力支持前线", "indirect"),
        ({"contains": "合作社"}, "赵立群", "合作社", "indirect"),
        ({"speaker": "陳國華"}, "陈国华", "科学防治", "indirect"),  # traditional query and text
        ({"speaker": "古特雷斯", "contains": "联合国"}, "古特雷斯", "高度评价", "indirect"),
    ],
)
def test_statements_say_who_said_what(
    graph: nx.MultiDiGraph, kwargs: dict[str, str], speaker: str, snippet: str, mode: str
) -> None:
    rows = statements(graph, **kwargs)
    assert rows and {r.speaker for r in rows} == {speaker}
    match = [r for r in rows if snippet in r.text]
    assert match and match[0].mode == mode and match[0].evidence


@pytest.mark.parametrize(
    "kwargs",
    [{"speaker": "诸葛亮"}, {"contains": "火星"}, {"speaker": "李振华", "contains": "蔬菜"}],
)
def test_statements_filters_can_exclude_everything(
    graph: nx.MultiDiGraph, kwargs: dict[str, str]
) -> None:
    assert statements(graph, **kwargs) == []


@pytest.mark.parametrize(
    ("kwargs", "person", "title_part", "body"),
    [
        ({"person": "李振华"}, "李振华", "书记", "江苏省委"),
        ({"body": "联合国"}, "古特雷斯", "秘书长", "联合国"),
        ({"body": "江苏"}, "张明远", "主任", "江苏省卫生健康委员会"),  # a body of 江苏省
        ({"body": "江苏"}, "李振华", "书记", "江苏省委"),
        ({"person": "陈国华"}, "陈国华", "书记", "浙江省委"),
        ({"body": "广东省"}, "林志远", "省长", "广东省"),
    ],
)
def test_positions_say_who_holds_which_post(
    graph: nx.MultiDiGraph, kwargs: dict[str, str], person: str, title_part: str, body: str
) -> None:
    rows = positions(graph, **kwargs)
    assert any(r.person == person and title_part in (r.title or "") and r.body == body
               for r in rows)


def test_positions_body_filter_stays_inside_the_place(graph: nx.MultiDiGraph) -> None:
    assert {r.person for r in positions(graph, body="江苏")} == {"李振华", "张明远"}


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"person": "林志远"}, {"深圳市", "深圳市人民医院"}),
        ({"place": "广东"}, {"深圳市"}),  # inside 广东省
        ({"place": "深圳"}, {"深圳市", "深圳市人民医院"}),  # the hospital is a body of 深圳市
        ({"place": "湖北"}, set()),
    ],
)
def test_visits_say_who_went_where(
    graph: nx.MultiDiGraph, kwargs: dict[str, str], expected: set[str]
) -> None:
    rows = visits(graph, **kwargs)
    assert expected <= {r.place for r in rows}
    assert bool(rows) == bool(expected)
    assert all(r.province == "广东省" for r in rows if r.place in {"深圳市", "深圳市人民医院"})


@pytest.mark.parametrize(
    ("who", "relation", "other_part"),
    [
        ("周国强", "MET", "古特雷斯"),
        ("古特雷斯", "MET", "周国强"),  # either side of a meeting
        ("陈国华", "CHAIRED", "会议"),
        ("何文", "ATTENDED", "会议"),
    ],
)
def test_meetings_say_who_met_whom(
    graph: nx.MultiDiGraph, who: str, relation: str, other_part: str
) -> None:
    rows = meetings(graph, actor=who)
    assert rows and all(r.actor == who for r in rows)
    assert any(r.relation == relation and other_part in r.other for r in rows)


def test_unfiltered_meetings_list_each_meeting_once(graph: nx.MultiDiGraph) -> None:
    met = [(r.actor, r.other) for r in meetings(graph) if r.relation == "MET"]
    assert len(met) == len(set(met)) and ("古特雷斯", "周国强") not in met


def _assert_paths_are_walks(hops: list[Any], start: str, end: str) -> None:
    for _, path in itertools.groupby(hops, key=lambda h: h.path):
        steps = list(path)
        assert [h.step for h in steps] == list(range(1, len(steps) + 1))
        assert start in (steps[0].source, steps[0].target)
        assert end in (steps[-1].source, steps[-1].target)
        for before, after in itertools.pairwise(steps):
            assert {before.source, before.target} & {after.source, after.target}


@pytest.mark.parametrize(
    ("a", "b", "max_hops", "start", "end", "first_relations"),
    [
        ("周国强", "古特雷斯", 4, "周国强", "古特雷斯", ["MET"]),
        ("江苏", "湖北", 4, "江苏省", "湖北省", ["SENT", "SENT_TO"]),
        ("江苏省", "寿光市", 6, "江苏省", "寿光市", None),  # two documents apart
        ("李振华", "江苏省委", 4, "李振华", "江苏省委", ["HOLDS_POSITION"]),
    ],
)
def test_connection_explains_paths_hop_by_hop(
    graph: nx.MultiDiGraph, a: str, b: str, max_hops: int, start: str, end: str,
    first_relations: list[str] | None,
) -> None:
    hops = connection(graph, a, b, max_hops=max_hops)
    assert hops
    _assert_paths_are_walks(hops, start, end)
    assert max(h.step for h in hops) <= max_hops
    if first_relations is not None:
        assert [h.relation for h in hops if h.path == 1] == first_relations
    assert explain(hops).startswith("1. ")


@pytest.mark.parametrize(
    ("a", "b", "max_hops"),
    [("李振华", "诸葛亮", 4), ("李振华", "李振华", 4), ("江苏省", "寿光市", 1)],
)
def test_connection_is_empty_when_nothing_links_them_closely(
    graph: nx.MultiDiGraph, a: str, b: str, max_hops: int
) -> None:
    assert connection(graph, a, b, max_hops=max_hops) == []


@pytest.mark.parametrize(
    ("name", "canonical", "etype", "relation", "other"),
    [
        ("李振华", "李振华", "Person", "HOLDS_POSITION", "江苏省委"),
        ("湖北", "湖北省", "Place", "SENT_TO", "医疗队"),
        ("武汉", "武汉市", "Place", "LOCATED_IN", "湖北省"),
        ("新华社", "新华通讯社", "Organization", None, None),
    ],
)
def test_actor_profiles_list_facts_in_and_out(
    graph: nx.MultiDiGraph, name: str, canonical: str, etype: str, relation: str | None,
    other: str | None,
) -> None:
    profile = actor(graph, name)[0]
    assert (profile.name, profile.type) == (canonical, etype)
    assert profile.docs
    assert all(f.relation != "MENTIONED_IN" for f in profile.facts)
    if relation:
        assert any(f.relation == relation and f.other == other for f in profile.facts)


def test_rows_become_dicts_with_stable_keys(graph: nx.MultiDiGraph) -> None:
    rows = as_dicts(statements(graph, speaker="李振华"))
    assert list(rows[0]) == ["speaker", "text", "mode", "date", "doc", "confidence",
                             "source_count", "evidence"]


# ---------------------------------------------------------------- hand-written graphs
def _entity(doc: str, name: str, etype: str, **props: Any) -> dict[str, Any]:
    return {"kind": "entity", "doc": doc, "name": name, "type": etype, "mentions": [], **props}


def _triple(doc: str, subject: tuple[str, str], predicate: str, obj: tuple[str, str],
            **attrs: Any) -> dict[str, Any]:
    return {"kind": "triple", "doc": doc, "subject": {"name": subject[0], "type": subject[1]},
            "predicate": predicate, "object": {"name": obj[0], "type": obj[1]}, "attrs": attrs,
            "evidence": {"text": "句子。", "start": 0, "end": 3}, "confidence": 0.8}


def test_fact_date_falls_back_to_the_documents_date() -> None:
    graph = build_graph([
        {"kind": "document", "doc": "a", "date": "2021-05-01"},
        {"kind": "document", "doc": "b", "date": "2021-06-01"},
        _entity("a", "钱三", "Person"), _entity("b", "钱三", "Person"),
        _triple("b", ("钱三", "Person"), "SAID", ("第二句。", "Statement"), mode="direct"),
        _triple("a", ("钱三", "Person"), "SAID", ("第一句。", "Statement"), mode="direct",
                date="2021-04-30"),
    ])
    rows = statements(graph, speaker="钱三")
    assert [(r.text, r.date) for r in rows] == [
        ("第一句。", "2021-04-30"), ("第二句。", "2021-06-01")
    ]


def test_written_destination_resolves_to_a_known_place() -> None:
    graph = build_graph([
        {"kind": "document", "doc": "a"},
        _entity("a", "河南省", "Place", adcode="410000"),
        _entity("a", "郑州市", "Place", adcode="410100"),
        _entity("a", "某某公司", "Organization"),
        _triple("a", ("某某公司", "Organization"), "DONATED", ("口罩", "Resource"),
                to="河南省郑州市某区", quantity="1万只"),
    ])
    (row,) = donations(graph, recipient="河南")
    assert (row.destination, row.destination_province, row.amount) == ("郑州市", "河南省", "1万只")


@pytest.mark.parametrize(
    ("a", "b", "first", "last"),
    [("古特雷斯", "周国强", "古特雷斯", "周国强"), ("湖北", "江苏", "湖北省", "江苏省"),
     ("江苏省委", "李振华", "江苏省委", "李振华")],
)
def test_explain_with_evidence_walks_from_a_to_b(
    graph: nx.MultiDiGraph, a: str, b: str, first: str, last: str
) -> None:
    text = explain(connection(graph, a, b), evidence=True)
    walk = text.splitlines()[0].removeprefix("1. ").split(" → ")
    assert (walk[0], walk[-1]) == (first, last)
    assert "-[" in text.splitlines()[1]


# ---------------------------------------------------------------- the Browser guide
def test_browser_guide_is_up_to_date() -> None:
    from kg.questions.guide import render_guide
    from kg.questions.registry import CYPHER_DIR

    assert (CYPHER_DIR / "guide.html").read_text(encoding="utf-8") == render_guide(), (
        "regenerate: python -m kg.questions.guide > cypher/guide.html")


def test_browser_guide_runs_every_file_as_written() -> None:
    import html
    import re

    from kg.questions.guide import render_guide
    from kg.questions.registry import QUESTIONS

    blocks = [html.unescape(b) for b in re.findall(
        r'<pre class="pre-scrollable code runnable">(.*?)</pre>', render_guide(), re.DOTALL)]
    files = [q.cypher_path.read_text(encoding="utf-8").strip() for q in QUESTIONS]
    assert blocks[1:] == files  # the first slide is the index


def test_guide_server_sends_the_guide_with_cors() -> None:
    import threading
    import urllib.request

    from kg.questions.guide import render_guide, serve

    server = serve(0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/guide.html"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.headers["Access-Control-Allow-Origin"] == "*"
            assert response.read().decode("utf-8") == render_guide()
    finally:
        server.shutdown()
        server.server_close()


def test_every_cypher_file_resolves_names_with_the_one_block() -> None:
    import re

    from kg.questions.registry import QUESTIONS, RESOLVE_BLOCK, resolve_block

    checked = 0
    for question in QUESTIONS:
        _, statement = question.cypher()
        blocks = RESOLVE_BLOCK.findall(statement)
        entity_params = {p.name for p in question.params if p.entity and p.type is str}
        found = set()
        for block in blocks:
            param = re.search(r"WHEN \$(\w+) IN names", block).group(1)
            var = re.search(r"AS (\w+)\n\}$", block).group(1)
            assert block == resolve_block(param, var), f"{question.name}: ${param} drifted"
            found.add(param)
            checked += 1
        assert found == entity_params, question.name
    assert checked >= 15
