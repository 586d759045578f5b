"""Export the graph for other tools, one module per format (networkx-readwrite style):

============  =====================================  ==========================================
format        writer                                 read back by
============  =====================================  ==========================================
graphml       :func:`kg.export.graphml.write_graphml`  Gephi, yEd, ``networkx.read_graphml``
gexf          :func:`kg.export.gexf.write_gexf`        Gephi, ``networkx.read_gexf``
json          :func:`kg.export.nodelink.write_json`    d3, ``networkx.node_link_graph``
csv           :func:`kg.export.tables.write_csv`       Excel (``excel=True``), pandas, ``csv``
cypher        :func:`kg.export.cypher.write_cypher`    ``cypher-shell -f``
geojson       :func:`kg.export.geojson.write_geojson`  QGIS, kepler.gl, any JSON reader
neo4j-admin   (not yet: comes with kg.store.neo4j_admin)  ``neo4j-admin database import full``
============  =====================================  ==========================================

:func:`export` picks the writer; :func:`kg.export.common.select` cuts the graph to some
predicates, one document or a date range first.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from typing import Any

import networkx as nx

from kg.export.common import select
from kg.export.cypher import to_cypher, write_cypher
from kg.export.geojson import to_geojson, write_geojson
from kg.export.gexf import write_gexf
from kg.export.graphml import write_graphml
from kg.export.nodelink import to_json, write_json
from kg.export.tables import write_csv

FORMATS = ("graphml", "gexf", "json", "csv", "neo4j-admin", "cypher", "geojson")
ALIASES = {"nodelink": "json"}  # the name of the JSON format before there were others
_TEXT: dict[str, Callable[[nx.MultiDiGraph], str]] = {
    "json": to_json, "cypher": to_cypher, "geojson": to_geojson,
}
_FILE: dict[str, Callable[[nx.MultiDiGraph, Any], None]] = {
    "graphml": write_graphml, "gexf": write_gexf, "json": write_json, "cypher": write_cypher,
    "geojson": write_geojson,
}


def check_csv_folder(output: pathlib.Path) -> None:
    """Refuse an ``output`` for csv that names a file: ``out.csv`` or an existing file."""
    # One file cannot hold both tables, and a folder named out.csv would surprise: refuse.
    if (output.suffix.lower() == ".csv" and not output.is_dir()) or output.is_file():
        suggestion = output.with_suffix("") if output.suffix else f"{output}-csv"
        raise ValueError(f"{output}: csv export writes a folder of files (nodes.csv and "
                         f"relationships.csv), not one file: give a folder, e.g. -o {suggestion}/")


def export(graph: nx.MultiDiGraph, fmt: str, output: pathlib.Path | None, *,
           excel: bool = False) -> str | None:
    """Write ``graph`` as ``fmt`` to ``output``; returns the text instead when output is None.

    CSV needs a folder (``nodes.csv`` and ``relationships.csv`` go in it; a path ending in
    ``.csv`` or an existing file is refused); GraphML and GEXF need a file (UTF-8 XML).
    """
    fmt = ALIASES.get(fmt, fmt)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "neo4j-admin":
        raise ValueError("neo4j-admin export is not there yet (it comes with the neo4j-admin "
                         "import files of kg.store.neo4j_admin); use --format cypher or kg load")
    if fmt == "csv":
        if output is None:
            raise ValueError("csv export writes two files: give a folder with -o")
        check_csv_folder(output)
        write_csv(graph, output, excel=excel)
        return None
    if output is None:
        if fmt not in _TEXT:
            raise ValueError(f"{fmt} export writes a file: give one with -o")
        return _TEXT[fmt](graph)
    _FILE[fmt](graph, output)
    return None


__all__ = [
    "FORMATS", "check_csv_folder", "export", "select", "to_cypher", "to_geojson", "to_json",
    "write_csv", "write_cypher", "write_geojson", "write_gexf", "write_graphml", "write_json",
]
