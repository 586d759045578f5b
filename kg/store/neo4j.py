"""Write a knowledge graph (``kg.graph``) into Neo4j through the official driver.

* ``connect`` (``kg.store.neo4j_connect``) builds a driver that has answered, with bounded
  retries and one-line errors that never show the password.
* Everything kg writes is marked: nodes carry the label ``Kg`` besides their own, relationships
  the property ``_kg = true``. Prune, counts and ids look only at marked data, so other
  applications' nodes and relationships in the same database are never touched.
* ``load`` takes the database's load lock (``kg.store.neo4j_lock``), then picks a path:
  - **first load** (the database holds none of our nodes): ``CREATE`` in batches, nodes
    returning their element ids, relationships created between endpoints found by element id;
    the schema (``schema.cypher``: uniqueness constraints and indexes) is built afterwards,
    which is cheaper than maintaining it row by row;
  - **incremental** (otherwise): schema first, then ``UNWIND $rows AS row MERGE ... SET ... =
    row.props`` in batches; ids are content-derived, so loading twice changes nothing, and
    with ``prune`` our data that the graph no longer has is deleted: the database mirrors the
    graph (this is how ``kg remove`` + ``kg load`` retract a document).
  Each batch runs in a managed write transaction: the driver retries transient failures
  (deadlocks between concurrent loads included). Labels and types are checked against an
  allow-list before they are placed in a query; values only travel as parameters.
* Node and relationship attributes are written generically (``neo4j_props``): scalars and
  lists of one scalar type as they are, anything else as JSON text, ``None`` and empty lists
  left out. ``kg.store.neo4j_admin`` writes the same properties for the bulk import.
* ``load_rowwise`` does the MERGE one row per transaction (the benchmark's baseline).
"""

from __future__ import annotations

import importlib.resources
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Any

import networkx as nx
from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import DriverError, Neo4jError

from kg.graph import NODE_LABELS
from kg.store import StoreError
from kg.store.neo4j_batches import LoadResult, batches, run_batches
from kg.store.neo4j_connect import (
    DEFAULT_PASSWORD,
    DEFAULT_URI,
    DEFAULT_USER,
    connect,
    translate,
)
from kg.store.neo4j_lock import LOCK_LABEL, LoadLock
from kg.store.neo4j_rows import (
    KG_LABEL,
    KG_REL_MARKER,
    _label,
    _rel_type,
    neo4j_props,
    node_groups,
    rel_groups,
)

__all__ = [
    "DEFAULT_PASSWORD",
    "DEFAULT_URI",
    "DEFAULT_USER",
    "KG_LABEL",
    "KG_REL_MARKER",
    "LoadResult",
    "Neo4jStore",
    "connect",
    "neo4j_props",
    "schema_statements",
]

SCHEMA_RESOURCE = "schema.cypher"
_translate = translate  # the old private name, kept for callers


def schema_statements() -> list[str]:
    """The statements of ``schema.cypher``: ``//`` comments dropped, split on ``;``."""
    text = (importlib.resources.files("kg.store") / SCHEMA_RESOURCE).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return [stmt.strip() for stmt in body.split(";") if stmt.strip()]


def _run(tx: ManagedTransaction, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [record.data() for record in tx.run(query, params)]


class Neo4jStore:
    """One Neo4j database holding a kg graph."""

    def __init__(
        self,
        driver: Driver,
        database: str | None = None,
        *,
        batch_size: int = 5000,
        writers: int = 1,
        uri: str = "",
        secret: str = "",
    ) -> None:
        if writers < 1:
            raise ValueError(f"writers must be at least 1, not {writers}")
        self.driver = driver
        self.database = database or None
        self.batch_size = batch_size
        # Concurrent write transactions of one load: the server runs a transaction on one core,
        # so one writer leaves the others idle. The driver is thread-safe, sessions are not:
        # every batch opens its own.
        self.writers = writers
        self.uri = uri
        self.secret = secret
        self._progress = ""

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except StoreError:
            raise
        except (Neo4jError, DriverError) as err:
            raise translate(
                err, uri=self.uri, progress=self._progress, secret=self.secret
            ) from None

    def write_with(self, work: Callable[[ManagedTransaction], Any]) -> Any:
        """Run ``work(tx)`` in one managed (retried) write transaction."""
        with self._errors(), self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def write_query(self, query: str, **params: Any) -> list[dict[str, Any]]:
        with self._errors(), self.driver.session(database=self.database) as session:
            return session.execute_write(_run, query, params)

    def run_once(self, query: str, **params: Any) -> None:
        """One auto-commit query, not retried (e.g. a lock release after the server died)."""
        with self._errors(), self.driver.session(database=self.database) as session:
            session.run(query, params).consume()

    def write_statement(self, statement: str) -> None:
        """A schema statement, alone in an auto-commit transaction (schema and data cannot
        share one); racing loads may both create it, which Neo4j reports as a conflict."""
        with self._errors(), self.driver.session(database=self.database) as session:
            try:
                session.run(statement).consume()
            except Neo4jError as err:
                if "EquivalentSchemaRule" not in (err.code or "") and "already exists" not in (
                    err.message or ""
                ):
                    raise

    def read_query(self, query: str, **params: Any) -> list[dict[str, Any]]:
        with self._errors(), self.driver.session(database=self.database) as session:
            return session.execute_read(_run, query, params)

    _read = read_query  # the older private names (tests, notebooks)
    _write = write_query

    # -- schema and maintenance
    def apply_schema(self, rel_types: Sequence[str] = ()) -> int:
        """Create the constraints and indexes (idempotent), the id constraint of each type in
        ``rel_types`` too, and wait until they are online; returns the statement count."""
        statements = [*schema_statements(), *map(self._rel_constraint, rel_types)]
        for statement in statements:
            self.write_statement(statement)
        self.read_query("CALL db.awaitIndexes(600)")
        return len(statements)

    @staticmethod
    def _rel_constraint(rel_type: str) -> str:
        # MERGE of a relationship seeks through this index instead of scanning every
        # relationship between the two nodes.
        return (
            f"CREATE CONSTRAINT rel_{rel_type.lower()}_id IF NOT EXISTS "
            f"FOR ()-[r:{_rel_type(rel_type)}]-() REQUIRE r.id IS UNIQUE"
        )

    def ensure_relationship_constraints(self, rel_types: Sequence[str]) -> None:
        """The id uniqueness constraint of each type, for predicates ``schema.cypher`` lacks."""
        for rel_type in rel_types:
            self.write_statement(self._rel_constraint(rel_type))

    def drop_schema(self) -> None:
        """Drop every constraint and index except Neo4j's own lookup indexes (benchmarks)."""
        for row in self.read_query("SHOW CONSTRAINTS YIELD name RETURN name"):
            self.write_statement(f"DROP CONSTRAINT `{row['name'].replace('`', '')}` IF EXISTS")
        for row in self.read_query(
            "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"
        ):
            self.write_statement(f"DROP INDEX `{row['name'].replace('`', '')}` IF EXISTS")

    def clear(self) -> None:
        """Delete every node kg wrote (batched so large graphs fit in memory)."""
        while True:
            rows = self.write_query(
                f"MATCH (n:{KG_LABEL}) WITH n LIMIT $limit DETACH DELETE n "
                "RETURN count(*) AS deleted",
                limit=10_000,
            )
            if not rows or rows[0]["deleted"] == 0:
                break

    def holds_our_nodes(self) -> bool:
        """Any node kg wrote, or with one of our labels (an older kg wrote no marker): then a
        load must MERGE; only a database without any may take the CREATE path."""
        return any(
            self.read_query(f"MATCH (n:{label}) RETURN 1 AS one LIMIT 1")
            for label in (KG_LABEL, *map(_label, NODE_LABELS))
        )

    def foreign_nodes(self) -> int:
        """Nodes kg did not write (other applications' data)."""
        return self.read_query(
            f"MATCH (n) WHERE NOT n:{KG_LABEL} AND NOT n:{LOCK_LABEL} RETURN count(n) AS c"
        )[0]["c"]

    def counts(self) -> dict[str, dict[str, int]]:
        """Our node counts by label and relationship counts by type, like ``kg.graph.counts``."""
        labels: dict[str, int] = {}
        for label in NODE_LABELS:
            rows = self.read_query(f"MATCH (n:{KG_LABEL}:{_label(label)}) RETURN count(n) AS c")
            if rows[0]["c"]:
                labels[label] = rows[0]["c"]
        rows = self.read_query(
            f"MATCH ()-[r]->() WHERE r.{KG_REL_MARKER} = true RETURN type(r) AS t, count(r) AS c"
        )
        types = {row["t"]: row["c"] for row in rows if row["c"]}
        return {"labels": dict(sorted(labels.items())), "types": dict(sorted(types.items()))}

    def ids(self) -> tuple[set[str], set[str]]:
        """The ids of our nodes and relationships (to compare graphs exactly)."""
        nodes = {r["id"] for r in self.read_query(f"MATCH (n:{KG_LABEL}) RETURN n.id AS id")}
        rels = {
            r["id"]
            for r in self.read_query(
                f"MATCH ()-[r]->() WHERE r.{KG_REL_MARKER} = true RETURN r.id AS id"
            )
        }
        return nodes, rels

    def fingerprint(self) -> dict[str, Any]:
        """Counts, and every node (labels, properties) and relationship (type, endpoints,
        properties) of ours as sorted JSON lines: equal fingerprints mean identical graphs."""
        nodes = self.read_query(
            f"MATCH (n:{KG_LABEL}) RETURN labels(n) AS labels, properties(n) AS props"
        )
        rels = self.read_query(
            f"MATCH (a)-[r]->(b) WHERE r.{KG_REL_MARKER} = true "
            "RETURN type(r) AS type, a.id AS src, b.id AS dst, properties(r) AS props"
        )
        for row in nodes:
            row["labels"] = sorted(row["labels"])

        def lines(rows: list[dict[str, Any]]) -> list[str]:
            return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)

        return {"counts": self.counts(), "nodes": lines(nodes), "relationships": lines(rels)}

    # -- loading
    @staticmethod
    def node_query(label: str) -> str:
        return (
            f"UNWIND $rows AS row MERGE (n:{_label(label)} {{id: row.id}}) "
            f"SET n = row.props, n:{KG_LABEL}"
        )

    @staticmethod
    def rel_query(rel_type: str, src_label: str, dst_label: str) -> str:
        return (
            f"UNWIND $rows AS row "
            f"MATCH (a:{_label(src_label)} {{id: row.src}}) "
            f"MATCH (b:{_label(dst_label)} {{id: row.dst}}) "
            f"MERGE (a)-[r:{_rel_type(rel_type)} {{id: row.id}}]->(b) "
            "SET r = row.props"
        )

    @staticmethod
    def create_node_query(label: str) -> str:
        return (
            f"UNWIND $rows AS row CREATE (n:{_label(label)}:{KG_LABEL}) SET n = row.props "
            # Two lists in one record: decoding 5,000 records costs the client more than this.
            "RETURN collect(row.id) AS ids, collect(elementId(n)) AS elements"
        )

    @staticmethod
    def create_rel_query(rel_type: str) -> str:
        return (
            "UNWIND $rows AS row "
            "MATCH (a) WHERE elementId(a) = row.a "
            "MATCH (b) WHERE elementId(b) = row.b "
            f"CREATE (a)-[r:{_rel_type(rel_type)}]->(b) SET r = row.props"
        )

    def load(
        self,
        graph: nx.MultiDiGraph,
        *,
        prune: bool = True,
        schema: bool = True,
        mode: str = "auto",
        store_name: str = "",
        wait: float = 60.0,
        on_batch: Callable[[int], None] | None = None,
    ) -> LoadResult:
        """Write ``graph``; with ``prune`` the database then mirrors it exactly.

        ``mode``: ``auto`` (first-load CREATE path when the database holds none of our nodes,
        else MERGE), ``create`` or ``merge``. ``store_name`` names this load in the lock, which
        another load waits ``wait`` seconds for.
        """
        if mode not in ("auto", "create", "merge"):
            raise ValueError(f"unknown load mode {mode!r}")
        lock = LoadLock(self, store_name or "(unnamed)", wait=wait)
        lock.acquire()
        try:
            first = mode == "create" or (mode == "auto" and not self.holds_our_nodes())
            options = {"prune": prune, "schema": schema, "on_batch": on_batch, "beat": lock.beat}
            if not first:
                return self._merge(graph, self.batch_size, **options)
            try:
                return self._create(graph, self.batch_size, **options)
            except StoreError as err:
                if "already exists" not in str(err) or mode == "create":
                    raise
                # Another writer (a lock taken over as stale under load) wrote our nodes
                # meanwhile: CREATE is only the fast path, the idempotent MERGE finishes it.
                return self._merge(graph, self.batch_size, **options)
        finally:
            self._progress = ""
            # The server may be gone: the lock then goes stale and the next load takes it.
            with suppress(StoreError):
                lock.release()

    def load_rowwise(self, graph: nx.MultiDiGraph, *, schema: bool = True) -> LoadResult:
        """The MERGE writes one row per transaction: slow, for comparison only."""
        return self._merge(
            graph, 1, prune=False, schema=schema, on_batch=None, beat=None, writers=1
        )

    def _write_groups(
        self,
        groups: Mapping[Any, list[dict[str, Any]]],
        query_of: Callable[..., str],
        size: int,
        done: list[int],
        total: int,
        on_batch: Callable[[int], None] | None,
        beat: Callable[[], None] | None,
        collect: dict[str, str] | None = None,
        writers: int | None = None,
    ) -> None:
        """Write every batch of every group, ``self.writers`` transactions at a time;
        ``collect`` gathers ``ids``→``elements`` of a CREATE (one record of two lists per
        batch). Progress, the lock's heartbeat and ``collect`` stay in the calling thread."""
        jobs = [
            (query_of(*group) if isinstance(group, tuple) else query_of(group), batch)
            for group in sorted(groups)
            for batch in batches(groups[group], size)
        ]

        def written(rows: list[dict[str, Any]], batch: list[dict[str, Any]]) -> None:
            if collect is not None:
                for row in rows:
                    collect.update(zip(row["ids"], row["elements"], strict=True))
            done[0] += len(batch)
            self._progress = f"{done[0]} of {total} nodes+relationships written"
            if on_batch:
                on_batch(len(batch))
            if beat:
                beat()

        self._progress = f"{done[0]} of {total} nodes+relationships written"
        run_batches(
            jobs,
            lambda query, rows: self.write_query(query, rows=rows),
            writers=writers or self.writers,
            done=written,
        )

    def _merge(
        self,
        graph: nx.MultiDiGraph,
        size: int,
        *,
        prune: bool,
        schema: bool,
        on_batch: Callable[[int], None] | None,
        beat: Callable[[], None] | None,
        writers: int | None = None,
    ) -> LoadResult:
        started = time.perf_counter()
        nodes, rels = node_groups(graph), rel_groups(graph)
        if schema:
            self.apply_schema(sorted({t for t, _, _ in rels}))
        schema_seconds = time.perf_counter() - started
        total, done = graph.number_of_nodes() + graph.number_of_edges(), [0]
        self._write_groups(
            nodes, self.node_query, size, done, total, on_batch, beat, writers=writers
        )
        rels_started = time.perf_counter()
        self._write_groups(
            rels, self.rel_query, size, done, total, on_batch, beat, writers=writers
        )
        rel_seconds = time.perf_counter() - rels_started
        return self._finish(graph, prune, started, rel_seconds, schema_seconds, "merge")

    def _finish(
        self,
        graph: nx.MultiDiGraph,
        prune: bool,
        started: float,
        rel_seconds: float,
        schema_seconds: float,
        mode: str,
    ) -> LoadResult:
        """Prune (with ``prune``), then the result of a load that began at ``started``."""
        pruned = self._prune(graph) if prune else (0, 0)
        return LoadResult(
            graph.number_of_nodes(),
            graph.number_of_edges(),
            time.perf_counter() - started,
            *pruned,
            relationship_seconds=rel_seconds,
            mode=mode,
            schema_seconds=schema_seconds,
        )

    def _create(
        self,
        graph: nx.MultiDiGraph,
        size: int,
        *,
        prune: bool,
        schema: bool,
        on_batch: Callable[[int], None] | None,
        beat: Callable[[], None] | None,
    ) -> LoadResult:
        started = time.perf_counter()
        nodes = node_groups(graph)
        total, done = graph.number_of_nodes() + graph.number_of_edges(), [0]
        elements: dict[str, str] = {}
        self._write_groups(
            nodes, self.create_node_query, size, done, total, on_batch, beat, collect=elements
        )
        rels: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        for src, dst, key, data in graph.edges(keys=True, data=True):
            rels[data["type"]].append(
                {
                    "a": elements[src],
                    "b": elements[dst],
                    "props": neo4j_props(key, data, "type", True),
                }
            )
        rels_started = time.perf_counter()
        self._write_groups(rels, self.create_rel_query, size, done, total, on_batch, beat)
        rel_seconds = time.perf_counter() - rels_started
        schema_started = time.perf_counter()
        if schema:
            self.apply_schema(sorted(rels))
        schema_seconds = time.perf_counter() - schema_started
        # Nothing to prune on a first load, but a forced ``create`` must still mirror.
        return self._finish(graph, prune, started, rel_seconds, schema_seconds, "create")

    def _prune(self, graph: nx.MultiDiGraph) -> tuple[int, int]:
        """Delete our nodes/relationships whose ids the graph no longer has.

        Only marked data is touched. A stale node of ours that another application has linked
        to is not deleted with its foreign relationships: it loses the ``Kg`` label instead.
        """
        rel_ids = [key for _, _, key in graph.edges(keys=True)]
        rows = self.write_query(
            f"MATCH ()-[r]->() WHERE r.{KG_REL_MARKER} = true AND NOT r.id IN $ids "
            "DELETE r RETURN count(*) AS deleted",
            ids=rel_ids,
        )
        pruned_rels = rows[0]["deleted"] if rows else 0
        pruned_nodes = 0
        by_label: defaultdict[str, list[str]] = defaultdict(list)
        for node_id, label in graph.nodes(data="label"):
            by_label[label].append(node_id)
        for label in NODE_LABELS:
            stale = f"MATCH (n:{KG_LABEL}:{_label(label)}) WHERE NOT n.id IN $ids "
            rows = self.write_query(
                stale + "AND NOT EXISTS { (n)--() } DELETE n RETURN count(*) AS deleted",
                ids=by_label.get(label, []),
            )
            pruned_nodes += rows[0]["deleted"] if rows else 0
            self.write_query(stale + f"REMOVE n:{KG_LABEL}", ids=by_label.get(label, []))
        return pruned_nodes, pruned_rels

    def remove_document(self, doc: str) -> dict[str, int]:
        """Retract one document in place (``kg.store.neo4j_remove.remove_document``)."""
        from kg.store.neo4j_remove import remove_document

        return remove_document(self, doc)
