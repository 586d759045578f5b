"""`kg build`, `kg load`, `kg remove`, `kg stats`: the graph commands (`kg export`: cli.export)."""

from __future__ import annotations

import os
import pathlib
import sys
from collections.abc import Callable, Iterator
from enum import Enum
from typing import Annotated, Any

import typer
from rich.console import Console

from kg.cli import app
from kg.cli.extract import IdFrom, IdFromOption, TaggerOption, use_tagger
from kg.cli.output import Format, FormatOption, counted, emit_rows, print_error, print_note
from kg.pipeline import DEFAULT_MAX_CHARS
from kg.records import iter_read_records
from kg.store import StoreError

_err = Console(stderr=True, highlight=False)

StoreOption = Annotated[
    pathlib.Path,
    typer.Option("--store", "-s", envvar="KG_STORE", help="Embedded store folder."),
]
UriOption = Annotated[str, typer.Option("--uri", envvar="NEO4J_URI", help="Neo4j Bolt URI.")]
UserOption = Annotated[str, typer.Option("--user", envvar="NEO4J_USER", help="Neo4j user.")]
PasswordOption = Annotated[
    str, typer.Option("--password", envvar="NEO4J_PASSWORD", help="Neo4j password.")
]
DatabaseOption = Annotated[
    str | None,
    typer.Option("--database", envvar="NEO4J_DATABASE", help="Neo4j database (server default)."),
]


MaxCharsOption = Annotated[
    int,
    typer.Option("--max-chars", help="Refuse documents longer than this many characters (0: no "
                 "limit); cost grows with length, so one huge input cannot stall the run."),
]


class BuildChanges:
    """What an incremental ``kg build`` skips (same id, same raw sha256), re-extracts (same id,
    new content) and refuses: a file whose id is stored from ANOTHER file that still exists
    (x/same.txt, then y/same.txt: both ``same``) is a different article, and replacing the
    stored one would lose it without a word."""

    def __init__(self, stored: dict[str, str],
                 stored_path: Callable[[str], str | None] = lambda doc: None) -> None:
        self.stored = stored
        self.stored_path = stored_path
        self.skipped: list[str] = []
        self.changed: list[str] = []
        self.clashes: list[tuple[str, str, str]] = []  # (new path, id, stored path)
        self.moved: list[tuple[str, str, str]] = []  # JSON Lines: (new item, id, stored item)

    def unchanged(self, src: Any) -> bool:
        """The pipeline's ``skip`` hook: true for a document stored with the same content, and
        for a file whose id another stored file holds."""
        known = self.stored.get(src.id)
        if known is None:
            return False
        if known == src.sha256:
            self.skipped.append(src.id)
            return True
        stored = self.stored_path(src.id)
        if stored and _is_item(src.path) and _is_item(stored):
            if stored.partition("#")[0] != src.path.partition("#")[0]:
                self.moved.append((src.path, src.id, stored))  # ids of JSON Lines are the user's
        elif stored and _other_existing_file(stored, src.path):
            self.clashes.append((src.path, src.id, stored))
            return True
        self.changed.append(src.id)
        return False

    def report(self) -> int:
        """Print the refused files and the JSON Lines items that replaced another file's;
        returns how many were refused."""
        for path, doc, stored in self.clashes:
            print_error(f"{path}: its document id {doc!r} is already stored from {stored}, "
                        "another file: not added (give the files distinct names, build their "
                        f"common folder with --id-from path, or `kg remove {doc}` first)", _err)
        for path, doc, stored in self.moved:
            _note(f"{path}: document {doc!r} replaces the one stored from {stored}")
        return len(self.clashes)

    def summary(self) -> str:
        parts = []
        if self.skipped:
            parts.append(f"{len(self.skipped)} unchanged skipped")
        if self.changed:
            parts.append(f"{len(self.changed)} changed re-extracted ({', '.join(self.changed[:5])}"
                         f"{', …' if len(self.changed) > 5 else ''})")
        return f" ({'; '.join(parts)})" if parts else ""


def _is_item(path: str) -> bool:
    """A JSON Lines item (``file.jsonl#L12``) or standard input: not a file of its own."""
    return path == "-" or "#L" in path


def _other_existing_file(stored: str, path: str) -> bool:
    """Whether ``stored`` (a path recorded by an earlier build) is still a file, not ``path``."""
    if _is_item(path) or not os.path.isfile(stored):
        return False  # moved or deleted: the new file takes the id over
    try:
        return not os.path.samefile(stored, path)
    except OSError:
        return False


def _fail(message: str) -> typer.Exit:
    print_error(message, _err)
    return typer.Exit(code=1)


def _note(message: str) -> None:
    print_note(message, _err)


def _records_from_jsonl(paths: list[str], failures: list[str]) -> Iterator[dict[str, Any]]:
    """Stream the records of ``paths``. A bad line is reported with its file and line number
    and skipped, a file that cannot be read is reported; the rest goes on (each problem is
    appended to ``failures``, so the build ends with exit code 1)."""
    for path in paths:

        def bad(err: ValueError, path: str = path) -> None:
            failures.append(f"{path}: {err}")
            print_error(failures[-1], _err)

        try:
            yield from iter_read_records(sys.stdin if path == "-" else path, on_error=bad,
                                         required=("kind", "doc"))
        except (OSError, ValueError) as err:
            reason = err.strerror if isinstance(err, OSError) and err.strerror else err
            bad(ValueError(reason))


def _open_store(store_dir: pathlib.Path) -> Any:
    """The existing store at ``store_dir``; a missing one is a user error, not an empty graph."""
    from kg.store.embedded import EmbeddedStore

    store = EmbeddedStore(store_dir)
    try:
        found = store.exists()
    except StoreError as err:
        raise _fail(str(err)) from err
    if not found:
        raise _fail(f"no graph store at {store_dir} (create one with `kg build PATHS --store DIR`)")
    return store


def _graph_of(store_dir: pathlib.Path) -> Any:
    try:
        return _open_store(store_dir).graph()
    except StoreError as err:
        raise _fail(str(err)) from err


def _password_from_file(password: str) -> str:
    """NEO4J_PASSWORD_FILE (first line) when NEO4J_PASSWORD is not set: keeps the password off
    command lines and out of the environment of every process."""
    import os

    path = os.environ.get("NEO4J_PASSWORD_FILE")
    if not path or "NEO4J_PASSWORD" in os.environ:
        return password
    try:
        lines = pathlib.Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise _fail(f"NEO4J_PASSWORD_FILE {path}: cannot read it ({type(err).__name__})") from err
    return lines[0] if lines else ""


# Two concurrent write transactions: 1.1-1.5x the relationships/s of one on a 2-core server
# (benchmarks/neo4j_load.py); more only pay on a server with more cores.
DEFAULT_WRITERS = 2


def _load_neo4j(
    store_dir: pathlib.Path,
    uri: str,
    user: str,
    password: str,
    database: str | None,
    *,
    bulk: bool = False,
    mode: str = "auto",
    wait: float = 60.0,
    batch_size: int = 5000,
    writers: int = DEFAULT_WRITERS,
) -> None:
    from kg.store.neo4j import Neo4jStore, connect
    from kg.store.neo4j_connect import split_credentials

    graph = _graph_of(store_dir)
    password = _password_from_file(password)
    shown = split_credentials(uri, user, password)
    try:
        if bulk:
            from kg.store.neo4j_admin import bulk_load

            result = bulk_load(graph, shown, database)
        else:
            with connect(uri, user, password) as driver:
                neo = Neo4jStore(
                    driver,
                    database,
                    batch_size=batch_size,
                    writers=writers,
                    uri=shown.uri,
                    secret=shown.password,
                )
                result = neo.load(graph, mode=mode, store_name=str(store_dir.resolve()), wait=wait)
    except StoreError as err:
        raise _fail(str(err)) from err
    _note(
        f"loaded {result.nodes} nodes and {result.relationships} relationships into {shown.uri} "
        f"in {result.seconds:.1f}s ({result.mode}; {result.overall_rels_per_second:,.0f} "
        f"relationships/s; pruned {result.pruned_nodes} stale nodes, "
        f"{result.pruned_relationships} stale relationships)"
    )


# Above this many documents `kg build` does not end by building the whole graph for its
# summary (~1 minute and ~0.8 GB per 20k documents): an incremental add stays proportional to
# what is added.
SUMMARY_MAX_DOCUMENTS = 20_000


@app.command()
def build(
    paths: Annotated[list[str], typer.Argument(help="Articles: files, folders or '-'.")],
    store: StoreOption = pathlib.Path("kg-data"),
    records: Annotated[
        bool, typer.Option("--records", help="PATHS are `kg extract` JSON Lines, not articles.")
    ] = False,
    neo4j: Annotated[bool, typer.Option("--neo4j", help="Then load the graph into Neo4j.")] = False,
    workers: Annotated[int | None, typer.Option(help="Extraction processes.")] = None,
    year: Annotated[int | None, typer.Option(help="Year for dates written without one.")] = None,
    id_from: IdFromOption = IdFrom.auto,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
    tagger: TaggerOption = None,
    uri: UriOption = "bolt://127.0.0.1:7687",
    user: UserOption = "neo4j",
    password: PasswordOption = "kg-dev-password",
    database: DatabaseOption = None,
    summary: Annotated[
        bool | None,
        typer.Option(
            "--summary/--no-summary",
            help="End with the whole graph's counts (builds it in memory). Default: on for "
            f"stores of up to {SUMMARY_MAX_DOCUMENTS:,} documents, so adding a batch to a "
            "large store costs what the batch costs.",
        ),
    ] = None,
) -> None:
    """Extract articles and merge them into the graph store.

    Incremental: a document whose raw sha256 is already stored under its id is skipped (not
    extracted again); a stored id with new content is re-extracted and replaces the old one.
    Documents stream into the store in batches, each batch one transaction: an interrupted
    build keeps every finished batch, and running it again completes the store.
    """
    from kg.store.embedded import EmbeddedStore

    use_tagger(tagger)
    failures = 0
    kg_store = EmbeddedStore(store)
    try:
        # Open (and lock) the store first: a read-only or locked store fails before extraction.
        with kg_store.writer() as session:
            changes = BuildChanges(kg_store.document_hashes() if not records else {},
                                   kg_store.document_path)
            if records:
                bad_records: list[str] = []
                session.add(_records_from_jsonl(paths, bad_records))
                failures = len(bad_records)
            else:
                failures = _extract_into(session, paths, workers, year, max_chars,
                                         id_from.value, changes.unchanged)
                failures += changes.report()
            session.flush()
            added = len(session.written)
        documents = kg_store.document_count()
        if summary is None:
            summary = documents <= SUMMARY_MAX_DOCUMENTS
        stats = kg_store.stats() if summary else None
    except StoreError as err:
        raise _fail(str(err)) from err
    if stats is None:
        _note(f"{counted(added, 'document')} added to {store}{changes.summary()}: the store "
              f"holds {counted(documents, 'document')} (`kg stats` counts the graph)")
    else:
        nodes, rels = sum(stats["labels"].values()), sum(stats["types"].values())
        held = counted(stats["documents"], "document")
        _note(f"{counted(added, 'document')} added to {store}{changes.summary()}: the graph has "
              f"{held} ({stats['reprints']} reprints folded into their originals), {nodes} "
              f"nodes, {rels} relationships")
    if neo4j:
        _load_neo4j(store, uri, user, password, database)
    if failures:
        raise typer.Exit(code=1)


def _extract_into(session: Any, paths: list[str], workers: int | None, year: int | None,
                  max_chars: int | None, id_from: str = "auto",
                  skip: Callable[[Any], bool] | None = None) -> int:
    """Stream extraction results into the store session; returns how many inputs failed."""
    from kg.pipeline import iter_results
    from kg.sources import SourceError

    failures = 0
    results = iter_results(paths, workers=workers, default_year=year, max_chars=max_chars or None,
                           id_from=id_from, skip=skip, on_skipped=lambda s: _note(str(s)))
    for result in results:
        if isinstance(result, SourceError) or result.error:
            failures += 1
            reason = str(result) if isinstance(result, SourceError) else result.error
            where = "" if isinstance(result, SourceError) else f"{result.path}: "
            print_error(f"{where}{reason}", _err)
            continue
        session.add(result.records)
    return failures


class LoadMode(str, Enum):
    auto = "auto"
    create = "create"
    merge = "merge"


@app.command()
def load(
    store: StoreOption = pathlib.Path("kg-data"),
    uri: UriOption = "bolt://127.0.0.1:7687",
    user: UserOption = "neo4j",
    password: PasswordOption = "kg-dev-password",
    database: DatabaseOption = None,
    bulk: Annotated[
        bool,
        typer.Option(
            "--bulk",
            help="Replace the whole database with neo4j-admin import (fastest for big "
            "graphs; runs `bash neo4j/neo4j.sh import`, or KG_NEO4J_ADMIN). Refused if the "
            "database holds data kg did not write.",
        ),
    ] = False,
    mode: Annotated[
        LoadMode,
        typer.Option(
            "--mode", help="auto: CREATE when the database has none of our nodes, else MERGE."
        ),
    ] = LoadMode.auto,
    wait: Annotated[
        float,
        typer.Option("--wait", help="Seconds to wait for another kg load into the same database."),
    ] = 60.0,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Rows per write transaction.")
    ] = 5000,
    writers: Annotated[
        int,
        typer.Option(
            "--writers",
            min=1,
            help="Write transactions at a time (the server runs each on one core).",
        ),
    ] = DEFAULT_WRITERS,
) -> None:
    """Write the store's graph into Neo4j; the database then mirrors the store (idempotent).

    Only what kg wrote (label Kg, relationship property _kg) is ever pruned; one load at a time
    per database (a lock node): a second waits, then is refused with the holder's name."""
    _load_neo4j(store, uri, user, password, database, bulk=bulk, mode=mode.value, wait=wait,
                batch_size=batch_size, writers=writers)


@app.command()
def remove(
    doc_id: Annotated[str, typer.Argument(help="Document id, as in the records' `doc`.")],
    store: StoreOption = pathlib.Path("kg-data"),
    neo4j: Annotated[
        bool, typer.Option("--neo4j", help="Then mirror the result in Neo4j.")
    ] = False,
    uri: UriOption = "bolt://127.0.0.1:7687",
    user: UserOption = "neo4j",
    password: PasswordOption = "kg-dev-password",
    database: DatabaseOption = None,
) -> None:
    """Retract one document: facts only it supported disappear, shared entities stay."""
    try:
        removed = _open_store(store).remove_document(doc_id)
    except StoreError as err:
        raise _fail(str(err)) from err
    if not removed:
        raise _fail(f"no document '{doc_id}' in {store}")
    _note(f"removed {doc_id} from {store}")
    if neo4j:
        _load_neo4j(store, uri, user, password, database)


@app.command()
def stats(
    store: StoreOption = pathlib.Path("kg-data"),
    fmt: Format = FormatOption,
) -> None:
    """Counts by label and relationship type, and how many mentions merged into how many nodes."""
    try:
        summary = _open_store(store).stats()
    except StoreError as err:
        raise _fail(str(err)) from err
    rows: list[dict[str, Any]] = [{"kind": "documents", "name": "", "count": summary["documents"]},
                                  {"kind": "documents", "name": "reprints folded",
                                   "count": summary.get("reprints", 0)}]
    rows += [{"kind": "label", "name": k, "count": v} for k, v in summary["labels"].items()]
    rows += [{"kind": "relationship", "name": k, "count": v} for k, v in summary["types"].items()]
    for row in summary["merge"]:
        rows.append({
            "kind": "merge", "name": row["label"], "count": row["nodes"],
            "detail": f"{row['mentions']} mentions in {row['entity_records']} entity records",
        })
    emit_rows(rows, fmt, columns=["kind", "name", "count", "detail"], title=str(store))
