"""A surname addressed without a given name: 吴先生, 江主席, 邓老, 老王, 小李.

News refers to people it has introduced (or quotes people it names no further) by surname and
a form of address. The mention is the surname alone: the form of address is not part of the
name, as a title is not (习近平总书记 → 习近平), and the news NER corpora mark the same span.
The resolver gives such a mention the one person of the document named in full with that
surname, and otherwise names the entity by the surname with its form of address (吴先生).

Word boundaries come from jieba's dictionary cut of a few characters around the candidate, so
that a surname character at the end of a word or of a full name is not taken: 这位先生,
国家主席 and 王建国先生 have no addressed surname; 古老, 养老 and 小米 are words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.dictionary import dictionary_cut, pos_tags
from kg.gazetteer import place_abbreviation
from kg.recognize.filters import ORG_FINALS
from kg.recognize.lexicon import dictionary_tags, single_surnames, word_frequencies
from kg.records import PERSON, Mention

SOURCE = "addressed"
# Forms of address after a surname. Honorifics and kinship terms, and titles that news writes
# with a bare surname; longest first, so 总书记 wins over 书记.
ADDRESS_AFTER = tuple(sorted(
    ("先生", "女士", "小姐", "太太", "同志", "师傅", "大爷", "大妈", "大娘", "大姐", "大哥",
     "大叔", "阿姨", "老师", "教授", "主席", "总理", "总书记", "书记", "委员长", "部长", "省长",
     "市长", "县长", "局长", "院长", "校长", "厂长", "总统", "首相", "大使", "将军", "老"),
    key=len, reverse=True,
))
ADDRESS_BEFORE = ("老", "小")
_AFTER = re.compile("|".join(ADDRESS_AFTER))
_BEFORE = re.compile(r"(?:老|小)(?=[\u4e00-\u9fff])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# One-character words that end the word before a name: 对吴先生说, 和江主席, 向老王.
_FUNCTION_CHARS = frozenset("的了是在和与及跟同对向把被将为给让请由从到等、，。：；！？“”")
# What may follow 老王 / 小李: punctuation or a word that starts after a name.
_AFTER_NAME = frozenset("说在和与及跟同对向把被将为是的了也都就又还曾已等、，。：；！？“”（）")
_WINDOW = 4
_COMMON = 100
_CLOSING = frozenset("”》）)」』")
_PROPER_TAGS = ("nr", "ns", "nt", "nz")
_NAME_TAGS = frozenset(("n", "nr", "nrfg", "nrt"))
_FUNCTION_TAGS = frozenset(("p", "c", "r", "d", "u"))
_NAME_FINALS = frozenset(ORG_FINALS | set("国省市县区州乡村镇"))
_STATE_TITLES = frozenset(("总统", "首相", "总理", "主席", "大使", "将军", "部长", "委员长"))
# The most used addressed forms in jieba's dictionary: 小张 302, 老张 256, 老王 190; the
# words it tags as names run higher (元老 451, 养老 651, 古老 2,695).
_WORD_FREQUENCY = 400


def addressed_mentions(text: str) -> Iterator[Mention]:
    """The surnames of ``text`` addressed by a title or a familiar form.

    >>> [(m.text, m.start) for m in addressed_mentions("记者见到吴先生时，老王也在。")]
    [('吴', 4), ('王', 10)]
    >>> list(addressed_mentions("这位先生是国家主席。"))
    []
    """
    for match in _AFTER.finditer(text):
        start = match.start() - 1
        if match.group() == "老" and not _name_ends(text, match.end()):
            continue  # 刘老庄, 万老年人: 老 starts a word
        if (start >= 0 and _surname_here(text, start, match.group())
                and _stands_alone(text, start, match.end())):
            yield Mention(start, start + 1, PERSON, text[start], SOURCE, 0.9)
    for match in _BEFORE.finditer(text):
        start = match.end()
        if (_surname_here(text, start, match.group()) and _name_ends(text, start + 1)
                and _stands_alone(text, match.start(), start + 1)):
            yield Mention(start, start + 1, PERSON, text[start], SOURCE, 0.9)


def _name_ends(text: str, position: int) -> bool:
    return position == len(text) or text[position] in _AFTER_NAME


def _surname_here(text: str, position: int, address: str) -> bool:
    """Whether the character at ``position`` reads as a surname before or after ``address``.

    Surname characters are also words: 向总书记问好 (to), 任部长 (served as) are function
    words and verbs by jieba's tags; 劳工党主席 and “阿玛纳特”党主席 end a name before the
    title; 伊总统 and 老方 (Laos) abbreviate a country before a title of state."""
    char = text[position]
    if char not in single_surnames():
        return False
    if pos_tags().get(char, "") in _FUNCTION_TAGS:  # one character: not in dictionary_tags
        return False
    before = text[position - 1] if position else ""
    if char in _NAME_FINALS and (before in _CLOSING or _CJK.match(before)):
        return False
    return not (address in _STATE_TITLES or address in ADDRESS_BEFORE) or (
        place_abbreviation(char) is None
    )


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (surname and form of address, either order) is cut from its
    neighbours: it starts a word, the word before it ends there, and together they are not a
    dictionary word other than a name (古老, 小米)."""
    form = text[start:end]
    if _a_word(form):
        return False
    left = max(0, start - _WINDOW)
    position, previous = left, ""
    for word in dictionary_cut(text[left : end + _WINDOW]):
        if position >= start:
            break
        previous, position = word, position + len(word)
    if position != start:
        return False  # the surname character is inside a word (这位, 国家, 建国)
    if start == 0 or not _CJK.match(text[start - 1]):
        return True
    # 王建先生: a single character before the surname is more often the rest of a full name,
    # unless it is a function word; a longer word before it (见到, 会见) ends cleanly.
    if previous in _FUNCTION_CHARS:
        return True
    # 见到吴先生, 患者陈先生; but 欧尔班总理: a rare fragment tagged as a name (欧尔, ns) is a
    # name going on.
    tag = dictionary_tags().get(previous, "")
    return (len(previous) >= 2 and word_frequencies().get(previous, 0) >= _COMMON
            and not tag.startswith(_PROPER_TAGS))


def _a_word(form: str) -> bool:
    """Whether ``form`` is an ordinary word rather than an addressed surname. jieba's dictionary
    lists some addressed forms (江主席 n, 老王 nr, 190 uses) but also tags words as names (古老
    nr, 2,695 uses; 养老, 元老): frequent words and words of other classes are words; and X老
    only stands for an elder when it is not in the dictionary at all (邓老, but 父老, 终老)."""
    tag = dictionary_tags().get(form)
    if tag is None:
        return False
    if word_frequencies().get(form, 0) >= _WORD_FREQUENCY:
        return True
    if form.startswith(ADDRESS_BEFORE):
        return not tag.startswith("nr")  # 老路 (n): the old road
    return form.endswith("老") or tag not in _NAME_TAGS


def addressed_form(text: str, mention: Mention) -> str:
    """The surname with its form of address as written around ``mention`` (吴先生, 老王).

    >>> addressed_form("江主席说", Mention(0, 1, PERSON, "江", SOURCE))
    '江主席'
    """
    after = _AFTER.match(text, mention.end)
    if after:
        return mention.text + after.group()
    if mention.start > 0 and text[mention.start - 1] in ADDRESS_BEFORE:
        return text[mention.start - 1] + mention.text
    return mention.text


def addressed_surname(surface: str) -> str | None:
    """The surname of an addressed form (吴先生 → 吴, 老王 → 王), else None (老师: a word)."""
    if _a_word(surface):
        return None
    if len(surface) == 2 and surface[0] in ADDRESS_BEFORE:
        return surface[1] if surface[1] in single_surnames() else None
    for form in ADDRESS_AFTER:
        if len(surface) == len(form) + 1 and surface.endswith(form):
            return surface[0] if surface[0] in single_surnames() else None
    return None


def addressed_span(mention: Mention) -> Mention:
    """A statistical Person span that is a surname with its form of address (侯老, 陈小姐, 老胡)
    becomes the mention of the surname alone, as the rule above makes it; other spans pass.

    >>> addressed_span(Mention(3, 6, PERSON, "陈小姐", "crf", 0.97)).text
    '陈'
    """
    surname = addressed_surname(mention.text) if mention.type == PERSON else None
    if surname is None:
        return mention
    start = mention.start + mention.text.index(surname)
    return Mention(start, start + 1, PERSON, surname, SOURCE, mention.score)


_SURE_SURNAME = 0.9


def addressed_surname_span(text: str, mention: Mention) -> Mention:
    """A statistical one-character person followed by a form of address (吴|先生, 陈|女士) is
    the addressed surname when the tagger is sure, whatever stands before it (寄给吴先生,
    我代吴先生): the rule above refuses those left contexts, the tagger has read the sentence.

    >>> addressed_surname_span("寄给吴先生", Mention(2, 3, PERSON, "吴", "crf", 0.95)).source
    'addressed'
    """
    if (mention.type == PERSON and len(mention.text) == 1 and mention.score >= _SURE_SURNAME
            and mention.text in single_surnames() and _AFTER.match(text, mention.end)):
        return Mention(mention.start, mention.end, PERSON, mention.text, SOURCE, mention.score)
    return mention
