#!/usr/bin/env python3
"""Attribution accuracy on PolNeAR (default: ../shared/data/polnear/dev.jsonl), scored by
../shared/eval/score_attributions.py; stance/evidence on the seed article's annotation and the main job on it
(eval/seed.py: gold attributions right with speaker actor, stance and evidence); stance accuracy and
evidence-status F1 on the hand annotation of PolNeAR dev (eval/stance_evidence.py).

    python eval/attributions.py [--gold FILE] [--limit N] [--check]

Predictions are written to eval/out/. ``--check`` exits 1 when a figure falls below its floor in
eval/floors.json (the CI gate).
"""

from __future__ import annotations

import argparse
import sys

import seed
import stance_evidence
from _common import gate, predict, read_jsonl, scorer, shared


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=None, help="PolNeAR-format JSONL (default: polnear/dev.jsonl)")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    ap.add_argument("--check", action="store_true", help="fail below the floors in eval/floors.json")
    args = ap.parse_args()
    gold_path = shared("data", "polnear", "dev.jsonl") if args.gold is None else shared(args.gold)
    gold = read_jsonl(gold_path, args.limit)
    preds, seconds = predict(gold, "polnear.pred.jsonl")
    res = scorer("score_attributions").score(gold, preds)
    print(f"PolNeAR {gold_path.name}: {res['articles']} articles, gold {res['gold_attributions']}, "
          f"predicted {res['pred_attributions']} ({seconds:.1f} s)")
    print(f"{'part':<18}{'P':>8}{'R':>8}{'F1':>8}")
    for k in ("attribution", "source_exact", "source_overlap", "cue_exact", "cue_overlap", "content_exact",
              "content_overlap"):
        r = res[k]
        print(f"{k:<18}{r['p']:>8.3f}{r['r']:>8.3f}{r['f1']:>8.3f}")
    figures = {k: res[k]["f1"] for k in ("attribution", "source_exact", "source_overlap", "cue_exact", "cue_overlap",
                                         "content_overlap", "content_exact")}

    seed_gold = read_jsonl(shared("data", "seed", "kremlin-drone.attributions.jsonl"))
    for g in seed_gold:
        g.setdefault("published", "2023-05-04")
    seed_preds, _ = predict(seed_gold, "seed.pred.jsonl")
    seed_att = scorer("score_attributions").score(seed_gold, seed_preds)
    seed_se = scorer("score_stance_evidence").score(seed_gold, seed_preds)
    print(f"seed: attribution F1 {seed_att['attribution']['f1']:.3f}, source overlap F1 "
          f"{seed_att['source_overlap']['f1']:.3f}, stance accuracy {seed_se['stance_accuracy']:.3f} "
          f"({seed_se['paired']} paired), evidence F1 {seed_se['evidence']['f1']:.3f}")
    figures["seed_stance_accuracy"] = seed_se["stance_accuracy"]
    figures["seed_evidence_f1"] = seed_se["evidence"]["f1"]
    main_job = seed.evaluate()
    seed.report(main_job)
    figures["seed_right"] = main_job["right"]
    figures["seed_evidence_cues"] = sum(main_job["reported"].values())
    if args.gold is None and args.limit is None:  # the hand annotation is of PolNeAR dev
        se = stance_evidence.evaluate(preds)
        stance_evidence.report(se)
        figures["polnear_stance_accuracy"] = se["stance_accuracy"]
        figures["polnear_evidence_f1"] = se["evidence"]["f1"]
        figures["polnear_stance_confident_accuracy"] = se["stance_confident_accuracy"] or 0.0
        figures["polnear_evidence_confident_accuracy"] = se["evidence_confident_accuracy"] or 0.0
    return gate("attributions", figures) if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
