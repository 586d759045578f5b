"""Abbreviations that stand for several places: provinces written together by their
one-character abbreviations, 京津冀 (北京, 天津, 河北), 粤港澳, 川渝, 京沪, where each character
is a mention of its province (GUIDELINES: an abbreviation that stands for several places names
each of them); and 中非, which is China and Africa (中非合作) unless the text shows the Central
African Republic.

A run of abbreviations is only read so when it is a word of its own that names the places: a
dictionary word of jieba's tagged as an abbreviation or a longer run (京沪, 港澳, 鄂豫皖), a pair
that begins such a run (京津 of 京津冀), or any run followed by a word for a region or a set of
places (川渝两地, 京津冀协同发展); not inside a name (王沪宁, 中央港澳工作办公室).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg.gazetteer import COUNTRY, Place, country_abbreviation, lookup_place, place_names
from kg.recognize.lexicon import dictionary_tags, has_surname, long_titles
from kg.records import PLACE, Mention

REGION_SOURCE = "region"

# The official one-character abbreviations of the provincial-level divisions (and the second
# forms 蜀, 秦, 陇 used in such runs). 云/贵/蒙/新/台 are left out: they begin too many words.
_PROVINCES = {
    "京": "北京市",
    "津": "天津市",
    "沪": "上海市",
    "渝": "重庆市",
    "冀": "河北省",
    "晋": "山西省",
    "辽": "辽宁省",
    "吉": "吉林省",
    "黑": "黑龙江省",
    "苏": "江苏省",
    "浙": "浙江省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "鄂": "湖北省",
    "湘": "湖南省",
    "粤": "广东省",
    "桂": "广西壮族自治区",
    "琼": "海南省",
    "川": "四川省",
    "蜀": "四川省",
    "黔": "贵州省",
    "滇": "云南省",
    "藏": "西藏自治区",
    "陕": "陕西省",
    "秦": "陕西省",
    "甘": "甘肃省",
    "陇": "甘肃省",
    "青": "青海省",
    "宁": "宁夏回族自治区",
    "港": "香港特别行政区",
    "澳": "澳门特别行政区",
}
_RUN = re.compile("[" + "".join(_PROVINCES) + "]{2,4}")
# Words after a run that show it names a set of places.
_REGION_WORDS = (
    "地区",
    "区域",
    "两地",
    "三地",
    "四地",
    "两省",
    "三省",
    "两市",
    "三省市",
    "一体化",
    "协同",
    "城市群",
    "经济圈",
    "都市圈",
    "大湾区",
    "毗邻",
    "交界",
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Words after a run that make it a natural area or an attribute (青藏高原, 川藏线 is kept).
_NOT_AFTER = ("高原", "盆地", "平原", "丘陵", "山脉", "之好", "色")


@functools.lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    return frozenset(place_names())


@functools.lru_cache(maxsize=1)
def _list_words() -> frozenset[str]:
    """jieba's dictionary words that are runs of abbreviations and not a place of their own
    (京津, 鄂豫皖, 京沪; not 辽宁, 宁津): the runs that read as a list of provinces."""
    names = _place_names()
    return frozenset(
        word
        for word in dictionary_tags()
        if _RUN.fullmatch(word) and len(set(word)) == len(word) and word not in names
    )


def _names_provinces(run: str) -> bool:
    """A dictionary run tagged as an abbreviation (京沪, 港澳), any longer run (京津冀, 鄂豫陕),
    or a pair that begins a longer one (京津 of 京津冀; not 苏宁, 甘宁, 晋京)."""
    words = _list_words()
    if run not in words:
        return False
    if dictionary_tags().get(run) == "j" or len(run) >= 3:
        return True
    return any(len(word) > len(run) and word.startswith(run) for word in words)


def region_abbreviation(char: str) -> Place | None:
    """The province a one-character abbreviation stands for inside a run (津 → 天津市)."""
    full = _PROVINCES.get(char)
    return lookup_place(full) if full else None


def region_mentions(text: str) -> Iterator[Mention]:
    """One mention per province of 京津冀-style runs (京, 津, 冀)."""
    tags = dictionary_tags()
    names = _place_names()
    for match in _RUN.finditer(text):
        start, end = match.span()
        run = match.group()
        if len(set(run)) < len(run) or run in names:
            continue  # 川川, 辽宁: not a list of provinces
        before = text[start - 1] if start else ""
        if before and _CJK.match(before) and tags.get(before + run[0]) is not None:
            continue  # 进京津: the first character ends the word before
        after = text[end] if end < len(text) else ""
        if after and _CJK.match(after) and tags.get(run[-1] + after) is not None:
            continue  # 京津冀 + 州: the last character begins the next word
        if text.startswith(_NOT_AFTER, end):
            continue
        if _after_surname(text, start):
            continue  # 王沪宁: the run is a given name
        if not (text.startswith(_REGION_WORDS, end) or _names_provinces(run)):
            continue
        for k in range(start, end):
            yield Mention(k, k + 1, PLACE, text[k], REGION_SOURCE, 0.8)


def _after_surname(text: str, start: int) -> bool:
    """Whether a surname stands alone right before ``start`` (王|沪宁), where the run would be
    a given name; a character that ends a word (筑牢|京津) or a function word (为|京津冀) does
    not count."""
    from kg.dictionary import dictionary_cut

    if start == 0 or not _CJK.match(text[start - 1]):
        return False
    window_start = max(0, start - 4)
    position = window_start
    for token in dictionary_cut(text[window_start : start + 3]):
        token_end = position + len(token)
        if position < start < token_end:
            return True  # the run is cut off a word that began before it (王沪宁)
        if token_end == start:
            return len(token) == 1 and has_surname(token) and token not in _FUNCTION_CHARS
        position = token_end
    return False


_FUNCTION_CHARS = frozenset("为在到和与及同对从向把将被由于是的了等赴经")


# One-character names of continents in pairs with 中 (中非 China–Africa, 中欧, 中拉).
_CONTINENT_ABBREVIATIONS = frozenset("非欧亚拉")


def pair_of_abbreviations(text: str, name: str, place: Place) -> bool:
    """中非 is China and Africa (中非合作, 中非命运共同体) unless the text names the country
    in full (中非共和国): a two-character country name that reads as 中 + the abbreviation of
    another country or continent (非 of 非洲)."""
    if place.level != COUNTRY or len(name) != 2 or name[0] != "中" or name == "中国":
        return False
    other = name[1]
    if country_abbreviation(other) is None and other not in _CONTINENT_ABBREVIATIONS:
        return False
    if place.short != name and place.short in text:
        return False
    return not _country_title_follows(text, name)


def _country_title_follows(text: str, name: str) -> bool:
    """中非总统图瓦德拉, 中非政府: a title or 政府 after the name makes it the country."""
    after = (*long_titles(), "政府", "外交部", "首都", "境内")
    position = text.find(name)
    while position >= 0:
        if text.startswith(after, position + len(name)):
            return True
        position = text.find(name, position + 1)
    return False
