#!/usr/bin/env python3
"""Kill -9 an ingest in the middle, run it again, and check that every article is stored exactly once.

    python bench/kill_resume.py [--articles 2000] [--batch-size 64] [--seed 1] [--db URL] [--json]

Takes the first ``--articles`` articles of ../shared/data/news (all of Wikinews, then BBC), writes them to
a temporary JSONL file (outside the repository), starts ``newsledger ingest`` on it, sends SIGKILL once the
store holds a random number of articles (at least one batch, at most all but one batch), runs the same
command again to the end, and then checks the store:

- every distinct article of the input is stored, once (the input's own repeats count once);
- no article is stored in part (its rows in actors, attributions and events match its ledger);
- the second run analysed only what the first had not committed.

Prints the counts; exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", ROOT.parent / "shared"))
NEWS = ("wikinews_2019_2020.jsonl", "bbc_2004_2005.jsonl")


def news_records(n: int, names: tuple[str, ...] = NEWS) -> list[dict[str, Any]]:
    """The first ``n`` article records of ../shared/data/news (Wikinews first, then BBC)."""
    out: list[dict[str, Any]] = []
    for name in names:
        path = SHARED / "data" / "news" / name
        if not path.exists():
            sys.exit(f"kill_resume: {path} not found (../shared must sit beside the repository)")
        with path.open(encoding="utf-8") as f:
            for line in f:
                if len(out) >= n:
                    return out
                rec = json.loads(line)
                out.append({k: rec.get(k) for k in ("id", "text", "title", "published", "source", "url")})
    return out


def _ingest_cmd(inputs: Path, db: str, batch_size: int) -> list[str]:
    return [sys.executable, "-m", "newsledger", "ingest", str(inputs), "--db", db, "--batch-size", str(batch_size),
            "--no-progress"]


def partial_articles(db: str) -> int:
    """Stored articles whose record rows do not match their ledger (stored in part)."""
    from sqlalchemy import func, select

    from newsledger.store import open_store, schema

    bad = 0
    with open_store(db) as store, store.engine.connect() as conn:
        counts: dict[str, dict[str, int]] = {}
        for name in ("actors", "attributions", "events"):
            table = schema.metadata.tables[name]
            for article_id, n in conn.execute(select(table.c.article_id, func.count()).group_by(table.c.article_id)):
                counts.setdefault(article_id, {})[name] = n
        for lg in store.ledgers():
            have = counts.get(lg.article.id, {})
            want = {"actors": len(lg.actors), "attributions": len(lg.attributions), "events": len(lg.events)}
            if any(have.get(k, 0) != v for k, v in want.items()):
                bad += 1
    return bad


def run(articles: int, batch_size: int, seed: int, db: str | None = None, workdir: Path | None = None,
        poll: float = 0.1, names: tuple[str, ...] = NEWS) -> dict[str, Any]:
    """Ingest, kill -9 at a random point, ingest again; the counts and whether every check passed."""
    from newsledger.ids import article_id
    from newsledger.store import open_store

    records = news_records(articles, names)
    expected = {article_id(r["text"]) for r in records}
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        inputs = Path(tmp) / "news.jsonl"
        inputs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        url = db or str(Path(tmp) / "ledger.db")
        with open_store(url) as store:
            if store.count():
                sys.exit(f"kill_resume: {url} is not empty")
        rng = random.Random(seed)
        target = rng.randint(batch_size, max(batch_size, len(expected) - batch_size))
        started = time.monotonic()
        first = subprocess.Popen(_ingest_cmd(inputs, url, batch_size), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
        with open_store(url) as store:
            while first.poll() is None and store.count() < target:
                time.sleep(poll)
            if first.poll() is None:
                os.kill(first.pid, signal.SIGKILL)
            first.wait()
            at_kill = store.count()
        killed = first.returncode == -signal.SIGKILL
        first_seconds = time.monotonic() - started
        started = time.monotonic()
        second = subprocess.run(_ingest_cmd(inputs, url, batch_size), capture_output=True, text=True, check=False)
        second_seconds = time.monotonic() - started
        summary = second.stderr.strip().splitlines()[-1] if second.stderr.strip() else ""
        with open_store(url) as store:
            stored_ids = [lg.article.id for lg in store.ledgers()]
        partial = partial_articles(url)
    ingested_again = _count(summary, "ingested")
    report = {
        "articles_in_input": len(records), "distinct_articles": len(expected), "kill_target": target,
        "killed": killed, "stored_at_kill": at_kill, "first_run_seconds": round(first_seconds, 1),
        "rerun_exit_code": second.returncode, "rerun_summary": summary,
        "rerun_ingested": ingested_again, "rerun_seconds": round(second_seconds, 1),
        "stored_after_rerun": len(stored_ids), "stored_twice": len(stored_ids) - len(set(stored_ids)),
        "missing": len(expected - set(stored_ids)), "unexpected": len(set(stored_ids) - expected),
        "partial_articles": partial,
    }
    report["ok"] = (killed and second.returncode == 0 and report["stored_after_rerun"] == len(expected)
                    and report["stored_twice"] == 0 and report["missing"] == 0 and report["unexpected"] == 0
                    and partial == 0 and ingested_again == len(expected) - at_kill)
    return report


def _count(summary: str, word: str) -> int | None:
    parts = summary.replace(",", " ").split()
    for i, token in enumerate(parts[:-1]):
        if token == word and parts[i + 1].isdigit():
            return int(parts[i + 1])
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", help="database URL (default: an SQLite file in a temporary directory)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    report = run(args.articles, args.batch_size, args.seed, args.db)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key:>20}: {value}")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
