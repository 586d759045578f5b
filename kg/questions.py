"""Answers to the questions analysts ask of the graph, as lists of small named rows.

Every function takes the ``networkx.MultiDiGraph`` of :func:`kg.graph.build_graph` (or
``EmbeddedStore.graph()``) and returns frozen dataclass rows; :func:`as_dicts` turns them into
dicts for printing. Names given as filters are matched like a reader would: canonical names,
aliases, short forms (湖北 → 湖北省), traditional script, and, when nothing matches exactly, a
name containing the query. Place filters include the places inside them (湖北省 covers 武汉市).

The examples in the docstrings run on :func:`example_graph`, a tiny hand-written graph:

>>> graph = example_graph()
>>> [(r.sender, r.group, r.destination, r.destination_province) for r in
...  dispatches(graph, destination="湖北")]
[('安徽省', '医疗队', '武汉市', '湖北省')]
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.graph import ENTITY_LABELS, LOCATED_IN, normalize_name, stable_id
from kg.records import DOCUMENT, GROUP, ORGANIZATION, PLACE

# Suffixes a reader drops when naming a place or body (湖北 for 湖北省, 国务院 stays whole).
SHORT_FORM_SUFFIXES = (
    "省", "市", "县", "区", "州", "盟", "旗", "镇", "乡", "村", "街道", "自治区", "自治州",
    "自治县", "特别行政区", "地区",
)


# ---------------------------------------------------------------- rows
@dataclass(frozen=True, slots=True)
class StatementRow:
    speaker: str
    text: str
    mode: str | None
    date: str | None
    doc: str
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
    date: str | None
    doc: str
    evidence: str | None


@dataclass(frozen=True, slots=True)
class VisitRow:
    person: str
    place: str
    place_type: str
    province: str | None
    date: str | None
    doc: str
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


def as_dicts(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Rows as plain dicts with the dataclass field order (for JSON, CSV, tables)."""
    return [dataclasses.asdict(row) for row in rows]


# ---------------------------------------------------------------- names
def find_nodes(
    graph: nx.MultiDiGraph, name: str, *, labels: Iterable[str] = ENTITY_LABELS
) -> list[str]:
    """Node ids a reader would mean by ``name``, best match first.

    Tiers, the first non-empty one wins: the canonical name or an alias; a short form
    (湖北 for 湖北省) or a fuller place name ending in it (湖北省武汉市 for 武汉市); a name or
    alias containing the query (two characters at least).

    >>> graph = example_graph()
    >>> [graph.nodes[n]["name"] for n in find_nodes(graph, "湖北")]
    ['湖北省']
    >>> [graph.nodes[n]["name"] for n in find_nodes(graph, "省委")]
    ['安徽省委']
    """
    query, allowed = normalize_name(name), set(labels)
    tiers: list[list[str]] = [[], [], []]
    for node_id, data in graph.nodes(data=True):
        if data.get("label") not in allowed:
            continue
        names = [str(data.get("name", "")), *data.get("aliases", ())]
        if query in names:
            tiers[0].append(node_id)
        elif any(_short_form(query, n, data["label"]) for n in names):
            tiers[1].append(node_id)
        elif len(query) >= 2 and any(query in n for n in names):
            tiers[2].append(node_id)
    found = next((tier for tier in tiers if tier), [])

    def rank(node_id: str) -> tuple[int, int, str]:
        data = graph.nodes[node_id]
        name_ = str(data.get("name", ""))
        return (len(name_), -int(data.get("doc_count", 0)), name_)

    return sorted(found, key=rank)


def _short_form(query: str, name: str, label: str) -> bool:
    if len(query) < 2:
        return False
    if name.startswith(query) and name[len(query):] in SHORT_FORM_SUFFIXES:
        return True
    return label == PLACE and len(name) >= 2 and query.endswith(name)


def _matching(graph: nx.MultiDiGraph, name: str | None, *, within: bool = True) -> set[str] | None:
    """Ids matching ``name``; None means no filter.

    With ``within``, a place also stands for the places inside it and for the bodies named
    after them (江苏 covers 南京市, 江苏省委 and 江苏省卫生健康委员会).
    """
    if name is None:
        return None
    found = set(find_nodes(graph, name))
    if within:
        pending = list(found)
        while pending:
            node_id = pending.pop()
            for child, _, rel in graph.in_edges(node_id, data="type"):
                if rel == LOCATED_IN and child not in found:
                    found.add(child)
                    pending.append(child)
        for node_id, data in graph.nodes(data=True):
            if data.get("label") == ORGANIZATION and _home_place(graph, node_id) in found:
                found.add(node_id)
    return found


# ---------------------------------------------------------------- helpers
def _facts(graph: nx.MultiDiGraph, *types: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Fact relationships of ``types`` in reading order: by document, then evidence offset."""
    wanted = set(types)
    found = [(s, d, r) for s, d, r in graph.edges(data=True) if r.get("type") in wanted]
    found.sort(key=lambda f: (str(f[2].get("doc")), f[2].get("start") or 0))
    yield from found


def _name(graph: nx.MultiDiGraph, node_id: str) -> str:
    return str(graph.nodes[node_id].get("name", node_id))


def _date(graph: nx.MultiDiGraph, rel: Mapping[str, Any]) -> str | None:
    """The fact's own date, else its document's publication date."""
    if rel.get("date"):
        return str(rel["date"])
    doc_node = stable_id(DOCUMENT, rel.get("doc"))
    if doc_node in graph:
        return graph.nodes[doc_node].get("date")
    return None


def _province(graph: nx.MultiDiGraph, node_id: str | None) -> str | None:
    """The province (or top known place) a place lies in; organizations by their name prefix."""
    if node_id is None:
        return None
    if graph.nodes[node_id].get("label") == ORGANIZATION:
        node_id = _home_place(graph, node_id)
    if node_id is None or graph.nodes[node_id].get("label") != PLACE:
        return None
    seen = {node_id}
    while graph.nodes[node_id].get("level") != "province":
        parents = [p for _, p, t in graph.out_edges(node_id, data="type")
                   if t == LOCATED_IN and p not in seen]
        if not parents:
            return _name(graph, node_id) if graph.nodes[node_id].get("level") else None
        node_id = parents[0]
        seen.add(node_id)
    return _name(graph, node_id)


_PLACE_NAMES: weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple[int, dict[str, str]]] = (
    weakref.WeakKeyDictionary()
)


def _place_names(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Place names and aliases (two characters at least) → node id; canonical names win."""
    cached = _PLACE_NAMES.get(graph)
    if cached and cached[0] == graph.number_of_nodes():
        return cached[1]
    names: dict[str, str] = {}
    places = [(n, d) for n, d in graph.nodes(data=True) if d.get("label") == PLACE]
    for node_id, data in places:
        for alias in data.get("aliases", ()):
            if len(alias) >= 2:
                names.setdefault(alias, node_id)
    names.update({str(d["name"]): n for n, d in places if len(str(d.get("name", ""))) >= 2})
    _PLACE_NAMES[graph] = (graph.number_of_nodes(), names)
    return names


def _place_in(graph: nx.MultiDiGraph, text: str) -> str | None:
    """The most specific known place named in ``text``: the one ending last, then longest."""
    names, best = _place_names(graph), None
    for start in range(len(text)):
        for end in range(start + 2, len(text) + 1):
            if text[start:end] in names and (best is None or (end, end - start) > best[:2]):
                best = (end, end - start, names[text[start:end]])
    return best[2] if best else None


def _home_place(graph: nx.MultiDiGraph, org_id: str) -> str | None:
    """The place whose name starts an organization's name (江苏省卫生健康委员会 → 江苏省)."""
    name, names = str(graph.nodes[org_id].get("name", "")), _place_names(graph)
    for end in range(len(name) - 1, 1, -1):  # longest prefix first, never the whole name
        if name[:end] in names:
            return names[name[:end]]
    return None


def _order(rows: list[Any]) -> list[Any]:
    """By date (undated last) then document; within one, in the order the graph lists them."""
    return sorted(rows, key=lambda r: (r.date is None, r.date or "", r.doc))


# ---------------------------------------------------------------- questions
def statements(
    graph: nx.MultiDiGraph, *, speaker: str | None = None, contains: str | None = None
) -> list[StatementRow]:
    """Who said what, when (``mode`` is direct or indirect speech), by date then document.

    >>> graph = example_graph()
    >>> [(r.speaker, r.text, r.mode, r.date) for r in statements(graph, contains="平安")]
    [('王一', '一定要平安回来。', 'direct', '2020-02-08')]
    """
    speakers = _matching(graph, speaker, within=False)
    needle = normalize_name(contains) if contains else None
    rows = []
    for src, dst, rel in _facts(graph, "SAID"):
        text = str(graph.nodes[dst].get("text") or _name(graph, dst))
        if (speakers is not None and src not in speakers) or (needle and needle not in text):
            continue
        rows.append(StatementRow(_name(graph, src), text, rel.get("mode"), _date(graph, rel),
                                 str(rel.get("doc")), rel.get("evidence")))
    return _order(rows)


def _aid(
    graph: nx.MultiDiGraph, predicate: str, link: str, amount_key: str,
    source: str | None, destination: str | None,
) -> list[AidRow]:
    sources, targets = _matching(graph, source), _matching(graph, destination)
    rows = []
    for src, item, rel in _facts(graph, predicate):
        dests = [d for _, d, t in graph.out_edges(item, data="type") if t == link]
        written = rel.get("to") or graph.nodes[item].get("to")
        if not dests and isinstance(written, str):  # 湖北省武汉市的医院 → 武汉市
            named = find_nodes(graph, written, labels=(PLACE, ORGANIZATION))
            dests = named[:1] if len(named) == 1 else [p for p in [_place_in(graph, written)] if p]
        dest = dests[0] if dests else None
        if sources is not None and src not in sources:
            continue
        if targets is not None and (dest is None or dest not in targets) and not (
            dest is None and written and normalize_name(str(destination)) in str(written)
        ):
            continue
        amount = rel.get(amount_key) or graph.nodes[item].get(amount_key)
        rows.append(AidRow(
            _name(graph, src), _province(graph, src), _name(graph, item),
            None if amount is None else str(amount),
            _name(graph, dest) if dest else written, _province(graph, dest),
            _date(graph, rel), str(rel.get("doc")), rel.get("evidence"),
        ))
    return _order(rows)


def dispatches(
    graph: nx.MultiDiGraph, *, destination: str | None = None, sender: str | None = None
) -> list[AidRow]:
    """Which places/organizations sent which groups (teams, staff) where, how many, when.

    A destination filter covers the places inside it; ``sender`` likewise (山东 covers 寿光市).

    >>> graph = example_graph()
    >>> [(r.sender, r.group, r.amount) for r in dispatches(graph, sender="安徽")]
    [('安徽省', '医疗队', '100人')]
    """
    return _aid(graph, "SENT", "SENT_TO", "count", sender, destination)


def donations(
    graph: nx.MultiDiGraph, *, donor: str | None = None, recipient: str | None = None
) -> list[AidRow]:
    """Who donated what (with the quantity as written) to which place or organization.

    >>> graph = example_graph()
    >>> donations(graph)
    []
    """
    return _aid(graph, "DONATED", "DONATED_TO", "quantity", donor, recipient)


def positions(
    graph: nx.MultiDiGraph, *, person: str | None = None, body: str | None = None
) -> list[PositionRow]:
    """Who holds which post (title) at which body (organization or place).

    A place as ``body`` covers the places inside it and the bodies named after them.

    >>> graph = example_graph()
    >>> [(r.person, r.title, r.body) for r in positions(graph, body="安徽省委")]
    [('王一', '书记', '安徽省委')]
    """
    people, bodies = _matching(graph, person, within=False), _matching(graph, body)
    rows = []
    for src, dst, rel in _facts(graph, "HOLDS_POSITION"):
        if (people is not None and src not in people) or (bodies is not None and dst not in bodies):
            continue
        rows.append(PositionRow(_name(graph, src), rel.get("title"), _name(graph, dst),
                                str(graph.nodes[dst]["label"]), _date(graph, rel),
                                str(rel.get("doc")), rel.get("evidence")))
    return _order(rows)


def visits(
    graph: nx.MultiDiGraph, *, person: str | None = None, place: str | None = None
) -> list[VisitRow]:
    """Who visited which place or organization; a place filter covers the places inside it.

    >>> graph = example_graph()
    >>> [(r.person, r.place, r.province) for r in visits(graph, place="湖北")]
    [('王一', '武汉市', '湖北省')]
    """
    people, places = _matching(graph, person, within=False), _matching(graph, place)
    rows = []
    for src, dst, rel in _facts(graph, "VISITED"):
        if (people is not None and src not in people) or (places is not None and dst not in places):
            continue
        rows.append(VisitRow(_name(graph, src), _name(graph, dst), str(graph.nodes[dst]["label"]),
                             _province(graph, dst), _date(graph, rel), str(rel.get("doc")),
                             rel.get("evidence")))
    return _order(rows)


def meetings(graph: nx.MultiDiGraph, *, actor: str | None = None) -> list[MeetingRow]:
    """Who met whom (either side may be ``actor``), and who chaired or attended which event.

    >>> graph = example_graph()
    >>> [(r.actor, r.relation, r.other) for r in meetings(graph, actor="赵二")]
    [('赵二', 'MET', '王一')]
    """
    actors = _matching(graph, actor, within=False)
    rows = []
    for src, dst, rel in _facts(graph, "MET", "CHAIRED", "ATTENDED"):
        ends = [(src, dst)]
        if rel["type"] == "MET":
            ends.append((dst, src))
        for one, other in ends:
            if actors is None and one != src:
                continue  # unfiltered: each meeting once, as stated
            if actors is not None and one not in actors:
                continue
            rows.append(MeetingRow(
                _name(graph, one), str(rel["type"]), rel.get("role"), _name(graph, other),
                str(graph.nodes[other]["label"]), rel.get("to") or rel.get("place"),
                _date(graph, rel), str(rel.get("doc")), rel.get("evidence"),
            ))
    return _order(rows)


# The connection and profile questions live in kg.connections (kept out of this module for
# size); they stay importable from here, lazily, because kg.connections builds on this module.
_CONNECTION_NAMES = frozenset({"Hop", "Profile", "ProfileFact", "actor", "connection", "explain"})


def __getattr__(name: str) -> Any:
    if name in _CONNECTION_NAMES:
        import kg.connections

        return getattr(kg.connections, name)
    raise AttributeError(f"module 'kg.questions' has no attribute {name!r}")

