"""Versioned schema migrations. Each step runs once, in order, inside the write transaction that holds the
database's write lock (so two processes opening a new database do not both migrate it); the applied
version is recorded in ``schema_version``. Append a step; never edit one that has shipped.

Step 1 creates the tables from :mod:`newsledger.store.schema` as they are now, so a later step that
changes one of them must check what is already there (a new database gets the change from step 1).

A later stage that keeps tables of its own in the ledger (``newsledger.link``: incidents, claims, copies) is a
:class:`Component`: its own numbered steps, recorded in ``component_versions``, run when a store is opened with
it (``open_store(url, components=...)``) or has it installed (``Store.install``). The store never imports such a
stage: it depends on the store, never the reverse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Column, Connection, Engine, Float, Index, Integer, MetaData, Table, Text, func, inspect, select

from newsledger.errors import NotALedgerError
from newsledger.store import schema
from newsledger.store.engine import safe_url, with_retry, write_transaction


def _v1(conn: Connection) -> None:
    for table in (schema.articles, schema.actors, schema.attributions, schema.events):
        table.create(conn, checkfirst=True)


def _v2(conn: Connection) -> None:
    """``articles.seq`` unique: concurrent writers must never share an ingestion number."""
    # A table object of this step's own, so that the indexes below do not join schema.articles.
    seq = Table("articles", MetaData(), Column("seq", Integer)).c.seq
    names = {ix["name"] for ix in inspect(conn).get_indexes("articles")}
    if "ix_articles_seq" in names:
        Index("ix_articles_seq", seq).drop(conn)
    if "ux_articles_seq" not in names:
        Index("ux_articles_seq", seq, unique=True).create(conn)


# Columns that schema v1 sized too small for what extraction writes (PostgreSQL enforces the sizes; SQLite
# does not, so there is nothing to change there).
_V3_WIDENED = (("actors", "country"), ("actors", "sector"), ("actors", "code"), ("events", "cameo"),
               ("events", "time_value"))


def _v3(conn: Connection) -> None:
    """Actor codes and sectors may combine agents (``GOVEDU``), TIMEX3 values may carry a time: text."""
    if conn.dialect.name != "postgresql":
        return
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    ops = Operations(MigrationContext.configure(conn))
    for table, column in _V3_WIDENED:
        ops.alter_column(table, column, type_=Text())


def _v4_links(conn: Connection) -> None:
    """Shipped as "the cross-article tables"; those are now the ``links`` component's step 1."""


def _v5_confidence(conn: Connection) -> None:
    """Statements carry the judgment heads' ``stance_confidence`` and ``evidence_confidence``."""
    have = {c["name"] for c in inspect(conn).get_columns("attributions")}
    for name in ("stance_confidence", "evidence_confidence"):
        if name not in have:  # a database made by step 1 of this version has them already
            conn.exec_driver_sql(f"ALTER TABLE attributions ADD COLUMN {name} {Float().compile(dialect=conn.dialect)}")


def _v6_event_evidence(conn: Connection) -> None:
    """Events carry an evidence status, as statements do (``none`` for events stored before)."""
    if "evidence" not in {c["name"] for c in inspect(conn).get_columns("events")}:
        conn.exec_driver_sql("ALTER TABLE events ADD COLUMN evidence VARCHAR(16) NOT NULL DEFAULT 'none'")


def _v7_copies(conn: Connection) -> None:
    """Shipped as "the copy tables"; those are now the ``links`` component's step 2."""


# Tables that steps 4 and 7 created before they moved to the ``links`` component, and the component step each
# now is: a ledger that has them is recorded at that step, so that its links are kept, not made again.
_V8_ADOPTED = (("links", 1, "incidents"), ("links", 2, "article_copies"))


def _v8_components(conn: Connection) -> None:
    """Components (tables of later stages) record their own steps in ``component_versions``."""
    schema.component_versions.create(conn, checkfirst=True)
    have = set(inspect(conn).get_table_names())
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for name, version, table in _V8_ADOPTED:
        if table in have:
            conn.execute(schema.component_versions.insert().values(component=name, version=version, applied_at=now))


def _v9_statement_confidence(conn: Connection) -> None:
    """Statements carry the statement head's ``statement_confidence``."""
    if "statement_confidence" not in {c["name"] for c in inspect(conn).get_columns("attributions")}:
        conn.exec_driver_sql(f"ALTER TABLE attributions ADD COLUMN statement_confidence "
                             f"{Float().compile(dialect=conn.dialect)}")


def _v10_event_confidence(conn: Connection) -> None:
    """Events carry the event head's ``event_confidence`` and ``root_confidence`` (NULL for events stored
    before, and for events the rules decided)."""
    have = {c["name"] for c in inspect(conn).get_columns("events")}
    for name in ("event_confidence", "root_confidence"):
        if name not in have:  # a database made by step 1 of this version has them already
            conn.exec_driver_sql(f"ALTER TABLE events ADD COLUMN {name} {Float().compile(dialect=conn.dialect)}")


MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, _v1),
    (2, _v2),
    (3, _v3),
    (4, _v4_links),
    (5, _v5_confidence),
    (6, _v6_event_evidence),
    (7, _v7_copies),
    (8, _v8_components),
    (9, _v9_statement_confidence),
    (10, _v10_event_confidence),
]
LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    return int(conn.execute(select(func.coalesce(func.max(schema.schema_version.c.version), 0))).scalar_one())


def _migrate_once(engine: Engine) -> int:
    with write_transaction(engine) as conn:
        version = current_version(conn)
        if version == 0:
            others = sorted(inspect(conn).get_table_names())
            if others:  # someone else's database: do not write newsledger's tables into it
                raise NotALedgerError(url=safe_url(engine.url.render_as_string(hide_password=False)),
                                      tables=", ".join(others[:5]) + (", ..." if len(others) > 5 else ""))
        schema.schema_version.create(conn, checkfirst=True)
        for number, step in MIGRATIONS:
            if number > version:
                step(conn)
                conn.execute(schema.schema_version.insert().values(
                    version=number, applied_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
                version = number
    return version


def migrate(engine: Engine) -> int:
    """Bring the database up to the latest schema; returns the version it is at."""
    def version() -> int:
        # the first connection of a process sets up the file (WAL mode): with another process doing the same
        # to a new ledger, SQLite may answer "locked" at once rather than wait, so this is retried too
        with engine.connect() as conn:
            return current_version(conn)

    found = with_retry(version)
    if found >= LATEST:
        return found
    return with_retry(lambda: _migrate_once(engine))


Step = tuple[int, Callable[[Connection], None]]


@dataclass(frozen=True, slots=True)
class Component:
    """Tables that a later stage keeps in the ledger, beside the store's own.

    ``migrations`` are its numbered steps (append, never edit one that has shipped); ``before_delete(conn, ids)``
    runs inside the transaction that deletes articles, before their records go, so that the component's rows
    never refer to an article that is gone."""

    name: str
    migrations: tuple[Step, ...]
    before_delete: Callable[[Connection, Sequence[str]], object] | None = None

    @property
    def latest(self) -> int:
        return self.migrations[-1][0] if self.migrations else 0


def component_versions(conn: Connection) -> dict[str, int]:
    """The step each component of this ledger is at (none before any was installed)."""
    if not inspect(conn).has_table(schema.component_versions.name):
        return {}
    cv = schema.component_versions
    return {str(r.component): int(r.version) for r in conn.execute(
        select(cv.c.component, func.max(cv.c.version).label("version")).group_by(cv.c.component))}


def _migrate_component_once(engine: Engine, component: Component) -> int:
    with write_transaction(engine) as conn:
        version = component_versions(conn).get(component.name, 0)
        for number, step in component.migrations:
            if number > version:
                step(conn)
                conn.execute(schema.component_versions.insert().values(
                    component=component.name, version=number,
                    applied_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
                version = number
    return version


def migrate_component(engine: Engine, component: Component) -> int:
    """Bring a component's tables up to its latest step (the store's own schema first); returns its step."""
    migrate(engine)

    def version() -> int:
        with engine.connect() as conn:
            return component_versions(conn).get(component.name, 0)

    found = with_retry(version)
    if found >= component.latest:
        return found
    return with_retry(lambda: _migrate_component_once(engine, component))
