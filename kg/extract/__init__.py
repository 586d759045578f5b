"""Fact extraction: rule families that turn recognized sentences into triples.

Each family is a module with ``extract(sentence, ctx) -> Iterator[Fact]``; adding a predicate
means adding a module and registering its function in :data:`EXTRACTORS`.

>>> from kg.records import DocContext, ResolvedMention, Sentence
>>> text = "王小明表示，我们要把工作做得更好。"
>>> m = ResolvedMention(0, 3, "Person", "王小明", "王小明")
>>> ctx = DocContext("d", text, None, (Sentence(0, len(text), text, (m,)),), ())
>>> [(f.subject.name, f.predicate, f.attrs["mode"]) for f in extract_facts(ctx)]
[('王小明', 'SAID', 'indirect')]
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator

from kg.extract import aid, bylines, meetings, positions, quotes, visits
from kg.extract.coref import with_missed_mentions
from kg.extract.patterns import canonical_event, date_before, title_head
from kg.records import EVENT, DocContext, Fact, Sentence

Extractor = Callable[[Sentence, DocContext], Iterator[Fact]]

EXTRACTORS: tuple[Extractor, ...] = (
    quotes.extract,
    positions.extract,
    meetings.extract,
    visits.extract,
    aid.extract,
    bylines.extract,
)

_QUOTE_MARKS = re.compile(r"[\s“”\"'‘’「」『』]")


def _key(fact: Fact, ctx: DocContext) -> tuple[str, ...]:
    # restatements differing only in quote marks or spacing are the same statement
    obj = _QUOTE_MARKS.sub("", fact.object.name)
    if fact.object.type == EVENT:  # 上合组织…会议 and 上海合作组织…会议 are one meeting
        obj = canonical_event(obj, ctx)
    key = (fact.subject.name, fact.predicate, obj)
    if fact.predicate == "HOLDS_POSITION":  # 党组成员 and 专职副会长 of one body are two facts
        key += (title_head(str(fact.attrs.get("title", ""))),)
    return key


# Words that date an event by the day written before (当天 = the day of the last date).
_SAME_DAY_RE = re.compile(r"当天|当日|同日|同一天")
_DATED = frozenset({"SAID", "SENT", "DONATED", "VISITED", "CHAIRED", "ATTENDED", "MET"})


def _same_day(fact: Fact, ctx: DocContext) -> Fact:
    """A fact in a sentence dated only by 当天/同日 takes the last date written before it."""
    if fact.predicate not in _DATED or "date" in fact.attrs:
        return fact
    start, end = fact.evidence
    if not _SAME_DAY_RE.search(ctx.text, start, end):
        return fact
    day = date_before(ctx.text, start, ctx)
    return dataclasses.replace(fact, attrs={**fact.attrs, "date": day}) if day else fact


def extract_facts(ctx: DocContext) -> list[Fact]:
    """All facts of a document, in sentence order, without repeating a (s, p, o).

    Names of the document's persons and bodies are first looked up again where the recognizer
    missed them (:func:`~kg.extract.coref.with_missed_mentions`).  Two titles of one person in
    one body (党组成员, 专职副会长) stay two facts; one meeting named two ways stays one.
    """
    ctx = with_missed_mentions(ctx)
    facts: dict[tuple[str, ...], Fact] = {}
    for sentence in ctx.sentences:
        for extractor in EXTRACTORS:
            for fact in extractor(sentence, ctx):
                fact = _same_day(fact, ctx)
                key = _key(fact, ctx)
                first = facts.get(key)
                if first is None:
                    facts[key] = fact
                elif any(k not in first.attrs for k in fact.attrs):
                    # a restatement may add what the first mention left out (the date)
                    facts[key] = dataclasses.replace(first, attrs={**fact.attrs, **first.attrs})
    return list(facts.values())
