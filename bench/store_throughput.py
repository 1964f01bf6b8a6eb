#!/usr/bin/env python3
"""Store throughput: already-extracted articles per second into SQLite through ``Store.add_many``.

    python bench/store_throughput.py [--from-db bench/out/kill2000.db | --articles 500] [--batch-size 64]
                                     [--repeats 3] [--db URL] [--json]

The ledgers are real: read from an existing ledger (``--from-db``, e.g. the one bench/kill_resume.py
leaves with ``--db``), or extracted once from ../shared/data/news and cached in bench/out/. Each repeat
stores all of them into a new, empty SQLite file in transactions of ``--batch-size`` articles, then stores
them again (every article skipped as already present). The reference, in the same run, writes the same
rows with the standard library's sqlite3 ``executemany`` in the same transactions (no duplicate check, no
ingestion order, no SQLAlchemy): the ratio says what the store costs over bare inserts. The target is
>= 1,000 articles/s of wall-clock time; the per-CPU-second figure and the load average are printed
beside it, since this machine is shared. ``--db URL`` measures another database (e.g. PostgreSQL)
instead of new SQLite files; it must be empty and is left filled.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
TARGET = 1000.0


def load_ledgers(from_db: str | None, articles: int) -> list[Any]:
    from newsledger.records import Ledger
    from newsledger.store import open_store

    if from_db:
        with open_store(from_db) as store:
            return list(store.ledgers())
    cache = OUT / f"news_ledgers_{articles}.jsonl"
    if cache.exists():
        return [Ledger.from_json(line) for line in cache.read_text(encoding="utf-8").splitlines()]
    sys.path.insert(0, str(ROOT / "bench"))
    from kill_resume import news_records

    from newsledger import analyze_articles
    from newsledger.ingest import Article

    arts = [Article(text=r["text"], title=r.get("title"), published=r.get("published"), source=r.get("source"),
                    url=r.get("url"), external_id=r.get("id")) for r in news_records(articles)]
    print(f"extracting {len(arts)} articles once (cached in {cache}) ...", file=sys.stderr)
    ledgers = list(analyze_articles(arts))
    OUT.mkdir(parents=True, exist_ok=True)
    cache.write_text("".join(lg.to_json(include_text=True) + "\n" for lg in ledgers), encoding="utf-8")
    return ledgers


def _store_run(url: str, ledgers: list[Any], batch: int) -> tuple[float, float, float]:
    from newsledger.store import open_store

    with open_store(url) as store:
        started, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(ledgers), batch):
            store.add_many(ledgers[i:i + batch])
        first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
        assert store.count() == len({lg.article.id for lg in ledgers})
        started = time.perf_counter()
        for i in range(0, len(ledgers), batch):
            store.add_many(ledgers[i:i + batch])
        again = time.perf_counter() - started
    return first, first_cpu, again


def _reference_run(path: Path, ledgers: list[Any], batch: int) -> float:
    """The same rows through bare sqlite3, into the same schema (created by the store). This baseline
    writes its INSERT statements itself, from the store's own column names, as the plainest possible use of
    sqlite3; newsledger itself never builds SQL from strings."""
    from newsledger.store import open_store
    from newsledger.store.ledger_store import RECORD_TABLES, _rows_of

    with open_store(str(path)):
        pass
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    started = time.perf_counter()
    seq = 0
    for i in range(0, len(ledgers), batch):
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in RECORD_TABLES}
        for lg in ledgers[i:i + batch]:
            seq += 1
            _rows_of(lg, seq, "2026-01-01T00:00:00+00:00", rows)
        conn.execute("BEGIN")
        for name, table_rows in rows.items():
            if table_rows:
                cols = list(table_rows[0])
                sql = f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})"
                conn.executemany(sql, table_rows)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--from-db", help="read the ledgers from this ledger (URL or SQLite path)")
    ap.add_argument("--articles", type=int, default=500, help="else extract this many news articles (cached)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--db", help="measure this (empty) database instead of new SQLite files")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    ledgers = [lg for lg in load_ledgers(args.from_db, args.articles)]
    # unique by article, as a real batch would be after the duplicate check
    ledgers = list({lg.article.id: lg for lg in ledgers}.values())
    n = len(ledgers)
    records = sum(len(lg.actors) + len(lg.attributions) + len(lg.events) for lg in ledgers)
    ours: list[float] = []
    ours_cpu: list[float] = []
    skips: list[float] = []
    refs: list[float] = []
    for _ in range(1 if args.db else args.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            url = args.db or str(Path(tmp) / "bench.db")
            first, first_cpu, again = _store_run(url, ledgers, args.batch_size)
            ours.append(n / first)
            ours_cpu.append(n / first_cpu)
            skips.append(n / again)
            if not args.db:
                refs.append(n / _reference_run(Path(tmp) / "ref.db", ledgers, args.batch_size))
    report: dict[str, Any] = {
        "articles": n, "records_per_article": round(records / n, 1), "batch_size": args.batch_size,
        "store_articles_per_s": round(statistics.median(ours)),
        "store_articles_per_s_all": [round(x) for x in ours],
        "store_articles_per_cpu_s": round(statistics.median(ours_cpu)),
        "duplicates_skipped_per_s": round(statistics.median(skips)),
        "target_articles_per_s": TARGET,
    }
    if refs:
        report["bare_sqlite3_articles_per_s"] = round(statistics.median(refs))
        report["store_vs_bare_sqlite3"] = round(statistics.median(ours) / statistics.median(refs), 2)
    report["meets_target"] = statistics.median(ours) >= TARGET
    report["load_average_1min"] = round(os.getloadavg()[0], 2)
    report["cpus"] = os.cpu_count()
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key:>28}: {value}")
    return 0 if report["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
