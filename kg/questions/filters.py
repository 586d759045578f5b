"""Filters every question accepts, applied the same way to the rows of either engine.

Dates compare as ISO prefixes, so ``since="2020-02"`` keeps 2020-02-08 and ``until="2020"``
keeps every date of 2020. A bound is therefore only ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` of
a real date: anything else (``2020/02``, ``2020年2月``, ``2020-13``) would compare as text and
match nothing, so :func:`date_bound` refuses it rather than answer with an empty list. A row's
date is its ``date`` column, else its tenure (``first_seen`` .. ``last_seen``); an undated row
is dropped by a date filter.

>>> rows = [{"doc": "a", "date": "2020-02-08", "confidence": 0.9},
...         {"doc": "b", "date": None, "confidence": 0.5}]
>>> refine(rows, since="2020-02")
[{'doc': 'a', 'date': '2020-02-08', 'confidence': 0.9}]
>>> [r["doc"] for r in refine(rows, min_confidence=0.6)]
['a']
>>> [r["doc"] for r in refine(rows, sort="-confidence", limit=1)]
['a']
>>> refine(rows, since="2020/02")
Traceback (most recent call last):
...
ValueError: --since: "2020/02" is not a date (use 2020, 2020-02 or 2020-02-08)
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from kg.questions.names import sort_rows
from kg.questions.registry import QuestionError

_ISO_PREFIX = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def date_bound(value: str | None, option: str = "date") -> str | None:
    """``value`` when it is a date bound (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` of a real
    date), ``None`` for ``None``; anything else raises ``ValueError`` naming ``option``.

    The one check of every ``--since``/``--until`` (``kg ask``, ``kg export``): the filters
    compare bounds as ISO prefixes, where a malformed one silently matches nothing.
    """
    if value is None:
        return None
    match = _ISO_PREFIX.fullmatch(value)
    if match:
        year, month, day = (int(part) if part else 1 for part in match.groups())
        try:
            datetime.date(year, month, day)
        except ValueError:
            pass  # 2020-13, 2020-02-30, 0000: the shape of a date, not a date
        else:
            return value
    raise ValueError(f'{option}: "{value}" is not a date (use 2020, 2020-02 or 2020-02-08)')


@dataclass(frozen=True, slots=True)
class Refinement:
    """The common filters of ``kg ask``; all optional."""

    since: str | None = None
    until: str | None = None
    doc: str | None = None
    docs: Collection[str] | None = None  # e.g. the documents of one source
    min_confidence: float | None = None
    sort: str | None = None  # a column, ``-column`` for descending
    limit: int | None = None

    def __post_init__(self) -> None:
        # Refused at construction, so no caller (CLI or Python) gets an empty answer instead.
        date_bound(self.since, "--since")
        date_bound(self.until, "--until")

    def check(self, columns: Sequence[str], question: str) -> None:
        """An option that the question's rows cannot honour is an error, not a no-op."""
        needs = {
            "--since/--until": (self.since or self.until, ("date", "first_seen")),
            "--doc/--source": (self.doc or self.docs is not None, ("doc", "docs")),
            "--min-confidence": (self.min_confidence is not None, ("confidence",)),
        }
        for option, (given, wanted) in needs.items():
            if given and not set(wanted) & set(columns):
                raise QuestionError(f"{option} does not apply to {question} "
                                    f"(its columns: {', '.join(columns)})")
        if self.sort and self.sort.lstrip("-") not in columns:
            raise QuestionError(f"--sort {self.sort}: {question} has no such column "
                                f"(its columns: {', '.join(columns)})")


def _span(row: dict[str, Any]) -> tuple[str | None, str | None]:
    if "date" in row:
        return row["date"], row["date"]
    return row.get("first_seen"), row.get("last_seen")


def _keep(row: dict[str, Any], how: Refinement) -> bool:
    if how.since or how.until:
        first, last = _span(row)
        if first is None or last is None:
            return False
        if how.since and last[: len(how.since)] < how.since:
            return False
        if how.until and first[: len(how.until)] > how.until:
            return False
    row_docs = set(row["docs"]) if "docs" in row else {row.get("doc")}
    if how.doc and how.doc not in row_docs:
        return False
    if how.docs is not None and not row_docs & set(how.docs):
        return False
    return how.min_confidence is None or (row.get("confidence") or 0) >= how.min_confidence


def refine(rows: list[dict[str, Any]], how: Refinement | None = None,
           **options: Any) -> list[dict[str, Any]]:
    """``rows`` filtered, sorted and cut as ``how`` (or the keyword options) says."""
    how = how or Refinement(**options)
    kept = [row for row in rows if _keep(row, how)]
    if how.sort:
        kept = sort_rows(kept, (how.sort,))
    return kept[: how.limit] if how.limit is not None else kept
