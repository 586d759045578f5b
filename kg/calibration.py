"""Calibrated confidence: what share of facts like this one are correct, measured on gold.

The extractors' own confidences are hand-set scores (``raw_confidence`` in the record); on the
dev gold they were under-confident (facts scored 0.6 were all correct) and did not order facts by
correctness within an extractor. ``calibrate`` replaces them, at record time
(``kg.records.triple_record``, the one place), by the observed precision of the extractor on
the dev gold corpora (``benchmarks/calibration.py --fit`` prints :data:`TABLE`), smoothed so
small samples do not claim certainty:

* an extractor with at least :data:`MIN_FACTS` judged facts: its own precision, shrunk towards
  its family's (``quotes``, ``positions``, ...) with the weight of :data:`PRIOR_FACTS` facts;
* else its family's precision, shrunk towards the overall precision the same way;
* an extractor of a family never judged keeps its raw confidence;

and never above :data:`CEILING` (a hundred judged facts cannot vouch for 99%). The held-out
articles (never used for the table) check that the buckets hold: ``benchmarks/calibration.py``.
Merged facts combine their sources' calibrated confidences by noisy-OR
(``kg.provenance.combine_confidence``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MIN_FACTS = 10
PRIOR_FACTS = 4
CEILING = 0.97

# extractor or family → (calibrated confidence, judged facts), from the dev gold.
TABLE: Mapping[str, tuple[float, int]] = {
    "aid": (0.911, 22),
    "aid.sent": (0.97, 13),
    "bylines": (0.97, 16),
    "bylines.credit": (0.97, 16),
    "meetings": (0.823, 26),
    "meetings.attended": (0.728, 17),
    "positions": (0.943, 72),
    "positions.title": (0.944, 72),
    "quotes": (0.931, 102),
    "quotes.direct": (0.947, 20),
    "quotes.indirect": (0.921, 75),
    "visits": (0.899, 9),
}


def calibrate(extractor: str, raw: float) -> float:
    """The calibrated confidence of a fact found by ``extractor`` with score ``raw``."""
    found = TABLE.get(extractor) or TABLE.get(extractor.split(".", 1)[0])
    return round(found[0], 3) if found else round(float(raw), 3)


def raw_confidence(rec: Mapping[str, Any]) -> float:
    """The extractor's own score of a triple record (older records: their confidence)."""
    return float(rec.get("raw_confidence", rec["confidence"]))


def fit_table(judged: list[tuple[str, bool]]) -> dict[str, tuple[float, int]]:
    """:data:`TABLE` from (extractor, correct) pairs, by the rules of the module docstring."""

    def shrunk(hits: list[bool], prior: float) -> float:
        return min(CEILING, (sum(hits) + PRIOR_FACTS * prior) / (len(hits) + PRIOR_FACTS))

    if not judged:
        return {}
    overall = sum(ok for _, ok in judged) / len(judged)
    families: dict[str, list[bool]] = {}
    extractors: dict[str, list[bool]] = {}
    for extractor, ok in judged:
        families.setdefault(extractor.split(".", 1)[0], []).append(ok)
        extractors.setdefault(extractor, []).append(ok)
    table = {f: (round(shrunk(h, overall), 3), len(h)) for f, h in families.items()}
    for extractor, hits in extractors.items():
        if len(hits) >= MIN_FACTS:
            family = table[extractor.split(".", 1)[0]][0]
            table[extractor] = (round(shrunk(hits, family), 3), len(hits))
    return dict(sorted(table.items()))
