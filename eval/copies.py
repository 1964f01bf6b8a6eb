"""Copy detection through the store, as at ingest: same-copy-group pairs on the generated copy set
(eval/copy_set.py: real articles of ../shared/data/news and copies made the way republishing changes a story),
and ECB+ dev articles of one subtopic (reports of one happening) joined as copies, checked against the hand
annotation of its candidate pairs (eval/annotations/ecbplus_copies.tsv).

Documents are stored in a shuffled order (``--seed``), ``--batch`` per transaction, and linked by the store's
own hook (``store_and_link``), which fingerprints each new article and sets its ``copy_of``. Copy detection reads
only the text, so the ledgers stored here carry the text and no records (no NLP run), which keeps this fast.

A predicted pair: two documents with the same copy group (``copy_of`` or, for a group's first article, its own
id); documents with identical text are one stored article, so one group.

    .venv/bin/python eval/copies.py            # figures
    .venv/bin/python eval/copies.py --check    # fail below the floors in eval/floors.json
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, check_floors, read_jsonl, shared
from copy_set import copy_set

from newsledger.ids import article_id
from newsledger.records import ArticleInfo, Ledger, PipelineInfo

ANNOTATION = ROOT / "eval" / "annotations" / "ecbplus_copies.tsv"


def bare_ledger(doc: dict[str, Any]) -> Ledger:
    return Ledger(ArticleInfo(article_id(doc["text"]), source=doc.get("source"), external_id=doc["id"]),
                  (), (), (), PipelineInfo("copy-eval", "0", "none"), text=doc["text"])


def groups_via_store(docs: list[dict[str, Any]], seed: int, batch: int) -> tuple[dict[str, str], float]:
    """Document id -> copy group, after storing and linking the documents in a shuffled order."""
    from sqlalchemy import select

    from newsledger.link import store_and_link
    from newsledger.link.tables import article_copies
    from newsledger.store import open_store

    order = list(docs)
    random.Random(seed).shuffle(order)
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "ledger.db")) as store:
        t0 = time.perf_counter()
        for i in range(0, len(order), batch):
            chunk = [bare_ledger(d) for d in order[i:i + batch]]
            store_and_link(store, chunk)
        seconds = time.perf_counter() - t0
        with store.engine.connect() as conn:
            group = {r.article_id: r.copy_of or r.article_id for r in conn.execute(select(article_copies))}
    return {d["id"]: group[article_id(d["text"])] for d in docs}, seconds


def pair_scores(docs: list[dict[str, Any]], pred: dict[str, str], gold_key: str) -> dict[str, float]:
    tp = fp = fn = 0
    for a, b in itertools.combinations(docs, 2):
        p, g = pred[a["id"]] == pred[b["id"]], a[gold_key] == b[gold_key]
        tp += p and g
        fp += p and not g
        fn += g and not p
    return {"p": round(tp / (tp + fp), 4) if tp + fp else 1.0, "r": round(tp / (tp + fn), 4) if tp + fn else 1.0,
            "tp": tp, "fp": fp, "fn": fn}


def annotation() -> dict[tuple[str, str], str]:
    if not ANNOTATION.exists():
        return {}
    with ANNOTATION.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")]
    return {tuple(sorted((r["a"], r["b"]))): r["label"] for r in rows}  # type: ignore[misc]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--originals", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7, help="the copy set's seed (and the storing order's)")
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--verbose", action="store_true", help="list the missed and the wrong pairs")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()

    docs = copy_set(args.originals, args.seed)
    pred, seconds = groups_via_store(docs, args.seed, args.batch)
    gen = pair_scores(docs, pred, "group")
    print(f"copy set: {args.originals} originals, {len(docs)} documents, stored and linked in {seconds:.1f} s "
          f"({len(docs) / seconds:.0f}/s); same-copy-group pairs: precision {gen['p']:.4f} recall {gen['r']:.4f} "
          f"({gen['tp']} right, {gen['fp']} wrong, {gen['fn']} missed)")
    if args.verbose:
        by = {d["id"]: d for d in docs}
        for a, b in itertools.combinations(docs, 2):
            p, g = pred[a["id"]] == pred[b["id"]], a["group"] == b["group"]
            if p != g:
                print(f"  {'missed' if g else 'wrong '} {a['id']} {by[a['id']]['kinds']} ~ {b['id']} {b['kinds']}")

    ecb = read_jsonl(shared("data", "ecbplus", "dev.jsonl"))
    for d in ecb:
        d["source"] = d["id"]
    epred, _ = groups_via_store(ecb, args.seed, args.batch)
    labels = annotation()
    joined = [(a["id"], b["id"]) for a, b in itertools.combinations(ecb, 2)
              if a["subtopic"] == b["subtopic"] and epred[a["id"]] == epred[b["id"]]]
    cross = sum(1 for a, b in itertools.combinations(ecb, 2)
                if a["subtopic"] != b["subtopic"] and epred[a["id"]] == epred[b["id"]])
    kinds = {k: sum(1 for p in joined if labels.get(tuple(sorted(p))) == k)
             for k in ("copy", "partial", "independent")}
    unlabelled = len(joined) - sum(kinds.values())
    copies_gold = [p for p, lab in labels.items() if lab == "copy"]
    found = sum(1 for a, b in copies_gold if epred[a] == epred[b])
    print(f"ECB+ dev, {len(ecb)} articles: {len(joined)} same-subtopic pairs joined as copies "
          f"(hand labels: {kinds['copy']} copy, {kinds['partial']} partial, {kinds['independent']} independent, "
          f"{unlabelled} unlabelled); {cross} pairs across subtopics; "
          f"hand-labelled copies found {found}/{len(copies_gold)}")
    if args.verbose:
        for a, b in joined:
            print(f"  joined {a} ~ {b}: {labels.get(tuple(sorted((a, b))), 'unlabelled')}")
    if args.check:
        figures = {"precision": gen["p"], "recall": gen["r"],
                   "ecbplus_independent_joined": -float(kinds["independent"] + cross)}
        failed = check_floors("copies", figures)
        if failed:
            sys.exit("copies below floor: " + "; ".join(failed))


if __name__ == "__main__":
    main()
