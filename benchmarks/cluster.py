"""Extraction on a local Dask cluster against the single process, side by side in one run.

    python benchmarks/cluster.py [--items 600] [--workers 2] [JSONL]

Takes the first ``--items`` news items of a JSON Lines corpus (default
../shared/raw/cctv-2022-2023.jsonl), extracts them once in this process (one worker) and once on
a local cluster of ``--workers`` processes, checks that the records are the same, and prints
documents/s for both and the speed-up. Worker start-up (loading the models) is timed apart, as a
long-running cluster pays it once. Run on demand, never as a test.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
    ap.add_argument("corpus", nargs="?", default=str(shared / "raw" / "cctv-2022-2023.jsonl"))
    ap.add_argument("--items", type=int, default=600)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    args = ap.parse_args()

    from kg.distributed import extract_on_cluster, local_client
    from kg.pipeline import _warm_up, iter_records
    from kg.records import read_records

    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        with open(args.corpus, encoding="utf-8") as src, sample.open("w", encoding="utf-8") as out:
            for n, line in enumerate(src):
                if n >= args.items:
                    break
                out.write(line)
        _warm_up()
        start = time.perf_counter()
        single = list(iter_records([str(sample)], workers=1, on_error=lambda e: None))
        single_s = time.perf_counter() - start

        start = time.perf_counter()
        client = local_client(args.workers)
        client.run(_warm_up)
        startup_s = time.perf_counter() - start
        start = time.perf_counter()
        summary = extract_on_cluster(
            [str(sample)], Path(tmp) / "shards", client=client, batch_docs=args.batch
        )
        cluster_s = time.perf_counter() - start
        sharded = [r for shard in summary.shards for r in read_records(shard)]
        cluster = client.cluster
        client.close()
        cluster.close()

    def canonical(records: list[dict]) -> list[str]:
        return sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records)

    same = canonical(single) == canonical(sharded)
    docs = summary.documents
    print(f"items: {docs}, records: {len(single)}, same records: {same}")
    print(f"single process : {docs / single_s:7.1f} docs/s ({single_s:.1f} s)")
    print(
        f"cluster ({args.workers} workers): {docs / cluster_s:7.1f} docs/s ({cluster_s:.1f} s; "
        f"start-up {startup_s:.1f} s)"
    )
    print(f"speed-up: {single_s / cluster_s:.2f}x")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
