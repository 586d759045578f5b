"""Pattern rules for organizations; each rule is a small generator over text.

The table of well-known bodies in ``kg/data/organizations.txt`` (中宣部, 外交部, 新华社),
place + organ (湖北省委, 北京市公安局, 温州市中心医院, 滴滴武汉公司), named modifier +
institution (火神山医院, 满洲里学院), leading groups (中央应对新冠肺炎疫情工作领导小组) and
organs named by their level only (省委, 省政府, 自治区党委), which ``kg.resolve`` completes
with the document's place.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

import ahocorasick

from kg.recognize.lexicon import (
    CJK_CLASS,
    VERBAL_TAGS,
    common_word,
    data_words,
    dictionary_tags,
    known_organizations,
    org_suffixes,
    titles,
    words,
)
from kg.records import ORGANIZATION, Mention


@functools.lru_cache(maxsize=1)
def _place_organ_suffixes() -> tuple[str, ...]:
    """What may follow a place: every organ word, then the one-character ones (厅, 局, 署)."""
    return org_suffixes() + tuple(w for w in data_words("org_suffixes.txt") if len(w) == 1)


# Characters that always end a Chinese name (杨帆说, 王波在...): function words and punctuation.


@functools.lru_cache(maxsize=1)
def _org_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for form in known_organizations():
        automaton.add_word(form, form)
    automaton.make_automaton()
    return automaton


def known_org_mentions(text: str) -> Iterator[Mention]:
    """Matches of the well-known organization table (新华社, 中宣部, 外交部...)."""
    for end, form in _org_automaton().iter(text):
        start = end + 1 - len(form)
        if form.isascii() and _ascii_glued(text, start, end + 1):
            continue
        if _ends_inside_word(text, end + 1):
            continue  # 公安部门, 财政部门: a common word, not the ministry
        yield Mention(start, end + 1, ORGANIZATION, form, "org-table", 0.95)


def _ends_inside_word(text: str, end: int) -> bool:
    """Whether the character at ``end - 1`` starts a word with the next one (部门), which is not
    a title that may follow a body (部长)."""
    word = text[end - 1 : end + 1]
    return len(word) == 2 and common_word(word) and word not in titles()


def _ascii_glued(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum())


_GENERIC_ORG_MODIFIERS = words("generic_org_modifiers")
_MODIFIER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,6}$")


def organ_mentions(text: str, places: Iterable[Mention]) -> Iterator[Mention]:
    """Place + organ (湖北省委, 北京市公安局, 通辽市委, 温州市中心医院, 俄罗斯艺术博物馆).

    ``places`` are place mentions already found (gazetteer and residential); an organ suffix
    within a few characters after one of them makes an organization that starts at the place.
    """
    suffixes = _place_organ_suffixes()
    places = sorted(places, key=lambda m: m.start)
    starts = {m.start for m in places}
    for place in places:
        tail = text[place.end : place.end + 14]
        best = 0
        company = False
        for gap in range(0, 7):
            if gap and place.end + gap - 1 in starts:
                break  # another place lies in between: the organ belongs to that one
            for suffix in suffixes:
                # Long gaps only before company words: 江苏奥赛康药业股份有限公司.
                if gap > 4 and suffix not in _COMPANY_SUFFIXES:
                    continue
                if not tail.startswith(suffix, gap) or not _clean_gap(tail[:gap]):
                    continue
                if len(suffix) == 1 and not _single_char_organ(tail, gap):
                    continue
                if tail.startswith(_GENERIC_AFTER.get(suffix, ()), gap + len(suffix)):
                    continue  # 中国中学生, 成都市公安部门: the organ word starts another word
                if suffix.endswith("会") and tail.startswith("议", gap + len(suffix)):
                    continue  # 政治协商会议 is a meeting, not a 商会
                best = gap + len(suffix)
                company = suffix in _COMPANY_SUFFIXES
                break
            if best:
                break  # the nearest organ wins: 温州市中心医院, not 温州市中心医院党委
            if gap < len(tail) and (not re.match(CJK_CLASS, tail[gap]) or tail[gap] in "的和与"):
                break
        # Place names that end in 省/市/县/区 followed by 委 (湖北省委) or by 纪委监委.
        if (
            not best
            and place.text[-1] in "省市县区州旗"
            and tail.startswith("委")
            and not (tail.startswith("委员"))
        ):
            best = 1
        if best:
            best = _extend_organ_chain(text, place.end + best)
            end = best if best > place.end else place.end
            start = _brand_start(text, place.start) if company else place.start
            if text[max(0, start - 2) : start] == "中共":
                start -= 2  # 中共广西壮族自治区委员会: the party prefix is part of the name
            yield Mention(start, end, ORGANIZATION, text[start:end], "organ", 0.9)


_GENERIC_AFTER = {
    "中学": ("生",),
    "小学": ("生",),
    "大学": ("生",),
    "公安": ("部门", "机关", "干警", "民警", "人员", "系统"),
}

_COMPANY_SUFFIXES = frozenset(
    ["公司", "分公司", "有限公司", "股份有限公司", "有限责任公司", "集团", "银行", "商会", "协会"]
)


def _brand_start(text: str, place_start: int) -> int:
    """A company named brand + city + 公司 (XX武汉公司, XX物业成都分公司) starts at the brand."""
    for length in range(4, 1, -1):
        start = place_start - length
        # A brand may be an ordinary word (滴滴): the city after it shows it is a name.
        if start >= 0 and good_org_modifier(text, start, text[start:place_start], common_ok=True):
            return start
    return place_start


def _single_char_organ(tail: str, gap: int) -> bool:
    """厅/局/署 alone end an organ only after a modifier of two or more characters that does not
    form an ordinary word with it (陕西省水利厅, but not 大局, 餐厅, 当局)."""
    if gap < 2:
        return False
    return not common_word(tail[gap - 1 : gap + 1])


# Quantifiers inside a "name" show a generic phrase: 云南一家银行, 美国很多大公司.
_QUANTIFIED = ("一家", "多家", "几家", "很多", "许多", "不少", "一些", "一所", "一个")


def _clean_gap(gap: str) -> bool:
    if gap.startswith(("援", "派", "赴")):
        return False  # 江苏援鄂医疗队: a mission sent somewhere, not a body of the place
    if any(q in gap for q in _QUANTIFIED):
        return False
    return all(re.match(CJK_CLASS, c) and c not in _NOT_IN_ORG for c in gap)


_NOT_IN_ORG = set(
    "的了是在和与及等对把将向从为到并个各们这那其此有无不也都就已被让给之说派赴由"
    "但如某若却而又还才最再另据几两该届"
)
# Time words and numerals do not start institution names (上周交通银行, 一位公交公司).
_MODIFIER_BAD_TAGS = VERBAL_TAGS | {"t", "m", "f"}
# jieba tags of a whole modifier that make it a common word (国家银行, 保险公司, 外国公司).
_COMMON_MODIFIER_TAGS = frozenset(
    (
        "n",
        "m",
        "a",
        "f",
        "s",
        "t",
        "r",
        "d",
        "v",
        "vn",
        "b",
        "q",
        "ng",
        "an",
    )
)


# Party organs inside an institution (温州市中心医院党委) are not separate named bodies.
_NO_CHAIN = ("党委", "党总支", "党支部", "党组", "党工委", "工委", "团委", "工会")


def _extend_organ_chain(text: str, end: int) -> int:
    """纪委 + 监委, 大学 + 附属逸夫医院: organ names may continue with another organ."""
    suffixes = tuple(s for s in org_suffixes() if not s.startswith(_NO_CHAIN))
    for _ in range(3):
        extended = False
        for prefix in ("", "附属", "第一", "第二"):
            if not text.startswith(prefix, end):
                continue
            for gap in range(0, 4):
                probe = end + len(prefix) + gap
                if not _clean_gap(text[end + len(prefix) : probe]):
                    break
                suffix = next((s for s in suffixes if text.startswith(s, probe)), None)
                if suffix and text.startswith("长", probe + len(suffix)):
                    suffix = None  # 总队 + 总队长: the head's title, not another organ
                if suffix and (prefix or gap == 0):
                    end = probe + len(suffix)
                    extended = True
                    break
            if extended:
                break
        if not extended:
            return end
    return end


_NAMED_ORGAN = re.compile(
    r"(?P<mod>[\u4e00-\u9fff]{2,4}?)"
    r"(?P<suffix>医院|大学|学院|公司|分公司|电台|电视台|博物馆|集团|银行|专业合作社|合作社)"
)
_ORG_LEFT_EDGE = re.compile(
    r"(^|[，。、：；“”（）()《》\s]|来到|离开|走进|前往|是|在|到|赴|由|和|与|及|了)$"
)


def named_organ_mentions(text: str, taken: bytearray) -> Iterator[Mention]:
    """Modifier + institution with no place before it: 火神山医院, 滴滴武汉公司."""
    for match in _NAMED_ORGAN.finditer(text):
        start, end = match.span()
        if any(taken[start:end]):
            continue
        suffix_start = match.start("suffix")
        for name_start in range(start, suffix_start - 1):
            modifier = text[name_start:suffix_start]
            # Right after another mention (长顺县|兴隆蔬菜专业合作社) the left edge is clean.
            after_mention = name_start > 0 and bool(taken[name_start - 1])
            if good_org_modifier(text, name_start, modifier, after_mention=after_mention):
                name = text[name_start:end]
                yield Mention(name_start, end, ORGANIZATION, name, "named-organ", 0.7)
                break


def good_org_modifier(
    text: str, start: int, modifier: str, *, common_ok: bool = False, after_mention: bool = False
) -> bool:
    """Whether ``modifier`` (at ``start`` in ``text``) can name an institution: a clean left edge,
    no function characters, not generic (定点医院), not a verb phrase (送往定点医院)."""
    edge = after_mention or _ORG_LEFT_EDGE.search(text[max(0, start - 2) : start])
    if not edge and start > 0:
        return False
    if any(c in _NOT_IN_ORG or not re.match(r"[\u4e00-\u9fffA-Za-z0-9]", c) for c in modifier):
        return False
    if any(modifier.endswith(g) for g in _GENERIC_ORG_MODIFIERS if len(g) >= 2):
        return False
    if modifier in _GENERIC_ORG_MODIFIERS:
        return False
    tags = dictionary_tags()
    if modifier[:2] in ("两家", "多家", "一家"):
        return False
    if not common_ok and tags.get(modifier) in _COMMON_MODIFIER_TAGS:
        return False
    bigrams = (modifier[i : i + 2] for i in range(len(modifier) - 1))
    return not any(tags.get(bigram) in _MODIFIER_BAD_TAGS for bigram in bigrams)


_GROUP_LEFT_EDGE = re.compile(
    r"(^|[，。、：；“”（）()《》\s]|成立|召开|组建|设立|的|和|与|及|了|由|是|在|向)$"
)


def leading_group_mentions(text: str) -> Iterator[Mention]:
    """Leading groups: 中央应对新冠肺炎疫情工作领导小组, 应对疫情工作领导小组."""
    for match in re.finditer(r"领导小组", text):  # noqa: RUF100
        end = match.end()
        for length in range(16, 3, -1):
            start = end - length
            if start < 0:
                continue
            name = text[start:end]
            if not re.fullmatch(r"[\u4e00-\u9fff]+", name):
                continue
            if any(c in "的了是在和与及把" for c in name):
                continue
            if _GROUP_LEFT_EDGE.search(text[:start]) and name[:2] in ("中央", "应对", "国务"):
                yield Mention(start, end, ORGANIZATION, name, "leading-group", 0.85)
                break


# Organs named only by their level (省委, 省政府, 自治区党委, 省红十字会): ``kg.resolve`` completes
# them with the document's place of that level.
_BARE_LEVELS = ("自治区", "省", "市", "县", "区", "州")
# 全省公安局, 各市政府, 外省医院: quantified, not a specific body.
_BARE_QUANTIFIERS = set("全各本该外跨兄弟每两三多")
# Public bodies that every province/city/county has, so that the level alone names one.
_BARE_ORGAN_WORDS = (
    "委",
    "委常委会",
    "党委",
    "纪委监委",
    "纪委",
    "监委",
    "人民政府",
    "政府",
    "人大常委会",
    "人大",
    "政协",
    "公安局",
    "公安厅",
    "卫健委",
    "卫生健康委员会",
    "红十字会",
    "组织部",
    "宣传部",
    "统战部",
    "政法委",
    "发改委",
    "教育局",
    "教育厅",
    "财政厅",
    "财政局",
    "商务厅",
    "商务局",
    "应急管理局",
    "总工会",
    "妇联",
    "团委",
    "人民法院",
    "人民检察院",
)
_BARE_ORGAN_SUFFIXES = tuple(sorted(_BARE_ORGAN_WORDS, key=len, reverse=True))


BARE_ORGAN_SOURCE = "bare-organ"


def bare_organ_mentions(text: str) -> Iterator[Mention]:
    """省委, 省政府, 自治区党委, 省红十字会 written without the place."""
    suffixes = _BARE_ORGAN_SUFFIXES
    for level in _BARE_LEVELS:
        for match in re.finditer(level, text):
            start, position = match.start(), match.end()
            before = text[start - 1] if start else ""
            inside_autonomous = level == "区" and text[max(0, start - 2) : start] == "自治"
            if before in _BARE_QUANTIFIERS or inside_autonomous:
                continue
            if common_word(text[max(0, start - 1) : start + 1]):
                continue  # 灾区政府, 社区党委: the level word ends another word
            suffix = next((s for s in suffixes if text.startswith(s, position)), None)
            if suffix is None:
                end = _bare_department_end(text, start, position)
                if end:
                    yield Mention(start, end, ORGANIZATION, text[start:end], BARE_ORGAN_SOURCE, 0.6)
                continue
            if suffix in ("党组", "工会") and level != "自治区":
                continue
            end = position + len(suffix)
            if suffix in ("委", "党委") and not text.startswith("常委", end):
                end = _extend_organ_chain(text, end)  # 省委宣传部, 市委办公厅
            if suffix == "委" and text.startswith(("员", "书记", "副书记", "常委"), end):
                continue  # 省委书记, 省委员: a title, handled by the title rules
            if text.startswith(("书记", "副书记"), end) and suffix in ("委", "党委"):
                continue
            yield Mention(start, end, ORGANIZATION, text[start:end], BARE_ORGAN_SOURCE, 0.6)


_BARE_DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{2,4}?[厅局]")


def _bare_department_end(text: str, start: int, position: int) -> int:
    """省林业厅, 市民政局: a level word + a department of two to four characters + 厅/局, when
    the level word does not begin another word (市场监管局, 县城)."""
    if common_word(text[start : position + 1]):
        return 0
    match = _BARE_DEPARTMENT.match(text, position)
    if match is None or not _clean_gap(match.group()[:-1]):
        return 0
    if common_word(text[match.end() - 2 : match.end()]):
        return 0  # 大局, 餐厅
    return match.end()
