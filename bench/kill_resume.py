#!/usr/bin/env python3
"""Kill -9 an ingest at random points, again and again, run it to the end, and check that every article
is stored exactly once.

    python bench/kill_resume.py [--articles 2000] [--kills 10] [--batch-size 64] [--seed 1]
                                [--db URL | --postgresql] [--json]

Takes the first ``--articles`` articles of ../shared/data/news (all of Wikinews, then BBC), writes them to
a temporary JSONL file (outside the repository), and ``--kills`` times starts ``newsledger ingest`` on it
and sends it SIGKILL at a random point: either within 3 s of its start (while it loads the model, opens
the store, or in its first batch) or a random time after the store has reached a random count (inside
the next batch's analysis or its commit); the counts are spread over the kills. After each kill it checks
the store: nothing committed before was lost, no article is stored twice, none in part. Then it runs the
same command to the end and checks that:

- every distinct article of the input is stored, once (the input's own repeats count once);
- no article is stored in part (its rows in actors, attributions and events match its ledger);
- the last run analysed only what the killed runs had not committed.

``--postgresql`` runs against a private throw-away PostgreSQL server (tests/pg.py). Prints the counts per
kill and in all; exits 1 when a check fails.
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


def _stored(url: str) -> list[str]:
    from newsledger.store import open_store

    with open_store(url) as store:
        return [lg.article.id for lg in store.ledgers()]


def _kill_one(cmd: list[str], url: str, rng: random.Random, remaining: int, kills_left: int, batch_size: int,
              poll: float) -> dict[str, Any]:
    """Start the ingest, SIGKILL it at a random point, and say where that was: ``startup`` kills within 3 s
    of the start (loading the model, opening the store, the first batch); ``batch`` kills a random time
    after a random count is stored (inside the next batch's analysis or its commit). Counts are spread so
    that every kill, and the final run, has articles left to store: ingest analyses a chunk of articles
    (``scale.workers.CHUNK_SIZE``) before committing its batches one after the other, in milliseconds, so the
    run's last two chunks or batches, whichever are longer, are never a target nor waited into."""
    from newsledger.scale.workers import CHUNK_SIZE
    from newsledger.store import open_store

    with open_store(url) as store:
        before = store.count()
        tail = 2 * max(batch_size, CHUNK_SIZE)
        room = (remaining - tail) // kills_left
        last = before + remaining - tail
        mode = "startup" if room < 1 or rng.random() < 0.3 else "batch"
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if mode == "batch":
            target = before + rng.randint(1, room)
            while proc.poll() is None and store.count() < target:
                time.sleep(poll)
            extra = rng.uniform(0, 1.5)
            until = time.monotonic() + extra
            # a random time after the target, but not into the run's tail (a quick run would otherwise
            # finish before its kill)
            while proc.poll() is None and time.monotonic() < until and store.count() < last:
                time.sleep(poll)
            point = f"{target} stored + {extra:.2f} s"
        else:
            delay = rng.uniform(0.05, 3.0)
            while proc.poll() is None and time.monotonic() - started < delay:
                time.sleep(0.01)
            point = f"{delay:.2f} s after start"
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        at_kill = store.count()
    return {"kill_point": point, "killed": proc.returncode == -signal.SIGKILL, "stored_before": before,
            "stored_at_kill": at_kill, "committed_by_this_run": at_kill - before,
            "seconds": round(time.monotonic() - started, 1)}


def run(articles: int, batch_size: int, seed: int, db: str | None = None, workdir: Path | None = None,
        poll: float = 0.1, names: tuple[str, ...] = NEWS, kills: int = 1) -> dict[str, Any]:
    """Ingest and kill -9 at random points ``kills`` times, then ingest to the end; the counts per kill and
    in all, and whether every check passed."""
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
        cmd = _ingest_cmd(inputs, url, batch_size)
        rounds: list[dict[str, Any]] = []
        seen: set[str] = set()
        for i in range(1, kills + 1):
            r = _kill_one(cmd, url, rng, len(expected) - len(seen), kills + 1 - i, batch_size, poll)
            ids = _stored(url)
            r.update({"kill": i, "stored_twice": len(ids) - len(set(ids)), "lost": len(seen - set(ids)),
                      "partial_articles": partial_articles(url)})
            seen = set(ids)
            rounds.append(r)
        started = time.monotonic()
        final = subprocess.run(cmd, capture_output=True, text=True, check=False)
        final_seconds = time.monotonic() - started
        summary = final.stderr.strip().splitlines()[-1] if final.stderr.strip() else ""
        stored_ids = _stored(url)
        partial = partial_articles(url)
    ingested_again = _count(summary, "ingested")
    stored_before_final = len(seen)
    report: dict[str, Any] = {
        "articles_in_input": len(records), "distinct_articles": len(expected), "kills": rounds,
        "killed": sum(r["killed"] for r in rounds), "stored_before_final_run": stored_before_final,
        "final_exit_code": final.returncode, "final_summary": summary, "final_ingested": ingested_again,
        "final_seconds": round(final_seconds, 1), "stored_after_final_run": len(stored_ids),
        "stored_twice": len(stored_ids) - len(set(stored_ids)), "missing": len(expected - set(stored_ids)),
        "unexpected": len(set(stored_ids) - expected), "partial_articles": partial,
        "lost_at_a_kill": sum(r["lost"] for r in rounds),
        "duplicated_at_a_kill": sum(r["stored_twice"] for r in rounds),
        "partial_at_a_kill": sum(r["partial_articles"] for r in rounds),
    }
    report["ok"] = (report["killed"] == kills and final.returncode == 0
                    and report["stored_after_final_run"] == len(expected) and report["stored_twice"] == 0
                    and report["missing"] == 0 and report["unexpected"] == 0 and partial == 0
                    and report["lost_at_a_kill"] == 0 and report["duplicated_at_a_kill"] == 0
                    and report["partial_at_a_kill"] == 0
                    and ingested_again == len(expected) - stored_before_final)
    return report


def _count(summary: str, word: str) -> int | None:
    parts = summary.replace(",", " ").split()
    for i, token in enumerate(parts[:-1]):
        if token == word and parts[i + 1].isdigit():
            return int(parts[i + 1])
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1] if __doc__ else None)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--seed", type=int, default=1)
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--db", help="database URL (default: an SQLite file in a temporary directory)")
    where.add_argument("--postgresql", action="store_true", help="a private throw-away PostgreSQL server")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    db, cluster = args.db, None
    if args.postgresql:
        sys.path.insert(0, str(ROOT))
        from tests.pg import start_cluster

        cluster = start_cluster()
        if cluster is None:
            sys.exit("kill_resume: PostgreSQL is not installed")
        db = cluster.create_database()
    try:
        report = run(args.articles, args.batch_size, args.seed, db, kills=args.kills)
    finally:
        if cluster is not None:
            cluster.stop()
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{'kill':>4} {'kill point':<24} {'killed':>6} {'before':>6} {'at kill':>7} {'this run':>8} "
              f"{'lost':>4} {'twice':>5} {'partial':>7}")
        for r in report["kills"]:
            print(f"{r['kill']:>4} {r['kill_point']:<24} {r['killed']!s:>6} {r['stored_before']:>6} "
                  f"{r['stored_at_kill']:>7} {r['committed_by_this_run']:>8} {r['lost']:>4} {r['stored_twice']:>5} "
                  f"{r['partial_articles']:>7}")
        for key, value in report.items():
            if key != "kills":
                print(f"{key:>24}: {value}")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
