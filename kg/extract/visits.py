"""VISITED: a named person goes to, inspects or visits a named place or body.

``刘云山来到内蒙古满洲里市视察调研`` → 满洲里市 (the most specific place of an address);
``先后视察了A、B、C等地`` → each named one; ``在察看…卫生服务站…后，习近平来到…`` → the
subject of the main clause; ``某某在武汉市考察`` → the place after 在; ``访华`` → 中国;
``深入某州甲县、乙县`` / ``到甲区、乙区调研`` → each place of the list; ``在某镇，某某走进…`` →
the place fronting the sentence; ``在某镇看望…`` → that place (the people visited are MET).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.coref import coordinated, find_actor
from kg.extract.patterns import (
    Local,
    clause_end,
    clause_start,
    confident,
    date_before,
    headed_by,
    local_mentions,
    make_fact,
    name_before_organ,
    organ_after,
    planned,
)
from kg.gazetteer import place_abbreviation
from kg.records import ORGANIZATION, PERSON, PLACE, DocContext, Fact, NodeRef, Sentence

VISIT_VERB_RE = re.compile(
    r"来到|考察|调研|视察|察看|走进|走访|访问|抵达|前往|到访|参观|离开|出访|莅临|深入"
    r"|(?<![奔开])赴(?!任)|看望|慰问|探望|检查(?!组)|督导(?!组)"
)
# Verbs whose object may be a whole list of sites (视察了A、B、C等地).
_CONFIDENCE = {"离开": 0.6, "走进": 0.7, "前往": 0.75, "赴": 0.75}
_LEADING_ADVERBIAL_RE = re.compile(r"^在[^，。]{2,60}?(?:后|时|中|期间)[，,]")
_AT_PLACE_RE = re.compile(r"[在到赴]$")
_ARRIVAL_RE = re.compile(r"来到|抵达|前往|到达|赶赴")
_MAX_OBJECT_OFFSET = 2  # 视察了: hardly anything between verb and site
_JOINERS = frozenset({"", "和", "及", "与", "以及", "、"})
_VERBISH_RE = re.compile(r"[是在将把被对向了说到]")
_VISIT_CHINA_RE = re.compile(
    r"(?:访华|来华(?:进行|开展)?[^，。的]{0,6}?(?:访问|出席|参加|考察|访华))(?!邀请|的邀请)"
)  # 转达…访华邀请: an invitation, not a visit
_LEVELS = frozenset("省市县区州镇乡")
# The end of a list of sites before its verb: unnamed items and 等地 (、和兵团第四师等地).
_LIST_TAIL_RE = re.compile(r"(?:[、和及][^、，。；的在是了将]{1,10})*等(?:地|处|单位)?")
# Verbs whose site is only the place written before them (在某镇看望了…).
_AT_ONLY = frozenset({"看望", "慰问", "探望", "检查", "督导"})
_FRONTED_PLACE_RE = re.compile(r"^在[^，。、]{2,20}[，,]")


def _subject(
    sentence: Sentence, ctx: DocContext, mentions: list[Local], verb: re.Match[str]
) -> NodeRef | None:
    who = find_actor(sentence, ctx, mentions, verb.start(), types=(PERSON,))
    if who is not None:
        return who
    text = sentence.text
    for head in headed_by(text, mentions):  # 以某某为团长的代表团抵达…: the head of the team
        gap = text[head.what[1] : verb.start()]
        if _HEADED_GAP_RE.fullmatch(gap):
            return head.person.node()
    lead = _LEADING_ADVERBIAL_RE.match(text)
    first_clause = clause_end(text, 0)
    if lead and verb.start() < lead.end():  # 在察看…后，习近平来到…
        main = lead.end()
    elif verb.start() <= 2 and first_clause < len(text) and text[first_clause] in "，,":
        main = first_clause + 1  # 离开火神山医院，习近平来到…
    else:
        return None
    after = [m for m in mentions if m.start >= main and m.type == PERSON]
    return after[0].node() if after and after[0].start - main <= 6 else None


def _object_run(text: str, mentions: list[Local], start: int) -> list[Local]:
    """The named sites right after a verb: the first within a few characters, the next ones
    joined to it as an address or a list (A、B、C等地), not names later in the clause."""
    end = clause_end(text, start)
    after = [m for m in mentions if start <= m.start and m.end <= end
             and m.type in (PLACE, ORGANIZATION) and not text.startswith("驻", m.start - 1)]
    if not after:
        return []
    lead = text[start : after[0].start]
    if lead.startswith("的"):
        return []  # 访问的某国总统: the visit describes what follows
    if len(lead) > _MAX_OBJECT_OFFSET and not _is_list_gap(lead.lstrip("了")):
        return []
    run = [after[0]]
    for m in after[1:]:
        gap = text[run[-1].end : m.start]
        if gap.lstrip("".join(_LEVELS)) in _JOINERS or _is_list_gap(gap):
            run.append(m)
        else:
            break
    return run


def _most_specific(run: list[Local], text: str) -> list[Local]:
    """An address gives its last place (黔东南州雷山县 → 雷山县); a list gives each item."""
    out: list[Local] = []
    for m in run:
        gap = text[out[-1].end : m.start] if out else None
        if gap is not None and (gap == "" or gap in _LEVELS) and out[-1].type == PLACE:
            out[-1] = m
        else:
            out.append(m)
    return out


def _is_list_gap(gap: str) -> bool:
    """Unnamed items of a list between named ones (、红色展厅、新公路口岸、)."""
    return "、" in gap and len(gap) <= 30 and not _VERBISH_RE.search(gap)


def _sites(text: str, mentions: list[Local], verb: re.Match[str]) -> list[Local]:
    after = [] if verb.group(0) in _AT_ONLY else _object_run(text, mentions, verb.end())
    if not after and verb.start() > 0:  # 某某在武汉市考察 / 到A、B调研
        before = [m for m in mentions if m.end <= verb.start() and m.type in (PLACE, ORGANIZATION)]
        run: list[Local] = []
        for m in reversed(before):
            gap = text[m.end : run[0].start if run else verb.start()]
            if not run and _LIST_TAIL_RE.fullmatch(gap):
                gap = ""  # 到A、B和某某第四师等地调研: the named places of the list
            if gap == "" or gap in _LEVELS or (run and gap.lstrip("".join(_LEVELS)) in _JOINERS):
                run.insert(0, m)
            else:
                break
        if run and _AT_PLACE_RE.search(text[: run[0].start]):
            after = run
    sites = _with_organ(text, _most_specific(after, text))
    if not sites and verb.group(0) in _ARRIVAL_VERBS:
        unnamed = _unrecognized_site(text, verb.end())
        return [unnamed] if unnamed is not None else []
    return sites


# Verbs right before a site the recognizer may have missed (来到某某林场考察).
_ARRIVAL_VERBS = frozenset({"来到", "走进", "考察", "视察", "调研", "参观", "走访", "抵达"})
# A site written as one name ending in a kind of place or body (塞罕坝机械林场, 某某种子实验室).
_SITE_RE = re.compile(
    r"了?(?P<site>[\u4e00-\u9fff]{2,12}?(?P<kind>林场|农场|牧场|渔场|公司|集团|医院|学校|大学|中学"
    r"|小学|幼儿园|博物馆|纪念馆|展览馆|科技馆|图书馆|研究院|研究所|实验室|产业园|园区|基地|合作社"
    r"|港区|码头|口岸|工厂|商贸城|社区|村))"
    r"(?=考察|调研|视察|参观|看望|慰问|察看|了解|，|,|。|$)"
)
_NOT_SITE_RE = re.compile(
    r"^(?:一|这|那|该|当地|附近|某|有关|相关|各|多|几|数|部分|一些|其他|其它|所在|周边|沿线)"
    r"|[的了在和与是将把被到从]"
)


def _unrecognized_site(text: str, pos: int) -> NodeRef | None:
    """The named site right after an arrival verb when the recognizer missed it."""
    match = _SITE_RE.match(text, pos)
    if match is None or _NOT_SITE_RE.search(match.group("site")):
        return None
    place = match.group("kind") in ("社区", "村")
    return NodeRef(match.group("site"), PLACE if place else ORGANIZATION)


def _with_organ(text: str, sites: list[Local]) -> list[Local | NodeRef]:
    """A body the recognizer missed, written after the place (某县某某合作社), is the site."""
    out: list[Local | NodeRef] = []
    for site in sites:
        organ = organ_after(text, site.end, clause_end(text, site.end))
        out.append(NodeRef(name_before_organ(site, organ) + organ, ORGANIZATION) if organ else site)
    return out


def _fronted_place(text: str, mentions: list[Local], verb_pos: int) -> list[Local]:
    """在雷山县西江镇，某某走进…: the place that opens the sentence is where the visit is."""
    lead = _FRONTED_PLACE_RE.match(text)
    if lead is None or lead.end() > verb_pos:
        return []
    inside = [m for m in mentions if m.start >= 1 and m.end <= lead.end() - 1]
    if not inside or any(m.type not in (PLACE, ORGANIZATION) for m in inside):
        return []
    run = _most_specific(inside, text)
    return run[-1:] if text[run[-1].end : lead.end() - 1] == "" else []


def _extract(sentence: Sentence, ctx: DocContext) -> Iterator[Fact]:
    text = sentence.text
    mentions = local_mentions(sentence)
    itinerary = bool(_ARRIVAL_RE.search(text))
    for verb in VISIT_VERB_RE.finditer(text):
        if verb.group(0) == "离开" and not itinerary:
            continue  # leaving a place is a visit only in an itinerary (离开A，来到B)
        if planned(text, verb.start()):
            continue  # 某某将赴某国出席…: a visit announced, not made
        date = date_before(text, verb.start(), ctx)
        sites = _sites(text, mentions, verb) or _fronted_place(text, mentions, verb.start())
        if not sites:
            continue
        who = _subject(sentence, ctx, mentions, verb)
        if who is None:
            continue
        conf = _CONFIDENCE.get(verb.group(0), 0.85)
        for person in coordinated(sentence, mentions, who, verb.start()):
            for site in sites:
                node = site if isinstance(site, NodeRef) else site.node()
                yield make_fact(sentence, person, "VISITED", node, {"date": date}, conf,
                                f"visits.{verb.group(0)}")
    yield from _went_to(sentence, ctx, mentions)
    for match, place in _state_visits(text, ctx, mentions):
        date = date_before(text, match.start(), ctx)
        who = find_actor(sentence, ctx, mentions, match.start(), types=(PERSON,),
                         ignore_markers=True)
        if who is not None and _HOST_BETWEEN_RE.search(_gap_after(text, mentions, who,
                                                                  match.start())):
            who = None  # 应某某邀请…访华 / 某某欢迎某国总统访华: the host, not the visitor
        end = clause_end(text, match.end())
        described = text.find("的", match.end(), end)
        if described >= 0:  # 来华访问的某国总统某某 / 来华出席…并进行国事访问的某某
            after = [m for m in mentions if described < m.start < end and m.type == PERSON]
            if after and after[0].start - described <= 20:
                who = after[0].node()
            elif who is not None and _gap_after(text, mentions, who, match.start()):
                who = None  # the person described was not recognized
        if _FUTURE_RE.search(text, clause_start(text, match.start()), match.start()) or (
                match.re is _VISIT_TO_RE and planned(text, match.start())):
            continue  # 将访华 / 将出席…并对某国进行访问: a visit announced, not made
        if who is not None:
            yield make_fact(sentence, who, "VISITED", place, {"date": date}, 0.7,
                            "visits.fanghua")


# 来澳访问 / 来沪考察: a one-character name of a place the article names (澳门, 上海市).
_VISIT_ABBREVIATED_RE = re.compile(
    r"(?<![原本未往带])来(?P<place>[^\W\d自到此这过往访看说讲得了年月日华_])"
    r"(?:进行|开展)?[^，。的]{0,6}?(?:访问|考察)(?!邀请|的邀请)"
)


# 对某国进行国事访问: the country visited is the place right after 对 (我国 is China).
_VISIT_TO_RE = re.compile(r"对(?P<place>[^，。；对]{1,20}?)进行(?:国事|正式|工作|友好)?访问")


def _state_visits(
    text: str, ctx: DocContext, mentions: list[Local]
) -> Iterator[tuple[re.Match[str], NodeRef]]:
    """访华 / 来华访问 (中国), 来X访问 where X stands for a place of the article, and 对某国进行
    访问 where a place of the article is named."""
    for match in _VISIT_CHINA_RE.finditer(text):
        yield match, NodeRef("中国", PLACE)
    for match in _VISIT_ABBREVIATED_RE.finditer(text):
        place = _abbreviated_place(ctx, match.group("place"))
        if match.group("place") != "华" and place is not None:
            yield match, place
    for match in _VISIT_TO_RE.finditer(text):
        named = next((m for m in mentions if m.start == match.start("place")
                      and m.end == match.end("place") and m.type == PLACE), None)
        if named is not None:
            yield match, named.node()
        elif match.group("place") == "我国":
            yield match, NodeRef("中国", PLACE)


def _abbreviated_place(ctx: DocContext, char: str) -> NodeRef | None:
    """The place of the article that a one-character name stands for: one written with that
    alias, else one whose name starts with it (澳 → 澳门特别行政区), else the usual reading
    of the character (京 → 北京市, 沪 → 上海市) when the article names that place."""
    places = [e for e in ctx.entities if e.type == PLACE]
    for e in places:
        if char in e.aliases:
            return NodeRef(e.name, PLACE)
    starting = {e.name for e in places if e.name.startswith(char) and len(e.name) > 1}
    if len(starting) == 1:
        return NodeRef(starting.pop(), PLACE)
    usual = place_abbreviation(char)
    if usual is not None and any(e.name == usual.name for e in places):
        return NodeRef(usual.name, PLACE)
    return None


# Between a delegation and its visit verb: a date, a time, adverbs (4日, 当地时间…, 一行, 已).
_HEADED_GAP_RE = re.compile(
    r"(?:一行|当地时间|\d{1,2}[日号]|[上下]午|晚|当天|已|于|先后|乘[^，。]{1,6}|相继)*"
)
# 到某地出席/参加/主持…: going to a place for an event there is a visit of that place.
_TO_PLACE_RE = re.compile(r"(?<![来回得达遇受做办想看听找提说感])到(?=[^，。])")
_THERE_FOR_RE = re.compile(r"(?:出席|参加|主持|指导|出访|访问|考察|出任)")


def _went_to(sentence: Sentence, ctx: DocContext, mentions: list[Local]) -> Iterator[Fact]:
    text = sentence.text
    for to in _TO_PLACE_RE.finditer(text):
        run = _object_run(text, mentions, to.end())
        if not run or run[0].start != to.end() or any(m.type != PLACE for m in run):
            continue
        sites = _most_specific(run, text)
        if not _THERE_FOR_RE.match(text, run[-1].end) or planned(text, to.start()):
            continue
        who = find_actor(sentence, ctx, mentions, to.start(), types=(PERSON,))
        if who is None:
            continue
        date = date_before(text, to.start(), ctx)
        for person in coordinated(sentence, mentions, who, to.start()):
            for site in sites:
                yield make_fact(sentence, person, "VISITED", site.node(), {"date": date}, 0.75,
                                "visits.到")


_FUTURE_RE = re.compile(r"(?:将|将于[^，。]{0,12}|即将|拟)$")
# Words between a person and 访华 that make the person the host (应某某邀请, 某某欢迎…访华).
_HOST_BETWEEN_RE = re.compile(r"邀请|欢迎|会见|会谈|同|与|陪同")


def _gap_after(text: str, mentions: list[Local], who: NodeRef, pos: int) -> str:
    """The text between the last mention of ``who`` before ``pos`` and ``pos``."""
    ends = [m.end for m in mentions if m.name == who.name and m.end <= pos]
    return text[max(ends) : pos] if ends else ""


def extract(
    sentence: Sentence, ctx: DocContext, *, min_confidence: float = 0.0
) -> Iterator[Fact]:
    """VISITED facts of one sentence, those below ``min_confidence`` dropped."""
    return confident(_extract(sentence, ctx), min_confidence)
