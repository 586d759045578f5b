"""CHAIRED, ATTENDED and MET."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc, triples

CASES = [
    # 的 breaks a list of hosts: the secretary met the guest, not her boss
    ("王强的秘书李娜会见了来访的罗德里格斯。",
     {"王强": "Person", "李娜": "Person", "罗德里格斯": "Person"},
     {("李娜", "MET", "罗德里格斯")}),
    ("张明主持召开市政府常务会议，研究部署防汛工作。", {"张明": "Person"},
     {("张明", "CHAIRED", "市政府常务会议")}),
    # 会议 refers back to the meeting the article named
    ("省政府召开全省安全生产工作会议。会议由副省长刘志远主持。", {"刘志远": "Person"},
     {("刘志远", "CHAIRED", "全省安全生产工作会议")}),
    # a bare 会议 in the headline is the meeting the body names: no nameless copy of it
    ("张明主持会议并讲话\n市政府常务会议3日召开。张明主持会议。", {"张明": "Person"},
     {("张明", "CHAIRED", "市政府常务会议")}),
    ("张明主持会议并讲话", {"张明": "Person"}, set()),
    # in the body, a meeting that is never named stays 会议
    ("市里发布通知。张明主持召开会议，部署防汛。", {"张明": "Person"},
     {("张明", "CHAIRED", "会议")}),
    # one triple per subject sharing the verb; the verb is the role
    ("王刚、李强和市直部门负责人陪同调研。", {"王刚": "Person", "李强": "Person"},
     {("王刚", "ATTENDED", "调研"), ("李强", "ATTENDED", "调研")}),
    # the person described by the clause (…出席…论坛的某某)
    ("正在北京出席全球气候论坛的法国总统马克西姆接受了采访。",
     {"北京": "Place", "法国": "Place", "马克西姆": "Person"},
     {("马克西姆", "ATTENDED", "全球气候论坛"), ("马克西姆", "HOLDS_POSITION", "法国")}),
    # the event after the last 的
    ("午宴前，王磊出席了两市友好城市协议的签字仪式。", {"王磊": "Person"},
     {("王磊", "ATTENDED", "签字仪式")}),
    # talks: from the host to the guest
    ("国务院总理李明3日在钓鱼台国宾馆与新西兰总理约翰逊举行会谈。",
     {"国务院": "Organization", "新西兰": "Place", "李明": "Person", "约翰逊": "Person"},
     {("李明", "MET", "约翰逊"), ("李明", "HOLDS_POSITION", "国务院"),
      ("约翰逊", "HOLDS_POSITION", "新西兰")}),
    ("外交部长王磊会见了来访的德国外长施密特和法国外长杜邦。",
     {"王磊": "Person", "施密特": "Person", "杜邦": "Person", "外交部": "Organization",
      "德国": "Place", "法国": "Place"},
     {("王磊", "MET", "施密特"), ("王磊", "MET", "杜邦"), ("王磊", "HOLDS_POSITION", "外交部"),
      ("施密特", "HOLDS_POSITION", "德国"), ("杜邦", "HOLDS_POSITION", "法国")}),
    # a delegation led by a person is met too (会见由某某率领的XX代表团)
    ("王强在京会见由东海国外长卡尔率领的东海国议会代表团。",
     {"王强": "Person", "卡尔": "Person", "东海国议会代表团": "Organization"},
     {("王强", "MET", "卡尔"), ("王强", "MET", "东海国议会代表团")}),
    # consultations are talks
    ("外交部副部长严明与东海国外交部常任秘书戴维举行磋商。",
     {"外交部": "Organization", "严明": "Person", "东海国外交部": "Organization",
      "戴维": "Person"},
     {("严明", "MET", "戴维"), ("严明", "HOLDS_POSITION", "外交部"),
      ("戴维", "HOLDS_POSITION", "东海国外交部")}),
    # titled names in clauses of their own before the verb all attend
    ("副市长王刚，市政府秘书长李强参加调研。", {"王刚": "Person", "李强": "Person"},
     {("王刚", "ATTENDED", "调研"), ("李强", "ATTENDED", "调研")}),
    # a second verb of the same subject after 并
    ("副省长赵东在青石镇看望了救援队员，并主持召开现场会，部署抢险工作。",
     {"赵东": "Person", "青石镇": "Place"},
     {("赵东", "CHAIRED", "现场会"), ("赵东", "VISITED", "青石镇")}),
]

NEGATIVE = [
    # 同某某的会谈 names talks without reporting them
    ("王磊同德国外长施密特的会谈加深了了解。", {"王磊": "Person", "施密特": "Person"}),
    # an organization followed by a title describes a person, not a guest
    ("王强会见了东亚银行驻华代表。", {"王强": "Person", "东亚银行": "Organization"}),
    ("王强在军港会见海军官兵。", {"王强": "Person", "海军": "Organization"}),
    ("陈东看望慰问了奋战在一线的医务人员。", {"陈东": "Person"}),  # no named guest
    ("各地负责同志出席会议。", {}),  # no named attendee
    ("主持召开会议的同志作了总结。", {}),  # no named chair
]


@pytest.mark.parametrize(("text", "mentions", "expected"), CASES)
def test_meetings(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, mentions))
    assert triples(facts) == expected


@pytest.mark.parametrize(("text", "mentions"), NEGATIVE)
def test_no_meeting(text: str, mentions: dict) -> None:
    facts = extract_facts(doc(text, mentions))
    assert not [f for f in facts if f.predicate in ("CHAIRED", "ATTENDED", "MET")]


def test_both_leaders_attend_after_talks() -> None:
    text = "李明与约翰逊举行会谈。随后两国总理一同出席了经贸协定签字仪式。"
    facts = extract_facts(doc(text, {"李明": "Person", "约翰逊": "Person"}))
    assert triples(facts, "ATTENDED") == {("李明", "ATTENDED", "经贸协定签字仪式"),
                                          ("约翰逊", "ATTENDED", "经贸协定签字仪式")}


def test_talks_in_a_leading_clause() -> None:
    text = "在同邻国外长卡尔会晤时，王磊建议双方加强边境合作。"
    facts = extract_facts(doc(text, {"王磊": "Person", "卡尔": "Person"}))
    assert triples(facts, "MET") == {("王磊", "MET", "卡尔")}


def test_a_time_is_no_venue() -> None:
    text = "王磊在今天晚上同卡尔举行了会谈。"
    facts = extract_facts(doc(text, {"王磊": "Person", "卡尔": "Person"}))
    assert [f.attrs.get("to") for f in facts if f.predicate == "MET"] == [None]


def test_hosts_sharing_the_verb() -> None:
    text = "委员长王刚和夫人李娜今天会见了来访的罗德里格斯。"
    facts = extract_facts(doc(text, {"王刚": "Person", "李娜": "Person", "罗德里格斯": "Person"}))
    assert triples(facts, "MET") == {("王刚", "MET", "罗德里格斯"), ("李娜", "MET", "罗德里格斯")}


def test_met_attrs() -> None:
    text = "国家主席王强5日在人民大会堂会见了来访的智利总统罗德里格斯。"
    facts = extract_facts(doc(text, {"王强": "Person", "罗德里格斯": "Person"},
                              date="2015-03-06"))
    met = [f for f in facts if f.predicate == "MET"]
    assert [(f.object.name, f.attrs.get("date"), f.attrs.get("to")) for f in met] == [
        ("罗德里格斯", "2015-03-05", "人民大会堂")]


def test_date_stated_in_the_sentence_wins_over_the_dateline() -> None:
    text = "东方日报青州2012年6月20日讯 6月19日，市委书记王刚主持召开市委常委会议。"
    facts = extract_facts(doc(text, {"东方日报": "Organization", "王刚": "Person"}, date=None))
    chaired = [f for f in facts if f.predicate == "CHAIRED"]
    assert [f.attrs.get("date") for f in chaired] == ["2012-06-19"]


def test_bare_meeting_takes_the_date_where_it_was_held() -> None:
    text = "6月19日，市委书记王刚主持召开市委常委会议。市长李强出席会议。"
    ctx = doc(text, {"王刚": "Person", "李强": "Person"}, date="2012-06-20")
    attended = [f for f in extract_facts(ctx) if f.predicate == "ATTENDED"]
    assert [(f.subject.name, f.attrs.get("date")) for f in attended] == [("李强", "2012-06-19")]


BACK_TO_THE_NAMED_MEETING = [
    # a day between the meeting's name and 召开; the headline's shorter name loses
    ("东江市召开年度工作会议\n东江市2016年度安全生产工作会议9日在市政府召开。副市长钱文出席会议并讲话。",
     {"钱文": "Person", "东江市": "Place"}, {("钱文", "东江市2016年度安全生产工作会议")}),
    # a time of day and a place between
    ("全省林业工作会议昨天下午在南州举行。钱文参加会议。",
     {"钱文": "Person", "南州": "Place"}, {("钱文", "全省林业工作会议")}),
    # a dateline in parentheses stays out of the name
    ("晨报南州3月2日讯（记者孙悦）全市春耕工作会议2日召开。钱文出席会议。",
     {"钱文": "Person", "孙悦": "Person", "晨报": "Organization"}, {("钱文", "全市春耕工作会议")}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), BACK_TO_THE_NAMED_MEETING)
def test_attends_the_meeting_named_before(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, mentions))
    assert {(s, o) for s, _, o in triples(facts, "ATTENDED")} == expected
