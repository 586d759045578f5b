"""HOLDS_POSITION from titles shared by a list or written in a phrase around the names.

* ``甲、乙、丙等8位副主席`` / ``甲、乙等全国政协副主席`` → one fact per name; a bare title takes
  the body of the same post written for someone else in the document (全国政协主席某某);
* ``以外交部部长某某为团长的中国代表团`` → (某某, 中国代表团, 团长), when the team is named.

Registered as its own extractor after :mod:`kg.extract.positions`, whose title grammar it uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.bodies import bare_title_body
from kg.extract.patterns import (
    Local,
    confident,
    headed_by,
    is_title,
    local_mentions,
    make_fact,
    name_before_organ,
    title_head,
)
from kg.extract.positions import PLAIN_TITLE_RE, body_for_title, explicit_positions
from kg.records import ORGANIZATION, PERSON, PLACE, DocContext, Fact, NodeRef, Sentence

# 甲、乙、丙等8位副主席 / 甲、乙等全国政协副主席: a title written once after a list of names.
_AFTER_LIST_RE = re.compile(r"等(?:[\d一二三四五六七八九十两]+(?:位|名))?")


def _listed_then_titled(
    sentence: Sentence, ctx: DocContext, mentions: list[Local]
) -> Iterator[Fact]:
    text = sentence.text
    people = [m for m in mentions if m.type == PERSON]
    for last in people:
        tail = _AFTER_LIST_RE.match(text, last.end)
        if tail is None or tail.end() == last.end:
            continue
        names = [last]
        for m in reversed([p for p in people if p.end < last.start]):
            if text[m.end : names[0].start] not in ("、", "和", "及"):
                break
            names.insert(0, m)
        if len(names) < 2:
            continue  # 甲等人: one name, no list
        found = _title_at(sentence, ctx, mentions, tail.end())
        if found is None:
            continue
        for person in names:
            body, title, conf = found
            yield make_fact(sentence, person.node(), "HOLDS_POSITION", body, {"title": title},
                            conf, "positions.after_list")


def _title_at(
    sentence: Sentence, ctx: DocContext, mentions: list[Local], pos: int
) -> tuple[NodeRef, str, float] | None:
    """The title (with its body) written from local offset ``pos``: 全国政协副主席 / 副主席 (a
    bare title takes the body of the same post written for someone else in the document)."""
    text = sentence.text
    body = next((m for m in mentions if m.start == pos and m.type in (ORGANIZATION, PLACE)),
                None)
    start = body.end if body else pos
    run = re.match(r"[\u4e00-\u9fff]{1,10}", text[start:])
    if run is None:
        return None
    title = next((run.group(0)[:k] for k in range(len(run.group(0)), 0, -1)
                  if is_title(run.group(0)[:k])), None)
    if title is None:
        return None
    if body is not None:
        return body_for_title(sentence, ctx, body, title, start)
    head = title_head(title)
    bodies = {node for (_, h), node in explicit_positions(ctx).items() if h == head}
    if len(bodies) == 1 and PLAIN_TITLE_RE.match(title):
        return bodies.pop(), title, 0.5
    bare = bare_title_body(ctx, title, sentence.start + pos, None)
    return (bare[0], title, bare[1]) if bare is not None else None


def _headed_body(text: str, mentions: list[Local], span: tuple[int, int]) -> NodeRef | None:
    """The named body of ``以X为团长的Z``: Z recognized as a body, or a place or body with a
    team word (中国代表团, 某省委考察团); a bare team (主席团, 工作组) names none."""
    start, end = span
    whole = next((m for m in mentions if m.start == start and m.end == end
                  and m.type == ORGANIZATION), None)
    if whole is not None:
        return whole.node()
    first = next((m for m in mentions if m.start == start and m.end < end
                  and m.type in (ORGANIZATION, PLACE)), None)
    if first is None:
        return None
    rest = text[first.end : end]
    if not re.fullmatch(r"[\u4e00-\u9fff]{0,6}(?:代表团|访问团|考察团|工作组)", rest):
        return None
    return NodeRef(name_before_organ(first) + rest, ORGANIZATION)


def _extract(sentence: Sentence, ctx: DocContext) -> Iterator[Fact]:
    mentions = local_mentions(sentence)
    yield from _listed_then_titled(sentence, ctx, mentions)
    for head in headed_by(sentence.text, mentions):
        body = _headed_body(sentence.text, mentions, head.what)
        if body is not None:
            yield make_fact(sentence, head.person.node(), "HOLDS_POSITION", body,
                            {"title": head.title}, 0.7, "positions.headed_by")


def extract(
    sentence: Sentence, ctx: DocContext, *, min_confidence: float = 0.0
) -> Iterator[Fact]:
    """HOLDS_POSITION facts of titled lists and 以X为Y的Z phrases of one sentence."""
    return confident(_extract(sentence, ctx), min_confidence)
