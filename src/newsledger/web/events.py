"""Read-side queries over stored events: the timeline, the actor network and the places on the map.

An event's date is its own normalised time when the text gives one, else its article's publication date
(``date_source`` says which). Network edges join an event's source and target actors by their codes, so
the same country or body is one node across articles; an edge's weight is its number of events.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, select

from newsledger import resources
from newsledger.store import Store, schema
from newsledger.store.filters import SOURCE, TARGET, event_date, events_joined
from newsledger.store.filters import event_conditions as store_event_conditions
from newsledger.web.filters import Filters, Page, PageRequest, all_of, page_of
from newsledger.web.listings import actor_names

ar, ac, at, ev = schema.articles, schema.actors, schema.attributions, schema.events
src, tgt = SOURCE, TARGET
MAX_EDGES = 300
MAX_PLACE_EVENTS = 5000


@dataclass(frozen=True, slots=True)
class ActorRef:
    name: str
    code: str | None


@dataclass(frozen=True, slots=True)
class Place:
    name: str | None
    lat: float
    lon: float
    country: str | None


@dataclass(frozen=True, slots=True)
class EventRow:
    id: str
    article_id: str
    article_title: str | None
    date: str | None
    date_source: str
    precision: str | None
    trigger: str
    plover: str
    cameo: str | None
    modality: str
    source: ActorRef | None
    target: ActorRef | None
    place: Place | None
    attribution_id: str | None
    evidence: str = "none"  # the event's evidence status ("none" for events stored before migration 6)


@dataclass(frozen=True, slots=True)
class Tone:
    quad: str
    tone: str
    verb: str


@dataclass(frozen=True, slots=True)
class Node:
    code: str
    name: str
    weight: int


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    plover: str
    verb: str
    tone: str
    weight: int


@dataclass(frozen=True, slots=True)
class Network:
    nodes: list[Node]
    edges: list[Edge]


@dataclass(frozen=True, slots=True)
class PlaceEvents:
    """One place on the map with how many events happened there and which."""

    name: str | None
    lat: float
    lon: float
    country: str | None
    count: int
    events: list[EventRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PlaceMap:
    places: list[PlaceEvents]
    events_without_place: int


def plover_tones() -> dict[str, Tone]:
    """PLOVER root -> quad class, tone and verb (``resources/plover_quad.tsv``)."""
    return {row[0]: Tone(row[1], row[2], row[3]) for row in resources.rows("plover_quad.tsv")}


def event_select() -> Select[Any]:
    return (select(ev.c.id, ev.c.article_id, ar.c.title, ar.c.published, ev.c.time_value, ev.c.time_precision,
                   ev.c.trigger_text, ev.c.plover, ev.c.cameo, ev.c.modality, ev.c.attribution_id, ev.c.evidence,
                   src.c.name.label("src_name"), src.c.code.label("src_code"),
                   tgt.c.name.label("tgt_name"), tgt.c.code.label("tgt_code"),
                   ev.c.place_name, ev.c.lat, ev.c.lon, ev.c.place_country)
            .select_from(events_joined()))


def event_row(r: Row[Any]) -> EventRow:
    place = (Place(r.place_name, float(r.lat), float(r.lon), r.place_country)
             if r.lat is not None and r.lon is not None else None)
    return EventRow(
        r.id, r.article_id, r.title, r.time_value or r.published, "event" if r.time_value else "article",
        r.time_precision if r.time_value else ("day" if r.published else None), r.trigger_text, r.plover, r.cameo,
        r.modality, ActorRef(r.src_name, r.src_code) if r.src_name is not None else None,
        ActorRef(r.tgt_name, r.tgt_code) if r.tgt_name is not None else None, place, r.attribution_id, r.evidence)


def event_conditions(f: Filters) -> list[ColumnElement[bool]]:
    """The store's filters of events (``store.filters.event_conditions``), and the page's text search."""
    conds = store_event_conditions(actor=f.actor, plover=f.plover, modality=f.modality, stance=f.stance,
                                   evidence=f.evidence, min_confidence=f.min_confidence, date_from=f.date_from,
                                   date_to=f.date_to)
    if f.q:
        conds.append(ev.c.trigger_text.icontains(f.q, autoescape=True) | ar.c.title.icontains(f.q, autoescape=True))
    return conds


def _filtered(query: Select[Any], f: Filters) -> Select[Any]:
    where = all_of(event_conditions(f))
    return query.where(where) if where is not None else query


def timeline(store: Store, filters: Filters, request: PageRequest) -> Page:
    """Events in date order (undated events of undated articles last)."""
    query = (_filtered(event_select(), filters)
             .order_by(event_date.asc().nulls_last(), ar.c.seq, ev.c.trigger_start)
             .offset(request.offset).limit(request.size + 1))
    with store.engine.connect() as conn:
        rows = [event_row(r) for r in conn.execute(query)]
    return page_of(rows, request)


def network(store: Store, filters: Filters, max_edges: int = MAX_EDGES) -> Network:
    """Who does what to whom: coded source -> coded target per PLOVER root, weight = number of events."""
    query = (select(src.c.code.label("s_code"), tgt.c.code.label("t_code"), ev.c.plover, func.count().label("n"))
             .select_from(ev.join(ar, ev.c.article_id == ar.c.id)
                          .join(src, ev.c.source_actor_id == src.c.id)
                          .join(tgt, ev.c.target_actor_id == tgt.c.id))
             .where(src.c.code.is_not(None), tgt.c.code.is_not(None), src.c.code != tgt.c.code)
             .group_by(src.c.code, tgt.c.code, ev.c.plover)
             .order_by(func.count().desc(), src.c.code, tgt.c.code, ev.c.plover)
             .limit(max_edges))
    query = _filtered(query, filters)
    tones = plover_tones()
    neutral = Tone("", "neutral", "acts on")
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
        weights: Counter[str] = Counter()
        for r in rows:
            weights[r.s_code] += r.n
            weights[r.t_code] += r.n
        names = actor_names(conn, list(weights))
    edges = [Edge(r.s_code, r.t_code, r.plover, tones.get(r.plover, neutral).verb,
                  tones.get(r.plover, neutral).tone, r.n) for r in rows]
    nodes = [Node(code, names[code][0].name if names.get(code) else code, w)
             for code, w in sorted(weights.items(), key=lambda x: (-x[1], x[0]))]
    return Network(nodes, edges)


def places(store: Store, filters: Filters) -> PlaceMap:
    """Event places with coordinates, grouped by place; events without a place are counted."""
    located = ev.c.lat.is_not(None) & ev.c.lon.is_not(None)
    query = (_filtered(event_select(), filters).where(located)
             .order_by(event_date.asc().nulls_last(), ev.c.trigger_start).limit(MAX_PLACE_EVENTS))
    missing = _filtered(select(func.count()).select_from(
        ev.join(ar, ev.c.article_id == ar.c.id).outerjoin(src, ev.c.source_actor_id == src.c.id)
        .outerjoin(tgt, ev.c.target_actor_id == tgt.c.id)), filters).where(~located)
    groups: dict[tuple[str | None, float, float], list[EventRow]] = defaultdict(list)
    with store.engine.connect() as conn:
        for r in conn.execute(query):
            row = event_row(r)
            assert row.place is not None
            groups[(row.place.name, row.place.lat, row.place.lon)].append(row)
        n_missing = int(conn.execute(missing).scalar_one())
    result = [PlaceEvents(name, lat, lon, rows[0].place.country if rows[0].place else None, len(rows), rows[:20])
              for (name, lat, lon), rows in groups.items()]
    result.sort(key=lambda p: (-p.count, p.name or ""))
    return PlaceMap(result, n_missing)
