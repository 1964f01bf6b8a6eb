"""Page load of the incident board for an incident reported by 200 articles (target: under 300 ms).

    .venv/bin/python bench/incident_board.py [--articles 200] [--background 800] [--runs 30]

Builds an SQLite ledger in a temporary directory: ``--articles`` hand-built reports of one shelling, plus
``--background`` reports of other happenings, linked by the real linker (as ``newsledger ingest`` does), and
serves it with uvicorn on 127.0.0.1; the board is the incident the linker made of the shelling. Then it
times, in the same run:
  - the server: GET /incidents/ID (HTML) and /incidents/ID.json over HTTP (httpx), median / p90 / max;
  - the browser: headless Chromium opening the board, until the load event (Navigation Timing);
  - a reference: GET /ingest (a static form, no query), so the board's cost reads as a ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_MS = 300.0


def timings(client: object, url: str, runs: int) -> list[float]:
    out = []
    for _ in range(3):
        client.get(url).raise_for_status()  # type: ignore[attr-defined]
    for _ in range(runs):
        t0 = time.perf_counter()
        client.get(url).raise_for_status()  # type: ignore[attr-defined]
        out.append((time.perf_counter() - t0) * 1000)
    return out


def summary(name: str, ms: list[float]) -> str:
    q = statistics.quantiles(ms, n=10)
    return f"{name:<34} median {statistics.median(ms):7.1f} ms   p90 {q[-1]:7.1f} ms   max {max(ms):7.1f} ms"


def browser_loads(url: str, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright
    from tests.web.browser import launch

    out = []
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url)
        for _ in range(runs):
            page.goto(url)
            out.append(page.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0];"
                                     " return n.loadEventEnd - n.startTime; })()"))
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--background", type=int, default=800)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    import httpx
    from tests.web.browser import LiveServer
    from tests.web.fakes import INCIDENTS, SHELLINGS, odesa_shelling, store_linked, story

    from newsledger.api import Settings, create_app
    from newsledger.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/bench.db"
        board = [story(i, incidents=1) for i in range(args.articles)]      # all of happening 0 (Odesa)
        others = (i for i in range(10 ** 9) if i % INCIDENTS)               # happenings 1.. (other cities, days)
        rest = [story(next(others)) for _ in range(args.background)]
        t0 = time.perf_counter()
        with open_store(db) as store:
            store_linked(store, board + rest)
        print(f"stored and linked {len(board) + len(rest)} articles in {time.perf_counter() - t0:.1f} s")
        app = create_app(Settings(db_url=db, seed_example=False))
        with LiveServer(app) as base, httpx.Client(base_url=base, timeout=30) as client:
            board_id = odesa_shelling(client.get(SHELLINGS).json())["id"]
            info = client.get(f"/incidents/{board_id}.json").json()
            print(f"incident: {info['n_articles']} articles, {info['n_events']} events, "
                  f"{sum(len(g['statements']) for g in info['board'])} claims, "
                  f"{args.articles + args.background} articles in the ledger")
            html = timings(client, f"/incidents/{board_id}", args.runs)
            data = timings(client, f"/incidents/{board_id}.json", args.runs)
            ref = timings(client, "/ingest", args.runs)
            loads = browser_loads(f"{base}/incidents/{board_id}", max(args.runs // 3, 5))
    print(summary("server: GET /incidents/ID (HTML)", html))
    print(summary("server: GET /incidents/ID.json", data))
    print(summary("browser: board until load event", loads))
    print(summary("reference: GET /ingest (no query)", ref))
    print(f"ratio board/reference (median): {statistics.median(html) / statistics.median(ref):.1f}x")
    load = statistics.median(loads)  # navigation start to load event: request, server, transfer, render
    verdict = "under" if load < TARGET_MS else "OVER"
    print(f"page load of the board: {load:.0f} ms (browser median): {verdict} the {TARGET_MS:.0f} ms target")


if __name__ == "__main__":
    main()
