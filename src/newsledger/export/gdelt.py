"""A GDELT 2.0 compatible events table: the 61 columns of a GDELT event record, tab-separated, no header.

Where each column comes from is data, in ``resources/gdelt_events.tsv`` (docs/exports.md repeats it). Only
events reported as having happened (modality ``actual`` or ``alleged``) are rows: GDELT has no modality, and
its users read every row as an event that took place; denied, threatened, planned and hypothetical events
stay in the JSONL, CSV and Parquet exports.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import cache

from newsledger import resources
from newsledger.records import Actor, Event, Ledger

GDELT_MODALITIES = ("actual", "alleged")
_SENTENCE_END = re.compile(r"""[.!?]["'”’)]*\s*$""")


@cache
def columns() -> tuple[str, ...]:
    return tuple(r[0] for r in resources.rows("gdelt_events.tsv"))


@cache
def plover_scores() -> dict[str, float]:
    return {r[0]: float(r[1]) for r in resources.rows("plover_scores.tsv")}


def global_event_id(event_id: str) -> int:
    """GDELT ids are integers: the first 15 hex digits (60 bits) of the event's content-hash id."""
    return int(event_id[:15], 16)


def quad_class(cameo: str | None) -> int | None:
    """GDELT's QuadClass from the CAMEO root code."""
    if not cameo or len(cameo) < 2 or not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    return None


def lead_paragraph(text: str) -> tuple[int, int]:
    """The span of the lead: the first line that ends a sentence (skipping a headline or dateline line)."""
    start = 0
    for line in text.splitlines(keepends=True):
        if _SENTENCE_END.search(line.rstrip("\r\n")):
            return start, start + len(line)
        start += len(line)
    return 0, len(text)


def _day(ev: Event, published: str | None) -> dt.date | None:
    value = ev.time.value if ev.time and ev.time.precision == "day" else None
    for candidate in (value, published):
        if candidate:
            try:
                return dt.date.fromisoformat(candidate[:10])
            except ValueError:
                continue
    return None


def _actor(actor: Actor | None) -> list[object]:
    if actor is None:
        return [None] * 10
    return [actor.code, actor.name.upper(), actor.country, None, None, None, None, actor.sector, None, None]


def _place(ev: Event) -> list[object]:
    place = ev.place
    if place is None:
        return [None] * 8
    if place.lat is not None and place.lon is not None:
        geo_type: int | None = 3 if place.country == "US" else 4
    else:
        geo_type = 1 if place.country else None
    return [geo_type, place.name or place.text, place.country, None, None, place.lat, place.lon, place.geonameid]


def gdelt_rows(lg: Ledger, ingested_at: str | None) -> Iterator[list[object]]:
    """The article's GDELT event records, in the order of :func:`columns`."""
    lead_start, lead_end = lead_paragraph(lg.text)
    added = ""
    if ingested_at:
        added = dt.datetime.fromisoformat(ingested_at).strftime("%Y%m%d%H%M%S")
    source_url = lg.article.url or lg.article.source or lg.article.external_id
    scores = plover_scores()
    for ev in lg.events:
        if ev.modality not in GDELT_MODALITIES:
            continue
        day = _day(ev, lg.article.published)
        date_cols: list[object] = [None] * 4
        if day is not None:
            fraction = round(day.year + day.timetuple().tm_yday / 365, 4)
            date_cols = [day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year, f"{fraction:.4f}"]
        cameo = ev.cameo or None
        yield [global_event_id(ev.id), *date_cols,
               *_actor(lg.actor(ev.source_actor_id)), *_actor(lg.actor(ev.target_actor_id)),
               1 if lead_start <= ev.trigger.start < lead_end else 0,
               cameo, cameo[:3] if cameo else None, cameo[:2] if cameo else None, quad_class(cameo),
               scores.get(ev.plover), 1, 1, 1, None,
               *([None] * 16), *_place(ev), added, source_url]


def format_row(row: list[object]) -> str:
    """A GDELT line: tab-separated, empty for missing values, tabs and newlines inside values as spaces."""
    return "\t".join("" if v is None else re.sub(r"[\t\r\n]+", " ", str(v)) for v in row)
