"""The embedded store: one SQLite file holding every document's records.

Layout of the store directory (default ``./kg-data/``)::

    kg.sqlite     table ``documents``: one row per document id with its records (JSON Lines,
                  zlib-compressed), the raw ``sha256`` and the normalized-text hash (both
                  indexed, for skip-unchanged and reprint lookups); table ``meta``
    .lock         taken (flock) by a writer for the whole of a build/remove

Why SQLite (stdlib ``sqlite3``): a transaction per batch makes every write atomic and durable
(WAL + ``synchronous=FULL``), so a writer killed at any moment leaves the last committed state;
adding N documents costs N row writes whatever the size of the store; document ids are row keys,
never file names, so no id can escape the folder or exceed a file-name limit. Readers never
write (no cache files): the graph is built in memory from the rows, and a read-only store is
opened ``immutable``.

The graph is always built from all records, so cross-document resolution sees every document
and content-derived ids come out the same whatever the order of additions.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import pathlib
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from kg.graph import build_graph, counts, merge_report, reprint_count
from kg.records import dumps, iter_read_records
from kg.store import StoreError

DEFAULT_STORE = pathlib.Path("kg-data")
DB_NAME = "kg.sqlite"
LOCK_NAME = ".lock"
LEGACY_RECORDS = "records"  # the one-file-per-document layout of earlier versions
_SCHEMA_VERSION = 1
# Documents per transaction: big enough to amortize the fsync, small enough to bound memory.
BATCH_DOCS = int(os.environ.get("KG_STORE_BATCH", "500"))
# How long a second writer waits for the first before giving up (seconds; KG_LOCK_TIMEOUT).
LOCK_TIMEOUT = float(os.environ.get("KG_LOCK_TIMEOUT", "30"))
_BUSY_TIMEOUT_MS = 60_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc       TEXT PRIMARY KEY,
    sha256    TEXT,
    text_hash TEXT,
    n_records INTEGER NOT NULL,
    records   BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents(sha256);
CREATE INDEX IF NOT EXISTS documents_text_hash ON documents(text_hash);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _encode(records: Iterable[Mapping[str, Any]]) -> bytes:
    return zlib.compress("".join(dumps(r) + "\n" for r in records).encode("utf-8"), 3)


def _decode(blob: bytes, doc: str) -> list[dict[str, Any]]:
    try:
        lines = zlib.decompress(blob).decode("utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise StoreError(f"document {doc!r}: stored records are unreadable: {err}") from err


def _doc_fields(records: list[Mapping[str, Any]]) -> tuple[str | None, str | None]:
    """The raw sha256 and the normalized-text hash of the document record, when present."""
    for rec in records:
        if rec.get("kind") == "document":
            sha, text_hash = rec.get("sha256"), rec.get("text_sha256")
            return (str(sha) if sha else None, str(text_hash) if text_hash else None)
    return None, None


def _os_message(err: OSError | sqlite3.Error) -> str:
    if isinstance(err, OSError):
        return err.strerror or str(err)
    text = str(err)
    if "disk is full" in text or "disk I/O" in text:
        return f"{text} (is the disk full?)"
    if "readonly" in text or "unable to open" in text:
        return f"{text} (is the folder read-only?)"
    return text


class StoreWriter:
    """One writing session: holds the store lock; commits every ``batch`` documents.

    Records may arrive in any order: a document seen for the first time in this session
    replaces what the store held for it; later records of the same document are appended.
    """

    def __init__(self, store: EmbeddedStore, conn: sqlite3.Connection, batch: int) -> None:
        self.store, self._conn, self._batch = store, conn, batch
        self._pending: dict[str, list[Mapping[str, Any]]] = {}
        self._written: set[str] = set()
        self.removed: list[str] = []

    @property
    def written(self) -> list[str]:
        return sorted(self._written | set(self._pending))

    def add(self, records: Iterable[Mapping[str, Any]]) -> None:
        for rec in records:
            if not isinstance(rec, Mapping) or "doc" not in rec or "kind" not in rec:
                shown = dumps(rec) if isinstance(rec, Mapping) else repr(rec)
                raise StoreError(f"not a KG record (needs 'kind' and 'doc'): {shown[:120]}")
            doc = str(rec["doc"])
            if doc not in self._pending and len(self._pending) >= self._batch:
                self.flush()
            self._pending.setdefault(doc, []).append(rec)

    def replace(self, doc: str, records: Iterable[Mapping[str, Any]]) -> None:
        """Store exactly ``records`` for ``doc`` (one transaction)."""
        self.apply(replace={doc: records})

    def remove(self, docs: Iterable[str]) -> list[str]:
        """Delete documents (one transaction); returns those that were in the store."""
        return self.apply(remove=docs)

    def apply(
        self,
        replace: Mapping[str, Iterable[Mapping[str, Any]]] | None = None,
        remove: Iterable[str] = (),
    ) -> list[str]:
        """Replace some documents and remove others in ONE transaction: all or nothing.

        For changes that must not be seen half-done (a reprint folded into its original).
        Returns the removed documents that were in the store.
        """
        self.flush()
        gone: list[str] = []
        with self.store._transaction(self._conn):
            for doc in remove:
                cur = self._conn.execute("DELETE FROM documents WHERE doc = ?", (doc,))
                if cur.rowcount:
                    gone.append(doc)
                self._written.discard(doc)
            for doc, recs in (replace or {}).items():
                self._put(doc, list(recs))
        self.removed += gone
        return gone

    def flush(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, {}
            self._write(pending)

    def _write(self, batch: dict[str, list[Mapping[str, Any]]]) -> None:
        with self.store._transaction(self._conn):
            for doc, recs in batch.items():
                if doc in self._written:
                    recs = self._stored(doc) + recs  # the same document, later in the input
                self._put(doc, recs)

    def _put(self, doc: str, recs: list[Mapping[str, Any]]) -> None:
        for rec in recs:
            if str(rec.get("doc")) != doc or "kind" not in rec:
                raise StoreError(f"record of {rec.get('doc')!r} given as document {doc!r}: "
                                 f"{dumps(rec)[:120]}")
        sha, text_hash = _doc_fields(recs)
        self._conn.execute(
            "INSERT OR REPLACE INTO documents (doc, sha256, text_hash, n_records, records)"
            " VALUES (?, ?, ?, ?, ?)",
            (doc, sha, text_hash, len(recs), _encode(recs)),
        )
        self._written.add(doc)

    def _stored(self, doc: str) -> list[dict[str, Any]]:
        row = self._conn.execute("SELECT records FROM documents WHERE doc = ?", (doc,)).fetchone()
        return _decode(row[0], doc) if row else []


class EmbeddedStore:
    """A knowledge graph kept in a local directory; no server needed."""

    def __init__(self, root: str | os.PathLike[str] = DEFAULT_STORE) -> None:
        self.root = pathlib.Path(root)
        self.db_path = self.root / DB_NAME
        self._graph: nx.MultiDiGraph | None = None
        self._graph_version: int | None = None

    # -- opening
    def exists(self) -> bool:
        """Whether a store is there; a store path that is a file is a ``StoreError``."""
        self._check_folder()
        if not self.db_path.is_file() and self._legacy_files():
            raise StoreError(f"store {self.root} has the old one-file-per-document layout: "
                             f"run `kg build` on it once (any input) to convert it")
        return self.db_path.is_file()

    def _check_folder(self) -> None:
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"store path {self.root} is a file, not a folder")

    def _connect_read(self) -> sqlite3.Connection | None:
        """A read-only connection, or None when there is no store yet."""
        self._check_folder()
        if not self.exists():
            return None
        uri = self.db_path.resolve().as_uri()
        try:
            conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=_BUSY_TIMEOUT_MS / 1000)
            conn.execute("SELECT count(*) FROM meta").fetchone()
            return conn
        except sqlite3.OperationalError:
            pass
        # A read-only folder: WAL readers cannot create the -shm file there. Nobody can be
        # writing a folder we cannot write, so reading it as immutable is safe.
        try:
            conn = sqlite3.connect(f"{uri}?immutable=1", uri=True)
            conn.execute("SELECT count(*) FROM meta").fetchone()
            return conn
        except sqlite3.DatabaseError as err:
            raise StoreError(f"cannot read store {self.root}: {_os_message(err)}") from err

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection | None]:
        conn = self._connect_read()
        try:
            yield conn
        finally:
            if conn is not None:
                conn.close()

    @contextlib.contextmanager
    def writer(
        self, *, batch: int = BATCH_DOCS, lock_timeout: float | None = None
    ) -> Iterator[StoreWriter]:
        """Open the store for writing (creating it), holding its lock until the block ends.

        Fails at once, with one line, when the folder cannot be written, so a build learns
        it before extracting anything.
        """
        self._check_folder()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            lock = open(self.root / LOCK_NAME, "a+")  # noqa: SIM115 (held for the block)
        except OSError as err:
            raise StoreError(f"cannot write store {self.root}: {_os_message(err)}") from err
        try:
            self._acquire(lock, LOCK_TIMEOUT if lock_timeout is None else lock_timeout)
            conn = self._connect_write()
            try:
                session = StoreWriter(self, conn, batch)
                self._import_legacy(session)
                yield session
                session.flush()
            except sqlite3.Error as err:
                raise StoreError(f"cannot write store {self.root}: {_os_message(err)}") from err
            finally:
                conn.close()
                self._graph = None
        finally:
            lock.close()  # releases the flock

    def _legacy_files(self) -> list[pathlib.Path]:
        """``records/*.jsonl`` of a store written by kg before the SQLite store; hidden
        ``.tmp-*`` files are interrupted writes, never documents."""
        folder = self.root / LEGACY_RECORDS
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.glob("*.jsonl") if not p.name.startswith("."))

    def _import_legacy(self, session: StoreWriter) -> None:
        files = self._legacy_files()
        if not files:
            return
        for path in files:
            try:
                session.add(iter_read_records(path))
            except ValueError as err:
                raise StoreError(f"{path}: {err}") from err
        session.flush()
        (self.root / LEGACY_RECORDS).rename(self.root / f"{LEGACY_RECORDS}.imported")
        (self.root / "graph.json").unlink(missing_ok=True)

    def _acquire(self, lock: Any, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except OSError as err:
                if err.errno not in (errno.EAGAIN, errno.EACCES):
                    raise StoreError(f"cannot lock store {self.root}: {err.strerror}") from err
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"store {self.root} is being written by another kg build/remove; waited "
                    f"{timeout:.0f}s (KG_LOCK_TIMEOUT) — try again when it has finished"
                )
            time.sleep(0.05)

    def _connect_write(self) -> sqlite3.Connection:
        try:
            if not self.db_path.exists():
                self._create()
            conn = sqlite3.connect(self.db_path, timeout=_BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            return conn
        except (sqlite3.Error, OSError) as err:
            raise StoreError(f"cannot write store {self.root}: {_os_message(err)}") from err

    def _create(self) -> None:
        """A new database is made under a hidden name and renamed into place, so a reader
        never sees a store file without its tables."""
        tmp = self.root / f".{DB_NAME}.new"
        tmp.unlink(missing_ok=True)  # left by a creation killed half-way
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.executescript(_SCHEMA)
            conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(_SCHEMA_VERSION),))
            conn.execute("INSERT INTO meta VALUES ('version', '0')")
        finally:
            conn.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, self.db_path)
        folder = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(folder)  # the rename itself survives a power cut
        finally:
            os.close(folder)

    @contextlib.contextmanager
    def _transaction(self, conn: sqlite3.Connection) -> Iterator[None]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='version'")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # -- records
    def documents(self) -> list[str]:
        """The ids of the stored documents, sorted."""
        with self._reading() as conn:
            if conn is None:
                return []
            return [row[0] for row in conn.execute("SELECT doc FROM documents ORDER BY doc")]

    def document_count(self) -> int:
        with self._reading() as conn:
            if conn is None:
                return 0
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def version(self) -> int:
        """Goes up with every committed write: a cheap 'has anything changed' check."""
        with self._reading() as conn:
            if conn is None:
                return 0
            row = conn.execute("SELECT value FROM meta WHERE key='version'").fetchone()
            return int(row[0]) if row else 0

    def add_records(self, records: Iterable[Mapping[str, Any]]) -> list[str]:
        """Store records grouped by document; a document already stored is replaced whole.

        Returns the ids of the documents written.
        """
        with self.writer() as session:
            session.add(records)
            session.flush()
            return session.written

    def replace_document(self, doc: str, records: Iterable[Mapping[str, Any]]) -> None:
        """Atomically make ``records`` the whole of document ``doc``."""
        with self.writer() as session:
            session.replace(doc, records)

    def remove_document(self, doc: str) -> bool:
        """Retract one document: facts only it supported vanish, shared entities stay.

        Returns False when the document was not in the store.
        """
        if not self.exists():
            return False
        with self.writer() as session:
            return bool(session.remove([doc]))

    def find_by_sha256(self, sha256: str) -> list[str]:
        """Documents whose raw bytes have this sha256 (indexed)."""
        return self._find("sha256", sha256)

    def find_by_text_hash(self, text_hash: str) -> list[str]:
        """Documents whose document record carries this ``text_sha256`` (indexed)."""
        return self._find("text_hash", text_hash)

    def document_hashes(self) -> dict[str, str]:
        """doc id → ``sha256`` of its raw input (incremental builds skip unchanged documents)."""
        with self._reading() as conn:
            if conn is None:
                return {}
            rows = conn.execute("SELECT doc, sha256 FROM documents WHERE sha256 IS NOT NULL")
            return {doc: sha for doc, sha in rows}

    def document_path(self, doc: str) -> str | None:
        """The ``path`` the stored document record of ``doc`` was read from, if any."""
        found = next((r.get("path") for r in self.records_of(doc) if r.get("kind") == "document"),
                     None)
        return found if isinstance(found, str) else None

    def _find(self, column: str, value: str) -> list[str]:
        with self._reading() as conn:
            if conn is None:
                return []
            query = f"SELECT doc FROM documents WHERE {column} = ? ORDER BY doc"  # fixed column
            return [row[0] for row in conn.execute(query, (value,))]

    def records_of(self, doc: str) -> list[dict[str, Any]]:
        with self._reading() as conn:
            row = None if conn is None else conn.execute(
                "SELECT records FROM documents WHERE doc = ?", (doc,)).fetchone()
        return _decode(row[0], doc) if row else []

    def iter_records(self, docs: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
        """The stored records, document by document in id order (one consistent snapshot)."""
        with self._reading() as conn:
            if conn is None:
                return
            conn.execute("BEGIN")  # one read transaction: a concurrent writer cannot tear it
            if docs is None:
                rows: Iterable[tuple[str, bytes]] = conn.execute(
                    "SELECT doc, records FROM documents ORDER BY doc")
            else:
                wanted = sorted(set(docs))
                rows = (r for d in wanted for r in conn.execute(
                    "SELECT doc, records FROM documents WHERE doc = ?", (d,)))
            for doc, blob in rows:
                yield from _decode(blob, doc)

    # -- graph
    def graph(self) -> nx.MultiDiGraph:
        """The graph of every stored document (kept in memory while the store is unchanged)."""
        version = self.version()
        if self._graph is None or self._graph_version != version:
            self._graph, self._graph_version = build_graph(self.iter_records()), version
        return self._graph

    def stats(self) -> dict[str, Any]:
        """Counts by label and relationship type, documents, and the merge report."""
        graph = self.graph()
        return {"documents": self.document_count(), **counts(graph), "merge": merge_report(graph),
                "reprints": reprint_count(graph)}
