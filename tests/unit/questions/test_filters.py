"""Date bounds of the common filters: an ISO prefix of a real date, or a ValueError."""

from __future__ import annotations

import pytest

from kg.questions.filters import Refinement, date_bound, refine

ROWS = [
    {"doc": "甲", "date": "2020-02-08", "confidence": 0.9},
    {"doc": "乙", "date": "2021-05-01", "confidence": 0.5},
]


@pytest.mark.parametrize(
    ("bound", "expected"),
    [
        ("2020", "2020"),
        ("2020-02", "2020-02"),
        ("2020-02-08", "2020-02-08"),
        ("2020-02-29", "2020-02-29"),  # a leap day is a real date
        (None, None),
    ],
)
def test_date_bound_keeps_iso_prefixes(bound: str | None, expected: str | None) -> None:
    assert date_bound(bound, "--since") == expected


@pytest.mark.parametrize(
    "bound",
    ["2020/02", "20200201", "2020年2月", "2020-13", "2020-02-30", "2021-02-29", "2020-2",
     "0000", "20", "", " 2020", "2020-02-08T10:00", "２０２０"],
)
def test_date_bound_refuses_everything_else(bound: str) -> None:
    with pytest.raises(ValueError, match=f'--until: "{bound}" is not a date '
                                         r"\(use 2020, 2020-02 or 2020-02-08\)"):
        date_bound(bound, "--until")


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"since": "2020-02"}, ["甲", "乙"]),
        ({"since": "2021"}, ["乙"]),
        ({"until": "2020-12-31"}, ["甲"]),
        ({"since": "2022"}, []),  # a fair bound that matches nothing is an empty answer
    ],
)
def test_refine_by_date(options: dict[str, str], expected: list[str]) -> None:
    assert [row["doc"] for row in refine(ROWS, **options)] == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"since": "2020/02"}, '--since: "2020/02" is not a date'),
        ({"until": "2020-02-30"}, '--until: "2020-02-30" is not a date'),
    ],
)
def test_refine_refuses_a_bad_bound(options: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        refine(ROWS, **options)
    with pytest.raises(ValueError, match=message):
        Refinement(**options)
