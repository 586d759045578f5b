"""The load lock's takeover rule without a server: a live holder on this host is never taken
over, however long it is silent (a loaded machine delays heartbeats), and two loads of one
process racing for the lock never take each other's lock as one left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from kg.store.neo4j_lock import LoadLock, holder_is_dead, process_started

ME = {"host": "here", "pid": 100}
ALIVE = {100: 5, 200: 7}  # pid -> start time (clock ticks) of the processes that run


def _held(**changes: Any) -> dict[str, Any]:
    held = {"owner": "t-other", "host": "here", "pid": 200, "started": 7, "silent": 1.0}
    held.update(changes)
    return held


@pytest.mark.parametrize(
    ("held", "held_here", "dead"),
    [
        (_held(), set(), False),  # another live load on this host
        (_held(silent=10_000.0), set(), False),  # live but silent for hours: still not stale
        (_held(pid=300), set(), True),  # its process is gone
        (_held(pid=0), set(), True),  # no pid recorded
        (_held(started=3), set(), True),  # the pid now runs another process (reused)
        (_held(started=None), set(), False),  # an older lock without a start time: pid decides
        (_held(pid=100, owner="t-mine"), {"t-mine"}, False),  # a thread of this process holds it
        (_held(pid=100, owner="t-old"), {"t-mine"}, True),  # a failed load of this process left it
        (_held(host="there", silent=5.0), set(), False),  # another host, heartbeat recent
        (_held(host="there", silent=500.0), set(), True),  # another host, silent too long
    ],
    ids=[
        "live",
        "live-silent",
        "pid-gone",
        "no-pid",
        "pid-reused",
        "no-start-time",
        "this-process-holding",
        "this-process-left",
        "other-host-beating",
        "other-host-silent",
    ],
)
def test_which_holders_are_taken_over(
    held: dict[str, Any], held_here: set[str], dead: bool
) -> None:
    verdict = holder_is_dead(
        held,
        ME,
        stale_after=120.0,
        alive=lambda pid: pid in ALIVE,
        started=ALIVE.get,
        held_here=held_here,
    )
    assert verdict is dead


def test_process_start_times_tell_a_finished_process_from_a_running_one() -> None:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    me = {"host": "here", "pid": -1}
    mine = _held(pid=os.getpid(), started=process_started(os.getpid()))
    assert process_started(os.getpid()) is not None
    assert holder_is_dead(mine, me, stale_after=0.0) is False
    assert holder_is_dead(_held(pid=int(finished.stdout)), me, stale_after=0.0) is True


class _Row:
    def __init__(self, data: dict[str, Any] | None) -> None:
        self._data = data

    def single(self) -> _Row:
        return self

    def data(self) -> dict[str, Any]:
        assert self._data is not None
        return dict(self._data)

    def consume(self) -> None:
        return None


class _FakeServer:
    """The lock node and its two queries, serialized like Neo4j's lock on the node; a commit can
    be slow to return to its caller (``slow_commit`` seconds), as on a loaded machine."""

    def __init__(self, slow_commit: float) -> None:
        self.node: dict[str, Any] | None = None
        self.mutex = threading.Lock()
        self.slow_commit = slow_commit
        self.takeovers = 0

    def run(self, query: str, params: dict[str, Any]) -> _Row:
        if query.startswith("MERGE"):
            if self.node is None:
                self.node = {**params, "heartbeat": time.time()}
            return _Row({**self.node, "silent": time.time() - self.node["heartbeat"]})
        if "SET l.owner" in query:
            self.takeovers += 1
            self.node = {**params, "heartbeat": time.time()}
        return _Row(None)


class _FakeStore:
    def __init__(self, server: _FakeServer) -> None:
        self.server = server

    def write_statement(self, statement: str) -> None:
        return None

    def write_with(self, work: Callable[[Any], Any]) -> Any:
        with self.server.mutex:
            result = work(self.server)
        time.sleep(self.server.slow_commit)  # committed; the caller has not seen it yet
        return result


def test_two_loads_of_one_process_racing_for_the_lock_never_take_it_from_each_other() -> None:
    server = _FakeServer(slow_commit=0.3)
    locks = [LoadLock(_FakeStore(server), "same", wait=5.0) for _ in range(2)]  # type: ignore[arg-type]
    order: list[str] = []

    def load(lock: LoadLock) -> None:
        lock.acquire()
        order.append(f"got {lock.holder['owner']}")
        time.sleep(0.2)
        order.append(f"done {lock.holder['owner']}")
        with server.mutex:
            server.node = None  # release

    threads = [threading.Thread(target=load, args=(lock,)) for lock in locks]
    threads[0].start()
    time.sleep(0.05)  # the first MERGE has committed and is slow to come back
    threads[1].start()
    for thread in threads:
        thread.join()
    assert server.takeovers == 0
    assert [entry.split()[0] for entry in order] == ["got", "done", "got", "done"]
