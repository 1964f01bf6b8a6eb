"""Versioned schema migrations. Each step runs once, in order, inside a transaction; the applied version
is recorded in ``schema_version``. Add a step; never edit one that has shipped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Connection, Engine, func, inspect, select

from newsledger.store import schema


def _v1(conn: Connection) -> None:
    for table in (schema.articles, schema.actors, schema.attributions, schema.events):
        table.create(conn, checkfirst=True)


def _v2_links(conn: Connection) -> None:
    from newsledger.store.links import create_link_tables

    create_link_tables(conn)


MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [(1, _v1), (2, _v2_links)]
LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    return int(conn.execute(select(func.coalesce(func.max(schema.schema_version.c.version), 0))).scalar_one())


def migrate(engine: Engine) -> int:
    """Bring the database up to the latest schema; returns the version it is at."""
    with engine.begin() as conn:
        schema.schema_version.create(conn, checkfirst=True)
        version = current_version(conn)
        for number, step in MIGRATIONS:
            if number > version:
                step(conn)
                conn.execute(schema.schema_version.insert().values(
                    version=number, applied_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
                version = number
    return version
