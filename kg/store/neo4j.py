"""Write a knowledge graph (``kg.graph``) into Neo4j through the official driver.

* The driver is injected (``Neo4jStore(driver, database)``); ``connect`` builds one from
  URI/user/password and checks it answers, turning driver errors into one-line ``StoreError``s.
* ``apply_schema`` runs ``schema.cypher`` (shipped as package data next to this module;
  ``cypher/schema.cypher`` at the repository root is a link to it): uniqueness constraints on
  ``id`` for every label and lookup indexes, all ``IF NOT EXISTS``.
* ``load`` writes nodes grouped by label and relationships grouped by (type, start label, end
  label) in batches, ``UNWIND $rows AS row MERGE ... SET ... = row.props``, each batch in a
  managed write transaction (the driver retries transient failures). Labels and types are
  checked against an allow-list before they are placed in a query; values only travel as
  parameters. Ids are content-derived, so loading twice changes nothing; with ``prune`` the
  nodes and relationships of ours that are not in the graph are deleted, so the database
  mirrors the graph exactly (this is how ``kg remove`` + ``kg load`` retract a document).
* ``load_rowwise`` does the same one row per transaction (the benchmark's baseline).
"""

from __future__ import annotations

import importlib.resources
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import networkx as nx
from neo4j import Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from kg.graph import NODE_LABELS, REL_TYPE_PATTERN
from kg.provenance import COMBINED_CEILING
from kg.store import StoreError

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "kg-dev-password"
SCHEMA_RESOURCE = "schema.cypher"

_LABELS = frozenset(NODE_LABELS)


def _label(label: str) -> str:
    """The label, quoted for Cypher, if it is one of ours; never user text."""
    if label not in _LABELS:
        raise StoreError(f"refusing to write unknown node label {label!r}")
    return f"`{label}`"


def _rel_type(rel_type: str) -> str:
    if not REL_TYPE_PATTERN.match(rel_type):
        raise StoreError(f"refusing to write relationship type {rel_type!r} (not UPPER_SNAKE)")
    return f"`{rel_type}`"


def schema_statements() -> list[str]:
    """The statements of ``schema.cypher``: ``//`` comments dropped, split on ``;``."""
    text = (importlib.resources.files("kg.store") / SCHEMA_RESOURCE).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return [stmt.strip() for stmt in body.split(";") if stmt.strip()]


@dataclass(frozen=True, slots=True)
class LoadResult:
    nodes: int
    relationships: int
    seconds: float
    pruned_nodes: int = 0
    pruned_relationships: int = 0
    relationship_seconds: float = 0.0  # the relationship phase alone (nodes exist by then)

    @property
    def rels_per_second(self) -> float:
        """Relationships written per second of the relationship phase."""
        seconds = self.relationship_seconds or self.seconds
        return self.relationships / seconds if seconds > 0 else float("inf")


def connect(uri: str, user: str, password: str, **config: Any) -> Driver:
    """A driver that has answered once; unreachable or refused → ``StoreError``."""
    try:
        driver = GraphDatabase.driver(uri, auth=(user, password), **config)
    except (ValueError, DriverError) as err:
        raise StoreError(f"bad Neo4j URI {uri!r}: {err}") from err
    try:
        driver.verify_connectivity()
    except Exception as err:
        driver.close()
        raise _translate(err, uri=uri, user=user) from err
    return driver


def _first_line(err: BaseException) -> str:
    text = str(getattr(err, "message", None) or err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _translate(
    err: Exception, *, uri: str = "", user: str = "", progress: str = ""
) -> Exception:
    """A driver error as a one-line StoreError; anything else unchanged."""
    where = f"Neo4j at {uri}" if uri else "Neo4j"
    if isinstance(err, AuthError):
        who = f" for user {user!r}" if user else ""
        return StoreError(
            f"{where} refused the credentials{who}: wrong password? "
            "(--password or NEO4J_PASSWORD)"
        )
    if isinstance(err, (ServiceUnavailable, SessionExpired)):
        if progress:
            return StoreError(
                f"{where} went away during the load ({progress}); start it again and re-run "
                "the load: it is idempotent and completes the same graph"
            )
        reason = _first_line(err)
        return StoreError(f"{where} is unreachable: is it running? (make neo4j-up) [{reason}]")
    if isinstance(err, ClientError) and "DatabaseNotFound" in (err.code or ""):
        return StoreError(f"{where}: no such database ({_first_line(err)})")
    if isinstance(err, (Neo4jError, DriverError)):
        return StoreError(f"{where} failed: {_first_line(err)}")
    return err


def _run(tx: ManagedTransaction, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [record.data() for record in tx.run(query, params)]


def _node_props(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "label" and v is not None}


def _rel_props(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "type" and v is not None}


class Neo4jStore:
    """One Neo4j database holding a kg graph."""

    def __init__(
        self, driver: Driver, database: str | None = None, *, batch_size: int = 2000, uri: str = ""
    ) -> None:
        self.driver = driver
        self.database = database or None
        self.batch_size = batch_size
        self.uri = uri
        self._progress = ""

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except StoreError:
            raise
        except (Neo4jError, DriverError) as err:
            raise _translate(err, uri=self.uri, progress=self._progress) from err

    def _write(self, query: str, **params: Any) -> list[dict[str, Any]]:
        with self._errors(), self.driver.session(database=self.database) as session:
            return session.execute_write(_run, query, params)

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        with self._errors(), self.driver.session(database=self.database) as session:
            return session.execute_read(_run, query, params)

    # -- schema and maintenance
    def apply_schema(self) -> int:
        """Create the constraints and indexes (idempotent); returns the statement count."""
        statements = schema_statements()
        for statement in statements:
            # Schema commands cannot share a transaction with writes, so each runs alone.
            self._write(statement)
        return len(statements)

    def ensure_relationship_constraints(self, rel_types: Sequence[str]) -> None:
        """The id uniqueness constraint (and so index) of each type, for predicates that
        ``schema.cypher`` does not list; MERGE of a relationship seeks through it."""
        for rel_type in rel_types:
            name = f"rel_{rel_type.lower()}_id"
            self._write(
                f"CREATE CONSTRAINT {name} IF NOT EXISTS "
                f"FOR ()-[r:{_rel_type(rel_type)}]-() REQUIRE r.id IS UNIQUE"
            )

    def clear(self) -> None:
        """Delete every node of ours (batched so large graphs fit in memory)."""
        for label in NODE_LABELS:
            while True:
                rows = self._write(
                    f"MATCH (n:{_label(label)}) WITH n LIMIT $limit DETACH DELETE n "
                    "RETURN count(*) AS deleted",
                    limit=10_000,
                )
                if not rows or rows[0]["deleted"] == 0:
                    break

    def counts(self) -> dict[str, dict[str, int]]:
        """Node counts by label and relationship counts by type, like ``kg.graph.counts``."""
        labels: dict[str, int] = {}
        for label in NODE_LABELS:
            rows = self._read(f"MATCH (n:{_label(label)}) RETURN count(n) AS c")
            if rows[0]["c"]:
                labels[label] = rows[0]["c"]
        rows = self._read(
            "MATCH (a)-[r]->(b) WHERE r.id IS NOT NULL RETURN type(r) AS t, count(r) AS c"
        )
        types = {row["t"]: row["c"] for row in rows if row["c"]}
        return {"labels": dict(sorted(labels.items())), "types": dict(sorted(types.items()))}

    def ids(self) -> tuple[set[str], set[str]]:
        """The ids of our nodes and relationships (to compare graphs exactly)."""
        nodes = {r["id"] for r in self._read("MATCH (n) WHERE n.id IS NOT NULL RETURN n.id AS id")}
        rels = {
            r["id"] for r in self._read("MATCH ()-[r]->() WHERE r.id IS NOT NULL RETURN r.id AS id")
        }
        return nodes, rels

    # -- loading
    def _node_groups(self, graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
        groups: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        for node_id, data in graph.nodes(data=True):
            groups[data["label"]].append({"id": node_id, "props": _node_props(data)})
        return groups

    def _rel_groups(
        self, graph: nx.MultiDiGraph
    ) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
        labels = dict(graph.nodes(data="label"))
        groups: defaultdict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for src, dst, key, data in graph.edges(keys=True, data=True):
            row = {"src": src, "dst": dst, "id": key, "props": _rel_props(data)}
            groups[(data["type"], labels[src], labels[dst])].append(row)
        return groups

    @staticmethod
    def node_query(label: str) -> str:
        return (
            f"UNWIND $rows AS row MERGE (n:{_label(label)} {{id: row.id}}) "
            "SET n = row.props"
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

    def _batches(self, rows: Sequence[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
        for start in range(0, len(rows), size):
            yield list(rows[start : start + size])

    def load(
        self,
        graph: nx.MultiDiGraph,
        *,
        prune: bool = True,
        schema: bool = True,
        on_batch: Callable[[int], None] | None = None,
    ) -> LoadResult:
        """Write ``graph`` in batches; with ``prune`` the database then mirrors it exactly."""
        return self._load(graph, self.batch_size, prune=prune, schema=schema, on_batch=on_batch)

    def load_rowwise(self, graph: nx.MultiDiGraph, *, schema: bool = True) -> LoadResult:
        """The same writes one row per transaction: slow, for comparison only."""
        return self._load(graph, 1, prune=False, schema=schema, on_batch=None)

    def _load(
        self,
        graph: nx.MultiDiGraph,
        size: int,
        *,
        prune: bool,
        schema: bool,
        on_batch: Callable[[int], None] | None,
    ) -> LoadResult:
        started = time.perf_counter()
        nodes, rels = self._node_groups(graph), self._rel_groups(graph)
        if schema:
            self.apply_schema()
            self.ensure_relationship_constraints(sorted({t for t, _, _ in rels}))
        total = graph.number_of_nodes() + graph.number_of_edges()
        done = 0
        try:
            for label in sorted(nodes):
                query = self.node_query(label)
                for batch in self._batches(nodes[label], size):
                    self._progress = f"{done} of {total} nodes+relationships written"
                    self._write(query, rows=batch)
                    done += len(batch)
                    if on_batch:
                        on_batch(len(batch))
            rels_started = time.perf_counter()
            for group in sorted(rels):
                query = self.rel_query(*group)
                for batch in self._batches(rels[group], size):
                    self._progress = f"{done} of {total} nodes+relationships written"
                    self._write(query, rows=batch)
                    done += len(batch)
                    if on_batch:
                        on_batch(len(batch))
            rel_seconds = time.perf_counter() - rels_started
            pruned = self._prune(graph) if prune else (0, 0)
        finally:
            self._progress = ""
        return LoadResult(
            graph.number_of_nodes(), graph.number_of_edges(), time.perf_counter() - started,
            *pruned, relationship_seconds=rel_seconds,
        )

    def _prune(self, graph: nx.MultiDiGraph) -> tuple[int, int]:
        """Delete our nodes/relationships whose ids the graph no longer has."""
        rel_ids = [key for _, _, key in graph.edges(keys=True)]
        rows = self._write(
            "MATCH ()-[r]->() WHERE r.id IS NOT NULL AND NOT r.id IN $ids "
            "DELETE r RETURN count(*) AS deleted",
            ids=rel_ids,
        )
        pruned_rels = rows[0]["deleted"] if rows else 0
        pruned_nodes = 0
        for label in NODE_LABELS:
            ids = [n for n, lab in graph.nodes(data="label") if lab == label]
            rows = self._write(
                f"MATCH (n:{_label(label)}) WHERE NOT n.id IN $ids "
                "DETACH DELETE n RETURN count(*) AS deleted",
                ids=ids,
            )
            pruned_nodes += rows[0]["deleted"] if rows else 0
        return pruned_nodes, pruned_rels

    def remove_document(self, doc: str) -> dict[str, int]:
        """Retract one document in place, with the embedded store's semantics.

        Its Evidence nodes and mentions go; a fact left without Evidence goes, the others get
        their aggregates (``source_count``, dates, combined confidence, representative source)
        recomputed from the Evidence that remains (as ``kg.provenance.fact_properties`` does);
        then nodes nothing supports any more go, up the place hierarchy. A reprint original is
        refused (``StoreError``): its copies must take over, and their facts live in the store
        only. Not updated in place: ``doc_count`` of nodes and a near-identical statement's
        ``text`` (its earliest wording); ``kg remove DOC --neo4j`` (store, then a mirroring
        load) is always exact.
        """
        copies = self._read(
            "MATCH (:Document)-[:COPY_OF]->(:Document {doc: $doc}) RETURN count(*) AS n", doc=doc
        )[0]["n"]
        if copies:
            raise StoreError(
                f"document {doc!r} has {copies} reprint(s) whose facts live only in the store; "
                f"retract it with `kg remove {doc} --neo4j` so a copy takes over its facts"
            )
        facts = self._write(
            "MATCH (e:Evidence {doc: $doc}) WITH collect(e) AS evs, "
            "collect(DISTINCT e.fact) AS facts FOREACH (e IN evs | DETACH DELETE e) "
            "RETURN facts",
            doc=doc,
        )[0]["facts"]
        rels = self._write(
            "MATCH ()-[r]->() WHERE r.id IN $facts "
            "AND NOT EXISTS { MATCH (e:Evidence) WHERE e.fact = r.id } "
            "DELETE r RETURN count(*) AS deleted",
            facts=facts,
        )[0]["deleted"]
        self._write(_REAGGREGATE_FACTS, facts=facts, ceiling=COMBINED_CEILING)
        self._write(
            "MATCH (n)-[r:MENTIONED_IN]->(:Document {doc: $doc}) DELETE r", doc=doc
        )
        self._write(
            "MATCH (:Document {doc: $doc})-[:COPY_OF]->(o:Document) "
            "SET o.copy_count = o.copy_count - 1 "
            "WITH o WHERE o.copy_count <= 0 REMOVE o.copy_count",
            doc=doc,
        )
        self._write(
            "MATCH (d:Document {doc: $doc}) WHERE NOT EXISTS { ()-[r]->(d) WHERE NOT "
            "type(r) IN ['COPY_OF'] } DETACH DELETE d",
            doc=doc,
        )
        nodes = 0
        while True:  # unsupported nodes; a deleted place may leave its parent unsupported
            deleted = sum(
                self._write(
                    f"MATCH (n:{_label(label)}) WHERE NOT EXISTS {{ ()-->(n) }} "
                    "AND NOT EXISTS { (n)-[r]->() WHERE NOT type(r) IN $structural } "
                    "DETACH DELETE n RETURN count(*) AS deleted",
                    structural=["LOCATED_IN", "SENT_TO", "DONATED_TO"],
                )[0]["deleted"]
                for label in NODE_LABELS if label not in ("Document", "Evidence")
            )
            if not deleted:
                break
            nodes += deleted
        return {"relationships": rels, "nodes": nodes}


# A fact's aggregates from its remaining Evidence (kg.provenance.fact_properties): earliest
# report (dated before undated, then document id, then offset) is the representative; the
# confidence is kg.provenance.combine_confidence of each document's best.
_REAGGREGATE_FACTS = """
MATCH ()-[r]->() WHERE r.id IN $facts
MATCH (e:Evidence) WHERE e.fact = r.id
WITH r, e ORDER BY e.reported IS NULL, e.reported, e.doc, e.start
WITH r, collect(e) AS evs
WITH r, evs, head(evs) AS first,
     [d IN reduce(acc = [], e IN evs | CASE WHEN e.doc IN acc THEN acc ELSE acc + e.doc END)
      | reduce(best = 0.0, e IN evs | CASE WHEN e.doc = d AND coalesce(e.confidence, 0.0) > best
                                     THEN e.confidence ELSE best END)] AS best
WITH r, evs, first, best,
     reduce(m = 0.0, c IN best | CASE WHEN c > m THEN c ELSE m END) AS top,
     1.0 - reduce(p = 1.0, c IN best | p * (1.0 - c)) AS noisy
WITH r, evs, first, best, top,
     CASE WHEN noisy < $ceiling THEN noisy ELSE $ceiling END AS capped
SET r.doc = first.doc, r.evidence = first.text, r.start = first.start, r.end = first.end,
    r.extractor = first.extractor, r.source_count = size(best), r.evidence_count = size(evs),
    r.confidence = round(CASE WHEN top > capped THEN top ELSE capped END, 3),
    r.first_reported = reduce(m = null, e IN evs | CASE WHEN e.reported IS NOT NULL AND
                              (m IS NULL OR e.reported < m) THEN e.reported ELSE m END),
    r.last_reported = reduce(m = null, e IN evs | CASE WHEN e.reported IS NOT NULL AND
                             (m IS NULL OR e.reported > m) THEN e.reported ELSE m END),
    r.first_seen = reduce(m = null, e IN evs | CASE WHEN e.seen IS NOT NULL AND
                          (m IS NULL OR e.seen < m) THEN e.seen ELSE m END),
    r.last_seen = reduce(m = null, e IN evs | CASE WHEN e.seen IS NOT NULL AND
                         (m IS NULL OR e.seen > m) THEN e.seen ELSE m END)
"""
