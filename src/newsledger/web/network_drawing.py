"""Drawing the actor network: nodes on a circle (grouped by country, so a country's bodies sit together),
one curved arrow per ordered pair of actors, its width growing with the number of events."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from newsledger.web.events import Edge, Network, Node

SIZE = 800  # the drawing is SIZE x SIZE units; the page scales it
RADIUS = 300
MAX_NODES = 40


@dataclass(frozen=True, slots=True)
class PlacedNode:
    node: Node
    x: float
    y: float
    r: float
    label_x: float
    label_y: float
    anchor: str  # text-anchor of the label: start, middle or end


@dataclass(frozen=True, slots=True)
class Arrow:
    source: str
    target: str
    path: str
    width: float
    tone: str
    weight: int
    title: str  # what the arrow stands for, e.g. "RUSGOV accuses USA (3)"


@dataclass(frozen=True, slots=True)
class Drawing:
    nodes: list[PlacedNode]
    arrows: list[Arrow]
    hidden_nodes: int


def _country(code: str) -> str:
    return code[:3]


def draw(net: Network, max_nodes: int = MAX_NODES) -> Drawing:
    """Positions and paths for the network's busiest ``max_nodes`` actors."""
    shown = net.nodes[:max_nodes]
    keep = {n.code for n in shown}
    order = sorted(shown, key=lambda n: (_country(n.code), n.code))
    top = max((n.weight for n in shown), default=1)
    placed: dict[str, PlacedNode] = {}
    for i, node in enumerate(order):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(order), 1)
        x, y = SIZE / 2 + RADIUS * math.cos(angle), SIZE / 2 + RADIUS * math.sin(angle)
        lx, ly = SIZE / 2 + (RADIUS + 26) * math.cos(angle), SIZE / 2 + (RADIUS + 26) * math.sin(angle)
        cos = math.cos(angle)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        # two label lines (code, name): below the node in the lower half, above it in the upper half
        ly += 6 if math.sin(angle) > -0.3 else -14
        placed[node.code] = PlacedNode(node, x, y, 7 + 11 * math.sqrt(node.weight / top), lx, ly, anchor)
    pairs: dict[tuple[str, str], list[Edge]] = defaultdict(list)
    for e in net.edges:
        if e.source in keep and e.target in keep:
            pairs[(e.source, e.target)].append(e)
    heaviest = max((sum(e.weight for e in es) for es in pairs.values()), default=1)
    arrows = []
    for (s, t), edges in sorted(pairs.items()):
        weight = sum(e.weight for e in edges)
        tone = max(edges, key=lambda e: (e.weight, e.tone)).tone
        title = "; ".join(f"{s} {e.verb} {t} ({e.weight})" for e in sorted(edges, key=lambda e: -e.weight))
        arrows.append(Arrow(s, t, _curve(placed[s], placed[t]), 1.5 + 6 * weight / heaviest, tone, weight, title))
    return Drawing(list(placed.values()), arrows, max(len(net.nodes) - len(shown), 0))


def _curve(a: PlacedNode, b: PlacedNode) -> str:
    """A quadratic curve from a's rim to b's rim, bent to the right of the direction of travel so that
    A -> B and B -> A are two separate arcs."""
    dx, dy = b.x - a.x, b.y - a.y
    dist = math.hypot(dx, dy) or 1.0
    ux, uy = dx / dist, dy / dist
    bend = 0.18 * dist
    cx, cy = (a.x + b.x) / 2 - uy * bend, (a.y + b.y) / 2 + ux * bend
    # start and end on the circles' rims, aimed at the control point
    sx, sy = _towards(a.x, a.y, cx, cy, a.r + 2)
    ex, ey = _towards(b.x, b.y, cx, cy, b.r + 6)
    return f"M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"


def _towards(x: float, y: float, tx: float, ty: float, d: float) -> tuple[float, float]:
    dist = math.hypot(tx - x, ty - y) or 1.0
    return x + (tx - x) / dist * d, y + (ty - y) / dist * d
