"""AUTHORED: reporters and correspondents named in the byline or credit line.

``（记者陈青平 满洲里电台崔艳凤 通讯员张鹏）`` → all three; ``记者周玮、黄玥`` → both;
``本报记者 彭瑜`` → 彭瑜.  A reporter mentioned in the story (接受记者采访) has no name after
the keyword and gives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.patterns import Local, confident, local_mentions, make_fact
from kg.records import DOCUMENT, PERSON, DocContext, Fact, NodeRef, Sentence

_CREDIT = r"(?:特约记者|本报记者|记者|通讯员|实习生|摄影|特约撰稿|撰稿|作者)"
_BRACKETS = r"（）()【】\[\]"
_PAREN_RE = re.compile(
    rf"[（(【\[]([^{_BRACKETS}]{{0,120}}?{_CREDIT}[^{_BRACKETS}]*)[）)】\]]"
)
_CREDIT_RE = re.compile(_CREDIT)
# A credit keyword starts a byline at the start of a line, after a dateline (…电) or after
# the paper's name (本报/新华社…记者).
_BYLINE_START_RE = re.compile(r"(?:^|[电）)】\s/／]|本报|社|网|台|报|文)$")
_SEPARATORS = "、，, \u3000：:"


def _run_after(text: str, mentions: list[Local], pos: int) -> list[Local]:
    """Person mentions following ``pos`` separated only by 、/spaces."""
    out: list[Local] = []
    i = pos
    while True:
        while i < len(text) and text[i] in _SEPARATORS:
            i += 1
        nxt = next((m for m in mentions if m.start == i and m.type == PERSON), None)
        if nxt is None:
            return out
        out.append(nxt)
        i = nxt.end


def _extract(sentence: Sentence, ctx: DocContext) -> Iterator[Fact]:
    text = sentence.text
    mentions = local_mentions(sentence)
    authors: list[Local] = []
    for paren in _PAREN_RE.finditer(text):
        authors += [m for m in mentions if paren.start(1) <= m.start and m.end <= paren.end(1)
                    and m.type == PERSON]
    for credit in _CREDIT_RE.finditer(text):
        if _BYLINE_START_RE.search(text[: credit.start()]):
            authors += _run_after(text, mentions, credit.end())
    seen: set[str] = set()
    for author in authors:
        if author.name not in seen:
            seen.add(author.name)
            yield make_fact(sentence, author.node(), "AUTHORED", NodeRef(ctx.doc_id, DOCUMENT),
                            {}, 0.9, "bylines.credit")


def extract(
    sentence: Sentence, ctx: DocContext, *, min_confidence: float = 0.0
) -> Iterator[Fact]:
    """AUTHORED facts of one sentence (the object is the document itself).

    Facts below ``min_confidence`` are dropped.
    """
    return confident(_extract(sentence, ctx), min_confidence)
