"""Floors on the held-out groups written for issue 12 (``tests/data/holdout/blind2``, ``blind3``).

Each group is short news articles written for this purpose, with gold per
``../shared/gold/GUIDELINES.md`` committed before kg ran on them; the blind scores at writing
are the honest estimate for unseen news. Rules were then added from their misses, so they are
no longer blind; the floors sit under today's scores, with room for one or two facts.

* ``blind2`` (2011-2021: finance forum, foreign ministers' talks, a provincial standing
  committee, quake relief, a sports federation, a traditional-character Hong Kong item):
  blind triple P/R/F1 0.929/0.867/0.897 (entity F1 0.902); one gold item was then corrected to
  §2 (会议强调 of a 省委常委会议 → the standing committee), making that 0.952/0.889/0.920. Now
  1.000/0.978/0.989.
* ``blind3`` (2010-2023: a provincial rural-work conference, a prime minister's talks, a county
  press release with a header date and year-less dates, a traditional-character Macau item, an
  industry expo, flood relief, interviews by outlets, a CCTV awards item with a
  出席…的领导同志还有 list): blind 0.966/0.885/0.924 (entity F1 0.933; 0.943 once 中国共产党
  was added to two gold files). Now 1.000/0.969/0.984, attributes 133/133; what is left needs
  entities the recognizer misses (蔚来汽车, 奇瑞汽车, 中部战区陆军).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from kg.evaluate import Counts, load_gold, score
from kg.pipeline import iter_records

HOLDOUT = Path(__file__).resolve().parents[2] / "data" / "holdout"

FLOORS = {
    "blind2": [
        ("triple", "precision", 0.95),
        ("triple", "f1", 0.94),
        ("triple:SAID", "f1", 0.90),
        ("triple:HOLDS_POSITION", "f1", 0.90),
        ("triple:ATTENDED", "f1", 0.95),
        ("entity", "f1", 0.88),
    ],
    "blind3": [
        ("triple", "precision", 0.96),
        ("triple", "recall", 0.94),
        ("triple", "f1", 0.95),
        ("triple:SAID", "f1", 0.95),
        ("triple:HOLDS_POSITION", "f1", 0.92),
        ("triple:ATTENDED", "f1", 0.95),
        ("triple:VISITED", "f1", 0.90),
        ("entity", "f1", 0.90),
    ],
}


@functools.cache
def _records(group: str) -> list[dict[str, Any]]:
    paths = [str(p) for p in sorted((HOLDOUT / group).glob("*.txt"))]
    return list(iter_records(paths, workers=1))


@pytest.mark.parametrize("group", sorted(FLOORS))
def test_every_article_has_gold(group: str) -> None:
    folder = HOLDOUT / group
    assert sorted(p.stem for p in (folder / "gold").glob("*.json")) == sorted(
        p.stem for p in folder.glob("*.txt"))


@pytest.mark.parametrize(
    ("group", "item", "measure", "floor"),
    [(group, *floor) for group, floors in sorted(FLOORS.items()) for floor in floors],
)
def test_blind_floor(group: str, item: str, measure: str, floor: float) -> None:
    result = score(_records(group), load_gold([HOLDOUT / group / "gold"]))
    counts = result.counts.get(item, Counts()) if ":" in item else result.totals(item)
    assert getattr(counts, measure) >= floor, (group, item, measure, counts)
