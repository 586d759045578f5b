"""`kg export`: the graph in the formats of other tools (kg.export), filtered or whole."""

from __future__ import annotations

import pathlib
import sys
from enum import Enum
from typing import Annotated, Any

import typer

from kg.cli import app
from kg.cli.graph import StoreOption, _fail, _graph_of, _note
from kg.store import StoreError


class ExportFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    nodelink = "nodelink"  # the former name of json
    csv = "csv"
    neo4j_admin = "neo4j-admin"
    cypher = "cypher"
    geojson = "geojson"


@app.command()
def export(
    store: StoreOption = pathlib.Path("kg-data"),
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.graphml,
    output: Annotated[
        pathlib.Path | None,
        typer.Option("--output", "-o", help="File (csv: a folder); missing folders are made."),
    ] = None,
    predicate: Annotated[list[str] | None, typer.Option(
        "--predicate", help="Only these relationship types (repeat for more).")] = None,
    doc: Annotated[str | None, typer.Option(help="Only what this document says.")] = None,
    since: Annotated[str | None, typer.Option(help="Only facts on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Only facts on or before this date.")] = None,
    excel: Annotated[bool, typer.Option(
        "--excel", help="CSV with a UTF-8 BOM, so Excel reads Chinese right.")] = False,
) -> None:
    """Export the graph: GraphML/GEXF (Gephi), JSON, CSV, a Cypher script, GeoJSON, or the CSV
    files of `neo4j-admin database import full` (neo4j-admin: a folder)."""
    from kg.cli.output import os_problem, output_file, output_folder
    from kg.export import check_csv_folder, select
    from kg.export import export as export_graph
    from kg.questions.filters import date_bound

    filters = {"--predicate": " --predicate ".join(predicate or []) or None, "--doc": doc,
               "--since": since, "--until": until}
    given = [f"{option} {value}" for option, value in filters.items() if value is not None]
    try:  # a malformed date is refused before the store is read
        date_bound(since, "--since")
        date_bound(until, "--until")
    except ValueError as err:
        raise _fail(str(err)) from err
    if fmt is ExportFormat.neo4j_admin and given:  # it writes the whole graph: say so
        raise _fail(f"--format neo4j-admin exports the whole graph; drop {' '.join(given)}")
    graph = _graph_of(store)
    if fmt is ExportFormat.neo4j_admin:  # -- neo4j-admin branch (owned by the Neo4j loader)
        _export_neo4j_admin(graph, output)
        return
    try:
        graph = select(graph, predicates=predicate, doc=doc, since=since, until=until)
    except ValueError as err:
        raise _fail(str(err)) from err
    if given and graph.number_of_edges() == 0:  # a fair filter that matches nothing
        _note(f"0 relationships match {' '.join(given)}; the export is an empty graph")
    try:
        if output is not None and fmt is ExportFormat.csv:
            check_csv_folder(output)  # before output_folder creates a folder named out.csv
            output_folder(output)
        elif output is not None:
            output_file(output)
        text = export_graph(graph, fmt.value, output, excel=excel)
    except (ValueError, StoreError) as err:
        raise _fail(str(err)) from err
    except OSError as err:
        raise _fail(os_problem(output or pathlib.Path("-"), err)) from err
    if text is not None:  # stdout holds the export alone: no note, pipes stay clean
        sys.stdout.write(text)
        return
    counts = f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships"
    _note(f"wrote nodes.csv and relationships.csv to {output}: {counts}"
          if fmt is ExportFormat.csv else f"wrote {output}: {counts}")


def _export_neo4j_admin(graph: Any, output: pathlib.Path | None) -> None:
    """The header/data CSVs of ``neo4j-admin database import full`` and its arguments."""
    import shlex

    from kg.cli.output import os_problem, output_folder
    from kg.store.neo4j_admin import import_arguments, write_graph_import_files

    if output is None:
        raise _fail("neo4j-admin export writes many files: give a folder with -o")
    try:
        output_folder(output)
        files = write_graph_import_files(graph, output)
    except ValueError as err:
        raise _fail(str(err)) from err
    except OSError as err:
        raise _fail(os_problem(output, err)) from err
    except StoreError as err:
        raise _fail(f"{output}: {err}") from err
    args = " ".join(shlex.quote(a) for a in import_arguments(files))
    (output / "import.args").write_text(args + "\n", encoding="utf-8")
    _note(
        f"wrote {files.node_count} nodes and {files.relationship_count} relationships in "
        f"{len(files.nodes) + len(files.relationships)} file pairs to {output}; import with "
        f"the server stopped: neo4j-admin database import full $(cat {output}/import.args) "
        f"(or: bash neo4j/neo4j.sh import $(cat {output}/import.args)), then `kg load` "
        "applies the schema"
    )
