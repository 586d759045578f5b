"""GeoJSON for maps (QGIS, kepler.gl, geojson.io): places with coordinates as points,
``SENT``/``DONATED`` flows as lines from the giver's place to the destination.

Coordinates are ``[lon, lat]`` as RFC 7946 wants. A body gives from the place its name
starts with (江苏省卫生健康委员会 from 江苏省); flows without coordinates at both ends are left
out (the ``skipped_flows`` member counts them).

>>> import json
>>> from kg.questions import example_graph
>>> data = json.loads(to_geojson(example_graph()))
>>> sorted(f["properties"]["name"] for f in data["features"] if f["geometry"]["type"] == "Point")
['安徽省', '武汉市', '湖北省']
>>> [f["properties"]["item"] for f in data["features"] if f["geometry"]["type"] == "LineString"]
['医疗队']
"""

from __future__ import annotations

import json
import os
import pathlib
from typing import Any

import networkx as nx

from kg.graph_props import AID_TYPES
from kg.records import PLACE


def _point(graph: nx.MultiDiGraph, node_id: str | None) -> list[float] | None:
    """[lon, lat] of a place, or of the nearest place in a node's scope that has them."""
    if node_id is None or node_id not in graph:
        return None
    for place in graph.nodes[node_id].get("scope", [node_id]):
        data = graph.nodes[place]
        if data.get("label") == PLACE and data.get("lat") is not None and data.get(
                "lon") is not None:
            return [float(data["lon"]), float(data["lat"])]
    return None


def to_geojson(graph: nx.MultiDiGraph) -> str:
    features: list[dict[str, Any]] = []
    for node_id, data in sorted(graph.nodes(data=True)):
        if data.get("label") == PLACE and _point(graph, node_id) and data.get("lat") is not None:
            props = {k: data.get(k) for k in ("name", "adcode", "level", "province")}
            features.append({"type": "Feature", "id": node_id,
                             "geometry": {"type": "Point", "coordinates": _point(graph, node_id)},
                             "properties": {"id": node_id, **props}})
    skipped = 0
    for src, item, key, rel in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2]):
        if rel.get("type") not in AID_TYPES:
            continue
        start, end = _point(graph, src), _point(graph, rel.get("destination_id"))
        if start is None or end is None or start == end:
            skipped += 1
            continue
        features.append({"type": "Feature", "id": key,
                         "geometry": {"type": "LineString", "coordinates": [start, end]},
                         "properties": {
                             "relation": rel["type"], "source": graph.nodes[src].get("name"),
                             "item": graph.nodes[item].get("name"), "amount": rel.get("amount"),
                             "destination": rel.get("destination"),
                             "date": rel.get("effective_date"), "doc": rel.get("doc")}})
    collection = {"type": "FeatureCollection", "features": features, "skipped_flows": skipped}
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def write_geojson(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write places and flows of ``graph`` to ``path`` as GeoJSON."""
    pathlib.Path(path).write_text(to_geojson(graph), encoding="utf-8")
