#!/usr/bin/env python3
"""Stance accuracy and evidence-status F1 on the hand annotations of PolNeAR attributions
(eval/annotations/, see its README.md), scored by ../shared/eval/score_stance_evidence.py: the dev annotation
(the test figure) and the annotation of train articles (made by two other annotators, the development data of
the stance rules).

    python eval/stance_evidence.py [--set dev|train|both]

The annotation holds offsets and labels only; the gold file for the scorer is built here, at run time, by
joining it with ../shared/data/polnear/dev.jsonl (each row names its attribution by article id, cue span
and first content span). The annotated attributions are the first ones of the file, in order; an article may
be annotated only up to some point, so predictions are scored only before the first attribution of that
article left unannotated.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from _common import ROOT, predict, read_jsonl, scorer, shared

ANNOTATION = ROOT / "eval" / "annotations" / "polnear_dev_stance_evidence.tsv"
SETS = {"dev": (ANNOTATION, "dev.jsonl"),
        "train": (ROOT / "eval" / "annotations" / "polnear_train_stance_evidence.tsv", "train.jsonl")}


def read_annotation(path: Path) -> dict[tuple[str, int, int, int, int], tuple[str, str]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        aid, cs, ce, ts, te, stance, evidence = line.split("\t")
        out[(aid, int(cs), int(ce), int(ts), int(te))] = (stance, evidence)
    return out


def gold_docs(labels: dict[tuple[str, int, int, int, int], tuple[str, str]], corpus: str = "dev.jsonl"
              ) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Articles holding annotated attributions, with only those (labelled), and each article's cutoff."""
    wanted = {k[0] for k in labels}
    docs, cutoff = [], {}
    for d in read_jsonl(shared("data", "polnear", corpus)):
        if d["id"] not in wanted:
            continue
        kept, limit = [], float("inf")
        for a in d["attributions"]:
            if not a["cue"] or not a["content"]:
                continue
            key = (d["id"], *a["cue"][0], *a["content"][0])
            if key in labels:
                kept.append({**a, "stance": labels[key][0], "evidence": labels[key][1]})
            else:
                limit = min(limit, a["cue"][0][0])
        docs.append({**d, "attributions": kept})
        cutoff[d["id"]] = limit
    found = sum(len(d["attributions"]) for d in docs)
    if found != len(labels):
        sys.exit(f"stance_evidence: {len(labels) - found} annotated attributions not found in {corpus}")
    return docs, cutoff


CONFIDENT = 0.8  # the calibration mark: statements this sure must be right 0.9 of the time


def paired_figures(gold: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, Any]:
    """Macro-F1 over stances and calibration, on the statements paired as the shared scorer pairs them: of the
    paired statements whose confidence is at least :data:`CONFIDENT`, the share with the right label (stance,
    evidence, and both, where the lower of the two confidences counts)."""
    sc = scorer("score_attributions")
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for g, p in zip(gold, preds, strict=True):
        gatts, patts = g["attributions"], p.get("attributions", [])
        for i, j in sc.pair([sc.parts_gold(g["text"], a) for a in gatts],
                            [sc.parts_pred(g["text"], a) for a in patts]):
            pairs.append((gatts[i], patts[j]))
    labels = sorted({g["stance"] for g, _ in pairs} | {p["stance"] for _, p in pairs})
    f1s = []
    for lab in labels:
        tp = sum(1 for g, p in pairs if g["stance"] == lab == p["stance"])
        n_p, n_g = sum(p["stance"] == lab for _, p in pairs), sum(g["stance"] == lab for g, _ in pairs)
        f1s.append(2 * tp / (n_p + n_g) if n_p + n_g else 0.0)
    out: dict[str, Any] = {"stance_macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0}
    for name, right, conf in (
            ("stance", lambda g, p: g["stance"] == p["stance"], lambda p: p.get("stance_confidence")),
            ("evidence", lambda g, p: g.get("evidence", "none") == p.get("evidence", "none"),
             lambda p: p.get("evidence_confidence")),
            ("both", lambda g, p: g["stance"] == p["stance"] and g.get("evidence", "none") == p.get("evidence"),
             lambda p: min(p.get("stance_confidence") or 0.0, p.get("evidence_confidence") or 0.0))):
        sure = [right(g, p) for g, p in pairs if (conf(p) or 0.0) >= CONFIDENT]
        out[f"{name}_confident_share"] = round(len(sure) / len(pairs), 4) if pairs else 0.0
        out[f"{name}_confident_accuracy"] = round(sum(sure) / len(sure), 4) if sure else None
    return out


def evaluate(dev_preds: list[dict[str, Any]] | None = None, which: str = "dev") -> dict[str, Any]:
    """Score one annotation (``SETS``); ``dev_preds`` (predictions for all of PolNeAR dev) are reused when
    given."""
    path, corpus = SETS[which]
    labels = read_annotation(path)
    gold, cutoff = gold_docs(labels, corpus)
    if dev_preds is None or which != "dev":
        preds, _ = predict(gold, f"stance_evidence.{which}.pred.jsonl")
    else:
        by_id = {p["article"]["external_id"]: p for p in dev_preds}
        preds = [by_id[g["id"]] for g in gold]
    scored = []
    for g, p in zip(gold, preds, strict=True):
        scored.append({**p, "attributions": [a for a in p["attributions"]
                                             if a.get("cue") and a["cue"]["span"][0] < cutoff[g["id"]]]})
    res: dict[str, Any] = scorer("score_stance_evidence").score(gold, scored)
    res.update(paired_figures(gold, scored))
    res["annotated"] = len(labels)
    res["articles"] = len(gold)
    res["set"] = which
    return res


def report(res: dict[str, Any]) -> None:
    ev = res["evidence"]
    print(f"stance/evidence on {res['annotated']} hand-annotated PolNeAR {res.get('set', 'dev')} attributions "
          f"({res['articles']} "
          f"articles): {res['paired']} paired, stance accuracy {res['stance_accuracy']:.3f}, evidence P "
          f"{ev['p']:.3f} R {ev['r']:.3f} F1 {ev['f1']:.3f} (gold {ev['gold_non_none']}, predicted "
          f"{ev['pred_non_none']})")
    print(f"  stance macro-F1 {res['stance_macro_f1']:.3f}")
    for name in ("stance", "evidence", "both"):
        acc = res[f"{name}_confident_accuracy"]
        print(f"  {name} confidence >= {CONFIDENT}: {res[f'{name}_confident_share']:.0%} of paired statements, "
              f"right {'-' if acc is None else f'{acc:.3f}'}")
    print("  stance confusions:", ", ".join(f"{c} ({n})" for c, n in res["stance_confusions"]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=["dev", "train", "both"], default="both")
    args = ap.parse_args()
    for which in (["dev", "train"] if args.set == "both" else [args.set]):
        report(evaluate(which=which))
    return 0


if __name__ == "__main__":
    sys.exit(main())
