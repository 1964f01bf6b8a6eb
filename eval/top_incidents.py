"""The top incidents of a ledger of the 295 Wikinews articles of ../shared/data/news, as the home page ranks
them: does each name a specific happening?

The articles are analysed (cached in eval/out/wikinews.ledgers.jsonl, keyed by the pipeline version), stored
in a fresh SQLite ledger in a shuffled order and linked by the store's own hook, as ``newsledger ingest`` does.
Prints the top ``--top`` incidents with their label, root, date, place, participants, reports and independent
sources, and the articles behind each, so a reader can judge them.

    .venv/bin/python eval/top_incidents.py [--top 10] [--seed 13] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, read_jsonl, shared

from newsledger import Article, Ledger, analyze_articles
from newsledger.ingest import parse_date


def ledgers() -> list[Ledger]:
    from newsledger import __version__

    cache = OUT / "wikinews.ledgers.jsonl"
    if cache.exists():
        lines = cache.read_text(encoding="utf-8").splitlines()
        if lines and json.loads(lines[0]).get("version") == __version__:
            return [Ledger.from_dict(json.loads(line)["ledger"], text=json.loads(line)["text"]) for line in lines]
    docs = read_jsonl(shared("data", "news", "wikinews_2019_2020.jsonl"))
    arts = [Article(text=d["text"], title=d.get("title"), published=parse_date(d.get("published")),
                    source="Wikinews", url=d.get("url"), external_id=d["id"]) for d in docs]
    out = list(analyze_articles(arts))
    OUT.mkdir(parents=True, exist_ok=True)
    with cache.open("w", encoding="utf-8") as f:
        for lg in out:
            f.write(json.dumps({"version": __version__, "ledger": lg.to_dict(), "text": lg.text}) + "\n")
    return out


def top(lgs: list[Ledger], n: int, seed: int) -> list[dict[str, Any]]:
    from newsledger.link import reading, store_and_link
    from newsledger.store import open_store

    order = list(lgs)
    random.Random(seed).shuffle(order)
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "ledger.db")) as store:
        for i in range(0, len(order), 50):
            chunk = order[i:i + 50]
            store_and_link(store, chunk)
        rows = reading.list_incidents(store, limit=n, per_story=True)  # as the home page lists them
        return [reading.incident(store, r["id"]) or r for r in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = top(ledgers(), args.top, args.seed)
    if args.json:
        print(json.dumps(rows, default=str))
        return
    for k, inc in enumerate(rows, 1):
        print(f"{k:2d}. {inc['label']!r} [{inc['plover'] or '?'}] {inc['first_date'] or 'undated'}"
              f" {inc['place'] or ''} ({inc['participants'] or 'no actors named'})"
              f" — {inc['n_reports']} reports, {inc['n_independent']} independent, "
              f"{inc['n_events']} events")
        for rep in inc.get("reports", []):
            print(f"      {rep['published'] or '?'} {(rep['title'] or rep['article_id'])[:70]!r}: "
                  + ", ".join(e["trigger"] for e in rep["events"])[:120])


if __name__ == "__main__":
    main()
