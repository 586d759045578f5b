"""Batched writes, one transaction per batch, several transactions at a time; ``LoadResult``.

A Neo4j server runs each transaction on one core, so a load that sends its batches one after
another leaves the server's other cores idle. ``run_batches`` keeps ``writers`` batches in
flight (the driver is thread-safe; each batch opens its own session) and hands every result back
to the calling thread in the order the batches were given, so progress, the load lock's
heartbeat and anything collected from the results need no locking. Concurrent batches may
deadlock on shared end nodes: the managed transactions the writer uses retry that.

    >>> seen = []
    >>> run_batches([("q", [1, 2]), ("q", [3])], lambda q, rows: [sum(rows)],
    ...             writers=2, done=lambda result, rows: seen.append(result))
    >>> seen
    [[3], [3]]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

Job = tuple[str, list[Any]]


@dataclass(frozen=True, slots=True)
class LoadResult:
    nodes: int
    relationships: int
    seconds: float
    pruned_nodes: int = 0
    pruned_relationships: int = 0
    relationship_seconds: float = 0.0  # the relationship phase alone (nodes exist by then)
    mode: str = "merge"  # "create" (first load), "merge" (incremental) or "bulk"
    schema_seconds: float = 0.0

    @property
    def rels_per_second(self) -> float:
        """Relationships written per second of the relationship phase."""
        seconds = self.relationship_seconds or self.seconds
        return self.relationships / seconds if seconds > 0 else float("inf")

    @property
    def overall_rels_per_second(self) -> float:
        """Relationships per second of the whole load (nodes, schema and prune included)."""
        return self.relationships / self.seconds if self.seconds > 0 else float("inf")


def batches(rows: Sequence[Any], size: int) -> Iterator[list[Any]]:
    """``rows`` in lists of at most ``size``."""
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])


def run_batches(
    jobs: Sequence[Job],
    write: Callable[[str, list[Any]], Any],
    *,
    writers: int,
    done: Callable[[Any, list[Any]], None],
) -> None:
    """``write(query, rows)`` for every job, ``writers`` at a time; ``done(result, rows)`` in
    the calling thread, in job order. The first failure stops the load: batches not yet
    started are cancelled and the error propagates."""
    if writers < 1:
        raise ValueError(f"writers must be at least 1, not {writers}")
    if writers == 1 or len(jobs) <= 1:
        for query, rows in jobs:
            done(write(query, rows), rows)
        return
    with ThreadPoolExecutor(writers, thread_name_prefix="kg-neo4j-writer") as pool:
        # A window of twice the writers keeps every writer busy while a failure still stops
        # the load within a few batches instead of after every batch has been sent.
        pending: deque[tuple[Future[Any], list[Any]]] = deque()
        try:
            for query, rows in jobs:
                pending.append((pool.submit(write, query, rows), rows))
                if len(pending) >= 2 * writers:
                    future, sent = pending.popleft()
                    done(future.result(), sent)
            while pending:
                future, sent = pending.popleft()
                done(future.result(), sent)
        finally:
            for future, _ in pending:
                future.cancel()
