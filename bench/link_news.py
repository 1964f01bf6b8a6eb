#!/usr/bin/env python3
"""Cost of cross-article linking during ingestion, on real news (../shared/data/news).

    python bench/link_news.py [--articles 600] [--batch 64]

Analyses the first ``--articles`` articles (Wikinews, then BBC; analysis is cached in bench/out), then ingests
the ledgers into a fresh SQLite ledger ``--batch`` at a time twice: once storing only, once storing and linking
each batch (``update_links``), and prints the ratio of the two times, the linking time per article, and the
sizes of the blocks and stories it built. Reports measured ratios, not floors.

With ``--orders K`` it also ingests K more times, each in another shuffled order and batch size, and reports
whether every row of every link table came out the same (linking is meant to depend on the set of articles
only).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
from _common import read_jsonl, shared  # noqa: E402

from newsledger import Article, Ledger, analyze_articles  # noqa: E402
from newsledger.ingest import parse_date  # noqa: E402
from newsledger.link.linker import update_links  # noqa: E402
from newsledger.link.tables import incidents, link_articles  # noqa: E402
from newsledger.store import open_store  # noqa: E402


def ledgers(n: int) -> list[Ledger]:
    cache = ROOT / "bench" / "out" / f"news-{n}.ledgers.jsonl"
    rows = (read_jsonl(shared("data", "news", "wikinews_2019_2020.jsonl"))
            + read_jsonl(shared("data", "news", "bbc_2004_2005.jsonl")))[:n]
    if cache.exists():
        return [Ledger.from_json(line, text=r["text"])
                for line, r in zip(cache.read_text("utf-8").splitlines(), rows, strict=True)]
    arts = [Article(text=r["text"], title=r.get("title"), published=parse_date(r.get("published")),
                    source=r.get("source"), external_id=str(r["id"])) for r in rows]
    out = list(analyze_articles(arts))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("".join(lg.to_json() + "\n" for lg in out), "utf-8")
    return out


def snapshot(url: str) -> dict[str, set[tuple[object, ...]]]:
    from sqlalchemy import select

    from newsledger.link.tables import LINK_TABLES

    with open_store(url) as store, store.engine.connect() as conn:
        return {t.name: {tuple(r) for r in conn.execute(select(t))} for t in LINK_TABLES}


def ingest(lgs: list[Ledger], batch: int, link: bool) -> tuple[float, str]:
    tmp = tempfile.mkdtemp()
    url = str(Path(tmp) / "ledger.db")
    start = time.perf_counter()
    with open_store(url) as store:
        for i in range(0, len(lgs), batch):
            chunk = lgs[i:i + batch]
            store.add_many(chunk)
            if link:
                update_links(store, [lg.article.id for lg in chunk])
    return time.perf_counter() - start, url


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--orders", type=int, default=0, help="more shuffled orders to compare (0: none)")
    args = ap.parse_args()
    lgs = ledgers(args.articles)
    plain, _ = ingest(lgs, args.batch, link=False)
    linked, url = ingest(lgs, args.batch, link=True)
    with open_store(url) as store, store.engine.connect() as conn:
        arts = conn.execute(link_articles.select()).all()
        multi = conn.execute(incidents.select().where(incidents.c.n_articles > 1)).all()
    same = None
    if args.orders:
        first = snapshot(url)
        same = True
        for k in range(args.orders):
            order = list(lgs)
            random.Random(k).shuffle(order)
            same = same and snapshot(ingest(order, max(1, args.batch // (k + 2)) + k, link=True)[1]) == first
    blocks = Counter(r.block_id for r in arts)
    stories = Counter(r.story_id for r in arts)
    print(json.dumps({
        "articles": len(lgs), "batch": args.batch, "events": sum(len(lg.events) for lg in lgs),
        "store_only_seconds": round(plain, 2), "store_and_link_seconds": round(linked, 2),
        "link_ms_per_article": round(1000 * (linked - plain) / len(lgs), 1),
        "ratio_link_to_store_only": round(linked / plain, 1),
        "blocks": len(blocks), "largest_block": max(blocks.values()),
        "median_block": statistics.median(blocks.values()), "stories": len(stories),
        "largest_story": max(stories.values()), "incidents_of_2_or_more_articles": len(multi),
        "other_orders": args.orders, "other_orders_identical": same}, indent=1))


if __name__ == "__main__":
    main()
