"""Build the web UI's offline world map from the npm package world-atlas (Natural Earth, public domain).

    mkdir -p /tmp/atlas && cd /tmp/atlas && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_world_map.py /tmp/atlas/package/countries-50m.json

writes ``src/newsledger/web/static/world.svg``: one ``<path>`` per country (in ``<g id="countries">``),
projected equirectangularly onto a 3600 x 1800 grid (x = (lon + 180) * 10, y = (90 - lat) * 10, so one unit
is a tenth of a degree). The map page draws event places on the same grid (``newsledger.web.geo``). TopoJSON
is decoded here in full (quantised, delta-encoded arcs), so nothing but the standard library is needed.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

OUT = Path(__file__).resolve().parents[1] / "src" / "newsledger" / "web" / "static" / "world.svg"
SCALE = 10  # grid units per degree
Point = tuple[int, int]


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat coordinates of every arc (TopoJSON arcs are quantised and delta-encoded)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: Sequence[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring from its arc indexes; a negative index ~i means arc i reversed. Shared end points are dropped."""
    out: list[tuple[float, float]] = []
    for index in ring:
        pts = arcs[index] if index >= 0 else arcs[~index][::-1]
        out.extend(pts if not out else pts[1:])
    return out


def unwrap(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """The ring as drawable copies. A ring that crosses the antimeridian (Russia, Fiji) is made continuous in
    longitude and drawn twice, 360 degrees apart, so the map's edge clips it instead of a line crossing the
    world. A ring around the pole (Antarctica) already runs along the map's edge and is kept as it is."""
    out = [points[0]]
    for lon, lat in points[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        out.append((lon, lat))
    if abs(out[-1][0] - out[0][0]) > 180:  # went round the pole
        return [points]
    low, high = min(p[0] for p in out), max(p[0] for p in out)
    copies = [out]
    if low < -180:
        copies.append([(lon + 360, lat) for lon, lat in out])
    if high > 180:
        copies.append([(lon - 360, lat) for lon, lat in out])
    return copies


def project(lon: float, lat: float) -> Point:
    return round((lon + 180) * SCALE), round((90 - lat) * SCALE)


def ring_path(points: Iterable[tuple[float, float]]) -> str:
    """A closed SVG sub-path in relative moves, dropping points that fall on the same grid cell."""
    grid: list[Point] = []
    for lon, lat in points:
        p = project(lon, lat)
        if not grid or grid[-1] != p:
            grid.append(p)
    if len(grid) < 3:
        return ""
    parts = [f"M{grid[0][0]} {grid[0][1]}"]
    for (x0, y0), (x1, y1) in itertools.pairwise(grid):
        parts.append(f"l{x1 - x0} {y1 - y0}")
    return "".join(parts) + "z"


def country_paths(topo: dict[str, Any]) -> list[tuple[str, str]]:
    arcs = decode_arcs(topo)
    result = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polygons = geom.get("arcs", [])
        if geom["type"] == "Polygon":
            polygons = [polygons]
        d = "".join(ring_path(copy) for polygon in polygons for ring in polygon
                    for copy in unwrap(ring_points(ring, arcs)))
        if d:
            result.append((str(geom.get("properties", {}).get("name", "")), d))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("topojson", type=Path, help="countries-50m.json (or -110m) from the world-atlas package")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    topo = json.loads(args.topojson.read_text(encoding="utf-8"))
    paths = country_paths(topo)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!-- Country outlines from Natural Earth (public domain) via the npm package world-atlas 2.0.2 "
        "(ISC, (c) 2013-2019 Michael Bostock), built by scripts/build_world_map.py. "
        f"Equirectangular, {SCALE} units per degree. -->",
        # colours on the root serve a standalone view; the map page draws <g id="countries"> with its own
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {360 * SCALE} {180 * SCALE}" fill="#e7e3d8" '
        'stroke="#a79f8c" stroke-width="1" stroke-linejoin="round">',
        '<g id="countries">',
    ]
    lines += [f'<path data-name={quoteattr(name)} vector-effect="non-scaling-stroke" d={quoteattr(d)}/>'
              for name, d in paths]
    lines += ["</g>", "</svg>", ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(paths)} countries -> {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
