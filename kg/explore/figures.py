"""Figure builders: each returns a matplotlib ``Figure`` (no pyplot state, no display).

Every drawn part carries a ``gid`` naming what it is (``bar``, ``node``, ``fact``, ...), and
:func:`describe` counts the parts of a figure by gid: tests check a figure's content with it,
and :func:`kg.explore.show` writes it next to each saved PNG. Large graphs are cut to the top
``N`` (by PageRank) or aggregated (facts by predicate and month) before anything is drawn.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Mapping, Sequence

import networkx as nx
from matplotlib.collections import Collection, PathCollection
from matplotlib.figure import Figure

from kg.explore.fonts import use_cjk_font
from kg.explore.tables import Table, actor_graph, fact_edges, name

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")
# The timeline draws one point per dated fact up to this many, then one per (predicate, month).
MAX_TIMELINE_POINTS = 5000


def new_figure(width: float = 8, height: float = 5) -> Figure:
    use_cjk_font()
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def describe(fig: Figure) -> dict[str, int]:
    """Parts by gid: a scatter counts its points, another collection its paths (polygons,
    lines), anything else one.

    >>> fig = Figure()
    >>> _ = fig.add_subplot().scatter([1, 2, 3], [1, 2, 3], gid="dot")
    >>> describe(fig)
    {'dot': 3}
    """
    parts: Counter[str] = Counter()
    seen: set[int] = set()
    for artist in fig.findobj():
        gid = artist.get_gid()
        if not gid or id(artist) in seen:
            continue
        seen.add(id(artist))
        if isinstance(artist, PathCollection):  # a scatter: its points
            parts[gid] += len(artist.get_offsets())
        elif isinstance(artist, Collection):  # polygons, lines: its paths
            parts[gid] += len(artist.get_paths())
        else:
            parts[gid] += 1
    return dict(sorted(parts.items()))


def parse_date(value: object) -> dt.date | None:
    """``2020-02-08``, ``2020-02`` or ``2020`` → a date (missing parts: the first)."""
    text = str(value or "")
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            return dt.datetime.strptime(text[:size], fmt).date()
        except ValueError:
            continue
    return None


# ---------------------------------------------------------------- centrality and communities
def central_bars(central: Table, *, measure: str = "pagerank") -> Figure:
    """A horizontal bar per row of a :func:`kg.explore.central` table."""
    rows = list(reversed(central.rows))
    fig = new_figure(7, max(2.5, 0.35 * len(rows) + 1))
    ax = fig.add_subplot()
    colours = {"Person": PALETTE[0], "Organization": PALETTE[1], "Place": PALETTE[4]}
    bars = ax.barh([str(r["name"]) for r in rows], [r[measure] for r in rows],
                   color=[colours.get(str(r["type"]), PALETTE[9]) for r in rows])
    for bar in bars:
        bar.set_gid("bar")
    ax.set_xlabel(f"{measure}（中心度）")
    ax.set_title(f"最核心的行为者（{measure}）")
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=c, label=k) for k, c in colours.items()], loc="lower right",
              fontsize=8)
    return fig


def community_graph(graph: nx.MultiDiGraph, groups: Sequence[set[str]], *, top: int = 40,
                    seed: int = 7) -> Figure:
    """The ``top`` actors by PageRank, coloured by community, with their Chinese names."""
    actors = actor_graph(graph)
    community = {n: i for i, group in enumerate(groups) for n in group}
    chosen = sorted(community, key=lambda n: (-graph.nodes[n].get("pagerank", 0.0), n))[:top]
    sub = actors.subgraph(chosen)
    fig = new_figure(8, 6)
    ax = fig.add_subplot()
    ax.set_axis_off()
    if not chosen:
        ax.text(0.5, 0.5, "（没有相互关联的行为者）", ha="center", transform=ax.transAxes)
        return fig
    pos = nx.spring_layout(sub, seed=seed, k=1.2 / max(1, len(chosen)) ** 0.5)
    sizes = [300 + 6000 * graph.nodes[n].get("pagerank", 0.0) for n in sub]
    nodes = nx.draw_networkx_nodes(sub, pos, ax=ax, node_size=sizes, alpha=0.85,
                                   node_color=[PALETTE[community[n] % len(PALETTE)] for n in sub])
    nodes.set_gid("node")
    if sub.number_of_edges():
        edges = nx.draw_networkx_edges(sub, pos, ax=ax, alpha=0.4,
                                       width=[min(4, d["weight"]) for *_, d in
                                              sub.edges(data=True)])
        for edge in edges if isinstance(edges, list) else [edges]:
            edge.set_gid("edge")
    labels = nx.draw_networkx_labels(sub, pos, ax=ax, font_size=9,
                                     labels={n: name(graph, n)[:10] for n in sub})
    for text in labels.values():
        text.set_gid("label")
    ax.set_title(f"社区（Louvain）：{len(groups)} 个社区，显示前 {len(chosen)} 个行为者")
    return fig


# ---------------------------------------------------------------- time
def dated_facts(graph: nx.MultiDiGraph) -> list[tuple[dt.date, str]]:
    """(date, predicate) of every fact with a date (its own, else its document's)."""
    out = []
    for _, _, data in fact_edges(graph):
        day = parse_date(data.get("effective_date"))
        if day is not None:
            out.append((day, str(data["type"])))
    return sorted(out)


def timeline(graph: nx.MultiDiGraph, *, max_points: int = MAX_TIMELINE_POINTS,
             seed: int = 7) -> Figure:
    """Dated facts by predicate: one point per fact (``fact``), or, past ``max_points``, one
    marker per predicate and month sized by its count (``fact-group``)."""
    facts = dated_facts(graph)
    predicates = sorted({p for _, p in facts})
    row = {p: i for i, p in enumerate(predicates)}
    fig = new_figure(9, max(2.5, 0.45 * len(predicates) + 1.5))
    ax = fig.add_subplot()
    if len(facts) <= max_points:
        jitter = random.Random(seed)
        for p in predicates:
            days = [d for d, q in facts if q == p]
            ax.scatter(days, [row[p] + jitter.uniform(-0.25, 0.25) for _ in days], s=28,
                       alpha=0.75, color=PALETTE[row[p] % len(PALETTE)], gid="fact")
        ax.set_title(f"时间线：{len(facts)} 条有日期的事实")
    else:
        groups = Counter((d.replace(day=1), p) for d, p in facts)
        for p in predicates:
            cells = [(d, n) for (d, q), n in sorted(groups.items()) if q == p]
            ax.scatter([d for d, _ in cells], [row[p]] * len(cells),
                       s=[12 + 200 * (n / max(groups.values())) ** 0.5 for _, n in cells],
                       alpha=0.75, color=PALETTE[row[p] % len(PALETTE)], gid="fact-group")
        ax.set_title(f"时间线：{len(facts)} 条有日期的事实（按月汇总）")
    ax.set_yticks(range(len(predicates)), predicates)
    ax.set_xlabel("日期")
    fig.autofmt_xdate()
    return fig


def statements_over_time(per_person: Mapping[str, Counter[str]], *,
                         by_day_within: int = 120) -> Figure:
    """One row per speaker of :func:`kg.explore.statements_by_person`: a guide from the first
    to the last statement (``speaker``) and a dot per day, or per month when the dates span more
    than ``by_day_within`` days (``statement``), its area by the statements then."""
    days = {p: Counter() for p in per_person}
    for person, dates in per_person.items():
        for text, n in dates.items():
            if (day := parse_date(text)) is not None:
                days[person][day] += n
    every = [d for c in days.values() for d in c]
    monthly = bool(every) and (max(every) - min(every)).days > by_day_within
    people = list(days)
    fig = new_figure(8, max(2.5, 0.5 * len(people) + 1.5))
    ax = fig.add_subplot()
    for i, person in enumerate(people):
        cells = Counter()
        for day, n in days[person].items():
            cells[day.replace(day=1) if monthly else day] += n
        if not cells:
            continue
        y = len(people) - 1 - i
        colour = PALETTE[i % len(PALETTE)]
        ax.plot([min(cells), max(cells)], [y, y], color=colour, alpha=0.4, gid="speaker")
        ax.scatter(list(cells), [y] * len(cells), s=[30 + 40 * n for n in cells.values()],
                   color=colour, zorder=3, gid="statement")
    ax.set_yticks(range(len(people)), list(reversed(people)))
    ax.set_ylim(-0.7, len(people) - 0.3)
    ax.set_title("谁在什么时候说了话（点的大小：言论数，" + ("按月" if monthly else "按日") + "）")
    fig.autofmt_xdate()
    return fig


def empty(message: str) -> Figure:
    fig = new_figure(6, 1.5)
    fig.text(0.5, 0.5, message, ha="center", va="center")
    return fig


__all__ = ["central_bars", "community_graph", "dated_facts", "describe", "empty", "new_figure",
           "parse_date", "statements_over_time", "timeline"]


