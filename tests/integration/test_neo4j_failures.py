"""Clear errors for a wrong password, an unreachable server and a server lost mid-load; a
re-run after the loss completes the same graph as an uninterrupted load."""

from __future__ import annotations

import contextlib
import os
import pathlib
import socket
import threading
import urllib.parse

import pytest
from neo4j import Driver, GraphDatabase

from kg.graph import build_graph, counts
from kg.store import StoreError
from kg.store.neo4j import Neo4jStore, connect
from tests.integration._graph_data import dev_records

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


def test_unreachable_uri_is_one_clear_line() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StoreError, match="is unreachable: is it running"):
        connect(f"bolt://127.0.0.1:{port}", USER, PASSWORD, connection_timeout=2)


def test_neo4j_lost_mid_load_then_rerun_gives_the_uninterrupted_graph(
    clean_neo4j: Driver, neo4j_database: str, shared: pathlib.Path
) -> None:
    graph = build_graph(dev_records(shared)[0])
    parsed = urllib.parse.urlsplit(URI)
    proxy = CuttingProxy((parsed.hostname or "127.0.0.1", parsed.port or 7687), cut_after=60_000)
    flaky = GraphDatabase.driver(
        f"bolt://127.0.0.1:{proxy.port}", auth=(USER, PASSWORD),
        max_transaction_retry_time=1.0, connection_timeout=2.0,
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
