"""GraphML for Gephi, yEd and networkx: UTF-8 text, the name as ``label``, the type as an
attribute, lists as JSON text (GraphML has no lists).

>>> import networkx as nx, tempfile, pathlib
>>> from kg.questions import example_graph
>>> path = pathlib.Path(tempfile.mkdtemp()) / "kg.graphml"
>>> write_graphml(example_graph(), path)
>>> back = nx.read_graphml(path, force_multigraph=True)
>>> sorted(d["label"] for _, d in back.nodes(data=True) if d["type"] == "Person")
['王一', '赵二']
>>> "湖北省" in path.read_text(encoding="utf-8")  # characters, not &#28246;
True
"""

from __future__ import annotations

import os

import networkx as nx

from kg.export.common import flat_graph


def write_graphml(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write ``graph`` to ``path`` as UTF-8 GraphML."""
    nx.write_graphml(flat_graph(graph), path, encoding="utf-8", named_key_ids=True)
