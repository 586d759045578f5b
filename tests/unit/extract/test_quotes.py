"""SAID: direct quotes, reported speech, pronouns, meetings and negatives."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc

CASES = [
    # reported speech: the clause after the verb, to the end of the sentence
    ("王建国表示，今年要把农村公路建设放在突出位置。", {"王建国": "Person"},
     {("王建国", "今年要把农村公路建设放在突出位置。", "indirect")}),
    # quote, then the speaker
    ("“只要大家齐心协力，就没有克服不了的困难。”李明说。", {"李明": "Person"},
     {("李明", "只要大家齐心协力，就没有克服不了的困难。", "direct")}),
    # quote, speaker, and more reported words: two statements
    ("“这项工程关系到千家万户。”副市长张华说，工程将在年底前全部完工。", {"张华": "Person"},
     {("张华", "这项工程关系到千家万户。", "direct"),
      ("张华", "工程将在年底前全部完工。", "indirect")}),
    # speaker, colon, quote
    ("赵雪梅笑着说：“我们一定会坚持到最后一刻。”", {"赵雪梅": "Person"},
     {("赵雪梅", "我们一定会坚持到最后一刻。", "direct")}),
    # pronoun → the person named just before
    ("陈立新来到工地检查进度。他强调，安全生产必须始终放在首位。", {"陈立新": "Person"},
     {("陈立新", "安全生产必须始终放在首位。", "indirect")}),
    # a sentence opening on a speech verb continues the previous speaker
    ("周明表示，要加强基层医疗体系建设。希望各地加大投入力度，尽快补齐短板。", {"周明": "Person"},
     {("周明", "要加强基层医疗体系建设。", "indirect"),
      ("周明", "各地加大投入力度，尽快补齐短板。", "indirect")}),
    # a quote standing alone right after the speaker's sentence
    ("厂长吴刚说，新生产线已经正式投产。“我们的订单已经排到了明年年底。”", {"吴刚": "Person"},
     {("吴刚", "新生产线已经正式投产。", "indirect"),
      ("吴刚", "我们的订单已经排到了明年年底。", "direct")}),
    # a quote credited to a speech rather than to a speech verb
    ("“发展才是硬道理，民生才是大事情。”王建国在座谈会上的讲话令人印象深刻。", {"王建国": "Person"},
     {("王建国", "发展才是硬道理，民生才是大事情。", "direct")}),
    # the meeting stated it: the body that held the meeting
    ("国家防汛抗旱总指挥部召开会议，部署防汛工作。会议指出，各地要做好应对强降雨的准备。",
     {"国家防汛抗旱总指挥部": "Organization"},
     {("国家防汛抗旱总指挥部", "各地要做好应对强降雨的准备。", "indirect")}),
    # the setting of the speech may hold a 的
    ("刘志强在全市干部大会上的讲话中指出，作风建设永远在路上。", {"刘志强": "Person"},
     {("刘志强", "作风建设永远在路上。", "indirect")}),
    # 讲 with punctuation reports speech
    ("赛后，赵大勇对队员们讲：“这块奖牌属于每一个人。”", {"赵大勇": "Person"},
     {("赵大勇", "这块奖牌属于每一个人。", "direct")}),
    # 据某某介绍: the source of the account
    ("据县水利局局长孙海介绍，今年新建的三座水库已全部蓄水。",
     {"孙海": "Person", "县水利局": "Organization"},
     {("孙海", "今年新建的三座水库已全部蓄水。", "indirect")}),
    # a quoted name inside the reported words is no direct quote
    ("在马明看来，“滨江新城”成功的意义远不止于此。", {"马明": "Person"},
     {("马明", "“滨江新城”成功的意义远不止于此。", "indirect")}),
    # after a colon the quote is the statement, whatever follows it
    ("他淡淡地说：“这是我该做的。”说完又转身去忙了。", {},
     set()),
    # a body's own meeting speaks
    ("国务院常务会议指出，要进一步减轻小微企业负担。", {"国务院": "Organization"},
     {("国务院", "要进一步减轻小微企业负担。", "indirect")}),
    ("赵刚告诉记者，新校区明年秋季启用。", {"赵刚": "Person"},
     {("赵刚", "新校区明年秋季启用。", "indirect")}),
    # an organization speaks
    ("市教育局要求，各中小学要在开学前完成校舍安全检查。", {"市教育局": "Organization"},
     {("市教育局", "各中小学要在开学前完成校舍安全检查。", "indirect")}),
    # an organ the recognizer missed, after its place, speaks (not the place)
    ("湖西省应急管理厅表示，各地要做好防汛准备。", {"湖西省": "Place"},
     {("湖西省应急管理厅", "各地要做好防汛准备。", "indirect")}),
    # the standing committee's meeting stated it: the standing committee
    ("湖西省委书记罗军主持召开省委常委会议。会议指出，要做好防汛准备。",
     {"湖西省委": "Organization", "罗军": "Person"},
     {("湖西省委常委会", "要做好防汛准备。", "indirect")}),
]

NEGATIVE = [
    # a generic group is no subject
    ("广大群众纷纷表示，要积极配合做好各项防控工作。", {}),
    # too short to be a statement
    ("刘强表示肯定。", {"刘强": "Person"}),
    # 说服 is not speech
    ("孙丽耐心劝导，终于说服老人去医院检查身体。", {"孙丽": "Person"}),
    # an unnamed speaker's quote is not given to the person of the sentence
    ("李阿姨为邻居代买药品，邻居感动地说，“真不知道该怎么感谢她才好。”", {"李阿姨": "Person"}),
    # a title of another country is not our premier (总理 → nobody)
    ("越南总理呼吁各方保持克制，通过对话解决分歧。", {}),
    # the name sits in a clause describing the real speaker (a document)
    ("由厂长王大力签署的通知说，全厂下周一起恢复三班倒。", {"王大力": "Person"}),
    # the officer of a body spoke, unnamed
    ("市消费者协会主席在会上指出，预付卡纠纷逐年增多。", {"市消费者协会": "Organization"}),
    # an unnamed officer of a body
    ("市交通局有关负责人表示，地铁三号线将于年底通车。", {"市交通局": "Organization"}),
    # an unnamed officer of an organ the recognizer missed
    ("湖西省应急管理厅有关负责人表示，各地要做好防汛准备。", {"湖西省": "Place"}),
    # 据某某报道: a source, not a speaker
    ("据东方日报报道，当地将于下月起调整公交票价。", {"东方日报": "Organization"}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), CASES)
def test_said(text: str, mentions: dict, expected: set) -> None:
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "SAID"]
    assert {(f.subject.name, f.object.name, f.attrs["mode"]) for f in facts} == expected
    assert all(f.object.type == "Statement" for f in facts)


@pytest.mark.parametrize(("text", "mentions"), NEGATIVE)
def test_no_said(text: str, mentions: dict) -> None:
    assert [f for f in extract_facts(doc(text, mentions)) if f.predicate == "SAID"] == []


def test_talks_then_both_sides() -> None:
    text = ("外交部长王磊在北京与德国外长施密特举行会谈。"
            "双方就扩大农业合作交换了意见，一致认为潜力巨大。")
    facts = extract_facts(doc(text, {"王磊": "Person", "施密特": "Person"}))
    said = {(f.subject.name, f.object.name) for f in facts if f.predicate == "SAID"}
    statement = "就扩大农业合作交换了意见，一致认为潜力巨大。"
    assert said == {("王磊", statement), ("施密特", statement)}


def test_date_of_statement() -> None:
    text = "李明3日在发布会上表示，全市春运客流将比去年增长一成左右。"
    facts = extract_facts(doc(text, {"李明": "Person"}, date="2021-01-05"))
    assert [f.attrs.get("date") for f in facts if f.predicate == "SAID"] == ["2021-01-03"]


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        # 她 is not the man the text already called 他
        ("李娜来到学校。王刚也来了。他说，校舍已经修好。她说，孩子们很高兴。",
         {"王刚": "Person", "李娜": "Person"},
         {("王刚", "校舍已经修好。"), ("李娜", "孩子们很高兴。")}),
        # the sentence before is about a titled official the recognizer could not name
        ("王刚出席仪式。副县长某某代表县政府接受捐赠。她说，善款将用于建校。",
         {"王刚": "Person"}, set()),
    ],
)
def test_pronoun_speakers(text: str, mentions: dict, expected: set) -> None:
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "SAID"]
    assert {(f.subject.name, f.object.name) for f in facts} == expected


@pytest.mark.parametrize(
    ("second", "statement"),
    [
        # the speech verb of both sides is no part of their words
        ("双方表示，愿深化两国在农业领域的合作。", "愿深化两国在农业领域的合作。"),
        ("双方一致认为，两国合作潜力巨大。", "两国合作潜力巨大。"),
        # a verb with an object before the words stays with them
        ("双方对会谈成果表示满意。", "对会谈成果表示满意。"),
    ],
)
def test_both_sides_said(second: str, statement: str) -> None:
    text = "外交部长王磊在北京与德国外长施密特举行会谈。" + second
    facts = extract_facts(doc(text, {"王磊": "Person", "施密特": "Person"}))
    said = {(f.subject.name, f.object.name) for f in facts if f.predicate == "SAID"}
    assert said == {("王磊", statement), ("施密特", statement)}
