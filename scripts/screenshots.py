"""Screenshots of every page of the web UI at 1280x800 and at a phone width (390x844), for looking at.

    .venv/bin/python scripts/screenshots.py [--out screenshots] [--url http://127.0.0.1:8000]

Without --url it builds a demonstration ledger in a temporary directory (the bundled example analysed with
the real model, plus the hand-built stories of the tests, with places and incidents) and serves it itself.
Output is not committed (screenshots/ is in .gitignore). Needs Debian's chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


def pages(base: str, article_id: str, example_id: str | None) -> dict[str, str]:
    import httpx

    # the incident pages: the most widely reported shelling, and the example's drone strike
    listing = httpx.get(f"{base}/incidents.json", params={"plover": "ASSAULT", "size": 200}).json()["items"]
    first = next((i["id"] for i in listing if i["place"]), listing[0]["id"] if listing else "none")
    found = {"home": "/", "articles": "/articles", "incidents": "/incidents", "incident": f"/incidents/{first}",
             "article": f"/articles/{article_id}", "statements": "/statements", "timeline": "/timeline",
             "network": "/network", "map": "/map", "actors": "/actors", "actor": "/actors/RUSGOV", "ingest": "/ingest"}
    if example_id:
        found["example"] = f"/articles/{example_id}"
        linked = httpx.get(f"{base}/articles/{example_id}.json").json()["incidents"]
        strike = next((i for i in linked if i["plover"] == "ASSAULT"), None)
        if strike:
            found["example-incident"] = f"/incidents/{strike['id']}"
    return {k: base + v for k, v in found.items()}


def shoot(base: str, out: Path, article_id: str, example_id: str | None) -> list[Path]:
    from playwright.sync_api import sync_playwright
    from tests.web.browser import launch

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = launch(p)
        for size, (w, h) in SIZES.items():
            page = browser.new_page(viewport={"width": w, "height": h})
            for name, url in pages(base, article_id, example_id).items():
                page.goto(url)
                path = out / f"{name}-{size}.png"
                page.screenshot(path=str(path), full_page=name not in {"article", "example"})
                written.append(path)
                if name == "article":  # the record popover over a highlighted trigger
                    page.locator("#text .k-trigger").first.click()
                    path = out / f"article-popover-{size}.png"
                    page.screenshot(path=str(path))
                    written.append(path)
            page.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--url", help="a running server to photograph instead of a demonstration ledger")
    args = parser.parse_args()
    from tests.web.fakes import hostile_text_ledger, store_linked, story

    stories = [story(i) for i in range(24)]
    if args.url:
        paths = shoot(args.url.rstrip("/"), args.out, stories[4].article.id, None)
    else:
        from tests.web.browser import LiveServer

        from newsledger import example_article
        from newsledger.api import Settings, create_app
        from newsledger.store import open_store

        with tempfile.TemporaryDirectory() as tmp:
            db = f"sqlite:///{tmp}/demo.db"
            app = create_app(Settings(db_url=db))  # seeds the example
            with open_store(db) as store:
                store_linked(store, [*stories, hostile_text_ledger()])
            with LiveServer(app) as url:
                paths = shoot(url, args.out, stories[4].article.id, example_article().id)
    for p in paths:
        print(p)


if __name__ == "__main__":
    main()
