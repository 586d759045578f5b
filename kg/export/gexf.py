"""GEXF 1.2 for Gephi: the name as the node label, the type as an attribute, lists as JSON
text. ``start``/``end`` (evidence offsets) are renamed ``evidence_start``/``evidence_end``:
GEXF reserves them for time intervals.

>>> import networkx as nx, tempfile, pathlib
>>> from kg.questions import example_graph
>>> path = pathlib.Path(tempfile.mkdtemp()) / "kg.gexf"
>>> write_gexf(example_graph(), path)
>>> back = nx.read_gexf(path)
>>> sorted(d["label"] for _, d in back.nodes(data=True) if d["type"] == "Place")
['安徽省', '武汉市', '湖北省']
"""

from __future__ import annotations

import os

import networkx as nx

from kg.export.common import flat_graph

GEXF_RESERVED = {"start": "evidence_start", "end": "evidence_end"}


def write_gexf(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write ``graph`` to ``path`` as UTF-8 GEXF."""
    nx.write_gexf(flat_graph(graph, rename=GEXF_RESERVED), path, encoding="utf-8")
