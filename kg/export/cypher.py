"""A parameter-free Cypher script that rebuilds the graph: ``cypher-shell -f graph.cypher``.

The schema of ``kg load`` first, then one ``MERGE`` statement a line, nodes before
relationships, in ``:begin``/``:commit`` batches, so running it twice changes nothing.
Strings are escaped for Cypher literals (quotes, backslashes, control characters); property
keys are backtick-quoted; labels and relationship types are only ever the model's own
(checked), never free text.

>>> from kg.questions import example_graph
>>> graph = example_graph()
>>> lines = to_cypher(graph).splitlines()
>>> next(line for line in lines if "'王一'" in line)[:19]
'MERGE (n:`Person` {'
>>> sum(line.startswith("MATCH (a:") for line in lines) == graph.number_of_edges()
True
>>> cypher_string("it's a \\\\ test")
"'it\\\\'s a \\\\\\\\ test'"
"""

from __future__ import annotations

import math
import os
import pathlib
from typing import Any

import networkx as nx

import kg.store.neo4j as neo4j_store

# The loader's own allow-list checks: a label or type that is not the model's is refused.
from kg.store.neo4j import _label, _rel_type, schema_statements

# Where the loader marks what it writes (a label on nodes, a property on relationships), the
# script marks the same, so that it builds exactly what `kg load` builds.
KG_LABEL: str | None = getattr(neo4j_store, "KG_LABEL", None)
KG_REL_MARKER: str | None = getattr(neo4j_store, "KG_REL_MARKER", None)

STATEMENTS_PER_TRANSACTION = 1000
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}


def cypher_string(text: str) -> str:
    """``text`` as a single-quoted Cypher string literal."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def cypher_value(value: Any) -> str:
    """A property value as a Cypher literal (scalars and lists of scalars)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else cypher_string(str(value))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_value(v) for v in value) + "]"
    return cypher_string(str(value))


def _key(name: str) -> str:
    return "`" + str(name).replace("`", "``") + "`"


def _props(data: dict[str, Any], skip: set[str]) -> str:
    items = [f"{_key(k)}: {cypher_value(v)}" for k, v in sorted(data.items())
             if k not in skip and v is not None]
    return "{" + ", ".join(items) + "}"


def to_cypher(graph: nx.MultiDiGraph) -> str:
    """The script's text: schema, nodes, relationships; one statement a line."""
    lines = [f"// kg graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} "
             "relationships. Run: cypher-shell -f FILE (statements end with ';')."]
    lines += [" ".join(s.split()) + ";" for s in schema_statements()]
    data_lines: list[str] = []
    mark = f", n:{_key(KG_LABEL)}" if KG_LABEL else ""
    for node_id, data in sorted(graph.nodes(data=True)):
        data_lines.append(f"MERGE (n:{_label(data['label'])} {{id: {cypher_string(node_id)}}}) "
                          f"SET n += {_props(data, {'label', 'id'})}{mark};")
    for src, dst, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2]):
        a, b = graph.nodes[src]["label"], graph.nodes[dst]["label"]
        marked = {**data, KG_REL_MARKER: True} if KG_REL_MARKER else data
        data_lines.append(
            f"MATCH (a:{_label(a)} {{id: {cypher_string(src)}}}), "
            f"(b:{_label(b)} {{id: {cypher_string(dst)}}}) "
            f"MERGE (a)-[r:{_rel_type(str(data['type']))} {{id: {cypher_string(key)}}}]->(b) "
            f"SET r += {_props(marked, {'type', 'id'})};"
        )
    # cypher-shell's :begin/:commit: a transaction per batch, not one per statement.
    for start in range(0, len(data_lines), STATEMENTS_PER_TRANSACTION):
        lines += [":begin", *data_lines[start:start + STATEMENTS_PER_TRANSACTION], ":commit"]
    return "\n".join(lines) + "\n"


def write_cypher(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write the MERGE script of ``graph`` to ``path``."""
    pathlib.Path(path).write_text(to_cypher(graph), encoding="utf-8")
