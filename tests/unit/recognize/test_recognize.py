"""kg.recognize.recognize: the combined recognizer on hand-written sentences."""

from __future__ import annotations

import importlib.util
import itertools
import json
import pathlib
from types import ModuleType

import pytest

from kg.normalize import normalize
from kg.recognize import (
    _enclosing_organizations,
    _keep_statistical,
    _prefer_county_cities,
    nested_organizations,
    nested_places,
    recognize,
)
from kg.recognize.filters import trim_foreign_name
from kg.records import ORGANIZATION, PERSON, PLACE, Mention
from kg.resolve import resolve


def _found(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in recognize(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a city's name after a title is a person's; without one it stays the city
        ("首任总统华盛顿说，自由需要守护。", {("华盛顿", PERSON)}),
        ("代表团昨天抵达华盛顿。", {("华盛顿", PLACE)}),
        ("昆明市西山区召开会议。", {("昆明市", PLACE), ("西山区", PLACE)}),
        (
            "山东省委书记王大明来到济南市公安局调研。",
            {("山东省委", ORGANIZATION), ("王大明", PERSON), ("济南市公安局", ORGANIZATION)},
        ),
        (
            "四川省雅安市名山区蒙顶镇清泉村党支部书记赵小兰说，村里已经复工。",
            {
                ("四川省", PLACE),
                ("雅安市", PLACE),
                ("名山区", PLACE),
                ("蒙顶镇", PLACE),
                ("清泉村党支部", ORGANIZATION),
                ("赵小兰", PERSON),
            },
        ),
        (
            "（记者 王小二、李四光）外交部发言人华春莹说，中美关系应当稳定发展。",
            {
                ("王小二", PERSON),
                ("李四光", PERSON),
                ("外交部", ORGANIZATION),
                ("华春莹", PERSON),
                ("中", PLACE),
                ("美", PLACE),
            },
        ),
        (
            "法国总统马克龙抵达北京，开始对中国进行国事访问。",
            {("法国", PLACE), ("马克龙", PERSON), ("北京", PLACE), ("中国", PLACE)},
        ),
    ],
)
def test_recognize_finds_expected_mentions(text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= _found(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("各地要科学施策，精准施策。", {"施策"}),
        ("总书记强调，要加强城乡社区防控。", {"总书记", "城乡社区", "强调社"}),
        ("南海地区和平稳定，社会长治久安。", {"海地", "长治"}),
        # a region's mountain area, not the district 西山区 / 南山区
        ("技术扩散到浙西南山区和桂西山区。", {"南山区", "西山区"}),
        ("市委书记带头到社区报到。", {"市委书记", "社区"}),
        ("送往定点医院治疗，广大党员干部积极参与。", {"定点医院", "党员干部"}),
    ],
)
def test_recognize_skips_generic_words(text: str, absent: set[str]) -> None:
    assert not absent & {surface for surface, _ in _found(text)}


@pytest.mark.parametrize(
    "text",
    [
        "湖北省纪委监委调查后报湖北省委批准，免去其职务。",
        "黑龙江伊春朝阳社区党总支书记王小婧",
        "浙江宁波、云南昆明等地广泛发动群众",
    ],
)
def test_mentions_are_sorted_and_do_not_overlap(text: str) -> None:
    mentions = recognize(text)
    assert mentions == sorted(mentions, key=lambda m: (m.start, m.end))
    for left, right in itertools.pairwise(mentions):
        assert left.end <= right.start
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_chained_short_form_of_another_province_is_part_of_a_name() -> None:
    # 朝阳 here is the community's name, not 朝阳市 of another province.
    found = _found("黑龙江伊春朝阳社区党总支书记王小婧")
    assert ("朝阳社区党总支", ORGANIZATION) in found
    assert ("朝阳", PLACE) not in found


@pytest.mark.parametrize(
    ("text", "org", "places"),
    [
        ("湖北省纪委监委发布通报", "湖北省纪委监委", ["湖北省"]),
        ("贵州省毕节市海子村党支部", "海子村党支部", ["海子村"]),
        ("这是川油物业成都分公司的员工", "川油物业成都分公司", ["成都"]),
    ],
)
def test_nested_places_inside_organizations(text: str, org: str, places: list[str]) -> None:
    mention = next(m for m in recognize(text) if m.text == org)
    assert [p.text for p in nested_places(text, mention)] == places


def test_a_long_text_gives_each_sentence_its_mentions() -> None:
    """200 copies of a sentence: the same mentions 200 times, at shifted offsets (the speed of
    long texts is measured by benchmarks/throughput.py, not here)."""
    sentence = "湖北省委书记王大明来到武汉市火神山医院，看望医务人员。"
    one = [(m.start, m.end, m.type, m.text) for m in recognize(sentence)]
    many = [(m.start, m.end, m.type, m.text) for m in recognize(sentence * 200)]
    size = len(sentence)
    assert one and many == [(a + k * size, b + k * size, kind, surface)
                            for k in range(200) for a, b, kind, surface in one]


def _mention(text: str, surface: str, kind: str, source: str, score: float = 1.0) -> Mention:
    start = text.index(surface)
    return Mention(start, start + len(surface), kind, surface, source, score)


@pytest.mark.parametrize(
    ("text", "rules", "statistical", "expected"),
    [
        # extends a known organization: the longer statistical span competes
        (
            "巴基斯坦外交部发言人说",
            [("巴基斯坦", PLACE), ("外交部", ORGANIZATION)],
            ("巴基斯坦外交部", 0.95),
            ["巴基斯坦外交部"],
        ),
        # a place plus an organ word the rules do not know
        ("美国航空航天局宣布", [("美国", PLACE)], ("美国航空航天局", 0.95), ["美国航空航天局"]),
        # a chain of places is not swallowed
        (
            "山东济宁某某社区党委书记",
            [("山东", PLACE), ("济宁", PLACE), ("某某社区党委", ORGANIZATION)],
            ("山东济宁某某社区党委", 0.95),
            [],
        ),
        # a province and its city before an institution: one name (the guidelines' school,
        # works and company names hold their places)
        (
            "河南洛阳市红星机械厂生产",
            [("河南", PLACE), ("洛阳市", PLACE)],
            ("河南洛阳市红星机械厂", 0.93),
            ["河南洛阳市红星机械厂"],
        ),
        ("山东白庄煤矿发展很快", [("山东", PLACE)], ("山东白庄煤矿", 0.95), ["山东白庄煤矿"]),
        # ... but not two places before an organ, named from the city on (通辽市政府)
        (
            "内蒙古通辽市政府召开会议",
            [("内蒙古", PLACE), ("通辽市", PLACE)],
            ("内蒙古通辽市政府", 0.95),
            [],
        ),
        # ... nor two places that are a list, not a chain (湖南 does not hold 洛阳市)
        (
            "湖南洛阳市红星机械厂生产",
            [("湖南", PLACE), ("洛阳市", PLACE)],
            ("湖南洛阳市红星机械厂", 0.93),
            [],
        ),
        # a span that cuts through a rule mention is ignored
        ("在北京市公安局", [("北京市公安局", ORGANIZATION)], ("在北京市", 0.99), []),
        # not confident enough
        ("欧盟委员会主席", [("欧盟", ORGANIZATION)], ("欧盟委员会", 0.5), []),
        # A unit every body has, or the party cell of a title, stays out of the body's name.
        ("联合国秘书处发表声明", [("联合国", ORGANIZATION)], ("联合国秘书处", 0.99), []),
        ("外交部党组书记主持会议", [("外交部", ORGANIZATION)], ("外交部党组", 0.99), []),
        ("外交部党组召开会议", [("外交部", ORGANIZATION)], ("外交部党组", 0.99), ["外交部党组"]),
    ],
)
def test_enclosing_organizations(
    text: str,
    rules: list[tuple[str, str]],
    statistical: tuple[str, float],
    expected: list[str],
) -> None:
    rule_mentions = [_mention(text, surface, kind, "rule") for surface, kind in rules]
    surface, score = statistical
    candidate = _mention(text, surface, ORGANIZATION, "crf", score)
    found = _enclosing_organizations(text, rule_mentions, [candidate])
    assert [m.text for m in found] == expected


@pytest.mark.parametrize(
    ("surface", "kind", "score", "kept"),
    [
        ("社区党组织", ORGANIZATION, 0.95, False),  # a generic group
        ("公安机关", ORGANIZATION, 0.9, False),
        ("村党支部", ORGANIZATION, 0.99, False),
        ("新闻演播大厅", ORGANIZATION, 0.98, False),  # a room, not a body
        ("欧盟委员会", ORGANIZATION, 0.95, True),
        ("中央政策研究室", ORGANIZATION, 0.95, True),  # 研究室: a research office is a body
        ("可口可乐公司", ORGANIZATION, 0.95, True),
        ("浙江省人民医院", ORGANIZATION, 0.7, True),  # starts with a known place
        ("施策", ORGANIZATION, 0.99, False),
        ("克林顿", PERSON, 0.9, True),
        ("内塔尼亚胡", PERSON, 0.6, True),  # a transliterated name, even when less sure
        ("阿姨", PERSON, 0.9, False),
        ("东奔西走", PERSON, 0.9, False),  # an idiom
        ("贝伦市", PERSON, 0.9, False),  # a place the tagger took for a person
        ("莫斯科", PERSON, 0.9, False),
        ("老旧小区", PLACE, 0.95, False),
        ("肯特郡", PLACE, 0.9, True),
        ("各省市", PLACE, 0.9, False),
        ("人民大会堂", PLACE, 0.99, False),  # a building
        ("鄱阳湖区", PLACE, 0.9, False),  # a natural area, not a division
        ("东南亚", PLACE, 0.95, False),  # a world region
        ("攀枝花", PLACE, 0.95, True),  # a city jieba tags as an idiom (i)
        ("攀枝花", PLACE, 0.8, False),  # ... so only a sure tagger makes it the city
        ("山东白庄煤矿", ORGANIZATION, 0.95, True),  # a place + an institution ending
        ("山东白庄煤矿", ORGANIZATION, 0.8, False),  # ... needs a sure tagger
        ("北京市各煤矿", ORGANIZATION, 0.95, False),  # 各: every one of a kind
        ("非洲", PLACE, 0.95, True),  # a continent
        ("太平洋", PLACE, 0.95, False),  # a sea
        ("中西部", ORGANIZATION, 0.95, False),  # a region of the country
        # 全国 + a national body, not 全国 + a kind of body or group.
        ("全国妇联", ORGANIZATION, 0.95, True),
        ("全国人大民族委员会", ORGANIZATION, 0.95, True),
        ("全国总工会", ORGANIZATION, 0.95, True),
        ("全国人大民族委员会", ORGANIZATION, 0.7, False),  # unsure: 全国 stays generic
        ("全国医院", ORGANIZATION, 0.95, False),
        ("全国各级党委", ORGANIZATION, 0.95, False),
        ("全国人大代表", ORGANIZATION, 0.95, False),
        ("全国党组织", ORGANIZATION, 0.95, False),
        ("陈寅恪", PERSON, 0.9, True),  # jieba tags it as a name (nrfg)
        ("屈原", PERSON, 0.9, True),  # jieba lists it as an ordinary noun (n)
        ("周作人", PERSON, 0.9, True),
        ("屈原", PERSON, 0.6, False),  # ... so only a sure tagger makes it a name
        ("周恩来", PERSON, 0.9, True),  # jieba tags three-character names oddly: t
        ("王佑民", PERSON, 0.9, True),  # vn
        ("王佑民", PERSON, 0.7, False),
        ("万余名", PERSON, 0.95, False),  # a numeral (m), whatever the tagger says
        ("解解馋", PERSON, 0.95, False),  # 解 + the frequent word 解馋
        ("冰心", PERSON, 0.995, True),  # a pen name (a rare noun, no surname): all but certain
        ("冰心", PERSON, 0.95, False),
        ("高风险", PERSON, 0.95, False),  # 高 + the word 风险: a noun, however sure
        ("班干部", PERSON, 0.95, False),
        ("莫道", PERSON, 0.4, False),  # too unsure
        ("王陵区", PERSON, 0.9, False),  # a district, not a person
        ("党支部", PERSON, 0.95, False),  # a body
        ("金色大厅", PLACE, 0.99, False),  # rooms, buildings, farms and works are not places
        ("望海楼", PLACE, 0.99, False),
        ("红旗林场", PLACE, 0.99, False),
        ("雷达站", PLACE, 0.99, False),
        ("太阳", PLACE, 0.99, False),  # a star
        ("京沪铁路", PLACE, 0.99, False),
        ("琼海", PLACE, 0.99, True),  # a city's short form, whatever its ending
        ("高峰会", PERSON, 0.95, False),  # events are neither persons nor bodies
        ("欧盟峰会", ORGANIZATION, 0.95, False),
        ("中海峰会", ORGANIZATION, 0.95, False),
        ("峰会组委会", ORGANIZATION, 0.95, True),  # the body that runs the event
        ("现代小区", PLACE, 0.95, False),  # a kind of housing estate, like 老旧小区
    ],
)
def test_statistical_filter(surface: str, kind: str, score: float, kept: bool) -> None:
    text = f"据报道，{surface}表示。"
    mention = _mention(text, surface, kind, "crf", score)
    assert _keep_statistical(text, mention) is kept


def _load_scorer(shared: pathlib.Path) -> ModuleType:
    path = shared / "tools" / "kg_score.py"
    spec = importlib.util.spec_from_file_location("kg_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.parametrize(
    ("corpus", "gold"), [("corpus", "gold"), ("corpus-news2009", "gold-news2009")]
)
def test_entity_f1_on_the_dev_articles(shared: pathlib.Path, corpus: str, gold: str) -> None:
    """Entity rows of recognize + resolve, scored by the shared scorer (regression guard)."""
    scorer = _load_scorer(shared)
    records = []
    for path in sorted((shared / corpus).glob("*.txt")):
        text = normalize(path.read_text(encoding="utf-8")).text
        entities, _ = resolve(text, recognize(text))
        records += [
            {
                "kind": "entity",
                "doc": path.stem,
                "name": e.name,
                "type": e.type,
                "aliases": e.aliases,
            }
            for e in entities
        ]
    gold_docs = [
        scorer.Doc(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted((shared / gold).glob("*.json"))
    ]
    result = scorer.score(records, gold_docs)
    assert result["entity:ALL"]["f1"] >= 0.90


@pytest.mark.parametrize(
    ("text", "surface", "score", "kept"),
    [
        ("坚持问政于民的做法", "政于民", 0.85, False),  # cut out of a phrase
        ("她叫热依拉，今年", "热依拉", 0.85, True),  # a clean left edge
        ("据说，热依拉每天", "热依拉", 0.85, True),
        ("副县长和春华说", "和春华", 0.6, True),  # a title right before it
        ("卢甘斯克地区爆发冲突", "卢甘斯克", 0.78, False),  # a region, not a person
        ("张明一带着孩子来了", "张明", 0.95, True),  # 一 + 带着: no place word follows
        ("他的名字叫孙山，今年", "孙山", 0.95, True),
        ("这次考试他名落孙山。", "孙山", 0.95, False),  # inside an idiom (成语)
    ],
)
def test_statistical_person_context(text: str, surface: str, score: float, kept: bool) -> None:
    mention = _mention(text, surface, PERSON, "crf", score)
    assert _keep_statistical(text, mention) is kept


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        # Hong Kong variant characters and look-alike name dots are normalized first
        ("香港衞生署表示", {("香港卫生署", ORGANIZATION)}),
        ("美国国务院副国务卿约翰・沙利文出席", {("约翰·沙利文", PERSON)}),
        ("中国红十字会总会启动应急响应", {("中国红十字会总会", ORGANIZATION)}),
        ("复旦大学物理系主任李明说", {("复旦大学物理系", ORGANIZATION), ("李明", PERSON)}),
        ("河南日报郑州5月3日讯（记者 王晓）", {("河南日报", ORGANIZATION), ("郑州", PLACE)}),
        ("来到长顺县兴隆蔬菜专业合作社", {("长顺县", PLACE), ("兴隆蔬菜专业合作社", ORGANIZATION)}),
        ("新德里市已有百人中暑", {("新德里市", PLACE)}),
        ("日本国内经济", {("日本", PLACE)}),  # not 日本国 + 内
        ("北京朝阳区确定标准", {("北京", PLACE), ("朝阳区", PLACE)}),  # a shared county name
        ("他来到佛山市南海区调研", {("佛山市", PLACE), ("南海区", PLACE)}),  # a division's token
        ("乌军称击退了一次进攻", {("乌军", ORGANIZATION)}),  # a country's army, not a person
        ("对以军的行动表示关切", {("以军", ORGANIZATION)}),
        ("应习近平邀请，总统将访华", {("习近平", PERSON)}),  # the host of an invitation
        ("应李强的邀请出席论坛", {("李强", PERSON)}),
    ],
)
def test_recognize_generalizes(original: str, expected: set[tuple[str, str]]) -> None:
    text = normalize(original).text
    assert expected <= _found(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("广州市人民政府网站发布消息", {"广州市人民政府网站"}),  # a website is not a body
        ("灾区政府要把救灾放在首位", {"区政府"}),
        ("做到问政于民、问计于民", {"政于民", "计于民"}),
        # a place name glued inside a word that ends as a division does: 沿|海地|区, 示|范县
        ("资金流向东部沿海地区", {"海地"}),
        ("第三批乡村振兴示范县名单公布", {"范县"}),
        ("飓风登陆佛罗里达州", {"达州"}),
        ("姜新军向记者介绍情况", {"新军"}),  # a name with 新 inside, not 新加坡's army
        ("俄军舰艇驶离港口", {"俄军"}),  # 俄 + 军舰
        ("可以军民两用", {"以军"}),
        ("应邀请出席论坛", {"邀请"}),
    ],
)
def test_recognize_avoids_false_positives(text: str, absent: set[str]) -> None:
    assert not absent & {surface for surface, _ in _found(text)}


@pytest.mark.parametrize(
    ("text", "surface", "kind", "kept"),
    [
        ("生命重于泰山，安全责任要落实。", "泰山", PLACE, False),  # inside an idiom
        ("一位维吾尔族老党员说。", "维吾尔", PLACE, False),  # a people (族), not a place
        ("一位来自新疆的老党员说。", "新疆", PLACE, True),
        ("党的十八大以来，各地加快发展。", "十八大", ORGANIZATION, False),  # a point in time
    ],
)
def test_statistical_span_in_context(text: str, surface: str, kind: str, kept: bool) -> None:
    mention = _mention(text, surface, kind, "crf", 0.99)
    assert _keep_statistical(text, mention) is kept


@pytest.mark.parametrize(
    ("text", "org", "body"),
    [
        ("国家统计局党组召开会议。", "国家统计局党组", "国家统计局"),
        ("全国人大常委会党组书记、委员长主持会议。", "全国人大常委会党组", "全国人大常委会"),
    ],
)
def test_a_party_group_names_its_body(text: str, org: str, body: str) -> None:
    start = text.index(org)
    mention = Mention(start, start + len(org), ORGANIZATION, org, "crf-enclosing", 0.95)
    assert [m.text for m in nested_organizations(text, mention)] == [body]


def test_a_county_city_rule_beats_a_statistical_place_of_the_same_span() -> None:
    text = "从武夷山朱熹园到安阳殷墟。"
    statistical = Mention(1, 4, PLACE, "武夷山", "crf", 0.99)
    site = Mention(4, 7, PLACE, "朱熹园", "site", 0.9)
    county = Mention(1, 4, PLACE, "武夷山", "county-city", 0.8)
    chosen = _prefer_county_cities([statistical, site], [county], len(text))
    assert sorted(chosen, key=lambda m: m.start) == [county, site]


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("习近平主席同萨勒曼国王会谈。", "同萨勒曼", "萨勒曼"),  # a preposition glued before
        ("法国前总统与萨科齐会谈。", "与萨科齐", "萨科齐"),
        ("塞舌尔总统拉姆卡拉旺、佛得角总统", "拉姆卡拉旺", "拉姆卡拉旺"),  # the other edge stays
        ("林尚立指出。", "林尚立", "林尚立"),
        ("总理李克强调研时说。", "李克强", "李克强"),  # a Chinese name is left alone
        ("副县长和春华说。", "和春华", "和春华"),  # 和 the surname: 春华 is no transliteration
    ],
)
def test_trim_foreign_name(text: str, span: str, expected: str) -> None:
    mention = _mention(text, span, PERSON, "crf", 0.95)
    trimmed = trim_foreign_name(text, mention)
    assert trimmed.text == expected == text[trimmed.start : trimmed.end]
