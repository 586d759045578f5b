"""Mechanisms added from the misses of the third held-out group (issue 12), each on sentences
written for this test: interviews by an outlet (专访), SAR posts (行政长官, 经济财政司司长), a list
of leaders before the other participants, meetings named by any kind (推进会, 座谈会), visits to
a place written with one character (来澳访问), and teams sent by 该委 or counted by units."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc

PEOPLE = {"王建平": "Person", "李明华": "Person", "梁海文": "Person", "阿里": "Person"}


def _facts(text: str, mentions: dict, predicate: str) -> set[tuple]:
    facts = extract_facts(doc(text, {**PEOPLE, **mentions}, date="2019-03-08"))
    return {(f.subject.name, f.object.name) for f in facts if f.predicate == predicate}


SPEAKERS = [
    # the outlet that interviews does not speak, whatever the kind of interview
    ("东海国旅游局局长王建平日前在接受南江电视台专访时指出，今年游客人数将增长两成。",
     {"东海国旅游局": "Organization", "南江电视台": "Organization"}, {"王建平"}),
    ("王建平在接受《南江日报》书面采访时表示，合作前景广阔。",
     {"南江日报": "Organization"}, {"王建平"}),
    ("王建平在接受南江网视频连线时说，项目进展顺利。", {"南江网": "Organization"}, {"王建平"}),
    # an outlet that speaks for itself still does
    ("南江日报评论员文章指出，要坚持改革开放。", {"南江日报": "Organization"}, {"南江日报"}),
]


@pytest.mark.parametrize(("text", "mentions", "speakers"), SPEAKERS)
def test_interviewer_is_not_the_speaker(text: str, mentions: dict, speakers: set) -> None:
    assert {s for s, _ in _facts(text, mentions, "SAID")} == speakers


POSTS = [
    ("东海特别行政区行政长官李明华会见了客人。", {"东海特别行政区": "Place"},
     {("李明华", "东海特别行政区", "行政长官")}),
    # a secretariat written as one body with the SAR government: the post is the government's
    ("东海特区政府经济财政司司长梁海文出席会议。",
     {"东海特区政府经济财政司": "Organization", "东海特区政府": "Organization"},
     {("梁海文", "东海特区政府", "经济财政司司长")}),
    ("东海特区政府政务司副司长梁海文出席会议。", {"东海特区政府政务司": "Organization"},
     {("梁海文", "东海特区政府", "政务司副司长")}),
    # a ministry's department (司) is a body of its own
    ("南江国外交部亚洲司司长梁海文出席会议。", {"南江国外交部亚洲司": "Organization"},
     {("梁海文", "南江国外交部亚洲司", "司长")}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), POSTS)
def test_posts(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, {**PEOPLE, **mentions}))
    got = {(f.subject.name, f.object.name, f.attrs["title"]) for f in facts
           if f.predicate == "HOLDS_POSITION"}
    assert got == expected


MEETING = "东海省委经济工作会议"
ATTENDANCE = [
    # 省领导甲、乙，… 参加会议: the leaders listed before the generic participants attend
    (f"{MEETING}15日在南江市召开。省领导王建平、李明华，各市主要负责同志参加会议。",
     {"东海省委": "Organization", "南江市": "Place"},
     {("王建平", MEETING), ("李明华", MEETING)}),
    (f"{MEETING}15日召开。市领导王建平，各区负责同志出席会议。", {"东海省委": "Organization"},
     {("王建平", MEETING)}),
    # a clause that is not a list of titled names does not join the participants
    (f"{MEETING}15日召开。王建平到南江市调研，各市负责同志参加会议。",
     {"东海省委": "Organization", "南江市": "Place"}, set()),
    # 会议 refers back to a meeting named with any meeting word
    ("3月5日，南江县春季防汛工作推进会在县政府三楼会议室召开。县长王建平出席会议并讲话。",
     {"南江县": "Place"}, {("王建平", "南江县春季防汛工作推进会")}),
    ("东海市民营企业座谈会12日在市政府举行。市长李明华出席会议。", {"东海市": "Place"},
     {("李明华", "东海市民营企业座谈会")}),
    ("全县安全生产工作会议6日召开。县长王建平出席会议。", {}, {("王建平", "全县安全生产工作会议")}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), ATTENDANCE)
def test_attendance(text: str, mentions: dict, expected: set) -> None:
    assert _facts(text, mentions, "ATTENDED") == expected


CHAIRS = [
    ("3月5日，南江县春季防汛工作推进会在县政府召开。副县长王建平主持会议。",
     {("王建平", "南江县春季防汛工作推进会")}),
    # 工作会商会 is no 工作会, 会议室 no meeting: 会议 stays as written
    ("南江县防指召开防汛工作会商会。副县长王建平主持会议。", {("王建平", "会议")}),
    ("3月5日上午，南江县政府三楼会议室里座无虚席。副县长王建平主持会议。", {("王建平", "会议")}),
]


@pytest.mark.parametrize(("text", "expected"), CHAIRS)
def test_chair_of_a_named_work_meeting(text: str, expected: set) -> None:
    assert _facts(text, {"南江县": "Place"}, "CHAIRED") == expected


MACAU = {"澳门特别行政区": "Place", "南江省": "Place"}
VISITS = [
    # 来澳访问: 澳 is the place of the article that starts with it
    ("澳门特别行政区行政长官李明华会见了来澳访问的南江省省长王建平。", MACAU,
     {("王建平", "澳门特别行政区")}),
    # 沪 stands for 上海市 when the article names it
    ("上海市副市长李明华会见了来沪考察的东海国代表团团长阿里。",
     {"上海市": "Place", "东海国": "Place"}, {("阿里", "上海市")}),
    # no place of the article is written so: nothing
    ("李明华会见了来澳访问的南江省省长王建平。", {"南江省": "Place"}, set()),
    # 来自 is where someone comes from, 将 a plan
    ("来自南江省的王建平访问团抵达。", {"南江省": "Place"}, set()),
    ("王建平将于下月来澳访问。", MACAU, set()),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), VISITS)
def test_visits_to_an_abbreviated_place(text: str, mentions: dict, expected: set) -> None:
    assert _facts(text, mentions, "VISITED") == expected


SENDINGS = [
    # 该委 is the commission named before; the day between it and the verb is no subject
    ("记者从南江省卫生健康委获悉，该委21日派出5支医疗队赶赴东海市。",
     {"南江省卫生健康委": "Organization", "东海市": "Place"},
     {("南江省卫生健康委", "医疗队", "东海市", "5支")}),
    # a team counted by its units is a group, whatever its kind
    ("南江省应急管理厅当天派出3支矿山救护队赶赴东海市。",
     {"南江省应急管理厅": "Organization", "东海市": "Place"},
     {("南江省应急管理厅", "矿山救护队", "东海市", "3支")}),
    # 出动 dispatches people, the movement may follow in a clause of its own
    ("东海市消防救援支队出动消防员200余人，赶赴南江县救援。",
     {"东海市消防救援支队": "Organization", "南江县": "Place"},
     {("东海市消防救援支队", "消防员", "南江县", "200余人")}),
    # a team set up, not sent, and a demonstrative with no body of that kind before
    ("南江省卫生健康委成立了3个专家组。", {"南江省卫生健康委": "Organization"}, set()),
    ("该局21日派出5支医疗队赶赴东海市。", {"东海市": "Place"}, set()),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), SENDINGS)
def test_sent(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, {**PEOPLE, **mentions}))
    got = {(f.subject.name, f.object.name, f.attrs.get("to"), f.attrs.get("count"))
           for f in facts if f.predicate == "SENT"}
    assert got == expected


ORDER = [
    # stacked titles come out in reading order, so each pairs with its own body when scored
    ("南江县委副书记、县长王建平出席会议。", {"南江县": "Place", "南江县委": "Organization"},
     ["县委副书记", "县长"]),
    ("东海省委常委、秘书长李明华主持会议。", {"东海省委": "Organization"}, ["省委常委", "秘书长"]),
]


@pytest.mark.parametrize(("text", "mentions", "titles"), ORDER)
def test_stacked_titles_in_reading_order(text: str, mentions: dict, titles: list) -> None:
    facts = extract_facts(doc(text, {**PEOPLE, **mentions}))
    assert [f.attrs["title"] for f in facts if f.predicate == "HOLDS_POSITION"] == titles


ROUND_TWO_EVENTS = [
    # 闭幕会 is a meeting; 会议 refers back to one named before 闭幕
    ("东海省人大常委会第九次会议今天上午在南江市闭幕。主任王建平主持闭幕会，副主任李明华出席会议。",
     {"东海省人大常委会": "Organization", "南江市": "Place"},
     {("王建平", "CHAIRED", "闭幕会"), ("李明华", "ATTENDED", "东海省人大常委会第九次会议")}),
    # 陪同慰问: the visit of comfort is the act accompanied
    ("1月29日，省委书记王建平来到南江区看望慰问困难群众。省领导李明华陪同慰问。",
     {"南江区": "Place"}, {("李明华", "ATTENDED", "慰问")}),
    # a short quoted part inside a meeting's name
    ("东海市三防指挥部召开防御台风“海燕”工作部署会。副市长王建平主持会议。",
     {"东海市三防指挥部": "Organization"},
     {("王建平", "CHAIRED", "防御台风“海燕”工作部署会")}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), ROUND_TWO_EVENTS)
def test_meetings_named_before(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, {**PEOPLE, **mentions}))
    got = {(f.subject.name, f.predicate, f.object.name) for f in facts
           if f.predicate in ("CHAIRED", "ATTENDED")}
    assert got == expected


MORE_SENDINGS = [
    # a military region named after a city is the sender, written as the city is
    ("地震发生后，南江军区迅速派出官兵2000余人赶赴东海县。",
     {"南江": ("Place", "南江市"), "东海县": "Place"},
     {("南江军区", "官兵", "东海县", "2000余人")}),
    # the movement after a list of groups is every group's
    ("东海省卫生健康委派出医疗队30支、医务人员600余名赶赴南江县。",
     {"东海省卫生健康委": "Organization", "南江县": "Place"},
     {("东海省卫生健康委", "医疗队", "南江县", "30支"),
      ("东海省卫生健康委", "医务人员", "南江县", "600余名")}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), MORE_SENDINGS)
def test_more_sent(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, {**PEOPLE, **mentions}))
    got = {(f.subject.name, f.object.name, f.attrs.get("to"), f.attrs.get("count"))
           for f in facts if f.predicate == "SENT"}
    assert got == expected


MORE_POSTS = [
    # a bare deputy title takes the body of the same post written before in the sentence
    ("东海省人大常委会主任王建平主持会议，副主任李明华、梁海文出席。",
     {"东海省人大常委会": "Organization"},
     {("王建平", "东海省人大常委会", "主任"), ("李明华", "东海省人大常委会", "副主任"),
      ("梁海文", "东海省人大常委会", "副主任")}),
    # a bare head (主任) is no deputy, and a deputy of a post never written stays without body
    ("东海省人大常委会主任王建平主持会议，主任李明华出席。", {"东海省人大常委会": "Organization"},
     {("王建平", "东海省人大常委会", "主任")}),
    ("王建平主持会议，副主任李明华出席。", {}, set()),
    # a deputy inside a list of another side's people is not the host's deputy
    ("南江国政府副总理王建平会见东海国总统阿里、副总理李明华。",
     {"南江国政府": "Organization", "东海国": "Place"},
     {("王建平", "南江国政府", "副总理"), ("阿里", "东海国", "总统")}),
    # a committee's deputy whose head was written with an organ in between stays without body
    ("东海省人大法制委副主任委员王建平作报告，副主任委员李明华出席。",
     {"东海省人大": "Organization"}, {("王建平", "东海省人大法制委", "副主任委员")}),
    # a party department stacked after a committee title is that committee's
    ("南江市委常委、组织部部长王建平到会指导。", {"南江市委": "Organization"},
     {("王建平", "南江市委", "市委常委"), ("王建平", "南江市委组织部", "部长")}),
    # 任命某某为…: the post given by the verb before the name
    ("会议任命王建平为东海省人民检察院检察长。", {"东海省人民检察院": "Organization"},
     {("王建平", "东海省人民检察院", "检察长")}),
    ("会议选举李明华为东海省政协主席。", {"东海省政协": "Organization"},
     {("李明华", "东海省政协", "主席")}),
    # every name of the list, even one the recognizer missed between them
    ("任命王建平、訚小柏、李明华为东海省监委委员。", {"东海省监委": "Organization"},
     {("王建平", "东海省监委", "监委委员"), ("李明华", "东海省监委", "监委委员")}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), MORE_POSTS)
def test_more_posts(text: str, mentions: dict, expected: set) -> None:
    facts = extract_facts(doc(text, {**PEOPLE, **mentions}))
    got = {(f.subject.name, f.object.name, f.attrs["title"]) for f in facts
           if f.predicate == "HOLDS_POSITION"}
    assert got == expected


STATE_VISITS = [
    # 对某国进行访问: the place after 对
    ("南江国总统阿里9日抵达南江市，开始对东海国进行国事访问。",
     {"南江国": "Place", "南江市": "Place", "东海国": "Place"},
     {("阿里", "南江市"), ("阿里", "东海国")}),
    ("王建平在人民大会堂举行仪式，欢迎南江国总理阿里对我国进行正式访问。", {"南江国": "Place"},
     {("阿里", "中国")}),
    # announced, or the host who invited: no visit
    ("阿里将出席峰会并对东海国进行国事访问。", {"东海国": "Place"}, set()),
    ("阿里是应王建平的邀请对东海国进行国事访问的。", {"东海国": "Place"}, set()),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), STATE_VISITS)
def test_state_visits(text: str, mentions: dict, expected: set) -> None:
    assert _facts(text, mentions, "VISITED") == expected


def test_credited_reporter_does_not_attend() -> None:
    text = "东海社南江3月8日电（记者 李明华）东海国总统王建平8日出席南江商会座谈会。"
    assert _facts(text, {"东海国": "Place"}, "ATTENDED") == {("王建平", "南江商会座谈会")}


def test_a_photo_position_does_not_hide_the_attendee() -> None:
    text = "3月8日，王建平（左二）出席南江商会座谈会。"
    assert _facts(text, {}, "ATTENDED") == {("王建平", "南江商会座谈会")}


def test_headline_event_named_short_is_the_lead_event() -> None:
    text = "王建平出席商会座谈会\n3月8日，王建平出席南江商会年度座谈会并讲话。"
    facts = extract_facts(doc(text, PEOPLE, date="2019-03-08"))
    got = {(f.object.name, f.attrs.get("date")) for f in facts if f.predicate == "ATTENDED"}
    assert got == {("南江商会年度座谈会", "2019-03-08")}


def test_department_of_a_committee_named_by_level() -> None:
    text = "东海省第二批援疆干部出发。省委常委、组织部部长王建平出席欢送会。"
    facts = extract_facts(doc(text, {**PEOPLE, "东海省": "Place"}))
    got = {(f.object.name, f.attrs["title"]) for f in facts if f.predicate == "HOLDS_POSITION"}
    assert got == {("东海省委", "省委常委"), ("东海省委组织部", "部长")}
