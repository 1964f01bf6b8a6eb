#!/usr/bin/env python3
"""Events and evidence cues on the hand annotation of ../shared/data/news (eval/annotations/news_events_*.jsonl;
guidelines in eval/annotations/guidelines_events.md).

    python eval/news_events.py [--set eval|train] [--limit N] [--check] [--verbose]

eval   50 articles on crime, disasters and politics, annotated before anyone looked at newsledger's output on
       them; never trained on (the committed hand check of issue 22)
train  135 further articles, the event head's training data (figures there are not held out)

Events: a predicted event and a gold event match when their triggers overlap (one to one, largest overlap
first). Precision = matched predictions whose PLOVER root is the gold root / all predictions; recall = gold
events matched with the right root / all gold events; also detection precision and recall (any root) and
modality accuracy over matched pairs. Evidence cues of events and statements: ../shared/eval/score_evidence_cues.py
on the same articles (gold built from the annotation's offsets; articles without cues are its negatives).
With --check, fails below the "news_events" floors of eval/floors.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any

from _common import OUT, ROOT, check_floors, predict, scorer, shared


def gold(which: str, limit: int | None) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """The annotated articles (as records to run) and their gold events and cues, by article id."""
    rows = [json.loads(x) for x in (ROOT / "eval" / "annotations" / f"news_events_{which}.jsonl")
            .read_text(encoding="utf-8").splitlines() if x.strip()]
    ids = [r["article"] for r in rows if r["type"] == "article"][:limit]
    news: dict[str, dict[str, Any]] = {}
    for name in ("wikinews_2019_2020.jsonl", "bbc_2004_2005.jsonl"):
        for line in shared("data", "news", name).read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            news[d["id"]] = d
    by_article: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for r in rows:
        if r["type"] != "article" and r["article"] in by_article:
            by_article[r["article"]].append(r)
    return [news[i] for i in ids], by_article


def overlap(a: list[int], b: list[int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold_events: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    cands = sorted((-overlap(g["span"], p["trigger"]["span"]), i, j) for i, g in enumerate(gold_events)
                   for j, p in enumerate(pred) if overlap(g["span"], p["trigger"]["span"]) > 0)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def score_events(golds: dict[str, list[dict[str, Any]]], preds: list[dict[str, Any]],
                 verbose: bool = False) -> dict[str, float]:
    n_gold = n_pred = found = right = modal = 0
    wrong: Counter[str] = Counter()
    for p in preds:
        aid = p["article"]["external_id"]
        g_events = [g for g in golds[aid] if g["type"] == "event"]
        pred = p["events"]
        n_gold += len(g_events)
        n_pred += len(pred)
        pairs = match(g_events, pred)
        found += len(pairs)
        for i, j in pairs:
            ok = g_events[i]["root"] == pred[j]["plover"]
            right += ok
            modal += g_events[i]["modality"] == pred[j]["modality"]
            if not ok:
                wrong[f"{pred[j]['plover']}->{g_events[i]['root']}"] += 1
        if verbose:
            matched = {j for _, j in pairs}
            for j, e in enumerate(pred):
                if j not in matched:
                    print(f"  FP {aid[:40]} {e['trigger']['text']!r} {e['plover']}")
    if verbose:
        print("  wrong roots:", wrong.most_common(12))
    return {"precision": right / n_pred if n_pred else 0.0, "recall": right / n_gold if n_gold else 0.0,
            "detection_precision": found / n_pred if n_pred else 0.0,
            "detection_recall": found / n_gold if n_gold else 0.0,
            "modality_accuracy": modal / found if found else 0.0, "gold_events": n_gold, "predicted_events": n_pred}


def cue_gold(records: list[dict[str, Any]], golds: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    out = []
    for r in records:
        cues = [g for g in golds[r["id"]] if g["type"] == "cue"]
        out.append({"id": r["id"], "text": r["text"], "negative": not cues,
                    "cues": [{"span": c["span"], "text": r["text"][c["span"][0]:c["span"][1]], "label": c["label"],
                              "claim_span": c["claim"]} for c in cues]})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", dest="which", choices=["eval", "train"], default="eval")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    records, golds = gold(args.which, args.limit)
    preds, seconds = predict(records, f"news_events_{args.which}.pred.jsonl")
    figures = score_events(golds, preds, args.verbose)
    g = cue_gold(records, golds)
    OUT.mkdir(parents=True, exist_ok=True)
    gold_path = OUT / f"news_events_{args.which}.cues.gold.jsonl"
    gold_path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in g), encoding="utf-8")
    result = scorer("score_evidence_cues").score(g, preds)
    figures["cue_labelled_f1"] = result["labelled"]["f1"]
    figures["cue_detection_f1"] = result["detection"]["f1"]
    print(f"news events ({args.which}, {len(records)} articles, {seconds:.0f} s): precision {figures['precision']:.3f} "
          f"recall {figures['recall']:.3f} (detection P {figures['detection_precision']:.3f} "
          f"R {figures['detection_recall']:.3f}), modality {figures['modality_accuracy']:.3f}; "
          f"{figures['predicted_events']} predicted, {figures['gold_events']} gold; evidence cues labelled F1 "
          f"{figures['cue_labelled_f1']:.3f} (detection {figures['cue_detection_f1']:.3f})")
    if args.check and args.which == "eval":
        failed = check_floors("news_events", figures)
        for f in failed:
            print("FLOOR", f, file=sys.stderr)
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
