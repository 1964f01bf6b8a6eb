#!/usr/bin/env python3
"""Pages of the SQLite file written per stored article, by table, as the ledger grows: where the link time per
article that ``bench/link_scale.py`` measures goes once the ledger is large.

    python bench/link_pages.py [--articles 20768] [--base 1000] [--batch 256] [--probe 768] [--top 8]

The ledger grows as in ``bench/link_scale.py`` (``--base`` extracted news articles, replayed as replicas, stored
and linked by ``store_and_link`` in ingest's batches, with the workers' link features). At each checkpoint
(1,000, 2,000, 5,000, 10,000, 20,000 articles, those with ``--probe`` more to come) the file is checkpointed and
each of its pages hashed; the next ``--probe`` articles are stored and linked, the file checkpointed and hashed
again. Every page that changed was written (to the WAL, then to the file); it is charged to the B-tree that
holds it (``dbstat``), and each B-tree (a table or an index) to its table. Printed per checkpoint: the pages
written per article in all, by the store's tables and by the link tables (``newsledger.link.tables``), and the
B-trees that wrote the most.

A page is charged once per probe however often it was written, so the figure is what a probe of ``--probe``
articles dirties. An index whose keys are hashes (content ids, LSH bands) puts each new entry on a page of its
own once it has more leaf pages than a batch has entries: its pages per article grow with the ledger until
they reach its entries per article.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from link_news import ledgers  # noqa: E402
from link_scale import CHECKPOINTS, replica  # noqa: E402

from newsledger.link import features_of, store_and_link  # noqa: E402
from newsledger.link.tables import COPY_TABLES, LINK_TABLES  # noqa: E402
from newsledger.scale.batch import INGEST_BATCH  # noqa: E402
from newsledger.store import open_store  # noqa: E402

LINK_TABLE_NAMES = frozenset(t.name for t in (*LINK_TABLES, *COPY_TABLES))


def checkpoint(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def page_hashes(path: Path) -> tuple[int, list[bytes]]:
    """The file's page size and a short hash of each of its pages."""
    with sqlite3.connect(path) as conn:
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    conn.close()
    hashes = []
    with path.open("rb") as f:
        while page := f.read(size):
            hashes.append(hashlib.blake2b(page, digest_size=8).digest())
    return size, hashes


def owners(path: Path) -> dict[int, tuple[str, str]]:
    """Page number (1-based) -> the B-tree holding it (a table or an index) and that B-tree's table."""
    with sqlite3.connect(path) as conn:
        table_of = dict(conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')"))
        out = {int(page): (str(name), str(table_of.get(name, name)))
               for name, page in conn.execute("SELECT name, pageno FROM dbstat")}
    conn.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20768)
    ap.add_argument("--base", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=INGEST_BATCH)
    ap.add_argument("--probe", type=int, default=3 * INGEST_BATCH)
    ap.add_argument("--top", type=int, default=8, help="B-trees listed per checkpoint")
    args = ap.parse_args()
    base = ledgers(args.base)
    stream = (replica(lg, k) for k in range(args.articles // len(base) + 1) for lg in base)
    checkpoints = [c for c in CHECKPOINTS if c + args.probe <= args.articles]
    rows: list[tuple[int, float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.db"
        with open_store(str(path)) as store:
            stored = 0
            for at in checkpoints:
                while stored < at:
                    chunk = [next(stream) for _ in range(min(args.batch, at - stored))]
                    store_and_link(store, chunk, [features_of(lg) for lg in chunk])
                    stored += len(chunk)
                checkpoint(path)
                _, before = page_hashes(path)
                while stored < at + args.probe:
                    chunk = [next(stream) for _ in range(min(args.batch, at + args.probe - stored))]
                    store_and_link(store, chunk, [features_of(lg) for lg in chunk])
                    stored += len(chunk)
                checkpoint(path)
                page_size, after = page_hashes(path)
                changed = [i + 1 for i, h in enumerate(after) if i >= len(before) or before[i] != h]
                owner = owners(path)
                by_tree = Counter(owner.get(p, ("(free page)", "")) for p in changed)
                n = args.probe
                link = sum(k for (_, table), k in by_tree.items() if table in LINK_TABLE_NAMES) / n
                rows.append((at, len(changed) / n, len(changed) / n - link, link))
                print(f"at {at:6d} articles: {len(changed) / n:5.1f} pages written per article "
                      f"(store tables {len(changed) / n - link:.1f}, link tables {link:.1f}); "
                      f"file {len(after) * page_size / 1e6:.0f} MB", flush=True)
                for (tree, table), k in by_tree.most_common(args.top):
                    print(f"    {tree:40s} {'link' if table in LINK_TABLE_NAMES else 'store':5s} {k / n:6.2f}")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(f"pages written per article, {last[0]} vs {first[0]} stored: {last[1] / first[1]:.2f}x in all, "
              f"store tables {last[2] / first[2]:.2f}x, link tables {last[3] / first[3]:.2f}x (flat is 1x)")


if __name__ == "__main__":
    main()
