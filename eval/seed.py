#!/usr/bin/env python3
"""The main job on the seed article (../shared/data/seed/kremlin-drone.gold.json): how many of its gold
attributions newsledger finds with the right speaker actor, stance and evidence status, and whether the
evidence cues "did not offer proof" and "unconfirmed video" are reported.

    python eval/seed.py [--verbose] [--check]

Matching. Gold and predicted attributions are paired exactly as ../shared/eval/score_attributions.py pairs
them (greedy on content overlap, then cue overlap); a gold attribution is *found* when its pair's content
overlaps it (Jaccard >= 0.5 on characters, as the scorer's detection), and *right* when, in addition:
- speaker actor: the predicted speaker's actor code equals the gold code (e.g. RUSGOV). A country that
  speaks ("Russia claimed", "The US claims") is its government: a bare country code (RUS) matches the
  gold code of that country's government (RUSGOV). Nothing else is relaxed: a person coded only RUS does
  not match RUSGOV.
- stance and evidence status: equal to the gold labels.
An evidence cue is *reported* when some predicted attribution lists an evidence cue that overlaps the gold
span ("did not offer proof": inside the gold cue "He did not offer proof to support his claim"; "unconfirmed
video": the gold evidence item "An unconfirmed video").
``--check`` exits 1 below 19 right attributions or when either cue is missing (the issue's target).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from _common import predict, scorer, shared

TARGET_RIGHT = 19


def actor_matches(pred_code: str | None, pred_type: str | None, gold_code: str) -> bool:
    if pred_code == gold_code:
        return True
    # a country speaking is its government
    return bool(pred_code and pred_type == "GPE" and len(pred_code) == 3 and gold_code == pred_code + "GOV")


def evaluate(verbose: bool = False) -> dict[str, Any]:
    """Right and found gold attributions, and which evidence cues are reported."""
    gold: dict[str, Any] = json.loads(shared("data", "seed", "kremlin-drone.gold.json").read_text("utf-8"))
    text = shared("data", "seed", "kremlin-drone.txt").read_text("utf-8")
    record = {"id": "kremlin-drone", "text": text, "published": gold["article"]["published"]}
    pred = predict([record], "seed.ledger.jsonl")[0][0]
    sa = scorer("score_attributions")
    gatts = gold["attributions"]
    gold_parts = [sa.parts_gold(text, {"source": [a["speaker"]["span"]] if a["speaker"] else [],
                                       "cue": [a["cue"]["span"]], "content": [a["content"]["span"]]})
                  for a in gatts]
    patts = pred["attributions"]
    pred_parts = [sa.parts_pred(text, a) for a in patts]
    actors = {a["id"]: a for a in pred["actors"]}
    pairs = dict(sa.pair(gold_parts, pred_parts))
    found = right = 0
    for i, g in enumerate(gatts):
        j = pairs.get(i)
        ok_found = j is not None and sa.jaccard(gold_parts[i]["content"], pred_parts[j]["content"]) >= 0.5
        verdict = "missed"
        if ok_found and j is not None:
            found += 1
            p = patts[j]
            actor = actors.get((p.get("speaker") or {}).get("actor_id") or "")
            code, type_ = (actor or {}).get("code"), (actor or {}).get("type")
            checks = {"actor": actor_matches(code, type_, g["speaker_actor"]),
                      "stance": p["stance"] == g["stance"], "evidence": p["evidence"] == g["evidence"]}
            if all(checks.values()):
                right += 1
                verdict = "right"
            else:
                verdict = "wrong " + ", ".join(
                    f"{k} ({dict(actor=code, stance=p['stance'], evidence=p['evidence'])[k]} for "
                    f"{dict(actor=g['speaker_actor'], stance=g['stance'], evidence=g['evidence'])[k]})"
                    for k, ok in checks.items() if not ok)
        if verbose:
            print(f"{i + 1:>2} cue {g['cue']['text']!r:<16} {verdict}")
    pred_cues = [c["span"] for a in patts for c in a.get("evidence_cues", [])]
    wanted = {"did not offer proof": next(c["span"] for a in gatts for c in a["evidence_cues"]
                                          if "did not offer proof" in c["text"]),
              "unconfirmed video": next(e["span"] for e in gold["evidence_items"] if "unconfirmed" in e["text"])}
    reported = {k: any(s < ge and gs < e for s, e in pred_cues) for k, (gs, ge) in wanted.items()}
    return {"right": right, "found": found, "gold": len(gatts), "reported": reported}


def report(res: dict[str, Any]) -> None:
    print(f"seed: {res['right']} of {res['gold']} gold attributions right (speaker actor, stance, evidence); "
          f"{res['found']} found; evidence cues: " + ", ".join(
              f"{k!r} {'reported' if ok else 'MISSING'}" for k, ok in res["reported"].items()))


def passes(res: dict[str, Any]) -> bool:
    return bool(res["right"] >= TARGET_RIGHT and all(res["reported"].values()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--verbose", action="store_true", help="print each gold attribution and its match")
    ap.add_argument("--check", action="store_true", help=f"fail below {TARGET_RIGHT} right or a missing cue")
    args = ap.parse_args()
    res = evaluate(args.verbose)
    report(res)
    return 1 if args.check and not passes(res) else 0


if __name__ == "__main__":
    sys.exit(main())
