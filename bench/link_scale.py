#!/usr/bin/env python3
"""Store and link already-extracted ledgers as the ledger grows: articles per second, and the time linking takes
per article when the ledger holds 1,000, 2,000, 5,000, 10,000 and 20,000 articles (it should stay flat).

    python bench/link_scale.py [--articles 20768] [--base 1000] [--batch 256] [--probe 768]

The ledgers are real: ``--base`` articles of ../shared/data/news extracted once (cached in bench/out by
bench/link_news.py). To reach ``--articles`` without extracting 20,000 texts, the base set is replayed as
*replicas*: replica k keeps every record and offset of the original, and its text keeps every stop word,
punctuation mark and length, but its content words go through a letter substitution of its own (and its record
ids, article ids and publication dates, shifted by 40 days a replica, are its own). A replica's articles are as
similar to each other as the originals are, and share no content word with another replica's, so the ledger
grows by many stories the size of real ones, as a news archive does, rather than by ever larger stories.

Each batch goes through ``store_and_link``, as ``newsledger ingest`` stores it, into a new SQLite file: the
store part is its ``Store.add_many``, the link part the rest (``update_links`` on the articles just stored).
Ingest's worker processes hand the writer each article's link features with its ledger
(``link.features_of``: copy fingerprint, term profile, event mentions with embeddings, the rows of a story of
its own); the benchmark computes them before each batch, as the workers would, times them apart (CPU work
spread over the workers, not the writer's) and prints them beside the writer's figures. ``--writer-features``
leaves them to the writer instead, as when a caller hands ``store_and_link`` ledgers alone.
At each checkpoint the next ``--probe`` articles (in batches of ``--batch``) are timed apart: store time and link
time per article, wall-clock and CPU (the CPU figure is the steadier one on a shared machine).
Prints the overall articles/s (target: >= 200) and the per-article link time at every checkpoint (target:
flat), with the ratio of the last to the first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from link_news import ledgers  # noqa: E402

from newsledger.ids import article_id, record_id  # noqa: E402
from newsledger.link import features_of, store_and_link  # noqa: E402
from newsledger.link.text import stopwords  # noqa: E402
from newsledger.records import Ledger  # noqa: E402
from newsledger.scale.batch import INGEST_BATCH  # noqa: E402
from newsledger.store import AddResult, Store, open_store  # noqa: E402

CHECKPOINTS = (1000, 2000, 5000, 10000, 20000, 40000)  # those reached with --probe more articles
WORD = re.compile(r"[A-Za-z]{3,}")
HEX_ID = re.compile(r'"([0-9a-f]{16}|[0-9a-f]{64})"')
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def cipher(k: int) -> dict[str, str]:
    shuffled = list(LETTERS)
    random.Random(k).shuffle(shuffled)
    table = dict(zip(LETTERS, shuffled, strict=True))
    table.update({a.upper(): b.upper() for a, b in list(table.items())})
    return table


def replica(lg: Ledger, k: int) -> Ledger:
    """Replica ``k`` of a ledger (0: the ledger itself)."""
    if k == 0:
        return lg
    table = cipher(k)
    stops = stopwords()

    def sub(m: re.Match[str]) -> str:
        w = m.group()
        return w if w.lower() in stops else "".join(table.get(c, c) for c in w)

    text = WORD.sub(sub, lg.text)
    d = lg.to_dict()
    if d["article"]["published"]:
        day = dt.date.fromisoformat(d["article"]["published"]) + dt.timedelta(days=40 * k)
        d["article"]["published"] = day.isoformat()
    raw = json.dumps(d)
    new_article = article_id(text)
    raw = raw.replace(lg.article.id, new_article)
    raw = HEX_ID.sub(lambda m: f'"{m.group(1) if m.group(1) == new_article else record_id("replica", k, m.group(1))}"',
                     raw)
    return Ledger.from_dict(json.loads(raw), text=text)


def timed(store: Store) -> list[tuple[float, float]]:
    """Time each ``store.add_many`` of this store (the storing part of ``store_and_link``): the seconds of each
    call, wall-clock and CPU, are appended to the list returned."""
    seconds: list[tuple[float, float]] = []
    add_many = store.add_many

    def run(ledgers: Iterable[Ledger]) -> AddResult:
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return add_many(ledgers)
        finally:
            seconds.append((time.perf_counter() - start, time.process_time() - cpu))

    store.add_many = run  # type: ignore[method-assign]
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20768, help="in all (the last checkpoint is probed when there "
                    "are --probe more)")
    ap.add_argument("--base", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=INGEST_BATCH, help="articles a transaction (ingest's)")
    ap.add_argument("--probe", type=int, default=3 * INGEST_BATCH, help="articles timed apart at each checkpoint "
                    "(in batches of --batch)")
    ap.add_argument("--writer-features", action="store_true", help="the writer computes the link features")
    args = ap.parse_args()
    base = ledgers(args.base)
    stream = (replica(lg, k) for k in range(args.articles // len(base) + 1) for lg in base)
    checkpoints = [c for c in CHECKPOINTS if c + args.probe <= args.articles]
    store_s = link_s = features_s = cpu_s = 0.0
    stored = probe_at = 0
    probes: list[tuple[int, float, float, float]] = []  # at, store ms, link ms, link CPU ms (per article)
    probe: list[float] = []  # the current probe's store, link and link CPU seconds, and its articles
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "ledger.db")) as store:
        adding = timed(store)
        while stored < args.articles:
            if stored in checkpoints:
                probe, probe_at = [0.0, 0.0, 0.0, 0.0], stored
            # a batch, cut at the next checkpoint and at the end of a probe
            ends = [c for c in checkpoints if c > stored] + ([probe_at + args.probe] if probe else [])
            size = min(args.batch, args.articles - stored, *(e - stored for e in ends if e > stored))
            chunk = [next(stream) for _ in range(size)]
            tf = time.perf_counter()
            features = [] if args.writer_features else [features_of(lg) for lg in chunk]  # in the workers
            t0, c0 = time.perf_counter(), time.process_time()
            features_s += t0 - tf
            store_and_link(store, chunk, features)  # as ``newsledger ingest`` stores and links a batch
            t2, c2 = time.perf_counter(), time.process_time()
            cpu_s += c2 - c0
            t1 = t0 + adding[-1][0]
            store_s += t1 - t0
            link_s += t2 - t1
            stored += size
            if probe:
                for i, x in enumerate((t1 - t0, t2 - t1, c2 - c0 - adding[-1][1], size)):
                    probe[i] += x
                if stored == probe_at + args.probe:
                    ms = [1000 * x / probe[3] for x in probe[:3]]
                    probes.append((probe_at, *ms))
                    print(f"at {probe_at:6d} articles: store {ms[0]:.2f} ms/article, link {ms[1]:.2f} ms/article "
                          f"({ms[2]:.2f} of CPU)", flush=True)
                    probe = []
    total = store_s + link_s
    load = os.getloadavg()[0]
    print(f"{stored} articles ({len(base)} extracted, replayed as replicas): stored and linked at "
          f"{stored / total:.0f} articles/s (store {stored / store_s:.0f}/s, link {stored / link_s:.0f}/s; "
          "target >= 200)")
    print(f"  the writer's CPU: {stored / cpu_s:.0f} articles per CPU-second ({100 * cpu_s / total:.0f} % of its wall "
          f"time; load average {load:.1f} on {os.cpu_count()} cores: on a shared machine wall time is the noisier)")
    if not args.writer_features:
        print(f"link features, computed where the articles are analysed: {1000 * features_s / stored:.2f} ms/article "
              f"of CPU (all in one process: {stored / (total + features_s):.0f} articles/s)")
    if len(probes) > 1:
        print(f"link time per article, {probes[-1][0]} vs {probes[0][0]} articles stored: "
              f"{probes[-1][2] / probes[0][2]:.2f}x, of CPU {probes[-1][3] / probes[0][3]:.2f}x (flat is 1x)")


if __name__ == "__main__":
    main()
