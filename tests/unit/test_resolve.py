"""kg.resolve: one entity per real-world entity, canonical names, aliases and place props."""

from __future__ import annotations

import pytest

from kg.recognize import recognize
from kg.records import ORGANIZATION, PERSON, PLACE, Entity, Mention
from kg.resolve import resolve


def _entities(text: str) -> dict[tuple[str, str], Entity]:
    entities, _ = resolve(text, recognize(text))
    return {(e.name, e.type): e for e in entities}


def test_place_short_and_full_forms_merge_with_gazetteer_props() -> None:
    text = "湖北省召开会议。湖北各地积极行动，武汉市民踊跃参与。"
    entities = _entities(text)
    hubei = entities[("湖北省", PLACE)]
    assert hubei.aliases == ["湖北"]
    assert hubei.props["adcode"] == "420000"
    assert hubei.props["level"] == "province"
    assert len(hubei.mentions) == 2
    wuhan = entities[("武汉市", PLACE)]
    assert wuhan.props["parent"] == "湖北省"


def test_person_with_title_and_bare_title_become_aliases() -> None:
    text = "习近平总书记来到社区。总书记强调，要做好防控工作。习近平指出，社区是第一线。"
    person = _entities(text)[("习近平", PERSON)]
    assert "习近平总书记" in person.aliases
    assert "总书记" in person.aliases


def test_bare_title_with_two_holders_is_not_an_alias() -> None:
    text = "李克强总理会见了张大山总理。总理表示欢迎。"
    entities = _entities(text)
    assert "总理" not in entities[("李克强", PERSON)].aliases


@pytest.mark.parametrize(
    ("text", "name", "alias"),
    [
        ("中宣部发出通知。", "中共中央宣传部", "中宣部"),
        ("上合组织秘书处设在北京。", "上海合作组织", "上合组织"),
        ("湖北省红十字会接收捐赠，省红十字会随后公布明细。", "湖北省红十字会", "省红十字会"),
        ("北京市公安局通报，北京公安将加强巡逻。", "北京市公安局", "北京公安"),
        ("听取湖北省委和省政府汇报。湖北省委表示", "湖北省政府", "省政府"),
        # the organ word abbreviated (卫健委 for 卫生健康委员会), the head the same
        ("四川省卫健委派出医疗队。四川省卫生健康委员会表示",
         "四川省卫生健康委员会", "四川省卫健委"),
    ],
)
def test_organization_short_names_link_to_full_names(text: str, name: str, alias: str) -> None:
    entity = _entities(text)[(name, ORGANIZATION)]
    assert alias in entity.aliases


def test_organization_names_its_place_too() -> None:
    entities = _entities("报湖北省委批准。")
    assert ("湖北省委", ORGANIZATION) in entities
    assert ("湖北省", PLACE) in entities


def test_country_pair_abbreviations_resolve_to_countries() -> None:
    entities = _entities("马来西亚总理访华。中马关系发展良好，马方表示满意。")
    malaysia = entities[("马来西亚", PLACE)]
    assert {"马", "马方"} <= set(malaysia.aliases)


def test_familiar_forms_link_to_the_person() -> None:
    text = "个体工商户肖景光是一名志愿者。肖大哥每天都很忙。"
    mentions = [*recognize(text)]
    start = text.index("肖大哥")
    mentions.append(Mention(start, start + 3, PERSON, "肖大哥", "crf", 0.9))
    entities, _ = resolve(text, mentions)
    person = next(e for e in entities if e.name == "肖景光")
    assert "肖大哥" in person.aliases


def test_resolved_mentions_name_the_canonical_entity() -> None:
    text = "内蒙古通辽市委书记表示，内蒙各地正在行动。"
    mentions = recognize(text)
    _, resolved = resolve(text, mentions)
    by_surface = {r.surface: r.name for r in resolved}
    assert by_surface["内蒙"] == "内蒙古自治区"
    assert len(resolved) == len(mentions)


@pytest.mark.parametrize(
    ("text", "name", "alias"),
    [
        (
            "内蒙古自治区召开会议。在自治区党委领导下，各地积极行动。",
            "内蒙古自治区党委",
            "自治区党委",
        ),
        ("湖北省召开会议。省委要求各地落实责任。", "湖北省委", "省委"),
    ],
)
def test_bare_organs_take_the_documents_place(text: str, name: str, alias: str) -> None:
    entity = _entities(text)[(name, ORGANIZATION)]
    assert alias in entity.aliases


def test_county_short_form_resolves_only_next_to_its_city() -> None:
    entities = _entities("湖北咸宁咸安区纪委通报。浙江的咸安小区居民表示满意。")
    county = entities[("咸安区", PLACE)]
    assert county.props["parent"] == "咸宁市"
    assert county.mentions == [(4, 7)]  # the 咸安 of 咸安小区 is not the county


@pytest.mark.parametrize(
    ("short", "full", "linked"),
    [
        ("振华", "李振华", True),  # a given name used alone
        ("张伟", "张伟明", False),  # another person
        ("帕斯特拉纳", "安德烈斯·帕斯特拉纳", True),
        ("老李", "李振华", True),
        ("温总理", "温家宝", True),
        ("温总理", "李振华", False),
    ],
)
def test_person_short_forms(short: str, full: str, linked: bool) -> None:
    text = f"{full}来到这里。{short}说，大家辛苦了。"
    mentions = [
        Mention(0, len(full), PERSON, full, "crf", 0.9),
        Mention(len(full) + 5, len(full) + 5 + len(short), PERSON, short, "crf", 0.9),
    ]
    entities, _ = resolve(text, mentions)
    assert (len(entities) == 1) is linked


@pytest.mark.parametrize(
    ("text", "separate"),
    [
        # a bare national ministry is China's; a foreign one is another body
        ("外交部发言人表示欢迎。白俄罗斯外交部副部长出席。", ["外交部", "白俄罗斯外交部"]),
        # a department and the body it belongs to are two entities
        ("复旦大学物理系主任李明说，复旦大学将扩大招生。", ["复旦大学", "复旦大学物理系"]),
        ("广东省委常委会议研究部署。广东省委要求各地落实。", ["广东省委", "广东省委常委会"]),
        # 省委 does not abbreviate 省纪委监委: that is no one organ word
        ("湖北省委召开会议。湖北省纪委监委通报。", ["湖北省委", "湖北省纪委监委"]),
        # another province's commission is another body
        ("四川省卫健委派出医疗队。湖北省卫生健康委员会表示",
         ["四川省卫健委", "湖北省卫生健康委员会"]),
    ],
)
def test_related_organizations_stay_separate(text: str, separate: list[str]) -> None:
    entities = _entities(text)
    for name in separate:
        assert (name, ORGANIZATION) in entities


@pytest.mark.parametrize(
    ("text", "name", "alias"),
    [
        # 市政府 takes the full 人民政府 name when the article writes it
        ("广州市人民政府发布通知。市政府要求各区落实。", "广州市人民政府", "市政府"),
        # a term number is not part of the body's name
        (
            "第十三届全国人民代表大会第一次会议开幕。",
            "全国人民代表大会",
            "第十三届全国人民代表大会",
        ),
        ("中央社记者报道。", "中央通讯社", "中央社"),
    ],
)
def test_organization_canonical_names(text: str, name: str, alias: str) -> None:
    entity = _entities(text)[(name, ORGANIZATION)]
    assert alias in entity.aliases


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("中国科学院院士王小明说", "中国"),  # the country inside a well-known body's name
        ("中国红十字会总会启动应急响应", "中国"),
        ("美国国防部发表声明", "美国"),
    ],
)
def test_country_inside_organization_names_is_a_place(text: str, place: str) -> None:
    assert (place, PLACE) in _entities(text)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("云南省丽江市拨款，用于宁蒗、永胜两县的学校。", ["宁蒗彝族自治县", "永胜县"]),
        ("香港沙田、荃湾两区设立中心。", ["沙田区", "荃湾区"]),
        ("满洲里市召开会议。满洲里电台报道。", ["满洲里市"]),  # the full name written elsewhere
    ],
)
def test_places_resolve_with_the_whole_document(text: str, names: list[str]) -> None:
    entities = _entities(text)
    for name in names:
        assert (name, PLACE) in entities
    assert not any(n == "满洲里" for n, _ in entities)


def test_abbreviations_after_verbs_resolve_to_their_places() -> None:
    entities = _entities("美国总统访华期间在京会见各界人士。")
    assert "华" in entities[("中国", PLACE)].aliases
    assert "京" in entities[("北京市", PLACE)].aliases


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the dateline's city owns the bare 市委, though another city is mentioned more
        ("本报长沙2月3日讯 市委召开会议，部署岳阳市、岳阳市和岳阳市的对口支援工作。", "长沙市委"),
        ("新华社武汉2月3日电 市委要求，广州市和广州市的医疗队尽快到位。", "武汉市委"),
        ("岳阳市3月5日电 市委要求，长沙市的医疗队尽快到位。", "岳阳市委"),
        # no dateline: the most-mentioned city, as before
        ("长沙电视台报道，岳阳市、岳阳市代表参加。市委要求各地落实责任。", "岳阳市委"),
        ("长沙市召开会议。岳阳市、岳阳市的代表参加。市委要求各地落实责任。", "岳阳市委"),
    ],
)
def test_bare_organs_prefer_the_datelines_place(text: str, name: str) -> None:
    assert (name, ORGANIZATION) in _entities(text)


def test_a_tagged_city_short_form_resolves_to_the_city() -> None:
    text = "国际苏铁学术会议曾在攀枝花召开。"
    mentions = [Mention(9, 12, PLACE, "攀枝花", "crf", 0.97)]
    entities, _ = resolve(text, mentions)
    assert [(e.name, e.props.get("adcode")) for e in entities] == [("攀枝花市", "510400")]


@pytest.mark.parametrize(
    ("text", "body", "not_body"),
    [
        # a foreign party's central organ heads the list of posts: its secretariat, not the CPC's
        ("越共中央政治局委员、中央书记处书记潘庭濯等到机场送行。", "越共中央书记处",
         "中共中央书记处"),
        ("老挝人民革命党中央政治局委员、中央纪委书记坎潘出席。", "老挝人民革命党中央纪委",
         "中共中央纪律检查委员会"),
        # the CPC's own list keeps the table's name
        ("中共中央政治局委员、中央书记处书记王沪宁出席。", "中共中央书记处", "中央书记处"),
        ("党中央、中央书记处作出部署。", "中共中央书记处", "党中央书记处"),
        # a clause break ends the list: the bare 中央书记处 is the CPC's again
        ("越共中央政治局委员阮文甲出席。中央书记处书记王沪宁致辞。", "中共中央书记处",
         "越共中央书记处"),
    ],
)
def test_central_organs_keep_the_party_of_their_list(text: str, body: str, not_body: str) -> None:
    names = {name for name, kind in _entities(text) if kind == ORGANIZATION}
    assert body in names
    assert not_body not in names
