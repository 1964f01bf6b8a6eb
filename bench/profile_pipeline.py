#!/usr/bin/env python3
"""Where the time goes: each spaCy component, stock and newsledger's, and each extraction stage.

    python bench/profile_pipeline.py [--limit 200]

Runs the first N articles of ../shared/data/news (interleaved as in throughput.py) through each component
of the stock model and of newsledger's pipeline one after the other, then through each stage of
``build_ledger``, and prints CPU seconds per step (twice for newsledger's pipeline: cold, then with its
memo tables filled). This is the profile that decided what to optimise (see nlp/token_attributes.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import load_records


def time_components(nlp: Any, texts: list[str]) -> tuple[list[Any], list[tuple[str, float]]]:
    rows = []
    start = time.process_time()
    docs = [nlp.make_doc(t) for t in texts]
    rows.append(("tokenizer", time.process_time() - start))
    for name, proc in nlp.pipeline:
        start = time.process_time()
        docs = list(proc.pipe(docs, batch_size=32)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        rows.append((name, time.process_time() - start))
    return docs, rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=200)
    args = ap.parse_args()
    import spacy

    from newsledger.extract import ledger as stages
    from newsledger.extract import lexicon
    from newsledger.ingest.readers import record_to_article
    from newsledger.nlp import MODEL_NAME, get_nlp, model_info

    records = load_records(args.limit)
    texts = [r["text"] for r in records]
    stock = spacy.load(MODEL_NAME)
    ours = get_nlp()
    _, stock_rows = time_components(stock, texts)
    _, cold_rows = time_components(ours, texts)
    docs, warm_rows = time_components(ours, texts)
    print(f"{len(texts)} articles, {sum(len(d) for d in docs):,} tokens; CPU seconds per component")
    print(f"  stock {MODEL_NAME}: " + ", ".join(f"{n} {t:.2f}" for n, t in stock_rows)
          + f"; total {sum(t for _, t in stock_rows):.2f}")
    for label, rows in (("newsledger, cold", cold_rows), ("newsledger, warm", warm_rows)):
        print(f"  {label}: " + ", ".join(f"{n} {t:.2f}" for n, t in rows) + f"; total {sum(t for _, t in rows):.2f}")

    for load in (lexicon.actor_dictionary, lexicon.agents, lexicon.event_cues, lexicon.speech_cues):
        load()  # loaded once per process; not what a long run pays per article
    spent: dict[str, float] = defaultdict(float)

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*a: Any, **k: Any) -> Any:
            start = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.process_time() - start
        return run

    for name in ("find_drafts", "resolve_speakers", "apply_stance", "apply_evidence", "find_events"):
        setattr(stages, name, timed(name, getattr(stages, name)))
    stages.ActorIndex = timed("actors", stages.ActorIndex)  # type: ignore[misc]
    articles = [record_to_article(r, "bench", i, None) for i, r in enumerate(records, 1)]
    model = model_info()
    start = time.process_time()
    for doc, art in zip(docs, articles, strict=True):
        stages.build_ledger(doc, art, model)
    total = time.process_time() - start
    print(f"extraction (build_ledger) CPU seconds: total {total:.2f}: "
          + ", ".join(f"{n} {t:.2f}" for n, t in spent.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
