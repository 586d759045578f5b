"""How two actors are connected, and an actor's profile: questions over paths in the graph.

Part of the question library (:mod:`kg.questions` re-exports these names). The docstring
examples run on :func:`kg.questions.example_graph`.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.graph import MENTIONED_IN
from kg.questions.names import find_nodes
from kg.questions.names import name_of as _name

# A fact names its link; a shared document is weaker evidence of a connection.
_HOP_WEIGHTS = {MENTIONED_IN: 1.6}
# Paths up to this much weaker than the best are alternatives worth showing.
_PATH_SLACK = 1.0
_PATHS_PER_ANSWER = 10


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a connection: ``source -[relation]-> target`` as the graph stores it."""

    path: int
    step: int
    source: str
    relation: str
    target: str
    doc: str | None
    evidence: str | None
    against: bool = False  # the walk from ``a`` to ``b`` runs target → source here


@dataclass(frozen=True, slots=True)
class ProfileFact:
    direction: str  # "out": the actor is the subject; "in": the actor is the object
    relation: str
    other: str
    other_type: str
    detail: str
    doc: str | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    type: str
    aliases: tuple[str, ...]
    docs: tuple[str, ...]
    props: Mapping[str, Any] = field(default_factory=dict)
    facts: tuple[ProfileFact, ...] = ()


# ---------------------------------------------------------------- connections
def _undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """One weighted edge per linked pair, weighted by its strongest relationship."""
    simple = nx.Graph()
    for src, dst, rel_type in graph.edges(data="type"):
        weight = _HOP_WEIGHTS.get(str(rel_type), 1.0)
        if not simple.has_edge(src, dst) or simple[src][dst]["weight"] > weight:
            simple.add_edge(src, dst, weight=weight)
    return simple


def _best_edge(graph: nx.MultiDiGraph, u: str, v: str) -> tuple[str, str, dict[str, Any]]:
    """The most telling relationship between ``u`` and ``v``, in whichever direction it runs."""
    candidates = [(u, v, d) for d in (graph.get_edge_data(u, v) or {}).values()]
    candidates += [(v, u, d) for d in (graph.get_edge_data(v, u) or {}).values()]
    return min(candidates, key=lambda c: (_HOP_WEIGHTS.get(str(c[2].get("type")), 1.0),
                                          -float(c[2].get("confidence") or 0)))


def connection(
    graph: nx.MultiDiGraph, a: str, b: str, *, max_hops: int = 4, limit: int = 3
) -> list[Hop]:
    """How ``a`` and ``b`` are connected: up to ``limit`` paths of at most ``max_hops`` steps.

    Paths run through facts, groups, places and documents, best first: a fact counts as one
    step, a shared document as a weaker link, and only paths about as short as the best one
    (at most one step longer) are alternatives. Each hop names the relationship as stored
    (``source -[relation]-> target``), its document and evidence. Empty when either name is
    unknown or no path is short enough.

    >>> from kg.questions import example_graph
    >>> graph = example_graph()
    >>> print(explain(connection(graph, "安徽", "湖北")))
    1. 安徽省 -[SENT]-> 医疗队 ; 医疗队 -[SENT_TO]-> 武汉市 ; 武汉市 -[LOCATED_IN]-> 湖北省
    2. 安徽省 -[MENTIONED_IN]-> d1 ; 湖北省 -[MENTIONED_IN]-> d1
    >>> print(explain(connection(graph, "赵二", "安徽省委")))
    1. 王一 -[MET]-> 赵二 ; 王一 -[HOLDS_POSITION]-> 安徽省委
    """
    starts, ends = find_nodes(graph, a), find_nodes(graph, b)
    if not starts or not ends or starts[0] == ends[0]:
        return []
    simple = _undirected(graph)
    hops: list[Hop] = []
    best: float | None = None
    paths = nx.shortest_simple_paths(simple, starts[0], ends[0], weight="weight")
    try:
        # Yen's algorithm yields paths by weight; a few dozen bounds the work on big graphs.
        for path in itertools.islice(paths, limit * _PATHS_PER_ANSWER):
            weight = nx.path_weight(simple, path, "weight")
            best = weight if best is None else best
            if weight > best + _PATH_SLACK or (hops and hops[-1].path >= limit):
                break
            if len(path) - 1 > max_hops:
                continue
            number = hops[-1].path + 1 if hops else 1
            for step, (u, v) in enumerate(itertools.pairwise(path), 1):
                src, dst, rel = _best_edge(graph, u, v)
                hops.append(Hop(number, step, _name(graph, src), str(rel.get("type")),
                                _name(graph, dst), rel.get("doc"), rel.get("evidence"),
                                against=src != u))
    except nx.NetworkXNoPath:
        return []
    return hops


def explain(hops: Iterable[Hop], *, evidence: bool = False) -> str:
    """One line per path: ``1. A -[REL]-> B ; B -[REL]-> C``.

    With ``evidence``, a path is its walk ``1. A → B → C`` followed by one line per hop with
    its document and sentence.

    >>> from kg.questions import example_graph
    >>> graph = example_graph()
    >>> print(explain(connection(graph, "赵二", "安徽省委"), evidence=True))
    1. 赵二 → 王一 → 安徽省委
       王一 -[MET]-> 赵二  [d1: (sentence)]
       王一 -[HOLDS_POSITION]-> 安徽省委  [d1: (sentence)]
    """
    by_path: dict[int, list[Hop]] = {}
    for hop in hops:
        by_path.setdefault(hop.path, []).append(hop)
    lines = []
    for number, path_hops in by_path.items():
        steps = [f"{h.source} -[{h.relation}]-> {h.target}" for h in path_hops]
        walk = " → ".join(_walk(path_hops))
        lines.append(f"{number}. {walk}" if evidence else f"{number}. {' ; '.join(steps)}")
        if evidence:
            for step, hop in zip(steps, path_hops, strict=True):
                where = f"{hop.doc}: {hop.evidence}" if hop.evidence else hop.doc or ""
                lines.append(f"   {step}  [{where}]" if where else f"   {step}")
    return "\n".join(lines)


def _walk(hops: list[Hop]) -> list[str]:
    """The names along a path in walking order."""
    names = [hops[0].target if hops[0].against else hops[0].source]
    names += [hop.source if hop.against else hop.target for hop in hops]
    return names


# ---------------------------------------------------------------- profiles
_DETAIL_SKIP = {"id", "type", "doc", "evidence", "start", "end", "confidence", "extractor",
                "docs", "starts", "ends", "count_mentions", "doc_count", "source_count",
                "evidence_count", "first_reported", "last_reported", "first_seen", "last_seen",
                "effective_date", "destination_id", "destination_scope", "destination_province"}


def _detail(rel: Mapping[str, Any]) -> str:
    parts = []
    for key, value in rel.items():
        if key in _DETAIL_SKIP or value in (None, "", []):
            continue
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        parts.append(f"{key}={text}")
    return ", ".join(parts)


def actor(graph: nx.MultiDiGraph, name: str) -> list[Profile]:
    """Profiles of the entities ``name`` may mean: type, aliases, documents, facts in and out.

    ``MENTIONED_IN`` links are summarised as ``docs``, not listed as facts.

    >>> from kg.questions import example_graph
    >>> graph = example_graph()
    >>> [(p.name, p.type, p.aliases) for p in actor(graph, "湖北")]
    [('湖北省', 'Place', ('湖北',))]
    >>> [(f.direction, f.relation, f.other, f.detail) for f in actor(graph, "王一")[0].facts][:2]
    [('out', 'HOLDS_POSITION', '安徽省委', 'title=书记'), ('out', 'MET', '赵二', '')]
    """
    profiles = []
    for node_id in find_nodes(graph, name):
        data = graph.nodes[node_id]
        facts = []
        for direction, edges in (("out", graph.out_edges(node_id, data=True)),
                                 ("in", graph.in_edges(node_id, data=True))):
            for src, dst, rel in edges:
                if rel.get("type") == MENTIONED_IN:
                    continue
                other = dst if direction == "out" else src
                facts.append(ProfileFact(direction, str(rel.get("type")), _name(graph, other),
                                         str(graph.nodes[other].get("label")), _detail(rel),
                                         rel.get("doc"), rel.get("evidence")))
        facts.sort(key=lambda f: (f.direction != "out", f.relation, f.other, f.doc or ""))
        props = {k: data[k] for k in ("adcode", "level", "lat", "lon", "parent") if k in data}
        # Nodes keep a count, not the list: the documents are the MENTIONED_IN targets.
        docs = sorted({str(rel.get("doc")) for _, _, rel in graph.out_edges(node_id, data=True)
                       if rel.get("type") == MENTIONED_IN})
        profiles.append(Profile(str(data.get("name")), str(data.get("label")),
                                tuple(data.get("aliases", ())), tuple(docs),
                                props, tuple(facts)))
    return profiles
