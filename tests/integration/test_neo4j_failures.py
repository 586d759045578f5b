"""Clear errors for a wrong password, an unreachable server and a server lost mid-load (a re-run
completes the same graph); only kg's own data is pruned; concurrent loads neither duplicate
nor lose facts, and loads of different stores are serialized by the lock, never interleaved.
(A real SIGKILL of the server and the bulk path: test_neo4j_server.py.)"""

from __future__ import annotations

import contextlib
import os
import pathlib
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from typing import Any

import networkx as nx
import pytest
from neo4j import Driver, GraphDatabase

from kg.graph import build_graph, counts
from kg.store import StoreError
from kg.store.embedded import EmbeddedStore
from kg.store.neo4j import Neo4jStore, connect
from kg.store.neo4j_lock import LoadLock

URI = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
USER = os.environ.get("NEO4J_USER", "neo4j")
PASSWORD = os.environ.get("NEO4J_PASSWORD", "kg-dev-password")


class CuttingProxy:
    """A TCP proxy to Neo4j that dies for good after forwarding ``cut_after`` client bytes.

    It plays a server that stops in the middle of a load: open connections drop and new ones
    are refused, deterministically, without touching the shared Neo4j.
    """

    def __init__(self, target: tuple[str, int], cut_after: int) -> None:
        self.target, self.cut_after, self.forwarded = target, cut_after, 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.dead = threading.Event()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.dead.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, server]
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, counted: bool) -> None:
        try:
            while data := src.recv(65536):
                if counted:
                    with self.lock:
                        self.forwarded += len(data)
                    if self.forwarded > self.cut_after:
                        self.kill()
                        return
                dst.sendall(data)
        except OSError:
            pass

    def kill(self) -> None:
        self.dead.set()
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()


def test_wrong_password_is_one_clear_line(neo4j_driver: Driver) -> None:
    with pytest.raises(StoreError) as error:
        connect(URI, USER, PASSWORD + "-wrong")
    assert "refused the credentials" in str(error.value) and "\n" not in str(error.value)


def test_unreachable_uri_is_bounded_retries_then_one_clear_line() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(StoreError) as error:
        connect(
            f"bolt://127.0.0.1:{port}",
            USER,
            PASSWORD,
            connection_timeout=2,
            attempts=3,
            backoff=0.2,
        )
    assert time.monotonic() - started < 10
    message = str(error.value)
    assert f"bolt://127.0.0.1:{port} is unreachable after 3 attempts" in message
    assert "\n" not in message and PASSWORD not in message


KG_CLI = [sys.executable, "-c", "from kg.cli import main; main()"]


def _kg_load(store_dir: pathlib.Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`kg load --store DIR` in a process of its own, with ``env`` as its whole environment."""
    return subprocess.run([*KG_CLI, "load", "--store", str(store_dir)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def store_dir(tmp_path: pathlib.Path, records: list[dict[str, Any]]) -> pathlib.Path:
    EmbeddedStore(tmp_path / "store").add_records(records)
    return tmp_path / "store"


@pytest.mark.parametrize("where", ["uri", "environment"])
def test_kg_load_to_a_closed_port_prints_one_line_without_the_password(
    store_dir: pathlib.Path, where: str
) -> None:
    secret = "Sekret-In-Uri-77"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    shown = f"bolt://127.0.0.1:{port}"
    uri = f"bolt://neo4j:{secret}@127.0.0.1:{port}" if where == "uri" else shown
    env = {**os.environ, "NEO4J_URI": uri, "NEO4J_PASSWORD": secret}
    done = _kg_load(store_dir, env)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 1
    assert len(lines) == 1, done.stderr
    assert f"{shown} is unreachable after" in lines[0]
    assert secret not in done.stderr + done.stdout


def test_neo4j_lost_mid_load_then_rerun_gives_the_uninterrupted_graph(
    clean_neo4j: Driver, neo4j_database: str, graph: nx.MultiDiGraph
) -> None:
    parsed = urllib.parse.urlsplit(URI)
    proxy = CuttingProxy((parsed.hostname or "127.0.0.1", parsed.port or 7687), cut_after=60_000)
    flaky = GraphDatabase.driver(
        f"bolt://127.0.0.1:{proxy.port}",
        auth=(USER, PASSWORD),
        max_transaction_retry_time=1.0,
        connection_timeout=2.0,
    )
    try:
        with pytest.raises(StoreError, match="went away during the load") as error:
            Neo4jStore(flaky, neo4j_database, batch_size=20, uri="proxy").load(graph)
    finally:
        flaky.close()
        proxy.kill()
    assert "\n" not in str(error.value)
    store = Neo4jStore(clean_neo4j, neo4j_database, batch_size=500)
    partial = store.counts()
    assert partial != counts(graph)  # the cut really happened mid-way
    store.load(graph)
    assert store.counts() == counts(graph)
    assert store.ids() == (set(graph.nodes), {key for _, _, key in graph.edges(keys=True)})
    rerun = store.fingerprint()
    store.clear()
    store.load(graph)
    assert store.fingerprint() == rerun


def _foreign_data(driver: Driver, database: str, our_id: str) -> None:
    """Another application's data: a Person with an id, a relationship with an id between its
    nodes, and one from its node to a node of ours."""
    driver.execute_query(
        "CREATE (a:Person {id: 'foreign-1', name: '外人'})-[:KNOWS {id: 'f-rel'}]->"
        "(b:App {id: 'foreign-2'}) WITH b MATCH (ours:Kg {id: $ours}) "
        "CREATE (b)-[:POINTS_AT {id: 'f-rel-2'}]->(ours)",
        ours=our_id,
        database_=database,
    )


def _foreign_view(driver: Driver, database: str) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:Kg AND NOT n:KgLoadLock OPTIONAL MATCH (n)-[r]->(m) "
        "RETURN n.id AS node, labels(n) AS labels, properties(n) AS props, type(r) AS rel, "
        "r.id AS rel_id, m.id AS to ORDER BY node, rel_id",
        database_=database,
    )
    return [r.data() for r in records]


def test_prune_touches_only_what_kg_wrote(
    clean_neo4j: Driver,
    neo4j_database: str,
    records: list[dict[str, Any]],
    graph: nx.MultiDiGraph,
) -> None:
    store = Neo4jStore(clean_neo4j, neo4j_database)
    store.load(graph)
    first_doc = sorted({r["doc"] for r in records})[0]
    kept = build_graph(r for r in records if r["doc"] != first_doc)
    linked = next(n for n in graph.nodes if n not in kept)  # a node the prune removes
    _foreign_data(clean_neo4j, neo4j_database, linked)
    before = _foreign_view(clean_neo4j, neo4j_database)
    result = store.load(kept)
    assert result.mode == "merge" and result.pruned_relationships > 0
    assert store.counts() == counts(kept)
    assert store.ids() == (set(kept.nodes), {k for _, _, k in kept.edges(keys=True)})
    after = _foreign_view(clean_neo4j, neo4j_database)
    # The other application's nodes and relationships are all there, unchanged; the stale node
    # it points at is kept for its sake, without the Kg label (so no longer ours).
    assert [row for row in after if row["node"] != linked] == before
    assert [row["rel"] for row in after if row["node"] == linked] == [None]
    assert store.foreign_nodes() == 3


@pytest.mark.parametrize("writers", [1, 3])
def test_first_load_and_incremental_paths_write_identical_graphs(
    clean_neo4j: Driver, neo4j_database: str, graph: nx.MultiDiGraph, writers: int
) -> None:
    # Small batches, so that several writers really have batches of one group in flight.
    store = Neo4jStore(clean_neo4j, neo4j_database, batch_size=20, writers=writers)
    first = store.load(graph)
    assert store.ids() == (set(graph.nodes), {k for _, _, k in graph.edges(keys=True)})
    created = store.fingerprint()
    store.clear()
    merged = store.load(graph, mode="merge")
    assert (first.mode, merged.mode) == ("create", "merge")
    assert store.fingerprint() == created
    assert created["counts"] == counts(graph)


def _run_at_once(*jobs: Any) -> list[BaseException]:
    errors: list[BaseException] = []

    def run(job: Any) -> None:
        try:
            job()
        except BaseException as err:  # collected, then asserted by the test
            errors.append(err)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    return errors


@pytest.mark.parametrize("with_lock", [True, False], ids=["lock", "merge-only"])
def test_two_loads_at_once_neither_duplicate_nor_lose_facts(
    clean_neo4j: Driver, neo4j_database: str, graph: nx.MultiDiGraph, with_lock: bool
) -> None:
    stores = [Neo4jStore(clean_neo4j, neo4j_database, batch_size=50) for _ in range(2)]
    if with_lock:
        jobs = [lambda s=s: s.load(graph, store_name="same", wait=120) for s in stores]
    else:  # no lock: the constraints, MERGE and the driver's deadlock retries alone must hold
        stores[0].apply_schema(sorted({t for _, _, t in graph.edges(data="type")}))
        jobs = [
            lambda s=s: s._merge(graph, 50, prune=False, schema=False, on_batch=None, beat=None)
            for s in stores
        ]
    assert _run_at_once(*jobs) == []
    assert stores[0].counts() == counts(graph)
    assert stores[0].ids() == (set(graph.nodes), {k for _, _, k in graph.edges(keys=True)})


def test_a_load_while_another_store_loads_waits_then_is_refused_naming_it(
    clean_neo4j: Driver, neo4j_database: str, graph: nx.MultiDiGraph
) -> None:
    store = Neo4jStore(clean_neo4j, neo4j_database)
    holder = LoadLock(store, "/data/other-store")
    holder.acquire()
    try:
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"another kg load \(store /data/other-store"):
            store.load(graph, store_name="/data/mine", wait=1.5)
        assert 1.5 <= time.monotonic() - started < 30
        assert store.counts() == {"labels": {}, "types": {}}
    finally:
        holder.release()
    assert store.load(graph, store_name="/data/mine", wait=1).mode == "create"


def test_a_lock_left_by_a_dead_load_is_taken_over(
    clean_neo4j: Driver, neo4j_database: str, graph: nx.MultiDiGraph
) -> None:
    store = Neo4jStore(clean_neo4j, neo4j_database)
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    ghost = LoadLock(store, "/data/crashed")
    ghost.holder["pid"] = int(finished.stdout)  # a load process that no longer exists
    ghost.acquire()
    assert store.load(graph, store_name="/data/mine", wait=0).nodes == graph.number_of_nodes()
    assert store.counts() == counts(graph)


@pytest.mark.parametrize("exists", [True, False], ids=["file", "missing-file"])
def test_kg_load_reads_the_password_from_a_file(
    clean_neo4j: Driver,
    neo4j_database: str,
    store_dir: pathlib.Path,
    tmp_path: pathlib.Path,
    graph: nx.MultiDiGraph,
    exists: bool,
) -> None:
    secret = tmp_path / "neo4j-password"
    if exists:
        secret.write_text(PASSWORD + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    env.update(NEO4J_URI=URI, NEO4J_PASSWORD_FILE=str(secret), NEO4J_DATABASE=neo4j_database)
    done = _kg_load(store_dir, env)
    if exists:
        assert done.returncode == 0, done.stderr
        assert Neo4jStore(clean_neo4j, neo4j_database).counts() == counts(graph)
    else:
        assert done.returncode == 1 and f"NEO4J_PASSWORD_FILE {secret}" in done.stderr
