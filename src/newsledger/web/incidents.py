"""The web layer's view of cross-article linking: typed records over what ``newsledger.link.reading`` returns.

Linking (``newsledger.link``, the tables of ``newsledger.link.tables``) is the one source of incidents, their
boards (who blames whom, who denies, who doubts, on what evidence, from which spans) and their reports; the
CLI's ``newsledger incidents`` reads the same functions. This module only maps the web's filters onto them
and their JSON-ready dicts onto dataclasses (for the templates and the OpenAPI description), field for field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from newsledger.link import reading
from newsledger.store import Store
from newsledger.web.filters import Filters, Page, PageRequest, page_of


@dataclass(frozen=True, slots=True)
class IncidentSummary:
    """An incident: events of one or more articles that report the same happening (labelled by its
    commonest trigger; its commonest PLOVER root and place; the dates its events give)."""

    id: str
    label: str
    plover: str | None
    first_date: str | None
    last_date: str | None
    place: str | None
    participants: str | None  # the actors its events name most (codes, else names), comma-separated
    n_events: int
    n_articles: int
    n_outlets: int
    n_reports: int  # articles reporting it
    n_independent: int  # independent sources among them (copies and relayed reports count once)
    confidence: float
    specific: bool  # it names a specific happening (not a generic verb; who, where or when): listed first

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> IncidentSummary:
        return cls(**{f.name: row[f.name] for f in fields(IncidentSummary)})


@dataclass(frozen=True, slots=True)
class Statement:
    """A statement on the board: who said it, the cue and content (``form``: direct, indirect, mixed or
    according_to), its stance and evidence, where it stands
    (``spans``: ``speaker``, ``cue``, ``content`` as ``[start, end]``, and ``evidence_cues``)."""

    attribution_id: str
    article_id: str
    speaker: str | None
    cue: str | None
    content: str | None
    form: str | None
    source: str | None
    published: str | None
    stance: str
    evidence: str
    spans: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """One claimant's (``who``: a country code, else an actor code or name) position on the incident:
    ``accuse`` (``parties`` are those blamed), ``deny`` (``parties``: whose part is denied) or ``doubt``
    (``parties``: whose claims are doubted)."""

    who: str
    position: str
    codes: list[str]
    actors: list[str]
    parties: list[str]
    evidence: list[str]
    statements: list[Statement]


@dataclass(frozen=True, slots=True)
class ReportEvent:
    event_id: str
    trigger: str
    start: int
    plover: str | None
    modality: str
    time: str | None
    place: str | None
    confidence: float


@dataclass(frozen=True, slots=True)
class Report:
    """An article reporting the incident, its events in the incident, and how many board statements it gives."""

    article_id: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    n_claims: int
    events: list[ReportEvent]


@dataclass(frozen=True, slots=True)
class IncidentBoard(IncidentSummary):
    """An incident with its responsibility board and its reports (``newsledger.link.reading.incident``)."""

    board: list[ClaimGroup]
    reports: list[Report]


def _records(cls: type[Any], rows: Iterable[Mapping[str, Any]]) -> list[Any]:
    names = [f.name for f in fields(cls)]
    return [cls(**{n: row[n] for n in names}) for row in rows]


def list_incidents(store: Store, filters: Filters, request: PageRequest, per_story: bool = False) -> Page:
    """Incidents matching ``filters``, those with the most independent sources first (see
    ``reading.list_incidents``: ``actor`` is a party to the responsibility claims, ``q`` searches labels, places
    and titles; ``per_story``: only the first incident of each story)."""
    rows = reading.list_incidents(
        store, limit=request.size + 1, offset=request.offset, actor=filters.actor, text=filters.q,
        date_from=filters.date_from, date_to=filters.date_to, plover=filters.plover, modality=filters.modality,
        stance=filters.stance, evidence=filters.evidence, per_story=per_story)
    return page_of([IncidentSummary.of(r) for r in rows], request)


def article_links(store: Store, article_id: str) -> tuple[str | None, int, str | None]:
    """An article's story id, the story's size and the article it is a copy of (Nones and 0 when not linked)."""
    row = reading.article_links(store, [article_id]).get(article_id, {})
    story = row.get("story_id")
    return story, reading.story_sizes(store, [story]).get(story, 0) if story else 0, row.get("copy_of")


def has_incidents(store: Store) -> bool:
    return reading.count_incidents(store) > 0


def incidents_of_events(store: Store, event_ids: Iterable[str]) -> dict[str, IncidentSummary]:
    """Event id -> the incident linking put it in."""
    return {e: IncidentSummary.of(row) for e, row in reading.incidents_of_events(store, event_ids).items()}


def board(store: Store, incident_id: str) -> IncidentBoard | None:
    """The incident's board and reports; None when the ledger has no such incident."""
    inc = reading.incident(store, incident_id)
    if inc is None:
        return None
    groups = [ClaimGroup(**{**g, "statements": _records(Statement, g["statements"])}) for g in inc["board"]]
    reports = [Report(**{**r, "events": _records(ReportEvent, r["events"])}) for r in inc["reports"]]
    summary = {f.name: inc[f.name] for f in fields(IncidentSummary)}
    return IncidentBoard(**summary, board=groups, reports=reports)
