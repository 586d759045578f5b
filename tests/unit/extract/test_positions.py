"""HOLDS_POSITION: titles before names, lists of titles, bodies that are places, negatives."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc

CASES = [
    ("杭州市委书记赵建华出席了会议。", {"杭州市委": "Organization", "赵建华": "Person"},
     {("赵建华", "杭州市委", "市委书记")}),
    # several titles for one person, the body of each is canonical
    ("省政协副主席、省工商联主席孙卫东参加调研。",
     {"省政协": ("Organization", "江南省政协"), "省工商联": ("Organization", "江南省工商联"),
      "孙卫东": "Person"},
     {("孙卫东", "江南省政协", "副主席"), ("孙卫东", "江南省工商联", "主席")}),
    # a village secretary: the village is the body
    ("青石村村支书马小军带领村民修路。", {"青石村": "Place", "马小军": "Person"},
     {("马小军", "青石村", "村支书")}),
    # an ambassador belongs to the sending country
    ("中国驻法国大使周立平会见了当地侨领。",
     {"中国": "Place", "法国": "Place", "周立平": "Person"}, {("周立平", "中国", "驻法国大使")}),
    # place + 委书记 → the party committee of that place
    ("宁波市委书记郑光明主持会议。", {"宁波市": "Place", "郑光明": "Person"},
     {("郑光明", "宁波市委", "市委书记")}),
    # a list of people, each with their own title
    ("商务部部长陈大海、外交部副部长林小燕出席仪式。",
     {"商务部": "Organization", "外交部": "Organization", "陈大海": "Person", "林小燕": "Person"},
     {("陈大海", "商务部", "部长"), ("林小燕", "外交部", "副部长")}),
    # 商务部长: the title shares its first character with the body
    ("商务部长陈大海表示欢迎。", {"商务部": "Organization", "陈大海": "Person"},
     {("陈大海", "商务部", "部长")}),
    # a generic noun for the company named just before
    ("江南机械有限公司是当地龙头企业。公司总经理钱进说，今年订单增长明显。",
     {"江南机械有限公司": "Organization", "钱进": "Person"},
     {("钱进", "江南机械有限公司", "公司总经理")}),
    # titles after the name, in a dismissal
    ("决定免去李卫东市交通局局长、党组书记职务。",
     {"李卫东": "Person", "市交通局": "Organization"},
     {("李卫东", "市交通局", "局长"), ("李卫东", "市交通局", "党组书记")}),
    # a place + an administrative organ in the title
    ("俄罗斯政府总理伊万诺夫抵达北京。", {"俄罗斯": "Place", "伊万诺夫": "Person", "北京": "Place"},
     {("伊万诺夫", "俄罗斯政府", "政府总理")}),
    ("湖北省委书记刘强主持会议。", {"湖北": ("Place", "湖北省"), "刘强": "Person"},
     {("刘强", "湖北省委", "省委书记")}),
    # a place + the organ written in the title
    ("光明社区党委书记吴亚平带头值守。", {"光明社区": "Place", "吴亚平": "Person"},
     {("吴亚平", "光明社区党委", "党委书记")}),
    # a named organ inside the title, after a recognized body
    ("东江大学经济研究中心主任钱伟认为，消费将继续回暖。",
     {"东江大学": "Organization", "钱伟": "Person"},
     {("钱伟", "东江大学经济研究中心", "主任")}),
    # a single-holder title after the name
    ("习近平总书记发表重要讲话。", {"习近平": "Person"}, {("习近平", "党中央", "总书记")}),
    # the body was not recognized: split it off by its organ suffix
    ("东江大学附属医院院长钱伟介绍了救治情况。", {"钱伟": "Person"},
     {("钱伟", "东江大学附属医院", "院长")}),
]

NEGATIVE = [
    ("市委书记带头到社区报到。", {}),  # a title without a name
    ("副主任王芳介绍了有关情况。", {"王芳": "Person"}),  # a title without a body
    ("下沉到光明社区的党员干部李强坚守岗位。", {"光明社区": "Place", "李强": "Person"}),
    ("退役军人程大勇主动报名参加志愿服务。", {"程大勇": "Person"}),  # not a position
    # a rank is no organ
    ("副部级离休干部陈平同志因病逝世。", {"陈平": "Person"}),
    # a chair of an unnamed body is not the head of state
    ("他找到了工会的张主席。", {"张": "Person"}),
    # an unnamed company of a named city
    ("上海一家小型物流公司负责人沈平对记者说，运费上涨了。", {"上海": "Place", "沈平": "Person"}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), CASES)
def test_holds_position(text: str, mentions: dict, expected: set) -> None:
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "HOLDS_POSITION"]
    assert {(f.subject.name, f.object.name, f.attrs["title"]) for f in facts} == expected


@pytest.mark.parametrize(("text", "mentions"), NEGATIVE)
def test_no_position(text: str, mentions: dict) -> None:
    facts = extract_facts(doc(text, mentions))
    assert [f for f in facts if f.predicate == "HOLDS_POSITION"] == []


def test_single_holder_title_once_per_document() -> None:
    text = "习近平总书记作出重要指示。各地认真学习习近平总书记重要指示精神。"
    facts = extract_facts(doc(text, {"习近平": "Person"}))
    assert len([f for f in facts if f.predicate == "HOLDS_POSITION"]) == 1


def test_title_after_name_reuses_the_written_body() -> None:
    text = "马来西亚总理纳吉布抵达北京。纳吉布总理表示，此访意义重大。"
    facts = extract_facts(doc(text, {"马来西亚": "Place", "纳吉布": "Person", "北京": "Place"}))
    held = {(f.subject.name, f.object.name) for f in facts if f.predicate == "HOLDS_POSITION"}
    assert held == {("纳吉布", "马来西亚")}
