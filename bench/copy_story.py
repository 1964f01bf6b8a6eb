#!/usr/bin/env python3
"""One wire story republished many times: the time to store and link a batch of copies as the story grows.

    python bench/copy_story.py [--sizes 10,20,40,80,160,320,640] [--batch 10]

The original is the real article of ../shared/data/news (among the first 200 extracted by bench/link_news.py)
with the most events; each copy appends one line of its own ("This report was republished by outlet k.") and
names another outlet, with ids of its own. Copies are stored and linked ``--batch`` at a time, as ``newsledger
ingest`` does, into a new SQLite ledger; at each size the last batch's time and the process's peak memory are
printed. A story of copies should cost what its original costs (issue 23: linking time flat as the ledger
grows), not grow with the number of copies squared.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from link_news import ledgers  # noqa: E402

from newsledger.ids import article_id, record_id  # noqa: E402
from newsledger.link import open_ledger, store_and_link  # noqa: E402
from newsledger.records import Ledger  # noqa: E402

HEX_ID = re.compile(r'"([0-9a-f]{16}|[0-9a-f]{64})"')


def copy_of(base: Ledger, k: int) -> Ledger:
    """Copy ``k`` of ``base``: one line added, another outlet, ids of its own; every span unchanged."""
    text = base.text + f"\n\nThis report was republished by outlet number {k}."
    d = base.to_dict()
    d["article"]["source"] = f"Outlet {k}"
    new = article_id(text)
    raw = json.dumps(d).replace(base.article.id, new)
    raw = HEX_ID.sub(lambda m: f'"{m.group(1) if m.group(1) == new else record_id("copy", k, m.group(1))}"', raw)
    return Ledger.from_dict(json.loads(raw), text=text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,20,40,80,160,320,640")
    ap.add_argument("--batch", type=int, default=10)
    args = ap.parse_args()
    base = max(ledgers(1000)[:200], key=lambda lg: len(lg.events))
    print(f"original: {len(base.events)} events, {len(base.attributions)} statements, {len(base.text)} characters")
    done = 0
    with tempfile.TemporaryDirectory() as tmp, open_ledger(str(Path(tmp) / "ledger.db")) as store:
        for size in (int(s) for s in args.sizes.split(",")):
            last = 0.0
            for start in range(done, size, args.batch):
                batch = [copy_of(base, k) for k in range(start, min(size, start + args.batch))]
                t0 = time.perf_counter()
                store_and_link(store, batch)
                last = time.perf_counter() - t0
            done = size
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"story of {size:4d} copies: last batch of {args.batch} stored and linked in {last:.2f} s; "
                  f"peak memory {peak:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
