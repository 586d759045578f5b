"""Node-link JSON (d3, ``networkx.node_link_graph``): every property kept, lists as lists.

>>> import json
>>> from kg.questions import example_graph
>>> data = json.loads(to_json(example_graph()))
>>> sorted(n["name"] for n in data["nodes"] if n["label"] == "Person")
['王一', '赵二']
"""

from __future__ import annotations

import json
import os
import pathlib

import networkx as nx


def to_json(graph: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(graph, edges="edges")
    data["graph"] = {k: v for k, v in data["graph"].items() if k != "stamp"}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_json(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write ``graph`` to ``path`` as node-link JSON."""
    pathlib.Path(path).write_text(to_json(graph), encoding="utf-8")
