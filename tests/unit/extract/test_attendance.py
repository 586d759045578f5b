"""ATTENDED from lists of those present: 某某出席。 after the event, 出席…的…还有：甲、乙."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc, triples

P = "Person"

CASES = [
    # the event chaired earlier in the same sentence
    ("赵立新主持茶话会，钱文和孙悦出席。", {"赵立新": P, "钱文": P, "孙悦": P},
     {("钱文", "茶话会"), ("孙悦", "茶话会")}),
    # the event held earlier in the sentence (with a time and a place between)
    ("建院七十周年纪念大会5日在青州举行，省委书记钱文出席。", {"钱文": P, "青州": "Place"},
     {("钱文", "建院七十周年纪念大会")}),
    # a list of titled names in clauses of their own, after the chair of the story's event
    ("南江市举行防汛工作会议。\n市长赵立新主持，副市长钱文，市政府秘书长孙悦出席。",
     {"赵立新": P, "钱文": P, "孙悦": P, "南江市": "Place"},
     {("钱文", "防汛工作会议"), ("孙悦", "防汛工作会议")}),
    # a line of its own after a story about a meeting with a guest: the meeting
    ("省长赵立新在南江会见东山国大使马丁。\n赵立新表示，双方合作前景广阔，潜力巨大。\n钱文出席。",
     {"赵立新": P, "马丁": P, "钱文": P, "南江": "Place", "东山国": "Place"},
     {("钱文", "会见")}),
    # 出席…的…还有: each name listed
    ("出席座谈会的民主人士还有钱文、孙悦和李安等。", {"钱文": P, "孙悦": P, "李安": P},
     {("钱文", "座谈会"), ("孙悦", "座谈会"), ("李安", "座谈会")}),
    ("参加活动的领导同志还有：钱文、孙悦。", {"钱文": P, "孙悦": P},
     {("钱文", "活动"), ("孙悦", "活动")}),
]

ROLES = [
    # adverbs inside the compound verb stay out of the role and the event
    ("钱文、孙悦陪同分别参加上述活动。", {"钱文": P, "孙悦": P},
     {("钱文", "上述活动", "陪同参加"), ("孙悦", "上述活动", "陪同参加")}),
    ("钱文陪同出席欢迎仪式。", {"钱文": P}, {("钱文", "欢迎仪式", "陪同出席")}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), ROLES)
def test_roles(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, mentions))
    assert {(f.subject.name, f.object.name, f.attrs["role"]) for f in facts
            if f.predicate == "ATTENDED"} == expected


NEGATIVE = [
    # unnamed guests
    ("大使馆举行国庆招待会，各国使节等近百人出席。", {}),
    # the names before 出席 are the subject of another verb of their own clause
    ("赵立新在南江调研，钱文在会上讲话并出席。", {"赵立新": P, "钱文": P, "南江": "Place"}),
    # the sentence before the names is about something other than an event
    ("天气晴朗，钱文出席。", {"钱文": P}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), CASES)
def test_attended(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, mentions))
    assert {(s, o) for s, _, o in triples(facts, "ATTENDED")} == expected


@pytest.mark.parametrize(("text", "mentions"), NEGATIVE)
def test_no_attended(text: str, mentions: dict) -> None:
    assert triples(extract_facts(doc(text, mentions)), "ATTENDED") == set()
