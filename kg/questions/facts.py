"""Fact questions: who said, sent, donated, held which post, visited, met whom.

Every function takes the ``networkx.MultiDiGraph`` of :func:`kg.graph.build_graph` and returns
frozen dataclass rows whose fields are the question's output columns (the Cypher file of the
same question returns the same columns). Dates are the facts' ``effective_date`` (own date,
else the document's); place filters cover the places inside them (湖北省 covers 武汉市) and
the bodies named after them. The examples run on :func:`example_graph`:

>>> graph = example_graph()
>>> [(r.sender, r.group, r.destination, r.destination_province) for r in
...  dispatches(graph, destination="湖北")]
[('安徽省', '医疗队', '武汉市', '湖北省')]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.graph import normalize_name
from kg.questions.names import (
    facts,
    in_scope,
    label_of,
    matching,
    name_of,
    provenance,
    sort_rows,
    within,
)
from kg.records import GROUP

FACT_ORDER = ("date", "doc")


@dataclass(frozen=True, slots=True)
class StatementRow:
    speaker: str
    text: str
    mode: str | None
    date: str | None
    doc: str
    confidence: float | None
    source_count: int | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class AidRow:
    """One sending (``SENT``) or donation (``DONATED``): who gave what to where."""

    source: str
    source_province: str | None
    item: str
    amount: str | None  # count of people or quantity of goods, as written
    destination: str | None
    destination_province: str | None
    date: str | None
    doc: str
    confidence: float | None
    source_count: int | None
    evidence: str | None

    @property
    def sender(self) -> str:
        return self.source

    @property
    def group(self) -> str:
        return self.item


@dataclass(frozen=True, slots=True)
class PositionRow:
    person: str
    title: str | None
    body: str
    body_type: str
    first_seen: str | None  # tenure as reported, falling back to the fact's date
    last_seen: str | None
    date: str | None
    doc: str
    confidence: float | None
    source_count: int | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class PostRow:
    """One post of one person, over every report of it."""

    person: str
    title: str | None
    body: str
    body_type: str
    first_seen: str | None
    last_seen: str | None
    reports: int
    docs: list[str]


@dataclass(frozen=True, slots=True)
class VisitRow:
    person: str
    place: str
    place_type: str
    province: str | None
    date: str | None
    doc: str
    confidence: float | None
    source_count: int | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """``relation`` is MET (``other`` is an actor) or CHAIRED/ATTENDED (``other`` an event)."""

    actor: str
    relation: str
    role: str | None  # 陪同, 出席, ... as written for ATTENDED
    other: str
    other_type: str
    place: str | None
    date: str | None
    doc: str
    confidence: float | None
    source_count: int | None
    evidence: str | None


def example_graph() -> nx.MultiDiGraph:
    """A tiny graph from hand-written records: one sending, post, quote, visit and meeting."""
    from kg.graph import build_graph

    def entity(name: str, etype: str, **props: Any) -> dict[str, Any]:
        return {"kind": "entity", "doc": "d1", "name": name, "type": etype, "mentions": [],
                **props}

    def fact(subj: tuple[str, str], pred: str, obj: tuple[str, str], **attrs: Any) -> dict:
        return {"kind": "triple", "doc": "d1", "subject": {"name": subj[0], "type": subj[1]},
                "predicate": pred, "object": {"name": obj[0], "type": obj[1]}, "attrs": attrs,
                "evidence": {"text": "(sentence)", "start": 0, "end": 10}, "confidence": 0.9}

    person, place, org = "Person", "Place", "Organization"
    return build_graph([
        {"kind": "document", "doc": "d1", "date": "2020-02-08"},
        entity("安徽省", place, aliases=["安徽"], adcode="340000"),
        entity("湖北省", place, aliases=["湖北"], adcode="420000"),
        entity("武汉市", place, adcode="420100"),
        entity("安徽省委", org), entity("王一", person), entity("赵二", person),
        fact(("安徽省", place), "SENT", ("医疗队", GROUP), to="武汉市", count="100人"),
        fact(("王一", person), "HOLDS_POSITION", ("安徽省委", org), title="书记"),
        fact(("王一", person), "SAID", ("一定要平安回来。", "Statement"), mode="direct"),
        fact(("王一", person), "VISITED", ("武汉市", place)),
        fact(("王一", person), "MET", ("赵二", person)),
    ])


def statements(
    graph: nx.MultiDiGraph, *, speaker: str | None = None, contains: str | None = None
) -> list[StatementRow]:
    """Who said what, when (``mode`` is direct or indirect speech), by date then document.

    >>> graph = example_graph()
    >>> [(r.speaker, r.text, r.mode, r.date) for r in statements(graph, contains="平安")]
    [('王一', '一定要平安回来。', 'direct', '2020-02-08')]
    """
    speakers = matching(graph, speaker)
    needle = normalize_name(contains) if contains else None
    rows = []
    for src, dst, rel in facts(graph, "SAID"):
        text = str(graph.nodes[dst].get("text") or name_of(graph, dst))
        if (speakers is not None and src not in speakers) or (needle and needle not in text):
            continue
        rows.append(StatementRow(name_of(graph, src), text, rel.get("mode"), **provenance(rel)))
    return sort_rows(rows, FACT_ORDER)


def _aid(
    graph: nx.MultiDiGraph, predicate: str, source: str | None, destination: str | None
) -> list[AidRow]:
    sources, targets = matching(graph, source), matching(graph, destination)
    needle = normalize_name(destination) if destination else None
    rows = []
    for src, item, rel in facts(graph, predicate):
        if not within(graph, src, sources):
            continue
        written_match = (rel.get("destination_id") is None and needle is not None
                         and needle in str(rel.get("destination") or ""))
        if not (in_scope(rel.get("destination_scope"), targets) or written_match):
            continue
        rows.append(AidRow(
            name_of(graph, src), graph.nodes[src].get("province"), name_of(graph, item),
            rel.get("amount"), rel.get("destination"), rel.get("destination_province"),
            **provenance(rel),
        ))
    return sort_rows(rows, FACT_ORDER)


def dispatches(
    graph: nx.MultiDiGraph, *, destination: str | None = None, sender: str | None = None
) -> list[AidRow]:
    """Which places/organizations sent which groups (teams, staff) where, how many, when.

    A destination filter covers the places inside it; ``sender`` likewise (山东 covers 寿光市).

    >>> graph = example_graph()
    >>> [(r.sender, r.group, r.amount) for r in dispatches(graph, sender="安徽")]
    [('安徽省', '医疗队', '100人')]
    """
    return _aid(graph, "SENT", sender, destination)


def donations(
    graph: nx.MultiDiGraph, *, donor: str | None = None, recipient: str | None = None
) -> list[AidRow]:
    """Who donated what (with the quantity as written) to which place or organization.

    >>> graph = example_graph()
    >>> donations(graph)
    []
    """
    return _aid(graph, "DONATED", donor, recipient)


def _tenure(rel: dict[str, Any]) -> tuple[str | None, str | None]:
    date = rel.get("effective_date")
    return rel.get("first_seen") or date, rel.get("last_seen") or date


def positions(
    graph: nx.MultiDiGraph, *, person: str | None = None, body: str | None = None,
    title: str | None = None, at: str | None = None,
) -> list[PositionRow]:
    """Who holds which post (title) at which body (organization or place).

    A place as ``body`` covers the places inside it and the bodies named after them; ``title``
    matches titles containing it; ``at`` (a date or its prefix: 2020, 2020-02) keeps posts whose
    reported tenure (``first_seen`` .. ``last_seen``, else the fact's date) includes it.

    >>> graph = example_graph()
    >>> [(r.person, r.title, r.body) for r in positions(graph, body="安徽省委")]
    [('王一', '书记', '安徽省委')]
    >>> [r.person for r in positions(graph, title="书记", at="2020-02")]
    ['王一']
    """
    people, bodies = matching(graph, person), matching(graph, body)
    needle = normalize_name(title) if title else None
    rows = []
    for src, dst, rel in facts(graph, "HOLDS_POSITION"):
        if (people is not None and src not in people) or not within(graph, dst, bodies):
            continue
        if needle and needle not in str(rel.get("title") or ""):
            continue
        first, last = _tenure(rel)
        if at and not (first and last and first[: len(at)] <= at <= last[: len(at)]):
            continue
        rows.append(PositionRow(name_of(graph, src), rel.get("title"), name_of(graph, dst),
                                label_of(graph, dst), first, last, **provenance(rel)))
    return sort_rows(rows, FACT_ORDER)


def posts_of(graph: nx.MultiDiGraph, *, person: str) -> list[PostRow]:
    """Which posts ``person`` held: one row per (title, body), tenure over every report.

    >>> rows = posts_of(example_graph(), person="王一")
    >>> [(r.title, r.body, r.first_seen, r.reports) for r in rows]
    [('书记', '安徽省委', '2020-02-08', 1)]
    """
    people = matching(graph, person) or set()
    grouped: defaultdict[tuple[str, str | None, str], list[dict[str, Any]]] = defaultdict(list)
    for src, dst, rel in facts(graph, "HOLDS_POSITION"):
        if src in people:
            grouped[(src, rel.get("title"), dst)].append(rel)
    rows = []
    for (src, title, dst), rels in grouped.items():
        firsts = [f for f, _ in map(_tenure, rels) if f]
        lasts = [last for _, last in map(_tenure, rels) if last]
        rows.append(PostRow(
            name_of(graph, src), title, name_of(graph, dst), label_of(graph, dst),
            min(firsts) if firsts else None, max(lasts) if lasts else None, len(rels),
            sorted({str(r.get("doc")) for r in rels}),
        ))
    return sort_rows(rows, ("first_seen", "title", "body"))


def visits(
    graph: nx.MultiDiGraph, *, person: str | None = None, place: str | None = None
) -> list[VisitRow]:
    """Who visited which place or organization; a place filter covers the places inside it.

    >>> graph = example_graph()
    >>> [(r.person, r.place, r.province) for r in visits(graph, place="湖北")]
    [('王一', '武汉市', '湖北省')]
    """
    people, places = matching(graph, person), matching(graph, place)
    rows = []
    for src, dst, rel in facts(graph, "VISITED"):
        if (people is not None and src not in people) or not within(graph, dst, places):
            continue
        rows.append(VisitRow(name_of(graph, src), name_of(graph, dst), label_of(graph, dst),
                             graph.nodes[dst].get("province"), **provenance(rel)))
    return sort_rows(rows, FACT_ORDER)


def meetings(graph: nx.MultiDiGraph, *, actor: str | None = None) -> list[MeetingRow]:
    """Who met whom (either side may be ``actor``), and who chaired or attended which event.

    >>> graph = example_graph()
    >>> [(r.actor, r.relation, r.other) for r in meetings(graph, actor="赵二")]
    [('赵二', 'MET', '王一')]
    """
    actors = matching(graph, actor)
    rows = []
    for src, dst, rel in facts(graph, "MET", "CHAIRED", "ATTENDED"):
        ends = [(src, dst)]
        if rel["type"] == "MET" and actors is not None:
            ends.append((dst, src))  # filtered: a meeting counts for both sides
        for one, other in ends:
            if actors is not None and one not in actors:
                continue
            rows.append(MeetingRow(
                name_of(graph, one), str(rel["type"]), rel.get("role"), name_of(graph, other),
                label_of(graph, other), rel.get("to") or rel.get("place"), **provenance(rel),
            ))
    return sort_rows(rows, FACT_ORDER)
