"""Names as a reader means them, and the small helpers every question family shares.

A name filter is matched in tiers, the first non-empty one wins: the canonical name or an
alias; a short form (湖北 for 湖北省) or a fuller place name ending in a known place
(湖北省武汉市 for 武汉市); a name or alias containing the query (two characters at least).
The Cypher files implement the same tiers over the same stored properties
(``kg.graph_props``), so both engines resolve a name to the same nodes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import networkx as nx

from kg.graph import ENTITY_LABELS, normalize_name
from kg.graph_props import best_named, is_fact


def as_dicts(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Rows as plain dicts with the dataclass field order (for JSON, CSV, tables)."""
    return [row if isinstance(row, dict) else dataclasses.asdict(row) for row in rows]


def find_nodes(
    graph: nx.MultiDiGraph, name: str, *, labels: Iterable[str] = ENTITY_LABELS
) -> list[str]:
    """Node ids a reader would mean by ``name``, best match first (shortest name, then name).

    >>> from kg.questions import example_graph
    >>> graph = example_graph()
    >>> [graph.nodes[n]["name"] for n in find_nodes(graph, "湖北")]
    ['湖北省']
    >>> [graph.nodes[n]["name"] for n in find_nodes(graph, "省委")]
    ['安徽省委']
    """
    allowed = set(labels)
    nodes = ((n, d) for n, d in graph.nodes(data=True) if d.get("label") in allowed)
    return best_named(normalize_name(name), nodes)


def matching(graph: nx.MultiDiGraph, name: str | None) -> set[str] | None:
    """Ids ``name`` means; None means no filter."""
    return None if name is None else set(find_nodes(graph, name))


def within(graph: nx.MultiDiGraph, node_id: str | None, found: set[str] | None) -> bool:
    """Is the node one of ``found`` or inside one (a place under it, a body named after it)?"""
    if found is None:
        return True
    if node_id is None:
        return False
    return any(p in found for p in graph.nodes[node_id].get("scope", (node_id,)))


def in_scope(scope: Sequence[str] | None, found: set[str] | None) -> bool:
    return found is None or any(p in found for p in scope or ())


def facts(graph: nx.MultiDiGraph, *types: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Fact relationships (of ``types``, or all), in reading order: document, evidence offset."""
    wanted = set(types)
    found = [
        (s, d, r) for s, d, r in graph.edges(data=True)
        if (r.get("type") in wanted if wanted else is_fact(r.get("type")))
    ]
    found.sort(key=lambda f: (str(f[2].get("doc")), f[2].get("start") or 0))
    yield from found


def name_of(graph: nx.MultiDiGraph, node_id: str) -> str:
    return str(graph.nodes[node_id].get("name", node_id))


def label_of(graph: nx.MultiDiGraph, node_id: str) -> str:
    return str(graph.nodes[node_id].get("label"))


def provenance(rel: Mapping[str, Any]) -> dict[str, Any]:
    """The columns every fact row ends with; ``source_count`` where the graph records it."""
    return {"date": rel.get("effective_date"), "doc": str(rel.get("doc")),
            "confidence": rel.get("confidence"), "source_count": rel.get("source_count"),
            "evidence": rel.get("evidence")}


def sort_rows(rows: list[Any], order: Sequence[str]) -> list[Any]:
    """Sort rows by ``order`` (``-col`` descending) as Cypher's ORDER BY does: a missing value
    counts as the largest (last ascending, first descending); ties keep their order."""
    for column in reversed(order):
        key = column.lstrip("-")
        descending = column.startswith("-")
        present = [r for r in rows if _get(r, key) is not None]
        absent = [r for r in rows if _get(r, key) is None]
        present.sort(key=lambda r, k=key: _get(r, k), reverse=descending)
        rows = absent + present if descending else present + absent
    return rows


def _get(row: Any, key: str) -> Any:
    return row.get(key) if isinstance(row, dict) else getattr(row, key)
