"""SENT and DONATED."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc

SENT = [
    ("云南省先后派出两支医疗队支援武汉。", {"云南省": "Place", "武汉": ("Place", "武汉市")},
     {("云南省", "医疗队", "武汉市", "两支")}),
    ("江西省已组织四批护理人员驰援上海。", {"江西省": "Place", "上海": ("Place", "上海市")},
     {("江西省", "护理人员", "上海市", "四批")}),
    ("成都市选派120名医护人员赶赴一线。", {"成都市": "Place"},
     {("成都市", "医护人员", "一线", "120名")}),
    ("国家卫健委向湖北派出专家组。", {"国家卫健委": "Organization", "湖北": ("Place", "湖北省")},
     {("国家卫健委", "专家组", "湖北省", None)}),
    # the place after 向 is the destination, not the sender
    ("东海省政府向受灾的邻省南江省派出救援队。",
     {"东海省政府": "Organization", "南江省": "Place"},
     {("东海省政府", "救援队", "南江省", None)}),
    ("广州市5000余名机关干部奔赴各个街道。", {"广州市": "Place"},
     {("广州市", "机关干部", "各个街道", "5000余名")}),
]

DONATED = [
    ("华宇集团向灾区捐赠口罩5万个、防护服2000套。", {"华宇集团": "Organization"},
     {("华宇集团", "口罩", "5万个"), ("华宇集团", "防护服", "2000套")}),
    ("浙江省向武汉捐赠价值500万元的医疗物资。",
     {"浙江省": "Place", "武汉": ("Place", "武汉市")},
     {("浙江省", "医疗物资", "价值500万元")}),
    ("志愿者王芳为孤寡老人提供防护用品。", {"王芳": "Person"}, {("王芳", "防护用品", None)}),
    # the list of goods ends where their journey starts
    ("省应急厅连夜调拨发电机20台、水泵50台运往灾区。", {"省应急厅": "Organization"},
     {("省应急厅", "发电机", "20台"), ("省应急厅", "水泵", "50台")}),
    # money given as an amount
    ("东方集团向红十字会捐赠300万元。", {"东方集团": "Organization", "红十字会": "Organization"},
     {("东方集团", "300万元", "300万元")}),
]

NEGATIVE = [
    ("各地积极抽调干部下沉社区。", {}),  # no named sender
    ("光明社区为企业提供政策咨询服务。", {"光明社区": "Place"}),  # a service, not goods
    ("外地支援的医疗队领队参加了会议。", {}),
    # a place given to is no goods
    ("国家体育总局捐助山西代县、河北阜平县。",
     {"国家体育总局": "Organization", "山西代县": "Place", "河北阜平县": "Place"}),
    # members of an academy gave, not the academy
    ("两位中国科学院院士向家乡中学赠送了图书。", {"中国科学院": "Organization"}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), SENT)
def test_sent(text: str, mentions: dict, expected: set) -> None:
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "SENT"]
    got = {(f.subject.name, f.object.name, f.attrs.get("to"), f.attrs.get("count"))
           for f in facts}
    assert got == expected
    assert all(f.object.type == "Group" for f in facts)


@pytest.mark.parametrize(("text", "mentions", "expected"), DONATED)
def test_donated(text: str, mentions: dict, expected: set) -> None:
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "DONATED"]
    assert {(f.subject.name, f.object.name, f.attrs.get("quantity")) for f in facts} == expected


@pytest.mark.parametrize(("text", "mentions"), NEGATIVE)
def test_no_aid(text: str, mentions: dict) -> None:
    facts = extract_facts(doc(text, mentions))
    assert not [f for f in facts if f.predicate in ("SENT", "DONATED")]
