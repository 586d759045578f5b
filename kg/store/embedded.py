"""The embedded store: a directory holding the records and a fast-loading graph file.

Layout of the store directory (default ``./kg-data/``)::

    records/<quoted doc id>.jsonl   every record of one document (document, entity, triple)
    graph.json                      node-link JSON of the graph built from all records,
                                    stamped with the state of ``records/`` it was built from

One file per document makes ``add`` (replace the file) and ``remove`` (delete the file) exact and
idempotent; the graph is always rebuilt from all records, so cross-document resolution sees
every document and content-derived ids come out the same whatever the order of additions.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import tempfile
import urllib.parse
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from kg.graph import build_graph, counts, merge_report
from kg.records import dumps
from kg.store import StoreError

DEFAULT_STORE = pathlib.Path("kg-data")
_CACHE_FORMAT = 3  # 3: graphs carry kg.graph_props derived properties (2: one fact, many reports)


def _atomic_write(path: pathlib.Path, text: str) -> None:
    """Write through a temporary file so an interrupted write never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        pathlib.Path(tmp).unlink(missing_ok=True)
        raise


class EmbeddedStore:
    """A knowledge graph kept in a local directory; no server needed."""

    def __init__(self, root: str | os.PathLike[str] = DEFAULT_STORE) -> None:
        self.root = pathlib.Path(root)
        self.records_dir = self.root / "records"
        self.cache_path = self.root / "graph.json"
        self._graph: nx.MultiDiGraph | None = None
        self._graph_stamp: str | None = None

    # -- records
    def _doc_path(self, doc: str) -> pathlib.Path:
        return self.records_dir / f"{urllib.parse.quote(doc, safe='')}.jsonl"

    def documents(self) -> list[str]:
        """The ids of the stored documents, sorted."""
        if not self.records_dir.is_dir():
            return []
        return sorted(urllib.parse.unquote(p.stem) for p in self.records_dir.glob("*.jsonl"))

    def add_records(self, records: Iterable[Mapping[str, Any]]) -> list[str]:
        """Store records grouped by document; a document already stored is replaced whole.

        Returns the ids of the documents written.
        """
        by_doc: defaultdict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for rec in records:
            if "doc" not in rec or "kind" not in rec:
                raise StoreError(f"not a KG record (needs 'kind' and 'doc'): {dumps(rec)[:120]}")
            by_doc[str(rec["doc"])].append(rec)
        for doc, recs in by_doc.items():
            _atomic_write(self._doc_path(doc), "".join(dumps(r) + "\n" for r in recs))
        self._invalidate()
        return sorted(by_doc)

    def remove_document(self, doc: str) -> bool:
        """Retract one document: facts only it supported vanish, shared entities stay.

        Returns False when the document was not in the store.
        """
        path = self._doc_path(doc)
        if not path.exists():
            return False
        path.unlink()
        self._invalidate()
        return True

    def iter_records(self, docs: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
        """The stored records, document by document in id order."""
        for doc in sorted(docs) if docs is not None else self.documents():
            with self._doc_path(doc).open(encoding="utf-8") as handle:
                for line_no, line in enumerate(handle, 1):
                    if not line.strip():
                        continue
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as err:
                        where = f"{self._doc_path(doc)}:{line_no}"
                        raise StoreError(f"{where}: bad JSON: {err}") from err

    # -- graph
    def _stamp(self) -> str:
        """Identifies the current set of record files (name, size, mtime)."""
        digest = hashlib.sha1(f"v{_CACHE_FORMAT}".encode())
        if self.records_dir.is_dir():
            for path in sorted(self.records_dir.glob("*.jsonl")):
                stat = path.stat()
                digest.update(f"{path.name}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}\n".encode())
        return digest.hexdigest()

    def _invalidate(self) -> None:
        self._graph = None
        self.cache_path.unlink(missing_ok=True)

    def graph(self) -> nx.MultiDiGraph:
        """The graph of every stored document, from the cache when it is up to date."""
        stamp = self._stamp()
        if self._graph is not None and self._graph_stamp == stamp:
            return self._graph
        graph = self._load_cache(stamp)
        if graph is None:
            graph = build_graph(self.iter_records())
            self._write_cache(graph, stamp)
        self._graph, self._graph_stamp = graph, stamp
        return graph

    def _load_cache(self, stamp: str) -> nx.MultiDiGraph | None:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        if data.get("graph", {}).get("stamp") != stamp:
            return None
        graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
        for node_id, attrs in graph.nodes(data=True):
            attrs["id"] = node_id  # node-link keeps the id as the node key only
        return graph

    def _write_cache(self, graph: nx.MultiDiGraph, stamp: str) -> None:
        graph.graph["stamp"] = stamp
        data = nx.node_link_data(graph, edges="edges")
        _atomic_write(self.cache_path, json.dumps(data, ensure_ascii=False))

    def stats(self) -> dict[str, Any]:
        """Counts by label and relationship type, documents, and the merge report."""
        graph = self.graph()
        return {"documents": len(self.documents()), **counts(graph), "merge": merge_report(graph)}
