#!/usr/bin/env python3
"""What the event stage adds to bare spaCy processing, on the same texts in the same run.

    python bench/event_speed.py [--articles 200] [--data ../shared/data/news/wikinews_2019_2020.jsonl]

Parses the articles with newsledger's spaCy pipeline (timed: the bare spaCy cost), builds what the event stage
reads (actors, attributions: not timed here, they belong to other stages), then times
``newsledger.extract.events.find_events`` (candidates, classifier, participants, modality, times, places) on
the same Docs. Prints both times and their ratio; the one-off loading of the classifier weights and the
gazetteer is done before timing and reported apart.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "news" / "wikinews_2019_2020.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--data", type=Path, default=DEFAULT)
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"bench: {args.data} not found")
    from newsledger.extract import event_model, places
    from newsledger.extract.actors import ActorIndex
    from newsledger.extract.attributions import find_drafts
    from newsledger.extract.events import find_events
    from newsledger.extract.evidence import apply_stance
    from newsledger.extract.speakers import resolve_speakers
    from newsledger.nlp import get_nlp

    rows = []
    with args.data.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
            if len(rows) >= args.articles:
                break
    texts = [r["text"] for r in rows]
    nlp = get_nlp()
    list(nlp.pipe(texts[:2]))  # warm up
    t0 = time.perf_counter()
    event_model.model()
    places.gazetteer()
    loads = time.perf_counter() - t0

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    spacy_s = time.perf_counter() - t0
    prepared = []
    for doc, r in zip(docs, rows, strict=True):
        actors = ActorIndex(doc, "bench", r.get("published"))
        drafts = find_drafts(doc, doc._.quotes or [])
        resolve_speakers(doc, drafts, actors)
        apply_stance(doc, drafts, actors)
        prepared.append((doc, actors, drafts, r.get("published")))
    t0 = time.perf_counter()
    n_events = sum(len(find_events(doc, actors, drafts, pub)) for doc, actors, drafts, pub in prepared)
    events_s = time.perf_counter() - t0
    tokens = sum(len(d) for d in docs)
    print(f"{len(docs)} articles, {tokens} tokens, {n_events} events")
    print(f"spaCy pipeline {spacy_s:.2f} s; event stage {events_s:.2f} s; ratio {events_s / spacy_s:.3f} "
          f"(+{100 * events_s / spacy_s:.1f} %); one-off loads (weights, gazetteer) {loads:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
