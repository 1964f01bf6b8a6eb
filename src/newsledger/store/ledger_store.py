"""The ledger store: articles and their records in SQLite (default) or PostgreSQL, idempotent by content hash.

``open_store(url)`` opens (creating and migrating) a database. ``Store.add`` stores one ledger;
``Store.add_many`` stores a batch in one transaction, skipping articles already present, so re-running an
interrupted ingest stores each article exactly once.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from newsledger.errors import StoreError, StoreURLError, StoreWriteError
from newsledger.records import Ledger
from newsledger.store import schema
from newsledger.store.migrations import migrate

ENV_VAR = "NEWSLEDGER_DB"


def default_url() -> str:
    """``$NEWSLEDGER_DB``, or an SQLite file in the user's data directory."""
    env = os.environ.get(ENV_VAR)
    if env:
        return env
    return str(Path(user_data_dir("newsledger")) / "ledger.db")


def normalise_url(value: str) -> str:
    """A database URL from a ``--db`` value: a URL, or a plain file path for SQLite."""
    value = value.strip()
    if not value:
        raise StoreURLError(value=value, reason="it is empty")
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser().resolve())
    try:
        url = make_url(value)
    except ArgumentError as exc:
        raise StoreURLError(value=value, reason=str(exc).splitlines()[0]) from None
    if url.drivername in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in {"sqlite", "postgresql"}:
        raise StoreURLError(value=value, reason="only sqlite:/// and postgresql:// are supported")
    return url.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


@dataclass(frozen=True, slots=True)
class AddResult:
    added: int
    skipped: int


class Store:
    """A connection to one ledger database."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    # -- writing --------------------------------------------------------------------------------------
    def add(self, ledger: Ledger) -> bool:
        """Store one article's ledger; False when it was already stored."""
        return self.add_many([ledger]).added == 1

    def add_many(self, ledgers: Iterable[Ledger]) -> AddResult:
        """Store a batch in one transaction; articles already present (by content hash) are skipped."""
        batch = list(ledgers)
        if not batch:
            return AddResult(0, 0)
        try:
            with self.engine.begin() as conn:
                ids = [lg.article.id for lg in batch]
                present = set(conn.execute(select(schema.articles.c.id).where(schema.articles.c.id.in_(ids)))
                              .scalars())
                seq = int(conn.execute(select(func.coalesce(func.max(schema.articles.c.seq), 0))).scalar_one())
                now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                rows: dict[str, list[dict[str, Any]]] = {"articles": [], "actors": [], "attributions": [],
                                                         "events": []}
                added = 0
                for lg in batch:
                    if lg.article.id in present:
                        continue
                    present.add(lg.article.id)
                    seq += 1
                    added += 1
                    _rows_of(lg, seq, now, rows)
                for name in ("articles", "actors", "attributions", "events"):
                    if rows[name]:
                        conn.execute(schema.metadata.tables[name].insert(), rows[name])
        except (DBAPIError, SQLAlchemyError) as exc:
            raise StoreWriteError(url=self.safe_url, reason=str(exc.__cause__ or exc).splitlines()[0]) from None
        return AddResult(added, len(batch) - added)

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

    def ledgers(self, batch: int = 200) -> Iterator[Ledger]:
        """Every stored article's ledger, in ingestion order."""
        last = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(select(schema.articles.c.seq, schema.articles.c.ledger, schema.articles.c.text)
                                    .where(schema.articles.c.seq > last).order_by(schema.articles.c.seq)
                                    .limit(batch)).all()
            if not rows:
                return
            for r in rows:
                yield Ledger.from_json(r.ledger, text=r.text)
            last = rows[-1].seq

    def statements(self, actor: str | None = None, stance: str | None = None, evidence: str | None = None,
                   limit: int = 100) -> list[dict[str, Any]]:
        """Stored attributions with their speaker actor, newest articles first, filtered."""
        a, at, ar = schema.actors, schema.attributions, schema.articles
        q = (select(ar.c.id.label("article_id"), ar.c.title, ar.c.published, at.c.speaker_text,
                    a.c.name.label("actor"), a.c.code, at.c.cue_text, at.c.content_text, at.c.form, at.c.stance,
                    at.c.evidence)
             .select_from(at.join(ar, at.c.article_id == ar.c.id).outerjoin(a, at.c.speaker_actor_id == a.c.id)))
        if actor:
            q = q.where((a.c.code.like(actor.upper() + "%")) | (func.lower(a.c.name) == actor.lower()))
        if stance:
            q = q.where(at.c.stance == stance)
        if evidence:
            q = q.where(at.c.evidence == evidence)
        q = q.order_by(ar.c.seq.desc(), at.c.content_start).limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    @property
    def safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

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
            "form": at.form, "stance": at.stance, "evidence": at.evidence})
    for ev in lg.events:
        rows["events"].append({
            "id": ev.id, "article_id": art.id, "trigger_text": ev.trigger.text, "trigger_start": ev.trigger.start,
            "plover": ev.plover, "cameo": ev.cameo, "source_actor_id": ev.source_actor_id,
            "target_actor_id": ev.target_actor_id, "modality": ev.modality, "attribution_id": ev.attribution_id,
            "time_value": ev.time.value if ev.time else None,
            "time_precision": ev.time.precision if ev.time else None,
            "place_name": ev.place.name if ev.place else None, "lat": ev.place.lat if ev.place else None,
            "lon": ev.place.lon if ev.place else None, "place_country": ev.place.country if ev.place else None})


def open_store(url: str | None = None) -> Store:
    """Open the ledger at ``url`` (a database URL or an SQLite file path; default: :func:`default_url`)."""
    full = normalise_url(url if url is not None else default_url())
    parsed = make_url(full)
    try:
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(full, future=True)
        if parsed.get_backend_name() == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        migrate(engine)
    except (OSError, DBAPIError, SQLAlchemyError, ModuleNotFoundError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(url=parsed.render_as_string(hide_password=True), reason=reason) from None
    return Store(engine, full)
