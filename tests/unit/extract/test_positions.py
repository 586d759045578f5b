"""HOLDS_POSITION: titles before names, lists of titles, bodies that are places, negatives."""

from __future__ import annotations

import pytest

from kg.extract import extract_facts
from tests.unit.extract._doc import doc

CASES = [
    # a state post stacked after a party post is the country's, not the party's
    ("发来贺电的还有东山国工党前主席、前政府副总理兼外长马丁。",
     {"马丁": "Person", "东山国": "Place", "东山国工党": "Organization"},
     {("马丁", "东山国工党", "前主席"), ("马丁", "东山国", "前政府副总理"),
      ("马丁", "东山国", "外长")}),
    ("东山国工党主席、秘书长马丁出席。",
     {"马丁": "Person", "东山国": "Place", "东山国工党": "Organization"},
     {("马丁", "东山国工党", "主席"), ("马丁", "东山国工党", "秘书长")}),
    # a title led by a party the recognizer missed: the party holds the post, not the place
    ("北洲绿色党主席马丁发来贺电。", {"北洲": "Place", "马丁": "Person"}, set()),
    ("北洲总统马丁发来贺电。", {"北洲": "Place", "马丁": "Person"}, {("马丁", "北洲", "总统")}),
    # assistants of any head, and the short ministers of a foreign state
    ("国家统计局局长助理钱文参加会见。", {"国家统计局": "Organization", "钱文": "Person"},
     {("钱文", "国家统计局", "局长助理")}),
    ("南江市市长助理钱文参加会见。", {"南江市": "Place", "钱文": "Person"},
     {("钱文", "南江市", "市长助理")}),
    ("东山国外长马丁出席会议。", {"东山国": "Place", "马丁": "Person"},
     {("马丁", "东山国", "外长")}),
    ("东山国防长马丁出席会议。", {"东山国": "Place", "马丁": "Person"},
     {("马丁", "东山国", "防长")}),
    # guidelines §4.5: the post without its body; party posts keep the committee word
    ("东海省委常委、秘书长甲乙丙出席。", {"东海省委": "Organization", "甲乙丙": "Person"},
     {("甲乙丙", "东海省委", "省委常委"), ("甲乙丙", "东海省委", "秘书长")}),
    ("中共中央政治局委员、国务院副总理丁一山出席。",
     {"中共中央政治局": "Organization", "国务院": "Organization", "丁一山": "Person"},
     {("丁一山", "中共中央政治局", "政治局委员"), ("丁一山", "国务院", "副总理")}),
    ("中央军委副主席马长风出席。",
     {"中央军委": ("Organization", "中央军事委员会"), "马长风": "Person"},
     {("马长风", "中央军事委员会", "军委副主席")}),
    ("国家副主席王大同会见来宾。", {"王大同": "Person"}, {("王大同", "中国", "国家副主席")}),
    # a body's generic noun goes with the body (街道办事处副主任 → 副主任)
    ("东湖街道办事处负责防疫。街道办事处副主任孙立说，人手已经到位。",
     {"东湖街道办事处": "Organization", "孙立": "Person"},
     {("孙立", "东湖街道办事处", "副主任")}),
    # more title heads: 大臣, 议员
    ("东海国外交大臣阿里表示欢迎。", {"东海国": "Place", "阿里": "Person"},
     {("阿里", "东海国", "外交大臣")}),
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
     {("钱进", "江南机械有限公司", "总经理")}),
    # titles after the name, in a dismissal
    ("决定免去李卫东市交通局局长、党组书记职务。",
     {"李卫东": "Person", "市交通局": "Organization"},
     {("李卫东", "市交通局", "局长"), ("李卫东", "市交通局", "党组书记")}),
    # a place + an administrative organ in the title
    ("俄罗斯政府总理伊万诺夫抵达北京。", {"俄罗斯": "Place", "伊万诺夫": "Person", "北京": "Place"},
     {("伊万诺夫", "俄罗斯政府", "总理")}),
    ("湖北省委书记刘强主持会议。", {"湖北": ("Place", "湖北省"), "刘强": "Person"},
     {("刘强", "湖北省委", "省委书记")}),
    # a place + the organ written in the title
    ("光明社区党委书记吴亚平带头值守。", {"光明社区": "Place", "吴亚平": "Person"},
     {("吴亚平", "光明社区党委", "社区党委书记")}),
    # a named organ inside the title, after a recognized body
    ("东江大学经济研究中心主任钱伟认为，消费将继续回暖。",
     {"东江大学": "Organization", "钱伟": "Person"},
     {("钱伟", "东江大学经济研究中心", "主任")}),
    # a single-holder title after the name
    ("习近平总书记发表重要讲话。", {"习近平": "Person"}, {("习近平", "党中央", "总书记")}),
    # the body was not recognized: split it off by its organ suffix
    ("东江大学附属医院院长钱伟介绍了救治情况。", {"钱伟": "Person"},
     {("钱伟", "东江大学附属医院", "院长")}),
    # stacked titles: a place leader's bare title belongs to the place of the body before it
    ("江南省委副书记、省长顾明远出席开幕式。",
     {"江南省委": "Organization", "顾明远": "Person"},
     {("顾明远", "江南省委", "省委副书记"), ("顾明远", "江南省", "省长")}),
    # a bare title stacked after another shares its body (the 省委 named before)
    ("江南省委召开会议。省委常委、秘书长邱海出席。",
     {"江南省委": "Organization", "邱海": "Person"},
     {("邱海", "江南省委", "省委常委"), ("邱海", "江南省委", "秘书长")}),
    # 兼 joins two titles
    ("东海国副总理兼财政部长阿明·哈桑表示欢迎。",
     {"东海国": "Place", "财政部": "Organization", "哈桑": "Person"},
     {("哈桑", "财政部", "部长"), ("哈桑", "东海国", "副总理")}),
    # a short organ stacked after another belongs to the same place
    ("青山区纪委书记、监委主任苗青介绍案情。",
     {"青山区纪委": "Organization", "苗青": "Person"},
     {("苗青", "青山区纪委", "纪委书记"), ("苗青", "青山区监委", "监委主任")}),
    ("市交通局党组书记、局长严冬带队检查。", {"市交通局": "Organization", "严冬": "Person"},
     {("严冬", "市交通局", "党组书记"), ("严冬", "市交通局", "局长")}),
    # the body named with its party group: the group's post, then the body's own (委员长)
    ("东湖委员会党组召开会议。东湖委员会党组书记、委员长林海主持。",
     {"东湖委员会党组": "Organization", "东湖委员会": "Organization", "林海": "Person"},
     {("林海", "东湖委员会党组", "党组书记"), ("林海", "东湖委员会", "委员长")}),
    ("江南省人大常委会副委员长许宁出席。", {"江南省人大常委会": "Organization", "许宁": "Person"},
     {("许宁", "江南省人大常委会", "副委员长")}),
    # one title before a list of names is each one's
    ("国务院副总理甲乙丙、丁一山出席会议。",
     {"国务院": "Organization", "甲乙丙": "Person", "丁一山": "Person"},
     {("甲乙丙", "国务院", "副总理"), ("丁一山", "国务院", "副总理")}),
    # a place leader without a place: the document's place of that level
    ("滨海市召开防汛会议。副市长何小川通报了汛情。",
     {"滨海市": "Place", "何小川": "Person"}, {("何小川", "滨海市", "副市长")}),
    ("新华社北京电 湖西省委召开常委会议。省长罗平出席。",
     {"新华社": "Organization", "北京": "Place", "湖西省委": "Organization", "罗平": "Person"},
     {("罗平", "湖西省", "省长")}),
    # a court's title: the court named before
    ("江城市中级人民法院今天宣判一起案件。审判长白露说，判决已经生效。",
     {"江城市中级人民法院": "Organization", "白露": "Person"},
     {("白露", "江城市中级人民法院", "审判长")}),
    # a foreign leader: the country; the title stands before the given name
    ("越南总理阮文·陈明抵达北京。", {"越南": "Place", "陈明": "Person", "北京": "Place"},
     {("陈明", "越南", "总理")}),
    # the place before an organ the recognizer missed is part of its name
    ("江南省消防救援总队总队长韩冰介绍了救援进展。", {"江南省": "Place", "韩冰": "Person"},
     {("韩冰", "江南省消防救援总队", "总队长")}),
    ("东海市慈善总会会长黎明出席仪式。", {"东海市": "Place", "黎明": "Person"},
     {("黎明", "东海市慈善总会", "会长")}),
    # the place as written, unless its canonical name only adds the level
    ("香江医学会会长柯南认为，收费机制需要检讨。",
     {"香江": ("Place", "香江特别行政区"), "柯南": "Person"}, {("柯南", "香江医学会", "会长")}),
    ("湖西消防救援总队总队长韩冰介绍了救援进展。",
     {"湖西": ("Place", "湖西省"), "韩冰": "Person"}, {("韩冰", "湖西省消防救援总队", "总队长")}),
    # a bare organ noun: the body of that kind named before
    ("远东实业集团有限公司向灾区捐款。集团董事长钟声说，这是应尽的责任。",
     {"远东实业集团有限公司": "Organization", "钟声": "Person"},
     {("钟声", "远东实业集团有限公司", "董事长")}),
    # a department of a university and of a ministry
    ("南江大学化学系主任沈一鸣认为，基础研究很重要。",
     {"南江大学": "Organization", "沈一鸣": "Person"},
     {("沈一鸣", "南江大学化学系", "主任")}),
    ("交通运输部公路局局长卢森介绍情况。", {"交通运输部": "Organization", "卢森": "Person"},
     {("卢森", "交通运输部公路局", "局长")}),
    # an address before the body: the title still reaches the titles before it
    ("全国人大代表、江南省青州市市长伍岳说，目标很实在。",
     {"全国人大": "Organization", "江南省": "Place", "青州市": "Place", "伍岳": "Person"},
     {("伍岳", "青州市", "市长"), ("伍岳", "全国人大", "全国人大代表")}),
    # a generic place noun: the place inside the body named before
    ("青石社区党委书记陈红走访居民。社区民警韩东也来了。",
     {"青石社区党委": "Organization", "陈红": "Person", "韩东": "Person"},
     {("陈红", "青石社区党委", "社区党委书记"), ("韩东", "青石社区", "民警")}),
    # a demonstrative organ noun: the body of that kind named before
    ("青州市人民医院派出医疗队。该院院长乔木说，队员都是自愿报名。",
     {"青州市人民医院": "Organization", "乔木": "Person"},
     {("乔木", "青州市人民医院", "院长")}),
    # a committee named by its level: the document's place of that level
    ("青州市召开安全生产会议。市委书记闻道主持会议。", {"青州市": "Place", "闻道": "Person"},
     {("闻道", "青州市委", "市委书记")}),
    # the recognizer took a title into the body's name: split it off
    ("东海国中央政治局常委、国务院总理丙丁出席。",
     {"东海国中央政治局常委": "Organization", "国务院": "Organization", "丙丁": "Person"},
     {("丙丁", "国务院", "总理"), ("丙丁", "东海国中央政治局", "政治局常委")}),
    # a title taken up after the name; a bare one shares the body of the one before
    ("赵敏当选县妇联主席，钱红、孙丽当选副主席。",
     {"赵敏": "Person", "县妇联": ("Organization", "青山县妇联"), "钱红": "Person",
      "孙丽": "Person"},
     {("赵敏", "青山县妇联", "主席"), ("钱红", "青山县妇联", "副主席"),
      ("孙丽", "青山县妇联", "副主席")}),
    # a body whose name holds a conjunction; a government's bureau is named by itself
    ("东海特区政府交通及房屋局局长钟岳表示，新线路年底通车。",
     {"东海特区政府": "Organization", "钟岳": "Person"}, {("钟岳", "交通及房屋局", "局长")}),
    ("住房和城乡建设部部长倪虹出席会议。", {"倪虹": "Person"},
     {("倪虹", "住房和城乡建设部", "部长")}),
    # a descriptor next to the name: the titles before it still hold
    ("全国人大代表、江南省青州市果农伍梅说，收成很好。",
     {"全国人大": "Organization", "江南省": "Place", "青州市": "Place", "伍梅": "Person"},
     {("伍梅", "全国人大", "全国人大代表")}),
    # 市政府 resolved to another body: the government of the document's city
    ("青州市召开会议。市政府秘书长闻涛出席。",
     {"青州市": "Place", "市政府": ("Organization", "青州市政府网站"), "闻涛": "Person"},
     {("闻涛", "青州市人民政府", "秘书长")}),
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
    # bare organ nouns and place leaders with nothing named before them
    ("集团董事长钟声说，这是应尽的责任。", {"钟声": "Person"}),
    ("副市长何小川通报了汛情。", {"何小川": "Person"}),
    ("审判长白露宣读了判决。", {"白露": "Person"}),
    # 担任 a task, not a title; 任务 is no appointment
    ("李刚担任此次活动的总协调。", {"李刚": "Person"}),
    ("李刚任务繁重。", {"李刚": "Person"}),
    # a list of people, the second described, not titled
    ("陈东、农民李西来到现场。", {"陈东": "Person", "李西": "Person"}),
    # someone counted, not titled
    ("青山县一位干部周正介绍了情况。", {"青山县": "Place", "周正": "Person"}),
    # a short organ with no owner named is no body
    ("监委主任苗青介绍案情。", {"苗青": "Person"}),
    # a list of reporters shares no title
    ("记者王一、李二报道。", {"王一": "Person", "李二": "Person"}),
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


def test_reelected_to_two_posts() -> None:
    text = "代表们祝贺王大同主席连任中共中央总书记和中国国家主席。"
    mentions = {"王大同": "Person", "中共中央": ("Organization", "中共中央"), "中国": "Place"}
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "HOLDS_POSITION"]
    got = {(f.object.name, f.attrs["title"]) for f in facts}
    assert {("中共中央", "总书记"), ("中国", "国家主席")} <= got


def test_a_verb_is_no_part_of_a_title() -> None:
    text = "国务院总理王建平26日在江城会见东方经济论坛主席史密斯。"
    mentions = {"国务院": "Organization", "王建平": "Person", "江城": "Place", "史密斯": "Person"}
    facts = [f for f in extract_facts(doc(text, mentions)) if f.predicate == "HOLDS_POSITION"]
    assert all("会见" not in f.attrs["title"] for f in facts)
    assert ("王建平", "国务院", "总理") in {(f.subject.name, f.object.name, f.attrs["title"])
                                          for f in facts}
