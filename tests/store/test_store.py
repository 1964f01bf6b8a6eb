from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.errors import StoreError, StoreURLError
from newsledger.store import normalise_url, open_store
from newsledger.store.migrations import LATEST, current_version
from tests.test_records import make_ledger


def test_add_is_idempotent_and_round_trips(db_url: str) -> None:
    lg = make_ledger()
    with open_store(db_url) as store:
        assert store.add(lg) is True
        assert store.add(lg) is False
        assert store.count() == 1
        back = store.get(lg.article.id)
        assert back == lg
        assert back is not None and back.text == lg.text


def test_batch_skips_present_and_repeated(db_url: str) -> None:
    lg = make_ledger()
    with open_store(db_url) as store:
        result = store.add_many([lg, lg])
        assert (result.added, result.skipped) == (1, 1)
        assert store.add_many([lg]).skipped == 1
        assert [x.article.id for x in store.ledgers()] == [lg.article.id]


def test_statements_filter(db_url: str) -> None:
    with open_store(db_url) as store:
        store.add(make_ledger())
        assert len(store.statements()) == 1
        assert store.statements(stance="accuse") == []
        assert store.statements(stance="assert")[0]["content_text"] == "the army shelled the town on Monday"


def test_schema_is_migrated_once(db_url: str) -> None:
    with open_store(db_url) as store, store.engine.connect() as conn:
        assert current_version(conn) == LATEST
    with open_store(db_url) as store, store.engine.connect() as conn:
        assert current_version(conn) == LATEST


def test_urls(tmp_path: Path) -> None:
    assert normalise_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert normalise_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
    with pytest.raises(StoreURLError):
        normalise_url("mysql://u@h/db")
    with pytest.raises(StoreURLError):
        normalise_url("")


def test_unopenable_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as info:
        open_store(str(bad))
    assert "cannot open the ledger" in info.value.message
