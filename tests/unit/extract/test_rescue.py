"""SENT: people organized for a rescue (组织力量开展抢险救援) are sent, with no destination."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc, triples

CASES = [
    ("南江、北川已组织力量开展抢险救援。", {"南江": "Place", "北川": "Place"},
     {("南江", "SENT", "力量"), ("北川", "SENT", "力量")}),
    ("南江市组织救援队伍全力搜救被困群众。", {"南江市": "Place"}, {("南江市", "SENT", "救援队伍")}),
    # organized for other work: no dispatch
    ("南江市组织力量做好防疫工作。", {"南江市": "Place"}, set()),
    ("南江市组织医护人员开展业务培训。", {"南江市": "Place"}, set()),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), CASES)
def test_rescue_sent(text: str, mentions: dict, expected: set) -> None:
    assert triples(extract_facts(doc(text, mentions)), "SENT") == expected


AID = [
    # the recipient named a second time, where the recognizer tagged only the first mention
    ("东山国对北川局势深表关切，正在推进对北川紧急物资和现汇援助。",
     {"东山国": "Place", "北川局势": ("Place", "北川")},
     {("东山国", "紧急物资", "北川"), ("东山国", "现汇", "北川")}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), AID)
def test_aid_nouns(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, mentions))
    assert {(f.subject.name, f.object.name, f.attrs.get("to")) for f in facts
            if f.predicate == "DONATED"} == expected
