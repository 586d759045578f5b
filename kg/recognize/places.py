"""Place mentions: gazetteer matches, country-pair abbreviations and residential places.

Gazetteer matching uses one Aho-Corasick automaton over every full and short form (built once).
Short forms that are ambiguous or ordinary words are kept only when ``lookup_place`` accepts
them with the document as context (a county short form needs its city or province nearby).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import ahocorasick

from kg.dictionary import dictionary_cut
from kg.gazetteer import (
    CITY,
    COUNTY,
    Place,
    country_abbreviation,
    dictionary_tags,
    is_full_name,
    lookup_place,
    place_names,
)
from kg.recognize.lexicon import common_word, known_organizations, org_suffixes, words
from kg.recognize.regions import pair_of_abbreviations, region_abbreviation
from kg.records import PLACE, Mention

# Residential and sub-county places: 社区, 村, 街道, 镇, 乡, plus scenic and development areas.
RESIDENTIAL_SUFFIXES = ("社区", "街道", "风景区", "景区", "新区", "开发区", "镇", "乡", "村")
_RESIDENTIAL_TAIL = re.compile("|".join(RESIDENTIAL_SUFFIXES))
# Characters that never occur inside a residential place name (function words, measure words).
_NOT_IN_NAME = set(
    "的了是在和与及等对把将向从为到并个各全所每该本这那其此些们有无不也都就已被让给由于之要好做位批"
)
# jieba tags of a two-character piece that show the modifier is a verb phrase (打造社区).
_VERBAL_TAGS = frozenset(["v", "vn", "vd", "ad", "d", "p", "c", "r", "u", "t"])
_STRICT_VERBAL_TAGS = frozenset(["v", "vn", "vd", "p", "c", "r", "u"])
# Modifiers that make X社区/X村 a generic phrase rather than a name.
GENERIC_MODIFIERS = words("generic_place_modifiers")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# One-character country abbreviations form pairs such as 中美, 中俄蒙; a pair needs a word
# after it that shows it is about the countries (关系, 两国, 合作...).
_PAIR_FOLLOWERS = (
    "关系",
    "两国",
    "三国",
    "双方",
    "建交",
    "合作",
    "友好",
    "友谊",
    "战略",
    "经贸",
    "贸易",
    "边境",
    "人民",
    "领导人",
    "元首",
    "会谈",
    "联合",
    "之间",
    "伙伴",
    "多种",
    "共同",
    "交流",
    "外交",
)


@functools.lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for name in place_names():
        if len(name) >= 2:
            automaton.add_word(name, name)
    automaton.make_automaton()
    return automaton


def gazetteer_mentions(text: str) -> list[Mention]:
    """Longest non-overlapping gazetteer matches that ``lookup_place`` accepts in context."""
    candidates: list[tuple[int, int, str]] = []
    for end_index, name in _automaton().iter(text):
        start = end_index - len(name) + 1
        candidates.append((start, end_index + 1, name))
    # Longest first, then leftmost: 黑龙江省 beats 龙江; 内蒙古自治区 beats 内蒙古.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken = bytearray(len(text))
    mentions: list[Mention] = []
    for start, end, name in candidates:
        if any(taken[start:end]):
            continue
        if not _accept(text, start, end, name):
            continue
        taken[start:end] = b"\x01" * (end - start)
        score = 1.0 if is_full_name(name) else 0.9
        mentions.append(Mention(start, end, PLACE, name, "gazetteer", score))
    mentions.sort(key=lambda m: m.start)
    return _consistent_chains(text, mentions)


def _consistent_chains(text: str, mentions: list[Mention]) -> list[Mention]:
    """Drop a short form glued after a place it does not belong to (伊春朝阳社区: 朝阳 is part
    of the community's name, not 朝阳市 of another province)."""
    kept: list[Mention] = []
    for mention in mentions:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and previous.end == mention.start
            and not is_full_name(mention.text)
        ):
            outer = lookup_place(previous.text, context=text)
            inner = lookup_place(mention.text, context=text)
            if outer and inner and not descends(inner, outer.name):
                continue
        kept.append(mention)
    return kept


def descends(place: Place, ancestor: str) -> bool:
    """Whether ``ancestor`` (a full name) is the place's parent, or that parent's, up the chain."""
    parent = place.parent
    for _ in range(3):
        if parent is None:
            return False
        if parent == ancestor:
            return True
        above = lookup_place(parent)
        parent = above.parent if above else None
    return False


# Words that make a place before them an attribute or a natural area, not the place itself:
# 中国特色, 中国式, 北京时间, 青藏高原, 四川盆地.
# 族 makes the name a people's (维吾尔族, 朝鲜族), as 特色 makes 中国 an attribute of 中国特色.
_ATTRIBUTE_AFTER = (
    "特色", "式", "时间", "高原", "盆地", "平原", "沙地", "沙漠", "山脉", "丘陵", "族"
)


def attribute_follows(text: str, end: int) -> bool:
    """Whether the place ending at ``end`` is only the modifier of an attribute or area word."""
    return text.startswith(_ATTRIBUTE_AFTER, end)


def _accept(text: str, start: int, end: int, name: str) -> bool:
    if attribute_follows(text, end):
        return False
    # County-level short forms (咸安, 镇海) are only trusted right after their city or province.
    local = text[max(0, start - 12) : start]
    if name[-1] in "省市县区" and common_word(text[end - 1 : end + 1]):
        return False  # 北京市场, 和平区域: the suffix begins the next word (北京 may still match)
    if _direction_then_area(text, start, name):
        return False
    place = lookup_place(name, context=text)
    if place is None:
        # An official county name several cities share (朝阳区) is still a place; resolution
        # leaves it without a code.
        return is_full_name(name) and len(name) >= 3
    if (
        name.endswith("国")
        and not is_full_name(name)
        and text[end - 1 : end + 1] in dictionary_tags()
    ):
        return False  # 日本国内, 日本国际: the country is 日本, 国内 is the next word
    if pair_of_abbreviations(text, name, place):
        return False
    county_short = not is_full_name(name) and place.level == COUNTY
    if county_short and lookup_place(name, context=local) is None:
        return False
    # A short form glued inside a longer word (南海 in 南海问题 is fine, but 和平 in 和平共处 is not
    # a place) is filtered by lookup_place's common-word test; here we only refuse short forms
    # that continue into another CJK word which would make them a different name (e.g. 吉林大学
    # is handled as an organization by the rules, not here).
    if len(name) == 2 and not _aligned(text, start, end):
        return False
    return not (not is_full_name(name) and len(name) == 2 and _glued(text, start, end))


# Areas named by a natural feature or a function rather than an administrative division
# (桂西|山区: the mountain area of western Guangxi; 鄱阳湖区, 灾区).
AREA_WORDS = ("湖区", "山区", "林区", "牧区", "库区", "矿区", "灾区", "疫区", "垦区", "湾区")


def _direction_then_area(text: str, start: int, name: str) -> bool:
    """西山区 of 桂西山区, 南山区 of 浙西南山区: a district named direction + area word that
    continues a region written before it (a province's one-character form or a direction), not
    the district (昆明市西山区 keeps it: 市 is neither)."""
    if start == 0 or name[0] not in "东西南北" or not name.endswith(AREA_WORDS):
        return False
    before = text[start - 1]
    return before in "东西南北中" or region_abbreviation(before) is not None


def _aligned(text: str, start: int, end: int) -> bool:
    """A two-character name must be a word of its own: 海地 in 南海地区 and 长治 in 长治久安
    are not. Checked with jieba's dictionary segmentation of a small window."""
    window_start = max(0, start - 4)
    window = text[window_start : end + 4]
    position = window_start
    for token in dictionary_cut(window):
        token_end = position + len(token)
        crosses = position < start < token_end or position < end < token_end
        if position == start and _place_then_word(token[end - start :]):
            crosses = False  # 中国政府, 中国人, 美国国防部: the place is still a word of its own
        if crosses and lookup_place(token) is None and not _place_word(token, start - position):
            return False
        position = token_end
    return True


_AFTER_PLACE_WORDS = frozenset(
    (
        "人",
        "人民",
        "政府",
        "市民",
        "省委",
        "市委",
        "方面",
        "境内",
        "各地",
        "全境",
        "地区",
        "大学",
        "队",
        "军",
        "籍",
        "产",
        "方",
        "侧",
        "国内",
        "国民",
    )
)


def _place_then_word(rest: str) -> bool:
    """What may follow a place inside one jieba token: 人, 政府, or a body (国防部, 日报)."""
    return (
        rest in _AFTER_PLACE_WORDS or rest in known_organizations() or rest.endswith(org_suffixes())
    )


def _place_word(token: str, offset: int = 0) -> bool:
    """jieba joins place chains (云南昆明, 吉林长春) into one token; those still align, and so
    does a place that begins a token of a division (南海区). A place ``offset`` characters into
    such a token is glued inside another word (海地 in 沿海地区)."""
    if token and token[-1] in "省市县区州盟旗镇乡村" and offset == 0:
        return True
    return any(
        lookup_place(token[:i]) is not None and lookup_place(token[i:]) is not None
        for i in range(2, len(token) - 1)
    )


def _glued(text: str, start: int, end: int) -> bool:
    """A two-character short form sandwiched in a longer name, such as 宁波 in 安宁波动."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(before and after and _CJK.match(before) and _CJK.match(after)) and (
        lookup_place(text[start - 1 : start + 1]) is not None
    )


# Words after a pair of abbreviations that make it a pair of countries even without 中 (印巴两国,
# 日俄双方, 巴以谈判).
_STRONG_PAIR_FOLLOWERS = ("两国", "三国", "双方", "关系", "谈判", "边境", "之间", "首脑", "冲突")


# 我国: the writer's own country, a reference to 中国 rather than its name.
COUNTRY_SELF_SOURCE = "country-self"


def country_pair_mentions(text: str) -> Iterator[Mention]:
    """Countries abbreviated in pairs: 中马关系 → 中 and 马; 中俄蒙多种 → 中, 俄, 蒙; 中方/马方;
    印巴两国; lists such as 美、日、德等国; 华/京/沪 after a verb (访华, 驻华, 在京); 我国."""
    yield from _abbreviation_lists(text)
    yield from _context_abbreviations(text)
    for match in re.finditer("我国", text):
        yield Mention(match.start(), match.end(), PLACE, "我国", COUNTRY_SELF_SOURCE, 0.8)
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and country_abbreviation(text[j]) is not None:
            j += 1
        run = j - i
        paired = run >= 2 and (
            ("中" in text[i:j] and text.startswith(_PAIR_FOLLOWERS, j))
            or text.startswith(_STRONG_PAIR_FOLLOWERS, j)
        )
        if paired:
            for k in range(i, j):
                yield Mention(k, k + 1, PLACE, text[k], "country-pair", 0.8)
        elif run >= 1 and j < len(text) and text[j] == "方" and _is_side(text, j - 1):
            yield Mention(j - 1, j + 1, PLACE, text[j - 1 : j + 1], "country-side", 0.8)
        i = max(j, i + 1)


_ABBREVIATION_LIST = re.compile(
    r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?:、[\u4e00-\u9fff])+(?=等国|[两三四五六七八九十]国)"
)


def _abbreviation_lists(text: str) -> Iterator[Mention]:
    """美、日、德等国 / 印、巴两国: one-character abbreviations listed before 等国 or N国."""
    for match in _ABBREVIATION_LIST.finditer(text):
        chars = range(match.start(), match.end(), 2)
        if all(country_abbreviation(text[k]) is not None for k in chars):
            for k in chars:
                yield Mention(k, k + 1, PLACE, text[k], "country-list", 0.8)


# 华/京/沪 name a place right after a verb of travel or stance (访华, 驻华大使, 在京举行, 赴沪),
# unless the next character makes another word (华人, 华北, 京剧, 京城).
_ABBREVIATION_VERBS = set("访来对驻援在赴抵离返进旅侵使")
_NOT_AFTER_ABBREVIATION = set("人侨裔语文夏丽为北南东西中商工剧城郊腔")


def _context_abbreviations(text: str) -> Iterator[Mention]:
    for k, char in enumerate(text):
        if char not in "华京沪" or k == 0 or text[k - 1] not in _ABBREVIATION_VERBS:
            continue
        after = text[k + 1] if k + 1 < len(text) else ""
        if after in _NOT_AFTER_ABBREVIATION:
            continue
        yield Mention(k, k + 1, PLACE, char, "country-context", 0.8)


def listed_place_mentions(text: str) -> Iterator[Mention]:
    """Short names listed before a count and a level word: 宁蒗、永胜两县, 沙田、荃湾两区.

    The count must equal the number of names, and each name must be a place of that level in
    the gazetteer (read with the whole document as context)."""
    for match in _COUNTED_LEVEL.finditer(text):
        count = _COUNTS[match.group("count")]
        level_char = match.group("level")
        items: list[tuple[int, int]] = []
        position = match.start()
        while position > 0 and len(items) < count:
            item = _listed_item(text, position, level_char)
            if item is None:
                break
            items.append(item)
            position = item[0]
            if position > 0 and text[position - 1] in "、和及与":
                position -= 1
            else:
                break
        if len(items) == count and count >= 2:
            for start, end in items:
                yield Mention(start, end, PLACE, text[start:end], "listed", 0.9)


_COUNTS = {
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_COUNTED_LEVEL = re.compile(r"(?P<count>[两二三四五六七八九十])个?(?P<level>县|区|市|州|旗)")
_LEVELS_OF = {
    "县": (COUNTY,),
    "区": (COUNTY,),
    "旗": (COUNTY,),
    "市": (CITY, COUNTY),
    "州": (CITY,),
}


def _listed_item(text: str, end: int, level_char: str) -> tuple[int, int] | None:
    for length in range(5, 1, -1):
        start = end - length
        if start < 0:
            continue
        name = text[start:end]
        if not all(_CJK.match(c) for c in name):
            continue
        place = lookup_place(name + level_char) or lookup_place(name, context=text)
        if place is not None and place.level in _LEVELS_OF[level_char]:
            return start, end
    return None


def _is_side(text: str, k: int) -> bool:
    """中方/马方: the abbreviation stands alone before 方 (not 双方, 地方, 南方...)."""
    before = text[k - 1] if k > 0 else ""
    return text[k] in "中美俄日韩英法德马朝蒙印巴越菲" and not (
        before
        and _CJK.match(before)
        and country_abbreviation(before) is None
        and before not in "与同和及、对由向跟将把"
    )


def residential_mentions(text: str, anchors: list[Mention]) -> Iterator[Mention]:
    """Named residential places (海子村, 东湖新城社区, 煎茶街道, 林泉镇).

    A name is accepted when it follows another place directly (贵州省…林泉镇海子村) or when
    its modifier is a proper-looking word of 2-5 characters that is not a generic phrase.
    """
    anchor_ends = {m.end for m in anchors}
    anchor_spans = [(m.start, m.end) for m in anchors]
    for match in _RESIDENTIAL_TAIL.finditer(text):
        suffix_start, suffix_end = match.span()
        if _bad_continuation(text, match.group(), suffix_end):
            continue
        if _inside_common_word(text, suffix_start, suffix_end):
            continue
        if any(s <= suffix_start < e for s, e in anchor_spans):
            continue  # the suffix belongs to a gazetteer name (浦东新区)
        suffix_end = _extend_suffix(text, suffix_end)
        start = _modifier_start(text, suffix_start, anchor_ends)
        if start is None:
            continue
        anchor_ends.add(suffix_end)  # chains: 林泉镇 then 海子村
        yield Mention(start, suffix_end, PLACE, text[start:suffix_end], "residential", 0.85)


# Characters after a one-character suffix that turn it into another word (村民, 镇守, 乡亲).
_BAD_AFTER = {
    "村": "民庄落头里子口级干支两委务",
    "镇": "守静定压痛长政",
    "乡": "亲村镇下土愁里情音间长",
}


def _inside_common_word(text: str, suffix_start: int, suffix_end: int) -> bool:
    """城镇, 小镇, 农村, 渔村, 下乡: a one-character suffix that ends an ordinary word."""
    if suffix_end - suffix_start != 1 or suffix_start == 0:
        return False
    tag = dictionary_tags().get(text[suffix_start - 1 : suffix_end])
    return tag is not None and tag not in ("ns", "nr", "nz", "nrt", "j")


def _bad_continuation(text: str, suffix: str, end: int) -> bool:
    after = text[end] if end < len(text) else ""
    return bool(after) and after in _BAD_AFTER.get(suffix, "")


def _extend_suffix(text: str, end: int) -> int:
    """潍坊新村 + 街道: a residential name may itself carry a second residential suffix."""
    for suffix in ("街道", "社区"):
        if text.startswith(suffix, end):
            return end + len(suffix)
    return end


def _modifier_start(text: str, suffix_start: int, anchor_ends: set[int]) -> int | None:
    """Where the modifier before a residential suffix begins, or None if it is not a name."""
    best: int | None = None
    for length in range(1, 6):
        start = suffix_start - length
        if start < 0:
            break
        char = text[start]
        if not _CJK.match(char) or char in _NOT_IN_NAME:
            break
        if start in anchor_ends:
            best = start  # glued to a preceding place: 林泉镇 after 黔西县
            break
        best = start if length >= 2 else None
    if best is None:
        return None
    modifier = text[best:suffix_start]
    if best not in anchor_ends and not _standalone_left_edge(text, best):
        return None
    if any(modifier.endswith(g) for g in GENERIC_MODIFIERS):
        return None
    tags = dictionary_tags()
    # Right after a place the modifier is most likely a name (高新 is an adverb to jieba), so
    # only true verbs and function words disqualify it there.
    verbal = _STRICT_VERBAL_TAGS if best in anchor_ends else _VERBAL_TAGS
    if any(tags.get(modifier[i : i + 2]) in verbal for i in range(len(modifier) - 1)):
        return None
    if len(modifier) < 2 and best not in anchor_ends:
        return None
    return best


_LEFT_EDGE_VERBS = re.compile(
    r"(来到|走进|前往|赶赴|深入|考察|调研|视察|位于|地处|了|在|到|赴|的|和|与|及|、|，|。|：|；|“|”|\s)$"
)


def _standalone_left_edge(text: str, start: int) -> bool:
    """A modifier with no place before it must start after punctuation or a movement verb."""
    if start == 0:
        return True
    return bool(_LEFT_EDGE_VERBS.search(text[max(0, start - 2) : start]))
