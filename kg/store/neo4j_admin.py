"""The bulk path: CSV files for ``neo4j-admin database import full``, and running it.

``write_import_files`` writes one header file and one data file per group of elements that have
the same label (or relationship type) and the same typed property set, so every property is
written with the exact Neo4j type the online loader gives it (``kg.store.neo4j.neo4j_props``),
and an absent property stays absent: the imported database is identical (ids, labels, types,
properties, the ``Kg`` marker label and ``_kg`` relationship marker) to an online load.

* Nodes: ``id:ID,<prop>:<type>,...`` (the ``:ID`` column is also stored as the ``id``
  property), imported with ``--nodes=<Label>:Kg=header,data``.
* Relationships: ``:START_ID,:END_ID,<prop>:<type>,...``, with ``--relationships=<TYPE>=...``.
* Every string is quoted (``""`` is the empty string, an unquoted empty field would be null),
  fields may span lines, array elements are separated by U+001F (never in our text).

``import_arguments`` gives the ``neo4j-admin database import full`` arguments; ``run_import``
runs them through a command: by default ``bash neo4j/neo4j.sh import`` of this repository
(``org.neo4j.cli.AdminTool`` on the Maven classpath; it stops the dev server, imports,
restarts it), or ``KG_NEO4J_ADMIN`` (e.g. ``neo4j-admin database import full`` of a packaged
server that the user has stopped).
"""

from __future__ import annotations

import math
import os
import pathlib
import re
import shlex
import subprocess
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

import networkx as nx

from kg.store import StoreError
from kg.store.neo4j import LoadResult, Neo4jStore
from kg.store.neo4j_connect import Target, connect
from kg.store.neo4j_lock import LoadLock
from kg.store.neo4j_rows import KG_LABEL, _label, _rel_type, neo4j_props

ARRAY_DELIMITER = "\x1f"
_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
# A header cell is ``name:type``: names with these characters cannot be written there.
_HEADER_NAME = re.compile(r'^[^:,"\s]+$')
NEO4J_SH = pathlib.Path(__file__).resolve().parents[2] / "neo4j" / "neo4j.sh"


def _type_of(value: Any) -> str:
    if isinstance(value, list):
        return _TYPES[type(value[0])] + "[]"
    return _TYPES[type(value)]


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return value


def _field(value: Any, where: str) -> str:
    """One CSV field: strings and arrays quoted, numbers and booleans bare."""
    if isinstance(value, list):
        parts = [_scalar(v) for v in value]
        if any(ARRAY_DELIMITER in p for p in parts if isinstance(p, str)):
            raise StoreError(
                f"{where}: a list value contains U+001F, the import's array "
                "delimiter; load it online instead"
            )
        text = ARRAY_DELIMITER.join(parts)
    elif isinstance(value, str):
        text = value
    else:
        return _scalar(value)
    return '"' + text.replace('"', '""') + '"'


@dataclass
class ImportFiles:
    """What ``write_import_files`` wrote: (labels or type, header, data) per group, counts."""

    folder: pathlib.Path
    nodes: list[tuple[str, pathlib.Path, pathlib.Path]] = field(default_factory=list)
    relationships: list[tuple[str, pathlib.Path, pathlib.Path]] = field(default_factory=list)
    node_count: int = 0
    relationship_count: int = 0


class _Groups:
    """Open data files, one per (kind, name, typed property set), created on first use."""

    def __init__(self, folder: pathlib.Path, kind: str, key_columns: list[str]) -> None:
        self.folder, self.kind, self.key_columns = folder, kind, key_columns
        self.files: dict[tuple[str, tuple[tuple[str, str], ...]], IO[str]] = {}
        self.written: list[tuple[str, pathlib.Path, pathlib.Path]] = []

    def file(self, name: str, props: Mapping[str, Any]) -> tuple[IO[str], list[str]]:
        columns = tuple((key, _type_of(value)) for key, value in sorted(props.items()))
        group = (name, columns)
        handle = self.files.get(group)
        if handle is None:
            stem = f"{self.kind}-{name}-{len(self.written):04d}"
            header, data = self.folder / f"{stem}.header.csv", self.folder / f"{stem}.csv"
            bad = [key for key, _ in columns if not _HEADER_NAME.match(key)]
            if bad:
                raise StoreError(
                    f"{self.kind} {name}: property name {bad[0]!r} cannot be a "
                    "neo4j-admin header cell; load it online instead"
                )
            cells = [*self.key_columns, *(f"{key}:{kind}" for key, kind in columns)]
            header.write_text(",".join(cells) + "\n", encoding="utf-8")
            handle = self.files[group] = data.open("w", encoding="utf-8", newline="")
            self.written.append((name, header, data))
        return handle, [key for key, _ in columns]

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()


def write_import_files(
    folder: pathlib.Path,
    nodes: Iterable[tuple[Any, Mapping[str, Any]]],
    edges: Iterable[tuple[Any, Any, Any, Mapping[str, Any]]],
) -> ImportFiles:
    """Write the import CSVs for ``nodes`` (id, attributes with ``label``) and ``edges``
    (source, target, key, attributes with ``type``) into ``folder``; streams, so a generator
    of millions of elements needs no graph in memory."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.csv"):
        old.unlink()
    result = ImportFiles(folder)
    node_files = _Groups(folder, "nodes", ["id:ID"])
    rel_files = _Groups(folder, "relationships", [":START_ID", ":END_ID"])
    try:
        for node_id, data in nodes:
            label = data["label"]
            _label(label)  # allow-listed, as online
            props = neo4j_props(node_id, data, "label")
            element = props.pop("id")
            handle, keys = node_files.file(label, props)
            where = f"node {node_id}"
            handle.write(
                ",".join([_field(str(element), where), *(_field(props[k], where) for k in keys)])
                + "\n"
            )
            result.node_count += 1
        for src, dst, key, data in edges:
            rel_type = data["type"]
            _rel_type(rel_type)
            props = neo4j_props(key, data, "type", True)
            handle, keys = rel_files.file(rel_type, props)
            where = f"relationship {key}"
            handle.write(
                ",".join(
                    [
                        _field(str(src), where),
                        _field(str(dst), where),
                        *(_field(props[k], where) for k in keys),
                    ]
                )
                + "\n"
            )
            result.relationship_count += 1
    finally:
        node_files.close()
        rel_files.close()
    result.nodes, result.relationships = node_files.written, rel_files.written
    return result


def write_graph_import_files(graph: nx.MultiDiGraph, folder: pathlib.Path) -> ImportFiles:
    """``write_import_files`` for a kg graph (``kg export --format neo4j-admin``)."""
    return write_import_files(folder, graph.nodes(data=True), graph.edges(keys=True, data=True))


def import_arguments(files: ImportFiles, database: str = "neo4j") -> list[str]:
    """The arguments of ``neo4j-admin database import full`` for ``files``."""
    args = [f"--nodes={label}:{KG_LABEL}={header},{data}" for label, header, data in files.nodes]
    args += [
        f"--relationships={rel_type}={header},{data}"
        for rel_type, header, data in files.relationships
    ]
    return [
        *args,
        "--array-delimiter=U+001F",
        "--multiline-fields=true",
        "--id-type=string",
        "--skip-bad-relationships=false",
        "--skip-duplicate-nodes=false",
        "--overwrite-destination=true",
        database,
    ]


def import_command() -> list[str]:
    """``KG_NEO4J_ADMIN`` (split like a shell would), else this repository's neo4j.sh."""
    configured = os.environ.get("KG_NEO4J_ADMIN", "").strip()
    if configured:
        return shlex.split(configured)
    if not NEO4J_SH.is_file():
        raise StoreError(
            "no neo4j-admin to run: set KG_NEO4J_ADMIN, e.g. 'neo4j-admin database import full' "
            "(the target database must be stopped)"
        )
    return ["bash", str(NEO4J_SH), "import"]


def run_import(
    files: ImportFiles, database: str = "neo4j", command: list[str] | None = None
) -> None:
    """Run the import; a failure → ``StoreError`` with the tail of its output."""
    argv = [*(command or import_command()), *import_arguments(files, database)]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
    except OSError as err:
        raise StoreError(f"cannot run {argv[0]}: {err}") from None
    if done.returncode != 0:
        tail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-6:])
        raise StoreError(f"neo4j-admin import failed (exit {done.returncode}): {tail}")


def bulk_load(
    graph: nx.MultiDiGraph,
    target: Target,
    database: str | None = None,
    command: list[str] | None = None,
) -> LoadResult:
    """Replace the database with ``graph`` through neo4j-admin, then build the schema.

    Refused while another kg load holds the lock, or when the database holds data kg did not
    write (the import replaces the whole database).
    """
    started = time.perf_counter()
    with connect(target.uri, target.user, target.password) as driver:
        store = Neo4jStore(driver, database, uri=target.uri, secret=target.password)
        lock = LoadLock(store, "(bulk import)", wait=0.0)
        lock.acquire()
        foreign = store.foreign_nodes()
        if foreign:
            lock.release()
            raise StoreError(
                f"Neo4j at {target.uri} holds {foreign} nodes that kg did not write; --bulk "
                "replaces the whole database, so it refuses: load without --bulk"
            )
        name = (
            database
            or driver.execute_query(
                "CALL db.info() YIELD name RETURN name", database_=database
            ).records[0]["name"]
        )
    with tempfile.TemporaryDirectory(prefix="kg-neo4j-import-") as folder:
        files = write_graph_import_files(graph, pathlib.Path(folder))
        run_import(files, name, command)
    schema_started = time.perf_counter()
    with connect(target.uri, target.user, target.password, attempts=8) as driver:
        store = Neo4jStore(driver, database, uri=target.uri, secret=target.password)
        store.apply_schema(sorted({t for _, _, t in graph.edges(data="type")}))
    now = time.perf_counter()
    return LoadResult(
        graph.number_of_nodes(),
        graph.number_of_edges(),
        now - started,
        relationship_seconds=schema_started - started,
        mode="bulk",
        schema_seconds=now - schema_started,
    )
