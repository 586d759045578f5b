"""Gold-to-records helper: cleaned evidence maps back to exact original offsets."""

from __future__ import annotations

import json
import pathlib

import pytest

from kg.store.goldrecords import clean_with_map, records_from_gold

ORIGINAL = "標題\n他說發(fā)展很重要。湖北省支援了武漢。"


@pytest.mark.parametrize(
    ("needle", "surface"),
    [("他说发展很重要。", "他說發(fā)展很重要。"), ("武汉", "武漢"), ("湖北省", "湖北省")],
)
def test_clean_text_maps_back_to_the_original(needle: str, surface: str) -> None:
    clean, index = clean_with_map(ORIGINAL)
    at = clean.index(needle)
    start, end = index[at], index[at + len(needle) - 1] + 1
    assert ORIGINAL[start:end] == surface


def test_records_carry_original_offsets(tmp_path: pathlib.Path) -> None:
    gold = {"doc": "d", "entities": [{"name": "武汉市", "type": "Place", "aliases": ["武汉"]}],
            "triples": [{"s": "湖北省", "p": "SENT", "o": "人员", "o_type": "Group",
                         "attrs": {"to": "武汉市"}, "evidence": "湖北省支援了武汉。"},
                        {"s": "湖北省", "p": "SAID", "o": "无", "o_type": "Statement",
                         "attrs": {}, "evidence": "不在原文里的句子"}]}
    path = tmp_path / "d.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    records = list(records_from_gold(path, ORIGINAL))
    entity = next(r for r in records if r["kind"] == "entity")
    assert [ORIGINAL[m["start"]:m["end"]] for m in entity["mentions"]] == ["武漢"]
    found, missing = (r for r in records if r["kind"] == "triple")
    evidence = found["evidence"]
    assert ORIGINAL[evidence["start"]:evidence["end"]] == evidence["text"]
    assert missing["evidence"]["start"] is None
