"""Floors on the second held-out group (``tests/data/holdout/blind2``, issue 12).

Six short articles written for this purpose (2011-2021; finance forum, foreign ministers'
talks, a provincial standing committee, quake relief, a sports federation, a traditional-
character Hong Kong item), gold per ``../shared/gold/GUIDELINES.md``.  Scored before any rule
was changed: triple P/R/F1 0.929/0.867/0.897 (entity F1 0.902); one gold item was then
corrected to §2 (会议强调 of a 省委常委会议 → the standing committee), which makes that
baseline 0.952/0.889/0.920.  Rules were then added from its misses (a meeting named with a
day before 召开, title heads 助理/外长), so it is no longer blind: now 1.000/0.978/0.989.
The floors sit under, with room for one or two facts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.evaluate import Counts, load_gold, score
from kg.pipeline import iter_records

BLIND2 = Path(__file__).resolve().parents[2] / "data" / "holdout" / "blind2"

FLOORS = [
    ("triple", "precision", 0.95),
    ("triple", "f1", 0.94),
    ("triple:SAID", "f1", 0.90),
    ("triple:HOLDS_POSITION", "f1", 0.90),
    ("triple:ATTENDED", "f1", 0.95),
    ("entity", "f1", 0.88),
]

_cache: dict[str, list[dict[str, Any]]] = {}


def _records() -> list[dict[str, Any]]:
    if not _cache:
        paths = [str(p) for p in sorted(BLIND2.glob("*.txt"))]
        _cache["blind2"] = list(iter_records(paths, workers=1))
    return _cache["blind2"]


def test_every_article_has_gold() -> None:
    assert sorted(p.stem for p in (BLIND2 / "gold").glob("*.json")) == sorted(
        p.stem for p in BLIND2.glob("*.txt"))


@pytest.mark.parametrize(("item", "measure", "floor"), FLOORS)
def test_blind2_floor(item: str, measure: str, floor: float) -> None:
    result = score(_records(), load_gold([BLIND2 / "gold"]))
    counts = result.counts.get(item, Counts()) if ":" in item else result.totals(item)
    assert getattr(counts, measure) >= floor, (item, measure, counts)
