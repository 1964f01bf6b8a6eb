#!/usr/bin/env python3
"""Digest of newsledger's output on PolNeAR dev and the news corpora: one line per article, its id and the
sha256 of its JSON ledger. Two digests (before and after a change meant to keep outputs) are compared with
``--compare``; any article whose output differs is listed.

    python scripts/output_digest.py OUT.tsv [--workers 2] [--limit N]
    python scripts/output_digest.py --compare BEFORE.tsv AFTER.tsv

The texts are read in place from ../shared/data (polnear/dev.jsonl, news/*.jsonl); nothing is copied.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SOURCES = ("polnear/dev.jsonl", "news/bbc_2004_2005.jsonl", "news/wikinews_2019_2020.jsonl")


def records(limit: int) -> list[tuple[str, dict[str, object]]]:
    out = []
    for name in SOURCES:
        with (DATA / name).open(encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        out += [(f"{name}:{i}", r) for i, r in enumerate(rows[:limit] if limit else rows)]
    return out


def digest(path: Path, workers: int, limit: int) -> None:
    from newsledger.ingest.readers import record_to_article
    from newsledger.scale import WorkerStats, analyze_parallel

    items = records(limit)
    fields = ("id", "text", "title", "published", "source", "url")
    articles = [record_to_article({k: r[k] for k in fields if k in r}, "digest", i, None)
                for i, (_, r) in enumerate(items, 1)]
    with path.open("w", encoding="utf-8") as out:
        for (key, _), ledger in zip(items, analyze_parallel(articles, workers, 32, WorkerStats()), strict=True):
            out.write(f"{key}\t{hashlib.sha256(ledger.to_json().encode('utf-8')).hexdigest()}\n")


def compare(before: Path, after: Path) -> int:
    def read(p: Path) -> dict[str, str]:
        return dict(line.rstrip("\n").split("\t") for line in p.open(encoding="utf-8") if line.strip())

    a, b = read(before), read(after)
    differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    for k in differ:
        print(k)
    print(f"{len(a)} before, {len(b)} after, {len(differ)} differ")
    return 1 if differ else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="articles per source (0: all)")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    if args.out is None:
        ap.error("give OUT.tsv or --compare")
    digest(args.out, args.workers, args.limit)


if __name__ == "__main__":
    main()
