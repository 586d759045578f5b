"""VISITED and ATTENDED: announced acts give nothing (将赴 / 将于…出席); lists of sites before the
verb end in unnamed items and 等地."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc, triples

P = "Person"

CASES = [
    # the named places of a list ending in unnamed items and 等地
    ("林涛还到东林县、西林县和农垦第四师等地调研，看望基层干部。",
     {"林涛": P, "东林县": "Place", "西林县": "Place"},
     {("林涛", "VISITED", "东林县"), ("林涛", "VISITED", "西林县")}),
    ("林涛到东林县等地调研。", {"林涛": P, "东林县": "Place"}, {("林涛", "VISITED", "东林县")}),
    # a visit made, with a plan in a later clause
    ("林涛来到东林县考察，将参观新建的学校。", {"林涛": P, "东林县": "Place"},
     {("林涛", "VISITED", "东林县")}),
    # a site the recognizer missed, named by its kind (林场, 实验室, 村)
    ("2021年8月，林涛来到青峰山国营林场考察。", {"林涛": P},
     {("林涛", "VISITED", "青峰山国营林场")}),
    ("林涛随后来到东江种子实验室，察看育种进展。", {"林涛": P},
     {("林涛", "VISITED", "东江种子实验室")}),
    # unnamed sites: nothing
    ("林涛来到一家食品公司考察。", {"林涛": P}, set()),
    ("林涛来到当地农场考察。", {"林涛": P}, set()),
    ("林涛走访多个实验室，了解科研进展。", {"林涛": P}, set()),
    ("林涛来到村民家中了解情况。", {"林涛": P}, set()),
    # 到 + place + an event or task there
    ("5日，林涛到东山国参加论坛。", {"林涛": P, "东山国": "Place"},
     {("林涛", "VISITED", "东山国"), ("林涛", "ATTENDED", "论坛")}),
    ("林涛到东林县、西林县指导防汛工作。", {"林涛": P, "东林县": "Place", "西林县": "Place"},
     {("林涛", "VISITED", "东林县"), ("林涛", "VISITED", "西林县")}),
    # going home is no visit
    ("林涛回到南江主持会议。", {"林涛": P, "南江": "Place"}, set()),
    # an invitation to visit China is no visit
    ("钱文转达林涛主席对马丁总统的热烈祝贺和访华邀请。", {"钱文": P, "林涛": P, "马丁": P},
     set()),
    # plans: no visit, no attendance
    ("林涛将赴东山国出席论坛。", {"林涛": P, "东山国": "Place"}, set()),
    ("应邀请，林涛将于5月3日至6日赴东山国访问。", {"林涛": P, "东山国": "Place"}, set()),
    ("林涛即将前往东山国。", {"林涛": P, "东山国": "Place"}, set()),
    ("林涛将出席开幕式。", {"林涛": P}, set()),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), CASES)
def test_visits_and_plans(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, mentions))
    assert triples(facts, "VISITED") | triples(facts, "ATTENDED") == expected
