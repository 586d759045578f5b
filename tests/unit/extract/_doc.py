"""Build a DocContext from a hand-written text and the mentions a recognizer would give."""

from __future__ import annotations

import re

from kg.records import DocContext, Entity, Fact, ResolvedMention, Sentence

MentionSpec = dict[str, str | tuple[str, str]]  # surface -> type, or (type, canonical name)

def split(text: str) -> list[tuple[int, int]]:
    """Sentence spans: 。！？ or a newline end a sentence; a quote keeps its inner 。."""
    spans, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "“") - (ch == "”")
        if ch == "\n" or (ch in "。！？" and depth <= 0):
            end = i if ch == "\n" else i + 1
            if text[start:end].strip():
                spans.append((start, end))
            start, depth = i + 1, 0
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def doc(
    text: str, mentions: MentionSpec, *, date: str | None = "2020-02-05", doc_id: str = "t"
) -> DocContext:
    """A context whose mentions are every occurrence of the given surfaces (longest first)."""
    taken = [False] * len(text)
    found: list[ResolvedMention] = []
    entities: dict[str, Entity] = {}
    for surface in sorted(mentions, key=len, reverse=True):
        spec = mentions[surface]
        kind, name = (spec, surface) if isinstance(spec, str) else spec
        entity = entities.setdefault(name, Entity(name, kind))
        if surface != name and surface not in entity.aliases:
            entity.aliases.append(surface)
        for m in re.finditer(re.escape(surface), text):
            if not any(taken[m.start() : m.end()]):
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
                found.append(ResolvedMention(m.start(), m.end(), kind, name, surface))
    sentences = tuple(
        Sentence(s, e, text[s:e], tuple(sorted(
            (m for m in found if s <= m.start and m.end <= e), key=lambda m: m.start)))
        for s, e in split(text)
    )
    return DocContext(doc_id, text, date, sentences, tuple(entities.values()))


def triples(facts: list[Fact], predicate: str | None = None) -> set[tuple[str, str, str]]:
    return {(f.subject.name, f.predicate, f.object.name) for f in facts
            if predicate is None or f.predicate == predicate}
