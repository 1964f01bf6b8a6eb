"""Read queries over the ledger's columns: statements (attributions) and events, with filters.

Each function builds one SQLAlchemy Core ``select``; :class:`~newsledger.store.Store` runs it. This module
holds the ledger's one filter vocabulary, which the CLI, the REST API, the web pages and the cross-article
queries (``newsledger.link.reading``) all use:

- **dates** (:func:`date_between`, ISO ``YYYY-MM-DD``, both ends inclusive): an event is dated by its own date
  where the text gives one, else by its article's publication date (:data:`event_date`); a statement or an
  article by the publication date;
- **actors** (:func:`actor_matches`, :func:`code_or_name`): a CAMEO-style code prefix (``RUS`` matches
  ``RUSGOV``) or an actor's exact name, case-insensitively.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, and_, false, func, or_, select

from newsledger.store import schema


@dataclass(frozen=True, slots=True)
class StatementFilter:
    actor: str | None = None
    stance: str | None = None
    evidence: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    limit: int = 100
    min_confidence: float | None = None  # both the stance's and the evidence's confidence at least this


@dataclass(frozen=True, slots=True)
class EventFilter:
    actor: str | None = None
    plover: str | None = None
    modality: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    limit: int = 100
    evidence: str | None = None
    min_confidence: float | None = None  # the event head's two confidences both at least this


# an event's date: its own (a TIMEX3 value, possibly finer than a day) where known, else its article's
event_date = func.coalesce(schema.events.c.time_value, schema.articles.c.published)
# an event's source and target actors, as every query of events joins them (:func:`events_joined`)
SOURCE, TARGET = schema.actors.alias("src"), schema.actors.alias("tgt")


def events_joined() -> FromClause:
    """Events joined to their article, their :data:`SOURCE` and their :data:`TARGET` (outer joins: either
    may be missing): what :func:`event_conditions` filter."""
    ev, ar = schema.events, schema.articles
    return (ev.join(ar, ev.c.article_id == ar.c.id)
            .outerjoin(SOURCE, ev.c.source_actor_id == SOURCE.c.id)
            .outerjoin(TARGET, ev.c.target_actor_id == TARGET.c.id))


def code_or_name(code: Any, name: Any, value: str) -> ColumnElement[bool]:
    """A code column starting with ``value`` (upper-cased) or a name column equal to it, case-insensitively."""
    value = value.strip()
    if not value:
        return false()
    return or_(code.startswith(value.upper(), autoescape=True), func.lower(name) == value.lower())


def actor_matches(actors: FromClause, value: str) -> ColumnElement[bool]:
    """An actor row whose code starts with ``value`` (upper-cased) or whose name is ``value``."""
    return code_or_name(actors.c.code, actors.c.name, value)


def date_between(column: Any, date_from: str | None, date_to: str | None) -> list[ColumnElement[bool]]:
    """ISO date strings compare in calendar order, so a range is two string comparisons. ``date_to`` is
    inclusive: a value of that day (or a finer one, ``2023-05-03T…``) is in range."""
    conds: list[ColumnElement[bool]] = []
    if date_from:
        conds.append(column >= date_from)
    if date_to:
        conds.append(column <= date_to + "\uffff")
    return conds


def confident(at: FromClause, minimum: float) -> ColumnElement[bool]:
    """Statements whose stance and evidence confidences are both at least ``minimum`` (a statement stored
    without them never is), and whose statement confidence is too where it has one (a statement the page's
    layout gives has none, nor one stored before migration 9)."""
    return and_(at.c.stance_confidence >= minimum, at.c.evidence_confidence >= minimum,
                or_(at.c.statement_confidence.is_(None), at.c.statement_confidence >= minimum))


def statement_conditions(*, actor: str | None = None, stance: str | None = None, evidence: str | None = None,
                         min_confidence: float | None = None, date_from: str | None = None,
                         date_to: str | None = None) -> list[ColumnElement[bool]]:
    """The filters of statements (attributions joined to their article and to their speaker's row of
    ``schema.actors``): dated by the publication date; ``actor`` is the speaker's actor."""
    at, ar = schema.attributions, schema.articles
    conds = date_between(ar.c.published, date_from, date_to)
    if actor:
        conds.append(actor_matches(schema.actors, actor))
    if stance:
        conds.append(at.c.stance == stance)
    if evidence:
        conds.append(at.c.evidence == evidence)
    if min_confidence is not None:
        conds.append(confident(at, min_confidence))
    return conds


def event_conditions(*, actor: str | None = None, plover: str | None = None, modality: str | None = None,
                     stance: str | None = None, evidence: str | None = None, min_confidence: float | None = None,
                     date_from: str | None = None, date_to: str | None = None) -> list[ColumnElement[bool]]:
    """The filters of events (joined to their article, and to :data:`SOURCE` and :data:`TARGET`): dated by
    :data:`event_date`; ``actor`` is the source or the target; ``stance`` is that of the statement that
    reports the event; ``evidence`` the event's own status, or (events stored before migration 6, which
    have none) its statement's; ``min_confidence`` keeps events whose confidences are both at least that (an
    event stored without them, decided by the rules or stored before migration 10, never is)."""
    ev, at = schema.events, schema.attributions
    conds = date_between(event_date, date_from, date_to)
    if actor:
        conds.append(or_(actor_matches(SOURCE, actor), actor_matches(TARGET, actor)))
    if plover:
        conds.append(ev.c.plover == plover.upper())
    if modality:
        conds.append(ev.c.modality == modality)
    if stance:
        conds.append(select(at.c.id).where(at.c.id == ev.c.attribution_id, at.c.stance == stance).exists())
    if evidence:
        reported = select(at.c.id).where(at.c.id == ev.c.attribution_id, at.c.evidence == evidence).exists()
        conds.append(or_(ev.c.evidence == evidence, reported))
    if min_confidence is not None:
        conds.append(and_(ev.c.event_confidence >= min_confidence, ev.c.root_confidence >= min_confidence))
    return conds


def statements_query(f: StatementFilter) -> Select[tuple[object, ...]]:
    """Attributions with their article and speaker actor, newest articles first."""
    a, at, ar = schema.actors, schema.attributions, schema.articles
    q = (select(ar.c.id.label("article_id"), ar.c.title, ar.c.published, at.c.speaker_text,
                a.c.name.label("actor"), a.c.code, at.c.cue_text, at.c.content_text, at.c.form, at.c.stance,
                at.c.evidence, at.c.stance_confidence, at.c.evidence_confidence, at.c.statement_confidence)
         .select_from(at.join(ar, at.c.article_id == ar.c.id).outerjoin(a, at.c.speaker_actor_id == a.c.id)))
    conds = statement_conditions(actor=f.actor, stance=f.stance, evidence=f.evidence,
                                 min_confidence=f.min_confidence, date_from=f.date_from, date_to=f.date_to)
    if conds:
        q = q.where(and_(*conds))
    return q.order_by(ar.c.seq.desc(), at.c.content_start).limit(f.limit)


def events_query(f: EventFilter) -> Select[tuple[object, ...]]:
    """Events with their article and source/target actors, newest articles first; dates filter on
    :data:`event_date`."""
    ev, ar = schema.events, schema.articles
    src, tgt = SOURCE, TARGET
    q = (select(ar.c.id.label("article_id"), ar.c.title, ar.c.published, ev.c.id.label("event_id"),
                ev.c.trigger_text, ev.c.plover, ev.c.cameo, ev.c.modality, ev.c.evidence,
                src.c.name.label("source_actor"), src.c.code.label("source_code"),
                tgt.c.name.label("target_actor"), tgt.c.code.label("target_code"),
                ev.c.time_value, ev.c.time_precision, ev.c.place_name, ev.c.place_country, ev.c.event_confidence,
                ev.c.root_confidence)
         .select_from(events_joined()))
    conds = event_conditions(actor=f.actor, plover=f.plover, modality=f.modality, evidence=f.evidence,
                             min_confidence=f.min_confidence, date_from=f.date_from, date_to=f.date_to)
    if conds:
        q = q.where(and_(*conds))
    return q.order_by(ar.c.seq.desc(), ev.c.trigger_start).limit(f.limit)
