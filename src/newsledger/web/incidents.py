"""The incident board's adapter to cross-article linking (``newsledger.link``).

Everything the web layer knows about incidents goes through this module, so linking can change
underneath without the pages noticing. It relies on two tables only: ``incidents`` (``id``, and a
``label`` / ``title`` / ``name`` column if there is one) and ``incident_events(event_id, incident_id,
confidence)``, read by reflection, so their other columns and key types are linking's own business. A
ledger without them has no incidents, and the pages say so.

The board is built from the store's own records: the statements that the incident's events are reported
through are the responsibility claims and denials; the event's source actor is who is blamed.
"""

from __future__ import annotations

import weakref
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, func, inspect, select

from newsledger.store import Store, schema
from newsledger.web.article_view import IncidentRef
from newsledger.web.events import EventRow, event_conditions, event_row, event_select, src, tgt
from newsledger.web.filters import Filters, Page, PageRequest, all_of, page_of

ar, ac, at, ev = schema.articles, schema.actors, schema.attributions, schema.events
LABEL_COLUMNS = ("label", "title", "name")
CLAIM_STANCES = ("accuse", "deny", "assert", "warn", "threaten", "question", "promise", "other")


@dataclass(frozen=True, slots=True)
class IncidentSummary:
    id: str
    label: str
    first_date: str | None
    last_date: str | None
    articles: int
    events: int


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement about the incident: who says it, with what stance and evidence, and whom it blames."""

    attribution_id: str
    article_id: str
    article_title: str | None
    published: str | None
    outlet: str | None
    speaker: str | None
    content: str | None
    stance: str
    evidence: str
    event_id: str
    trigger: str
    modality: str
    blamed_code: str | None
    blamed_name: str | None


@dataclass(frozen=True, slots=True)
class ActorClaims:
    """One claimant's column on the board."""

    code: str | None
    name: str
    claims: list[Claim]
    stances: dict[str, int]
    evidence: dict[str, int]
    blames: dict[str, int]  # blamed actor (code or name) -> number of claims


@dataclass(frozen=True, slots=True)
class BoardArticle:
    id: str
    title: str | None
    published: str | None
    outlet: str | None
    claims: int


@dataclass(frozen=True, slots=True)
class Board:
    incident: IncidentSummary
    claimants: list[ActorClaims]
    evidence: dict[str, int]
    articles: list[BoardArticle]
    events: list[EventRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Tables:
    incidents: Table
    links: Table
    label: Any  # the incidents table's label column, or None


_REFLECTED: weakref.WeakKeyDictionary[Engine, _Tables] = weakref.WeakKeyDictionary()


def _tables(conn: Connection) -> _Tables | None:
    """The linking tables, reflected once per engine once they exist (linking may create them later)."""
    known = _REFLECTED.get(conn.engine)
    if known is not None:
        return known
    insp = inspect(conn)
    if not (insp.has_table("incidents") and insp.has_table("incident_events")):
        return None
    meta = MetaData()
    incidents = Table("incidents", meta, autoload_with=conn)
    links = Table("incident_events", meta, autoload_with=conn)
    label = next((incidents.c[c] for c in LABEL_COLUMNS if c in incidents.c), None)
    _REFLECTED[conn.engine] = _Tables(incidents, links, label)
    return _REFLECTED[conn.engine]


def _key(t: _Tables, value: str) -> Any:
    """An incident id from a URL, in the type the table keeps it in (None if it cannot be one)."""
    try:
        python_type = t.links.c.incident_id.type.python_type
    except NotImplementedError:
        return value
    if python_type is int:
        return int(value) if value.isdigit() else None
    return value


def linking_available(store: Store) -> bool:
    with store.engine.connect() as conn:
        return _tables(conn) is not None


def _summaries(conn: Connection, t: _Tables, ids: list[Any]) -> dict[Any, IncidentSummary]:
    """Summaries of the given incidents, labelled by linking's label or by their commonest event."""
    if not ids:
        return {}
    date = func.coalesce(ev.c.time_value, ar.c.published)
    stats = conn.execute(
        select(t.links.c.incident_id, func.count(ev.c.article_id.distinct()).label("arts"),
               func.count().label("n"), func.min(date).label("first"), func.max(date).label("last"))
        .select_from(t.links.join(ev, t.links.c.event_id == ev.c.id).join(ar, ev.c.article_id == ar.c.id))
        .where(t.links.c.incident_id.in_(ids)).group_by(t.links.c.incident_id)).all()
    labels: dict[Any, str] = {}
    if t.label is not None:
        labels = {r[0]: str(r[1]) for r in conn.execute(
            select(t.incidents.c.id, t.label).where(t.incidents.c.id.in_(ids), t.label.is_not(None)))}
    common: dict[Any, Counter[tuple[str, str]]] = defaultdict(Counter)
    for r in conn.execute(
            select(t.links.c.incident_id, ev.c.plover, ev.c.place_name, func.count().label("n"))
            .select_from(t.links.join(ev, t.links.c.event_id == ev.c.id))
            .where(t.links.c.incident_id.in_(ids))
            .group_by(t.links.c.incident_id, ev.c.plover, ev.c.place_name)):
        common[r.incident_id][(r.plover, r.place_name or "")] += r.n
    out = {}
    for r in stats:
        counts = common[r.incident_id]
        plover, place = max(counts, key=lambda k: (counts[k], bool(k[1]), k)) if counts else ("", "")
        auto = " · ".join(x for x in (plover, place, r.first or "") if x)
        out[r.incident_id] = IncidentSummary(str(r.incident_id), labels.get(r.incident_id) or auto, r.first, r.last,
                                             r.arts, r.n)
    return out


def list_incidents(store: Store, filters: Filters, request: PageRequest) -> Page:
    """Incidents with an event matching ``filters``, latest first."""
    with store.engine.connect() as conn:
        t = _tables(conn)
        if t is None:
            return Page([], request.page, False)
        date = func.coalesce(ev.c.time_value, ar.c.published)
        query = (select(t.links.c.incident_id)
                 .select_from(t.links.join(ev, t.links.c.event_id == ev.c.id).join(ar, ev.c.article_id == ar.c.id)
                              .outerjoin(src, ev.c.source_actor_id == src.c.id)
                              .outerjoin(tgt, ev.c.target_actor_id == tgt.c.id))
                 .group_by(t.links.c.incident_id)
                 .order_by(func.max(date).desc(), t.links.c.incident_id)
                 .offset(request.offset).limit(request.size + 1))
        where = all_of(event_conditions(filters))
        if where is not None:
            query = query.where(where)
        ids = list(conn.execute(query).scalars())
        summaries = _summaries(conn, t, ids)
    return page_of([summaries[i] for i in ids if i in summaries], request)


def incidents_of_events(store: Store, event_ids: list[str]) -> dict[str, list[IncidentRef]]:
    """Event id -> the incidents it is linked to."""
    if not event_ids:
        return {}
    with store.engine.connect() as conn:
        t = _tables(conn)
        if t is None:
            return {}
        pairs = conn.execute(select(t.links.c.event_id, t.links.c.incident_id)
                             .where(t.links.c.event_id.in_(event_ids))).all()
        summaries = _summaries(conn, t, list({p.incident_id for p in pairs}))
    out: dict[str, list[IncidentRef]] = defaultdict(list)
    for p in pairs:
        if p.incident_id in summaries:
            out[p.event_id].append(IncidentRef(str(p.incident_id), summaries[p.incident_id].label))
    return dict(out)


def detach_events(conn: Connection, event_ids: list[str]) -> None:
    """Forget the links of events that are being deleted."""
    t = _tables(conn)
    if t is not None and event_ids:
        conn.execute(t.links.delete().where(t.links.c.event_id.in_(event_ids)))


def board(store: Store, incident_id: str, with_events: bool = True) -> Board | None:
    """The incident board: claims and denials per claimant, evidence, the articles (and the events)."""
    with store.engine.connect() as conn:
        t = _tables(conn)
        key = _key(t, incident_id) if t is not None else None
        if t is None or key is None:
            return None
        summary = _summaries(conn, t, [key]).get(key)
        if summary is None:
            return None
        linked = select(t.links.c.event_id).where(t.links.c.incident_id == key)
        events = [event_row(r) for r in conn.execute(
            event_select().where(ev.c.id.in_(linked))
            .order_by(func.coalesce(ev.c.time_value, ar.c.published), ar.c.seq, ev.c.trigger_start))
        ] if with_events else []
        spk = ac.alias("spk")
        claims = conn.execute(
            select(at.c.id, at.c.article_id, ar.c.title, ar.c.published, ar.c.source, at.c.speaker_text,
                   at.c.content_text, at.c.stance, at.c.evidence, ev.c.id.label("event_id"), ev.c.trigger_text,
                   ev.c.modality, spk.c.code.label("spk_code"), spk.c.name.label("spk_name"),
                   src.c.code.label("blamed_code"), src.c.name.label("blamed_name"))
            .select_from(ev.join(at, ev.c.attribution_id == at.c.id).join(ar, at.c.article_id == ar.c.id)
                         .outerjoin(spk, at.c.speaker_actor_id == spk.c.id)
                         .outerjoin(src, ev.c.source_actor_id == src.c.id))
            .where(ev.c.id.in_(linked))
            .order_by(ar.c.published, ar.c.seq, at.c.content_start)).all()
        articles = conn.execute(
            select(ar.c.id, ar.c.title, ar.c.published, ar.c.source).where(
                ar.c.id.in_(select(ev.c.article_id).where(ev.c.id.in_(linked))))
            .order_by(ar.c.published, ar.c.seq)).all()
    return _board(summary, claims, articles, events)


def _board(summary: IncidentSummary, rows: Sequence[Any], articles: Sequence[Any], events: list[EventRow]) -> Board:
    seen: set[str] = set()
    by_claimant: dict[str, list[tuple[Any, Claim]]] = defaultdict(list)
    per_article: Counter[str] = Counter()
    for r in rows:
        if r.id in seen:  # a statement reporting several of the incident's events is one claim
            continue
        seen.add(r.id)
        claim = Claim(r.id, r.article_id, r.title, r.published, r.source, r.speaker_text, r.content_text, r.stance,
                      r.evidence, r.event_id, r.trigger_text, r.modality, r.blamed_code, r.blamed_name)
        by_claimant[r.spk_code or (r.speaker_text or "unnamed source")].append((r, claim))
        per_article[r.article_id] += 1
    claimants = []
    for key, pairs in by_claimant.items():
        first = pairs[0][0]
        names = Counter(p[0].spk_name or p[0].speaker_text or key for p in pairs)
        cl = [c for _, c in pairs]
        claimants.append(ActorClaims(
            first.spk_code, names.most_common(1)[0][0], cl,
            dict(Counter(c.stance for c in cl).most_common()), dict(Counter(c.evidence for c in cl).most_common()),
            dict(Counter(b for c in cl if (b := c.blamed_code or c.blamed_name)).most_common())))
    order = {s: i for i, s in enumerate(CLAIM_STANCES)}
    claimants.sort(key=lambda a: (-len(a.claims), min(order.get(s, 99) for s in a.stances), a.name))
    evidence = dict(Counter(c.evidence for a in claimants for c in a.claims).most_common())
    arts = [BoardArticle(a.id, a.title, a.published, a.source, per_article[a.id]) for a in articles]
    return Board(summary, claimants, evidence, arts, events)
