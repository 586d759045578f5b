"""Embedded store: one file per document, idempotent adds, exact retraction, graph cache."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest

from kg.graph import build_graph, counts
from kg.store import StoreError
from kg.store.embedded import EmbeddedStore
from kg.store.goldrecords import gold_records


def entity(doc: str, name: str, etype: str = "Place") -> dict[str, Any]:
    return {"kind": "entity", "doc": doc, "name": name, "type": etype, "aliases": [],
            "mentions": [{"start": 0, "end": len(name)}]}


def said(doc: str, who: str, text: str) -> dict[str, Any]:
    return {"kind": "triple", "doc": doc, "subject": {"name": who, "type": "Person"},
            "predicate": "SAID", "object": {"name": text, "type": "Statement"},
            "attrs": {"mode": "direct"}, "evidence": {"text": text, "start": 0, "end": len(text)},
            "confidence": 1.0, "extractor": "test"}


DOC_A = [entity("a", "湖北省"), entity("a", "王五", "Person"), said("a", "王五", "一定能打赢。")]
DOC_B = [entity("b", "湖北省"), entity("b", "王五", "Person"), said("b", "王五", "一定能打赢。"),
         said("b", "王五", "大家辛苦了。")]


def fact_ids(graph: Any) -> set[str]:
    return {key for _, _, key, t in graph.edges(keys=True, data="type") if t == "SAID"}


def test_adding_the_same_document_twice_changes_nothing(tmp_path: pathlib.Path) -> None:
    store = EmbeddedStore(tmp_path)
    store.add_records(DOC_A + DOC_B)
    before = counts(store.graph())
    store.add_records(DOC_A)
    assert counts(store.graph()) == before
    assert store.documents() == ["a", "b"]


def test_re_adding_a_document_replaces_its_facts(tmp_path: pathlib.Path) -> None:
    store = EmbeddedStore(tmp_path)
    store.add_records(DOC_A)
    store.add_records([entity("a", "王五", "Person"), said("a", "王五", "另一句话。")])
    statements = sorted(d["name"] for _, d in store.graph().nodes(data=True)
                        if d["label"] == "Statement")
    assert statements == ["另一句话。"]


def test_remove_keeps_shared_entities_and_drops_facts_only_that_document_had(
    tmp_path: pathlib.Path,
) -> None:
    store = EmbeddedStore(tmp_path)
    store.add_records(DOC_A + DOC_B)
    assert store.remove_document("b") is True
    graph = store.graph()
    assert fact_ids(graph) == fact_ids(build_graph(DOC_A))
    names = {d["name"]: d.get("doc_count") for _, d in graph.nodes(data=True)}
    assert names["湖北省"] == 1 and names["王五"] == 1
    assert "大家辛苦了。" not in names
    assert store.remove_document("b") is False


def test_graph_cache_is_used_and_invalidated(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    EmbeddedStore(tmp_path).add_records(DOC_A)
    first = EmbeddedStore(tmp_path).graph()
    assert (tmp_path / "graph.json").exists()
    with monkeypatch.context() as patch:
        patch.setattr("kg.store.embedded.build_graph", lambda _: pytest.fail("cache not used"))
        cached = EmbeddedStore(tmp_path).graph()
    assert dict(cached.nodes(data=True)) == dict(first.nodes(data=True))
    edges = sorted(first.edges(keys=True, data=True), key=lambda e: e[2])
    assert sorted(cached.edges(keys=True, data=True), key=lambda e: e[2]) == edges
    store = EmbeddedStore(tmp_path)
    store.add_records(DOC_B)
    assert not (tmp_path / "graph.json").exists()
    assert len(fact_ids(store.graph())) == 2  # b repeats a's statement: one fact, two sources


@pytest.mark.parametrize("doc", ["with/slash", "空格 and 中文", "..", "a%2Fb"])
def test_any_document_id_round_trips(tmp_path: pathlib.Path, doc: str) -> None:
    store = EmbeddedStore(tmp_path)
    store.add_records([entity(doc, "湖北省")])
    assert store.documents() == [doc]
    assert [r["doc"] for r in store.iter_records()] == [doc]
    assert store.remove_document(doc) and store.documents() == []


@pytest.mark.parametrize("record", [{"doc": "a"}, {"kind": "entity"}])
def test_records_without_kind_or_doc_are_refused(tmp_path: pathlib.Path,
                                                 record: dict[str, Any]) -> None:
    with pytest.raises(StoreError, match="not a KG record"):
        EmbeddedStore(tmp_path).add_records([record])


def test_removing_a_dev_document_leaves_exactly_the_other_two(
    tmp_path: pathlib.Path, shared: pathlib.Path
) -> None:
    records = gold_records(shared)
    docs = sorted({r["doc"] for r in records})
    store = EmbeddedStore(tmp_path)
    store.add_records(records)
    store.remove_document(docs[0])
    expected = build_graph(r for r in records if r["doc"] != docs[0])
    graph = store.graph()
    assert counts(graph) == counts(expected)
    assert set(graph.edges(keys=True)) == set(expected.edges(keys=True))
    assert all(d.get("doc") != docs[0] for _, d in graph.nodes(data=True)
               if d["label"] != "Document")
