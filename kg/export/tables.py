"""CSV for spreadsheets and pandas: ``nodes.csv`` and ``relationships.csv`` with flat columns.

Nodes: ``id, label, name`` then one column per property; relationships: ``id, type, source,
source_name, target, target_name`` then one column per property. Lists are JSON text. With
``excel``, files start with a UTF-8 BOM so Excel reads the Chinese text right.

>>> import csv, tempfile, pathlib
>>> from kg.questions import example_graph
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_csv(example_graph(), folder)
>>> with (folder / "relationships.csv").open(encoding="utf-8") as handle:
...     sent = next(r for r in csv.DictReader(handle) if r["type"] == "SENT")
>>> sent["source_name"], sent["target_name"], sent["count"]
('安徽省', '医疗队', '100人')
"""

from __future__ import annotations

import csv
import os
import pathlib
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

from kg.export.common import flat

NODE_COLUMNS = ("id", "label", "name")
REL_COLUMNS = ("id", "type", "source", "source_name", "target", "target_name")


def _columns(fixed: Sequence[str], rows: Iterable[dict[str, Any]]) -> list[str]:
    extra = sorted({k for row in rows for k in row} - set(fixed))
    return [*fixed, *extra]


def _write(path: pathlib.Path, rows: list[dict[str, Any]], fixed: Sequence[str],
           excel: bool) -> None:
    columns = _columns(fixed, rows)
    with path.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows({k: flat(v) for k, v in row.items() if v is not None} for row in rows)


def write_csv(graph: nx.MultiDiGraph, folder: str | os.PathLike[str], *,
              excel: bool = False) -> None:
    """Write ``nodes.csv`` and ``relationships.csv`` into ``folder`` (created if missing)."""
    out = pathlib.Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    nodes = [{"id": n, **d} for n, d in sorted(graph.nodes(data=True))]

    def name(node_id: str) -> Any:
        return graph.nodes[node_id].get("name", node_id)

    rels = [
        {**d, "id": key, "type": d.get("type"), "source": src, "source_name": name(src),
         "target": dst, "target_name": name(dst)}
        for src, dst, key, d in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2])
    ]
    _write(out / "nodes.csv", nodes, NODE_COLUMNS, excel)
    _write(out / "relationships.csv", rels, REL_COLUMNS, excel)
