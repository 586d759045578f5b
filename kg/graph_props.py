"""Derived properties the questions read, computed once when the graph is built.

Both engines answer from the same stored properties, so Neo4j (after ``kg load``) and the
embedded store give the same answers without re-implementing inference in Cypher:

* every fact relationship: ``effective_date`` (its own ``date``, else its document's date);
* ``SENT``/``DONATED`` facts: ``destination`` (the known place/body, else the text written),
  ``destination_id``, ``destination_scope`` (the destination's id and the ids of every place
  above it, so "sent to 湖北省" finds teams sent to 武汉市), ``destination_province`` and
  ``amount`` (count of people or quantity of goods, as written);
* Person/Place/Organization nodes: ``short_names`` (湖北 for 湖北省), ``scope`` (own id, the
  places above a place, and for a body the place its name starts with and the places above
  that: 江苏省卫生健康委员会 lies in 江苏省), ``province``, ``degree`` (facts in and out) and
  ``pagerank`` (over facts and the place hierarchy both ways, mentions left out);
* Document nodes: ``entity_count`` and ``fact_count`` (facts it reports: with one fact and
  many reports, through the reports' ``Evidence`` nodes);
* places with an adcode and no coordinates: ``lat``/``lon`` of the administrative table.

Called from one hook in :func:`kg.graph.build_graph` (imported there lazily: this module
builds on :mod:`kg.graph`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import numpy as np

from kg.graph_schema import ENTITY_LABELS, LOCATED_IN, MENTIONED_IN, STRUCTURAL_TYPES
from kg.keys import adcode_table as _adcode_table
from kg.keys import normalize_name
from kg.records import DOCUMENT, ORGANIZATION, PLACE

# Provenance links of the facts model (a report's Evidence node → its Document, a reprint →
# its original): never facts, and no connection between actors. ``cypher/`` lists the same.
EVIDENCE, FROM_DOCUMENT, COPY_OF = "Evidence", "FROM_DOCUMENT", "COPY_OF"
PROVENANCE_LINKS = frozenset({MENTIONED_IN, FROM_DOCUMENT, COPY_OF})
NON_FACT_TYPES = frozenset(STRUCTURAL_TYPES) | PROVENANCE_LINKS

# Fact type → (link from its per-fact node to the destination, attribute holding the amount).
AID_TYPES: Mapping[str, tuple[str, str]] = {
    "SENT": ("SENT_TO", "count"), "DONATED": ("DONATED_TO", "quantity"),
}
# Suffixes a reader drops when naming a place or body (湖北 for 湖北省, 国务院 stays whole).
SHORT_FORM_SUFFIXES = (
    "省", "市", "县", "区", "州", "盟", "旗", "镇", "乡", "村", "街道", "自治区", "自治州",
    "自治县", "特别行政区", "地区",
)
PAGERANK_DAMPING = 0.85
PAGERANK_DIGITS = 6  # stored rounded: both engines then sort on exactly the same numbers


def add_derived_properties(graph: nx.MultiDiGraph) -> None:
    """Set the derived properties above on ``graph`` in place (idempotent)."""
    place_names = _place_names(graph)
    _coordinates(graph)
    for node_id, data in graph.nodes(data=True):
        if data.get("label") in ENTITY_LABELS:
            data["short_names"] = short_names([str(data.get("name", "")),
                                               *data.get("aliases", ())])
            data["scope"] = _scope(graph, node_id, place_names)
    for _, data in graph.nodes(data=True):
        if data.get("label") in ENTITY_LABELS:
            _set(data, "province", _province(graph, data["scope"]))
    _fact_properties(graph, place_names)
    _centrality(graph)
    _document_counts(graph)


def short_names(names: Iterable[str]) -> list[str]:
    """The forms a reader shortens ``names`` to, dropping the longest administrative suffix:
    湖北省 → 湖北, 新疆维吾尔自治区 → 新疆维吾尔 (not 新疆维吾尔自治)."""
    names = list(names)
    found = set()
    for name in names:
        suffixes = [s for s in SHORT_FORM_SUFFIXES if name.endswith(s) and len(name) - len(s) >= 2]
        if suffixes:
            found.add(name[: -len(max(suffixes, key=len))])
    return sorted(found - set(names))


def _set(data: dict[str, Any], key: str, value: Any) -> None:
    """Neo4j has no null properties: absent means unknown, in both engines."""
    if value is None:
        data.pop(key, None)
    else:
        data[key] = value


def is_fact(rel_type: object) -> bool:
    return str(rel_type) not in NON_FACT_TYPES


# ---------------------------------------------------------------- places
def _place_names(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Place names and aliases (two characters at least) → node id; canonical names win."""
    names: dict[str, str] = {}
    places = sorted((n, d) for n, d in graph.nodes(data=True) if d.get("label") == PLACE)
    for node_id, data in places:
        for alias in data.get("aliases", ()):
            if len(alias) >= 2:
                names.setdefault(alias, node_id)
    names.update({str(d["name"]): n for n, d in places if len(str(d.get("name", ""))) >= 2})
    return names


def place_in(text: str, names: Mapping[str, str]) -> str | None:
    """The most specific known place named in ``text``: the one ending last, then longest."""
    best: tuple[int, int, str] | None = None
    for start in range(len(text)):
        for end in range(start + 2, len(text) + 1):
            if text[start:end] in names and (best is None or (end, end - start) > best[:2]):
                best = (end, end - start, names[text[start:end]])
    return best[2] if best else None


def _home_place(name: str, names: Mapping[str, str]) -> str | None:
    """The place whose name starts an organization's name (江苏省卫生健康委员会 → 江苏省)."""
    for end in range(len(name) - 1, 1, -1):  # longest prefix first, never the whole name
        if name[:end] in names:
            return names[name[:end]]
    return None


def _ancestors(graph: nx.MultiDiGraph, node_id: str) -> list[str]:
    """``node_id`` and the places above it, nearest first."""
    chain, pending = [node_id], [node_id]
    while pending:
        current = pending.pop(0)
        for _, parent, rel_type in sorted(graph.out_edges(current, data="type")):
            if rel_type == LOCATED_IN and parent not in chain:
                chain.append(parent)
                pending.append(parent)
    return chain


def _scope(graph: nx.MultiDiGraph, node_id: str, place_names: Mapping[str, str]) -> list[str]:
    chain = _ancestors(graph, node_id)
    if graph.nodes[node_id].get("label") == ORGANIZATION:
        home = _home_place(str(graph.nodes[node_id].get("name", "")), place_names)
        if home is not None:
            chain += [p for p in _ancestors(graph, home) if p not in chain]
    return chain


def _province(graph: nx.MultiDiGraph, scope: list[str]) -> str | None:
    """The province among the places of ``scope``, else its top place that has a level."""
    places = [p for p in scope if graph.nodes[p].get("label") == PLACE]
    for place in places:
        if graph.nodes[place].get("level") == "province":
            return str(graph.nodes[place].get("name"))
    if places and graph.nodes[places[-1]].get("level"):
        return str(graph.nodes[places[-1]].get("name"))
    return None


def _coordinates(graph: nx.MultiDiGraph) -> None:
    """Places with an adcode but no coordinates get the administrative table's (for maps)."""
    table = _adcode_table()[0]
    for _, data in graph.nodes(data=True):
        code = data.get("adcode")
        if data.get("label") == PLACE and code in table and data.get("lat") is None:
            _, lon, lat = table[code]
            if lon is not None and lat is not None:
                data["lon"], data["lat"] = lon, lat


# ---------------------------------------------------------------- facts
def _fact_properties(graph: nx.MultiDiGraph, place_names: Mapping[str, str]) -> None:
    doc_dates = {
        str(d.get("doc")): d.get("date")
        for _, d in graph.nodes(data=True) if d.get("label") == DOCUMENT
    }
    targets = [(n, d) for n, d in graph.nodes(data=True) if d.get("label") in (PLACE, ORGANIZATION)]
    for _, obj, rel in graph.edges(data=True):
        if not is_fact(rel.get("type")):
            continue
        # Own date, else (one fact, many reports) the first report's date, else the document's.
        _set(rel, "effective_date", rel.get("date") or rel.get("first_reported")
             or doc_dates.get(str(rel.get("doc"))))
        if rel.get("type") in AID_TYPES:
            _destination(graph, obj, rel, place_names, targets)


def name_tier(query: str, data: Mapping[str, Any]) -> int | None:
    """How well ``query`` names a node: 0 its name or an alias; 1 a short form of one (湖北 for
    湖北省) or, for a place, a fuller name ending in one (湖北省武汉市 for 武汉市); 2 a name
    or alias containing it (two characters at least); None not at all.

    >>> data = {"name": "湖北省", "aliases": ["湖北"], "short_names": ["湖北"], "label": "Place"}
    >>> [name_tier(q, data) for q in ("湖北省", "湖北省武汉市湖北省", "北省", "武汉")]
    [0, 1, 2, None]
    """
    names = [str(data.get("name", "")), *data.get("aliases", ())]
    if query in names:
        return 0
    if len(query) >= 2 and (
        query in data.get("short_names", ())
        or (data.get("label") == PLACE and any(len(n) >= 2 and query.endswith(n) for n in names))
    ):
        return 1
    if len(query) >= 2 and any(query in n for n in names):
        return 2
    return None


def best_named(query: str, nodes: Iterable[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """The ids of ``nodes`` in the best tier ``query`` reaches, by (name length, name, id)."""
    tiers: list[list[tuple[int, str, str]]] = [[], [], []]
    for node_id, data in nodes:
        tier = name_tier(query, data)
        if tier is not None:
            name = str(data.get("name", ""))
            tiers[tier].append((len(name), name, node_id))
    return [node_id for *_, node_id in sorted(next((t for t in tiers if t), []))]


def _destination(
    graph: nx.MultiDiGraph, item: str, rel: dict[str, Any],
    place_names: Mapping[str, str], targets: list[tuple[str, dict[str, Any]]],
) -> None:
    link, amount_key = AID_TYPES[str(rel["type"])]
    item_data = graph.nodes[item]
    dests = sorted(d for _, d, t in graph.out_edges(item, data="type") if t == link)
    written = rel.get("to") or item_data.get("to")
    if not dests and isinstance(written, str):  # 湖北省武汉市的医院 → 武汉市
        named = best_named(normalize_name(written), targets)
        dests = named if len(named) == 1 else [p for p in [place_in(written, place_names)] if p]
    dest = dests[0] if dests else None
    amount = rel.get(amount_key) or item_data.get(amount_key)
    scope = graph.nodes[dest].get("scope") if dest else None
    _set(rel, "amount", None if amount is None else str(amount))
    _set(rel, "destination", graph.nodes[dest].get("name") if dest else written)
    _set(rel, "destination_id", dest)
    _set(rel, "destination_scope", list(scope) if scope else None)
    _set(rel, "destination_province", graph.nodes[dest].get("province") if dest else None)


# ---------------------------------------------------------------- centrality and documents
def _centrality(graph: nx.MultiDiGraph) -> None:
    # A link counts both ways: being met, sent to or visited connects as much as the reverse.
    links = [(s, d) for s, d, t in graph.edges(data="type") if t not in PROVENANCE_LINKS]
    ranks = pagerank(graph.nodes, links + [(d, s) for s, d in links])
    degree: defaultdict[str, int] = defaultdict(int)
    for src, dst, rel_type in graph.edges(data="type"):
        if is_fact(rel_type):
            degree[src] += 1
            degree[dst] += 1
    for node_id, data in graph.nodes(data=True):
        if data.get("label") in ENTITY_LABELS:
            data["degree"] = degree[node_id]
            data["pagerank"] = round(ranks.get(node_id, 0.0), PAGERANK_DIGITS)


def pagerank(
    nodes: Iterable[str], links: Iterable[tuple[str, str]], *, iterations: int = 100,
    tolerance: float = 1e-10,
) -> dict[str, float]:
    """PageRank by power iteration in numpy (no scipy needed); dangling nodes spread evenly,
    parallel links count once each. Same definition as ``networkx.pagerank`` (tested).

    >>> ranks = pagerank(["a", "b", "c"], [("a", "b"), ("c", "b")])
    >>> max(ranks, key=ranks.get), round(sum(ranks.values()), 6)
    ('b', 1.0)
    """
    order = list(nodes)
    if not order:
        return {}
    index = {node: i for i, node in enumerate(order)}
    pairs = np.array([(index[s], index[d]) for s, d in links], dtype=np.int64).reshape(-1, 2)
    src, dst = pairs[:, 0], pairs[:, 1]
    size = len(order)
    out_degree = np.bincount(src, minlength=size).astype(float)
    dangling = out_degree == 0
    share = 1.0 / np.where(dangling, 1.0, out_degree)
    rank = np.full(size, 1.0 / size)
    for _ in range(iterations):
        base = (1 - PAGERANK_DAMPING) / size + PAGERANK_DAMPING * rank[dangling].sum() / size
        new = base + PAGERANK_DAMPING * np.bincount(dst, weights=(rank * share)[src],
                                                    minlength=size)
        change = float(np.abs(new - rank).sum())
        rank = new
        if change < tolerance:
            break
    return dict(zip(order, rank.tolist(), strict=True))


def fact_docs(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Document → ids of the facts it reports: every report's Evidence node where the graph
    has them (one fact, many reports), and each fact's own ``doc``."""
    found: defaultdict[str, set[str]] = defaultdict(set)
    for _, _, key, rel in graph.edges(keys=True, data=True):
        if is_fact(rel.get("type")) and rel.get("doc") is not None:
            found[str(rel["doc"])].add(str(key))
    for _, data in graph.nodes(data=True):
        if data.get("label") == EVIDENCE and data.get("fact") and data.get("doc"):
            found[str(data["doc"])].add(str(data["fact"]))
    return found


def _document_counts(graph: nx.MultiDiGraph) -> None:
    entities: defaultdict[str, int] = defaultdict(int)
    for _, dst, rel_type in graph.edges(data="type"):
        if rel_type == MENTIONED_IN:
            entities[dst] += 1
    facts = fact_docs(graph)
    for node_id, data in graph.nodes(data=True):
        if data.get("label") == DOCUMENT:
            data["entity_count"] = entities[node_id]
            data["fact_count"] = len(facts.get(str(data.get("doc")), ()))
