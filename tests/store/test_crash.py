"""A writer killed with SIGKILL inside its transaction: nothing of that batch is stored, what was committed
stays, the write lock is released, and storing again stores each article once (on both backends)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from typing import Any

from newsledger.store import open_store, schema
from newsledger.store.engine import write_transaction
from newsledger.store.ledger_store import RECORD_TABLES, _rows_of
from tests.store.factory import make_article_ledger

FIRST = [make_article_ledger(n) for n in range(5)]
SECOND = [make_article_ledger(n) for n in range(5, 12)]


def _writer(url: str, inside: Any) -> None:
    with open_store(url) as store:
        store.add_many(FIRST)
        with write_transaction(store.engine) as conn:
            rows: dict[str, list[dict[str, Any]]] = {name: [] for name in RECORD_TABLES}
            for seq, lg in enumerate(SECOND, start=100):
                _rows_of(lg, seq, "2026-01-01T00:00:00+00:00", rows)
            for name in RECORD_TABLES:
                conn.execute(schema.metadata.tables[name].insert(), rows[name])
            inside.set()
            time.sleep(60)          # killed here, before the commit


def test_sigkill_inside_a_transaction_loses_only_that_batch(store_url: str) -> None:
    ctx = multiprocessing.get_context("spawn")    # not fork: see test_concurrency.py
    inside = ctx.Event()
    child = ctx.Process(target=_writer, args=(store_url, inside))
    child.start()
    assert inside.wait(60), "the writer never reached its transaction"
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    child.join(30)
    assert child.exitcode == -signal.SIGKILL
    with open_store(store_url) as store:
        assert store.count() == len(FIRST)
        assert store.counts() == {"articles": 5, "actors": 10, "attributions": 5, "events": 10}
        started = time.monotonic()
        result = store.add_many(FIRST + SECOND)            # the lock is free again: no long wait
        assert time.monotonic() - started < 20
        assert (result.added, result.skipped) == (len(SECOND), len(FIRST))
        assert [lg.article.id for lg in store.ledgers()] == [lg.article.id for lg in FIRST + SECOND]
