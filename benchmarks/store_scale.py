"""Embedded-store scale: peak memory and time of `kg build` at 1k, 10k, 100k documents.

    python benchmarks/store_scale.py [--sizes 1000 10000 100000] [--base 300]
                                     [--baseline /work/main] [--stats-up-to 10000]

1. Extracts ``--base`` real items of ../shared/raw/cctv-2022-2023.jsonl once (cached next to
   the run in ``--work``) — extraction speed is benchmarks/throughput.py's business.
2. The corpus generator: document *i* of a size-N corpus is base document *i mod base* under
   a new id, its statements and evidence prefixed with the new id so they stay distinct texts
   while names, places and organizations are shared — like years of news about the same actors.
   Its fingerprints are its own, so kg.reprints does not fold it into its base as a reprint.
3. For each size, in a fresh process each (peak RSS is the child's ``ru_maxrss``):
   ``kg build --records`` of the N documents into an empty store, then ``kg build --records``
   of 1,000 *more* documents into that store (the incremental add), then ``kg stats`` (builds
   the graph in memory; only up to ``--stats-up-to`` documents).
4. ``--baseline DIR`` runs the same commands with the code of another checkout side by side
   (e.g. main, whose store rewrote one file per document and rebuilt the whole graph on every
   build) and prints the ratios. Run on demand, never as a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
RAW = SHARED / "raw" / "cctv-2022-2023.jsonl"
ADD = 1_000


def base_records(work: Path, count: int) -> list[list[dict[str, Any]]]:
    cache = work / f"base-{count}.jsonl"
    if not cache.exists():
        sample = work / f"raw-{count}.jsonl"
        with RAW.open(encoding="utf-8") as raw, sample.open("w", encoding="utf-8") as out:
            for _, line in zip(range(count), raw, strict=False):
                out.write(line)
        started = time.perf_counter()
        with cache.open("w", encoding="utf-8") as out:
            subprocess.run(_kg(None, "extract", str(sample)), stdout=out, check=True)
        print(f"extracted {count} base documents in {time.perf_counter() - started:.0f}s")
    by_doc: dict[str, list[dict[str, Any]]] = {}
    with cache.open(encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            by_doc.setdefault(rec["doc"], []).append(rec)
    return list(by_doc.values())


def generated(base: list[list[dict[str, Any]]], start: int, count: int) -> Iterator[str]:
    """JSON Lines of documents ``start .. start+count`` of the generated corpus."""
    for i in range(start, start + count):
        doc = f"gen{i:07d}"
        for rec in base[i % len(base)]:
            rec = {**rec, "doc": doc}
            if rec["kind"] == "document":
                # A new article, not a reprint of its base: its own hashes and a min-hash
                # signature that shares no slot with any other (kg.reprints folds copies).
                rec["sha256"] = f"{doc}-{rec.get('sha256')}"
                rec["text_sha256"] = f"{doc}-{rec.get('text_sha256')}"
                if rec.get("minhash"):
                    salt = zlib.crc32(doc.encode())
                    rec["minhash"] = [(v ^ salt) + i for i, v in enumerate(rec["minhash"])]
            elif rec["kind"] == "triple":
                rec["evidence"] = {**rec["evidence"], "text": f"{doc} {rec['evidence']['text']}"}
                if rec["object"]["type"] == "Statement":
                    rec["object"] = {**rec["object"], "name": f"{doc} {rec['object']['name']}"}
            yield json.dumps(rec, ensure_ascii=False) + "\n"


def write_corpus(path: Path, base: list[list[dict[str, Any]]], start: int, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.writelines(generated(base, start, count))


def _kg(code: Path | None, *args: str) -> list[str]:
    boot = "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()"
    if code is not None:
        boot = f"import sys; sys.path.insert(0, {str(code)!r}); " + boot
    return [sys.executable, "-c", boot, *args]


def measure(code: Path | None, *args: str) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one kg command in a fresh process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(_kg(code, *args), stdout=subprocess.DEVNULL, stderr=err,
                                cwd=code or ROOT)
        _, status, usage = os.wait4(proc.pid, 0)  # the child's own peak RSS
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        if proc.returncode:
            err.seek(0)
            raise SystemExit(f"kg {' '.join(args)} failed: {err.read().decode()[-500:]}")
    return seconds, usage.ru_maxrss / 1024


def run(code: Path | None, label: str, sizes: list[int], work: Path,
        base: list[list[dict[str, Any]]], stats_up_to: int) -> dict[int, dict[str, float]]:
    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        corpus, extra = work / f"corpus-{size}.jsonl", work / f"add-{size}.jsonl"
        if not corpus.exists():
            write_corpus(corpus, base, 0, size)
            write_corpus(extra, base, size, ADD)
        store = work / f"store-{label}-{size}"
        shutil.rmtree(store, ignore_errors=True)
        row: dict[str, float] = {}
        row["build_s"], row["build_mb"] = measure(code, "build", "--records", str(corpus),
                                                  "--store", str(store))
        row["add_s"], row["add_mb"] = measure(code, "build", "--records", str(extra),
                                              "--store", str(store))
        if size <= stats_up_to:
            row["stats_s"], row["stats_mb"] = measure(code, "stats", "--store", str(store),
                                                      "--format", "json")
        row["store_mb"] = sum(p.stat().st_size for p in store.rglob("*") if p.is_file()) / 2**20
        row["corpus_mb"] = corpus.stat().st_size / 2**20
        results[size] = row
        shutil.rmtree(store, ignore_errors=True)
        print(f"{label:>8} {size:>7} docs: " + "  ".join(
            f"{k}={v:.1f}" for k, v in row.items()), flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--base", type=int, default=300)
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--stats-up-to", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-store-scale"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    base = base_records(args.work, args.base)
    print(f"{len(base)} base documents; sizes {args.sizes}; +{ADD} documents added to each")
    ours = run(None, "store", args.sizes, args.work, base, args.stats_up_to)
    if args.baseline:
        theirs = run(args.baseline, "baseline", args.sizes, args.work, base, args.stats_up_to)
        for size in args.sizes:
            a, b = ours[size], theirs[size]
            print(f"ratio baseline/store at {size}: build time {b['build_s'] / a['build_s']:.1f}x"
                  f", build memory {b['build_mb'] / a['build_mb']:.1f}x, add time "
                  f"{b['add_s'] / a['add_s']:.1f}x")


if __name__ == "__main__":
    main()
