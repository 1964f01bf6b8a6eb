#!/usr/bin/env python3
"""What the attribution stage adds to bare spaCy processing, on the same texts in the same run.

    python bench/attribution_cost.py [--limit 300] [--repeat 2]

Texts: ../shared/data/news/wikinews_2019_2020.jsonl (real news). For each repeat it times
``nlp.pipe`` over all texts without the attribution tagger (the spaCy model plus newsledger's two tiny
paragraph and quotation components), then, on the Docs it produced, the attribution stage: the tagger
component (batched as in ``nlp.pipe``), finding statements (tagger spans and rules), resolving speakers to
actors, stance and evidence (``ActorIndex`` included, since speakers need it). It prints both
times and their ratio; the issue's budget is a ratio of at most 0.30. The best (lowest) time of each part
over the repeats is used, so a busy machine inflates neither.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TAGGER = "newsledger_attribution_tagger_v1"
sys.path.insert(0, str(ROOT / "eval"))


def main() -> int:
    from _common import read_jsonl, shared

    from newsledger.extract.actors import ActorIndex
    from newsledger.extract.attributions import find_drafts
    from newsledger.extract.evidence import apply_evidence, apply_stance
    from newsledger.extract.speakers import resolve_speakers
    from newsledger.nlp import get_nlp
    from newsledger.nlp.attribution_tagger import get_tagger

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=300, help="number of articles (default 300)")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    texts = [r["text"] for r in read_jsonl(shared("data", "news", "wikinews_2019_2020.jsonl"), args.limit)]
    nlp = get_nlp()
    get_tagger()
    list(nlp.pipe(texts[:5]))  # warm up
    spacy_times, stage_times = [], []
    statements = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        with nlp.select_pipes(disable=[TAGGER]):
            docs = list(nlp.pipe(texts, batch_size=32))
        spacy_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        docs = list(nlp.get_pipe(TAGGER).pipe(docs, batch_size=32))
        statements = 0
        for doc in docs:
            actors = ActorIndex(doc, "bench", None)
            drafts = find_drafts(doc, doc._.quotes or [])
            resolve_speakers(doc, drafts, actors)
            apply_stance(doc, drafts, actors)
            apply_evidence(doc, drafts, actors)
            statements += len(drafts)
        stage_times.append(time.perf_counter() - t0)
    tokens = sum(len(d) for d in docs)
    spacy_s, stage_s = min(spacy_times), min(stage_times)
    print(json.dumps({"articles": len(texts), "tokens": tokens, "statements": statements,
                      "spacy_seconds": round(spacy_s, 2), "attribution_seconds": round(stage_s, 2),
                      "ratio": round(stage_s / spacy_s, 3)}))
    print(f"attribution stage adds {100 * stage_s / spacy_s:.1f} % to spaCy's {spacy_s:.1f} s "
          f"({len(texts)} articles, {tokens} tokens)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
