"""Sites, national institutions, ports, county-level cities before names, runs of province
abbreviations and the other entity rules of issue 12's last CCTV misses (sentences written for
these tests)."""

from __future__ import annotations

import pytest

from kg.recognize import recognize
from kg.records import ORGANIZATION, PERSON, PLACE
from kg.resolve import resolve


def _entities(text: str) -> set[tuple[str, str]]:
    entities, _ = resolve(text, recognize(text))
    return {(e.name, e.type) for e in entities}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a proper name + a site head noun is a site, typed as the gold types sites
        ("考古队员在良渚遗址发掘出一批玉器。", ("良渚遗址", PLACE)),
        ("我们参观了卢沟桥。", ("卢沟桥", PLACE)),
        ("代表团走进成都武侯祠。", ("武侯祠", PLACE)),
        ("游客在武夷山朱熹园参观。", ("朱熹园", PLACE)),
        # a state farm is a body; a descriptor may stand between the name and the head
        ("河北塞罕坝机械林场的职工种树。", ("塞罕坝机械林场", ORGANIZATION)),
        # 国家 + an institution is the national body, with its branch
        ("国家博物馆举办新展览。", ("国家博物馆", ORGANIZATION)),
        ("他在国家图书馆查阅古籍。", ("国家图书馆", ORGANIZATION)),
        ("国家版本馆中央总馆向公众开放。", ("国家版本馆中央总馆", ORGANIZATION)),
        # a customs house is named after its port: the body and the place
        ("记者来到红其拉甫海关。", ("红其拉甫海关", ORGANIZATION)),
        ("记者来到红其拉甫海关。", ("红其拉甫", PLACE)),
        # a county-level city's short form before a body or a site
        ("游客在曲阜孔子研究院参观。", ("曲阜市", PLACE)),
        ("游客在武夷山朱熹园参观。", ("武夷山市", PLACE)),
        # runs of province abbreviations name each province
        ("推动京津冀协同发展。", ("天津市", PLACE)),
        ("推动京津冀协同发展。", ("河北省", PLACE)),
        ("两地共同筑牢京津绿色屏障。", ("北京市", PLACE)),
        ("粤港澳大湾区建设提速。", ("澳门特别行政区", PLACE)),
        ("川渝两地携手合作。", ("重庆市", PLACE)),
        # the Central African Republic when a title follows it
        ("中非总统出席会议。", ("中非", PLACE)),
        # a name after 夫人
        ("总统夫人丹尼丝出席晚宴。", ("丹尼丝", PERSON)),
        # a periodical in title marks
        ("《求是》杂志刊发文章。", ("求是", ORGANIZATION)),
        # the Party in the set phrases of the press
        ("当好让党放心的卫士。", ("中国共产党", ORGANIZATION)),
        # a ministry that jieba lists as an ordinary noun
        ("原林业部批准成立林场。", ("林业部", ORGANIZATION)),
        # an army's named unit, and the army itself
        ("贵宾检阅中国人民解放军仪仗队。", ("中国人民解放军仪仗队", ORGANIZATION)),
        ("贵宾检阅中国人民解放军仪仗队。", ("中国人民解放军", ORGANIZATION)),
        # a body of a group of states named by a coordination
        (
            "韩梅会见阿拉伯、伊斯兰国家外长联合代表团。",
            ("阿拉伯、伊斯兰国家外长联合代表团", ORGANIZATION),
        ),
        # a person whose given name looks like a run of abbreviations stays whole
        ("王沪宁出席会议。", ("王沪宁", PERSON)),
        # a place before a site keeps its name: no 丽江古城 swallows 丽江
        ("在云南丽江古城，游人如织。", ("丽江市", PLACE)),
        # names listed before 国家 stay names; a continent or a city before 国家 stays a place
        ("任命王立新、张海为国家某局副局长。", ("王立新", PERSON)),
        ("中国同非洲国家团结合作。", ("非洲", PLACE)),
        ("德令哈国家级风电基地并网发电。", ("德令哈", PLACE)),
        # a company led by 国家 is still a company (the bare 国家电网 is as often any
        # country's national grid: the taggers leave it to the context)
        ("国家电网有限公司在辽宁开工建设电站。", ("国家电网有限公司", ORGANIZATION)),
    ],
)
def test_recognized(text: str, expected: tuple[str, str]) -> None:
    assert expected in _entities(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # generic phrases are not sites
        ("这座桥很长，大桥通车了。", ("这座桥", PLACE)),
        ("这座桥很长，大桥通车了。", ("大桥", PLACE)),
        ("美丽家园建设，孩子们在幼儿园玩。", ("美丽家园", PLACE)),
        ("公园里人很多。", ("公园", PLACE)),
        # a verb before 海关 (jieba tags 弘扬 as a name) and a quantifier are no ports
        ("要弘扬海关队伍的优良作风。", ("弘扬海关", ORGANIZATION)),
        ("要弘扬海关队伍的优良作风。", ("弘扬", PLACE)),
        ("全国海关加强监管。", ("全国海关", ORGANIZATION)),
        # 中非 is China and Africa
        ("双方推动中非友好合作。", ("中非", PLACE)),
        ("中非合作论坛召开会议。", ("中非", PLACE)),
        # a people's name before 国家 is neither a person nor a country
        ("中方愿同阿拉伯、伊斯兰国家加强合作。", ("阿拉伯", PERSON)),
        ("中方愿同阿拉伯、伊斯兰国家加强合作。", ("阿拉伯", PLACE)),
        # a kind of unit and a budget are not bodies
        ("军乐团奏国歌。", ("军乐团", ORGANIZATION)),
        ("中央财政安排资金。", ("中央财政", ORGANIZATION)),
        # runs that are no lists of provinces
        ("苏宁易购发布财报。", ("江苏省", PLACE)),
        ("青藏高原生态保护。", ("青海省", PLACE)),
        ("王沪宁出席会议。", ("上海市", PLACE)),
        # 夫人 before an ordinary word
        ("开展夫人外交。", ("外交", PERSON)),
        # a measure, a time word or a phrase before the head, a quoted programme, an area
        ("印度一座拉索桥断裂。", ("拉索桥", PLACE)),
        ("商代晚期都城遗址保存完好。", ("都城遗址", PLACE)),
        ("田野里一派春色满园的景象。", ("春色满园", PLACE)),
        ("学生们参加“汉语桥”比赛。", ("汉语桥", PLACE)),
        ("这个乡地处垦区农场之间。", ("垦区农场", ORGANIZATION)),
        # a run of abbreviations inside a body's name is part of the name
        ("中央港澳工作办公室主任出席。", ("香港特别行政区", PLACE)),
        # a structure is not a place
        ("游客登上长城远眺。", ("长城", PLACE)),
    ],
)
def test_not_recognized(text: str, absent: tuple[str, str]) -> None:
    assert absent not in _entities(text)
