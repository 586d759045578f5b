"""One `kg load` at a time per database: a lock node taken with MERGE.

``(:KgLoadLock {name: "kg"})`` (unique by a constraint, so two MERGEs cannot make two) names its
holder: a random token, the store folder, host and pid, and a heartbeat the holder refreshes as
it writes. A second load waits for it (``wait`` seconds, then a clear refusal naming the
holder); a lock whose holder is dead is taken over, so a load killed with the server (or with
SIGKILL) never blocks the next one (nor does a failed load of this same process).

Dead is decided without clocks where it can be (``holder_is_dead``): a holder on this host is
dead only when its process is gone (its pid no longer runs, or runs a process started at another
time: a reused pid), or when it names this process with a token no load of this process holds or
is taking. A live holder on this host is never taken over, however long it stays silent: on a
loaded machine one batch (or the schema build) can outlast any silence threshold. Only a holder
on another host, whose process cannot be checked, is judged by its heartbeat (silent for
``stale_after`` seconds).
"""

from __future__ import annotations

import os
import pathlib
import socket
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from neo4j import ManagedTransaction

from kg.store import StoreError

if TYPE_CHECKING:
    from kg.store.neo4j import Neo4jStore

LOCK_LABEL = "KgLoadLock"
LOCK_CONSTRAINT = (
    "CREATE CONSTRAINT kg_load_lock_name IF NOT EXISTS "
    f"FOR (l:{LOCK_LABEL}) REQUIRE l.name IS UNIQUE"
)
HEARTBEAT_SECONDS = 5.0
# Owner tokens of the locks this process holds or is taking now (registered before the first
# attempt, so a load of another thread of this process never sees a lock that was just taken,
# but not yet registered, as one left behind): a lock naming this host and pid with any other
# token was left by a load of this process that failed (its server went away).
_HELD_HERE: set[str] = set()
STALE_AFTER_SECONDS = 120.0


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def process_started(pid: int) -> int | None:
    """The start time of process ``pid`` in clock ticks since boot (``/proc/PID/stat`` field
    22), or ``None`` where unknown: with the pid it names one process, even after pid reuse."""
    try:
        stat = pathlib.Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()  # the command name may hold spaces
    try:
        return int(fields[19])
    except (IndexError, ValueError):
        return None


def holder_is_dead(
    held: dict[str, Any],
    me: dict[str, Any],
    *,
    stale_after: float,
    alive: Callable[[int], bool] = _pid_alive,
    started: Callable[[int], int | None] = process_started,
    held_here: set[str] | frozenset[str] = frozenset(),
) -> bool:
    """Whether the lock ``held`` (its node's properties, ``silent`` = seconds since its last
    heartbeat) may be taken over by the load ``me`` (host, pid)."""
    if held["host"] != me["host"]:
        return bool(held["silent"] > stale_after)
    pid = int(held.get("pid") or 0)
    if pid == me["pid"]:
        return held["owner"] not in held_here
    if not alive(pid):
        return True
    then, now = held.get("started"), started(pid)
    return then is not None and now is not None and int(then) != now


class LoadLock:
    """The database-wide load lock, held by this process while it writes."""

    def __init__(
        self,
        store: Neo4jStore,
        owner_store: str,
        *,
        wait: float = 60.0,
        stale_after: float = STALE_AFTER_SECONDS,
    ) -> None:
        self.store = store
        self.wait = wait
        self.stale_after = stale_after
        self.holder = {
            "owner": uuid.uuid4().hex,
            "store": owner_store,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started": process_started(os.getpid()),
        }
        self._last_beat = 0.0

    def _try(self, tx: ManagedTransaction) -> dict[str, Any] | None:
        """Take the lock if free or stale; else return who holds it."""
        row = tx.run(
            f"MERGE (l:{LOCK_LABEL} {{name: 'kg'}}) "
            "ON CREATE SET l.owner = $owner, l.store = $store, l.host = $host, l.pid = $pid, "
            "l.started = $started, l.since = timestamp(), l.heartbeat = timestamp() "
            # A write on the lock node: concurrent takers queue on it from here.
            "SET l.checked = timestamp() "
            "RETURN l.owner AS owner, l.store AS store, l.host AS host, l.pid AS pid, "
            "l.started AS started, l.since AS since, "
            "(timestamp() - l.heartbeat) / 1000.0 AS silent",
            self.holder,
        ).single()
        assert row is not None
        held = row.data()
        if held["owner"] == self.holder["owner"]:
            return None
        dead = holder_is_dead(
            held, self.holder, stale_after=self.stale_after, held_here=frozenset(_HELD_HERE)
        )
        if not dead:
            return held
        tx.run(
            f"MATCH (l:{LOCK_LABEL} {{name: 'kg'}}) SET l.owner = $owner, l.store = $store, "
            "l.host = $host, l.pid = $pid, l.started = $started, l.since = timestamp(), "
            "l.heartbeat = timestamp()",
            self.holder,
        ).consume()
        return None

    def acquire(self) -> None:
        self.store.write_statement(LOCK_CONSTRAINT)
        deadline = time.monotonic() + self.wait
        # Registered before the first attempt: the moment the MERGE commits, the lock is ours.
        _HELD_HERE.add(self.holder["owner"])
        while True:
            try:
                held = self.store.write_with(self._try)
            except BaseException:
                _HELD_HERE.discard(self.holder["owner"])
                raise
            if held is None:
                self._last_beat = time.monotonic()
                return
            if time.monotonic() >= deadline:
                _HELD_HERE.discard(self.holder["owner"])
                raise StoreError(
                    f"another kg load (store {held['store']}, pid {held['pid']} on "
                    f"{held['host']}) is writing to this database; waited {self.wait:.0f}s. "
                    "Re-run when it has finished (--wait SECONDS to wait longer)"
                )
            time.sleep(0.5)

    def beat(self) -> None:
        """Refresh the heartbeat (at most every few seconds); lost lock → ``StoreError``."""
        if time.monotonic() - self._last_beat < HEARTBEAT_SECONDS:
            return
        rows = self.store.write_query(
            f"MATCH (l:{LOCK_LABEL} {{name: 'kg', owner: $owner}}) "
            "SET l.heartbeat = timestamp() RETURN count(l) AS held",
            owner=self.holder["owner"],
        )
        if not rows or rows[0]["held"] == 0:
            raise StoreError("the load lock was taken over by another kg load; re-run the load")
        self._last_beat = time.monotonic()

    def release(self) -> None:
        _HELD_HERE.discard(self.holder["owner"])
        # Not retried: after a failed load the server may be gone, and the lock then goes stale.
        self.store.run_once(
            f"MATCH (l:{LOCK_LABEL} {{name: 'kg', owner: $owner}}) DELETE l",
            owner=self.holder["owner"],
        )
