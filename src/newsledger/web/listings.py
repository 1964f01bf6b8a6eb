"""Read-side queries over the store for the web UI and REST API: articles, actors, the home page.

Pure functions of a :class:`~newsledger.store.Store` and filters, built with SQLAlchemy Core (no SQL text),
returning frozen records that both the HTML pages and their JSON twins render.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, func, select

from newsledger.records import Ledger, lower_confidence
from newsledger.store import Store, schema
from newsledger.store.filters import actor_matches, confident, date_between, statement_conditions
from newsledger.web.filters import Filters, Page, PageRequest, all_of, page_of

ar, ac, at, ev = schema.articles, schema.actors, schema.attributions, schema.events
SNIPPET_CHARS = 240


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    snippet: str
    attributions: int
    events: int
    actor_codes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Statement:
    """One attribution with the article it comes from and its speaker's actor."""

    id: str
    article_id: str
    article_title: str | None
    published: str | None
    speaker: str | None
    actor_name: str | None
    actor_code: str | None
    cue: str | None
    content: str | None
    form: str
    stance: str
    evidence: str
    confidence: float | None = None  # the lower of the stance's and the evidence's confidence


@dataclass(frozen=True, slots=True)
class ActorSummary:
    code: str
    name: str
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class ActorName:
    name: str
    count: int


def _article_conditions(f: Filters) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.q:
        conds.append(ar.c.title.icontains(f.q, autoescape=True) | ar.c.text.icontains(f.q, autoescape=True))
    conds += date_between(ar.c.published, f.date_from, f.date_to)
    if f.stance or f.evidence or f.min_confidence is not None:
        sub = select(at.c.id).where(at.c.article_id == ar.c.id)
        if f.stance:
            sub = sub.where(at.c.stance == f.stance)
        if f.evidence:
            sub = sub.where(at.c.evidence == f.evidence)
        if f.min_confidence is not None:
            sub = sub.where(confident(at, f.min_confidence))
        if f.actor:
            sub = sub.join(ac, at.c.speaker_actor_id == ac.c.id).where(actor_matches(ac, f.actor))
        conds.append(sub.exists())
    if f.plover or f.modality:
        esub = select(ev.c.id).where(ev.c.article_id == ar.c.id)
        if f.plover:
            esub = esub.where(ev.c.plover == f.plover.upper())
        if f.modality:
            esub = esub.where(ev.c.modality == f.modality)
        if f.actor:
            esub = esub.join(ac, (ev.c.source_actor_id == ac.c.id) | (ev.c.target_actor_id == ac.c.id)).where(
                actor_matches(ac, f.actor))
        conds.append(esub.exists())
    if f.actor and not (f.stance or f.evidence or f.min_confidence is not None or f.plover or f.modality):
        conds.append(select(ac.c.id).where(ac.c.article_id == ar.c.id, actor_matches(ac, f.actor)).exists())
    return conds


def _summaries(query: Select[Any], store: Store) -> list[ArticleSummary]:
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
        ids = [r.id for r in rows]
        codes: dict[str, list[str]] = {i: [] for i in ids}
        if ids:
            for r in conn.execute(select(ac.c.article_id, ac.c.code).distinct()
                                  .where(ac.c.article_id.in_(ids), ac.c.code.is_not(None))
                                  .order_by(ac.c.article_id, ac.c.code)):
                codes[r.article_id].append(r.code)
    return [ArticleSummary(r.id, r.title, r.published, r.source, r.url, r.snippet, r.n_att, r.n_ev, codes[r.id])
            for r in rows]


def _summary_select() -> Select[Any]:
    n_att = select(func.count()).where(at.c.article_id == ar.c.id).scalar_subquery()
    n_ev = select(func.count()).where(ev.c.article_id == ar.c.id).scalar_subquery()
    return select(ar.c.id, ar.c.title, ar.c.published, ar.c.source, ar.c.url,
                  func.substr(ar.c.text, 1, SNIPPET_CHARS).label("snippet"), n_att.label("n_att"),
                  n_ev.label("n_ev"))


def list_articles(store: Store, filters: Filters, request: PageRequest) -> Page:
    """Articles matching ``filters``, newest first. Actor filters apply to the speaker of a matching
    statement (with stance/evidence), to the source or target of a matching event (with plover/modality),
    or else to any actor of the article."""
    query = _summary_select()
    where = all_of(_article_conditions(filters))
    if where is not None:
        query = query.where(where)
    query = (query.order_by(ar.c.published.desc().nulls_last(), ar.c.seq.desc())
             .offset(request.offset).limit(request.size + 1))
    return page_of(_summaries(query, store), request)


def get_article(store: Store, article_id: str) -> Ledger | None:
    """The stored ledger (with its text) of one article."""
    return store.get(article_id)


def _statement_select() -> Select[Any]:
    return (select(at.c.id, at.c.article_id, ar.c.title.label("article_title"), ar.c.published,
                   at.c.speaker_text, ac.c.name.label("actor_name"), ac.c.code.label("actor_code"), at.c.cue_text,
                   at.c.content_text, at.c.form, at.c.stance, at.c.evidence, at.c.stance_confidence,
                   at.c.evidence_confidence, at.c.statement_confidence)
            .select_from(at.join(ar, at.c.article_id == ar.c.id).outerjoin(ac, at.c.speaker_actor_id == ac.c.id)))


def _statement(r: Row[Any]) -> Statement:
    return Statement(r.id, r.article_id, r.article_title, r.published, r.speaker_text, r.actor_name, r.actor_code,
                     r.cue_text, r.content_text, r.form, r.stance, r.evidence,
                     lower_confidence(r.statement_confidence, r.stance_confidence, r.evidence_confidence))


def statements(store: Store, filters: Filters, request: PageRequest) -> Page:
    """Statements (attributions) matching ``filters``; ``actor`` is the speaker's actor."""
    query = _statement_select()
    conds = statement_conditions(actor=filters.actor, stance=filters.stance, evidence=filters.evidence,
                                 min_confidence=filters.min_confidence, date_from=filters.date_from,
                                 date_to=filters.date_to)
    if filters.q:
        conds.append(at.c.content_text.icontains(filters.q, autoescape=True))
    where = all_of(conds)
    if where is not None:
        query = query.where(where)
    query = (query.order_by(ar.c.published.desc().nulls_last(), ar.c.seq.desc(), at.c.content_start)
             .offset(request.offset).limit(request.size + 1))
    with store.engine.connect() as conn:
        rows = [_statement(r) for r in conn.execute(query)]
    return page_of(rows, request)


def list_actors(store: Store, filters: Filters, request: PageRequest) -> Page:
    """Coded actors with their mention and article counts, most frequent first."""
    query = (select(ac.c.code, func.count().label("n"), func.count(ac.c.article_id.distinct()).label("arts"))
             .where(ac.c.code.is_not(None)).group_by(ac.c.code))
    if filters.actor:
        query = query.where(actor_matches(ac, filters.actor))
    if filters.q:
        query = query.where(ac.c.name.icontains(filters.q, autoescape=True)
                            | ac.c.code.icontains(filters.q, autoescape=True))
    query = query.order_by(func.count().desc(), ac.c.code).offset(request.offset).limit(request.size + 1)
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
        names = actor_names(conn, [r.code for r in rows])
    items = [ActorSummary(r.code, names[r.code][0].name if names.get(r.code) else r.code, r.n, r.arts)
             for r in rows]
    return page_of(items, request)


def actor_names(conn: Connection, codes: list[str]) -> dict[str, list[ActorName]]:
    """The names each code was written as, most frequent first."""
    if not codes:
        return {}
    query = (select(ac.c.code, ac.c.name, func.count().label("n")).where(ac.c.code.in_(codes))
             .group_by(ac.c.code, ac.c.name))
    counts: dict[str, Counter[str]] = {c: Counter() for c in codes}
    for r in conn.execute(query):
        counts[r.code][r.name] += r.n
    return {c: [ActorName(n, k) for n, k in sorted(cnt.items(), key=lambda x: (-x[1], x[0]))]
            for c, cnt in counts.items() if cnt}


def store_counts(store: Store) -> dict[str, int]:
    """How many articles, statements, events and coded actors the ledger holds."""
    with store.engine.connect() as conn:
        return {
            "articles": int(conn.execute(select(func.count()).select_from(ar)).scalar_one()),
            "statements": int(conn.execute(select(func.count()).select_from(at)).scalar_one()),
            "events": int(conn.execute(select(func.count()).select_from(ev)).scalar_one()),
            "actors": int(conn.execute(select(func.count(ac.c.code.distinct()))).scalar_one()),
        }


def names_under(store: Store, code: str) -> list[ActorName]:
    """The names written for ``code`` and its sub-codes, most frequent first (empty if none)."""
    query = (select(ac.c.name, func.count().label("n")).where(ac.c.code.startswith(code, autoescape=True))
             .group_by(ac.c.name).order_by(func.count().desc(), ac.c.name).limit(20))
    with store.engine.connect() as conn:
        return [ActorName(r.name, r.n) for r in conn.execute(query)]
