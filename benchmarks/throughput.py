"""Extraction throughput: `kg extract` against bare jieba.posseg on the same text, one run.

    python benchmarks/throughput.py [--mb 2] [--workers N] [--baseline CHECKOUT] [FILES...]

Builds an input of about ``--mb`` megabytes by repeating the given articles (default: the dev
corpora in ../shared, else examples/; a ``.jsonl`` file gives one article per line) under new
document ids, then times
1. jieba.posseg over every document (dictionary already loaded: its best case), and
2. the whole kg pipeline (decode → normalize → recognize → resolve → extract → records),
and prints MB/s for both and their ratio. ``--baseline /work/main`` also times the pipeline of
another checkout (its ``kg`` package) on the same input in the same run and prints both ratios
side by side, so that a speed change is measured under the same machine load: both checkouts
then run in subprocesses, alternately for ``--rounds`` rounds, and the fastest round counts.
``--compare-workers`` instead times ``--workers`` (default 2) processes against one process on
the same input, alternately in subprocesses for ``--rounds`` rounds (so both see the same machine
load), and prints for each round the wall time of the whole run and of the run after start-up
(models loaded once in the parent, which the workers then share by fork), the CPU seconds of the
parent and of the workers, and the speed-up ratios; records must be identical in both.
Run on demand, never as a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _inputs(files: list[str]) -> list[Path]:
    if files:
        return [Path(f) for f in files]
    shared = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
    found = sorted(shared.glob("corpus*/*.txt"))
    return found or sorted((ROOT / "examples").glob("*.txt"))


def _texts(path: Path) -> list[str]:
    """The documents of a file: one, or each line's ``text`` in JSON Lines."""
    if path.suffix != ".jsonl":
        return [path.read_text(encoding="utf-8")]
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


_TIME_KG = """
import sys, time
from kg.pipeline import iter_results
workers = None if sys.argv[2] == "auto" else int(sys.argv[2])
start = time.perf_counter()
n = sum(len(getattr(r, "records", [])) for r in iter_results([sys.argv[1]], workers=workers))
print(time.perf_counter() - start, n)
"""


_TIME_WORKERS = """
import hashlib, json, resource, sys, time
from kg import pipeline
workers = int(sys.argv[2])
start = time.perf_counter()
pipeline._warm_up()
warm, warm_cpu = time.perf_counter(), time.process_time()
digest, n = hashlib.sha256(), 0
for r in pipeline.iter_results([sys.argv[1]], workers=workers):
    for record in getattr(r, "records", []):
        digest.update(json.dumps(record, ensure_ascii=False, sort_keys=True).encode())
        n += 1
end = time.perf_counter()
me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"whole": end - start, "steady": end - warm, "records": n,
                  "digest": digest.hexdigest(), "parent_cpu": me.ru_utime + me.ru_stime,
                  "workers_cpu": kids.ru_utime + kids.ru_stime, "warm_cpu": warm_cpu}))
"""


def _compare_workers(path: Path, workers: int, rounds: int, mb: float) -> int:
    """One process against ``workers`` processes, alternately, in subprocesses."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs: dict[int, list[dict[str, float]]] = {1: [], workers: []}
    for _ in range(max(1, rounds)):
        for n in (1, workers):
            out = subprocess.run(
                [sys.executable, "-c", _TIME_WORKERS, str(path), str(n)],
                env=env, cwd=ROOT, capture_output=True, text=True, check=True,
            ).stdout
            runs[n].append(json.loads(out))
    print(f"input {mb:.2f} MB; per round: 1 worker vs {workers} (wall s; CPU s parent+workers)")
    for i, (one, many) in enumerate(zip(runs[1], runs[workers], strict=True), 1):
        print(
            f"round {i}: whole {one['whole']:.1f} vs {many['whole']:.1f} = "
            f"{one['whole'] / many['whole']:.2f}x; after start-up {one['steady']:.1f} vs "
            f"{many['steady']:.1f} = {one['steady'] / many['steady']:.2f}x; CPU "
            f"{one['parent_cpu']:.1f}+{one['workers_cpu']:.1f} vs "
            f"{many['parent_cpu']:.1f}+{many['workers_cpu']:.1f}"
        )
    # CPU seconds decide the speed-up on free cores, where wall time on a shared machine cannot:
    # start-up (serial), then the larger of the parent's share and each worker's share.
    for i, (one, many) in enumerate(zip(runs[1], runs[workers], strict=True), 1):
        serial = one["parent_cpu"]
        rest = max(many["parent_cpu"] - many["warm_cpu"], many["workers_cpu"] / workers)
        steady = (one["parent_cpu"] - one["warm_cpu"]) / rest
        print(
            f"round {i} from CPU time, on {workers} free cores: whole "
            f"{serial / (many['warm_cpu'] + rest):.2f}x, after start-up {steady:.2f}x "
            f"(start-up {one['warm_cpu']:.1f} CPU-s)"
        )
    same = {r["digest"] for r in runs[1] + runs[workers]}
    print(f"records identical in all runs: {len(same) == 1} ({runs[1][0]['records']} records)")
    return 0 if len(same) == 1 else 1


def _time_checkout(checkout: Path, path: Path, workers: int | None) -> tuple[float, int]:
    """Seconds and record count of another checkout's pipeline over ``path``."""
    env = {**os.environ, "PYTHONPATH": str(checkout.resolve())}
    out = subprocess.run(
        [sys.executable, "-c", _TIME_KG, str(path), str(workers or "auto")],
        env=env, cwd=checkout, capture_output=True, text=True, check=True,
    ).stdout.split()
    return float(out[0]), int(out[1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--mb", type=float, default=2.0, help="size of the input to build")
    ap.add_argument("--workers", type=int, default=None, help="kg processes (default: auto)")
    ap.add_argument("--baseline", type=Path, help="another checkout to time on the same input")
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds with --baseline")
    ap.add_argument(
        "--compare-workers", action="store_true", help="time --workers (2) against 1, only"
    )
    args = ap.parse_args()

    texts = [text for p in _inputs(args.files) for text in _texts(p)]
    target = int(args.mb * 1_000_000)
    docs: list[tuple[str, str]] = []
    size = 0
    while size < target:
        for text in texts:
            docs.append((f"bench{len(docs):06d}", text))
            size += len(text.encode("utf-8"))
    mb = size / 1_000_000
    if args.compare_workers:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "bench.jsonl")
            path.write_text(
                "".join(
                    json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in docs
                ),
                encoding="utf-8",
            )
            return _compare_workers(path, args.workers or 2, args.rounds, mb)

    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    start = time.perf_counter()
    for _, text in docs:
        for _pair in jieba.posseg.cut(text):
            pass
    jieba_s = time.perf_counter() - start

    from kg.pipeline import iter_results

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "bench.jsonl")
        path.write_text(
            "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in docs),
            encoding="utf-8",
        )
        if args.baseline:
            mine, theirs = [], []
            for _ in range(max(1, args.rounds)):
                mine.append(_time_checkout(ROOT, path, args.workers))
                theirs.append(_time_checkout(args.baseline, path, args.workers))
            (kg_s, n_records), (base_s, base_records) = min(mine), min(theirs)
        else:
            start = time.perf_counter()
            n_records = 0
            for result in iter_results([str(path)], workers=args.workers):
                n_records += len(getattr(result, "records", []))
            kg_s = time.perf_counter() - start

    print(f"input: {len(docs)} documents, {mb:.2f} MB UTF-8, {os.cpu_count()} cores")
    print(f"jieba.posseg : {mb / jieba_s:7.3f} MB/s  ({jieba_s:.1f} s, one process)")
    print(f"kg extract   : {mb / kg_s:7.3f} MB/s  ({kg_s:.1f} s, {n_records} records)")
    print(f"ratio kg/jieba.posseg: {jieba_s / kg_s:.2f}")
    if args.baseline:
        print(f"baseline     : {mb / base_s:7.3f} MB/s  ({base_s:.1f} s, {base_records} records)"
              f"  {args.baseline}")
        print(f"ratio baseline/jieba.posseg: {jieba_s / base_s:.2f}   this checkout: "
              f"{jieba_s / kg_s:.2f}   speed-up: {base_s / kg_s:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
