"""`kg build`, `kg load`, `kg remove`, `kg stats`, `kg export`: the graph commands."""

from __future__ import annotations

import pathlib
import sys
from enum import Enum
from typing import Annotated, Any

import typer
from rich.console import Console

from kg.cli import app
from kg.cli.output import Format, FormatOption, emit_rows
from kg.records import read_records
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


class ExportFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    nodelink = "nodelink"  # the former name of json
    csv = "csv"
    neo4j_admin = "neo4j-admin"
    cypher = "cypher"
    geojson = "geojson"


def _fail(message: str) -> typer.Exit:
    _err.print(f"[bold red]error[/]: {message}", markup=True, soft_wrap=True)
    return typer.Exit(code=1)


def _note(message: str) -> None:
    _err.print(message, markup=False, soft_wrap=True)


def _records_from_jsonl(paths: list[str]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for path in paths:
        try:
            records.extend(read_records(sys.stdin if path == "-" else path))
        except (OSError, ValueError) as err:
            raise _fail(f"{path}: {err}") from err
    return records


def _open_store(store_dir: pathlib.Path) -> Any:
    """The existing store at ``store_dir``; a missing one is a user error, not an empty graph."""
    from kg.store.embedded import EmbeddedStore

    if not (store_dir / "records").is_dir():
        raise _fail(f"no graph store at {store_dir} (create one with `kg build PATHS --store DIR`)")
    return EmbeddedStore(store_dir)


def _load_neo4j(store_dir: pathlib.Path, uri: str, user: str, password: str,
                database: str | None) -> None:
    from kg.store.neo4j import Neo4jStore, connect

    graph = _open_store(store_dir).graph()
    try:
        driver = connect(uri, user, password)
        with driver:
            result = Neo4jStore(driver, database, uri=uri).load(graph)
    except StoreError as err:
        raise _fail(str(err)) from err
    _note(
        f"loaded {result.nodes} nodes and {result.relationships} relationships into {uri} in "
        f"{result.seconds:.1f}s (pruned {result.pruned_nodes} stale nodes, "
        f"{result.pruned_relationships} stale relationships)"
    )


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
    uri: UriOption = "bolt://127.0.0.1:7687",
    user: UserOption = "neo4j",
    password: PasswordOption = "kg-dev-password",
    database: DatabaseOption = None,
) -> None:
    """Extract articles and merge them into the graph store (re-adding a document replaces it)."""
    from kg.store.embedded import EmbeddedStore

    failures = 0
    if records:
        recs = _records_from_jsonl(paths)
    else:
        from kg.pipeline import iter_results
        from kg.sources import SourceError

        recs = []
        for result in iter_results(paths, workers=workers, default_year=year):
            if isinstance(result, SourceError) or result.error:
                failures += 1
                reason = str(result) if isinstance(result, SourceError) else result.error
                where = "" if isinstance(result, SourceError) else f"{result.path}: "
                _err.print(f"[bold red]error[/]: {where}{reason}", markup=True, soft_wrap=True)
                continue
            recs.extend(result.records)
    kg_store = EmbeddedStore(store)
    try:
        docs = kg_store.add_records(recs)
        stats = kg_store.stats()
    except StoreError as err:
        raise _fail(str(err)) from err
    nodes, rels = sum(stats["labels"].values()), sum(stats["types"].values())
    _note(f"{len(docs)} documents added to {store}: the graph has {stats['documents']} documents, "
          f"{nodes} nodes, {rels} relationships")
    if neo4j:
        _load_neo4j(store, uri, user, password, database)
    if failures:
        raise typer.Exit(code=1)


@app.command()
def load(
    store: StoreOption = pathlib.Path("kg-data"),
    uri: UriOption = "bolt://127.0.0.1:7687",
    user: UserOption = "neo4j",
    password: PasswordOption = "kg-dev-password",
    database: DatabaseOption = None,
) -> None:
    """Write the store's graph into Neo4j; the database then mirrors the store (idempotent)."""
    _load_neo4j(store, uri, user, password, database)


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
    if not _open_store(store).remove_document(doc_id):
        raise _fail(f"no document {doc_id!r} in {store}")
    _note(f"removed {doc_id} from {store}")
    if neo4j:
        _load_neo4j(store, uri, user, password, database)


@app.command()
def stats(
    store: StoreOption = pathlib.Path("kg-data"),
    fmt: Format = FormatOption,
) -> None:
    """Counts by label and relationship type, and how many mentions merged into how many nodes."""
    summary = _open_store(store).stats()
    rows: list[dict[str, Any]] = [{"kind": "documents", "name": "", "count": summary["documents"]}]
    rows += [{"kind": "label", "name": k, "count": v} for k, v in summary["labels"].items()]
    rows += [{"kind": "relationship", "name": k, "count": v} for k, v in summary["types"].items()]
    for row in summary["merge"]:
        rows.append({
            "kind": "merge", "name": row["label"], "count": row["nodes"],
            "detail": f"{row['mentions']} mentions in {row['entity_records']} entity records",
        })
    emit_rows(rows, fmt, columns=["kind", "name", "count", "detail"], title=str(store))


@app.command()
def export(
    store: StoreOption = pathlib.Path("kg-data"),
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.graphml,
    output: Annotated[
        pathlib.Path | None, typer.Option("--output", "-o", help="File (csv: folder).")
    ] = None,
    predicate: Annotated[list[str] | None, typer.Option(
        "--predicate", help="Only these relationship types (repeat for more).")] = None,
    doc: Annotated[str | None, typer.Option(help="Only what this document says.")] = None,
    since: Annotated[str | None, typer.Option(help="Only facts on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Only facts on or before this date.")] = None,
    excel: Annotated[bool, typer.Option(
        "--excel", help="CSV with a UTF-8 BOM, so Excel reads Chinese right.")] = False,
) -> None:
    """Export the graph: GraphML/GEXF (Gephi), JSON, CSV, a Cypher script, GeoJSON."""
    from kg.export import export as export_graph
    from kg.export import select

    graph = select(_open_store(store).graph(), predicates=predicate, doc=doc, since=since,
                   until=until)
    try:
        text = export_graph(graph, fmt.value, output, excel=excel)
    except (ValueError, OSError, StoreError) as err:
        raise _fail(str(err)) from err
    if text is not None:
        sys.stdout.write(text)
