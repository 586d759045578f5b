"""run_batches: several write transactions at a time, results back in order, failures stop."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from kg.store.neo4j import Neo4jStore
from kg.store.neo4j_batches import batches, run_batches


@pytest.mark.parametrize(
    ("rows", "size", "expected"),
    [
        ([], 3, []),
        ([1, 2, 3], 3, [[1, 2, 3]]),
        ([1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]),
        ([1, 2], 5, [[1, 2]]),
    ],
)
def test_batches(rows: list[int], size: int, expected: list[list[int]]) -> None:
    assert list(batches(rows, size)) == expected


@pytest.mark.parametrize("writers", [1, 2, 4])
def test_results_come_back_in_job_order(writers: int) -> None:
    jobs = [(f"q{i}", [i]) for i in range(12)]

    def write(query: str, rows: list[Any]) -> str:
        time.sleep(0.002 * (12 - rows[0]))  # later jobs finish first
        return query

    seen: list[tuple[str, list[Any], str]] = []

    def done(result: str, rows: list[Any]) -> None:
        seen.append((result, rows, threading.current_thread().name))

    run_batches(jobs, write, writers=writers, done=done)
    assert [(r, rows) for r, rows, _ in seen] == jobs
    assert {name for _, _, name in seen} == {threading.current_thread().name}


@pytest.mark.parametrize(("writers", "overlap"), [(1, False), (2, True), (3, True)])
def test_writers_run_at_the_same_time(writers: int, overlap: bool) -> None:
    # Two jobs that each wait for the other: they only both pass when they run concurrently.
    barrier = threading.Barrier(2, timeout=1)

    def write(query: str, rows: list[Any]) -> bool:
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return False
        return True

    results: list[bool] = []
    run_batches([("a", [1]), ("b", [2])], write, writers=writers,
                done=lambda result, rows: results.append(result))
    assert results == [overlap, overlap]


@pytest.mark.parametrize("writers", [1, 2])
def test_the_first_failure_stops_the_load(writers: int) -> None:
    started: list[int] = []
    lock = threading.Lock()

    def write(query: str, rows: list[Any]) -> int:
        with lock:
            started.append(rows[0])
        if rows[0] == 1:
            raise RuntimeError("server went away")
        time.sleep(0.01)
        return rows[0]

    done: list[int] = []
    with pytest.raises(RuntimeError, match="server went away"):
        run_batches([("q", [i]) for i in range(50)], write, writers=writers,
                    done=lambda result, rows: done.append(result))
    assert done == [0]
    assert len(started) <= 1 + 2 * writers + 1  # the failed one, its window, one in flight


def test_zero_writers_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        run_batches([("q", [1])], lambda q, r: None, writers=0, done=lambda res, rows: None)


def test_a_store_with_zero_writers_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Neo4jStore(object(), writers=0)  # type: ignore[arg-type]
