"""kg.recognize.rules, .orgs and .places: each pattern rule on hand-written sentences."""

from __future__ import annotations

import pytest

from kg.recognize.org_extensions import (
    department_mentions,
    foreign_body_mentions,
    longer_form_mentions,
    outlet_mentions,
    team_mentions,
)
from kg.recognize.orgs import (
    bare_organ_mentions,
    known_org_mentions,
    leading_group_mentions,
    named_organ_mentions,
    organ_mentions,
)
from kg.recognize.places import (
    country_pair_mentions,
    gazetteer_mentions,
    listed_place_mentions,
    residential_mentions,
)
from kg.recognize.rules import byline_mentions, name_after, title_person_mentions
from kg.records import ORGANIZATION, Mention


def _texts(mentions) -> list[str]:
    return [m.text for m in mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("山东省委书记王大明在会上说", ["王大明"]),
        ("国务院总理李克强主持会议", ["李克强"]),
        ("该村村支书刘小燕说，今年收成好", ["刘小燕"]),
        ("法国总统马克龙表示欢迎", ["马克龙"]),
        ("公司总裁杰夫·贝索斯宣布", ["杰夫·贝索斯"]),
        ("外交部发言人华春莹答问", ["华春莹"]),
        ("记者从市卫健委主任处获悉", []),  # a title with no name after it
        ("张建国同志长期从事教育工作", ["张建国"]),
        ("温家宝总理出席仪式", ["温家宝"]),
        ("总书记强调社区工作的重要性", []),  # 强调 is a verb, not a name
        ("社区书记陈新东奔西走", ["陈新"]),  # the third character starts an idiom
        ("由市委常委、常务副市长王强主持", ["王强"]),  # 常务副 belongs to the title
        ("前往伊朗总统府", []),
        # a body before 书记 is the secretary's body, not a person (党 is also a surname)
        ("草原开始退化。党支部书记巴特尔带领群众治沙。", ["巴特尔"]),
        ("会议结束。党组书记王大明作总结。", ["王大明"]),
        # the longest title ends the name: 国家主席 (no 应国家), 副总理 (李强 before it)
        ("应国家主席习近平邀请，总统将访华。", ["习近平"]),
        ("李强副总理出席会议。", ["李强"]),
    ],
)
def test_title_person_mentions(text: str, expected: list[str]) -> None:
    assert sorted(set(_texts(title_person_mentions(text)))) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（记者 王小二）本台消息", ["王小二"]),
        ("（新华社记者张三丰、李四光、欧阳明）", ["张三丰", "李四光", "欧阳明"]),
        ("本报记者 赵文卓 通讯员 孙立", ["赵文卓", "孙立"]),
        ("记者深入一线采访", []),
        ("请摄影师去拍照", []),  # 摄影师 is a job, not a credit
    ],
)
def test_byline_mentions(text: str, expected: list[str]) -> None:
    assert _texts(byline_mentions(text)) == expected


@pytest.mark.parametrize(
    ("text", "start", "length"),
    [
        ("李克强说", 0, 3),
        ("王波累得不行", 0, 2),
        ("梅德韦杰夫表示", 0, 5),
        ("强调指出", 0, 0),
        ("大家好", 0, 0),
    ],
)
def test_name_after(text: str, start: int, length: int) -> None:
    assert name_after(text, start) == length


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中宣部和外交部联合发文", {("中宣部", "中宣部"), ("外交部", "外交部")}),
        ("上合组织峰会", {("上合组织", "上合组织")}),
        ("WTO总干事", {("WTO", "WTO")}),
        ("GWTOX", set()),  # ASCII short names must stand alone
    ],
)
def test_known_org_mentions(text: str, expected: set[tuple[str, str]]) -> None:
    assert {(m.text, m.text) for m in known_org_mentions(text)} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("报山东省委批准", ["山东省委"]),
        ("浙江省纪委监委通报", ["浙江省纪委监委"]),
        ("广州市公安局常务副局长", ["广州市公安局"]),
        ("杭州市中心医院党委书记", ["杭州市中心医院"]),  # the hospital, not its party committee
        ("吉林长春市委宣传部", ["长春市委宣传部"]),  # the organ belongs to the nearest place
        ("德国艺术博物馆馆长", ["德国艺术博物馆"]),
        # departments, corps and associations of a province
        ("河北省应急管理厅发布预警", ["河北省应急管理厅"]),
        ("陕西省水利厅通报汛情", ["陕西省水利厅"]),
        ("山西省消防救援总队派出队伍", ["山西省消防救援总队"]),
        ("湖南省消防救援总队总队长张三", ["湖南省消防救援总队"]),  # not 总队总队
        ("甘肃省慈善总会会长李四", ["甘肃省慈善总会"]),
        ("广东省委常委会议研究部署", ["广东省委常委会"]),
        ("中共广西壮族自治区委员会发出通知", ["中共广西壮族自治区委员会"]),
        # one-character organ words never end an ordinary word
        ("北京市今年的大局稳定", []),
        # generic phrases: quantified, or the organ word starts another word
        ("云南一家银行的员工", []),
        ("中国中学生喜欢运动", []),
        ("成都市公安部门的民警", []),
        ("第一届中国人民政治协商会议", []),
        ("江苏援鄂医疗队指挥部", []),
    ],
)
def test_organ_mentions(text: str, expected: list[str]) -> None:
    places = gazetteer_mentions(text)
    assert _texts(organ_mentions(text, places)) == expected


def test_organ_after_residential_place() -> None:
    text = "江苏省南通市崇川区和平桥街道幸福社区党委书记"
    places = gazetteer_mentions(text)
    places += list(residential_mentions(text, places))
    assert "幸福社区党委" in _texts(organ_mentions(text, places))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("习近平来到金沙湾社区看望居民", ["金沙湾社区"]),
        ("四川省雅安市名山区蒙顶镇清泉村", ["蒙顶镇", "清泉村"]),
        ("要加强城乡社区防控", []),  # a generic phrase
        ("打造社区服务体系", []),  # a verb phrase before 社区
        ("提醒村民注意安全", []),  # 村民 is not a village
        ("推进农村和城乡建设", []),  # 农村 ends an ordinary word
        ("参观了市国门景区", ["市国门景区"]),
        # right after a place, a modifier jieba reads as an adverb is still a name
        ("深圳市南山区粤海街道高新社区党委", ["粤海街道", "高新社区"]),
    ],
)
def test_residential_mentions(text: str, expected: list[str]) -> None:
    anchors = gazetteer_mentions(text)
    assert _texts(residential_mentions(text, anchors)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中美关系不断发展", ["中", "美"]),
        ("中俄蒙三国合作", ["中", "俄", "蒙"]),
        ("中方愿同马方一道", ["中方", "马方"]),
        ("中美洲国家", []),  # a region, no pair follower
        ("双方和地方都同意", []),
        ("印巴两国恢复对话", ["印", "巴"]),  # without 中, a strong pair word is needed
        ("英法关系", ["英", "法"]),
        ("美、日、德等国相继表态", ["美", "日", "德"]),
        ("访华期间，驻华大使在京举行招待会", ["华", "华", "京"]),
        ("华人华侨和京剧演员", []),  # 华人, 京剧: other words
    ],
)
def test_country_pair_mentions(text: str, expected: list[str]) -> None:
    found = sorted(country_pair_mentions(text), key=lambda m: m.start)
    assert _texts(found) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会议决定成立中央全面依法治国工作领导小组。", ["中央全面依法治国工作领导小组"]),
        ("党中央成立应对疫情工作领导小组，", ["应对疫情工作领导小组"]),
        ("各地成立领导小组", []),
    ],
)
def test_leading_group_mentions(text: str, expected: list[str]) -> None:
    assert _texts(leading_group_mentions(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他离开雷神山医院后", ["雷神山医院"]),
        ("送往定点医院治疗", []),
        ("以前该公司没有回应", []),
        ("上周交通银行宣布", []),
        ("他是青岛啤酒公司的员工", ["青岛啤酒公司"]),
        ("来到兴隆蔬菜专业合作社", ["兴隆蔬菜专业合作社"]),
    ],
)
def test_named_organ_mentions(text: str, expected: list[str]) -> None:
    assert _texts(named_organ_mentions(text, bytearray(len(text)))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("听取省委和省政府汇报", ["省委", "省政府"]),
        ("在自治区党委领导下", ["自治区党委"]),
        ("市委书记带头", []),  # part of a title
    ],
)
def test_bare_organ_mentions(text: str, expected: list[str]) -> None:
    assert _texts(bare_organ_mentions(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("用于云南省丽江市宁蒗、永胜两县的学校", ["宁蒗", "永胜"]),
        ("香港沙田、荃湾及屯门三区", ["沙田", "荃湾", "屯门"]),
        ("云南省丽江市宁蒗、永胜三县", []),  # the count must match the list
        ("张三、李四两人", []),  # not places
    ],
)
def test_listed_place_mentions(text: str, expected: list[str]) -> None:
    found = sorted(listed_place_mentions(text), key=lambda m: m.start)
    assert _texts(found) == expected


def _orgs(text: str, *surfaces: str) -> list[Mention]:
    found = []
    for surface in surfaces:
        start = text.index(surface)
        found.append(Mention(start, start + len(surface), ORGANIZATION, surface, "rule"))
    return found


@pytest.mark.parametrize(
    ("text", "body", "expected"),
    [
        ("外交部新闻司司长表示", "外交部", ["外交部新闻司"]),
        ("复旦大学物理系主任说", "复旦大学", ["复旦大学物理系"]),
        ("中国科学院物理研究所研究员", "中国科学院", ["中国科学院物理研究所"]),
        ("教育部等部门联合发文", "教育部", []),  # a list, not a unit
        ("教育部部长助理说", "教育部", []),  # a title
        ("中国政府一贯重视两国关系", "中国政府", []),  # 关系 is a word, not a 系
    ],
)
def test_department_mentions(text: str, body: str, expected: list[str]) -> None:
    assert _texts(department_mentions(text, _orgs(text, body))) == expected


@pytest.mark.parametrize(
    ("text", "org", "expected"),
    [
        ("中国红十字会总会启动应急响应", "中国红十字会", ["中国红十字会总会"]),
        ("某市红十字会总会发布公告", "某市红十字会", ["某市红十字会总会"]),
        ("某市红十字会总会长说", "某市红十字会", []),  # 总会长 is a title
        ("某省消防救援总队总队长", "某省消防救援总队", []),
        ("外交部总会回应", "外交部", []),  # 总会 after a name not ending in 会 is the adverb
    ],
)
def test_longer_form_mentions(text: str, org: str, expected: list[str]) -> None:
    assert _texts(longer_form_mentions(text, _orgs(text, org))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("河南日报郑州5月3日讯（记者 王晓）", ["河南日报"]),
        ("法治网记者 李强", ["法治网"]),
        ("据央视网消息", ["央视网"]),
        ("会议研究部署汛期工作河南日报郑州6月1日讯", ["河南日报"]),  # a glued headline
        ("每天的工作日报送上级", []),
    ],
)
def test_outlet_mentions(text: str, expected: list[str]) -> None:
    assert _texts(outlet_mentions(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("巴西队战胜德国队", ["巴西队", "德国队"]),
        ("四川女排获得冠军", ["四川女排"]),
        ("中国队员表示满意", []),
    ],
)
def test_team_mentions(text: str, expected: list[str]) -> None:
    places = gazetteer_mentions(text)
    assert _texts(team_mentions(text, places)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("美国国防部发表声明", ["美国国防部"]),
        ("白俄罗斯外交部递交照会", ["白俄罗斯外交部"]),
        ("中国外交部发言人", []),  # China's own ministry keeps its table name
    ],
)
def test_foreign_body_mentions(text: str, expected: list[str]) -> None:
    places = gazetteer_mentions(text)
    known = list(known_org_mentions(text))
    assert _texts(foreign_body_mentions(text, places, known)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("外交部发言人说", ["外交部"]),
        ("外交部长表示", ["外交部"]),  # a title may follow a body
        ("公安部门和财政部门", []),  # common words, not the ministries
    ],
)
def test_known_org_mentions_respect_word_ends(text: str, expected: list[str]) -> None:
    assert _texts(known_org_mentions(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("副县长和春华说", ["和春华"]),  # a rare surname right after a title
        ("市长和平说", []),  # 和平 is a word
        ("书记和县长一起", []),
    ],
)
def test_rare_surnames_after_titles(text: str, expected: list[str]) -> None:
    assert _texts(title_person_mentions(text)) == expected
