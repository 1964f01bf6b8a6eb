"""Flat tables of the ledger for CSV and Parquet: one row per event, or one row per statement.

Pure functions from a stored article (its ledger and the incident of each event) to rows; the column
lists with their types are the tables' schema (Parquet types: string, int64, float64).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from newsledger.records import Actor, Ledger

Row = dict[str, Any]
Columns = tuple[tuple[str, str], ...]

ARTICLE_COLUMNS: Columns = (("article_id", "string"), ("external_id", "string"), ("published", "string"),
                            ("source", "string"), ("url", "string"), ("title", "string"))


def _actor_columns(prefix: str) -> Columns:
    return tuple((f"{prefix}_{name}", "string") for name in ("actor_id", "name", "code", "country"))


EVENT_COLUMNS: Columns = (
    ("event_id", "string"), ("incident_id", "string"), *ARTICLE_COLUMNS,
    ("trigger_text", "string"), ("trigger_start", "int64"), ("trigger_end", "int64"),
    ("plover", "string"), ("cameo", "string"), ("modality", "string"), ("evidence", "string"),
    ("evidence_cues", "string"), ("event_confidence", "float64"), ("root_confidence", "float64"),
    *_actor_columns("source"), *_actor_columns("target"),
    ("attribution_id", "string"), ("attribution_speaker", "string"), ("attribution_stance", "string"),
    ("attribution_evidence", "string"),
    ("time_text", "string"), ("time_value", "string"), ("time_precision", "string"),
    ("place_text", "string"), ("place_name", "string"), ("place_geonameid", "int64"), ("place_lat", "float64"),
    ("place_lon", "float64"), ("place_country", "string"),
)

STATEMENT_COLUMNS: Columns = (
    ("attribution_id", "string"), *ARTICLE_COLUMNS,
    ("speaker_text", "string"), ("speaker_start", "int64"), ("speaker_end", "int64"),
    *_actor_columns("speaker"),
    ("cue_text", "string"), ("cue_start", "int64"), ("cue_end", "int64"),
    ("content_text", "string"), ("content_start", "int64"), ("content_end", "int64"),
    ("form", "string"), ("stance", "string"), ("evidence", "string"),
    ("evidence_cues", "string"), ("hedges", "string"),
    ("statement_confidence", "float64"), ("stance_confidence", "float64"), ("evidence_confidence", "float64"),
)

TABLES: dict[str, Columns] = {"events": EVENT_COLUMNS, "statements": STATEMENT_COLUMNS}


def _article(lg: Ledger) -> Row:
    a = lg.article
    return {"article_id": a.id, "external_id": a.external_id, "published": a.published, "source": a.source,
            "url": a.url, "title": a.title}


def _actor(prefix: str, actor: Actor | None) -> Row:
    return {f"{prefix}_actor_id": actor.id if actor else None, f"{prefix}_name": actor.name if actor else None,
            f"{prefix}_code": actor.code if actor else None, f"{prefix}_country": actor.country if actor else None}


def event_rows(lg: Ledger, incidents: Mapping[str, str]) -> Iterator[Row]:
    """One row per event of the article, with its actors, the statement it is reported in, and its incident."""
    article = _article(lg)
    statements = {a.id: a for a in lg.attributions}
    for ev in lg.events:
        att = statements.get(ev.attribution_id) if ev.attribution_id else None
        yield {"event_id": ev.id, "incident_id": incidents.get(ev.id), **article,
               "trigger_text": ev.trigger.text, "trigger_start": ev.trigger.start, "trigger_end": ev.trigger.end,
               "plover": ev.plover, "cameo": ev.cameo, "modality": ev.modality, "evidence": ev.evidence,
               "evidence_cues": "; ".join(c.text for c in ev.evidence_cues) or None,
               "event_confidence": ev.event_confidence, "root_confidence": ev.root_confidence,
               **_actor("source", lg.actor(ev.source_actor_id)), **_actor("target", lg.actor(ev.target_actor_id)),
               "attribution_id": ev.attribution_id,
               "attribution_speaker": att.speaker.text if att and att.speaker else None,
               "attribution_stance": att.stance if att else None,
               "attribution_evidence": att.evidence if att else None,
               "time_text": ev.time.text if ev.time else None, "time_value": ev.time.value if ev.time else None,
               "time_precision": ev.time.precision if ev.time else None,
               "place_text": ev.place.text if ev.place else None, "place_name": ev.place.name if ev.place else None,
               "place_geonameid": ev.place.geonameid if ev.place else None,
               "place_lat": ev.place.lat if ev.place else None, "place_lon": ev.place.lon if ev.place else None,
               "place_country": ev.place.country if ev.place else None}


def statement_rows(lg: Ledger, incidents: Mapping[str, str]) -> Iterator[Row]:
    """One row per attribution (who said what) of the article, with the speaker's actor."""
    del incidents  # statements are not linked to incidents directly
    article = _article(lg)
    for at in lg.attributions:
        sp = at.speaker
        yield {"attribution_id": at.id, **article,
               "speaker_text": sp.text if sp else None, "speaker_start": sp.start if sp else None,
               "speaker_end": sp.end if sp else None, **_actor("speaker", lg.actor(sp.actor_id if sp else None)),
               "cue_text": at.cue.text if at.cue else None, "cue_start": at.cue.start if at.cue else None,
               "cue_end": at.cue.end if at.cue else None,
               "content_text": at.content.text if at.content else None,
               "content_start": at.content.start if at.content else None,
               "content_end": at.content.end if at.content else None,
               "form": at.form, "stance": at.stance, "evidence": at.evidence,
               "evidence_cues": "; ".join(c.text for c in at.evidence_cues) or None,
               "hedges": "; ".join(h.text for h in at.hedges) or None,
               "statement_confidence": at.statement_confidence, "stance_confidence": at.stance_confidence,
               "evidence_confidence": at.evidence_confidence}
