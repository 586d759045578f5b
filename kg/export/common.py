"""What every export format shares: flat attributes, consistent types, and graph selection."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from kg.graph import LOCATED_IN, MENTIONED_IN
from kg.graph_props import AID_TYPES, is_fact
from kg.questions.filters import date_bound
from kg.records import DOCUMENT, PREDICATES

# Per-fact links that travel with the fact that owns them (the fact's Group → destination).
_DESTINATION_LINKS = frozenset(link for link, _ in AID_TYPES.values())


def flat(value: Any) -> Any:
    """A value for a format without lists: lists and mappings become JSON text (UTF-8)."""
    if isinstance(value, (list, tuple, set, dict)):
        items = sorted(value) if isinstance(value, set) else value
        return json.dumps(items, ensure_ascii=False)
    return value


def unify_types(rows: Iterable[dict[str, Any]]) -> None:
    """Formats that declare one type per attribute (GraphML, GEXF) need every value of a key
    to share it: a key seen with two types becomes text everywhere."""
    rows = list(rows)
    kinds: defaultdict[str, set[type]] = defaultdict(set)
    for row in rows:
        for key, value in row.items():
            kinds[key].add(type(value))
    mixed = {key for key, seen in kinds.items() if len(seen) > 1}
    for row in rows:
        for key in mixed & set(row):
            row[key] = str(row[key])


def flat_graph(graph: nx.MultiDiGraph, *, rename: Mapping[str, str] | None = None
               ) -> nx.MultiDiGraph:
    """A copy for Gephi-style formats: ``label`` is the name, ``type`` the node label or
    relationship type, lists are JSON text, no nulls, one type per attribute key.

    ``rename`` renames attribute keys a format reserves (GEXF's ``start``/``end``).
    """
    rename = dict(rename or {})
    out = nx.MultiDiGraph()
    nodes = []
    for node_id, data in graph.nodes(data=True):
        attrs = {rename.get(k, k): flat(v) for k, v in data.items()
                 if v is not None and k != "label"}
        attrs.update(type=data.get("label"), label=str(data.get("name", node_id)))
        nodes.append((node_id, attrs))
    edges = []
    for src, dst, key, data in graph.edges(keys=True, data=True):
        attrs = {rename.get(k, k): flat(v) for k, v in data.items() if v is not None}
        attrs["label"] = str(data.get("type"))
        edges.append((src, dst, key, attrs))
    unify_types([a for _, a in nodes])
    unify_types([a for *_, a in edges])
    out.add_nodes_from(nodes)
    out.add_edges_from(edges)
    return out


def _in_range(date: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if not date:
        return False
    return not ((since and date[: len(since)] < since) or (until and date[: len(until)] > until))


# Links kept only with what they belong to (a place's parents, a fact's destination):
# asked for alone they would select nothing, so they are not offered.
_NOT_SELECTABLE = frozenset({LOCATED_IN}) | _DESTINATION_LINKS


def selectable_types(graph: nx.MultiDiGraph) -> list[str]:
    """The relationship types ``select(predicates=...)`` accepts: the extractors' predicates
    and MENTIONED_IN, plus whatever else the graph holds (records from elsewhere may carry
    other predicates), less the links that only travel with their owners."""
    present = {str(t) for *_, t in graph.edges(data="type") if t is not None}
    return sorted((set(PREDICATES) | {MENTIONED_IN} | present) - _NOT_SELECTABLE)


def _check_predicates(graph: nx.MultiDiGraph, wanted: set[str]) -> None:
    valid = selectable_types(graph)
    tied = sorted(wanted & _NOT_SELECTABLE)
    unknown = sorted(wanted - set(valid) - _NOT_SELECTABLE)
    if unknown:
        raise ValueError(f"--predicate: no relationship type {', '.join(unknown)} "
                         f"(valid: {', '.join(valid)})")
    if tied:
        raise ValueError(f"--predicate: {', '.join(tied)} cannot be selected alone: it comes "
                         f"with the facts and places it belongs to (valid: {', '.join(valid)})")


def select(
    graph: nx.MultiDiGraph, *, predicates: Iterable[str] | None = None, doc: str | None = None,
    since: str | None = None, until: str | None = None,
) -> nx.MultiDiGraph:
    """The part of ``graph`` an export asks for; the whole graph when nothing is asked.

    Kept: the relationships of ``predicates`` (any type, MENTIONED_IN included), from
    document ``doc``, dated (the fact's effective date, a mention's document date) within
    ``since``..``until``; the nodes they join; the destination links of kept facts; and the
    places above every kept place, with their LOCATED_IN links.

    A bad request raises ``ValueError`` rather than return an empty graph: a date bound that
    is not a date (:func:`kg.questions.filters.date_bound`), a predicate that is neither in
    the graph nor one the extractors make, a ``doc`` the graph has no document of.
    """
    since, until = date_bound(since, "--since"), date_bound(until, "--until")
    wanted = set(predicates) if predicates else None
    if wanted is None and doc is None and since is None and until is None:
        return graph
    doc_dates = {str(d.get("doc")): d.get("date") for _, d in graph.nodes(data=True)
                 if d.get("label") == DOCUMENT}
    if wanted is not None:
        _check_predicates(graph, wanted)
    if doc is not None and doc not in doc_dates:
        raise ValueError(f"--doc: no document {doc!r} in the graph "
                         "(list them with `kg ask documents`)")
    kept: list[tuple[str, str, str]] = []
    for src, dst, key, rel in graph.edges(keys=True, data=True):
        rel_type = rel.get("type")
        if rel_type == LOCATED_IN or rel_type in _DESTINATION_LINKS:
            continue  # added with what they belong to
        if wanted is not None and rel_type not in wanted:
            continue
        if doc is not None and str(rel.get("doc")) != doc:
            continue
        date = (rel.get("effective_date") if is_fact(rel_type)
                else doc_dates.get(str(rel.get("doc"))) if rel_type == MENTIONED_IN else None)
        if _in_range(date, since, until):
            kept.append((src, dst, key))
    for src, dst, _key in list(kept):
        if graph.edges[src, dst, _key].get("type") in AID_TYPES:
            kept += [(dst, d, k) for _, d, k, t in graph.out_edges(dst, keys=True, data="type")
                     if t in _DESTINATION_LINKS]
    nodes = {n for src, dst, _ in kept for n in (src, dst)}
    pending = list(nodes)
    while pending:  # the hierarchy above kept places
        node = pending.pop()
        for _, parent, key, rel_type in graph.out_edges(node, keys=True, data="type"):
            if rel_type == LOCATED_IN:
                kept.append((node, parent, key))
                if parent not in nodes:
                    nodes.add(parent)
                    pending.append(parent)
    out = nx.MultiDiGraph()
    out.graph.update(graph.graph)
    out.add_nodes_from((n, graph.nodes[n]) for n in nodes)
    out.add_edges_from((s, d, k, graph.edges[s, d, k]) for s, d, k in kept)
    return out
