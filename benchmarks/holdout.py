"""Score kg on the held-out articles: P/R/F1 per entity type and per predicate.

    python benchmarks/holdout.py                      # extract tests/data/holdout/*.txt, score
    python benchmarks/holdout.py --misses             # also list the gold items not found
    python benchmarks/holdout.py --pred out.jsonl     # score records made elsewhere
    python benchmarks/holdout.py --format json        # rows as JSON (also csv, jsonl)
    python benchmarks/holdout.py --holdout tests/data/holdout/blind2   # the second group

The held-out set (``tests/data/holdout``) holds twelve short articles written for this purpose
(years and topics unlike the dev corpora) with gold per ``../shared/gold/GUIDELINES.md``; nobody
tuned the extractor on them, so these numbers estimate quality on unseen news. Scoring is
``kg.evaluate``, which agrees with ``../shared/tools/kg_score.py``.

``tests/data/holdout/blind2`` is a second group of six articles (issue 12), scored blind before
any rule changed: triple F1 0.897 (P 0.929, R 0.867); floors in
``tests/unit/extract/test_blind_floors.py``.

``tests/data/holdout/blind3`` is a third group of eight (issue 12: a provincial conference, a
foreign visit, a county press release, a traditional-character Macau item, an industry expo,
flood relief, interviews, a CCTV awards item), gold committed before kg ran on them, scored
blind: triple F1 0.924 (P 0.966, R 0.885), entity F1 0.933; floors in
``tests/unit/extract/test_blind_floors.py``::

    python benchmarks/holdout.py --holdout tests/data/holdout/blind3 --misses
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HOLDOUT = ROOT / "tests" / "data" / "holdout"


def holdout_articles(folder: Path = HOLDOUT) -> list[str]:
    """The article paths of the held-out set, in a stable order."""
    return sorted(str(p) for p in folder.glob("*.txt"))


def extract_holdout(folder: Path = HOLDOUT) -> list[dict[str, Any]]:
    """Run the whole pipeline on the held-out articles; any failing document is an error."""
    from kg.pipeline import iter_records

    return list(iter_records(holdout_articles(folder), workers=1))


def main(argv: list[str] | None = None) -> int:
    from kg.cli.output import Format, emit_rows
    from kg.evaluate import load_gold, score
    from kg.records import read_records

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pred", type=Path, help="JSON Lines records to score instead of extracting")
    ap.add_argument("--holdout", type=Path, default=HOLDOUT, help="articles + gold/ folder")
    ap.add_argument("--format", choices=[f.value for f in Format], default=Format.table.value)
    ap.add_argument("--misses", action="store_true", help="list the gold items not found")
    args = ap.parse_args(argv)

    started = time.perf_counter()
    records = read_records(args.pred) if args.pred else extract_holdout(args.holdout)
    elapsed = time.perf_counter() - started
    result = score(records, load_gold([args.holdout / "gold"]))
    emit_rows(result.rows(), args.format, title="kg on the held-out articles")
    if args.format == Format.table.value and not args.pred:
        print(f"{len(holdout_articles(args.holdout))} articles extracted in {elapsed:.1f}s")
    if args.misses:
        for key, items in result.missed.items():
            print(f"\nmissed {key}:")
            for item in items:
                print(f"  {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
