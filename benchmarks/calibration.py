"""Does a fact's confidence mean what it says? The reliability table on the gold corpora.

    python benchmarks/calibration.py                 # extract the dev and held-out corpora
    python benchmarks/calibration.py --raw           # the extractors' own confidences
    python benchmarks/calibration.py --format json   # rows as JSON (also csv, jsonl)

Every extracted triple of a document with gold is judged correct when ``kg.evaluate`` pairs it
with a gold triple (the scorer's true positives). Triples are bucketed by confidence; a
calibrated confidence has, per bucket, an observed precision at least the bucket's lower bound
(and close to the mean confidence). Two sets: ``dev`` (../shared corpus, corpus-news2009,
cctv-corpus: what the calibration table ``kg.calibration`` was read from) and ``holdout``
(tests/data/holdout: never used for it, so its rows estimate unseen news).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
HOLDOUT = ROOT / "tests" / "data" / "holdout"
SETS: dict[str, list[tuple[Path, Path]]] = {
    "dev": [
        (SHARED / "corpus", SHARED / "gold"),
        (SHARED / "corpus-news2009", SHARED / "gold-news2009"),
        (SHARED / "cctv-corpus", SHARED / "cctv-gold"),
    ],
    "holdout": [(HOLDOUT, HOLDOUT / "gold")],
}
BUCKETS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


def judged(name: str) -> list[tuple[dict[str, Any], bool]]:
    from kg.evaluate import judged_triples, load_gold
    from kg.pipeline import iter_records

    out: list[tuple[dict[str, Any], bool]] = []
    for corpus, gold in SETS[name]:
        articles = sorted(str(p) for p in corpus.glob("*.txt"))
        records = list(iter_records(articles, workers=1))
        out.extend(judged_triples(records, load_gold([gold])))
    return out


def buckets(rows: list[tuple[float, bool]]) -> Iterator[tuple[float, float, float, float, int]]:
    """(low, high, mean confidence, precision, facts) of each non-empty bucket."""
    for low, high in itertools.pairwise(BUCKETS):
        inside = [(c, ok) for c, ok in rows if low <= c < high]
        if inside:
            mean = sum(c for c, _ in inside) / len(inside)
            yield low, high, mean, sum(ok for _, ok in inside) / len(inside), len(inside)


def reliability(rows: list[tuple[float, bool]], name: str) -> list[dict[str, Any]]:
    return [
        {
            "set": name,
            "bucket": f"[{low:.1f}, {min(high, 1.0):.1f}{']' if high > 1 else ')'}",
            "facts": n,
            "mean_confidence": round(mean, 3),
            "precision": round(precision, 3),
            "calibrated": precision >= low,
        }
        for low, high, mean, precision, n in buckets(rows)
    ]


def ece(rows: list[tuple[float, bool]]) -> float:
    """Expected calibration error: |mean confidence − precision| per bucket, weighted by size."""
    total = sum(abs(mean - precision) * n for _, _, mean, precision, n in buckets(rows))
    return total / len(rows) if rows else 0.0


def main(argv: list[str] | None = None) -> int:
    from kg.calibration import calibrate, fit_table, raw_confidence
    from kg.cli.output import Format, emit_rows

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", action="store_true", help="the extractors' own confidences")
    parser.add_argument(
        "--fit",
        action="store_true",
        help="print kg.calibration.TABLE fitted on the dev set, then the table",
    )
    parser.add_argument("--format", default="table", choices=[f.value for f in Format])
    args = parser.parse_args(argv)
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    for name in SETS:
        facts = judged(name)
        if args.fit and name == "dev":
            table = fit_table([(str(r["extractor"]), ok) for r, ok in facts])
            print("TABLE = {\n" + "".join(f"    {k!r}: {v!r},\n" for k, v in table.items()) + "}")
        if args.raw:
            scored = [(raw_confidence(r), ok) for r, ok in facts]
        else:  # as recorded now (re-calibrated, so --fit shows the new table at work)
            scored = [(calibrate(str(r["extractor"]), raw_confidence(r)), ok) for r, ok in facts]
        rows += reliability(scored, name)
        raw = [(raw_confidence(r), ok) for r, ok in facts]
        errors.append(
            f"{name}: expected calibration error {ece(raw):.3f} raw → "
            f"{ece(scored):.3f} {'raw' if args.raw else 'calibrated'} "
            f"({len(facts)} facts)"
        )
    emit_rows(rows, Format(args.format), title="reliability (confidence bucket → precision)")
    print("\n".join(errors), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
