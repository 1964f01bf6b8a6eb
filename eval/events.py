#!/usr/bin/env python3
"""Event coding accuracy from raw sentences, scored by ../shared/eval/score_events.py.

    python eval/events.py [--data zsp|gsr|petr2|all] [--limit N] [--check]

With --check, also scores the seed article's events (eval/seed_events.py) and fails below any "events" floor
in eval/floors.json of the sets it ran.

zsp   ../shared/data/events/zsp_plv_test_dev_half.jsonl (the target set)
gsr   ../shared/data/events/plover_gsr.jsonl
petr2 ../shared/data/events/up_petr2_gsr_validation.jsonl

newsledger codes PLOVER roots as in the PLOVER manual (draft 0.8, 2021): 16 roots, CONCEDE and RETREAT apart,
fighting under ASSAULT. The gold sets were coded with other PLOVER versions, so predictions are mapped to
each set's vocabulary before scoring, by a fixed table (no gold is used):
  zsp   CONCEDE, RETREAT -> YIELD (the set merges them)
  gsr   PLOVER 0.5b1 names: REQUEST -> DEMAND; ACCUSE -> DISAPPROVE (CAMEO 11x) or INVESTIGATE (09x);
        ASSAULT -> FIGHT for CAMEO 19x
  petr2 unchanged (CAMEO2PLOVER-2021, as newsledger)
  seed  (eval/seed_events.py) the seed annotation's names: ASSAULT -> FIGHT for CAMEO 19x, ACCUSE -> INVESTIGATE
        for 09x (it keeps ACCUSE for 11x)
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from _common import check_floors, predict, read_jsonl, scorer, shared

SETS = {"zsp": "zsp_plv_test_dev_half.jsonl", "gsr": "plover_gsr.jsonl", "petr2": "up_petr2_gsr_validation.jsonl"}


def to_vocabulary(name: str, plover: str, cameo: str | None) -> str:
    cameo = cameo or ""
    if name == "zsp" and plover in {"CONCEDE", "RETREAT"}:
        return "YIELD"
    if name == "seed":
        if plover == "ASSAULT" and cameo.startswith("19"):
            return "FIGHT"
        if plover == "ACCUSE" and cameo.startswith("09"):
            return "INVESTIGATE"
    if name == "gsr":
        if plover == "REQUEST":
            return "DEMAND"
        if plover == "ACCUSE":
            return "INVESTIGATE" if cameo.startswith("09") else "DISAPPROVE"
        if plover == "ASSAULT" and cameo.startswith("19"):
            return "FIGHT"
    return plover


def remap(name: str, preds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for p in preds:
        for e in p.get("events", []):
            e["plover"] = to_vocabulary(name, e["plover"], e.get("cameo"))
    return preds


def run(name: str, limit: int | None) -> dict[str, Any]:
    gold = read_jsonl(shared("data", "events", SETS[name]), limit)
    preds, seconds = predict(gold, f"events-{name}.pred.jsonl")
    res: dict[str, Any] = scorer("score_events").score(gold, remap(name, preds))
    print(f"{name}: sentences {res['sentences']}  accuracy {res['accuracy']:.3f}  macro-F1 {res['macro_f1']:.3f}  "
          f"no-event {res['no_event_rate']:.3f}  source-actor {res['source_actor_overlap']:.3f}  ({seconds:.1f} s)")
    if name == "zsp":  # the dev half holds the PLV_test sentences re-used from the GSR; the held-out half none
        gsr = {r["text"] for r in read_jsonl(shared("data", "events", SETS["gsr"]))}
        for part, keep in (("news part", False), ("GSR part", True)):
            idx = [k for k, g in enumerate(gold) if (g["text"] in gsr) == keep]
            sub = scorer("score_events").score([gold[k] for k in idx], [preds[k] for k in idx])
            print(f"   {part}: sentences {sub['sentences']}  macro-F1 {sub['macro_f1']:.3f}  "
                  f"source-actor {sub['source_actor_overlap']:.3f}")
    print("   per root: " + ", ".join(f"{k} {v:.2f}" for k, v in res["per_root_f1"].items()))
    print("   top confusions: " + ", ".join(f"{c} ({n})" for c, n in res["confusions"]))
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", choices=[*SETS, "all"], default="zsp")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--check", action="store_true", help="fail below the floors in eval/floors.json")
    args = ap.parse_args()
    names = list(SETS) if args.data == "all" else [args.data]
    figures: dict[str, float] = {}
    for name in names:
        res = run(name, args.limit)
        figures[f"{name}_macro_f1"] = res["macro_f1"]
        figures[f"{name}_source_actor"] = res["source_actor_overlap"]
    if args.check:
        import seed_events

        figures.update(seed_events.run())
        names.append("seed")
        failed = [f for f in check_floors("events", figures) if f.split("_")[0] in names]
        for f in failed:
            print("BELOW FLOOR:", f)
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
