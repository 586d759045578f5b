"""The Party written as 党 alone: 党的领导, 全党, 我党, 党和国家.

In the language of the Chinese press a bare 党 (not part of a longer word: 政党, 民进党, 该党,
党员) is the Communist Party of China, as GUIDELINES' gold records it (中国共产党, alias 党).
The rule only fires where 党 stands as its own word before 的 or 和国家/和人民/和政府/和军队, or as
全党/我党; every other 党 (党中央, 党委, 入党, 两党的) is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.recognize.lexicon import word_frequencies
from kg.records import ORGANIZATION, Mention

PARTY_SOURCE = "party"
PARTY_NAME = "中国共产党"

_PARTY = re.compile(
    "(?<=[全我])党|党(?=的|和(?:国家|人民|政府|军队))"
    # The set phrases of the press: 让党放心, 听党话, 跟党走, 感党恩.
    "|(?<=让)党(?=放心)|(?<=听)党(?=话)|(?<=跟)党(?=走)|(?<=感)党(?=恩)"
)
# 两党的, 该党的, 其党的: a count or a pointer makes it some other party.
_OTHER_PARTY = frozenset("两各多该此其本他某友")


def party_mentions(text: str) -> Iterator[Mention]:
    """``党`` where it names the Party on its own.

    >>> [(m.start, m.text) for m in party_mentions("坚持党的全面领导，全党同志")]
    [(2, '党'), (10, '党')]
    >>> list(party_mentions("民进党的候选人与该党的主席"))
    []
    """
    for match in _PARTY.finditer(text):
        at = match.start()
        before = text[at - 1] if at else ""
        if before in _OTHER_PARTY:
            continue
        if before not in "全我让听跟感" and _ends_a_word(text, at):
            continue  # 政党的, 入党的, 民进党的, 执政党的: 党 ends another word
        yield Mention(at, at + 1, ORGANIZATION, "党", PARTY_SOURCE, 0.9)


def _ends_a_word(text: str, at: int) -> bool:
    """Whether 党 at ``at`` ends a word of jieba's dictionary (政党, 工党, 民进党, 执政党)."""
    known = word_frequencies()
    return any(known.get(text[at - size : at + 1], 0) > 0 for size in (1, 2, 3) if at >= size)
