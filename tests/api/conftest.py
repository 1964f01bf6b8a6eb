"""An app over a ledger of hand-built articles (no model needed), shared by the API tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsledger.api import Settings, create_app
from newsledger.store import Store, open_store
from tests.web.fakes import hostile_text_ledger, store_linked, story

N_STORIES = 30
TOKEN = "test-token-0123456789"


@pytest.fixture(scope="session")
def fake_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'ledger.db'}"
    with open_store(url) as store:
        store_linked(store, [*(story(i) for i in range(N_STORIES)), hostile_text_ledger()])
    return url


@pytest.fixture(scope="session")
def client(fake_db: str) -> Iterator[TestClient]:
    """Read-only server (no token) over the fake ledger."""
    app = create_app(Settings(db_url=fake_db, seed_example=False))
    with TestClient(app) as c:
        yield c


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'w.db'}") as s:
        yield s


@pytest.fixture
def writer(store: Store) -> Iterator[TestClient]:
    """A server with a write token over an empty ledger of its own."""
    app = create_app(Settings(token=TOKEN, seed_example=False, write_rate=1000), store=store)
    with TestClient(app) as c:
        yield c
