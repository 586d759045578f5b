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

from kg.extract import aid, bylines, meetings, positions, quotes, title_lists, visits
from kg.extract.coref import with_missed_mentions
from kg.extract.patterns import canonical_event, title_head
from kg.extract.when import Dating
from kg.records import EVENT, DocContext, Fact, Sentence

Extractor = Callable[[Sentence, DocContext], Iterator[Fact]]

EXTRACTORS: tuple[Extractor, ...] = (
    quotes.extract,
    positions.extract,
    title_lists.extract,
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


def extract_facts(ctx: DocContext) -> list[Fact]:
    """All facts of a document, in sentence order, without repeating a (s, p, o).

    Names of the document's persons and bodies are first looked up again where the recognizer
    missed them (:func:`~kg.extract.coref.with_missed_mentions`).  Two titles of one person in
    one body (党组成员, 专职副会长) stay two facts; one meeting named two ways stays one.
    """
    ctx = with_missed_mentions(ctx)
    dating = Dating(ctx)  # undated acts take the date of their event (kg.extract.when)
    facts: dict[tuple[str, ...], Fact] = {}
    for sentence in ctx.sentences:
        for extractor in EXTRACTORS:
            for fact in extractor(sentence, ctx):
                fact = dating(fact)
                key = _key(fact, ctx)
                first = facts.get(key)
                if first is None:
                    facts[key] = fact
                elif any(k not in first.attrs for k in fact.attrs):
                    # a restatement may add what the first mention left out (the date)
                    facts[key] = dataclasses.replace(first, attrs={**fact.attrs, **first.attrs})
    return _without_abbreviated_events(list(facts.values()))


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _without_abbreviated_events(facts: list[Fact]) -> list[Fact]:
    """One event named short and in full (a headline's 台商座谈会, the lead's
    全国台商联合总会座谈会) is one: a fact whose event is the other's name with characters left
    out, same subject, predicate and last two characters, gives way to the fuller one (which
    takes its date)."""
    events = [f for f in facts if f.object.type == EVENT]
    drop: set[int] = set()
    fuller: dict[int, Fact] = {}
    for short in events:
        name = short.object.name
        for full in events:
            other = full.object.name
            if (full is short or id(full) in drop or len(other) <= len(name) or len(name) < 3
                    or (full.subject, full.predicate) != (short.subject, short.predicate)
                    or other[-2:] != name[-2:] or not _subsequence(name, other)):
                continue
            drop.add(id(short))
            fuller[id(full)] = dataclasses.replace(full, attrs={**short.attrs, **full.attrs})
            break
    return [fuller.get(id(f), f) for f in facts if id(f) not in drop]
