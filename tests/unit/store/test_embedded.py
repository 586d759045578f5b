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


def test_graph_is_kept_while_the_store_is_unchanged_and_rebuilt_after_a_write(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = EmbeddedStore(tmp_path)
    store.add_records(DOC_A)
    first = store.graph()
    with monkeypatch.context() as patch:
        patch.setattr("kg.store.embedded.build_graph", lambda _: pytest.fail("graph not kept"))
        assert store.graph() is first
    EmbeddedStore(tmp_path).add_records(DOC_B)  # another instance writes
    assert len(fact_ids(store.graph())) == 2  # b repeats a's statement: one fact, two sources


@pytest.mark.parametrize(
    "doc", ["with/slash", "空格 and 中文", "..", "a%2Fb", "../../x", "/etc/passwd", "国" * 300,
            "[/] [bold]x\\"],
)
def test_any_document_id_round_trips_and_stays_inside_the_store(
    tmp_path: pathlib.Path, doc: str
) -> None:
    root = tmp_path / "store"
    store = EmbeddedStore(root)
    store.add_records([entity(doc, "湖北省")])
    assert store.documents() == [doc]
    assert [r["doc"] for r in store.iter_records()] == [doc]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
    assert {p.name for p in root.iterdir()} <= {"kg.sqlite", ".lock", "kg.sqlite-wal",
                                                "kg.sqlite-shm"}
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


def test_a_document_split_across_the_input_keeps_all_its_records(tmp_path: pathlib.Path) -> None:
    store = EmbeddedStore(tmp_path)
    with store.writer(batch=1) as session:  # batch=1: "a" is committed before it comes back
        session.add([DOC_A[0], *DOC_B, *DOC_A[1:]])
    assert list(store.iter_records(["a"])) == DOC_A
    store.add_records(DOC_A[:1])  # a later session replaces the document whole
    assert list(store.iter_records(["a"])) == DOC_A[:1]


def test_lookup_by_raw_and_normalized_text_hash(tmp_path: pathlib.Path) -> None:
    store = EmbeddedStore(tmp_path)
    store.add_records([
        {"kind": "document", "doc": "a", "sha256": "s1", "text_sha256": "t1"},
        {"kind": "document", "doc": "b", "sha256": "s2", "text_sha256": "t1"},
    ])
    assert store.find_by_sha256("s1") == ["a"] and store.find_by_sha256("zz") == []
    assert store.find_by_text_hash("t1") == ["a", "b"]
    store.replace_document("b", [{"kind": "document", "doc": "b", "sha256": "s3"}])
    assert store.find_by_text_hash("t1") == ["a"] and store.find_by_sha256("s3") == ["b"]


def test_a_second_writer_waits_then_fails_with_a_clear_message(tmp_path: pathlib.Path) -> None:
    store = EmbeddedStore(tmp_path)
    with store.writer() as session:
        session.add(DOC_A)
        with pytest.raises(StoreError, match="being written by another kg build/remove"), \
                EmbeddedStore(tmp_path).writer(lock_timeout=0.2):
            pass
    assert EmbeddedStore(tmp_path).documents() == ["a"]


def test_a_store_path_that_is_a_file_is_a_clear_error(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    for action in (lambda s: s.add_records(DOC_A), lambda s: s.documents()):
        with pytest.raises(StoreError, match="is a file, not a folder"):
            action(EmbeddedStore(path))


def test_an_old_one_file_per_document_store_is_converted_by_the_first_write(
    tmp_path: pathlib.Path,
) -> None:
    from kg.records import dumps

    records = tmp_path / "records"
    records.mkdir()
    (records / "a.jsonl").write_text("".join(dumps(r) + "\n" for r in DOC_A), encoding="utf-8")
    (records / ".tmp-x.jsonl").write_text('{"kind": "entity", "doc": "half', encoding="utf-8")
    with pytest.raises(StoreError, match="old one-file-per-document layout"):
        EmbeddedStore(tmp_path).documents()
    EmbeddedStore(tmp_path).add_records(DOC_B)
    assert EmbeddedStore(tmp_path).documents() == ["a", "b"]  # the hidden tmp file is no document
    assert list(EmbeddedStore(tmp_path).iter_records(["a"])) == DOC_A


def test_store_files_respect_the_umask(tmp_path: pathlib.Path) -> None:
    import os
    import stat

    old = os.umask(0o027)
    try:
        EmbeddedStore(tmp_path / "kg").add_records(DOC_A)
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "kg").iterdir()}
    assert modes["kg.sqlite"] == 0o640 and modes[".lock"] == 0o640


def test_apply_replaces_and_removes_in_one_transaction(tmp_path: pathlib.Path) -> None:
    store = EmbeddedStore(tmp_path)
    store.add_records(DOC_A + DOC_B)
    bad = {"b": DOC_B[:1], "c": [entity("a", "湖北省")]}  # "c" holds a record of "a": refused
    with store.writer() as session, pytest.raises(StoreError, match="given as document 'c'"):
        session.apply(replace=bad, remove=["a"])
    assert store.documents() == ["a", "b"] and len(list(store.iter_records(["b"]))) == 4
    with store.writer() as session:
        assert session.apply(replace={"b": DOC_B[:1]}, remove=["a", "zz"]) == ["a"]
    assert store.documents() == ["b"] and list(store.iter_records()) == DOC_B[:1]
