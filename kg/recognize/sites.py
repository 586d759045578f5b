"""Named sites and the places inside names of ports (GUIDELINES §4.4).

* A site is a proper-name-like modifier + a site head noun: 广济桥, 朱熹园, 殷墟遗址 (places, as
  the gold records them), 塞罕坝机械林场 (a state farm: a body). The modifier is a word of its
  own in jieba's segmentation that is a name (tagged as a person, place or other proper name),
  or a rare noun right after a place (安阳|殷墟遗址); 这座桥, 大桥, 公园, 美丽家园 are not sites.
* 国家 + a national institution (国家图书馆, 国家版本馆中央总馆) is a body.
* A customs house is named after its port (红其拉甫海关): the body, and its name is a place.
* A county-level city written by its short form right before a site or a body (曲阜|孔子研究院,
  武夷山|朱熹园) is that city when no other place shares the short form.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from kg.dictionary import dictionary_cut
from kg.gazetteer import Place, unique_county_city
from kg.recognize.lexicon import dictionary_tags, org_suffixes, word_frequencies, words
from kg.recognize.places import AREA_WORDS, GENERIC_MODIFIERS
from kg.records import ORGANIZATION, PLACE, Mention

SITE_SOURCE = "site"
PORT_SOURCE = "port"
COUNTY_CITY_SOURCE = "county-city"

_PLACE_HEADS = words("site_place_heads")
_BODY_HEADS = words("site_body_heads")
_DESCRIPTORS = words("site_descriptors")
_PROPER_TAGS = frozenset(("nr", "nrt", "nrfg", "ns", "nz"))
# A proper-tagged word this frequent is an ordinary word too (阳光, 中华, 人民).
_PROPER_MAX_FREQUENCY = 1000
# A noun this rare right after a place reads as a name (安阳殷墟遗址), not as 文化遗址.
_RARE_NOUN = 500
_CJK = re.compile(r"[\u4e00-\u9fff]+")


@functools.lru_cache(maxsize=1)
def _head_pattern() -> re.Pattern[str]:
    heads = sorted(_PLACE_HEADS | _BODY_HEADS, key=len, reverse=True)
    return re.compile("|".join(heads))


def _proper(word: str, after_place: bool, most: int = _PROPER_MAX_FREQUENCY) -> bool:
    """Whether ``word`` can be a site's name: a proper name, or a rare noun after a place."""
    if len(word) < 2 or not _CJK.fullmatch(word):
        return False
    tag = dictionary_tags().get(word)
    frequency = word_frequencies().get(word, 0)
    if tag in _PROPER_TAGS:
        return frequency < most
    return after_place and tag == "n" and frequency < _RARE_NOUN


def site_mentions(text: str, places: Iterable[Mention]) -> Iterator[Mention]:
    """广济桥, 朱熹园, 殷墟遗址 (places), 塞罕坝机械林场 (a body)."""
    places = list(places)
    place_ends = {m.end for m in places}
    place_starts = {m.start for m in places}
    for match in _head_pattern().finditer(text):
        head = match.group()
        head_start, head_end = match.span()
        window_start = max(0, head_start - 10)
        tokens = _tokens(text, window_start, head_end + 2)
        ending = next((t for t in tokens if t[0] < head_end <= t[1]), None)
        if ending is None or ending[1] != head_end:
            continue  # 园区, 桥梁: the head begins a longer word
        start = _site_start(tokens, ending, head, head_start, place_ends, place_starts)
        if start is None or not _clean_left(text, tokens, start, place_ends):
            continue
        if text[start - 1 : start] == "“" and text[head_end : head_end + 1] == "”":
            continue  # “汉语桥”: a quoted name is a programme or a brand
        kind = ORGANIZATION if head in _BODY_HEADS else PLACE
        yield Mention(start, head_end, kind, text[start:head_end], SITE_SOURCE, 0.8)


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    position = start
    for token in dictionary_cut(text[start:end]):
        found.append((position, position + len(token), token))
        position += len(token)
    return found


def _site_start(
    tokens: list[tuple[int, int, str]],
    ending: tuple[int, int, str],
    head: str,
    head_start: int,
    place_ends: set[int],
    place_starts: set[int],
) -> int | None:
    token_start, _, token = ending
    if token_start < head_start:
        # The head ends a dictionary word: a head of its own (XX大桥), a site's name as one
        # word (广济桥, 卢沟桥), or a common noun (公园, 立交桥, 幼儿园).
        if token not in _PLACE_HEADS:
            return token_start if _named_whole(token, head) else None
        head_start = token_start
    before = [t for t in tokens if t[1] <= head_start]
    if not before or before[-1][1] != head_start:
        return None
    previous = before[-1]
    if previous[0] in place_starts:
        return None  # 丽江古城, 武汉大桥: the place keeps its name (GUIDELINES: 丽江市)
    if previous[2] in _DESCRIPTORS and len(before) >= 2:
        previous = before[-2]  # 塞罕坝 + 机械 + 林场
    # A rare noun reads as a name only before 遗址 and after a place (安阳|殷墟遗址).
    after_place = head == "遗址" and previous[0] in place_ends
    if _proper(previous[2], after_place) and not _generic(previous[2]):
        return previous[0]
    return None


def _generic(modifier: str) -> bool:
    """垦区农场, 城市公园: a kind of area or a generic modifier, not a name."""
    return modifier[-2:] in AREA_WORDS or modifier in GENERIC_MODIFIERS


# jieba tags of the word before a site's name that leave its left edge clean: prepositions,
# conjunctions, particles, verbs (在|良渚遗址, 参观了|卢沟桥, 考察|塞罕坝机械林场) and places
# jieba knows (武夷山|朱熹园); not numerals, measures or time words (一座|拉索桥, 晚期|都城遗址).
_LEFT_TAGS = frozenset(("p", "c", "u", "uj", "ul", "v", "ns"))


def _clean_left(
    text: str, tokens: list[tuple[int, int, str]], start: int, place_ends: set[int]
) -> bool:
    if start == 0 or start in place_ends or not _CJK.match(text[start - 1]):
        return True
    before = next((t for t in tokens if t[1] == start), None)
    return (before is not None and dictionary_tags().get(before[2], "") in _LEFT_TAGS) or (
        before is not None and len(before[2]) == 1 and before[2] in "在到从的和与及了是"
    )


def _named_whole(token: str, head: str) -> bool:
    """A dictionary word that is a site's name (广济桥, 卢沟桥, 武侯祠), not a common noun
    (大桥, 公园, 立交桥) nor a phrase that ends in one (重建家园, 春色满园): a proper-name tag,
    rare, and no common word before the head's last characters."""
    tag = dictionary_tags().get(token)
    if tag not in _PROPER_TAGS or word_frequencies().get(token, 0) >= 100 or len(token) < 3:
        return False
    tail = token[-(len(head) + 1) :]
    return not (tail in dictionary_tags() and tail not in _PLACE_HEADS)


_NATIONAL = re.compile(
    "国家(?P<head>"
    + "|".join(sorted(words("national_institutions"), key=len, reverse=True))
    + ")(?P<branch>"
    + "|".join(sorted(words("institution_branches"), key=len, reverse=True))
    + ")?"
)


def national_institution_mentions(text: str) -> Iterator[Mention]:
    """国家图书馆, 国家版本馆中央总馆: 国家 + an institution is the national one, a body."""
    for match in _NATIONAL.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        if before and dictionary_tags().get(before + "国") is not None:
            continue  # 全国家, 大国家: 国 ends the word before
        if text.startswith(("内", "里", "外", "前"), end) and not match.group("branch"):
            pass  # 国家图书馆内: the place word after the name does not change it
        yield Mention(start, end, ORGANIZATION, text[start:end], SITE_SOURCE, 0.85)


_CUSTOMS = re.compile("海关")
_PORT_MAX_FREQUENCY = 100
_GENERIC_PORT = frozenset(("全国", "各地", "直属", "隶属", "基层", "口岸", "中国", "我国"))


def port_mentions(text: str) -> Iterator[Mention]:
    """红其拉甫海关: a customs house named after its port; ``nested_places`` gives the port."""
    for match in _CUSTOMS.finditer(text):
        head_start = match.start()
        tokens = _tokens(text, max(0, head_start - 8), match.end() + 2)
        if not any(t[0] == head_start and t[2] == "海关" for t in tokens):
            continue  # 海关系统 is fine; 上海关 is not a customs word
        before = [t for t in tokens if t[1] <= head_start]
        if not before or before[-1][1] != head_start:
            continue
        name_start, _, name = before[-1]
        # A port's name is a rare word (红其拉甫); jieba tags some verbs as names (弘扬).
        if name in _GENERIC_PORT or not _proper(name, False, _PORT_MAX_FREQUENCY):
            continue
        yield Mention(
            name_start, match.end(), ORGANIZATION, text[name_start : match.end()], PORT_SOURCE, 0.85
        )


def port_place(mention: Mention) -> list[Mention]:
    """The place a port's customs house is named after (红其拉甫 in 红其拉甫海关)."""
    if mention.source != PORT_SOURCE:
        return []
    end = mention.end - len("海关")
    return [Mention(mention.start, end, PLACE, mention.text[: end - mention.start], "nested", 0.8)]


def county_city_mentions(text: str, named: Iterable[Mention]) -> Iterator[Mention]:
    """曲阜|孔子研究院, 武夷山|朱熹园: a county-level city's short form right before a site or a
    body, when no other place has that short form and jieba knows it as a place."""
    for mention in named:
        if mention.type not in (PLACE, ORGANIZATION):
            continue
        for length in (3, 2):
            start = mention.start - length
            if start < 0:
                continue
            surface = text[start : mention.start]
            if _county_city(surface) is not None:
                yield Mention(start, mention.start, PLACE, surface, COUNTY_CITY_SOURCE, 0.8)
                break


def _county_city(surface: str) -> Place | None:
    if dictionary_tags().get(surface) != "ns":
        return None
    return unique_county_city(surface)


# Bodies that do not give the place inside their name (GUIDELINES §4.4: 广州地铁, a school).
_NOT_NESTING = ("公司", "集团", "大学", "学院", "学校", "中学", "小学", "日报", "报", "网", "台")


def county_city_prefix(mention: Mention) -> list[Mention]:
    """曲阜 in 曲阜孔子研究院: a statistical body that begins with a county-level city's short
    form (the body is not a company, school or outlet)."""
    surface = mention.text
    if not surface.endswith(org_suffixes()) or surface.endswith(_NOT_NESTING):
        return []
    for length in (3, 2):
        rest = surface[length:]
        if len(rest) >= 3 and _county_city(surface[:length]) is not None:
            end = mention.start + length
            return [Mention(mention.start, end, PLACE, surface[:length], COUNTY_CITY_SOURCE, 0.8)]
    return []
