"""One actor's neighbourhood as a self-contained interactive HTML view.

The page is one file: inline SVG plus a few lines of JavaScript (drag a node, hover to see
its facts, wheel to zoom) and the CJK glyphs it uses as an inline font; no external script,
style sheet or font, so it opens from disk without a server or network, and shows its Chinese
on a machine without a CJK font. In Jupyter the same page shows in an ``<iframe srcdoc>``.
Large neighbourhoods keep the ``max_nodes`` neighbours of highest PageRank.
"""

from __future__ import annotations

import html
import json
import pathlib
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.explore.fonts import font_face_css
from kg.explore.tables import fact_edges, name
from kg.questions import find_nodes

COLOURS = {"Person": "#4e79a7", "Organization": "#f28e2b", "Place": "#59a14f",
           "Statement": "#bab0ac", "Group": "#b07aa1", "Resource": "#edc948", "Event": "#e15759"}
WIDTH, HEIGHT = 900, 620

_SCRIPT = """
const svg = document.querySelector('svg'), info = document.getElementById('info');
const data = JSON.parse(document.getElementById('kg-data').textContent);
const node = id => document.getElementById('n' + id);
let drag = null, view = [0, 0, %(w)d, %(h)d];
function place(i) {
  const n = data.nodes[i], g = node(i);
  g.setAttribute('transform', `translate(${n.x},${n.y})`);
  data.links.forEach((l, j) => { if (l.s === i || l.t === i) {
    const e = document.getElementById('e' + j), a = data.nodes[l.s], b = data.nodes[l.t];
    e.setAttribute('x1', a.x); e.setAttribute('y1', a.y);
    e.setAttribute('x2', b.x); e.setAttribute('y2', b.y); } });
}
data.nodes.forEach((n, i) => {
  const g = node(i);
  g.addEventListener('mousedown', ev => { drag = i; ev.preventDefault(); });
  g.addEventListener('mouseenter', () => {
    info.textContent = n.label + ' · ' + n.name + '\\n' + n.facts.join('\\n');
    data.links.forEach((l, j) => document.getElementById('e' + j).classList.toggle(
      'hot', l.s === i || l.t === i));
  });
});
function point(ev) {
  const p = svg.createSVGPoint(); p.x = ev.clientX; p.y = ev.clientY;
  return p.matrixTransform(svg.getScreenCTM().inverse());
}
svg.addEventListener('mousemove', ev => { if (drag === null) return;
  const p = point(ev); data.nodes[drag].x = p.x; data.nodes[drag].y = p.y; place(drag); });
window.addEventListener('mouseup', () => { drag = null; });
svg.addEventListener('wheel', ev => { ev.preventDefault();
  const p = point(ev), k = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
  view = [p.x - (p.x - view[0]) * k, p.y - (p.y - view[1]) * k, view[2] * k, view[3] * k];
  svg.setAttribute('viewBox', view.join(' ')); });
"""

_STYLE = """
body { font-family: kg-cjk, sans-serif; margin: 0; }
svg { border: 1px solid #ddd; background: #fcfcfa; user-select: none; }
line { stroke: #999; stroke-opacity: .55; } line.hot { stroke: #e15759; stroke-opacity: 1; }
text.node { font-size: 12px; pointer-events: none; } text.edge { font-size: 9px; fill: #777; }
g.node { cursor: grab; } #info { white-space: pre-wrap; font-size: 13px; padding: 6px; }
"""


@dataclass
class Neighbourhood:
    """The page (``html``) of one actor's neighbourhood; ``nodes``/``links``: what it shows."""

    center: str
    html: str
    nodes: int
    links: int

    def save(self, path: str | pathlib.Path) -> pathlib.Path:
        path = pathlib.Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html, encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" width="{WIDTH + 30}" '
                f'height="{HEIGHT + 160}" style="border:none"></iframe>')


def _fact_lines(graph: nx.MultiDiGraph, node: str, limit: int = 8) -> list[str]:
    lines = []
    for _, v, d in graph.out_edges(node, data=True):
        if d.get("type") not in ("MENTIONED_IN", "FROM_DOCUMENT"):
            lines.append(f"→ {d['type']} {name(graph, v)[:30]}")
    for u, _, d in graph.in_edges(node, data=True):
        if d.get("type") not in ("MENTIONED_IN", "FROM_DOCUMENT"):
            lines.append(f"← {d['type']} {name(graph, u)[:30]}")
    return lines[:limit] + ([f"… {len(lines) - limit} more"] if len(lines) > limit else [])


def neighbourhood_graph(graph: nx.MultiDiGraph, center: str, *, radius: int = 2,
                        max_nodes: int = 40) -> nx.MultiDiGraph:
    """Fact links within ``radius`` steps of ``center`` (documents and evidence left out)."""
    facts_only = nx.MultiDiGraph()
    facts_only.add_node(center)
    for u, v, key, d in graph.edges(keys=True, data=True):
        if d.get("type") in ("LOCATED_IN", "SENT_TO", "DONATED_TO"):
            facts_only.add_edge(u, v, key, type=d["type"])
    for u, v, d in fact_edges(graph):
        facts_only.add_edge(u, v, d.get("id"), type=d["type"])
    ego = nx.ego_graph(facts_only, center, radius=radius, undirected=True)
    if ego.number_of_nodes() > max_nodes:
        steps = nx.single_source_shortest_path_length(ego.to_undirected(as_view=True), center)
        keep = sorted((n for n in ego if n != center),
                      key=lambda n: (steps.get(n, radius + 1),
                                     -graph.nodes[n].get("pagerank", 0.0), n))[:max_nodes - 1]
        ego = ego.subgraph([center, *keep])
    return ego


def neighbourhood(graph: nx.MultiDiGraph, actor: str, *, radius: int = 2,
                  max_nodes: int = 40, seed: int = 7, embed_font: bool = True) -> Neighbourhood:
    """The interactive view of ``actor`` (a name, alias or short form, as ``kg ask``); with
    ``embed_font`` the page carries the CJK glyphs it uses (:func:`font_face_css`)."""
    found = find_nodes(graph, actor)
    if not found:
        raise LookupError(f"no actor named {actor!r} in the graph")
    center = found[0]
    ego = neighbourhood_graph(graph, center, radius=radius, max_nodes=max_nodes)
    pos = nx.spring_layout(ego.to_undirected(), seed=seed, center=(WIDTH / 2, HEIGHT / 2),
                           scale=min(WIDTH, HEIGHT) / 2 - 60)
    order = [center, *(n for n in ego if n != center)]  # the actor first
    index = {n: i for i, n in enumerate(order)}
    nodes: list[dict[str, Any]] = [
        {"name": name(graph, n), "label": graph.nodes[n].get("label", ""),
         "x": round(float(pos[n][0]), 1), "y": round(float(pos[n][1]), 1),
         "facts": _fact_lines(graph, n)} for n in order]
    links = [{"s": index[u], "t": index[v], "type": d["type"]}
             for u, v, d in ego.edges(data=True)]
    parts = []
    for j, link in enumerate(links):
        a, b = nodes[link["s"]], nodes[link["t"]]
        parts.append(f'<line id="e{j}" x1="{a["x"]}" y1="{a["y"]}" x2="{b["x"]}" '
                     f'y2="{b["y"]}"><title>{html.escape(link["type"])}</title></line>')
    for i, n in enumerate(nodes):
        colour = COLOURS.get(n["label"], "#999")
        radius_px = 14 if order[i] == center else 9
        parts.append(f'<g class="node" id="n{i}" transform="translate({n["x"]},{n["y"]})">'
                     f'<circle r="{radius_px}" fill="{colour}" stroke="#fff"/>'
                     f'<text class="node" x="12" y="4">{html.escape(n["name"][:16])}</text></g>')
    payload = json.dumps({"nodes": nodes, "links": links}, ensure_ascii=False)
    payload = payload.replace("</", "<\\/")  # no text can close the script element
    title = html.escape(f"{name(graph, center)} 的关系网（{len(nodes)} 个节点）")
    body = (f"<h3>{title}</h3>"
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}">{"".join(parts)}</svg>'
            f'<div id="info">悬停节点查看事实；拖动节点；滚轮缩放。</div>'
            f'<script type="application/json" id="kg-data">{payload}</script>'
            f"<script>{_SCRIPT % {'w': WIDTH, 'h': HEIGHT}}</script>")
    # The font: every character of the page, so it reads the same where no CJK font is.
    font = font_face_css(html.unescape(body) + "…→← ·") if embed_font else ""
    page = (f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{font}{_STYLE}</style></head><body>{body}</body></html>")
    return Neighbourhood(name(graph, center), page, len(nodes), len(links))
