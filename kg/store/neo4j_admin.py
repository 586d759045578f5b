"""The bulk path: CSV files for ``neo4j-admin database import full``, and running it.

``write_import_files`` writes one header file and one data file per group of elements that have
the same label (or relationship type) and the same typed property set, so every property is
written with the exact Neo4j type the online loader gives it (``kg.store.neo4j.neo4j_props``),
and an absent property stays absent: the imported database is identical (ids, labels, types,
properties, the ``Kg`` marker label and ``_kg`` relationship marker) to an online load.

* Nodes: ``:ID,id:string,<prop>:<type>,...``, imported with ``--nodes=<Label>:Kg=header,data``.
  The ``:ID`` column is a row number given by the writer (``--id-type=integer``), not stored;
  our id is the ``id`` property. neo4j-admin maps integer ids faster than strings: its
  relationship stage took 0.70-0.80x the time (2.1M relationships, benchmarks/neo4j_bulk.py).
* Relationships: ``:START_ID,:END_ID,<prop>:<type>,...`` (those row numbers), with
  ``--relationships=<TYPE>=...``; an endpoint that is not among the nodes is refused here, by
  name, rather than by neo4j-admin's report.
* Every string is quoted (``""`` is the empty string, an unquoted empty field would be null),
  fields may span lines, array elements are separated by U+001F (never in our text).

``import_arguments`` gives the ``neo4j-admin database import full`` arguments; ``run_import``
runs them through a command: by default ``bash neo4j/neo4j.sh import`` of this repository
(``org.neo4j.cli.AdminTool`` on the Maven classpath; it stops the dev server, imports,
restarts it), or ``KG_NEO4J_ADMIN`` (e.g. ``neo4j-admin database import full`` of a packaged
server that the user has stopped).
"""

from __future__ import annotations

import csv
import os
import pathlib
import re
import shlex
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
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


class _Bool(int):
    """A boolean the C ``csv`` writer leaves unquoted (a number to it) and spells as Neo4j does."""

    def __str__(self) -> str:
        return "true" if self else "false"

    __repr__ = __str__


_TRUE, _FALSE = _Bool(1), _Bool(0)


def _type_name(kind: type, element: type | None) -> str:
    return _TYPES[element] + "[]" if kind is list and element is not None else _TYPES[kind]


def _array(value: list[Any], where: Callable[[], str]) -> str:
    """A list property as one field: its elements joined by U+001F."""
    if value and type(value[0]) is str:
        if any(ARRAY_DELIMITER in item for item in value):
            raise StoreError(
                f"{where()}: a list value contains U+001F, the import's array "
                "delimiter; load it online instead"
            )
        return ARRAY_DELIMITER.join(value)
    if value and type(value[0]) is bool:
        return ARRAY_DELIMITER.join("true" if item else "false" for item in value)
    return ARRAY_DELIMITER.join(map(repr if value and type(value[0]) is float else str, value))


@dataclass
class ImportFiles:
    """What ``write_import_files`` wrote: (labels or type, header, data) per group, counts."""

    folder: pathlib.Path
    nodes: list[tuple[str, pathlib.Path, pathlib.Path]] = field(default_factory=list)
    relationships: list[tuple[str, pathlib.Path, pathlib.Path]] = field(default_factory=list)
    node_count: int = 0
    relationship_count: int = 0


@dataclass
class _Layout:
    """How the properties of one (name, key order, value types) shape become a row: the
    group's CSV writer, the value positions in the group's (sorted) column order, and which
    of those columns are booleans or lists (the only ones converted; the rest go as they are:
    strings quoted by the writer, numbers bare)."""

    writer: Any
    order: tuple[int, ...]
    booleans: tuple[int, ...]
    lists: tuple[int, ...]


class _Groups:
    """Open data files, one per (kind, name, typed property set), created on first use.

    Rows go through the C ``csv`` writer (``QUOTE_NONNUMERIC``: every string quoted, ``""``
    doubled inside, numbers bare); a layout is worked out once per shape of properties, so a
    row costs one dictionary lookup and one ``writerow``."""

    def __init__(self, folder: pathlib.Path, kind: str, key_columns: list[str]) -> None:
        self.folder, self.kind, self.key_columns = folder, kind, key_columns
        self.files: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[IO[str], Any]] = {}
        self.layouts: dict[tuple[Any, ...], _Layout] = {}
        self.written: list[tuple[str, pathlib.Path, pathlib.Path]] = []

    def layout(self, shape: tuple[Any, ...], props: Mapping[str, Any]) -> _Layout:
        name, keys = shape[0], shape[1]
        values = list(props.values())
        typed = {
            key: _type_name(type(v), type(v[0]) if type(v) is list and v else None)
            for key, v in zip(keys, values, strict=True)
        }
        columns = tuple(sorted(typed.items()))
        position = {key: i for i, key in enumerate(keys)}
        order = tuple(position[key] for key, _ in columns)
        booleans = tuple(n for n, (_, kind) in enumerate(columns) if kind == "boolean")
        lists = tuple(n for n, (_, kind) in enumerate(columns) if kind.endswith("[]"))
        group = (name, columns)
        opened = self.files.get(group)
        if opened is None:
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
            handle = data.open("w", encoding="utf-8", newline="")
            writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
            opened = self.files[group] = (handle, writer)
            self.written.append((name, header, data))
        made = self.layouts[shape] = _Layout(opened[1], order, booleans, lists)
        return made

    def write(
        self, name: str, key: list[Any], props: Mapping[str, Any], where: Callable[[], str]
    ) -> None:
        """One row: ``key`` (the id, or start and end ids) then the properties."""
        values = tuple(props.values())
        shape: tuple[Any, ...] = (name, tuple(props), tuple(map(type, values)))
        if list in shape[2]:
            shape += (tuple(type(v[0]) for v in values if type(v) is list and v),)
        layout = self.layouts.get(shape) or self.layout(shape, props)
        row = [values[i] for i in layout.order]
        for n in layout.booleans:
            row[n] = _TRUE if row[n] else _FALSE
        for n in layout.lists:
            row[n] = _array(row[n], where)
        layout.writer.writerow(key + row)

    def close(self) -> None:
        for handle, _ in self.files.values():
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
    # An earlier export's files go (they would mix with these); any other CSV is the user's.
    for old in [*folder.glob("nodes-*.csv"), *folder.glob("relationships-*.csv")]:
        old.unlink()
    result = ImportFiles(folder)
    node_files = _Groups(folder, "nodes", [":ID", "id:string"])
    rel_files = _Groups(folder, "relationships", [":START_ID", ":END_ID"])
    checked: set[str] = set()
    numbers: dict[str, int] = {}
    try:
        for node_id, data in nodes:
            label = data["label"]
            if label not in checked:
                _label(label)  # allow-listed, as online
                checked.add(label)
            props = neo4j_props(node_id, data, "label")
            element = str(props.pop("id"))
            if element in numbers:
                raise StoreError(f"node {node_id}: its id is given twice")
            numbers[element] = len(numbers)
            node_files.write(
                label, [numbers[element], element], props, lambda n=node_id: f"node {n}"
            )
            result.node_count += 1
        for src, dst, key, data in edges:
            rel_type = data["type"]
            if rel_type not in checked:
                _rel_type(rel_type)
                checked.add(rel_type)
            props = neo4j_props(key, data, "type", True)
            ends = [numbers.get(str(src)), numbers.get(str(dst))]
            if None in ends:
                missing = src if ends[0] is None else dst
                raise StoreError(f"relationship {key}: its endpoint {missing} is not a node")
            rel_files.write(rel_type, ends, props, lambda k=key: f"relationship {k}")
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
        "--id-type=integer",
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
