"""The ledger store: articles and their records in SQLite (default) or PostgreSQL, idempotent by content hash.

``open_store(url)`` opens (creating and migrating) a database; ``open_store(url, components=...)`` also brings
the tables of later stages up to date (``migrations.Component``; ``newsledger.link.open_ledger`` opens a ledger
with its links). ``Store.add`` stores one ledger;
``Store.add_many`` stores a batch in one transaction, skipping articles already present, so re-running an
interrupted ingest stores each article exactly once. An article the database refuses (a value it cannot
hold) is reported in :attr:`AddResult.rejected` and the rest of its batch is still stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, MetaData, Table, delete, func, inspect, select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, SQLAlchemyError, StatementError

from newsledger.errors import ComponentMissingError, RejectedError, StoreError, StoreWriteError
from newsledger.records import Ledger
from newsledger.store import schema
from newsledger.store.engine import (
    default_url,
    insert_rows,
    make_engine,
    normalise_url,
    safe_url,
    with_retry,
    write_transaction,
)
from newsledger.store.filters import EventFilter, StatementFilter, events_query, statements_query
from newsledger.store.migrations import Component, component_versions, migrate, migrate_component

# The table that cross-article linking fills (event -> incident); read when it exists.
INCIDENT_EVENTS = "incident_events"
RECORD_TABLES = ("articles", "actors", "attributions", "events")


@dataclass(frozen=True, slots=True)
class Rejected:
    """An article the database refused, and why (one line)."""

    article_id: str
    external_id: str | None
    reason: str

    def error(self) -> RejectedError:
        """The one-line error that refusing a single article raises."""
        return RejectedError(where=f"article {self.article_id[:12]}", reason=self.reason)


@dataclass(frozen=True, slots=True)
class AddResult:
    added: int
    skipped: int
    rejected: tuple[Rejected, ...] = ()
    added_ids: tuple[str, ...] = ()  # the articles this call stored (not those already there, nor refused)


def _is_bad_record(exc: BaseException) -> bool:
    """Errors caused by one article's data (not by the database): the article is refused, the batch kept."""
    if isinstance(exc, IntegrityError | DataError | UnicodeError):
        return True
    # a value the driver cannot encode (e.g. a lone surrogate) fails before it reaches the database
    return isinstance(exc, StatementError) and not isinstance(exc, DBAPIError)


def _reason(exc: BaseException) -> str:
    inner = getattr(exc, "orig", None) or exc
    return str(inner).strip().splitlines()[0] if str(inner).strip() else type(inner).__name__


class Store:
    """A connection to one ledger database."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.components: dict[str, Component] = {}

    def install(self, component: Component) -> None:
        """Bring a component's tables up to date (once per store object) and take part in its deletions."""
        if self.components.get(component.name) is component:
            return
        try:
            migrate_component(self.engine, component)
        except SQLAlchemyError as exc:
            raise StoreError(url=self.safe_url, reason=_reason(exc)) from None
        self.components[component.name] = component

    # -- writing --------------------------------------------------------------------------------------
    def add(self, ledger: Ledger) -> bool:
        """Store one article's ledger; False when it was already stored."""
        result = self.add_many([ledger])
        if result.rejected:
            raise result.rejected[0].error()
        return result.added == 1

    def add_many(self, ledgers: Iterable[Ledger]) -> AddResult:
        """Store a batch in one transaction; articles already present (by content hash) are skipped."""
        batch = list(ledgers)
        if not batch:
            return AddResult(0, 0)
        try:
            return with_retry(lambda: self._insert(batch))
        except (SQLAlchemyError, UnicodeError) as exc:
            if not _is_bad_record(exc):
                raise StoreWriteError(url=self.safe_url, reason=_reason(exc)) from None
            if len(batch) == 1:
                art = batch[0].article
                return AddResult(0, 0, (Rejected(art.id, art.external_id, _reason(exc)),))
        # One article of the batch is refused: store the others, each in a transaction of its own.
        added = skipped = 0
        rejected: list[Rejected] = []
        ids: list[str] = []
        for lg in batch:
            one = self.add_many([lg])
            added, skipped = added + one.added, skipped + one.skipped
            rejected.extend(one.rejected)
            ids.extend(one.added_ids)
        return AddResult(added, skipped, tuple(rejected), tuple(ids))

    def _insert(self, batch: Sequence[Ledger]) -> AddResult:
        with write_transaction(self.engine) as conn:
            ids = [lg.article.id for lg in batch]
            present = set(conn.execute(select(schema.articles.c.id).where(schema.articles.c.id.in_(ids)))
                          .scalars())
            seq = int(conn.execute(select(func.coalesce(func.max(schema.articles.c.seq), 0))).scalar_one())
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            rows: dict[str, list[dict[str, Any]]] = {name: [] for name in RECORD_TABLES}
            added: list[str] = []
            for lg in batch:
                if lg.article.id in present:
                    continue
                present.add(lg.article.id)
                seq += 1
                added.append(lg.article.id)
                _rows_of(lg, seq, now, rows)
            for name in RECORD_TABLES:
                insert_rows(conn, schema.metadata.tables[name], rows[name])
        return AddResult(len(added), len(batch) - len(added), added_ids=tuple(added))

    def delete(self, article_id: str) -> bool:
        """Remove an article and its records, in one write transaction; False when the ledger does not hold it.
        Each installed component takes it out of its own tables first, in the same transaction (the links
        relink the block it was in without it). A ledger whose tables include a component this store was not
        opened with is left untouched (:class:`ComponentMissingError`): its rows would outlive the article."""
        def work() -> bool:
            with write_transaction(self.engine) as conn:
                missing = sorted(set(component_versions(conn)) - set(self.components))
                if missing:
                    raise ComponentMissingError(url=self.safe_url, component=missing[0])
                for component in self.components.values():
                    if component.before_delete is not None:
                        component.before_delete(conn, [article_id])
                for name in reversed(RECORD_TABLES[1:]):
                    table = schema.metadata.tables[name]
                    conn.execute(delete(table).where(table.c.article_id == article_id))
                return bool(conn.execute(delete(schema.articles).where(schema.articles.c.id == article_id))
                            .rowcount)

        return with_retry(work)

    # -- reading --------------------------------------------------------------------------------------
    def has(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(schema.articles.c.id).where(schema.articles.c.id == article_id)
                                ).first() is not None

    def get(self, article_id: str) -> Ledger | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.articles.c.ledger, schema.articles.c.text)
                               .where(schema.articles.c.id == article_id)).first()
        return Ledger.from_json(row.ledger, text=row.text) if row else None

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.articles)).scalar_one())

    def counts(self) -> dict[str, int]:
        """Rows per record table (articles, actors, attributions, events)."""
        with self.engine.connect() as conn:
            return {name: int(conn.execute(select(func.count()).select_from(schema.metadata.tables[name]))
                              .scalar_one()) for name in RECORD_TABLES}

    def ledgers(self, batch: int = 200) -> Iterator[Ledger]:
        """Every stored article's ledger, in ingestion order."""
        for ledger, _ in self.stored_ledgers(batch):
            yield ledger

    def stored_ledgers(self, batch: int = 200) -> Iterator[tuple[Ledger, str]]:
        """Every stored article's ledger and when it was stored (ISO 8601, UTC), in ingestion order."""
        ar = schema.articles
        last = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(select(ar.c.seq, ar.c.ledger, ar.c.text, ar.c.ingested_at)
                                    .where(ar.c.seq > last).order_by(ar.c.seq).limit(batch)).all()
            if not rows:
                return
            for r in rows:
                yield Ledger.from_json(r.ledger, text=r.text), r.ingested_at
            last = rows[-1].seq

    def statements(self, actor: str | None = None, stance: str | None = None, evidence: str | None = None,
                   limit: int = 100, date_from: str | None = None,
                   date_to: str | None = None, min_confidence: float | None = None) -> list[dict[str, Any]]:
        """Stored attributions with their speaker actor, newest articles first, filtered."""
        q = statements_query(StatementFilter(actor, stance, evidence, date_from, date_to, limit, min_confidence))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def events(self, actor: str | None = None, plover: str | None = None, modality: str | None = None,
               limit: int = 100, date_from: str | None = None, date_to: str | None = None,
               evidence: str | None = None, min_confidence: float | None = None) -> list[dict[str, Any]]:
        """Stored events with their source and target actors, newest articles first, filtered."""
        q = events_query(EventFilter(actor, plover, modality, date_from, date_to, limit, evidence, min_confidence))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def incident_ids(self, event_ids: Sequence[str]) -> dict[str, str]:
        """The incident each event was linked to (``incident_events``), for those linked; {} before linking."""
        if not event_ids:
            return {}
        with self.engine.connect() as conn:
            if not inspect(conn).has_table(INCIDENT_EVENTS):
                return {}
            table = Table(INCIDENT_EVENTS, MetaData(), autoload_with=conn)
            rows = conn.execute(select(table.c.event_id, table.c.incident_id)
                                .where(table.c.event_id.in_(list(event_ids))))
            return {str(r.event_id): str(r.incident_id) for r in rows}

    @property
    def safe_url(self) -> str:
        return safe_url(self.url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _rows_of(lg: Ledger, seq: int, now: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    art = lg.article
    rows["articles"].append({"id": art.id, "external_id": art.external_id, "title": art.title,
                             "published": art.published, "source": art.source, "url": art.url, "text": lg.text,
                             "ledger": lg.to_json(), "pipeline_version": lg.pipeline.version,
                             "ingested_at": now, "seq": seq})
    for ac in lg.actors:
        rows["actors"].append({"id": ac.id, "article_id": art.id, "name": ac.name, "type": ac.type,
                               "country": ac.country, "sector": ac.sector, "code": ac.code})
    for at in lg.attributions:
        rows["attributions"].append({
            "id": at.id, "article_id": art.id, "speaker_text": at.speaker.text if at.speaker else None,
            "speaker_actor_id": at.speaker.actor_id if at.speaker else None,
            "cue_text": at.cue.text if at.cue else None, "content_text": at.content.text if at.content else None,
            "content_start": at.content.start if at.content else None,
            "content_end": at.content.end if at.content else None,
            "form": at.form, "stance": at.stance, "evidence": at.evidence,
            "stance_confidence": at.stance_confidence, "evidence_confidence": at.evidence_confidence,
            "statement_confidence": at.statement_confidence})
    for ev in lg.events:
        rows["events"].append({
            "id": ev.id, "article_id": art.id, "trigger_text": ev.trigger.text, "trigger_start": ev.trigger.start,
            "plover": ev.plover, "cameo": ev.cameo, "source_actor_id": ev.source_actor_id,
            "target_actor_id": ev.target_actor_id, "modality": ev.modality, "evidence": ev.evidence,
            "attribution_id": ev.attribution_id,
            "time_value": ev.time.value if ev.time else None,
            "time_precision": ev.time.precision if ev.time else None,
            "place_name": ev.place.name if ev.place else None, "lat": ev.place.lat if ev.place else None,
            "lon": ev.place.lon if ev.place else None, "place_country": ev.place.country if ev.place else None,
            "event_confidence": ev.event_confidence, "root_confidence": ev.root_confidence})


def open_store(url: str | None = None, components: Sequence[Component] = ()) -> Store:
    """Open the ledger at ``url`` (a database URL or an SQLite file path; default: :func:`default_url`), with
    the tables of ``components`` brought up to date too."""
    full = normalise_url(url if url is not None else default_url())
    engine: Engine | None = None
    try:
        engine = make_engine(full)
        migrate(engine)
        for component in components:
            migrate_component(engine, component)
    except (OSError, SQLAlchemyError, ModuleNotFoundError) as exc:
        if engine is not None:
            engine.dispose()
        raise StoreError(url=safe_url(full), reason=_reason(exc)) from None
    except StoreError:
        if engine is not None:
            engine.dispose()
        raise
    store = Store(engine, full)
    for component in components:
        store.components[component.name] = component
    return store
