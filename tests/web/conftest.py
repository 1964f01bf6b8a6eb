"""A live server (uvicorn in a thread, on a free port) and one headless Chromium for the browser tests.

The ledger starts empty, so the server seeds the bundled example with the real model, as on a fresh install;
hand-built stories (with places) are added after.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from newsledger.api import Settings, create_app
from newsledger.store import open_store
from tests.web.browser import CHROMIUM, launch
from tests.web.fakes import hostile_text_ledger, story

N_STORIES = 12


class LiveServer:
    def __init__(self, app: Any) -> None:
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="session")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = f"sqlite:///{tmp_path_factory.mktemp('web') / 'ledger.db'}"
    app = create_app(Settings(db_url=db, seed_example=True, token="browser-token", write_rate=1000))
    with open_store(db) as store:
        store.add_many([story(i) for i in range(N_STORIES)] + [hostile_text_ledger()])
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
