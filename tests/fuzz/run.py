"""`make fuzz`: the fuzz cases of tests/fuzz at scale, counted instead of asserted.

    python -m tests.fuzz.run --examples 10000 [--processes 2] [--seed 1]

Each process runs its share of the examples with its own seed; a case that takes longer
than ``--hang-seconds`` counts as a hang. Prints one table (cases tried, crashes, hangs,
offsets wrong, facts lost, facts duplicated) and the first problems found; exits 1 if any.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import pathlib
import signal
import sys
import tempfile
import time
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, seed, settings

from kg.pipeline import _warm_up
from tests.fuzz.harness import COUNTERS, Tally, run_case
from tests.fuzz.inputs import InputFile, input_sets

PROGRESS_EVERY = 25


class Hang(BaseException):  # not an Exception: run_case must not count it as a crash
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise Hang


def shard(args: tuple[int, int, int, str]) -> tuple[Counter[str], list[str]]:
    examples, shard_seed, hang_seconds, progress = args
    tally = Tally()
    signal.signal(signal.SIGALRM, _on_alarm)
    root = pathlib.Path(tempfile.mkdtemp(prefix="kg-fuzz-"))
    done = [0]

    @seed(shard_seed)
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(input_sets())
    def case(files: list[InputFile]) -> None:
        done[0] += 1
        signal.alarm(hang_seconds)
        try:
            run_case(files, root / f"case{done[0]}", tally)
        except Hang:
            tally.problem("hangs", f"case{done[0]}: over {hang_seconds}s: "
                          f"{[(f.name, len(f.data)) for f in files]}")
        finally:
            signal.alarm(0)
        if done[0] % PROGRESS_EVERY == 0:
            _record(progress, shard_seed, tally)

    case()
    _record(progress, shard_seed, tally)
    return tally.counts, tally.examples


def _record(progress: str, shard_seed: int, tally: Tally) -> None:
    """Cumulative counts of one shard, one JSON line: `--report` sums the last of each."""
    line = json.dumps({"seed": shard_seed, "counts": tally.counts, "examples": tally.examples},
                      ensure_ascii=False)
    with open(progress, "a", encoding="utf-8") as out:
        out.write(line + "\n")


def report(progress: str) -> tuple[Counter[str], list[str]]:
    last: dict[int, dict[str, Any]] = {}
    with open(progress, encoding="utf-8") as lines:
        for line in lines:
            entry = json.loads(line)
            last[entry["seed"]] = entry
    total: Counter[str] = Counter()
    examples: list[str] = []
    for entry in last.values():
        total.update(entry["counts"])
        examples += entry["examples"]
    return total, examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--processes", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hang-seconds", type=int, default=60)
    parser.add_argument("--progress", default="kg-fuzz-progress.jsonl",
                        help="Cumulative counts, appended as the run goes.")
    parser.add_argument("--report", action="store_true",
                        help="Only print the table of the (possibly unfinished) --progress run.")
    args = parser.parse_args(argv)
    if args.report:
        total, examples = report(args.progress)
        return _table(total, examples, f"kg fuzz (from {args.progress})")
    started = time.perf_counter()
    _warm_up()  # models load once here and are shared copy-on-write by the forked shards
    share = -(-args.examples // args.processes)
    jobs = [(share, args.seed + i, args.hang_seconds, args.progress)
            for i in range(args.processes)]
    pathlib.Path(args.progress).unlink(missing_ok=True)
    with multiprocessing.get_context("fork").Pool(args.processes) as pool:
        parts = pool.map(shard, jobs)
    total: Counter[str] = Counter()
    examples: list[str] = []
    for counts, found in parts:
        total.update(counts)
        examples += found
    return _table(total, examples, f"kg fuzz: {args.processes} processes, seed {args.seed}, "
                  f"{time.perf_counter() - started:.0f}s")


def _table(total: Counter[str], examples: list[str], title: str) -> int:
    width = max(len(k) for k in COUNTERS)
    print(title)
    print(f"{'count':<{width}}  value")
    for key in COUNTERS:
        label = "cases tried" if key == "cases" else key
        print(f"{label:<{width}}  {total[key]}")
    for line in examples[:20]:
        print(f"  {line}")
    problems = sum(total[k] for k in ("crashes", "hangs", "offsets wrong", "facts lost",
                                      "facts duplicated"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
