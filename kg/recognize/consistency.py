"""One document, one type per name: the statistical tagger reads each sentence alone, and the
document settles what a sentence leaves open.

* A transliterated name the tagger takes for a person (or a body) is a place when the document
  writes it as a place somewhere (卢甘斯克地区, 哈尔科夫州, 巴赫穆特方向, 库皮扬斯克、利曼等地):
  foreign place and person names are made of the same transliteration characters.
* Otherwise a name keeps the type most of its occurrences get ("one sense per discourse"): a
  visitor's name read as a place once (为纳吉布访华…, beside four readings as a person).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.recognize.rules import is_transliteration
from kg.records import ORGANIZATION, PERSON, PLACE, Mention

SOURCE = "place-context"
# Words after a name that make it a place's (卢甘斯克地区, 巴赫穆特方向, 扎波罗热州).
PLACE_WORDS_AFTER = ("地区", "人民共和国", "共和国", "州", "方向", "附近", "一带", "前线", "境内",
                     "郊区", "市区", "等地")
# ... but not a title of the place after a person: 纽森州长 is the governor.
_TITLES_AFTER = ("州长", "州委", "州议会")
# The rest of a list of places closed by 等地, right after an item (库皮扬斯克|、利曼等地).
_LIST_END = re.compile(r"(?:、[^、，。；！？\s]{1,12})*等地")


def retype_places(text: str, mentions: Iterable[Mention]) -> list[Mention]:
    """Statistical persons (and bodies: 赫尔松 of 赫尔松州) with a foreign-looking surface that
    the document writes as a place (a place word right after any occurrence, or a list closed
    by 等地) become places.

    >>> text = "卢甘斯克遭到炮击。卢甘斯克地区局势紧张。"
    >>> found = retype_places(text, [Mention(0, 4, PERSON, "卢甘斯克", "crf", 0.8)])
    >>> [(m.text, m.type) for m in found]
    [('卢甘斯克', 'Place')]
    """
    mentions = list(mentions)
    candidates = {m.text for m in mentions
                  if m.type in (PERSON, ORGANIZATION) and _foreign_looking(m.text)}
    # Each surface is looked up once, however often the tagger found it.
    places = {m.text for m in mentions if m.text in candidates and _LIST_END.match(text, m.end)}
    places |= {surface for surface in candidates - places if _place_word_after(text, surface)}
    return [Mention(m.start, m.end, PLACE, m.text, SOURCE, m.score)
            if m.type in (PERSON, ORGANIZATION) and m.text in places else m
            for m in mentions]


def one_type_per_name(mentions: Iterable[Mention]) -> list[Mention]:
    """Mentions of a surface that the document's other mentions of it type otherwise take the
    type that holds at least twice as many of them as any other type (ties and close calls stay
    as tagged).

    >>> found = one_type_per_name([Mention(0, 3, PERSON, "纳吉布", "crf", 0.9),
    ...                            Mention(9, 12, PERSON, "纳吉布", "crf", 0.9),
    ...                            Mention(20, 23, PLACE, "纳吉布", "crf", 0.99)])
    >>> [m.type for m in found]
    ['Person', 'Person', 'Person']
    """
    mentions = list(mentions)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        counts[m.text][m.type] += 1
    settled: dict[str, str] = {}
    for surface, types in counts.items():
        if len(types) > 1:
            (first, most), (_, second) = types.most_common(2)
            if most >= 2 * second:
                settled[surface] = first
    return [Mention(m.start, m.end, settled[m.text], m.text, m.source, m.score)
            if settled.get(m.text, m.type) != m.type else m
            for m in mentions]


def _foreign_looking(surface: str) -> bool:
    """Transliteration characters but for at most one (甘 of 卢甘斯克, 热 of 扎波罗热)."""
    if len(surface) < 3:
        return is_transliteration(surface)
    return sum(not is_transliteration(char) for char in surface) <= 1


def _place_word_after(text: str, surface: str) -> bool:
    """Whether some occurrence of ``surface`` is followed by a place word."""
    position = text.find(surface)
    while position >= 0:
        after = position + len(surface)
        if text.startswith(PLACE_WORDS_AFTER, after) and not text.startswith(_TITLES_AFTER, after):
            return True
        position = text.find(surface, position + 1)
    return False


# Word classes of a character glued after a name (蔡奇同|越共, 龚正在|上海, 李飞作|的报告,
# 普京举|行): verbs, prepositions, adverbs, numerals, conjunctions, particles, directions, times.
_GLUED_TAGS = frozenset(("v", "p", "d", "m", "c", "u", "f", "t"))


def trim_glued_words(text: str, mentions: Iterable[Mention]) -> list[Mention]:
    """A person one character longer than another person of the same document, which the
    extra character continues into the sentence (蔡奇同越共… where the document also names
    蔡奇), is that person: the tagger took the next word's first character into the name.

    The shorter name must be a mention of its own elsewhere, the extra character must be a
    function word or verb by jieba's dictionary, and more text must follow it: 刘军川 in a list
    beside 刘军 stays, as does 萨勒曼 (曼 is a name character).

    >>> text = "蔡奇同越共代表团会谈。蔡奇表示欢迎。"
    >>> found = trim_glued_words(text, [Mention(0, 3, PERSON, "蔡奇同", "crf", 0.9),
    ...                                 Mention(11, 13, PERSON, "蔡奇", "crf", 0.9)])
    >>> [m.text for m in found]
    ['蔡奇', '蔡奇']
    """
    from kg.dictionary import pos_tags

    mentions = list(mentions)
    names = {m.text for m in mentions if m.type == PERSON}
    tags = pos_tags()
    out = []
    for m in mentions:
        if (m.type == PERSON and len(m.text) >= 3 and m.text[:-1] in names
                and tags.get(m.text[-1]) in _GLUED_TAGS
                and m.end < len(text) and "\u4e00" <= text[m.end] <= "\u9fff"):
            m = Mention(m.start, m.end - 1, PERSON, m.text[:-1], m.source, m.score)
        out.append(m)
    return out


REPEATED_SOURCE = "repeated-name"
# A surely recognized name is each of its occurrences (one sense per discourse), but not where
# the next words make it a doctrine, a manner, a memorial or a street named after the person
# (习近平新时代…思想, 焦裕禄式的干部, 周恩来纪念馆, 张自忠路), the guidelines' persons being actors.
_NAMED_AFTER = re.compile(
    r"新时代|[\u4e00-\u9fff]{0,6}(?:思想|主义)|式|纪念|故居|精神|路|街|大道|广场|奖|杯|号"
)
_SURE_NAME = 0.9


def repeated_names(text: str, mentions: Iterable[Mention]) -> list[Mention]:
    """Mentions of the further occurrences of a person's full name that nothing else covers
    (习近平等党和国家领导人, 习近平缓步…: jieba reads 平等 and 平缓, and the tagger follows it).
    The name must have three or more characters and be read surely (score 0.9 or more, by a
    rule or a tagger) twice elsewhere in the document: one reading is too weak a ground (储兼首
    of 王储兼首相); a name inside another mention stays inside it.

    >>> text = "习近平出席会议。习近平讲话。习近平等领导同志参加活动。"
    >>> found = repeated_names(text, [Mention(0, 3, PERSON, "习近平", "title", 1.0),
    ...                               Mention(8, 11, PERSON, "习近平", "crf", 0.95)])
    >>> [(m.start, m.text) for m in found]
    [(14, '习近平')]
    """
    mentions = list(mentions)
    persons = [m for m in mentions
               if m.type == PERSON and len(m.text) >= 3 and "\u4e00" <= m.text[0] <= "\u9fff"]
    sure = Counter(m.text for m in persons if m.score >= _SURE_NAME)
    names: dict[str, float] = {}  # each name with its best reading's score
    for m in persons:
        if sure[m.text] >= 2:
            names[m.text] = max(m.score, names.get(m.text, 0.0))
    covered = [(m.start, m.end) for m in mentions]
    found: list[Mention] = []
    for name, score in names.items():
        for match in re.finditer(re.escape(name), text):
            start, end = match.span()
            if any(a < end and start < b for a, b in covered):
                continue
            if _NAMED_AFTER.match(text, end) or _inside_title_marks(text, start):
                continue
            found.append(Mention(start, end, PERSON, name, REPEATED_SOURCE, score))
            covered.append((start, end))
    return found


def _inside_title_marks(text: str, position: int) -> bool:
    """Whether ``position`` lies inside 《…》, the title of a work (《习近平的扶贫足迹》)."""
    opening = text.rfind("《", 0, position)
    return opening >= 0 and text.find("》", opening, position) < 0
