"""Several processes writing one ledger at once: no "database is locked", every article exactly once."""

from __future__ import annotations

import multiprocessing
import random
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Connection, select
from sqlalchemy.exc import OperationalError

from newsledger.store import open_store, schema
from newsledger.store.engine import with_retry, write_transaction
from tests.store.factory import make_article_ledger

ARTICLES = 40


def _writer(url: str, seed: int) -> tuple[int, int]:
    order = list(range(ARTICLES))
    random.Random(seed).shuffle(order)
    added = skipped = 0
    with open_store(url) as store:
        for i in range(0, ARTICLES, 4):
            result = store.add_many([make_article_ledger(n) for n in order[i:i + 4]])
            added, skipped = added + result.added, skipped + result.skipped
    return added, skipped


def test_concurrent_writers_store_each_article_once(store_url: str) -> None:
    # spawn, not fork: a fork copies the locks the test process's threads hold (pyarrow's jemalloc thread,
    # the test clients' event loops), and a child that needs one waits forever. Each writer opens its own
    # connections, as separate runs do.
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        results = pool.starmap(_writer, [(store_url, seed) for seed in range(4)])
    assert sum(a for a, _ in results) == ARTICLES
    assert sum(s for _, s in results) == 3 * ARTICLES
    with open_store(store_url) as store:
        assert store.counts() == {"articles": ARTICLES, "actors": 2 * ARTICLES, "attributions": ARTICLES,
                                  "events": 2 * ARTICLES}
        with store.engine.connect() as conn:
            seqs = sorted(conn.execute(select(schema.articles.c.seq)).scalars())
        assert seqs == list(range(1, ARTICLES + 1))


def test_a_writer_waits_for_the_write_lock(store_url: str) -> None:
    with open_store(store_url) as store:
        holding = threading.Event()

        def hold() -> None:
            with write_transaction(store.engine) as conn:
                conn.execute(schema.articles.delete().where(schema.articles.c.id == "nothing"))
                holding.set()
                time.sleep(0.8)

        holder = threading.Thread(target=hold)
        holder.start()
        assert holding.wait(10)
        started = time.monotonic()
        assert store.add(make_article_ledger(1)) is True
        waited = time.monotonic() - started
        holder.join()
        assert waited > 0.3          # it waited for the other transaction instead of failing
        assert store.count() == 1


def test_busy_errors_are_retried_then_given_up() -> None:
    busy = OperationalError("INSERT", {}, Exception("database is locked"))
    calls: list[int] = []
    sleeps: list[float] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise busy
        return "done"

    assert with_retry(flaky, sleep=sleeps.append) == "done"
    assert len(calls) == 3 and len(sleeps) == 2 and sleeps[1] > sleeps[0] * 0.5

    def always() -> str:
        raise busy

    sleeps.clear()
    with pytest.raises(OperationalError):
        with_retry(always, attempts=4, sleep=sleeps.append)
    assert len(sleeps) == 3

    def broken() -> str:
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    sleeps.clear()
    with pytest.raises(OperationalError):
        with_retry(broken, sleep=sleeps.append)
    assert sleeps == []              # a real failure is not retried


def test_opening_retries_a_ledger_that_is_busy_being_set_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Two processes opening a new ledger at once: the second may be told "locked" at once by the first
    # connection's set-up (WAL mode) instead of waiting; opening retries it like any busy write.
    from newsledger.store import migrations

    real = migrations.current_version
    calls = {"n": 0}

    def busy_twice(conn: Connection) -> int:
        calls["n"] += 1
        if calls["n"] <= 2:
            raise OperationalError("PRAGMA journal_mode=WAL", {}, Exception("database is locked"))
        return real(conn)

    monkeypatch.setattr(migrations, "current_version", busy_twice)
    with open_store(str(tmp_path / "new.db")) as store:
        assert store.count() == 0
    assert calls["n"] >= 3
