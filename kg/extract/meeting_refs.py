"""References back to a meeting the article described: its name, the body that held it, its date.

会议指出 → the body that held the meeting (the standing committee for 省委常委会议); 出席会议 →
the meeting named before (2019年某协会工作会议12日在北京召开); the date written where it was held.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.coref import find_actor, generic_body
from kg.extract.patterns import canonical_event, date_before, local_mentions
from kg.records import EVENT, ORGANIZATION, DocContext, NodeRef, Sentence

# How many sentences back "会议" or "双方" may refer.
LOOKBACK_SENTENCES = 15

# What 会议 may refer back to: a meeting by any of its names (某县森林防火工作推进会, 座谈会,
# 表彰大会), not a room or hall (会议室, 大会堂).
_MEETING = (
    r"(?:会议|大会|全会|例会|年会|座谈会|研讨会|推进会|调度会|动员会|表彰会|现场会|培训会|报告会"
    r"|交流会|恳谈会|联席会|部署会|协调会|汇报会|工作会|开幕会|闭幕会)(?![议室厅堂场所址长战商])"
)
# A name's characters; a short quoted part may stand inside (防御台风“某某”工作部署会).
_NAME_CHAR = r"(?:[^，。；、“”（）()：:的]|“[^“”，。]{1,12}”)"
HELD_RE = re.compile(r"(?:召开|举行)了?([^，。；、“”]{0,20}?" + _MEETING + ")")
# A day or time of day between a meeting's name and 召开 (某会议12日上午在北京召开).
_WHEN = r"[0-9０-９一二三四五六七八九十]{1,3}日|[今昨前]天|当天|[上中下]午|晚上?"
NAMED_MEETING_RE = re.compile(
    r"(?:出席|参加|列席|召开|举行)了?(" + _NAME_CHAR + "{2,40}" + _MEETING + ")"
    r"|((?:(?![在\s])" + _NAME_CHAR + "){2,40}?" + _MEETING + ")(?:" + _WHEN + r")*"
    r"(?:在[^，。]{1,12})?(?:召开|举行|开幕|闭幕)"
)
_COMMITTEE_MEETING_RE = re.compile(r"^(\S{0,10}?[省市县区州]委)常委(?:会)?(?:扩大)?会议$")
_HABITUAL_RE = re.compile(r"多次|经常|定期|每[周月年天]|曾")
BARE_MEETING = frozenset({"会议", "会", "这次会议", "此次会议", "本次会议", "该会议"})


def _meetings_before(
    ctx: DocContext, pos: int, lookback: int = LOOKBACK_SENTENCES
) -> Iterator[tuple[str, NodeRef | None]]:
    """Meetings named before ``pos``, latest first, as (name, body that held it)."""
    before = [s for s in ctx.sentences if s.start < pos][-lookback:]
    for sentence in reversed(before):
        text = sentence.text[: max(0, pos - sentence.start)]
        mentions = local_mentions(sentence)
        found: list[tuple[int, str, NodeRef | None]] = []
        for match in HELD_RE.finditer(text):
            if _HABITUAL_RE.search(text[max(0, match.start() - 3) : match.start()]):
                continue  # 多次召开会议 is no particular meeting
            body = find_actor(sentence, ctx, mentions, match.start(), types=(ORGANIZATION,))
            name = match.group(1)
            if name in BARE_MEETING and body is not None:
                # the meeting's name as written: the body's surface (全国人大常委会党组会议)
                written = next((m.surface for m in reversed(mentions) if m.name == body.name
                                and m.end <= match.start()), body.name)
                name = written + "会议"
            body = _standing_committee(ctx, name, sentence.start + match.start()) or body
            found.append((match.start(), name, body))
        for match in NAMED_MEETING_RE.finditer(text):
            name = match.group(1) or match.group(2)
            if name in BARE_MEETING:
                continue
            start = match.start(1) if match.group(1) else match.start(2)
            orgs = [m for m in mentions if start <= m.start and m.end <= start + len(name)]

            body = orgs[0].node() if orgs and orgs[0].type == ORGANIZATION else None
            found.append((start, name, body))
        for _, name, body in sorted(found, key=lambda f: -f[0]):
            yield name, body


def _standing_committee(ctx: DocContext, name: str, pos: int) -> NodeRef | None:
    """省委常委会议 → the standing committee of the 省委 the article names (某省委常委会)."""
    match = _COMMITTEE_MEETING_RE.match(name)
    if match is None:
        return None
    party = match.group(1)
    if len(party) == 2:  # 省委 alone: the one named before
        found = generic_body(ctx, party, pos)
        if found is None or found.type != ORGANIZATION:
            return None
        party = found.name
    return NodeRef(party + "常委会", ORGANIZATION)


def meeting_name(ctx: DocContext, pos: int, default: str = "会议") -> str:
    """The name of the meeting the article refers to as 会议 at ``pos``."""
    latest = next((n for n, _ in _meetings_before(ctx, pos) if n not in BARE_MEETING), None)
    if latest is None:
        return default
    # the same meeting as first written (the article's own name for it)
    key = canonical_event(latest, ctx)
    named = [n for n, _ in _meetings_before(ctx, pos, len(ctx.sentences))]
    return next((n for n in reversed(named) if canonical_event(n, ctx) == key), latest)


def meeting_body(ctx: DocContext, pos: int) -> NodeRef | None:
    """The body that held the meeting last described before ``pos``, when the text names it."""
    # 会议 without qualifier means the article's meeting, however far back it was described
    meetings = _meetings_before(ctx, pos, len(ctx.sentences))
    return next((body for _, body in meetings if body is not None), None)


def event_node(ctx: DocContext, sentence: Sentence, name: str, pos: int) -> NodeRef | None:
    """The meeting ``name`` stands for. A bare 会议 is the meeting named before it; with none, it
    stays 会议 in the body of the article, but in its first line (a headline: 某某主持会议并讲话)
    it is None: the body describes that meeting again, under its name, and the headline's
    fact would be a second, nameless copy of it."""
    if name in BARE_MEETING:
        headline = bool(ctx.sentences) and sentence.start == ctx.sentences[0].start
        name = meeting_name(ctx, sentence.start + pos, default="" if headline else "会议")
    return NodeRef(name, EVENT) if name else None


def meeting_date(ctx: DocContext, sentence: Sentence, event: str, pos: int) -> str | None:
    """The date of the meeting 会议 refers back to: the one written where it was described."""
    if event not in BARE_MEETING:
        return None
    before = [s for s in ctx.sentences if s.start < sentence.start][-LOOKBACK_SENTENCES:]
    for earlier in reversed(before):
        held = HELD_RE.search(earlier.text) or NAMED_MEETING_RE.search(earlier.text)
        if held is not None:
            return date_before(earlier.text, held.start(), ctx)
    return None
