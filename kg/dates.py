"""Dates as Chinese news writes them, resolved to ISO ``YYYY-MM-DD``.

An own small parser rather than ``jionlp.parse_time``: jionlp needs a reference for every
expression (it would silently invent the current year), puts a bare day that lies after the
reference in the *future* (news means the past: a 20日 written on the 14th is last month's),
parses one expression at a time (finding dates inside a sentence needs its slower
``extract_time``), and costs ~0.6 s to import plus a banner on stdout.  The forms news uses are
few and regular, so one regex and a Chinese-numeral converter cover them.

Rules: a year written in the expression wins; otherwise the year comes from ``reference`` (the
publication date; the nearest of the year before, same year and year after), else from
``default_year``; a bare day needs the reference's month.  Without the information: ``None``.
"""

from __future__ import annotations

import datetime
import re

_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {
    "零": 0, "○": 0, "Ｏ": 0, "两": 2, "0": 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5,
    "6": 6, "7": 7, "8": 8, "9": 9,
}
_CN_NUM = "〇零○一二三四五六七八九十廿卅两"
# Public: kg.metadata builds its dateline pattern from these.
NUMBER_PATTERN = rf"(?:[0-9]{{1,2}}|[{_CN_NUM}]{{1,3}})"  # a month or day number
YEAR_PATTERN = r"(?:[12][0-9]{3}|[〇零○一二][〇零○一二三四五六七八九]{3})"
_NUM, _YEAR = NUMBER_PATTERN, YEAR_PATTERN
_RELATIVE = {"前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "明天": 1, "明日": 1,
             "后天": 2}
# A bare "3日" after these means a count of days (近3日, 连续三日), not a date; so do 两日
# and 一日 (一日三餐), which news never uses for the 2nd or the 1st.
_NOT_DAY_BEFORE = "近连续每这那几前后第数"

DATE_PATTERN = re.compile(
    rf"(?P<iy>(?<![0-9])[12][0-9]{{3}})[-/.](?P<im>[0-9]{{1,2}})[-/.](?P<id>[0-9]{{1,2}})(?![0-9])"
    rf"|(?:(?P<y>{_YEAR})\s*年\s*)?(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日号]"
    rf"|(?<![0-9{_CN_NUM}{_NOT_DAY_BEFORE}])(?![两一]日)(?P<bd>{_NUM})日(?!内|以来|之内|左右|之后|以后|以内|间)"
    rf"|(?P<rel>{'|'.join(_RELATIVE)})"
)
# What may stand between a date and a bare day that continues it: 14日至15日, 3日、4日.
_RANGE_JOINERS = re.compile(r"\s*(?:至|到|-|—|－|~|～|、|和|或|及)\s*")


def chinese_number(token: str) -> int | None:
    """``"二十"`` → 20, ``"廿一"`` → 21, ``"二〇〇九"`` → 2009, ``"07"`` → 7; else None."""
    if not token:
        return None
    if token.isascii():
        return int(token) if token.isdigit() else None
    if "十" not in token and "廿" not in token and "卅" not in token:
        value = 0
        for ch in token:  # digit by digit, as years are written: 二〇〇九
            if ch not in _DIGITS:
                return None
            value = value * 10 + _DIGITS[ch]
        return value
    tens_char = next(ch for ch in token if ch in "十廿卅")
    head, _, tail = token.partition(tens_char)
    base = {"十": 10, "廿": 20, "卅": 30}[tens_char]
    if head:
        if tens_char != "十" or len(head) != 1 or head not in _DIGITS:
            return None
        base = _DIGITS[head] * 10
    if not tail:
        return base
    if len(tail) != 1 or tail not in _DIGITS:
        return None
    return base + _DIGITS[tail]


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int, reference: datetime.date) -> datetime.date | None:
    """The month/day in the year before, of, or after the reference, whichever is nearest."""
    options = [d for y in (reference.year, reference.year - 1, reference.year + 1)
               if (d := _safe_date(y, month, day)) is not None]
    return min(options, key=lambda d: abs((d - reference).days)) if options else None


# A bare day at most this far after the reference is still this month's: a dispatch dated the
# 5th reports the 6th (filed before midnight, dated by the desk), not the 6th of last month.
_AHEAD_DAYS = 2


def _day_of_reference_month(day: int, reference: datetime.date) -> datetime.date | None:
    """A bare day: this month, or the previous month if that day has not come yet (more than
    ``_AHEAD_DAYS`` after the reference)."""
    if day > reference.day + _AHEAD_DAYS:
        first = reference.replace(day=1)
        previous = first - datetime.timedelta(days=1)
        return _safe_date(previous.year, previous.month, day)
    return _safe_date(reference.year, reference.month, day)


def _resolve_match(
    m: re.Match[str],
    reference: datetime.date | None,
    default_year: int | None,
    month_context: tuple[int, int] | None,
) -> datetime.date | None:
    if m.group("iy"):
        return _safe_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    if m.group("rel"):
        if reference is None:
            return None
        return reference + datetime.timedelta(days=_RELATIVE[m.group("rel")])
    if m.group("m"):
        month, day = chinese_number(m.group("m")), chinese_number(m.group("d"))
        if month is None or day is None:
            return None
        if m.group("y"):
            year = chinese_number(m.group("y"))
            return _safe_date(year, month, day) if year else None
        if reference is not None:
            return _nearest_year(month, day, reference)
        return _safe_date(default_year, month, day) if default_year else None
    day = chinese_number(m.group("bd"))
    if day is None:
        return None
    if month_context is not None:
        return _safe_date(month_context[0], month_context[1], day)
    return _day_of_reference_month(day, reference) if reference is not None else None


def find_dates(
    text: str,
    *,
    reference: datetime.date | None = None,
    default_year: int | None = None,
) -> list[tuple[int, int, str]]:
    """Every resolvable date in ``text``: ``(start, end, iso)``, in order.

    A bare day right after another date and a joiner (``11月14日至15日``) takes that date's
    year and month.
    """
    found: list[tuple[int, int, str]] = []
    previous: tuple[int, datetime.date] | None = None  # end offset and value of the last date
    for m in DATE_PATTERN.finditer(text):
        context = None
        if (
            m.group("bd")
            and previous is not None
            and _RANGE_JOINERS.fullmatch(text, previous[0], m.start())
        ):
            context = (previous[1].year, previous[1].month)
        value = _resolve_match(m, reference, default_year, context)
        if value is not None:
            found.append((m.start(), m.end(), value.isoformat()))
            previous = (m.end(), value)
    return found


def resolve_date(
    expr: str,
    *,
    reference: datetime.date | None = None,
    default_year: int | None = None,
) -> str | None:
    """The ISO date of the first date in ``expr`` (``"2月4日"``, ``"二十日"``, ``"昨天"``).

    None when ``expr`` holds no date or its year cannot be known.
    """
    found = find_dates(expr.strip(), reference=reference, default_year=default_year)
    return found[0][2] if found else None


def parse_iso(value: str | None) -> datetime.date | None:
    """``"2020-02-14"`` → date; anything else → None (for reference dates from metadata)."""
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


# A full date written with digits as metadata writes it: 2020-02-03, 2020/2/3, 2020.02.03,
# 2020年2月3日, 20200203 (eight digits: only a plausible year, month and day).
_WRITTEN_DATE = re.compile(
    r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})\s*(?:(?P<sep>[-/._年])\s*(?P<m>[0-9]{1,2})\s*[-/._月]\s*"
    r"(?P<d>[0-9]{1,2})(?![0-9])|(?P<m8>0[1-9]|1[0-2])(?P<d8>0[1-9]|[12][0-9]|3[01])(?![0-9]))"
)


def written_dates(text: str) -> list[tuple[int, int, str]]:
    """Full digit dates in ``text`` (metadata, headers, file paths): ``(start, end, iso)``."""
    out: list[tuple[int, int, str]] = []
    for m in _WRITTEN_DATE.finditer(text):
        month, day = m.group("m", "d") if m.group("m") else m.group("m8", "d8")
        value = _safe_date(int(m.group("y")), int(month), int(day))
        if value is not None:
            out.append((m.start(), m.end(), value.isoformat()))
    return out


def written_date(text: str) -> str | None:
    """The first full digit date of ``text`` (``"2020-02-03T08:00+08:00"`` → ``2020-02-03``)."""
    found = written_dates(text)
    return found[0][2] if found else None


def path_date(path: str) -> str | None:
    """The date a file's path gives, nearest the file name: ``news/2009-05-20/article.txt``,
    ``rmrb-20200210-01-05.txt``, ``2009/05/20/a.html``; None when it gives none."""
    text = path.replace("\\", "/")
    found = [
        iso for start, end, iso in written_dates(text)
        # not digits inside a hash (a3f20200210c): letters on both sides
        if not (_ascii_letter(text, start - 1) and _ascii_letter(text, end))
    ]
    return found[-1] if found else None


def _ascii_letter(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isascii() and text[i].isalpha()
