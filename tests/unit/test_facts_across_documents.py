"""Across articles: one fact per event with all its sources, reprints, posts over time.

The articles are short texts written for these tests (dates chosen so the answers are known);
they run through the real pipeline, then the graph model.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

import networkx as nx
import pytest

from kg.graph import build_graph, reprint_count
from kg.pipeline import iter_records
from kg.posts import post_holders, posts_of
from kg.store.embedded import EmbeddedStore

QUOTE = "要把生态保护放在更加突出的位置，坚决打好蓝天保卫战。"
# (id, date, text): the same statement (made at the meeting of 1 March 2015, so all three give
# that day: kg.extract.when dates a statement by the event it was made at) in three outlets,
# the last a year later; a new holder of the post in 2018.
ARTICLES = [
    (
        "xinhua-0302",
        "2015-03-02",
        f"3月1日，河北省委书记赵东明在石家庄主持召开全省生态环境保护工作会议。赵东明说：“{QUOTE}”",
    ),
    (
        "daily-0303",
        "2015-03-03",
        f"本报讯 3月1日，河北省委书记赵东明在全省会议上说：“{QUOTE[:-1]}！”与会代表认真听取。",
    ),
    (
        "radio-0710",
        "2016-07-10",
        f"2015年3月1日，河北省委书记赵东明在全省生态环境保护工作会议上说：“{QUOTE}”",
    ),
    (
        "xinhua-2018",
        "2018-05-20",
        "5月19日，河北省委书记孙立新在石家庄会见了来访的代表团。孙立新表示，河北愿同各方加强合作。",
    ),
]


def write_corpus(folder: pathlib.Path, articles: list[tuple[str, str, str]]) -> pathlib.Path:
    path = folder / "articles.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": i, "date": d, "text": t}, ensure_ascii=False) + "\n"
            for i, d, t in articles
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("articles")
    return list(iter_records([str(write_corpus(folder, ARTICLES))], workers=1))


def said_facts(graph: nx.MultiDiGraph, speaker: str) -> list[dict[str, Any]]:
    return [
        d
        for u, _, d in graph.edges(data=True)
        if d["type"] == "SAID" and graph.nodes[u]["name"] == speaker
    ]


def evidence_docs(graph: nx.MultiDiGraph, fact: str) -> list[str]:
    return sorted(
        d["doc"]
        for _, d in graph.nodes(data=True)
        if d["label"] == "Evidence" and d["fact"] == fact
    )


def test_documents_get_their_dates(records: list[dict[str, Any]]) -> None:
    dates = {r["doc"]: r["date"] for r in records if r["kind"] == "document"}
    assert dates == {i: d for i, d, _ in ARTICLES}


def test_a_statement_reported_by_three_documents_is_one_fact_with_three_sources(
    records: list[dict[str, Any]],
) -> None:
    graph = build_graph(records)
    facts = said_facts(graph, "赵东明")
    assert len(facts) == 1
    fact = facts[0]
    assert (fact["source_count"], fact["first_reported"], fact["last_reported"]) == (
        3,
        "2015-03-02",
        "2016-07-10",
    )
    assert fact["doc"] == "xinhua-0302"  # the earliest report is the representative
    assert evidence_docs(graph, fact["id"]) == ["daily-0303", "radio-0710", "xinhua-0302"]
    statements = [
        d
        for _, d in graph.nodes(data=True)
        if d["label"] == "Statement" and d["text"].startswith("要把")
    ]
    assert len(statements) == 1


def test_removing_the_sources_one_by_one_leaves_two_one_then_no_fact(
    records: list[dict[str, Any]], tmp_path: pathlib.Path
) -> None:
    store = EmbeddedStore(tmp_path)
    store.add_records(records)
    remaining = []
    for doc in ("xinhua-0302", "daily-0303", "radio-0710"):
        store.remove_document(doc)
        facts = said_facts(store.graph(), "赵东明")
        remaining.append(
            [(f["source_count"], len(evidence_docs(store.graph(), f["id"]))) for f in facts]
        )
    assert remaining == [[(2, 2)], [(1, 1)], []]


@pytest.mark.parametrize(
    ("title", "on", "holder"),
    [
        ("省委书记", "2014-12-31", None),
        ("书记", "2015-06-01", "赵东明"),
        ("省委书记", "2017-01-01", "赵东明"),
        ("省委书记", "2018-05-20", "孙立新"),
        ("省委书记", "2020-01-01", "孙立新"),
    ],
)
def test_who_held_the_post_on_a_date(
    records: list[dict[str, Any]], title: str, on: str, holder: str | None
) -> None:
    found = post_holders(build_graph(records), title, "河北省委", on=on)
    assert [s.person for s in found] == ([holder] if holder else [])


def test_posts_carry_first_and_last_seen_and_sources(records: list[dict[str, Any]]) -> None:
    graph = build_graph(records)
    spells = [
        (s.title, s.body, s.first_seen, s.last_seen, s.sources) for s in posts_of(graph, "赵东明")
    ]
    assert spells == [("省委书记", "河北省委", "2015-03-02", "2016-07-10", 3)]
    holders = [(s.person, s.first_seen) for s in post_holders(graph, "省委书记", "河北省委")]
    assert holders == [("赵东明", "2015-03-02"), ("孙立新", "2018-05-20")]


def copies_of(records: list[dict[str, Any]], doc: str, new_id: str) -> list[dict[str, Any]]:
    """The records of ``doc`` as another document (a reprint under a new id)."""
    out = []
    for rec in records:
        if rec["doc"] == doc:
            copy = json.loads(json.dumps(rec))
            copy["doc"] = new_id
            if copy["kind"] == "document":
                copy["path"] = f"mirror/{new_id}.txt"
            if copy.get("object", {}).get("type") == "Document":
                copy["object"]["name"] = new_id
            out.append(copy)
    return out


def fact_keys(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {
        (graph.nodes[u]["name"], d["type"], graph.nodes[v]["name"])
        for u, v, d in graph.edges(data=True)
        if d["type"] not in {"MENTIONED_IN", "LOCATED_IN", "FROM_DOCUMENT", "COPY_OF", "AUTHORED"}
    }


@pytest.mark.parametrize("copies", [1, 4])
def test_n_reprints_are_one_document_with_copies_and_the_same_facts(
    records: list[dict[str, Any]], copies: int
) -> None:
    original = "xinhua-2018"  # same date as its copies: the smallest id is the original
    one = [r for r in records if r["doc"] == original]
    many = one + [
        r for n in range(copies) for r in copies_of(records, original, f"{original}-copy-{n}")
    ]
    graph = build_graph(many)
    assert reprint_count(graph) == copies
    docs = {d["doc"]: d for _, d in graph.nodes(data=True) if d["label"] == "Document"}
    assert docs[original].get("copy_count") == copies
    assert {d["doc"] for d in docs.values() if d.get("copy_of") == original} == {
        f"{original}-copy-{n}" for n in range(copies)
    }
    copy_paths = [docs[f"{original}-copy-{n}"]["path"] for n in range(copies)]
    assert copy_paths == [f"mirror/{original}-copy-{n}.txt" for n in range(copies)]
    assert fact_keys(graph) == fact_keys(build_graph(one))
    assert all(d.get("source_count", 1) == 1 for _, _, d in graph.edges(data=True))


def test_retracting_the_original_keeps_the_facts_of_its_copy(
    records: list[dict[str, Any]], tmp_path: pathlib.Path
) -> None:
    store = EmbeddedStore(tmp_path)
    original = [r for r in records if r["doc"] == "xinhua-2018"]
    store.add_records(original + copies_of(records, "xinhua-2018", "xinhua-2018-copy"))
    before = fact_keys(store.graph())
    store.remove_document("xinhua-2018")
    assert fact_keys(store.graph()) == before and reprint_count(store.graph()) == 0


def largest_property(graph: nx.MultiDiGraph) -> int:
    sizes = [
        len(json.dumps(v, ensure_ascii=False))
        for _, d in graph.nodes(data=True)
        for v in d.values()
    ]
    sizes += [
        len(json.dumps(v, ensure_ascii=False))
        for _, _, d in graph.edges(data=True)
        for v in d.values()
    ]
    return max(sizes)


def test_properties_do_not_grow_with_the_corpus(records: list[dict[str, Any]]) -> None:
    """Many copies of the corpus under new ids, with distinct texts (no reprint folding)."""

    def corpus(times: int) -> list[dict[str, Any]]:
        out = []
        for n in range(times):
            for rec in records:
                copy = json.loads(json.dumps(rec))
                copy["doc"] = f"{rec['doc']}-{n}"
                copy.pop("text_sha256", None)
                copy.pop("minhash", None)
                out.append(copy)
        return out

    sizes = {times: largest_property(build_graph(corpus(times))) for times in (1, 5, 40)}
    assert sizes[1] == sizes[5] == sizes[40]


EDITED = (
    "外交部长王志刚会见法国外长\n新华社北京3月5日电 外交部长王志刚3月5日在北京会见法国外长勒布朗。"
    "王志刚表示，中方愿同法方加强抗疫合作。勒布朗说，{said}。外交部副部长刘洋陪同会见。"
)


@pytest.mark.parametrize(
    ("second", "folded", "statements"),
    [
        # A copy with one quote changed: folded, and the changed quote is still a fact.
        ("法国愿意深化两国关系", True, {"法国感谢中国提供的帮助。", "法国愿意深化两国关系。"}),
        # The same text again: folded, nothing added.
        ("法国感谢中国提供的帮助", True, {"法国感谢中国提供的帮助。"}),
    ],
)
def test_an_edited_reprint_keeps_what_it_adds(
    tmp_path: pathlib.Path, second: str, folded: bool, statements: set[str]
) -> None:
    articles = [("m1", "2020-03-05", EDITED.format(said="法国感谢中国提供的帮助")),
                ("m2", "2020-03-05", EDITED.format(said=second))]
    graph = build_graph(iter_records([str(write_corpus(tmp_path, articles))], workers=1))
    assert reprint_count(graph) == int(folded)
    assert {graph.nodes[v]["name"] for u, v, d in graph.edges(data=True)
            if d["type"] == "SAID" and graph.nodes[u]["name"] == "勒布朗"} == statements
    # What both report is one report, not two.
    assert [d["source_count"] for d in said_facts(graph, "王志刚")] == [1]


@pytest.mark.parametrize(
    ("body", "holders"),
    [
        ("河北省委", ["赵东明", "孙立新"]),
        ("河北", ["赵东明", "孙立新"]),  # as `kg ask` reads it: the province and its bodies
        ("河北省", ["赵东明", "孙立新"]),
        ("湖南", []),
    ],
)
def test_post_holders_reads_names_as_the_cli_does(
    records: list[dict[str, Any]], body: str, holders: list[str]
) -> None:
    graph = build_graph(records)
    assert [s.person for s in post_holders(graph, "省委书记", body)] == holders
