"""Boundary rules of the recognizer (issue 12): names that swallow a verb, places that only
modify an attribute or name a natural feature, titles that end a body, and 我国."""

from __future__ import annotations

import pytest

from kg.recognize import recognize
from kg.records import ORGANIZATION, PERSON, PLACE
from kg.resolve import resolve


def _found(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in recognize(text)}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # a common word plus the first character of a verb is not a name after a title
        ("省委书记高度重视秋粮收购工作。", ("高度重", PERSON)),
        ("总书记鲜明提出了新的要求。", ("鲜明提", PERSON)),
        # places that only modify an attribute or a natural area
        ("会议在北京时间上午十点开幕。", ("北京", PLACE)),
        ("他们走出了一条中国特色的治沙之路。", ("中国", PLACE)),
        ("科考队穿越青海高原的无人区。", ("青海", PLACE)),
        # natural features and rankings the gazetteer lacks are not places
        ("渔民在汉江两岸捕鱼，这里是产茶大县。", ("汉江", PLACE)),
        ("渔民在汉江两岸捕鱼，这里是产茶大县。", ("产茶大县", PLACE)),
        # a doctrine named after a person is not the person
        ("学员们认真研读列宁主义的经典著作。", ("列宁", PERSON)),
        # a body followed by a title of its members is a title, not a body
        ("中共中央政治局常委、国务院副总理王大明出席。", ("中共中央政治局常委", ORGANIZATION)),
        # a frequent word after a title, which no tagger reads as a name, is no name
        ("在习近平总书记关心指导下，群众脱贫致富。", ("关心", PERSON)),
        ("秘书长高度评价这次会议的成果。", ("高度评", PERSON)),
        # a summit of a body is an event, not a body of its own
        ("两国领导人出席了北约峰会并发表讲话。", ("北约峰会", ORGANIZATION)),
        ("欧盟峰会当天在布鲁塞尔闭幕。", ("欧盟峰会", ORGANIZATION)),
    ],
)
def test_not_recognized(text: str, absent: tuple[str, str]) -> None:
    assert absent not in _found(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全国人大常委会委员长王大明主持会议。", ("王大明", PERSON)),
        ("议长陈小平会见了代表团。", ("陈小平", PERSON)),
        ("市长张国华主持会议并讲话。", ("张国华", PERSON)),  # a real name is kept
        ("中国代表团抵达北京市。", ("北京市", PLACE)),
        ("长沙市民在湘江边晨练。", ("长沙", PLACE)),
        # a county's short form that ends like a river is still the county
        ("地震过去多年，汶川的群众住进了新房。", ("汶川", PLACE)),
        # a body's party cell is a body; followed by a title it is part of the title
        ("国家统计局党组召开扩大会议。", ("国家统计局党组", ORGANIZATION)),
        ("国家统计局党组书记王大明主持会议。", ("国家统计局", ORGANIZATION)),
        ("北京大学党委传达学习会议精神。", ("北京大学党委", ORGANIZATION)),
        # a name after a title that begins like a word stays a name when a tagger reads it so,
        # or when it is a transliteration (阿曼 is a word, 阿曼达 a name)
        ("主任高峰说，今年收成好。", ("高峰", PERSON)),
        ("政府副总理阿曼达出席。", ("阿曼达", PERSON)),
        # ... and the body that holds a summit stays a body
        ("两国领导人出席了北约峰会并发表讲话。", ("北约", ORGANIZATION)),
        ("欧盟峰会当天在布鲁塞尔闭幕。", ("欧盟", ORGANIZATION)),
    ],
)
def test_recognized(text: str, expected: tuple[str, str]) -> None:
    assert expected in _found(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("今年我国粮食产量再创新高。", "中国"),
        ("专家认为，我国的新能源汽车出口增长很快。", "中国"),
    ],
)
def test_own_country(text: str, name: str) -> None:
    entities, _ = resolve(text, recognize(text))
    assert (name, PLACE) in {(e.name, e.type) for e in entities}
