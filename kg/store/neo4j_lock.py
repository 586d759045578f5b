"""One `kg load` at a time per database: a lock node taken with MERGE.

``(:KgLoadLock {name: "kg"})`` (unique by a constraint, so two MERGEs cannot make two) names its
holder: a random token, the store folder, host and pid, and a heartbeat the holder refreshes as
it writes. A second load waits for it (``wait`` seconds, then a clear refusal naming the
holder); a lock whose holder is dead (same host, pid gone) or silent for ``stale_after`` seconds
is taken over, so a load killed with the server (or with SIGKILL) never blocks the next one
(nor does a failed load of this same process).
"""

from __future__ import annotations

import os
import socket
import time
import uuid
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
# Owner tokens of the locks this process holds now: a lock naming this host and pid with
# another token was left by a load of this process that failed (its server went away).
_HELD_HERE: set[str] = set()
STALE_AFTER_SECONDS = 120.0


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
        }
        self._last_beat = 0.0

    def _try(self, tx: ManagedTransaction) -> dict[str, Any] | None:
        """Take the lock if free or stale; else return who holds it."""
        row = tx.run(
            f"MERGE (l:{LOCK_LABEL} {{name: 'kg'}}) "
            "ON CREATE SET l.owner = $owner, l.store = $store, l.host = $host, l.pid = $pid, "
            "l.since = timestamp(), l.heartbeat = timestamp() "
            # A write on the lock node: concurrent takers queue on it from here.
            "SET l.checked = timestamp() "
            "RETURN l.owner AS owner, l.store AS store, l.host AS host, l.pid AS pid, "
            "l.since AS since, (timestamp() - l.heartbeat) / 1000.0 AS silent",
            self.holder,
        ).single()
        assert row is not None
        held = row.data()
        if held["owner"] == self.holder["owner"]:
            return None
        here = held["host"] == self.holder["host"]
        pid = int(held["pid"] or 0)
        dead = here and (
            not _pid_alive(pid) or (pid == os.getpid() and held["owner"] not in _HELD_HERE)
        )
        if not (dead or held["silent"] > self.stale_after):
            return held
        tx.run(
            f"MATCH (l:{LOCK_LABEL} {{name: 'kg'}}) SET l.owner = $owner, l.store = $store, "
            "l.host = $host, l.pid = $pid, l.since = timestamp(), l.heartbeat = timestamp()",
            self.holder,
        ).consume()
        return None

    def acquire(self) -> None:
        self.store.write_statement(LOCK_CONSTRAINT)
        deadline = time.monotonic() + self.wait
        while True:
            held = self.store.write_with(self._try)
            if held is None:
                _HELD_HERE.add(self.holder["owner"])
                self._last_beat = time.monotonic()
                return
            if time.monotonic() >= deadline:
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
