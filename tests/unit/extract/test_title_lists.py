"""HOLDS_POSITION from titles shared by lists and phrases: 甲、乙等8位副主席, 领导小组成员甲、乙,
以某某为团长的某代表团 (and the visits of that delegation)."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc

P, ORG = "Person", "Organization"


def _positions(text: str, mentions: dict) -> set[tuple[str, str, str]]:
    facts = extract_facts(doc(text, mentions))
    return {(f.subject.name, f.object.name, f.attrs["title"]) for f in facts
            if f.predicate == "HOLDS_POSITION"}


CASES = [
    # a title after a list with 等N位: the body of the same post written for someone else
    ("南江市政协主席赵立新主持会议。钱文、孙悦等3位副主席出席会议。",
     {"赵立新": P, "钱文": P, "孙悦": P, "南江市政协": ORG},
     {("赵立新", "南江市政协", "主席"), ("钱文", "南江市政协", "副主席"),
      ("孙悦", "南江市政协", "副主席")}),
    # the body written with the title after the list
    ("钱文、孙悦等南江市政协副主席出席。", {"钱文": P, "孙悦": P, "南江市政协": ORG},
     {("钱文", "南江市政协", "副主席"), ("孙悦", "南江市政协", "副主席")}),
    # 领导小组成员: the leading group named before, one fact per name of the list
    ("南江市防汛工作领导小组召开会议。领导小组成员钱文、孙悦出席会议。",
     {"钱文": P, "孙悦": P, "南江市防汛工作领导小组": ORG},
     {("钱文", "南江市防汛工作领导小组", "成员"), ("孙悦", "南江市防汛工作领导小组", "成员")}),
    ("领导小组组长赵立新主持会议。", {"赵立新": P}, set()),  # no leading group named
    # 以X为Y的Z: the head of a named delegation, with the titles written before the name
    ("以南江省省长赵立新为团长的南江省代表团抵达东山。",
     {"赵立新": P, "南江省": "Place", "东山": "Place"},
     {("赵立新", "南江省", "省长"), ("赵立新", "南江省代表团", "团长")}),
    ("以赵立新为团长的东山代表团访问了南江。",
     {"赵立新": P, "东山代表团": ORG, "南江": "Place"}, {("赵立新", "东山代表团", "团长")}),
    # no title: 以某某为首 / 以某某为核心
    ("以赵立新为首的东山代表团访问了南江。", {"赵立新": P, "东山代表团": ORG, "南江": "Place"},
     set()),
    # a bare team names no body
    ("大会选举产生了以赵立新为主席的主席团。", {"赵立新": P}, set()),
    # 等5位同志: no title after the list
    ("钱文、孙悦等5位同志交流了体会。", {"钱文": P, "孙悦": P}, set()),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), CASES)
def test_positions(text: str, mentions: dict, expected: set) -> None:
    assert _positions(text, mentions) == expected


VISITS = [
    ("以南江省省长赵立新为团长的南江省代表团4日抵达东山。",
     {"赵立新": P, "南江省": "Place", "东山": "Place"}, {("赵立新", "东山")}),
    ("以赵立新为团长的东山代表团一行先后访问了南江和北川。",
     {"赵立新": P, "东山代表团": ORG, "南江": "Place", "北川": "Place"},
     {("赵立新", "南江"), ("赵立新", "北川")}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), VISITS)
def test_delegation_visits(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, mentions))
    assert {(f.subject.name, f.object.name) for f in facts if f.predicate == "VISITED"} == expected
