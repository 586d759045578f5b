"""CHAIRED, ATTENDED and MET: who presided over, took part in or met whom.

The helpers :func:`meeting_body`, :func:`meeting_name` and :func:`previous_meeting_parties`
let other families refer back to the meeting or talks the article described just before
(会议指出 → the body that held it, the standing committee for 省委常委会议; 双方表示 → the two
sides of the talks).  Titled names in clauses of their own before 陪同/参加 all attend.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.coref import coordinated, find_actor
from kg.extract.meeting_refs import (
    BARE_MEETING,
    LOOKBACK_SENTENCES,
    event_node,
    meeting_date,
)
from kg.extract.patterns import (
    EVENT_HEAD_RE,
    TITLE_HEADS,
    Local,
    clause_end,
    clause_start,
    confident,
    date_before,
    is_title,
    local_mentions,
    make_fact,
    planned,
)
from kg.records import EVENT, ORGANIZATION, PERSON, DocContext, Fact, NodeRef, Sentence

_CHAIR_RE = re.compile(r"主持(?:召开)?了?")
_PASSIVE_CHAIR_RE = re.compile(r"由([^，。]{1,40}?)主持")
_ATTEND_RE = re.compile(r"陪同(?:并|分别|一同|共同)?(?:参加|出席)|出席|参加|陪同|列席")
# Adverbs inside a compound attendance verb, left out of its role (陪同分别参加 → 陪同参加).
_ROLE_ADVERBS_RE = re.compile(r"并|分别|一同|共同")
# 某某在甲陪同下检阅仪仗队: 甲 accompanied the act that follows.
_ACCOMPANIED_RE = re.compile(
    r"在(?P<who>[^，。；]{2,40}?)(?:的)?陪同下[，,]?(?P<act>[^，。；“”]{2,30})"
)
# A person named before 夫人/丈夫 is the possessor, not the one who acts (甲夫人乙陪同…).
_SPOUSE_AFTER = ("夫人", "丈夫", "先生")
_MEET_VERB_RE = re.compile(r"会见|会晤|接见|看望|探望")
_TALKS_RE = re.compile(
    r"(?:与|同|跟|和)([^，。；]{1,50}?)(?:举行)?(?:会谈|会晤|见面|会面|通电话|磋商)"
)
_BOTH_RE = re.compile(r"两国(?:总理|总统|领导人|元首|外长)|双方")
# A verb of another event between a subject and 出席 means the subject belongs to that verb
# (梅德韦杰夫会见正在出席…的孟建柱).
_BLOCKING_RE = re.compile(
    r"会见|会谈|会晤|接见|主持|来到|考察|视察|看望|派|让|请|邀请|鼓励|对|[同与]来华|[同与]到访"
)


def _bracketed(text: str, start: int, end: int, verb: int) -> bool:
    """Whether the name at ``start:end`` stands in brackets closed before the verb at ``verb``:
    a credit or an aside (（记者 某某）某某出席…), not 某某（左一）出席."""
    opened = max(text.rfind("（", 0, start), text.rfind("(", 0, start))
    closed = max(text.rfind("）", 0, start), text.rfind(")", 0, start))
    return opened > closed and any(ch in "）)" for ch in text[end:verb])

_LEADING_TALKS_RE = re.compile(r"^(?:[^，。]{0,12}，)?在(?:与|同|和|跟)[^，。]{1,40}?时[，,]")
_TIME_RE = re.compile(r"[年月日时天晚午]|上旬|中旬|下旬|期间|^(?:这里|那里|此间|当地)$")
_NOT_A_GUEST_AFTER = (
    "的", "、", "驻", "代表", "系统", "成员", "长", "军人", "官兵", "人员", "员工", "职工", "学生",
    "选手", "球员", *TITLE_HEADS,
)
_VENUE_RE = re.compile(r"在([^，。与同和跟]{1,14}?)(?:与|同|和|跟|会见|会晤|接见|举行)")


def _event_after(text: str, pos: int, mentions: list[Local]) -> str | None:
    """The event named after a verb: the span up to its last event head, after the last 的."""
    end = clause_end(text, pos)
    for stop in ("并", "时", "后"):
        cut = text.find(stop, pos, end)
        if cut > pos and EVENT_HEAD_RE.search(text, pos, cut):
            end = cut
    heads = list(EVENT_HEAD_RE.finditer(text, pos, end))
    if not heads:
        return None
    end = heads[-1].end()
    start = max(pos, text.rfind("的", pos, end) + 1)
    inner = [m for m in mentions if start <= m.start and m.end <= end]
    if inner and inner[-1].type == PERSON:  # 陪同习近平考察 → 考察
        start = inner[-1].end
    while start < end and text[start] in "了在“‘《":
        start += 1
    return text[start:end] if start < end else None



def _chaired(sentence: Sentence, ctx: DocContext, mentions: list[Local]) -> Iterator[Fact]:
    text = sentence.text
    passive = _PASSIVE_CHAIR_RE.search(text)
    if passive:
        people = [m for m in mentions if passive.start(1) <= m.start and m.end <= passive.end(1)]
        event = text[clause_start(text, passive.start()) : passive.start()].strip()
        date = date_before(text, passive.start(), ctx)
        node = event_node(ctx, sentence, event, passive.start())
        if people and people[-1].type == PERSON and EVENT_HEAD_RE.search(event) and node:
            yield make_fact(sentence, people[-1].node(), "CHAIRED", node, {"date": date}, 0.85,
                            "meetings.chaired_passive")
        return
    for match in _CHAIR_RE.finditer(text):
        who = find_actor(sentence, ctx, mentions, match.start(), types=(PERSON,))
        event = _event_after(text, match.end(), mentions)
        node = event_node(ctx, sentence, event, match.start()) if event else None
        if who is not None and node is not None:
            date = date_before(text, match.start(), ctx) or meeting_date(
                ctx, sentence, event, match.start())
            yield make_fact(sentence, who, "CHAIRED", node, {"date": date}, 0.85,
                            "meetings.chaired")


def _attendees(
    sentence: Sentence, ctx: DocContext, mentions: list[Local], verb: re.Match[str], event: str
) -> list[NodeRef]:
    text = sentence.text
    begin = clause_start(text, verb.start())
    while begin > 1 and text[begin - 1] in "，," and _names_only(
        text, mentions, clause_start(text, begin - 1), begin - 1
    ):
        begin = clause_start(text, begin - 1)  # 副市长甲，市政府秘书长乙参加调研: both
    people = [m for m in mentions if begin <= m.start and m.end <= verb.start()
              and m.type == PERSON and not _BLOCKING_RE.search(text[m.end : verb.start()])
              and not text.startswith(_SPOUSE_AFTER, m.end)
              and not _bracketed(text, m.start, m.end, verb.start())]
    if people:
        return [m.node() for m in people]
    if _BOTH_RE.search(text[begin : verb.start()]):
        return previous_meeting_parties(ctx, sentence.start)
    # 正在出席…会议的中国国务委员、公安部部长孟建柱: the person the clause describes
    tail_start = verb.end() + text[verb.end() :].find(event) + len(event)
    if text.startswith("的", tail_start):
        after = [m for m in mentions if tail_start < m.start < clause_end(text, tail_start)]
        return [m.node() for m in after if m.type == PERSON][:1]
    return []


def _names_only(text: str, mentions: list[Local], start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds only titled names (省委常委、秘书长某某)."""
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    if not any(m.type == PERSON for m in inside):
        return False
    covered = {i for m in inside for i in range(m.start, m.end)}
    rest = "".join(text[i] if i not in covered else " " for i in range(start, end))
    return all(is_title(part) or _LEADERS_RE.fullmatch(part)
               for part in re.split(r"[、\s]+", rest) if part)


# A collective word before a list of names (省领导甲、乙，…参加会议): leaders, not a post.
_LEADERS_RE = re.compile(r"(?:[省市县区州镇乡校院部局委]|中央|国家|有关|部分)?领导(?:同志)?|嘉宾")


def _attended(sentence: Sentence, ctx: DocContext, mentions: list[Local]) -> Iterator[Fact]:
    text = sentence.text
    yield from _also_present(sentence, ctx, mentions)
    listed = [m.span() for m in _ALSO_RE.finditer(text)]
    for verb in _ATTEND_RE.finditer(text):
        if any(a <= verb.start() < b for a, b in listed):
            continue  # 出席会议的还有…: the names after 还有 attend (_also_present)
        date = date_before(text, verb.start(), ctx)
        event = _event_after(text, verb.end(), mentions)
        if not event and _BARE_ATTEND_RE.match(text, verb.end()):
            yield from _bare_attended(sentence, ctx, mentions, verb, date)
            continue
        if not event or planned(text, verb.start()):
            continue  # 将出席: an attendance announced
        date = date or meeting_date(ctx, sentence, event, verb.start())
        node = event_node(ctx, sentence, event, verb.start())
        if node is None:
            continue
        for who in _attendees(sentence, ctx, mentions, verb, event):
            attrs = {"role": _ROLE_ADVERBS_RE.sub("", verb.group(0)), "date": date}
            yield make_fact(sentence, who, "ATTENDED", node, attrs, 0.8, "meetings.attended")


# 出席会议的领导同志还有：甲、乙 / 出席座谈会的党外人士还有甲、乙等: the names listed attend.
_ALSO_RE = re.compile(
    r"(?P<verb>出席|参加|列席)了?(?P<event>[^，。；：:“”]{0,40}?)的[^，。；：:“”的]{0,12}?还有[：:]?"
)


def _also_present(sentence: Sentence, ctx: DocContext, mentions: list[Local]) -> Iterator[Fact]:
    text = sentence.text
    for match in _ALSO_RE.finditer(text):
        event = _event_after(text[: match.end("event")], match.start("event"), mentions)
        if not event:
            continue
        node = event_node(ctx, sentence, event, match.start())
        if node is None:
            continue
        date = date_before(text, match.start(), ctx) or meeting_date(
            ctx, sentence, event, match.start())
        end = next((i for i in range(match.end(), len(text)) if text[i] in "。；;！"), len(text))
        for person in (m for m in mentions if match.end() <= m.start and m.end <= end
                       and m.type == PERSON):
            attrs = {"role": match.group("verb"), "date": date}
            yield make_fact(sentence, person.node(), "ATTENDED", node, attrs, 0.8,
                            "meetings.also_present")


def _bare_attended(
    sentence: Sentence, ctx: DocContext, mentions: list[Local], verb: re.Match[str],
    date: str | None,
) -> Iterator[Fact]:
    """某某、某某出席。: the names of the clauses before the verb attend the event held or
    chaired earlier in the sentence (李某主持座谈会，甲和乙出席), else the one the story
    described before (in CCTV items the line 某某出席。 stands alone after the story)."""
    text = sentence.text
    begin = clause_start(text, verb.start())
    while begin > 1 and text[begin - 1] in "，," and _names_only(
        text, mentions, clause_start(text, begin - 1), begin - 1
    ):
        begin = clause_start(text, begin - 1)  # 非盟轮值主席、某国总统甲，某国总统乙…出席
    region = text[begin : verb.start()]
    if _BLOCKING_RE.search(region) or re.search(r"[在将的]", _strip_names(region, begin,
                                                                           mentions)):
        return  # a clause of its own (某某在…出席), not a list of those present
    event = _event_in(text[:begin], mentions) if begin else None
    if event is None:
        if begin and not _CHAIR_ONLY_RE.search(text[:begin]):
            return  # the sentence is about something else before the names
        event = _event_before(ctx, sentence)
    if not event:
        return
    people = [m for m in mentions if begin <= m.start and m.end <= verb.start()
              and m.type == PERSON and not text.startswith(_SPOUSE_AFTER, m.end)]
    for person in people:
        attrs = {"role": _ROLE_ADVERBS_RE.sub("", verb.group(0)), "date": date}
        yield make_fact(sentence, person.node(), "ATTENDED", NodeRef(event, EVENT), attrs, 0.7,
                        "meetings.attended_bare")


# 某国总统某某主持，…出席: the chair of the event the story described before.
_CHAIR_ONLY_RE = re.compile(r"主持[，,]$|^[^，。]{0,3}(?:会上|会议上|仪式上|活动中)[，,]$")


def _strip_names(region: str, begin: int, mentions: list[Local]) -> str:
    """``region`` (starting at local offset ``begin``) with the names blanked."""
    chars = list(region)
    for m in mentions:
        for i in range(max(m.start, begin), min(m.end, begin + len(region))):
            chars[i - begin] = " "
    return "".join(chars)


def _event_in(text: str, mentions: list[Local]) -> str | None:
    """The event held or chaired in ``text`` (李某主持座谈会 / 某某大会3日在北京举行)."""
    for verb in reversed(list(_HOLDS_EVENT_RE.finditer(text))):
        event = _event_after(text, verb.end(), mentions)
        if event and event not in BARE_MEETING and not re.search(r"并|发表", event):
            return event
        if verb.group(0) != "主持":
            head = _HELD_SUBJECT_RE.search(text, 0, verb.start())
            if head:
                return head.group(1)
    return None


# 纪念某某座谈会3日在北京举行: the event named as the subject of 举行, after a time and place.
_HELD_SUBJECT_RE = re.compile(
    rf"(?:^|[，,：:])([^，。；：:“”的在]{{1,40}}?(?:{EVENT_HEAD_RE.pattern}))"
    r"[^，。；：:“”]{0,12}$"
)


# 出席。 / 等参加。: the verb closes the sentence, its event was named before.
_BARE_ATTEND_RE = re.compile(r"(?:了)?[。！]?$")
_REPORTED_RE = re.compile(r"表示|说|指出|强调|认为|介绍|提出|宣布")
# The story's own event is held or chaired (events attended may be named in statements).
_HOLDS_EVENT_RE = re.compile(r"召开|举行|主持")


def _event_before(ctx: DocContext, sentence: Sentence) -> str | None:
    """The event named last before ``sentence`` (in CCTV items the line 某某出席。 stands
    alone after the story's event), the headline excluded."""
    before = [s for s in ctx.sentences if s.end <= sentence.start]
    for earlier in reversed(before):
        if (not ctx.text[: earlier.start].strip() and "\n" in ctx.text.strip()
                and earlier.text.rstrip()[-1:] not in "。！？!?"):
            break  # the headline
        if _in_reported_paragraph(ctx, earlier):
            continue  # 李克强说，… 。…召开了某会议。: the speaker's words, not the story
        mentions = local_mentions(earlier)
        for verb in reversed(list(_HOLDS_EVENT_RE.finditer(earlier.text))):
            if _REPORTED_RE.search(earlier.text, 0, verb.start()):
                continue  # 某某表示，前不久召开的…大会: an event inside the reported words
            event = _event_after(earlier.text, verb.end(), mentions)
            if event and event not in BARE_MEETING and not re.search(r"并|发表", event):
                return event
        held = _EVENT_HELD_RE.search(earlier.text)
        if held and not _REPORTED_RE.search(earlier.text, 0, held.start()):
            return held.group(1)
        met = _RECEPTION_RE.search(earlier.text)
        if met and not _REPORTED_RE.search(earlier.text, 0, met.start()) and any(
                f.predicate == "MET" for f in _met(earlier, ctx, mentions)):
            return met.group(0)  # 某某会见某某。…某某出席。: the meeting is the event
    return None


_RECEPTION_RE = re.compile(r"会见|会晤|接见")


def _in_reported_paragraph(ctx: DocContext, sentence: Sentence) -> bool:
    """Whether the sentence speaks in the first person or belongs to a paragraph that opens
    with reported speech (某某说，…)."""
    if re.search(r"我们|我国|我们的", sentence.text):
        return True
    line_start = ctx.text.rfind("\n", 0, sentence.start) + 1
    opening = ctx.text[line_start : min(sentence.end, line_start + 30)]
    return bool(_REPORTED_RE.search(opening.split("，", 1)[0]))


# 纪念大会在北京举行: an event named as the subject of 举行/召开.
_EVENT_HELD_RE = re.compile(
    rf"(?:^|[，,])([^，。；“”的在]{{0,30}}?(?:{EVENT_HEAD_RE.pattern}))(?:在[^，。]{{1,14}})?"
    r"(?:隆重)?(?:举行|召开|开幕)"
)


def _accompanied(sentence: Sentence, ctx: DocContext, mentions: list[Local]) -> Iterator[Fact]:
    """某某在甲陪同下检阅仪仗队 → 甲 ATTENDED 检阅仪仗队, role 陪同."""
    text = sentence.text
    for match in _ACCOMPANIED_RE.finditer(text):
        act = match.group("act")
        for stop in ("并", "时", "后"):
            act = act.split(stop, 1)[0]
        if len(act) < 2:
            continue
        date = date_before(text, match.start(), ctx)
        people = [m for m in mentions if match.start("who") <= m.start
                  and m.end <= match.end("who") and m.type == PERSON
                  and not text.startswith(_SPOUSE_AFTER, m.end)]
        for person in people:
            attrs = {"role": "陪同", "date": date}
            yield make_fact(sentence, person.node(), "ATTENDED", NodeRef(act, EVENT), attrs, 0.75,
                            "meetings.accompanied")


def _met(sentence: Sentence, ctx: DocContext, mentions: list[Local]) -> Iterator[Fact]:
    text = sentence.text
    talks = _talks(text, mentions)
    anchor = talks or _MEET_VERB_RE.search(text)
    # the venue is written right before the talks or the verb (在人民大会堂会见 / 在京与…)
    venue = _VENUE_RE.search(text, 0, anchor.end()) if anchor else None
    if venue and (_TIME_RE.search(venue.group(1)) or venue.end() < anchor.start()):
        venue = None  # 在今天晚上同… is a time, not a venue
    when = date_before(text, anchor.start(), ctx) if anchor else None
    attrs = {"date": when, "to": venue.group(1) if venue else None}
    actors = (PERSON, ORGANIZATION)
    # 同某某的会谈 names talks, it does not report them; 同来华访问的某某举行会谈 does
    guest_from = talks.start(1) + talks.group(1).rfind("的") + 1 if talks else 0
    if talks and not talks.group(1).endswith("的"):
        host = find_actor(sentence, ctx, mentions, talks.start(), types=actors)
        lead = _LEADING_TALKS_RE.match(text)
        if host is None and lead:  # 在同某某会晤时，某某建议…: the main clause's subject
            after = [m for m in mentions if m.start >= lead.end() and m.type == PERSON]
            host = after[0].node() if after and after[0].start - lead.end() <= 6 else None
        guests = [m for m in mentions if guest_from <= m.start and m.end <= talks.end(1)]
        yield from _met_facts(sentence, host, guests, attrs, "meetings.talks")
        return
    for verb in _MEET_VERB_RE.finditer(text):
        host = find_actor(sentence, ctx, mentions, verb.start(), types=actors)
        end = clause_end(text, verb.end())
        for paren in ("（", "(", "就", "并", "时", "呼吁", "表示", "指出", "强调", "说"):
            if 0 <= text.find(paren, verb.end()) < end:
                end = text.find(paren, verb.end())
        guests = [m for m in mentions if verb.end() <= m.start and m.end <= end]
        hosts = coordinated(sentence, mentions, host, verb.start()) if host else [None]
        for one in hosts:
            yield from _met_facts(sentence, one, guests, attrs, "meetings.met")


def _talks(text: str, mentions: list[Local]) -> re.Match[str] | None:
    """The first 与/同…会谈 whose 与/同 is not a character of a name (王大同)."""
    pos = 0
    while (match := _TALKS_RE.search(text, pos)) is not None:
        if not any(m.start <= match.start() < m.end for m in mentions):
            return match
        pos = match.start() + 1
    return None


def _met_facts(
    sentence: Sentence, host: NodeRef | None, guests: list[Local], attrs: dict, rule: str
) -> Iterator[Fact]:
    if host is None:
        return
    people = [g for g in guests if g.type == PERSON]
    # an organization followed by a title describes a person (联合国开发计划署驻华代表)
    chosen = people or [g for g in guests if g.type == ORGANIZATION
                        and not sentence.text.startswith(_NOT_A_GUEST_AFTER, g.end)]
    # 会见由某某率领的XX代表团: the delegation is met too, not only the person leading it
    chosen += [g for g in guests if people and g.type == ORGANIZATION
               and sentence.text[max(0, g.start - 3) : g.start] in _LED_BY]
    for guest in chosen:
        if guest.name != host.name:
            yield make_fact(sentence, host, "MET", guest.node(), attrs, 0.85, rule)


_LED_BY = ("率领的", "带领的")


def previous_meeting_parties(ctx: DocContext, pos: int) -> list[NodeRef]:
    """Host and guest of the last talks described before ``pos`` (for 双方 / 两国总理)."""
    before = [s for s in ctx.sentences if s.start < pos][-LOOKBACK_SENTENCES:]
    for sentence in reversed(before):
        facts = list(_met(sentence, ctx, local_mentions(sentence)))
        if facts:
            return [facts[0].subject, facts[0].object]
    return []


def _extract(sentence: Sentence, ctx: DocContext) -> Iterator[Fact]:
    mentions = local_mentions(sentence)
    yield from _chaired(sentence, ctx, mentions)
    yield from _attended(sentence, ctx, mentions)
    yield from _accompanied(sentence, ctx, mentions)
    yield from _met(sentence, ctx, mentions)


def extract(
    sentence: Sentence,
    ctx: DocContext,
    *,
    predicates: tuple[str, ...] = ("CHAIRED", "ATTENDED", "MET"),
    min_confidence: float = 0.0,
) -> Iterator[Fact]:
    """CHAIRED, ATTENDED and MET facts of one sentence.

    ``predicates`` picks some of them; facts below ``min_confidence`` are dropped.
    """
    wanted = (fact for fact in _extract(sentence, ctx) if fact.predicate in predicates)
    return confident(wanted, min_confidence)
