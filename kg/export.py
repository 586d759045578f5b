"""Export the graph for other tools: GraphML (Gephi, yEd), node-link JSON (d3), CSV.

GraphML holds scalar attributes only, so list properties (``docs``, ``aliases``, mention
``starts``) are written as JSON text there and in CSV; node-link JSON keeps them as lists.
"""

from __future__ import annotations

import csv
import io
import json
import pathlib
from typing import Any

import networkx as nx

FORMATS = ("graphml", "nodelink", "csv")
_NODE_COLUMNS = ("id", "label", "name")
_REL_COLUMNS = ("id", "type", "source", "target")


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict, set)):
        return json.dumps(sorted(value) if isinstance(value, set) else value, ensure_ascii=False)
    return value


def _flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    flat = nx.MultiDiGraph()
    for node_id, data in graph.nodes(data=True):
        flat.add_node(node_id, **{k: _flat(v) for k, v in data.items() if v is not None})
    for src, dst, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(src, dst, key=key, **{k: _flat(v) for k, v in data.items() if v is not None})
    return flat


def to_graphml(graph: nx.MultiDiGraph) -> str:
    return "\n".join(nx.generate_graphml(_flat_graph(graph), encoding="utf-8")) + "\n"


def to_nodelink(graph: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(graph, edges="edges")
    data["graph"] = {k: v for k, v in data["graph"].items() if k != "stamp"}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def to_csv(graph: nx.MultiDiGraph) -> tuple[str, str]:
    """(nodes.csv, relationships.csv): fixed key columns, then ``props`` as one JSON object."""
    nodes, rels = io.StringIO(), io.StringIO()
    writer = csv.writer(nodes)
    writer.writerow([*_NODE_COLUMNS, "props"])
    for node_id, data in sorted(graph.nodes(data=True)):
        props = {k: v for k, v in data.items() if k not in _NODE_COLUMNS}
        writer.writerow([node_id, data["label"], data.get("name", ""), _flat(props)])
    writer = csv.writer(rels)
    writer.writerow([*_REL_COLUMNS, "props"])
    for src, dst, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2]):
        props = {k: v for k, v in data.items() if k not in ("id", "type")}
        writer.writerow([key, data["type"], src, dst, _flat(props)])
    return nodes.getvalue(), rels.getvalue()


def export(graph: nx.MultiDiGraph, fmt: str, output: pathlib.Path | None) -> str | None:
    """Write ``graph`` as ``fmt`` to ``output``; returns the text instead when output is None.

    CSV needs a folder (``nodes.csv`` and ``relationships.csv`` go in it).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "csv":
        if output is None:
            raise ValueError("csv export writes two files: give a folder with -o")
        output.mkdir(parents=True, exist_ok=True)
        nodes, rels = to_csv(graph)
        (output / "nodes.csv").write_text(nodes, encoding="utf-8")
        (output / "relationships.csv").write_text(rels, encoding="utf-8")
        return None
    text = to_graphml(graph) if fmt == "graphml" else to_nodelink(graph)
    if output is None:
        return text
    output.write_text(text, encoding="utf-8")
    return None
