"""Tables for notebooks: rows with column headers, shown as HTML in Jupyter, text elsewhere.

No pandas needed: :class:`Table` keeps a list of dicts and its columns; ``table.to_pandas()``
gives a DataFrame when pandas is installed. The builders here read the embedded graph
(``kg.store.embedded.EmbeddedStore(...).graph()``) and stay bounded on large stores: every
ranking takes ``top``, and betweenness is estimated from a sample of sources on big graphs.

>>> t = Table([{"name": "湖北省", "count": 2}], ["name", "count"])
>>> print(t)
name    count
------  -----
湖北省      2
"""

from __future__ import annotations

import html
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.graph_props import is_fact

ACTOR_LABELS = ("Person", "Organization", "Place")
# Above this many actor nodes, betweenness uses this many sampled sources (networkx's k).
BETWEENNESS_EXACT_MAX, BETWEENNESS_SAMPLES = 2000, 100
MAX_CELL = 60


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    text = str(value)
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"


@dataclass(repr=False)
class Table:
    """Rows (dicts) under named columns; ``title`` is shown above them."""

    rows: list[dict[str, Any]]
    columns: Sequence[str]
    title: str = ""
    total: int | None = None  # rows before a cut (top-N), when more than shown
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[Any]:
        return [row.get(name) for row in self.rows]

    def _footer(self) -> str:
        if self.total is not None and self.total > len(self.rows):
            return f"{len(self.rows)} of {self.total} rows"
        return f"{len(self.rows)} rows"

    def __str__(self) -> str:
        cells = [[_cell(r.get(c)) for c in self.columns] for r in self.rows]
        widths = [max([_width(c), *(_width(row[i]) for row in cells)])
                  for i, c in enumerate(self.columns)]

        numeric = [all(isinstance(r.get(c), int | float) for r in self.rows if r.get(c) is not None)
                   for c in self.columns]

        def line(values: Sequence[str], header: bool = False) -> str:
            return "  ".join(" " * (w - _width(v)) + v if num and not header
                             else v + " " * (w - _width(v))
                             for v, w, num in zip(values, widths, numeric, strict=True)).rstrip()

        out = [self.title] if self.title else []
        out += [line(list(self.columns), True), line(["-" * w for w in widths], True)]
        out += [line(row) for row in cells]
        return "\n".join(out)

    def __repr__(self) -> str:
        return f"{self}\n({self._footer()})"

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(r.get(c)))}</td>"
                                        for c in self.columns) + "</tr>" for r in self.rows)
        title = f"<b>{html.escape(self.title)}</b><br>" if self.title else ""
        notes = "".join(f"<br><i>{html.escape(n)}</i>" for n in self.notes)
        return (f"{title}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
                f"<small>{self._footer()}</small>{notes}")

    def to_pandas(self) -> Any:
        import pandas as pd  # optional

        return pd.DataFrame(self.rows, columns=list(self.columns))


def table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None, *,
          title: str = "", top: int | None = None) -> Table:
    """A :class:`Table` of ``rows`` (the first ``top``; columns: the first row's keys)."""
    rows = [dict(r) for r in rows]
    cols = list(columns) if columns is not None else list(rows[0]) if rows else []
    shown = rows if top is None else rows[:top]
    return Table(shown, cols, title, total=len(rows))


# ---------------------------------------------------------------- graph tables
def name(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("name") or node)


def fact_edges(graph: nx.MultiDiGraph) -> Iterable[tuple[str, str, dict[str, Any]]]:
    """Every fact relationship (SAID, SENT, ...): no mention, hierarchy or provenance link."""
    for u, v, data in graph.edges(data=True):
        if is_fact(data.get("type")):
            yield u, v, data


def facts(graph: nx.MultiDiGraph, *, predicate: str | None = None) -> Table:
    """One row per fact: predicate, subject, object, date (its own or its document's), ..."""
    rows = [{"predicate": d["type"], "subject": name(graph, u), "object": name(graph, v),
             "date": d.get("effective_date"), "sources": d.get("source_count", 1),
             "confidence": d.get("confidence"), "doc": d.get("doc")}
            for u, v, d in fact_edges(graph) if predicate in (None, d["type"])]
    rows.sort(key=lambda r: (r["date"] or "", r["predicate"], r["subject"], r["object"]))
    return table(rows, ["date", "predicate", "subject", "object", "sources", "confidence",
                        "doc"], title="Facts")


def counts(graph: nx.MultiDiGraph) -> Table:
    """Nodes by label and facts by predicate, one table."""
    labels = Counter(str(d.get("label")) for _, d in graph.nodes(data=True))
    preds = Counter(str(d["type"]) for _, _, d in fact_edges(graph))
    rows = [{"kind": "node", "type": k, "count": v} for k, v in sorted(labels.items())]
    rows += [{"kind": "fact", "type": k, "count": v} for k, v in sorted(preds.items())]
    return table(rows, ["kind", "type", "count"], title="What the graph holds")


def actor_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Actors (people, organizations, places) linked when one fact joins them, directly or
    through a fact's own node (a statement, a team, a resource, an event); weight = facts."""
    simple = nx.Graph()
    actors = {n for n, d in graph.nodes(data=True) if d.get("label") in ACTOR_LABELS}
    simple.add_nodes_from(actors)
    for u, v, _ in fact_edges(graph):
        ends = [u] if u in actors else []
        for end in (v,) if v in actors else ():
            ends.append(end)
        if v not in actors:  # a fact's node: link the subject to what it leads to
            ends += [w for _, w, t in graph.out_edges(v, data="type")
                     if w in actors and (is_fact(t) or t in ("SENT_TO", "DONATED_TO"))]
        for a in ends:
            for b in ends:
                if a < b:
                    weight = simple.get_edge_data(a, b, {"weight": 0})["weight"]
                    simple.add_edge(a, b, weight=weight + 1)
    return simple


def central(graph: nx.MultiDiGraph, *, top: int = 10, label: str | None = None,
            seed: int = 7) -> Table:
    """The most central actors: degree (facts), betweenness and PageRank (stored by kg)."""
    actors = actor_graph(graph)
    big = actors.number_of_nodes() > BETWEENNESS_EXACT_MAX
    between = nx.betweenness_centrality(actors, k=BETWEENNESS_SAMPLES if big else None,
                                        seed=seed, normalized=True)
    rows = [{"name": name(graph, n), "type": graph.nodes[n].get("label"),
             "degree": graph.nodes[n].get("degree", 0),
             "betweenness": round(between.get(n, 0.0), 4),
             "pagerank": graph.nodes[n].get("pagerank", 0.0), "id": n}
            for n in actors if label in (None, graph.nodes[n].get("label"))]
    rows.sort(key=lambda r: (-r["pagerank"], -r["degree"], r["name"]))
    result = table(rows, ["name", "type", "degree", "betweenness", "pagerank"],
                   title="Most central actors", top=top)
    if big:
        result.notes.append(f"betweenness estimated from {BETWEENNESS_SAMPLES} sampled sources")
    return result


def communities(graph: nx.MultiDiGraph, *, seed: int = 7) -> list[set[str]]:
    """Louvain communities of the actor graph (actors with no fact left out), largest first."""
    actors = actor_graph(graph)
    actors.remove_nodes_from([n for n in list(actors) if actors.degree(n) == 0])
    if actors.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(actors, weight="weight", seed=seed)
    return sorted(found, key=lambda c: (-len(c), min(c)))


def statements_by_person(graph: nx.MultiDiGraph, *, top: int = 8) -> dict[str, Counter[str]]:
    """The ``top`` speakers by statements → their statements counted by date (as stored)."""
    per: dict[str, Counter[str]] = {}
    for u, _, d in fact_edges(graph):
        if d["type"] == "SAID" and d.get("effective_date"):
            per.setdefault(name(graph, u), Counter())[str(d["effective_date"])] += 1
    best = sorted(per, key=lambda p: (-sum(per[p].values()), p))[:top]
    return {p: per[p] for p in best}
