"""When an act happened: the date of its own sentence, else of the event its paragraph is about.

News fixes the day of an event once, in the sentence that introduces it, and reports what was
said or done there in the sentences that follow::

    李强2月14日在哈尔滨会见布朗。李强表示，…。布朗说，…。

The extractors date a fact from its own sentence (the date written before its verb).  This
module gives the others the date of the *event context*: one pass over the sentences of a
document keeps the last dated act (a date written before an act verb: 会见, 主持, 出席, 考察,
a speech verb, …, or 当天 / 同日 after a date), with the people and bodies named with it.  An
undated fact takes that date when

* it stands in the same paragraph as the act, or
* its subject took part in the act (named in the act's paragraph), or
* its sentence points back at the event (会上, 会谈中, 这次会议, 上述活动, 回信中 …);

otherwise, and whenever the text leaves the day open, it gets none: an act dated only by a
year, a month or 日前 / 近日 (2021年8月，总书记来到… / 日前会见…) ends the context, and a habit
(多次召开会议, 一再强调) is no event.  Dates inside quotes or inside reported speech (X说，2月4日…)
are the speaker's, not the act's.  The work is linear in the text: each sentence is read once.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.dates import find_dates, parse_iso
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
    "离开", "接受", "主持召开", "出席并", "会同", "通知",
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
_SPAN_AFTER = re.compile(r"\s*(?:以来|起|至今|前|之前|以前|后|之后|以后|开始|之际|左右|为止)")
_SPAN_BEFORE = re.compile(r"(?:截至|截止|截止到|自|从|直到|直至)\s*$")
# Times that do not fix a day: 2021年, 8月, 去年, 日前, 近日 … (an act dated so has no day).
_VAGUE_TIME_RE = re.compile(
    r"(?:[12][0-9]{3}|[〇零○一二三四五六七八九]{4})年(?![0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}[日号])"
    r"|(?<![0-9一二三四五六七八九十年])(?:[0-9]{1,2}|[一二三四五六七八九十]{1,2})月(?:份|初|中旬|下旬|上旬|底|末)?"
    r"(?![0-9一二三四五六七八九十]{1,3}[日号])"
    r"|去年|前年|今年|上月|上周|此前|日前|近日|近期|早前|前不久|不久前|以来|多年来|近年来|曾经"
)
# Repeated or habitual acts are no event of one day.
_HABIT_RE = re.compile(r"多次|屡次|一再|反复|每次|每年|经常|始终|一直|历来|多年来|先后多")
# Words that point back at the event described before.
_BACK_RE = re.compile(
    r"会上|会议|会谈|会见|会晤|上述活动|此次|这次|本次|回信中|信中|讲话中|致辞中|考察中|"
    r"视察中|调研中|活动中|座谈中|仪式上|当天|当日|同日"
)
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")
_QUOTES = {"“": "”", "「": "」", "『": "』"}
_RANGE_JOINERS = frozenset({"至", "到", "-", "—", "～", "~"})
_ACTOR_TYPES = (PERSON, ORGANIZATION)


@dataclass(frozen=True, slots=True)
class _Act:
    """What a sentence says about when: ``kind`` is ``dated`` (``date`` is the act's),
    ``same_day`` (当天: ``date`` is the last date written before), ``undated`` (an act whose
    day is left open), ``habit``, or ``none``."""

    kind: str
    date: str | None = None


@dataclass(slots=True)
class _Event:
    date: str
    paragraph: int
    participants: set[str]


@dataclass(frozen=True, slots=True)
class _Moment:
    """One sentence's view: its own act, the event in force before it, its paragraph."""

    act: _Act
    before: _Event | None
    paragraph: int


def _masked(text: str) -> str:
    """``text`` with quoted passages blanked (same length): their dates are the speaker's."""
    out = list(text)
    close: str | None = None
    for i, ch in enumerate(text):
        if close is not None:
            if ch == close:
                close = None
            else:
                out[i] = "＿"
        elif ch in _QUOTES:
            close = _QUOTES[ch]
    return "".join(out)


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


def _clause_start(text: str, pos: int) -> int:
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, pos)]
    return starts[-1] if starts else 0


def read_act(
    text: str, *, reference: datetime.date | None, year: int | None, last_date: str | None
) -> tuple[_Act, str | None]:
    """What one sentence says about when, and the last date written in its narrative part.

    >>> read_act("李强2月14日在哈尔滨会见布朗。", reference=None, year=2024, last_date=None)
    (_Act(kind='dated', date='2024-02-14'), '2024-02-14')
    """
    head = narrative(text)
    dates = _dates(head, reference, year)
    if dates:
        last_date = dates[-1][2]
    acts = list(_ACT_RE.finditer(head))
    valid = [d for d in dates if not _is_span(head, d[0], d[1])]
    if valid:
        verb = next((a for a in acts if a.start() >= valid[0][1]), None)
        if verb is not None:
            before = [d for d in valid if d[1] <= verb.start()]
            i = len(before) - 1
            if i > 0 and head[before[i - 1][1] : before[i][0]].strip() in _RANGE_JOINERS:
                i -= 1  # 8月15日至16日: the act starts on the 15th
            return _Act("dated", before[i][2]), last_date
    if not acts:
        return _Act("none"), last_date
    if _HABIT_RE.search(head, 0, acts[-1].start()):
        return _Act("habit"), last_date
    same_day = _SAME_DAY_RE.search(head, 0, acts[-1].start())
    if same_day is not None:
        return (_Act("same_day", last_date) if last_date else _Act("undated")), last_date
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


def moments(ctx: DocContext) -> list[_Moment]:
    """For each sentence of ``ctx``, in order: its act and the event in force before it."""
    reference = parse_iso(ctx.date)
    out: list[_Moment] = []
    event: _Event | None = None
    last_date: str | None = None
    paragraph, pos = 0, 0
    for sentence in ctx.sentences:
        paragraph += ctx.text.count("\n", pos, max(pos, sentence.start))
        pos = max(pos, sentence.start)
        act, last_date = read_act(sentence.text, reference=reference, year=ctx.year,
                                  last_date=last_date)
        out.append(_Moment(act, event, paragraph))
        if act.kind in ("dated", "same_day") and act.date:
            if event is not None and event.date == act.date:
                event = _Event(act.date, paragraph, event.participants | _actors(sentence))
            else:
                event = _Event(act.date, paragraph, _actors(sentence))
        elif act.kind == "undated":
            event = None
        elif event is not None and event.paragraph == paragraph:
            event.participants |= _actors(sentence)  # the rest of the act's paragraph
    return out


class Dating:
    """Dates the facts of one document from their event context (see the module doc).

    Built once per document (one linear pass), then called on each fact.
    """

    def __init__(self, ctx: DocContext) -> None:
        self._ctx = ctx
        self._starts = [s.start for s in ctx.sentences]
        self._moments: Sequence[_Moment] | None = None

    def _moment(self, fact: Fact) -> tuple[_Moment, Sentence] | None:
        if not self._starts:
            return None
        if self._moments is None:
            self._moments = moments(self._ctx)
        i = max(0, bisect.bisect_right(self._starts, fact.evidence[0]) - 1)
        return self._moments[i], self._ctx.sentences[i]

    def date_of(self, fact: Fact) -> str | None:
        """The date ``fact`` inherits from its context, or None."""
        found = self._moment(fact)
        if found is None:
            return None
        moment, sentence = found
        act = moment.act
        if act.kind == "same_day":
            return act.date
        if act.kind in ("undated", "habit"):
            return None
        event = moment.before
        if event is None:
            return None
        if (
            event.paragraph == moment.paragraph
            or fact.subject.name in event.participants
            or _BACK_RE.search(narrative(sentence.text))
        ):
            return event.date
        return None

    def __call__(self, fact: Fact) -> Fact:
        if fact.predicate not in DATED_PREDICATES or fact.attrs.get("date"):
            return fact
        date = self.date_of(fact)
        if date is None:
            return fact
        return dataclasses.replace(fact, attrs={**fact.attrs, "date": date})
