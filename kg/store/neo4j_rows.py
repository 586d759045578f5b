"""What kg writes into Neo4j, independent of how: allow-listed labels and types, the marker,
and node/relationship properties converted generically (shared by the online loader in
``kg.store.neo4j`` and the bulk import files of ``kg.store.neo4j_admin``)."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import networkx as nx

from kg.graph import NODE_LABELS, REL_TYPE_PATTERN
from kg.store import StoreError

KG_LABEL = "Kg"  # on every node kg writes
KG_REL_MARKER = "_kg"  # property (true) on every relationship kg writes
_LABELS = frozenset(NODE_LABELS)
_SCALARS = (bool, int, float, str)
_PLAIN = frozenset({str, int, bool})  # stored as they are (exact types; subclasses converted)


def _label(label: str) -> str:
    """The label, quoted for Cypher, if it is one of ours; never user text."""
    if label not in _LABELS:
        raise StoreError(f"refusing to write unknown node label {label!r}")
    return f"`{label}`"


def _rel_type(rel_type: str) -> str:
    if not REL_TYPE_PATTERN.match(rel_type):
        raise StoreError(f"refusing to write relationship type {rel_type!r} (not UPPER_SNAKE)")
    return f"`{rel_type}`"


def neo4j_value(value: Any) -> Any:
    """A property value Neo4j stores as is; ``None`` means: leave the property out."""
    if isinstance(value, float) and not math.isfinite(value):
        return json.dumps(value)
    if value is None or isinstance(value, _SCALARS):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else list(value)
        if not items:
            return None
        kinds = {type(item) for item in items}
        if len(kinds) == 1 and kinds <= set(_SCALARS):
            if kinds == {float} and not all(math.isfinite(i) for i in items):
                return json.dumps(items)
            return items
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def neo4j_props(
    element_id: Any, data: Mapping[str, Any], skip: str, marker: bool = False
) -> dict[str, Any]:
    """The properties kg writes for a node (``skip="label"``) or relationship (``"type"``)."""
    props = {}
    plain, isfinite = _PLAIN, math.isfinite
    for key, value in data.items():
        if key == skip:
            continue
        kind = type(value)  # the common exact types first: one set lookup, no conversion
        if kind in plain or (kind is float and isfinite(value)):
            props[str(key)] = value
            continue
        converted = neo4j_value(value)
        if converted is not None:
            props[str(key)] = converted
    props["id"] = element_id
    if marker:
        props[KG_REL_MARKER] = True
    return props


def node_groups(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Rows ``{id, props}`` by label."""
    groups: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for node_id, data in graph.nodes(data=True):
        groups[data["label"]].append({"id": node_id, "props": neo4j_props(node_id, data, "label")})
    return groups


def rel_groups(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """Rows ``{src, dst, id, props}`` by (type, start label, end label)."""
    labels = dict(graph.nodes(data="label"))
    groups: defaultdict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for src, dst, key, data in graph.edges(keys=True, data=True):
        row = {"src": src, "dst": dst, "id": key, "props": neo4j_props(key, data, "type", True)}
        groups[(data["type"], labels[src], labels[dst])].append(row)
    return groups
