"""Database URLs, engines and write transactions for SQLite and PostgreSQL.

Writers take the database's write lock when their transaction begins (SQLite ``BEGIN IMMEDIATE``, a
PostgreSQL transaction-level advisory lock), so one writer runs at a time and a check-then-insert inside a
write transaction cannot race another process. Readers never take it: SQLite runs in WAL mode, where
readers and the writer do not block each other. A writer that still meets a busy database ("database is
locked", a deadlock, a serialisation failure) is retried with exponential backoff and jitter.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, Table, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from newsledger.errors import StoreURLError

ENV_VAR = "NEWSLEDGER_DB"
WRITE_OPTION = "newsledger_write"
# An arbitrary constant: the key of the PostgreSQL advisory lock that serialises newsledger's writers.
PG_WRITE_LOCK = 0x6E6C_6564_6765_72
RETRY_ATTEMPTS = 8
RETRY_FIRST_DELAY = 0.05
RETRY_MAX_DELAY = 2.0
# sqlite3 waits this long for a lock inside one statement before reporting "database is locked"
# (the same 30 s as the busy_timeout pragma below).
SQLITE_BUSY_SECONDS = 30.0

T = TypeVar("T")


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


def safe_url(url: str) -> str:
    """The URL with its password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)


# Pages SQLite keeps in memory per connection (its default is 2 MiB): linking looks up the key-term and LSH
# indexes of a growing ledger at random, and a small cache turns those lookups into reads from disk.
SQLITE_CACHE_KIB = 32768


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _sqlite_begin).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    # A write transaction takes the write lock up front; a read transaction reads one WAL snapshot.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for a normalised URL, with SQLite set up for WAL, foreign keys and explicit locking."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction holding the database's write lock; committed on success, else rolled back."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(PG_WRITE_LOCK)))
            yield conn


def is_transient(exc: BaseException) -> bool:
    """Whether a database error means "busy, try again" rather than a real failure."""
    if isinstance(exc, OperationalError):
        text = str(exc.orig).lower()
        if "locked" in text or "busy" in text:
            return True
    if isinstance(exc, DBAPIError):
        sqlstate = getattr(exc.orig, "sqlstate", None)
        # serialization_failure, deadlock_detected, lock_not_available
        if sqlstate in {"40001", "40P01", "55P03"}:
            return True
    return False


def with_retry(work: Callable[[], T], attempts: int = RETRY_ATTEMPTS,
               sleep: Callable[[float], None] = time.sleep) -> T:
    """Run ``work`` (one whole transaction), retrying transient "busy" errors with backoff and jitter."""
    delay = RETRY_FIRST_DELAY
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DBAPIError as exc:
            if attempt == attempts or not is_transient(exc):
                raise
        sleep(delay * (0.5 + random.random()))
        delay = min(delay * 2, RETRY_MAX_DELAY)
    raise AssertionError("unreachable")


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows of one table in one ``executemany``; every row has the keys of the first. On SQLite the
    statement is compiled once and the rows go to the driver as tuples: SQLAlchemy's processing of each row's
    parameters costs a few microseconds a row, and storing and linking an article inserts some 150 rows (values
    are what sqlite3 binds as they are: str, int, float, bool, None). Elsewhere SQLAlchemy's own executemany."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), list(rows))
        return
    compiled = table.insert().compile(dialect=conn.dialect, column_keys=list(rows[0]))
    order = compiled.positiontup or []
    get = itemgetter(*order)
    values = get if len(order) > 1 else lambda r: (get(r),)  # itemgetter of one key gives the value alone
    conn.exec_driver_sql(str(compiled), [values(r) for r in rows])
