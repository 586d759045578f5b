"""Document metadata: title, publication date, source agency, and the dateline.

Works on the clean text (``NormalizedText.text``), so one set of simplified patterns serves
traditional input too.  ``DATELINE`` is also used by ``kg.segment`` to split a headline glued
to its dateline.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass

from kg.dates import NUMBER_PATTERN, YEAR_PATTERN, parse_iso, resolve_date, written_date
from kg.normalize import CJK, NormalizedText


@dataclass(frozen=True, slots=True)
class DocMeta:
    title: str | None
    date: str | None  # ISO YYYY-MM-DD
    source: str | None
    dateline: tuple[int, int] | None  # clean span of e.g. 新华社北京2月5日电


# News agencies and outlets that open datelines.  A headline is often glued to the dateline
# without a break (…调研中广网呼和浩特8月3日消息), so the agency must be recognised by name:
# a generic "any word ending in 网/社" would swallow the headline's last characters.
KNOWN_AGENCIES = (
    "新华社", "新华网", "中新社", "中新网", "中国新闻社", "中国新闻网", "中广网", "央广网",
    "央视网", "央视新闻", "人民网", "人民日报", "光明网", "光明日报", "经济日报", "中国日报网",
    "中国日报", "中国网", "中国经济网", "中青网", "中国青年网", "中国青年报", "法制日报",
    "法制网", "工人日报", "中工网", "农民日报", "解放军报", "中国军网", "国际在线", "环球网",
    "环球时报", "新京报", "北京日报", "北青网", "千龙网", "东方网", "澎湃新闻", "南方网",
    "南方日报", "大众网", "华龙网", "红网", "荆楚网", "舜网", "东北网", "新浪网", "凤凰网",
    "腾讯网", "本报",
)
# "According to" words: 据新华社北京…电 cites a dispatch inside a sentence; it is no dateline.
_CITING = "据|援引|转引|引自|来自"
# Any other outlet: a short name ending in a typical outlet word, only where a sentence can
# start (line start, after punctuation or a bracket), so it cannot eat a glued headline.
_GENERIC_AGENCY = (
    rf"(?:^|(?<=[\s（(【\[，。：]))(?!{_CITING})[{CJK}]{{1,6}}?"
    r"(?:通讯社|日报社?|晚报|时报|新闻网|电视台|广播电台|广播电视台|网|社)"
)
_AGENCY = "|".join(sorted(KNOWN_AGENCIES, key=len, reverse=True))
_DATELINE_DATE = rf"(?:{YEAR_PATTERN}年)?(?:{NUMBER_PATTERN}月)?{NUMBER_PATTERN}日"

_PLACE = rf"[{CJK}]{{0,8}}?"
DATELINE = re.compile(
    # a known agency: 新华社北京2月5日电, 中新网7月22日电, 中广网呼和浩特8月3日消息
    rf"(?<!据)(?<!援引)(?<!转引)(?<!引自)(?<!来自)"
    rf"(?P<agency>{_AGENCY})(?:记者)?(?P<place>{_PLACE})\s?(?P<date>{_DATELINE_DATE})\s?"
    r"(?:电|消息|讯)"
    # another outlet; 电 must end the word (not 电话, 电视), so a non-Chinese character follows
    rf"|(?P<g_agency>{_GENERIC_AGENCY})(?P<g_place>{_PLACE})\s?(?P<g_date>{_DATELINE_DATE})\s?"
    rf"(?:电|消息|讯)(?![{CJK}])"
    # no date: 本报讯（记者…）, 央视网消息：
    rf"|(?<![{CJK}])(?P<n_agency>{_AGENCY})(?:讯|消息(?=[\s（(【：:]))"
    rf"|^(?P<ng_agency>[{CJK}]{{1,6}}?(?:日报|晚报|时报|新闻网|网))(?:讯|消息)(?=[\s（(【：:])",
    re.MULTILINE,
)


def dateline_date(match: re.Match[str]) -> str | None:
    """The date text of a ``DATELINE`` match (``2月5日``), if it has one."""
    return match.group("date") or match.group("g_date")


# Where a dateline glued to a headline starts a new sentence: right after a Chinese character
# or a closing quote, not inside brackets or after punctuation (those break anyway).
GLUED_BEFORE = re.compile(rf"[{CJK}”’》」』]")

_NUMERIC_DATE = r"[12][0-9]{3}\s*[-/.年]\s*[0-9]{1,2}\s*[-/.月]\s*[0-9]{1,2}日?"
_SOURCE_WORDS = r"来源|稿件来源|信息来源|出处"
_HEADER_WORDS = rf"{_SOURCE_WORDS}|作者|责任编辑|编辑|记者|通讯员|字号|浏览次数|点击数|阅读"
_HEADER_DATE = re.compile(
    rf"(?:发布时间|发布日期|发表时间|更新时间|日期|时间)\s*[：:]\s*(?P<date>{_NUMERIC_DATE})"
    # a line that opens with the date: 2021-06-18 09:30, 2020年2月3日 来源：…, or holds only it
    rf"|^[ \t]*(?P<bare>{_NUMERIC_DATE})(?:[ \t]*(?:星期|周)[一二三四五六日天])?"
    rf"(?=[ \t]+[0-9]{{1,2}}[:：][0-9]{{2}}|[ \t]*(?:{_HEADER_WORDS})\s*[：:]|[ \t]*$)"
    # after the source on its line: 来源：湖南日报 2020年2月3日, 来源：某县人民政府 | 2021-03-08
    rf"|(?:{_SOURCE_WORDS})\s*[：:][ \t]*[^\s|｜/，,：:]{{2,20}}?[ \t]*(?:[|｜/·][ \t]*)?"
    rf"(?P<after>{_NUMERIC_DATE})",
    re.MULTILINE,
)
_DIGIT_GROUPS = re.compile(r"[0-9]+")
_HEADER_SOURCE = re.compile(
    rf"(?:{_SOURCE_WORDS})\s*[：:]\s*"
    r"(?P<source>[^\s|｜/，,：:]{2,20}?)(?=[\s|｜/，,：:]|[12][0-9]{3}[-/.年]|$)"
)
_TITLE_MAX_CHARS = 64
_TITLE_SEARCH_LINES = 3
# Lines above the headline on web pages: 来源：… 发布时间：… and bare timestamps.
_HEADER_LINE = re.compile(
    r"(?:来源|作者|编辑|发布时间|发布日期|更新时间|时间|日期|记者|通讯员|字号|浏览次数|点击数)"
    r"\s*[：:]|^[（(【\[]|^\d{4}[-年/.]"
)
_BODY_LINE = re.compile(r"[。！？…”]$")
_HEADER_ZONE_CHARS = 400  # header fields (发布时间, 来源) sit above the body


def find_datelines(text: str) -> list[re.Match[str]]:
    """Every dateline in ``text`` (clean text), in order."""
    return list(DATELINE.finditer(text))


def glued_dateline_starts(text: str) -> list[int]:
    """Offsets where a dateline directly follows a headline (no break between them)."""
    return [
        m.start()
        for m in DATELINE.finditer(text)
        if m.start() > 0 and GLUED_BEFORE.match(text, m.start() - 1)
    ]


def _agency_of(match: re.Match[str]) -> str | None:
    agency = next(
        (a for g in ("agency", "g_agency", "n_agency", "ng_agency") if (a := match.group(g))),
        None,
    )
    return None if agency in (None, "本报") else agency


def _first_lines(text: str, count: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
            if len(out) == count:
                break
        pos += len(line) + 1
    return out


def _title(text: str, first_dateline: re.Match[str] | None) -> str | None:
    lines = _first_lines(text, _TITLE_SEARCH_LINES)
    if not lines:
        return None
    first_start, first_line = lines[0]
    line_end = first_start + len(first_line)
    if first_dateline is not None and first_start < first_dateline.start() < line_end:
        head = text[first_start:first_dateline.start()].strip()
        if head and GLUED_BEFORE.match(text, first_dateline.start() - 1):
            return head if len(head) <= _TITLE_MAX_CHARS else None
    for _, line in lines:
        candidate = line.strip()
        if len(candidate) > _TITLE_MAX_CHARS or _BODY_LINE.search(candidate):
            return None  # the body has started: the article has no title line
        if DATELINE.match(candidate) or _HEADER_LINE.search(candidate):
            continue  # a page header line above the title
        return candidate
    return None


def _iso_or_none(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _hint_date(value: str, default_year: int | None) -> str | None:
    parsed = parse_iso(value)
    if parsed is not None:
        return parsed.isoformat()
    return written_date(value) or resolve_date(value, default_year=default_year)


def extract_metadata(
    norm: NormalizedText,
    *,
    hints: Mapping[str, str] | None = None,
    default_year: int | None = None,
) -> DocMeta:
    """Title, date, source and dateline of a document.

    The date, in order: the ``date`` hint (a JSON Lines field, an HTML meta tag), a header
    line (发布时间：…, ``2020年2月3日　来源：…``, ``来源：… 2020-02-03``), the dateline (its year
    from the ``path_date`` hint or ``default_year`` when not written), the ``path_date`` hint.
    """
    hints = hints or {}
    text = norm.text
    datelines = find_datelines(text)
    # The opening dateline names the agency and date; a closing one (（新华社北京2月5日电）)
    # is the fallback when the article does not open with one.
    dated = [m for m in datelines if dateline_date(m)]
    main = dated[0] if dated else (datelines[0] if datelines else None)

    title = hints.get("title") or _title(text, main)

    date = _hint_date(hints["date"], default_year) if hints.get("date") else None
    if date is None:
        header = _HEADER_DATE.search(text, 0, _HEADER_ZONE_CHARS)
        if header is not None:
            written = header.group("date") or header.group("bare") or header.group("after")
            year, month, day = map(int, _DIGIT_GROUPS.findall(written))
            date = _iso_or_none(year, month, day)
    # A date in the file's path (…/2009-05-20/article.txt, rmrb-20200210-01-05.txt) is the
    # publication date when the text gives none, and the year of a year-less dateline.
    path_date = parse_iso(hints.get("path_date"))
    if date is None:
        for m in dated:
            date = resolve_date(dateline_date(m) or "", reference=path_date,
                                default_year=default_year)
            if date is not None:
                break
    if date is None and path_date is not None:
        date = path_date.isoformat()

    source = hints.get("source")
    if not source:
        header_source = _HEADER_SOURCE.search(text, 0, _HEADER_ZONE_CHARS)
        if header_source is not None:
            source = header_source.group("source")
    if not source:
        source = next((a for m in datelines if (a := _agency_of(m))), None)

    return DocMeta(
        title=title.strip() if title else None,
        date=date,
        source=source or None,
        dateline=main.span() if main is not None else None,
    )
