"""kg.dates: Chinese news dates to ISO."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest

from kg.dates import chinese_number, find_dates, resolve_date, written_date

REF = datetime.date(2020, 2, 14)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("2020年2月4日", "2020-02-04"),
        ("2020年02月14日 10:30", "2020-02-14"),
        ("2月4日", "2020-02-04"),
        ("2月4号", "2020-02-04"),
        ("4日", "2020-02-04"),
        ("14日", "2020-02-14"),
        ("20日", "2020-01-20"),  # after the reference day: last month
        ("15日", "2020-02-15"),  # …unless a day or two after it (a dispatch dated the day before)
        ("16日", "2020-02-16"),
        ("17日", "2020-01-17"),
        ("二十日", "2020-01-20"),
        ("三十一日", "2020-01-31"),
        ("二〇〇九年五月二十日", "2009-05-20"),
        ("二○○九年十二月三十一日", "2009-12-31"),
        ("五月二十日", "2020-05-20"),
        ("12月28日", "2019-12-28"),  # nearest year to the reference
        ("2020-02-14", "2020-02-14"),
        ("2020/2/14", "2020-02-14"),
        ("2009.7.22", "2009-07-22"),
        ("昨天", "2020-02-13"),
        ("昨日", "2020-02-13"),
        ("今天", "2020-02-14"),
        ("今日", "2020-02-14"),
        ("前天", "2020-02-12"),
        ("明天", "2020-02-15"),
        ("1月25日农历正月初一", "2020-01-25"),
        ("2月30日", None),
        ("近3日内", None),
        ("连续三日", None),
        ("两日", None),
        ("一日三餐", None),
        ("五日", "2020-02-05"),
        ("今年", None),
        ("", None),
    ],
)
def test_resolve_with_reference(expr: str, expected: str | None) -> None:
    assert resolve_date(expr, reference=REF) == expected


@pytest.mark.parametrize(
    ("expr", "default_year", "expected"),
    [
        ("2020年2月4日", None, "2020-02-04"),
        ("二〇〇九年五月二十日", None, "2009-05-20"),
        ("2月4日", None, None),  # year unknown: refuse to guess
        ("五月二十日", 2009, "2009-05-20"),
        ("4日", 2009, None),  # a bare day needs a reference month
        ("昨天", 2009, None),
        ("2020-02-14", None, "2020-02-14"),
    ],
)
def test_resolve_without_reference(
    expr: str, default_year: int | None, expected: str | None
) -> None:
    assert resolve_date(expr, default_year=default_year) == expected


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        (
            "会议将于11月14日至15日在某市举行。",
            datetime.date(2009, 7, 22),
            [("11月14日", "2009-11-14"), ("15日", "2009-11-15")],
        ),
        (
            "总统二十日会见来访的部长，次日离开。",
            datetime.date(2009, 5, 20),
            [("二十日", "2009-05-20")],
        ),
        (
            "市长3日、4日和5日分别考察了三个县。",
            datetime.date(2009, 6, 10),
            [("3日", "2009-06-03"), ("4日", "2009-06-04"), ("5日", "2009-06-05")],
        ),
        ("每日新增病例近3日持续下降。", REF, []),
        (
            "发布时间：2020-02-14，昨天已公布。",
            REF,
            [("2020-02-14", "2020-02-14"), ("昨天", "2020-02-13")],
        ),
    ],
)
def test_find_dates(
    text: str, reference: datetime.date, expected: list[tuple[str, str]]
) -> None:
    found = find_dates(text, reference=reference)
    assert [(text[s:e], iso) for s, e, iso in found] == expected


@pytest.mark.parametrize(
    ("token", "value"),
    [("二十", 20), ("十五", 15), ("十", 10), ("廿一", 21), ("卅", 30), ("三十一", 31),
     ("二〇〇九", 2009), ("07", 7), ("两", 2), ("十十", None), ("三二十", None), ("", None)],
)
def test_chinese_number(token: str, value: int | None) -> None:
    assert chinese_number(token) == value


def test_import_prints_nothing_and_needs_no_jionlp() -> None:
    code = "import sys, kg.dates; print('jionlp' in sys.modules, end='')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-02-03T08:00:00+08:00", "2020-02-03"),
        ("2020/2/3 08:00", "2020-02-03"),
        ("2020年2月3日", "2020-02-03"),
        ("2020.02.03", "2020-02-03"),
        ("rmrb-20200210-01-05", "2020-02-10"),
        ("2020-02-30", None),  # no such day
        ("12345678901", None),
        ("2月3日", None),  # no year: not a written full date
    ],
)
def test_written_date(text: str, expected: str | None) -> None:
    assert written_date(text) == expected
