"""Pattern rules for persons; each rule is a small generator over text.

A name right after a title (国务院总理李克强, 村支书杨帆, 总统梅德韦杰夫), a name right
before a title or 同志 (习近平总书记, 温家宝总理), and byline credits (记者周玮、黄玥,
(记者 田冰), 通讯员李进发, 本报记者 彭瑜). Organization rules live in ``kg.recognize.orgs``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import ahocorasick

from kg.recognize.lexicon import (
    CJK_CLASS,
    VERBAL_TAGS,
    common_word,
    dictionary_tags,
    org_suffixes,
    surnames,
    titles,
    word_frequencies,
    words,
)
from kg.records import PERSON, Mention

_AFTER_NAME = set("说在和与及跟同对向把被将为是的了也都就又还曾已等、，。：；！？“”（）()《》 ")
# Characters that end a name only when they start a word with the next character
# (王波累得 → 王波 + 累得, but 李克强说 → 李克强).
_MAYBE_AFTER_NAME = set(
    "表指强介认称讲告答透谈来到去看率主出参陪会接深反亲冒每先分当第日月年累带一今昨"
)
_NOT_NAME_CHARS = set("的了是在和与及等对把将向从为到并个各们这那其此有无不也都就已被让给之说")
# Characters of transliterated foreign names (梅德韦杰夫, 帕特鲁舍夫, 纳吉布, 拉米).
_TRANSLIT = words("translit_chars")


def _chinese_name_length(text: str, start: int) -> int:
    """Length (2-4) of the Chinese name starting at ``start``, or 0 when there is none."""
    single, double = surnames()
    surname = 0
    if text[start : start + 2] in double:
        surname = 2
    elif text[start : start + 1] in single:
        surname = 1
    if surname == 0:
        return 0
    given_start = start + surname
    given = 0
    for i in range(given_start, min(given_start + 2, len(text))):
        char = text[i]
        if not re.match(CJK_CLASS, char) or char in _NOT_NAME_CHARS:
            break
        if i > given_start and (char in _AFTER_NAME or _starts_word(text, i)):
            break
        given += 1
    return surname + given if given else 0


def is_transliteration(surface: str) -> bool:
    """Whether every character is one used to transliterate foreign names."""
    return all(char in _TRANSLIT or char == "·" for char in surface)


def _translit_length(text: str, start: int) -> int:
    """Length of a transliterated name at ``start``; parts may be joined by · (杰夫·贝索斯)."""
    length = 0
    while start + length < len(text) and length < 16:
        char = text[start + length]
        joins = char == "·" and length > 0 and text[start + length + 1 : start + length + 2]
        if char in _TRANSLIT or (joins and joins in _TRANSLIT):
            length += 1
        else:
            break
    return length


def _starts_word(text: str, i: int) -> bool:
    """Whether ``text[i]`` is a likely word start after a name: 累得, 强调, 来到."""
    return text[i] in _MAYBE_AFTER_NAME and word_frequencies().get(text[i : i + 2], 0) > 0


def _starts_with_verb(text: str, start: int) -> bool:
    """强调社区: the "name" after a title is a verb phrase (强调 is a verb, not 强 + 调)."""
    return dictionary_tags().get(text[start : start + 2]) in VERBAL_TAGS


def _swallows_verb(text: str, start: int) -> bool:
    """高度重|视, 鲜明提|出: a three-character "name" that is a common word (an adverb or
    adjective before the verb) plus the first character of a common verb."""
    frequencies, tags = word_frequencies(), dictionary_tags()
    head, tail = text[start : start + 2], text[start + 2 : start + 4]
    return (
        frequencies.get(head, 0) >= 1000
        and not tags.get(head, "").startswith("nr")
        and tags.get(tail) in VERBAL_TAGS
        and frequencies.get(tail, 0) >= 1000
    )


def _idiom_follows(text: str, position: int) -> bool:
    """陈新东奔西走: a 3-character reading would eat the first character of an idiom."""
    frequencies = word_frequencies()
    return any(frequencies.get(text[position : position + n], 0) > 0 for n in (4, 3))


def name_after(text: str, start: int) -> int:
    """Length of a person name beginning at ``start`` (after a title or a byline), or 0."""
    translit = _translit_length(text, start)
    chinese = _chinese_name_length(text, start)
    if chinese and _starts_with_verb(text, start):
        chinese = 0
    if chinese == 3 and _swallows_verb(text, start):
        chinese = 0
    if chinese == 3 and _idiom_follows(text, start + 2):
        chinese = 2
    if translit >= 3 and translit > chinese:
        return translit
    if chinese >= 2:
        return chinese
    return translit if translit >= 2 else 0


@functools.lru_cache(maxsize=1)
def _title_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for title in titles():
        automaton.add_word(title, title)
    automaton.make_automaton()
    return automaton


def _longest_titles(text: str) -> list[tuple[int, int]]:
    spans = sorted(
        ((end + 1 - len(t), end + 1) for end, t in _title_automaton().iter(text)),
        key=lambda s: (s[0], -(s[1] - s[0])),
    )
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if kept and start < kept[-1][1]:
            if end > kept[-1][1] and start == kept[-1][0]:
                kept[-1] = (start, end)
            continue
        kept.append((start, end))
    return kept


def title_person_mentions(text: str) -> Iterator[Mention]:
    """Names right after a title (总理李克强) and right before one (习近平总书记, 张三同志)."""
    for _title_start, end in _longest_titles(text):
        length = name_after(text, end) or _rare_surname_name(text, end)
        if length and not _is_title_at(text, end):
            yield Mention(end, end + length, PERSON, text[end : end + length], "title", 0.85)
    # Where the longest listed title ending at each position starts (国家主席, 副总理).
    title_starts: dict[int, int] = {}
    for last, title in _title_automaton().iter(text):
        end = last + 1
        title_starts[end] = min(title_starts.get(end, end), end - len(title))
    for match in re.finditer(r"同志|总书记|总理|主席|总统|书记|部长|省长|市长", text):
        # The name ends where that title starts: 应国家主席 is 应 + 国家主席 (no 应国家), and
        # 李强副总理 gives 李强.
        start = min(match.start(), title_starts.get(match.end(), match.start()))
        for length in (3, 2, 4, 5):
            name_start = start - length
            if name_start < 0:
                continue
            candidate = text[name_start:start]
            if _plausible_name_before(text, name_start, candidate):
                yield Mention(name_start, start, PERSON, candidate, "title-after", 0.6)
                break


# Surnames too rare (or too much like function words) for the general list, trusted only right
# after a title and before a clear end of the name (副县长和春华说, 镇长者明达表示).
_RARE_SURNAMES = set("和木者字禄普召线刀岩玉俸罕仉佴钭逄乜郗笪訾")
_NAME_END_WORDS = ("代表", "表示", "指出", "强调", "介绍", "认为", "主持", "出席", "说", "在", "等")


def _rare_surname_name(text: str, start: int) -> int:
    """A three-character name with a rare surname right after a title, or 0."""
    candidate = text[start : start + 3]
    if len(candidate) < 3 or candidate[0] not in _RARE_SURNAMES:
        return 0
    if any(not re.match(CJK_CLASS, c) or c in _NOT_NAME_CHARS for c in candidate[1:]):
        return 0
    after = text[start + 3 : start + 5]
    if not (after[:1] in _AFTER_NAME or after.startswith(_NAME_END_WORDS)):
        return 0
    # 和平稳定, 和谐发展: the "surname" starts an ordinary word.
    if common_word(candidate[:2]) or common_word(candidate[1:], 2000):
        return 0
    return 3


def _contains_place(candidate: str) -> bool:
    from kg.recognize.places import gazetteer_mentions

    return any(len(m.text) >= 2 for m in gazetteer_mentions(candidate))


def _names_a_body(candidate: str) -> bool:
    return candidate.endswith(org_suffixes())


def _is_title_at(text: str, start: int) -> bool:
    return any(text.startswith(t, start) for t in titles())


def _plausible_name_before(text: str, name_start: int, candidate: str) -> bool:
    """A name before a title needs a clean left edge and a surname or transliteration."""
    before = text[name_start - 1] if name_start > 0 else ""
    if before and re.match(CJK_CLASS, before) and before not in _AFTER_NAME:
        return False
    if any(c in _NOT_NAME_CHARS or not re.match(CJK_CLASS, c) for c in candidate):
        return False
    if _starts_with_verb(candidate, 0) or _contains_place(candidate):
        return False  # 包括前总统, 任伊朗总统
    if _names_a_body(candidate):
        return False  # 党支部书记: the body's secretary, not 党支部 the person
    if any(word in candidate for word in ("副", "常务", "代理", "首席", "执行")):
        return False  # 常务副市长: part of the title, not a name
    if _chinese_name_length(candidate + "。", 0) == len(candidate):
        return True
    return len(candidate) >= 3 and all(c in _TRANSLIT for c in candidate)


_BYLINE = re.compile(
    r"(?:本报|本台|本刊|新华社|特约)?(?:记者|通讯员|摄影|撰稿|编辑|实习生)(?!师)[ \u3000:：]*"
)


def byline_mentions(text: str) -> Iterator[Mention]:
    """Reporters and correspondents credited in bylines: 记者周玮、黄玥 / (记者 田冰)."""
    for match in _BYLINE.finditer(text):
        yield from _name_list(text, match.end(), "byline")


_LIST_ITEM = re.compile(r"[\u4e00-\u9fff·]{2,8}(?=[、，,）)\s]|$)")


def _list_item_length(text: str, position: int) -> int:
    """A name delimited by list punctuation (骆飞、梁建强）): its length, if it looks like one."""
    match = _LIST_ITEM.match(text, position)
    if not match:
        return 0
    item = match.group()
    if (
        len(item) <= 4
        and _chinese_name_length(item + "。", 0) >= 2
        and not any(c in _NOT_NAME_CHARS for c in item)
    ):
        return len(item)
    return len(item) if all(c in _TRANSLIT or c == "·" for c in item) else 0


def _name_list(text: str, position: int, source: str) -> Iterator[Mention]:
    while position < len(text):
        length = _list_item_length(text, position) or name_after(text, position)
        if not length:
            return
        end = position + length
        after = text[end] if end < len(text) else ""
        if after and re.match(CJK_CLASS, after) and after not in "和及":
            # 记者深入一线: not a name list; a 2-char name may continue into a word
            return
        yield Mention(position, end, PERSON, text[position:end], source, 0.9)
        if after in ("、", " ", "\u3000", "，", ",", "和", "及") and end + 1 < len(text):
            position = end + 1
            while position < len(text) and text[position] in " \u3000":
                position += 1
        else:
            return


_SPOUSE = re.compile("夫人|丈夫|妻子")


def spouse_mentions(text: str) -> Iterator[Mention]:
    """A name right after 夫人/丈夫/妻子 (齐塞克迪夫人丹尼丝, 和夫人彭丽媛) is a person: the
    spouse word is no title, so the title rules do not see it."""
    for match in _SPOUSE.finditer(text):
        end = match.end()
        length = name_after(text, end)
        if not length:
            continue
        after = text[end + length : end + length + 1]
        runs_on = bool(after) and re.match(CJK_CLASS, after) is not None
        if runs_on and after not in _AFTER_NAME and not _word_after(text, end + length):
            continue  # 夫人外交: the "name" runs into a word
        yield Mention(end, end + length, PERSON, text[end : end + length], "spouse", 0.8)


_INVITED_BY = re.compile("应(?=[\u4e00-\u9fff])")


def invitation_mentions(text: str) -> Iterator[Mention]:
    """The host of an invitation written without a title: 应习近平邀请, 应李强的邀请. News names
    the inviting leader in this frame as often as after a title, and the tagger misses the name
    glued to 应.

    >>> [m.text for m in invitation_mentions("应习近平邀请，他将访华。应中方邀请出席。")]
    ['习近平']
    """
    for match in _INVITED_BY.finditer(text):
        start = match.end()
        length = name_after(text, start)
        if length and text.startswith(("邀请", "的邀请"), start + length):
            yield Mention(start, start + length, PERSON, text[start : start + length],
                          "invitation", 0.8)


def _word_after(text: str, position: int) -> bool:
    """陪同, 举行, 出席: a word (or a verb of two characters) begins right after the name."""
    return _starts_word(text, position) or (
        dictionary_tags().get(text[position : position + 2]) in VERBAL_TAGS
    )
