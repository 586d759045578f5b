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


BARE_ATTENDANCE = [
    # 某某出席。: the event the paragraph named before
    ("东海省今天在江城召开全省科技创新大会。副省长王建平出席。", {"王建平": "Person"},
     {("王建平", "全省科技创新大会")}),
    ("纪念大会在北京举行。李一山、赵二水出席。", {"李一山": "Person", "赵二水": "Person"},
     {("李一山", "纪念大会"), ("赵二水", "纪念大会")}),
    # a line of its own after the story's event
    ("东海省召开全省科技创新大会。\n王建平出席。", {"王建平": "Person"},
     {("王建平", "全省科技创新大会")}),
    # an event inside reported words is not the story's
    ("王建平主持召开座谈会。王建平说，去年召开了全省科技大会。\n李一山参加。",
     {"王建平": "Person", "李一山": "Person"},
     {("李一山", "座谈会")}),
    # an event named only in the headline is not the story's
    ("王建平出席科技大会\n会上，代表们踊跃发言。\n王建平出席。", {"王建平": "Person"},
     {("王建平", "科技大会")}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), BARE_ATTENDANCE)
def test_bare_attendance(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, mentions))
    assert {(f.subject.name, f.object.name) for f in facts if f.predicate == "ATTENDED"} == expected


def test_meeting_named_as_its_body_is_written() -> None:
    text = ("东海省人大常委会党组召开会议，传达学习会议精神。"
            "东海省人大常委会党组书记王建平主持会议并讲话。")
    mentions = {"东海省人大常委会党组": ("Organization", "东海省人民代表大会常务委员会党组"),
                "王建平": "Person"}
    facts = extract_facts(doc(text, mentions))
    chaired = {(f.subject.name, f.object.name) for f in facts if f.predicate == "CHAIRED"}
    assert chaired == {("王建平", "东海省人大常委会党组会议")}


def test_the_visitor_accompanied() -> None:
    text = "陪同阿里访华的有总统夫人、副总统、外交部部长等。"
    facts = extract_facts(doc(text, GUESTS))
    assert {(f.subject.name, f.object.name) for f in facts if f.predicate == "VISITED"} == {
        ("阿里", "中国")}


def test_bare_attendance_skips_events_in_the_speakers_words() -> None:
    text = ("王建平主持召开座谈会，听取意见建议。\n"
            "王建平说，去年各地果断应对。召开了全省稳经济大会，稳住了经济大盘。\n"
            "李一山、赵二水参加。")
    facts = extract_facts(doc(text, {"王建平": "Person", "李一山": "Person", "赵二水": "Person"}))
    assert {(f.subject.name, f.object.name) for f in facts if f.predicate == "ATTENDED"} == {
        ("李一山", "座谈会"), ("赵二水", "座谈会")}
