"""A live server (uvicorn in a thread, on a free port) and one headless Chromium for the browser tests.

The ledger starts empty, so the server seeds the bundled example with the real model, as on a fresh install;
hand-built stories (with places) are added after.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from newsledger.api import Settings, create_app
from newsledger.store import open_store
from tests.web.browser import CHROMIUM, LiveServer, launch
from tests.web.fakes import hostile_text_ledger, store_linked, story

N_STORIES = 12


@pytest.fixture(scope="session")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = f"sqlite:///{tmp_path_factory.mktemp('web') / 'ledger.db'}"
    app = create_app(Settings(db_url=db, seed_example=True, token="browser-token", write_rate=1000))
    with open_store(db) as store:
        store_linked(store, [*(story(i) for i in range(N_STORIES)), hostile_text_ledger()])
    with LiveServer(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, live_url: str) -> Iterator[Any]:
    """A fresh page that records console errors and fails on any dialog (alert() must never run)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_url)
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    context.close()
