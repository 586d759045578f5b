"""MET, VISITED and ATTENDED forms of state visits: talks with a described guest, 来华访问,
在某某陪同下, spouses who accompany, and the hosts of a visit who are not its visitors."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc

GUESTS = {"王建平": "Person", "阿里": "Person", "东海国": "Place", "中国": "Place"}

CASES = [
    # the guest is described by a clause (来华进行国事访问的…): talks and a visit to China
    ("国家主席王建平在北京同来华进行国事访问的东海国总统阿里举行会谈。", GUESTS,
     {("王建平", "MET", "阿里"), ("阿里", "VISITED", "中国")}),
    ("王建平在西安同来华出席峰会并进行国事访问的东海国总统阿里会谈。", GUESTS,
     {("王建平", "MET", "阿里"), ("阿里", "VISITED", "中国")}),
    # the host who invites or welcomes a visit did not visit
    ("应王建平邀请 东海国总统阿里将访华", GUESTS, set()),
    ("王建平举行仪式欢迎东海国总统访华", GUESTS, set()),
    # 在某某陪同下 + act: the companion attended the act
    ("阿里在王建平陪同下检阅仪仗队，并观看分列式。", GUESTS,
     {("王建平", "ATTENDED", "检阅仪仗队")}),
    # 甲夫人乙陪同参加: the spouse, with the whole verb as role
    ("王建平夫人李小梅陪同参加欢迎仪式。", {**GUESTS, "李小梅": "Person"},
     {("李小梅", "ATTENDED", "欢迎仪式")}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), CASES)
def test_events(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, mentions))
    got = {(f.subject.name, f.predicate, f.object.name) for f in facts
           if f.predicate in ("MET", "VISITED", "ATTENDED")}
    assert got == expected


def test_roles() -> None:
    text = "阿里在王建平陪同下检阅仪仗队。王建平夫人李小梅陪同参加欢迎仪式。"
    facts = extract_facts(doc(text, {**GUESTS, "李小梅": "Person"}))
    assert {f.attrs["role"] for f in facts if f.predicate == "ATTENDED"} == {"陪同", "陪同参加"}


def test_heads_of_state_announce_after_talks() -> None:
    text = ("王建平在北京同东海国总统阿里举行会谈。"
            "两国元首宣布，将两国关系提升为全面战略合作伙伴关系。")
    facts = extract_facts(doc(text, GUESTS))
    said = {f.subject.name for f in facts if f.predicate == "SAID"}
    assert said == {"王建平", "阿里"}


DONATIONS = [
    # a list of examples before 等 stands for the kind of goods named after it; both providers
    ("东海、南江已紧急调拨帐篷、折叠床、棉被等救灾物资运抵灾区。",
     {"东海": ("Place", "东海省"), "南江": ("Place", "南江省")},
     {("东海省", "救灾物资"), ("南江省", "救灾物资")}),
    # goods with their quantities stay apart
    ("东海省红十字会捐赠口罩2万个、手套500副。", {"东海省红十字会": "Organization"},
     {("东海省红十字会", "口罩"), ("东海省红十字会", "手套")}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), DONATIONS)
def test_donations(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, mentions))
    assert {(f.subject.name, f.object.name) for f in facts if f.predicate == "DONATED"} == expected


AID_NOUNS = [
    ("东海国对当前局势深表关切，正在加快推进对南岛紧急物资和现汇援助。",
     {"东海国": "Place", "南岛": "Place"},
     {("东海国", "紧急物资", "南岛"), ("东海国", "现汇", "南岛")}),
    # aid that names no goods gives nothing
    ("东海国将继续向南岛提供人道主义援助。", {"东海国": "Place", "南岛": "Place"}, set()),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), AID_NOUNS)
def test_aid_as_noun(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, mentions))
    got = {(f.subject.name, f.object.name, f.attrs.get("to")) for f in facts
           if f.predicate == "DONATED"}
    assert got == expected
