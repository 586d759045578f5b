"""Graph model: resolution across documents, stable ids, n-ary facts, hierarchy, provenance."""

from __future__ import annotations

import random
from typing import Any

import networkx as nx
import pytest

from kg.graph import (
    build_graph,
    counts,
    merge_report,
    normalize_adcode,
    normalize_name,
    parent_adcode,
    stable_id,
)

TEXT_A = "湖北省卫健委主任张三说，湖北将派出医疗队。"
TEXT_B = "武汉市副市长李四来到湖北省某医院考察。"


def entity(doc: str, name: str, etype: str, aliases: list[str] | None = None,
           mentions: list[tuple[int, int]] | None = None, **props: Any) -> dict[str, Any]:
    return {"kind": "entity", "doc": doc, "name": name, "type": etype, "aliases": aliases or [],
            "mentions": [{"start": s, "end": e} for s, e in mentions or []], **props}


def triple(doc: str, subj: tuple[str, str], pred: str, obj: tuple[str, str],
           attrs: dict[str, Any] | None = None, span: tuple[int, int] = (0, 10),
           text: str = "evidence") -> dict[str, Any]:
    return {"kind": "triple", "doc": doc, "subject": {"name": subj[0], "type": subj[1]},
            "predicate": pred, "object": {"name": obj[0], "type": obj[1]}, "attrs": attrs or {},
            "evidence": {"text": text, "start": span[0], "end": span[1]},
            "confidence": 0.9, "extractor": "test"}


def document(doc: str) -> dict[str, Any]:
    return {"kind": "document", "doc": doc, "title": None, "date": "2020-02-05", "path": doc,
            "chars": 10, "script": "simplified", "sha256": "x"}


def nodes_named(graph: nx.MultiDiGraph, name: str, label: str | None = None) -> list[str]:
    return [n for n, d in graph.nodes(data=True)
            if d.get("name") == name and (label is None or d["label"] == label)]


def edges_of(graph: nx.MultiDiGraph, rel_type: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [(u, v, d) for u, v, d in graph.edges(data=True) if d["type"] == rel_type]


@pytest.mark.parametrize(
    ("second_name", "second_props"),
    [
        ("湖北省", {}),  # same canonical name
        ("湖北省", {"adcode": "420000"}),  # adcode given by one record only
        ("湖北省", {"adcode": "420000000000"}),  # 12-digit adcode
        ("湖北", {}),  # name that elsewhere is only an alias of 湖北省
        ("湖北省", {"adcode": 420000}),  # numeric adcode
    ],
)
def test_places_resolve_to_one_node_across_documents(
    second_name: str, second_props: dict[str, Any]
) -> None:
    records = [
        entity("a", "湖北省", "Place", ["湖北"], [(0, 3)]),
        entity("b", second_name, "Place", [], [(10, 13)], **second_props),
    ]
    graph = build_graph(records)
    places = [n for n, d in graph.nodes(data=True) if d["label"] == "Place"]
    assert len(places) == 1
    data = graph.nodes[places[0]]
    assert (data["name"], data["adcode"], data["level"], data["doc_count"]) == (
        "湖北省", "420000", "province", 2
    )


def test_traditional_names_share_the_simplified_node() -> None:
    graph = build_graph([entity("a", "广东省", "Place"), entity("b", "廣東省", "Place")])
    assert len(nodes_named(graph, "广东省", "Place")) == 1
    assert not nodes_named(graph, "廣東省")


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (("习近平", ["习近平总书记"]), ("习近平总书记", []), ["习近平"]),
        (("张三", ["张三同志"]), ("张三同志", ["张三"]), ["张三同志"]),  # mutual: fuller wins
        (("李四", ["老李"]), ("王五", ["老李"]), ["李四", "王五"]),  # shared alias: apart
    ],
)
def test_people_merge_through_unique_aliases(
    first: tuple[str, list[str]], second: tuple[str, list[str]], expected: list[str]
) -> None:
    graph = build_graph([entity("a", first[0], "Person", first[1]),
                         entity("b", second[0], "Person", second[1])])
    people = sorted(d["name"] for _, d in graph.nodes(data=True) if d["label"] == "Person")
    assert people == expected


@pytest.mark.parametrize(
    ("written", "normalized"),
    [("廣東省", "广东省"), ("習近平", "习近平"), ("乾安县", "乾安县"), ("於潜镇", "於潜镇"),
     (" 湖北\u3000省 ", "湖北 省"), ("朱镕基", "朱镕基")],
)
def test_normalize_name_simplifies_only_traditional_characters(written: str,
                                                                normalized: str) -> None:
    assert normalize_name(written) == normalized


def test_ambiguous_short_alias_is_not_merged() -> None:
    records = [
        entity("a", "湖北省委", "Organization", ["省委"]),
        entity("b", "河南省委", "Organization", ["省委"]),
        entity("c", "省委", "Organization"),
    ]
    graph = build_graph(records)
    assert sorted(d["name"] for _, d in graph.nodes(data=True) if d["label"] == "Organization") \
        == ["河南省委", "湖北省委", "省委"]


@pytest.mark.parametrize(
    ("adcode", "parent"),
    [("420102", "420100"), ("420100", "420000"), ("420000", None), ("110101", "110000"),
     ("420100000000", "420000")],
)
def test_parent_adcode(adcode: str, parent: str | None) -> None:
    assert parent_adcode(normalize_adcode(adcode) or "") == parent


@pytest.mark.parametrize("value", ["", "abc", "4201", None])
def test_bad_adcodes_are_ignored(value: object) -> None:
    assert normalize_adcode(value) is None


def test_located_in_reaches_the_province() -> None:
    graph = build_graph([entity("a", "江岸区", "Place", adcode="420102")])
    chain: list[str] = []
    node = nodes_named(graph, "江岸区")[0]
    while True:
        parents = [v for _, v, t in graph.out_edges(node, data="type") if t == "LOCATED_IN"]
        if not parents:
            break
        node = parents[0]
        chain.append(graph.nodes[node]["name"])
    assert chain == ["武汉市", "湖北省"]
    assert graph.nodes[node]["doc_count"] == 1  # supported through its county


def test_located_in_from_parent_field_without_adcode() -> None:
    graph = build_graph([entity("a", "某某村", "Place", parent="某某镇")])
    located = edges_of(graph, "LOCATED_IN")
    assert [(graph.nodes[u]["name"], graph.nodes[v]["name"]) for u, v, _ in located] == [
        ("某某村", "某某镇")
    ]


def test_sent_is_reified_so_the_destination_is_one_pattern_away() -> None:
    records = [
        entity("a", "海南省", "Place"), entity("a", "湖北省", "Place", ["湖北"]),
        triple("a", ("海南省", "Place"), "SENT", ("医疗队", "Group"),
               {"to": "湖北", "count": "30人", "date": "2020-02-04"}),
    ]
    graph = build_graph(records)
    hubei = nodes_named(graph, "湖北省")[0]
    senders = [graph.nodes[src]["name"]
               for src, group, t in graph.edges(data="type") if t == "SENT"
               for _, dest, t2 in graph.out_edges(group, data="type")
               if t2 == "SENT_TO" and dest == hubei]
    assert senders == ["海南省"]
    sent = edges_of(graph, "SENT")[0][2]
    assert (sent["to"], sent["count"], sent["date"]) == ("湖北", "30人", "2020-02-04")


def test_groups_are_per_fact_not_global() -> None:
    records = [
        triple("a", ("海南省", "Place"), "SENT", ("医疗队", "Group"), {"to": "湖北省"}),
        triple("a", ("福建省", "Place"), "SENT", ("医疗队", "Group"), {"to": "湖北省"}),
        triple("b", ("海南省", "Place"), "SENT", ("医疗队", "Group"), {"to": "湖北省"}),
    ]
    graph = build_graph(records)
    # The same sending reported by two documents is one Group and one SENT fact, two sources.
    assert len(nodes_named(graph, "医疗队", "Group")) == 2
    assert sorted(d["source_count"] for _, _, d in edges_of(graph, "SENT")) == [1, 2]
    assert len(edges_of(graph, "SENT_TO")) == 2


def test_unresolvable_destination_stays_an_attribute() -> None:
    graph = build_graph([triple("a", ("河南省", "Place"), "SENT", ("党员干部", "Group"),
                                {"to": "社区"})])
    assert edges_of(graph, "SENT_TO") == []
    assert not nodes_named(graph, "社区")


@pytest.mark.parametrize(
    ("date_a", "date_b", "events"),
    [("2020-01-25", "2020-01-25", 1), (None, None, 2), ("2020-01-25", "2020-02-03", 2)],
)
def test_events_are_keyed_by_name_and_date(date_a: str | None, date_b: str | None,
                                          events: int) -> None:
    records = [
        triple(doc, ("习近平", "Person"), "CHAIRED", ("会议", "Event"),
               {"date": date} if date else {})
        for doc, date in (("a", date_a), ("b", date_b))
    ]
    assert counts(build_graph(records))["labels"]["Event"] == events


def test_fact_relationship_keeps_provenance() -> None:
    start = TEXT_A.index("张三")
    said_triple = triple("a", ("张三", "Person"), "SAID", ("湖北将派出医疗队。", "Statement"),
                         {"mode": "indirect"}, (start, len(TEXT_A)), TEXT_A[start:])
    records = [document("a"), said_triple]
    said = edges_of(build_graph(records), "SAID")[0][2]
    assert TEXT_A[said["start"]:said["end"]] == said["evidence"]
    assert {k: said[k] for k in ("doc", "confidence", "extractor", "mode")} == {
        "doc": "a", "confidence": 0.9, "extractor": "test", "mode": "indirect"
    }


def test_references_are_where_the_document_speaks_of_the_entity_too() -> None:
    record = entity("a", "中国", "Place", ["我国"], [(10, 12)])
    record["references"] = [{"start": 0, "end": 2}]  # 我国 at the start
    graph = build_graph([record])
    assert [d["starts"] for _, _, d in edges_of(graph, "MENTIONED_IN")] == [[0, 10]]


def test_mentions_merge_into_one_mentioned_in_per_document() -> None:
    records = [
        entity("a", "湖北省", "Place", ["湖北"], [(0, 3), (12, 14)]),
        entity("a", "湖北", "Place", [], [(12, 14), (20, 22)]),
        entity("b", "湖北省", "Place", [], [(5, 8)]),
    ]
    graph = build_graph(records)
    mentioned = sorted((d["doc"], d["starts"]) for _, _, d in edges_of(graph, "MENTIONED_IN"))
    assert mentioned == [("a", [0, 12, 20]), ("b", [5])]
    place = next(r for r in merge_report(graph) if r["label"] == "Place")
    assert (place["entity_records"], place["mentions"], place["nodes"]) == (3, 5, 1)


def test_ids_are_stable_and_order_independent() -> None:
    records = [
        document("a"), document("b"),
        entity("a", "武汉市", "Place", ["武汉"], [(0, 2)]),
        entity("b", "李四", "Person", [], [(TEXT_B.index("李四"), TEXT_B.index("李四") + 2)]),
        triple("b", ("李四", "Person"), "VISITED", ("湖北省", "Place")),
        triple("a", ("武汉市", "Place"), "DONATED", ("口罩", "Resource"), {"to": "湖北省"}),
        triple("b", ("李四", "Person"), "AUTHORED", ("b", "Document")),
    ]
    shuffled = records[:]
    random.Random(7).shuffle(shuffled)
    first, second = build_graph(records), build_graph(shuffled)
    assert dict(first.nodes(data=True)) == dict(second.nodes(data=True))
    assert sorted(first.edges(keys=True)) == sorted(second.edges(keys=True))
    assert all(data["id"] == node for node, data in first.nodes(data=True))
    assert nodes_named(first, "湖北省")[0] == stable_id("Place", "adcode", "420000")


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (triple("a", ("甲", "Person"), "said", ("话", "Statement")), "predicate:said"),
        (triple("a", ("甲", "Person"), "SAID", ("话", "Thing")), "object:Thing"),
        (triple("a", ("话", "Statement"), "SAID", ("话", "Statement")), "subject:Statement"),
        (entity("a", "某物", "Gadget"), "entity:Gadget"),
    ],
)
def test_unusable_records_are_skipped_and_reported(record: dict[str, Any], reason: str) -> None:
    from kg.graph import GraphBuilder

    builder = GraphBuilder()
    graph = builder.build([record])
    assert graph.number_of_edges() == 0
    assert builder.report.skipped == {reason: 1}


@pytest.mark.parametrize(
    ("record", "compacted"),
    [
        (entity("d1", "湖北省", "Place", ["湖北"], [(0, 3), (9, 11)], adcode="420000",
                salience=0.5),
         {"kind": "entity", "doc": "d1", "type": "Place", "name": "湖北省", "aliases": ("湖北",),
          "_spans": ((0, 3), (9, 11)), "adcode": "420000"}),
        (entity("d1", "张三", "Person"),
         {"kind": "entity", "doc": "d1", "type": "Person", "name": "张三", "aliases": (),
          "_spans": ()}),
        # unreadable: kept as it is, so the builder reports it where it always did
        ({"kind": "entity", "doc": "d1", "name": "张三"}, None),
        ({"kind": "entity", "doc": "d1", "name": "张三", "type": "Person",
          "mentions": [{"start": "x", "end": 2}]}, None),
        ({**document("d1"), "minhash": [1, "2"]}, None),
        ({**document("d1"), "minhash": [-1, 2]}, None),
    ],
)
def test_compact_record_keeps_what_the_graph_reads(
    record: dict[str, Any], compacted: dict[str, Any] | None
) -> None:
    from kg.compact_records import compact_record

    assert compact_record(record) == (record if compacted is None else compacted)


def test_compacted_records_build_the_same_graph(monkeypatch: pytest.MonkeyPatch) -> None:
    from array import array

    from kg.compact_records import compact_record

    records = [
        {**document("d1"), "minhash": list(range(64))},
        {**document("d2"), "minhash": list(range(100, 164))},
        entity("d1", "湖北省", "Place", ["湖北"], [(0, 3)], adcode="420000"),
        entity("d2", "湖北", "Place", [], [(4, 6), (0, 2)]),
        entity("d2", "张三", "Person", [], [(7, 9)]),
        triple("d2", ("张三", "Person"), "VISITED", ("湖北", "Place"), text=TEXT_B),
    ]
    assert isinstance(compact_record(records[0])["minhash"], array)

    def snapshot(graph: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
        return (sorted(graph.nodes(data=True)), sorted(graph.edges(keys=True, data=True)))

    compacted = snapshot(build_graph(records))  # build_graph compacts as it reads
    assert snapshot(build_graph([compact_record(r) for r in records])) == compacted
    monkeypatch.setattr("kg.graph.COMPACTED_KINDS", frozenset())  # the raw records, as before
    raw = snapshot(build_graph(records))
    assert raw == compacted
    assert any(d.get("starts") == [0, 4] for _, _, _, d in raw[1])  # d2's two mentions
