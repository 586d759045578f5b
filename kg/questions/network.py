"""Questions over the whole network: timelines, shortest links, central and co-mentioned
actors, what the graph says about a place or a document, and the documents themselves.

>>> from kg.questions import example_graph
>>> graph = example_graph()
>>> [(r.relation, r.other) for r in timeline(graph, actor="赵二")]
[('MET', '王一')]
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from kg.graph import MENTIONED_IN
from kg.graph_props import ENTITY_LABELS, EVIDENCE, PROVENANCE_LINKS, fact_docs, is_fact
from kg.questions.names import (
    facts,
    find_nodes,
    in_scope,
    label_of,
    matching,
    name_of,
    provenance,
    sort_rows,
    within,
)
from kg.records import DOCUMENT

# ALL SHORTEST in the Cypher file needs a literal bound; the embedded engine honours it too.
MAX_PATH_HOPS = 8


@dataclass(frozen=True, slots=True)
class TimelineRow:
    actor: str
    direction: str  # "out": the actor is the subject; "in": the actor is the object
    relation: str
    other: str
    other_type: str
    date: str | None
    doc: str
    confidence: float | None
    source_count: int | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class PathRow:
    path: int
    hops: int
    walk: str  # names along the path: 王一 → 赵二
    relations: str  # one arrow per hop, in walking order: -[MET]-> <-[SENT]-


@dataclass(frozen=True, slots=True)
class CentralRow:
    name: str
    type: str
    degree: int
    pagerank: float


@dataclass(frozen=True, slots=True)
class CoMentionRow:
    actor: str
    other: str
    other_type: str
    documents: int
    docs: list[str]


@dataclass(frozen=True, slots=True)
class PlaceFactRow:
    relation: str
    subject: str
    object: str
    via: str  # where the place comes in: subject, object or destination
    date: str | None
    doc: str
    confidence: float | None
    source_count: int | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class DocumentFactRow:
    relation: str
    subject: str
    object: str
    start: int | None
    date: str | None
    doc: str
    confidence: float | None
    source_count: int | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class DocumentRow:
    doc: str
    title: str | None
    date: str | None
    source: str | None
    entities: int
    facts: int


def timeline(graph: nx.MultiDiGraph, *, actor: str) -> list[TimelineRow]:
    """Every fact with ``actor`` as subject or object, by date then document."""
    actors = matching(graph, actor) or set()
    rows = []
    for src, dst, rel in facts(graph):
        for direction, one, other in (("out", src, dst), ("in", dst, src)):
            if one in actors:
                rows.append(TimelineRow(name_of(graph, one), direction, str(rel["type"]),
                                        name_of(graph, other), label_of(graph, other),
                                        **provenance(rel)))
    return sort_rows(rows, ("date", "doc", "relation", "direction", "other"))


def _hop_options(graph: nx.MultiDiGraph, u: str, v: str) -> list[str]:
    """Each distinct relationship type between u and v, as an arrow walking u → v."""
    arrows = {f"-[{r['type']}]->" for r in (graph.get_edge_data(u, v) or {}).values()
              if r.get("type") not in PROVENANCE_LINKS}
    arrows |= {f"<-[{r['type']}]-" for r in (graph.get_edge_data(v, u) or {}).values()
               if r.get("type") not in PROVENANCE_LINKS}
    return sorted(arrows)


def shortest_paths(
    graph: nx.MultiDiGraph, *, a: str, b: str, max_hops: int = 4
) -> list[PathRow]:
    """Every shortest connection (fewest facts; mentions and report provenance left out)
    between ``a`` and ``b``.

    ``a`` and ``b`` are the best matches of the names; a path longer than ``max_hops``
    (at most 8) is no answer. One row per distinct walk and relationship sequence.

    >>> from kg.questions import example_graph
    >>> [(r.walk, r.relations) for r in shortest_paths(example_graph(), a="赵二", b="安徽省委")]
    [('赵二 → 王一 → 安徽省委', '<-[MET]- -[HOLDS_POSITION]->')]
    """
    starts, ends = find_nodes(graph, a), find_nodes(graph, b)
    if not starts or not ends or starts[0] == ends[0]:
        return []
    simple = nx.Graph()
    simple.add_edges_from((s, d) for s, d, t in graph.edges(data="type")
                          if t not in PROVENANCE_LINKS)
    try:
        paths = list(nx.all_shortest_paths(simple, starts[0], ends[0]))
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
    if len(paths[0]) - 1 > min(max_hops, MAX_PATH_HOPS):
        return []
    found = set()
    for path in paths:
        walk = " → ".join(name_of(graph, n) for n in path)
        options = [_hop_options(graph, u, v) for u, v in itertools.pairwise(path)]
        found |= {(walk, " ".join(combo)) for combo in itertools.product(*options)}
    return [PathRow(number, len(paths[0]) - 1, walk, relations)
            for number, (walk, relations) in enumerate(sorted(found), 1)]


def central(graph: nx.MultiDiGraph, *, label: str | None = None) -> list[CentralRow]:
    """Most connected actors: PageRank over facts and places, then fact degree.

    >>> from kg.questions import example_graph
    >>> [r.name for r in central(example_graph(), label="Person")]
    ['王一', '赵二']
    """
    rows = [
        CentralRow(str(d.get("name")), str(d["label"]), int(d.get("degree", 0)),
                   float(d.get("pagerank", 0.0)))
        for _, d in graph.nodes(data=True)
        if d.get("label") in ENTITY_LABELS and (label is None or d["label"] == label)
        and d.get("degree", 0) > 0
    ]
    return sort_rows(rows, ("-pagerank", "-degree", "name", "type"))


def co_mentioned(graph: nx.MultiDiGraph, *, actor: str) -> list[CoMentionRow]:
    """Actors named in the same documents as ``actor``, most shared documents first."""
    actors = matching(graph, actor) or set()
    mentions: defaultdict[str, set[str]] = defaultdict(set)  # document node → entities
    for src, dst, rel_type in graph.edges(data="type"):
        if rel_type == MENTIONED_IN:
            mentions[dst].add(src)
    rows = []
    for one in sorted(actors):
        shared: defaultdict[str, set[str]] = defaultdict(set)
        for _, doc_node, rel_type in graph.out_edges(one, data="type"):
            if rel_type == MENTIONED_IN:
                for other in mentions[doc_node] - {one}:
                    shared[other].add(str(graph.nodes[doc_node].get("doc")))
        rows += [CoMentionRow(name_of(graph, one), name_of(graph, other), label_of(graph, other),
                              len(docs), sorted(docs)) for other, docs in shared.items()]
    return sort_rows(rows, ("-documents", "other", "actor"))


def place_facts(graph: nx.MultiDiGraph, *, place: str) -> list[PlaceFactRow]:
    """What the graph says about a place: facts whose subject, object or destination lies
    in it (places under it and bodies named after it included)."""
    places = matching(graph, place) or set()
    rows = []
    for src, dst, rel in facts(graph):
        if within(graph, src, places):
            via = "subject"
        elif within(graph, dst, places):
            via = "object"
        elif rel.get("destination_scope") and in_scope(rel["destination_scope"], places):
            via = "destination"
        else:
            continue
        rows.append(PlaceFactRow(str(rel["type"]), name_of(graph, src), name_of(graph, dst), via,
                                 **provenance(rel)))
    return sort_rows(rows, ("date", "doc", "relation", "subject", "object"))


def document_facts(graph: nx.MultiDiGraph, *, doc: str) -> list[DocumentFactRow]:
    """Every fact document ``doc`` reports, in reading order; with one fact and many reports,
    the row shows this document's report (its Evidence node) rather than the first one."""
    reported = fact_docs(graph).get(doc, set())
    reports = {str(d.get("fact")): d for _, d in graph.nodes(data=True)
               if d.get("label") == EVIDENCE and str(d.get("doc")) == doc}
    rows = []
    for src, dst, key, rel in graph.edges(keys=True, data=True):
        if not is_fact(rel.get("type")) or str(key) not in reported:
            continue
        own = reports.get(str(key))
        if own is not None:  # this document's own report of the fact
            rel = {**rel, "doc": doc, "evidence": own.get("text"), "start": own.get("start"),
                   "confidence": own.get("confidence")}
        rows.append(DocumentFactRow(str(rel["type"]), name_of(graph, src), name_of(graph, dst),
                                    rel.get("start"), **provenance(rel)))
    return sort_rows(rows, ("start", "relation", "subject", "object"))


def documents(graph: nx.MultiDiGraph) -> list[DocumentRow]:
    """The documents: id, title, date, source, entities mentioned and facts drawn."""
    rows = [
        DocumentRow(str(d.get("doc")), d.get("title"), d.get("date"), d.get("source"),
                    int(d.get("entity_count", 0)), int(d.get("fact_count", 0)))
        for _, d in graph.nodes(data=True) if d.get("label") == DOCUMENT
    ]
    return sort_rows(rows, ("doc",))


__all__ = [
    "CentralRow", "CoMentionRow", "DocumentFactRow", "DocumentRow", "PathRow", "PlaceFactRow",
    "TimelineRow", "central", "co_mentioned", "document_facts", "documents", "is_fact",
    "place_facts", "shortest_paths", "timeline",
]
