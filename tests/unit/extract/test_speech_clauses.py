"""SAID from the clause model: verbs with a clause, a quote or a colon after them, articles,
instructions, and the nouns and headlines that are no speech."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc

CASES = [
    # 文章指出: the author of the article introduced before
    ("东方杂志发表王大同的重要文章《论乡村振兴》。文章指出，乡村振兴是一项长期任务。",
     {"东方杂志": "Organization", "王大同": "Person"},
     {("王大同", "乡村振兴是一项长期任务。", "indirect")}),
    # … or the outlet of an unsigned commentary
    ("今天出版的江南日报发表评论员文章。文章强调，要把群众冷暖放在心上。",
     {"江南日报": "Organization"},
     {("江南日报", "要把群众冷暖放在心上。", "indirect")}),
    # 作出重要指示，…: the instruction's words
    ("灾情发生后，李国华高度重视并作出重要指示，要全力搜救被困群众，妥善安置受灾群众。",
     {"李国华": "Person"},
     {("李国华", "要全力搜救被困群众，妥善安置受灾群众。", "indirect")}),
    # 提出重大论断：… — a short object of the verb, then the words after the colon
    ("王大同提出重要论断：改革开放是决定当代中国命运的关键一招。", {"王大同": "Person"},
     {("王大同", "改革开放是决定当代中国命运的关键一招。", "indirect")}),
    # 提出“…”: the quote is the verb's object
    ("王大同明确提出“把论文写在祖国的大地上”。", {"王大同": "Person"},
     {("王大同", "把论文写在祖国的大地上", "direct")}),
]

NEGATIVE = [
    # 根据某某要求: the noun of an instruction
    ("根据李国华要求，各地已派出工作组赶赴灾区指导救援。", {"李国华": "Person"}),
    # 指示要求 is a noun phrase
    ("我们要深入学习领会王大同指示要求和上级决策部署，切实做好种子执法检查工作。",
     {"王大同": "Person"}),
    # only that something was said, not what
    ("李国华多次听取汇报，作出重要指示，提出明确要求。", {"李国华": "Person"}),
    # a headline restates what the story reports
    ("李国华给边防站官兵回信强调 守好国门 当好卫士\n李国华近日给边防站官兵回信。",
     {"李国华": "Person"}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), CASES)
def test_said(text: str, mentions: dict, expected: set) -> None:
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "SAID"]
    assert {(f.subject.name, f.object.name, f.attrs["mode"]) for f in facts} == expected


@pytest.mark.parametrize(("text", "mentions"), NEGATIVE)
def test_no_said(text: str, mentions: dict) -> None:
    assert [f for f in extract_facts(doc(text, mentions)) if f.predicate == "SAID"] == []


PRONOUNS = [
    # 他 after a bare title: the holder of that title named before
    ("王大同总书记发表讲话。总书记来到林场考察。他强调，要守护好这片绿水青山。",
     {"王大同": "Person"}, {("王大同", "要守护好这片绿水青山。", "indirect")}),
    # the visitor, not the place visited
    ("青石坝是一片荒漠。王大同来到青石坝考察。他强调，要守护好这片绿水青山。",
     {"王大同": "Person", "青石坝": "Place"},
     {("王大同", "要守护好这片绿水青山。", "indirect")}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), PRONOUNS)
def test_pronoun_speakers(text: str, mentions: dict, expected: set) -> None:
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "SAID"]
    assert {(f.subject.name, f.object.name, f.attrs["mode"]) for f in facts} == expected


ANNOUNCEMENTS = [
    ("东海国央行21日宣布再次加息75个基点。", {"东海国央行": "Organization"},
     {("东海国央行", "再次加息75个基点。")}),
    ("王建平宣布辞去东海省足协主席职务。", {"王建平": "Person"},
     {("王建平", "辞去东海省足协主席职务。")}),
    # a ceremony opened, an announcement that only dates the main clause, a planned one
    ("王建平宣布大会开幕。", {"王建平": "Person"}, set()),
    ("东海国央行宣布上述决定后，本币急速升值。", {"东海国央行": "Organization"}, set()),
    ("据报道，东海国政府下周将宣布对南岛实施新的制裁措施。", {"东海国政府": "Organization"}, set()),
    ("目前，东海国选委会尚未宣布下届议会选举日期。", {"东海国选委会": "Organization"}, set()),
    # a credit line names no speaker
    ("东方网消息：今天，发布会在北京举行，宣布飞船计划于明天发射。", {"东方网": "Organization"},
     set()),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), ANNOUNCEMENTS)
def test_announced_clause(text: str, mentions: dict, expected: set) -> None:
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "SAID"]
    assert {(f.subject.name, f.object.name) for f in facts} == expected


SPEAKERS = [
    # 代表某某: the one represented does not speak
    ("穆罕默德首先代表萨勒曼国王对王建平到访表示热烈欢迎，祝愿两国友谊长存。",
     {"穆罕默德": "Person", "萨勒曼": "Person", "王建平": "Person"},
     {"穆罕默德"}),
    # a rank before 代表 makes it a title
    ("东海联盟外交与安全政策高级代表李一山28日称，泄漏事件是蓄意破坏造成的。",
     {"东海联盟": "Organization", "李一山": "Person"}, {"李一山"}),
    ("我谨代表东海国政府和人民，向遇难者表示沉痛哀悼，向伤者致以诚挚慰问。",
     {"东海国政府": "Organization"}, set()),
    # 在接受某台记者采访时: the outlet does not speak
    ("李一山在接受东方卫视记者采访时表示，两国合作前景广阔。",
     {"李一山": "Person", "东方卫视": "Organization"}, {"李一山"}),
    # a pronoun does not point into parentheses
    ("李一山会见了来访客人（赵二水是代表团团长）。他说，项目进展顺利，年底可望完工。",
     {"李一山": "Person", "赵二水": "Person"}, {"李一山"}),
]


@pytest.mark.parametrize(("text", "mentions", "speakers"), SPEAKERS)
def test_who_speaks(text: str, mentions: dict, speakers: set) -> None:
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "SAID"]
    assert {f.subject.name for f in facts} == speakers


COORDINATED = [
    ("李一山与赵二水都表示，愿进一步深化两国务实合作。", {"李一山": "Person", "赵二水": "Person"},
     {"李一山", "赵二水"}),
    ("李一山、赵二水和钱三木一致认为，会议取得了丰硕成果。",
     {"李一山": "Person", "赵二水": "Person", "钱三木": "Person"}, {"李一山", "赵二水", "钱三木"}),
    # 等 closes a list the text does not spell out: only the one named speaks
    ("赵二水等表示，感谢东道主的周到安排和热情接待。", {"赵二水": "Person"}, {"赵二水"}),
    # the person met is not a speaker
    ("李一山会见赵二水时表示，愿进一步深化两国务实合作。", {"李一山": "Person", "赵二水": "Person"},
     {"李一山"}),
]


@pytest.mark.parametrize(("text", "mentions", "speakers"), COORDINATED)
def test_coordinated_speakers(text: str, mentions: dict, speakers: set) -> None:
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "SAID"]
    assert {f.subject.name for f in facts} == speakers


def test_a_representative_by_title_speaks() -> None:
    text = "东海驻联合国代表李一山在会议期间表示，冲突应当通过对话解决。"
    mentions = {"东海": "Place", "联合国": "Organization", "李一山": "Person"}
    facts = extract_facts(doc(text, mentions))
    assert {f.subject.name for f in facts if f.predicate == "SAID"} == {"李一山"}


def test_a_name_right_after_a_title_of_a_name_is_no_speaker() -> None:
    # a recognizer may take the verb after 王大同总书记 for a name (高度重): it is dropped
    text = "王大同总书记高度重视文化的传承与发展，指出“要重视历史文化保护传承”。"
    facts = extract_facts(doc(text, {"王大同": "Person", "高度重": "Person"}))
    assert {f.subject.name for f in facts} == {"王大同"}


def test_quotes_opening_their_speakers_paragraph() -> None:
    text = ("“文化是民族的根和魂。”“党始终是先进文化的引领者。”"
            "王大同总书记牢牢把握历史进程，指出“中国有坚定的文化自信”。")
    facts = [f for f in extract_facts(doc(text, {"王大同": "Person"})) if f.predicate == "SAID"]
    assert {(f.subject.name, f.object.name) for f in facts} == {
        ("王大同", "文化是民族的根和魂。"), ("王大同", "党始终是先进文化的引领者。"),
        ("王大同", "中国有坚定的文化自信")}


def test_quotes_before_a_new_paragraph_have_no_speaker() -> None:
    text = "“文化是民族的根和魂。”\n王大同总书记指出，要坚定文化自信。"
    facts = [f for f in extract_facts(doc(text, {"王大同": "Person"})) if f.predicate == "SAID"]
    assert {f.object.name for f in facts} == {"要坚定文化自信。"}
