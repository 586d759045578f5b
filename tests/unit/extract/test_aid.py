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
    # an organ the recognizer missed, written after its place, is the sender
    ("湖西省消防救援总队连夜派出8支救援队赶赴灾区。", {"湖西省": "Place"},
     {("湖西省消防救援总队", "救援队", "灾区", "8支")}),
    # a body extended by an organ noun; the destination after 赴
    ("东海红十字会总会当天启动应急响应，选派工作组赴南江省。",
     {"东海红十字会": "Organization", "南江省": "Place"},
     {("东海红十字会总会", "工作组", "南江省", None)}),
    # 第二批 says which batch, not how many: no count (the batch is its own attribute)
    ("东海省派出第二批医疗队驰援南江省。", {"东海省": "Place", "南江省": "Place"},
     {("东海省", "医疗队", "南江省", None)}),
    # the count written after the group
    ("水利部派出抢险队伍300余人赶赴南江省。", {"水利部": "Organization", "南江省": "Place"},
     {("水利部", "队伍", "南江省", "300余人")}),
    # the total written after the group, then where it goes
    ("青州市卫健委先后派出5批医疗队共300人驰援南江省。",
     {"青州市卫健委": "Organization", "南江省": "Place"},
     {("青州市卫健委", "医疗队", "南江省", "300人")}),
    # several senders sharing the verb each sent
    ("东海省、南江省分别派出救援队伍驰援青州。",
     {"东海省": "Place", "南江省": "Place", "青州": ("Place", "青州市")},
     {("东海省", "救援队伍", "青州市", None), ("南江省", "救援队伍", "青州市", None)}),
    # inside reported speech, an abbreviation of a body named before
    ("机场管理局局长钱江表示，机管局会派出50名工作人员支援。",
     {"机场管理局": "Organization", "钱江": "Person"},
     {("机场管理局", "工作人员", None, "50名")}),
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
    # an allocation: every item of the list; an organ after the place is the donor
    ("湖西省民政厅连夜向青山县调拨棉被900床、帐篷300顶和折叠床600张。",
     {"湖西省": "Place", "青山县": "Place"},
     {("湖西省民政厅", "帐篷", "300顶"), ("湖西省民政厅", "折叠床", "600张"),
      ("湖西省民政厅", "棉被", "900床")}),
    ("东海市慈善总会捐赠帐篷50顶、饮用水800箱。", {"东海市": "Place"},
     {("东海市慈善总会", "帐篷", "50顶"), ("东海市慈善总会", "饮用水", "800箱")}),
    # money given with 捐款
    ("青禾公益基金会捐款2000万元。", {"青禾公益基金会": "Organization"},
     {("青禾公益基金会", "2000万元", "2000万元")}),
    # a bare organ noun opening the clause: the body of that kind named before
    ("远东实业集团有限公司举行仪式。集团还向青山中学捐赠电脑200台。",
     {"远东实业集团有限公司": "Organization", "青山中学": "Organization"},
     {("远东实业集团有限公司", "电脑", "200台")}),
]

DONATED_TO = [
    # the most specific place of an address
    ("华宇集团向南江省青山县捐赠图书1万册。",
     {"华宇集团": "Organization", "南江省": "Place", "青山县": "Place"}, "青山县"),
    # the destination written after the goods
    ("湖西省民政厅调拨帐篷300顶支援青山县。", {"湖西省": "Place", "青山县": "Place"}, "青山县"),
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
    # the place heads a body the recognizer missed that is no organ: no actor at all
    ("湖西省各地应急管理局紧急调拨帐篷300顶。", {"湖西省": "Place"}),
    # a bare organ noun with no body of that kind named before
    ("集团还向青山中学捐赠电脑200台。", {"青山中学": "Organization"}),
    # receiving a donation is no donation
    ("副市长何川代表市政府接受捐赠并致感谢辞。", {"何川": "Person", "市政府": "Organization"}),
    # the body the goods go through is no donor
    ("公司还通过青州市慈善总会捐赠口罩1万只。", {"青州市慈善总会": "Organization"}),
]


@pytest.mark.parametrize(("text", "mentions", "expected"), SENT)
def test_sent(text: str, mentions: dict, expected: set) -> None:
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "SENT"]
    got = {(f.subject.name, f.object.name, f.attrs.get("to"), f.attrs.get("count"))
           for f in facts}
    assert got == expected
    assert all(f.object.type == "Group" for f in facts)


@pytest.mark.parametrize(("text", "batch"), [
    ("东海省派出第二批医疗队驰援南江省。", "第二批"),
    ("东海省派出首批医疗队驰援南江省。", "首批"),
    ("东海省派出三批医疗队驰援南江省。", None),
])
def test_sent_batch(text: str, batch: str | None) -> None:
    mentions = {"东海省": "Place", "南江省": "Place"}
    (fact,) = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "SENT"]
    assert fact.attrs.get("batch") == batch


@pytest.mark.parametrize(("text", "mentions", "expected"), DONATED)
def test_donated(text: str, mentions: dict, expected: set) -> None:
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "DONATED"]
    assert {(f.subject.name, f.object.name, f.attrs.get("quantity")) for f in facts} == expected


@pytest.mark.parametrize(("text", "mentions"), NEGATIVE)
def test_no_aid(text: str, mentions: dict) -> None:
    facts = extract_facts(doc(text, mentions))
    assert not [f for f in facts if f.predicate in ("SENT", "DONATED")]


@pytest.mark.parametrize(("text", "mentions", "to"), DONATED_TO)
def test_donated_to(text: str, mentions: dict, to: str) -> None:
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "DONATED"]
    assert facts and {f.attrs.get("to") for f in facts} == {to}


def test_same_day_takes_the_date_written_before() -> None:
    text = "8月3日，青州市遭遇暴雨。湖西省红十字会当天派出工作组赴青州市。"
    ctx = doc(text, {"青州市": "Place", "湖西省红十字会": "Organization"}, date="2021-08-04")
    sent = [f for f in extract_facts(ctx) if f.predicate == "SENT"]
    assert [f.attrs.get("date") for f in sent] == ["2021-08-03"]


def test_stricken_area_is_the_place_struck() -> None:
    text = "南江省青山县遭遇洪灾。东海市红十字会向灾区捐赠饮用水500箱。"
    mentions = {"南江省": "Place", "青山县": "Place", "东海市红十字会": "Organization"}
    donated = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "DONATED"]
    assert [f.attrs.get("to") for f in donated] == ["青山县"]
