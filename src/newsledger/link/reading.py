"""Reading the cross-article ledger: incidents and their boards, claims, contradictions.

These are the functions the CLI, the REST API and the web UI call; each returns plain JSON-ready dicts.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, func, or_, select

from newsledger.link.linker import LINKS
from newsledger.link.tables import (
    article_copies,
    claim_statements,
    claims,
    contradictions,
    incident_events,
    incidents,
    link_articles,
    responsibility,
)
from newsledger.store import Store, schema
from newsledger.store.filters import code_or_name, date_between, event_date

JSON = dict[str, Any]


def list_incidents(store: Store, limit: int = 50, min_articles: int = 1, actor: str | None = None, *,
                   offset: int = 0, text: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, plover: str | None = None, modality: str | None = None,
                   stance: str | None = None, evidence: str | None = None, per_story: bool = False) -> list[JSON]:
    """Incidents, those that name a specific happening first (``specific``: not a generic verb, and with who,
    where or when), then those with the most independent sources (then the most reports). With ``per_story``,
    only the first of each story (the articles about one happening): a list of happenings, as the home page
    shows them, where a story of many incidents (a round-up of a month's campaign news) takes one row.

    ``actor`` keeps those with a responsibility claim by or against an actor code prefix (``RUS``) or name;
    ``stance`` / ``evidence`` those with a responsibility claim of that stance or evidence status; ``plover``
    those of that PLOVER root; ``modality`` those with an event of that modality; ``date_from`` / ``date_to``
    (ISO dates, inclusive) those with an event dated in the range (its own date, else its article's
    publication date); ``text`` those whose label, place, participants or one of whose articles' titles contains it
    (case-insensitive).
    """
    store.install(LINKS)
    q: Select[Any] = select(incidents).where(incidents.c.n_articles >= min_articles)
    if actor:
        q = q.where(incidents.c.id.in_(select(responsibility.c.incident_id).where(_actor_match(actor))))
    if stance or evidence:
        claimed = select(responsibility.c.incident_id)
        if stance:
            claimed = claimed.where(responsibility.c.stance == stance)
        if evidence:
            claimed = claimed.where(responsibility.c.evidence == evidence)
        q = q.where(incidents.c.id.in_(claimed))
    if plover:
        q = q.where(incidents.c.plover == plover.upper())
    ev, ar, ie = schema.events, schema.articles, incident_events
    reported = []
    if modality:
        reported.append(ev.c.modality == modality)
    reported += date_between(event_date, date_from, date_to)
    if reported:
        q = q.where(incidents.c.id.in_(select(ie.c.incident_id).select_from(
            ie.join(ev, ev.c.id == ie.c.event_id).join(ar, ar.c.id == ie.c.article_id)).where(*reported)))
    if text:
        titled = select(ie.c.incident_id).select_from(ie.join(ar, ar.c.id == ie.c.article_id)).where(
            ar.c.title.icontains(text, autoescape=True))
        q = q.where(incidents.c.label.icontains(text, autoescape=True)
                    | incidents.c.place.icontains(text, autoescape=True)
                    | incidents.c.participants.icontains(text, autoescape=True) | incidents.c.id.in_(titled))
    if per_story:
        ranked = q.add_columns(func.row_number().over(partition_by=incidents.c.story_id,
                                                      order_by=_ranking(incidents.c)).label("rank_in_story")).subquery()
        q = select(*(ranked.c[c.name] for c in incidents.columns)).where(ranked.c.rank_in_story == 1)
        q = q.order_by(*_ranking(ranked.c))
    else:
        q = q.order_by(*_ranking(incidents.c))
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q.offset(offset).limit(limit))]


def _ranking(c: Any) -> tuple[Any, ...]:
    """The order of incidents in lists: specific first, then by independent sources, reports, events, id."""
    return (c.specific.desc(), c.n_independent.desc(), c.n_articles.desc(), c.n_events.desc(), c.id)


def _actor_match(actor: str) -> Any:
    """A responsibility claim by the actor (``store.queries.code_or_name``) or against it (a party)."""
    code = actor.strip().upper()
    return or_(code_or_name(responsibility.c.actor_code, responsibility.c.actor, actor),
               responsibility.c.parties.contains(f'"{code}', autoescape=True))


def incidents_of_events(store: Store, event_ids: Iterable[str]) -> dict[str, JSON]:
    """Event id -> the incident it is linked to (its row), for the given events that are linked."""
    store.install(LINKS)
    ids = sorted(set(event_ids))
    out: dict[str, JSON] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            rows = conn.execute(select(incident_events.c.event_id, incidents)
                                .select_from(incident_events.join(incidents,
                                                                  incidents.c.id == incident_events.c.incident_id))
                                .where(incident_events.c.event_id.in_(ids[i:i + 500])))
            for r in rows:
                row = dict(r._mapping)
                out[row.pop("event_id")] = row
    return out


def article_links(store: Store, article_ids: Iterable[str]) -> dict[str, JSON]:
    """Article id -> ``story_id`` (the story it was linked into: the articles about one happening) and
    ``copy_of`` (the first stored article of its copy group, else None), for the given articles that are linked."""
    store.install(LINKS)
    ids = sorted(set(article_ids))
    out: dict[str, JSON] = {}
    la, ac = link_articles, article_copies
    with store.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            rows = conn.execute(select(la.c.article_id, la.c.story_id, ac.c.copy_of)
                                .select_from(la.outerjoin(ac, ac.c.article_id == la.c.article_id))
                                .where(la.c.article_id.in_(ids[i:i + 500])))
            out.update((r.article_id, {"story_id": r.story_id, "copy_of": r.copy_of}) for r in rows)
    return out


def story_sizes(store: Store, story_ids: Iterable[str]) -> dict[str, int]:
    """Story id -> how many articles it holds."""
    store.install(LINKS)
    ids = sorted({s for s in story_ids if s})
    with store.engine.connect() as conn:
        return {r.story_id: int(r.n) for r in conn.execute(
            select(link_articles.c.story_id, func.count().label("n")).where(link_articles.c.story_id.in_(ids))
            .group_by(link_articles.c.story_id))} if ids else {}


def count_incidents(store: Store) -> int:
    """How many incidents the ledger holds."""
    store.install(LINKS)
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(incidents)).scalar_one())


def incident(store: Store, incident_id: str) -> JSON | None:
    """One incident: its row, its reports (articles and their events) and its responsibility board."""
    store.install(LINKS)
    ev, ar, ie, at = schema.events, schema.articles, incident_events, schema.attributions
    with store.engine.connect() as conn:
        row = conn.execute(select(incidents).where(incidents.c.id == incident_id)).first()
        if row is None:
            return None
        events = conn.execute(
            select(ie.c.event_id, ie.c.article_id, ie.c.confidence, ev.c.trigger_text, ev.c.trigger_start,
                   ev.c.plover, ev.c.modality, ev.c.time_value, ev.c.place_name, ar.c.title, ar.c.source,
                   ar.c.published, ar.c.url)
            .select_from(ie.join(ev, ev.c.id == ie.c.event_id).join(ar, ar.c.id == ie.c.article_id))
            .where(ie.c.incident_id == incident_id).order_by(ar.c.published, ie.c.article_id, ev.c.trigger_start)
        ).all()
        claims_rows = conn.execute(
            select(responsibility, at.c.speaker_text, at.c.cue_text, at.c.content_text, at.c.form, ar.c.source,
                   ar.c.published)
            .select_from(responsibility.outerjoin(at, at.c.id == responsibility.c.attribution_id)
                         .join(ar, ar.c.id == responsibility.c.article_id))
            .where(responsibility.c.incident_id == incident_id)
            .order_by(ar.c.published, responsibility.c.article_id, at.c.content_start,
                      responsibility.c.attribution_id)).all()
    reports: dict[str, JSON] = {}
    for e in events:
        rep = reports.setdefault(e.article_id, {"article_id": e.article_id, "title": e.title, "source": e.source,
                                                "published": e.published, "url": e.url, "events": []})
        rep["events"].append({"event_id": e.event_id, "trigger": e.trigger_text, "start": e.trigger_start,
                              "plover": e.plover, "modality": e.modality, "time": e.time_value,
                              "place": e.place_name, "confidence": e.confidence})
    groups = board(dict(c._mapping) for c in claims_rows)
    per_article = Counter(st["article_id"] for g in groups for st in g["statements"])
    for rep in reports.values():
        rep["n_claims"] = per_article[rep["article_id"]]
    return {**dict(row._mapping), "reports": list(reports.values()), "board": groups}


def board(rows: Iterable[JSON]) -> list[JSON]:
    """Responsibility claims grouped by who (country, else code or name) and position; ``codes`` are the
    claimants' actor codes, ``actors`` their names."""
    groups: dict[tuple[str, str], JSON] = {}
    for r in rows:
        spans = json.loads(r["spans"])
        who = (r["actor_code"] or "")[:3] or r["actor"] or "unknown"
        g = groups.setdefault((who, r["position"]), {"who": who, "position": r["position"], "codes": [],
                                                      "actors": [], "parties": [], "evidence": [], "statements": []})
        if r["actor_code"] and r["actor_code"] not in g["codes"]:
            g["codes"].append(r["actor_code"])
        if r["actor"] and r["actor"] not in g["actors"]:
            g["actors"].append(r["actor"])
        for p in json.loads(r["parties"]):
            if p not in g["parties"]:
                g["parties"].append(p)
        if r["evidence"] not in g["evidence"]:
            g["evidence"].append(r["evidence"])
        g["statements"].append({"attribution_id": r["attribution_id"], "article_id": r["article_id"],
                                "speaker": r.get("speaker_text"), "cue": r.get("cue_text"),
                                "content": r.get("content_text"), "form": r.get("form"), "source": r.get("source"),
                                "published": r.get("published"), "stance": r["stance"],
                                "evidence": r["evidence"], "spans": spans})
    order = {"accuse": 0, "deny": 1, "doubt": 2}
    return sorted(groups.values(), key=lambda g: (order.get(g["position"], 9), g["who"]))


def list_claims(store: Store, actor: str | None = None, min_outlets: int = 1, limit: int = 50,
                min_independent: int = 1) -> list[JSON]:
    """Claims (propositions stated across articles), those with the most independent sources first, with their
    statements; ``actor`` keeps claims stated by an actor code prefix (``RUS``), ``min_independent`` those
    resting on at least that many independent sources (``newsledger.link.independence``)."""
    store.install(LINKS)
    cs, at, ar = claim_statements, schema.attributions, schema.articles
    q: Select[Any] = select(claims).where(claims.c.n_outlets >= min_outlets,
                                          claims.c.n_independent >= min_independent)
    if actor:
        q = q.where(claims.c.id.in_(select(cs.c.claim_id).where(cs.c.actor_code.like(actor.upper() + "%"))))
    q = q.order_by(claims.c.n_independent.desc(), claims.c.n_outlets.desc(), claims.c.n_statements.desc(),
                   claims.c.id).limit(limit)
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
        ids = [r["id"] for r in rows]
        members = conn.execute(
            select(cs.c.claim_id, cs.c.attribution_id, cs.c.article_id, cs.c.actor_code, cs.c.similarity,
                   at.c.speaker_text, at.c.content_text, at.c.stance, at.c.evidence, ar.c.source, ar.c.published)
            .select_from(cs.join(at, at.c.id == cs.c.attribution_id).join(ar, ar.c.id == cs.c.article_id))
            .where(cs.c.claim_id.in_(ids)).order_by(cs.c.claim_id, ar.c.published, cs.c.attribution_id)).all()
    by_claim: dict[str, list[JSON]] = {}
    for m in members:
        d = dict(m._mapping)
        by_claim.setdefault(d.pop("claim_id"), []).append(d)
    for r in rows:
        r["statements"] = by_claim.get(r["id"], [])
    return rows


def list_contradictions(store: Store, kind: str | None = None, limit: int = 50) -> list[JSON]:
    """Pairs of statements taking opposite positions, with both statements' speaker and content."""
    store.install(LINKS)
    a = schema.attributions.alias("a")
    b = schema.attributions.alias("b")
    q: Select[Any] = (select(contradictions, a.c.speaker_text.label("a_speaker"), a.c.content_text.label("a_content"),
                             b.c.speaker_text.label("b_speaker"), b.c.content_text.label("b_content"))
                      .select_from(contradictions.join(a, a.c.id == contradictions.c.a_attribution_id)
                                   .join(b, b.c.id == contradictions.c.b_attribution_id)))
    if kind:
        q = q.where(contradictions.c.kind == kind)
    q = q.order_by(contradictions.c.kind, contradictions.c.score.desc(), contradictions.c.id).limit(limit)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]
