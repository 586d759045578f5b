"""`make fuzz`: the fuzz cases of tests/fuzz at scale, counted instead of asserted.

    python -m tests.fuzz.run --examples 10000 [--processes 2] [--seed 1]

Each process runs its share of the examples with its own seed; a case that takes longer
than ``--hang-seconds`` counts as a hang. Prints one table (cases tried, crashes, hangs,
offsets wrong, facts lost, facts duplicated) and the first problems found; exits 1 if any.
"""

from __future__ import annotations

import argparse
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
        if done[0] % 250 == 0:
            with open(progress, "a", encoding="utf-8") as out:
                out.write(f"seed {shard_seed}: {done[0]} cases {dict(tally.counts)}\n")

    case()
    return tally.counts, tally.examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--processes", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hang-seconds", type=int, default=60)
    parser.add_argument("--progress", default="/dev/stderr")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    _warm_up()  # models load once here and are shared copy-on-write by the forked shards
    share = -(-args.examples // args.processes)
    jobs = [(share, args.seed + i, args.hang_seconds, args.progress)
            for i in range(args.processes)]
    with multiprocessing.get_context("fork").Pool(args.processes) as pool:
        parts = pool.map(shard, jobs)
    total: Counter[str] = Counter()
    examples: list[str] = []
    for counts, found in parts:
        total.update(counts)
        examples += found
    width = max(len(k) for k in COUNTERS)
    print(f"kg fuzz: {args.processes} processes, seed {args.seed}, "
          f"{time.perf_counter() - started:.0f}s")
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
