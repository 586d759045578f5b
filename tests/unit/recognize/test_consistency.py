"""kg.recognize.consistency: a foreign name the document writes as a place is a place."""

from __future__ import annotations

import pytest

from kg.recognize.consistency import SOURCE, repeated_names, retype_places, trim_glued_words
from kg.records import ORGANIZATION, PERSON, PLACE, Mention


def _person(text: str, surface: str) -> Mention:
    start = text.index(surface)
    return Mention(start, start + len(surface), PERSON, surface, "crf", 0.8)


@pytest.mark.parametrize(
    ("text", "surface", "kind"),
    [
        ("哈尔科夫遭到袭击。哈尔科夫州政府说", "哈尔科夫", PLACE),  # a place word elsewhere
        ("巴赫穆特方向战斗激烈", "巴赫穆特", PLACE),
        ("卢甘斯克人民共和国宣布", "卢甘斯克", PLACE),  # one character (甘) is no transliteration
        ("俄军攻向库皮扬斯克、利曼等地", "库皮扬斯克", PLACE),  # a list closed by 等地
        ("加州州长纽森说，纽森州长将出席", "纽森", PERSON),  # 州长: the governor, not a place
        ("普京说，俄方愿意谈判", "普京", PERSON),  # nothing makes it a place
        ("张明地区经理说", "张明", PERSON),  # a Chinese name: not foreign-looking
    ],
)
def test_foreign_names_written_as_places_become_places(text: str, surface: str, kind: str) -> None:
    (mention,) = retype_places(text, [_person(text, surface)])
    assert mention.type == kind
    assert (mention.source == SOURCE) is (kind == PLACE)


def test_a_foreign_body_written_as_a_place_becomes_a_place() -> None:
    text = "赫尔松遭到炮击。赫尔松州官员说，西门子公司撤离。"
    body = Mention(0, 3, ORGANIZATION, "赫尔松", "crf", 0.9)
    start = text.index("西门子")
    company = Mention(start, start + 3, ORGANIZATION, "西门子", "crf", 0.9)  # no place word
    assert [m.type for m in retype_places(text, [body, company])] == [PLACE, ORGANIZATION]


@pytest.mark.parametrize(
    ("text", "long", "short", "expected"),
    [
        ("蔡奇同越共代表团会谈。蔡奇表示欢迎。", "蔡奇同", "蔡奇", "蔡奇"),  # 同 (p) glued on
        ("俄罗斯总统普京举行视频会晤。普京说。", "普京举", "普京", "普京"),  # 举 of 举行
        ("市长龚正在上海考察。龚正指出。", "龚正在", "龚正", "龚正"),
        ("名单：刘军川　刘军、刘奇凡", "刘军川", "刘军", "刘军川"),  # in a list: 川 is no verb
        ("刘军川。刘军、王强", "刘军川", "刘军", "刘军川"),  # punctuation follows the name
        ("沙特国王萨勒曼表示，萨勒会谈", "萨勒曼", "萨勒", "萨勒曼"),  # 曼: a name character
    ],
)
def test_a_character_glued_after_a_known_name(text: str, long: str, short: str,
                                              expected: str) -> None:
    after = text.index(short, text.index(long) + len(long))  # the shorter name's own mention
    other = Mention(after, after + len(short), PERSON, short, "crf", 0.8)
    found = trim_glued_words(text, [_person(text, long), other])
    assert found[0].text == expected == text[found[0].start : found[0].end]


def _sure(text: str, surface: str, nth: int = 0, score: float = 0.95) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(start, start + len(surface), PERSON, surface, "crf", score)


REPEATED = "张明远出席会议。张明远讲话。"


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("张明远等领导同志参加活动。", ["张明远"]),  # jieba would read 远等
        ("会后张明远缓步走出会场。", ["张明远"]),
        ("大家学习张明远思想。", []),  # a doctrine named after him
        ("大家学习张明远治村思想。", []),
        ("各地涌现出张明远式的干部。", []),  # a manner
        ("他参观了张明远纪念馆。", []),  # a memorial
        ("新书《张明远的故事》出版。", []),  # the title of a work
    ],
)
def test_repeated_names(tail: str, expected: list[str]) -> None:
    text = REPEATED + tail
    known = [_sure(text, "张明远", 0), _sure(text, "张明远", 1)]
    found = repeated_names(text, known)
    assert [m.text for m in found] == expected
    assert all(m.start >= len(REPEATED) and text[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize(
    "known",
    [
        [(0, 0.95)],  # one reading is not enough
        [(0, 0.95), (1, 0.6)],  # nor one sure and one unsure
    ],
)
def test_repeated_names_need_two_sure_readings(known: list[tuple[int, float]]) -> None:
    text = REPEATED + "张明远等领导同志参加活动。"
    mentions = [_sure(text, "张明远", nth, score) for nth, score in known]
    assert repeated_names(text, mentions) == []


def test_a_short_name_is_not_repeated() -> None:
    text = "王刚说。王刚表示。王刚强调，要加强。"
    mentions = [_sure(text, "王刚", 0), _sure(text, "王刚", 1)]
    assert repeated_names(text, mentions) == []  # 王刚强调 is 王 + 刚强 + 调 as often as not
