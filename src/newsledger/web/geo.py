"""Placing events on the offline world map (``static/world.svg``, built by ``scripts/build_world_map.py``).

The map is an equirectangular grid of 3600 x 1800 units, ten per degree; the page overlays circles on the
same grid and frames the view around the places it shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from newsledger.web.events import PlaceEvents

SCALE = 10
WIDTH, HEIGHT = 360 * SCALE, 180 * SCALE
MIN_VIEW_WIDTH = 400  # 40 degrees: enough context around a single place
ASPECT = 2.0  # width / height of the frame
PADDING = 0.25  # of the places' extent, on each side


@dataclass(frozen=True, slots=True)
class ViewBox:
    x: float
    y: float
    width: float
    height: float

    def __str__(self) -> str:
        return f"{self.x:.0f} {self.y:.0f} {self.width:.0f} {self.height:.0f}"


@dataclass(frozen=True, slots=True)
class Marker:
    place: PlaceEvents
    x: float
    y: float
    r: float


def project(lat: float, lon: float) -> tuple[float, float]:
    """Grid coordinates of a latitude and longitude (clamped to the map)."""
    lat = max(-90.0, min(90.0, lat))
    lon = max(-180.0, min(180.0, lon))
    return (lon + 180) * SCALE, (90 - lat) * SCALE


def frame(points: list[tuple[float, float]]) -> ViewBox:
    """The view around ``points`` (grid coordinates): padded, at least MIN_VIEW_WIDTH wide, 2:1, kept on
    the map; the whole world when there is nothing to show."""
    if not points:
        return ViewBox(0, 0, WIDTH, HEIGHT)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    w = max(max(xs) - min(xs), MIN_VIEW_WIDTH / (1 + 2 * PADDING))
    h = max(max(ys) - min(ys), w / ASPECT / (1 + 2 * PADDING))
    w, h = w * (1 + 2 * PADDING), h * (1 + 2 * PADDING)
    w = max(w, h * ASPECT)
    h = w / ASPECT
    if w >= WIDTH or h >= HEIGHT:
        return ViewBox(0, 0, WIDTH, HEIGHT)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = min(max(cx - w / 2, 0), WIDTH - w)
    y = min(max(cy - h / 2, 0), HEIGHT - h)
    return ViewBox(x, y, w, h)


def markers(places: list[PlaceEvents]) -> tuple[ViewBox, list[Marker]]:
    """The frame and one circle per place, its area growing with the number of events; the biggest come
    first, so smaller circles are drawn on top and stay clickable."""
    points = [project(p.lat, p.lon) for p in places]
    box = frame(points)
    top = max((p.count for p in places), default=1)
    base = box.width / 150
    out = [Marker(p, x, y, base * (0.6 + 1.4 * math.sqrt(p.count / top))) for p, (x, y) in zip(places, points,
                                                                                              strict=True)]
    return box, sorted(out, key=lambda m: -m.r)
