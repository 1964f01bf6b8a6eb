#!/usr/bin/env python3
"""The events of the seed article (../shared/data/seed/kremlin-drone.gold.json, 11 hand-annotated events).

    python eval/seed_events.py [--check] [--verbose]

A gold event is found when a predicted trigger overlaps its trigger span. For each found event: is the PLOVER
root right (mapped to the seed annotation's names by the fixed table in eval/events.py), is the
modality right. And the incident itself: the drone strike must be dated 2023-05-03 and placed in Moscow with
coordinates. With --check, fails below the "events" floors named seed_* in eval/floors.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from _common import gate, shared
from events import to_vocabulary


def overlaps(a: list[int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(gold: dict[str, Any], ledger: Any, verbose: bool = False) -> dict[str, float]:
    found = root_ok = modality_ok = 0
    strike_date = strike_place = 0.0
    for g in gold["events"]:
        span = g["trigger"]["span"]
        preds = [e for e in ledger.events if overlaps(span, (e.trigger.start, e.trigger.end))]
        if not preds:
            if verbose:
                print(f"  MISSED {g['trigger']['text']!r} {g['plover']} {g['modality']}")
            continue
        found += 1
        gold_root = g["plover"]
        p = next((e for e in preds if to_vocabulary("seed", e.plover, e.cameo) == gold_root), preds[0])
        root = to_vocabulary("seed", p.plover, p.cameo)
        root_ok += root == gold_root
        modality_ok += p.modality == g["modality"]
        if verbose:
            print(f"  {g['trigger']['text']!r}: root {root} (gold {gold_root}), modality {p.modality} "
                  f"(gold {g['modality']}), time {p.time and p.time.value}, place {p.place and p.place.name}")
        if g["trigger"]["text"] == "drone strike":
            strike_date = float(p.time is not None and p.time.value == g["time"]["value"])
            strike_place = float(p.place is not None and p.place.name == g["place"]["name"] and
                                 p.place.country == g["place"]["country"] and p.place.lat is not None)
    n = len(gold["events"])
    return {"seed_found": found / n, "seed_root": root_ok / n, "seed_modality": modality_ok / n,
            "seed_strike_date": strike_date, "seed_strike_place": strike_place}


def run(verbose: bool = False) -> dict[str, float]:
    import newsledger

    gold = json.loads(shared("data", "seed", "kremlin-drone.gold.json").read_text(encoding="utf-8"))
    text = shared("data", "seed", "kremlin-drone.txt").read_text(encoding="utf-8")
    ledger = newsledger.analyze(text, published=gold["article"]["published"])
    res = score(gold, ledger, verbose)
    print("seed events: " + ", ".join(f"{k[5:]} {v:.3f}" for k, v in res.items()) +
          f"  ({len(ledger.events)} predicted, {len(gold['events'])} gold)")
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    res = run(args.verbose)
    return gate("events", res, prefix="seed_") if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
