"""When an act happened: the date of its own sentence, else of the event its text is about.

News fixes the day of an event once, in the sentence that introduces it, and reports what was
said or done there in the sentences that follow::

    李强2月14日在哈尔滨会见布朗。李强表示，…。布朗说，…。

The extractors date a fact from its own sentence (the date written before its verb).  This
module dates the others from the *event context*: one pass over the sentences keeps the last
dated act (a date written before an act verb: 会见, 主持, 出席, 考察, a speech verb…; or 当天 /
同日 after a date) with the people and bodies named in its paragraph.  An undated fact takes
that date when

* it stands in the act's paragraph, or its sentence names someone who took part, or its
  subject took part;
* its sentence points back at the event (上述活动, 此次…, or an event noun the event's own
  sentences used: 会谈, 欢迎仪式, 回信);
* the act is the one the lead paragraph reports: the whole story is of its day (a press
  conference, a meeting, the messages of one day), until something else is dated;
* it is in the headline, which names the act its lead dates.

Otherwise, and whenever the text leaves the day open, it gets none — never a guess: an act
dated by a year or month only, by 日前 / 近日 / 连日来, or in a dateline alone (2月5日电 …近日破获)
ends the context; a habit (多次召开会议), a stay (访问期间), a span (8月15日至16日: its first day
for the act itself only) and a plan (将于3月20日出席, 决定…于…召开, a day after publication) are
no event; a heading (一、…, a closing （新华社…电）) starts a new section.  Dates inside quotes
or reported speech (X说，2月4日…) are the speaker's.  Each sentence and line is read once, so the
work is linear in the text.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.dates import find_dates, parse_iso
from kg.metadata import glued_dateline_starts
from kg.records import ORGANIZATION, PERSON, DocContext, Fact, Sentence

# Predicates whose facts are acts of one day (gold/GUIDELINES.md §4.2).
DATED_PREDICATES = frozenset({"SAID", "VISITED", "MET", "CHAIRED", "ATTENDED", "SENT", "DONATED"})

# Verbs of acts that happen on one day and are reported on: meetings, talks, visits,
# inspections, letters, speeches, signings.
_ACT_VERBS = (
    "会见", "会晤", "会谈", "接见", "举行", "召开", "主持", "出席", "参加", "列席", "考察", "视察",
    "调研", "看望", "慰问", "访问", "出访", "抵达", "到达", "来到", "走访", "察看", "检查", "听取",
    "致信", "回信", "复信", "致电", "致辞", "致贺信", "致贺电", "通电话", "讲话", "发表", "作出",
    "签署", "见证", "检阅", "宴请", "举办", "召集", "印发", "发布", "发出", "开幕", "闭幕", "启程",
    "离开", "接受", "主持召开", "出席并", "通知",
)
# Speech verbs followed by what was said: the act is the speech, the rest is its content.
_SPEECH_VERBS = (
    "表示", "指出", "强调", "说", "称", "认为", "宣布", "介绍", "提出", "要求", "希望", "建议",
    "透露", "坦言", "直言", "回答", "呼吁", "重申", "阐述", "告诉", "说明", "谈到", "提到", "表态",
)
_SPEECH_RE = re.compile(
    rf"(?:{'|'.join(sorted(_SPEECH_VERBS, key=len, reverse=True))})[道到]?(?=[，,：:“「『])"
)
_ACT_RE = re.compile(
    rf"{'|'.join(sorted(_ACT_VERBS, key=len, reverse=True))}"
    rf"|{'|'.join(sorted(_SPEECH_VERBS, key=len, reverse=True))}"
)
# The day of the last date written before: 当天，会议在莫斯科召开。
_SAME_DAY_RE = re.compile(r"当天|当日|同日|同一天|当晚|当天上午|当天下午")
# A date that opens or closes a span, not the day of an act: 2月3日以来, 截至2月4日.
# A date opening a sentence (after a credit line or 北京时间), then a comma: 13日，… / 2月8日上午，…
_OPENING_BEFORE = re.compile(r"(?:.*[：:）)]\s*)?(?:北京时间|当地时间)?\s*")
_OPENING_AFTER = re.compile(
    r"(?:上午|下午|晚上|晚间|晚|凌晨|中午|早上|清晨|傍晚|夜间|[0-9]{1,2}时(?:[0-9]{1,2}分)?)*\s*[，,]"
)
# A dateline's date (新华社北京2月5日电) is the dispatch's, not an act's.
_SPAN_AFTER = re.compile(
    r"\s*(?:以来|起|至今|前|之前|以前|后|之后|以后|开始|之际|左右|为止|电|讯|消息)"
)
_SPAN_BEFORE = re.compile(r"(?:截至|截止|截止到|自|从|直到|直至)\s*$")
# Times that do not fix a day: 2021年, 8月, 去年, 日前, 近日 … (an act dated so has no day).
_VAGUE_TIME_RE = re.compile(
    r"(?:[12][0-9]{3}|[〇零○一二三四五六七八九]{4})年(?![0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}[日号])"
    r"|(?<![0-9一二三四五六七八九十年])(?:[0-9]{1,2}|[一二三四五六七八九十]{1,2})月(?:份|初|中旬|下旬|上旬|底|末)?"
    r"(?![0-9一二三四五六七八九十]{1,3}[日号])"
    r"|去年|前年|今年|上月|上周|此前|日前|近日|近期|早前|前不久|不久前|以来|多年来|近年来|曾经"
    r"|连日来|连日|近来|这些天|这几天|如今"
    r"|[0-9一二三四五六七八九十两几数多半]+个?(?:年|月|天|周|星期|多月|多年)(?:前|来)"
)
# Plans: 将于…, 拟于…, 定于…; a date decided or proposed (决定会议于…召开); a day more than this
# far after the publication date.
_PLAN_BEFORE = re.compile(r"(?:将|拟|定|计划|预计|准备|预定)(?:于|在)?\s*$")
_DECISION_RE = re.compile(r"决定|建议|同意|商定|确定|提请")
_PLAN_AHEAD = datetime.timedelta(days=1)
# Repeated or habitual acts are no event of one day.
_HABIT_RE = re.compile(r"多次|屡次|一再|反复|每次|每年|经常|始终|一直|历来|多年来|先后多")
# Words that point back at whatever event was described before.
_BACK_RE = re.compile(r"上述活动|上述会见|此次|这次|本次|当天|当日|同日")
# During a stay or a meeting (访问期间, 会议期间): its days are not one day.
_DURING_RE = re.compile(r"期间|其间")
# Nouns naming an event; a later sentence using one the event's sentences used refers to it.
_EVENT_NOUNS = (
    "会议", "会上", "会谈", "会见", "会晤", "仪式", "典礼", "宴会", "开幕式", "闭幕式", "峰会",
    "论坛", "大会", "座谈会", "座谈", "研讨会", "招待会", "发布会", "记者会", "考察", "视察",
    "调研", "回信", "信中", "贺信", "讲话", "致辞", "活动", "访问", "会晤", "通话", "签字",
    "捐赠", "签约", "揭牌", "颁奖", "开幕", "闭幕",
)
_EVENT_NOUN_RE = re.compile("|".join(sorted(set(_EVENT_NOUNS), key=len, reverse=True)))
_HEADING_MAX_CHARS = 60
_SENTENCE_END = frozenset("。！？!?…”」』")
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")
_QUOTES = {"“": "”", "「": "」", "『": "』"}
_ANY_QUOTE = re.compile("[“「『]")
_QUOTED = re.compile("“[^”]*”?|「[^」]*」?|『[^』]*』?")
_RANGE_JOINERS = frozenset({"至", "到", "-", "—", "～", "~"})
_ACTOR_TYPES = (PERSON, ORGANIZATION)


@dataclass(frozen=True, slots=True)
class _Act:
    """What a sentence says about when. ``kind``: ``dated`` (``date`` is the act's),
    ``same_day`` (当天: ``date`` is the last date written before), ``undated`` (an act whose
    day is left open: it ends the event), ``habit`` (多次…), ``plan`` (将于…: no event yet),
    ``vague`` (a time that fixes no day, no act: background), or ``none``."""

    kind: str
    date: str | None = None
    span: bool = False  # 8月15日至16日: the act's first day, but no one day for what follows
    own: bool = False  # 13日，…调拨…: a date opening a sentence without an act verb dates it only


@dataclass(slots=True)
class _Event:
    """The dated act the text is about: its date, paragraph, who took part and what it was."""

    date: str
    paragraph: int
    participants: set[str]
    nouns: set[str]  # the event nouns of its sentences, for back-references (欢迎仪式)
    story: bool = False  # the act the lead reports: the whole story is of its day


@dataclass(frozen=True, slots=True)
class _Moment:
    """One sentence's view: its own act, the event it belongs to or follows, whether it
    belongs to it (then all its undated facts take the date)."""

    act: _Act
    event: _Event | None
    joined: bool


def _masked(text: str) -> str:
    """``text`` with quoted passages blanked (same length): their dates are the speaker's."""
    if not _ANY_QUOTE.search(text):
        return text

    def blank(m: re.Match[str]) -> str:
        quoted = m.group(0)
        closed = len(quoted) > 1 and quoted[-1] == _QUOTES[quoted[0]]
        inner = len(quoted) - 1 - closed
        return quoted[0] + "＿" * inner + (quoted[-1] if closed else "")

    return _QUOTED.sub(blank, text)


def narrative(text: str) -> str:
    """The part of a sentence the reporter narrates: up to its first speech verb (what follows
    is reported speech), with quoted passages blanked; offsets are those of ``text``."""
    masked = _masked(text)
    speech = _SPEECH_RE.search(masked)
    return masked[: speech.end()] if speech else masked


def _dates(
    text: str, reference: datetime.date | None, year: int | None
) -> list[tuple[int, int, str]]:
    found = find_dates(text, reference=reference, default_year=year)
    if reference is None and found:  # a full date in the sentence anchors a later 6月19日
        found = find_dates(text, reference=datetime.date.fromisoformat(found[0][2]))
    return found


def _is_span(text: str, start: int, end: int) -> bool:
    return bool(_SPAN_AFTER.match(text, end) or _SPAN_BEFORE.search(text, 0, start))


def _is_plan(head: str, date: tuple[int, int, str], reference: datetime.date | None) -> bool:
    """Whether a date is that of a planned act (将于11月8日出席, 决定会议于10月31日召开, a day
    after the publication): the plan is no event of the story."""
    if reference is not None and datetime.date.fromisoformat(date[2]) > reference + _PLAN_AHEAD:
        return True
    return bool(_PLAN_BEFORE.search(head, 0, date[0]) or _DECISION_RE.search(head, 0, date[0]))


def _clause_start(text: str, pos: int) -> int:
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, pos)]
    return starts[-1] if starts else 0


def read_act(
    text: str,
    *,
    reference: datetime.date | None,
    year: int | None,
    last_date: str | None,
    head: str | None = None,
) -> tuple[_Act, str | None]:
    """What one sentence says about when, and the last date written in its narrative part
    (``head``: its :func:`narrative`, when already known).

    >>> act, _ = read_act("李强2月14日在哈尔滨会见布朗。", reference=None, year=2024,
    ...                   last_date=None)
    >>> act.kind, act.date
    ('dated', '2024-02-14')
    """
    head = narrative(text) if head is None else head
    dates = _dates(head, reference, year)
    if dates:
        last_date = dates[-1][2]
    acts = list(_ACT_RE.finditer(head))
    valid = [d for d in dates if not _is_span(head, d[0], d[1])]
    if valid:
        verb = next((a for a in acts if a.start() >= valid[0][1]), None)
        if verb is not None and _VAGUE_TIME_RE.search(
            head, max(valid[-1][1], _clause_start(head, verb.start())), verb.start()
        ):
            return _Act("undated"), last_date  # 2月3日电 … 近日会见: the act has no day
        if verb is not None:
            before = [d for d in valid if d[1] <= verb.start()]
            i = len(before) - 1
            span = i > 0 and head[before[i - 1][1] : before[i][0]].strip() in _RANGE_JOINERS
            i -= span  # 8月15日至16日: the act starts on the 15th
            if _is_plan(head, before[i], reference):
                return _Act("plan"), last_date
            return _Act("dated", before[i][2], span=span), last_date
        first = valid[0]
        if _OPENING_BEFORE.fullmatch(head, 0, first[0]) and _OPENING_AFTER.match(head, first[1]):
            return _Act("dated", first[2], own=True), last_date
    if _SAME_DAY_RE.search(head):
        return (_Act("same_day", last_date) if last_date else _Act("undated")), last_date
    if not acts or _DURING_RE.search(head):
        vague = _VAGUE_TIME_RE.search(head) or _DURING_RE.search(head)
        return _Act("vague" if vague else "none"), last_date
    if _HABIT_RE.search(head, 0, acts[-1].start()):
        return _Act("habit"), last_date
    if any(_VAGUE_TIME_RE.search(head, _clause_start(head, a.start()), a.start()) for a in acts):
        return _Act("undated"), last_date
    lead = _CLAUSE_BREAK.search(head)  # a time adverbial opening the sentence: 2021年8月，…
    if lead is not None and lead.start() < acts[0].start() and _VAGUE_TIME_RE.search(
        head, 0, lead.start()
    ):
        return _Act("undated"), last_date
    return _Act("none"), last_date


def _actors(sentence: Sentence) -> set[str]:
    return {m.name for m in sentence.mentions if m.type in _ACTOR_TYPES}


def _event_nouns(head: str) -> set[str]:
    return {m.group(0) for m in _EVENT_NOUN_RE.finditer(head)}


def _points_back(head: str, event: _Event) -> bool:
    """Whether a sentence refers to the event: 上述活动, 此次…, or an event noun (会谈, 欢迎仪式)
    that the event's own sentences used."""
    return bool(_BACK_RE.search(head) or _event_nouns(head) & event.nouns)


def _is_heading(text: str, start: int) -> bool:
    """Whether the line holding ``start`` is a heading or a closing dateline: short, without
    a sentence end (一、…, 广泛抽调干部充实社区——, （新华社北京3月10日电）)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    return 0 < len(line) <= _HEADING_MAX_CHARS and line[-1] not in _SENTENCE_END


def _headline_end(ctx: DocContext) -> int:
    """Where a headline glued to the dateline on the first line ends (0 when none is):
    ``…会见孟建柱中新社莫斯科五月二十日电``."""
    first_line = ctx.text.split("\n", 1)[0]
    starts = glued_dateline_starts(first_line)
    return starts[0] if starts else 0


def moments(ctx: DocContext) -> list[_Moment]:
    """For each sentence of ``ctx``, in order: its act and the event it belongs to or follows.

    One pass; each sentence and each line is read once, so the cost is linear in the text.
    """
    reference = parse_iso(ctx.date)
    out: list[_Moment] = []
    event: _Event | None = None
    last_date: str | None = None
    paragraph, pos = 0, 0
    headline = _headline_end(ctx)
    pending: list[int] | None = []  # headline sentences, until the lead gives them a date
    lead_paragraph: int | None = None
    for sentence in ctx.sentences:
        start = max(pos, sentence.start)
        breaks = ctx.text.count("\n", pos, start)
        pos = start
        heading = (breaks or not out) and _is_heading(ctx.text, sentence.start)
        if breaks:
            paragraph += breaks
            if heading:
                event = None  # a new section (or the end of a dispatch) starts no event
        if pending is not None:
            if sentence.end <= headline or (heading and lead_paragraph is None):
                pending.append(len(out))
            elif lead_paragraph is None:
                lead_paragraph = paragraph
            elif paragraph != lead_paragraph:
                pending = None  # the lead paragraph gave no date: the headline keeps none
        head = narrative(sentence.text)
        act, last_date = read_act(sentence.text, reference=reference, year=ctx.year,
                                  last_date=last_date, head=head)
        actors = _actors(sentence)
        if act.kind in ("dated", "same_day") and act.date:
            if act.own:
                event = None  # the day of this sentence; what follows is not said to be
                out.append(_Moment(act, None, True))
                continue
            lead = pending is not None and lead_paragraph is not None
            if pending and lead_paragraph is not None:
                for i in pending:  # the headline names the act its lead dates
                    out[i] = _Moment(_Act("dated", act.date), None, True)
            if lead:
                pending = None
            if act.span:
                event = None  # the days of a span: what follows has no one day
                out.append(_Moment(act, None, True))
                continue
            if event is None or event.date != act.date:
                event = _Event(act.date, paragraph, set(), set(), story=lead)
            event.paragraph = paragraph
            event.participants |= actors
            event.nouns |= _event_nouns(head)
            out.append(_Moment(act, event, True))
            continue
        if act.kind == "undated":
            event = None
        joined = (
            event is not None
            and act.kind == "none"
            and (event.story or event.paragraph == paragraph or bool(actors & event.participants)
                 or _points_back(head, event))
        )
        if joined and event is not None:
            event.paragraph = paragraph
            event.participants |= actors
            event.nouns |= _event_nouns(head)
        out.append(_Moment(act, event, joined))
    return out


class Dating:
    """Dates the facts of one document from their event context (see the module doc).

    Built once per document; the sentences are read (once) at the first fact that needs it.
    """

    def __init__(self, ctx: DocContext) -> None:
        self._ctx = ctx
        self._starts = [s.start for s in ctx.sentences]
        self._moments: Sequence[_Moment] | None = None

    def date_of(self, fact: Fact) -> str | None:
        """The date ``fact`` inherits from its context, or None."""
        if not self._starts:
            return None
        if self._moments is None:
            self._moments = moments(self._ctx)
        moment = self._moments[max(0, bisect.bisect_right(self._starts, fact.evidence[0]) - 1)]
        if moment.act.kind in ("dated", "same_day"):
            return moment.act.date
        event = moment.event
        if event is None or moment.act.kind != "none":
            return None
        if moment.joined or fact.subject.name in event.participants:
            return event.date
        return None

    def __call__(self, fact: Fact) -> Fact:
        if fact.predicate not in DATED_PREDICATES or fact.attrs.get("date"):
            return fact
        date = self.date_of(fact)
        if date is None:
            return fact
        return dataclasses.replace(fact, attrs={**fact.attrs, "date": date})
