"""One document, one type per foreign name: a transliterated name the tagger takes for a person
(or a body) is a place when the document writes it as a place somewhere (卢甘斯克地区,
哈尔科夫州, 巴赫穆特方向, 库皮扬斯克、利曼等地).

The statistical tagger reads each sentence alone, and foreign place and person names are made
of the same transliteration characters; a place word after one of the name's occurrences (a
region, a front, a list of places) settles the type for the whole document.
"""

from __future__ import annotations

import re
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
