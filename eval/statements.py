#!/usr/bin/env python3
"""Statement precision on the committed hand check of predicted statements (eval/annotations/statement_check.tsv;
guidelines in eval/annotations/guidelines_statements.md; drawn by scripts/statement_check.py).

    python eval/statements.py [--check] [--verbose]

The hand check is 608 statements newsledger predicted on the 50 articles of the events hand check (crime,
disasters and politics from ../shared/data/news; never trained on): 300 drawn from the output of one model,
then every statement of later models that matched none of them (eval/annotations/README.md), each labelled by
two annotators (is it a statement? is its speaker right?) and adjudicated. This script runs newsledger on
those articles again and matches each predicted statement to a labelled one: the same article, the same
speaker offsets resolved to an actor of the same name, overlapping cues and contents that overlap by at least
half of the shorter. Precision = matched statements labelled "a statement with the right speaker" / matched
statements. Statements that match no labelled item are counted (coverage): when a changed model makes many
new ones, the check needs a new round (scripts/statement_check.py draw --rest).
With --check, fails below the "statements" floors of eval/floors.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from typing import Any

from _common import ROOT, gate, predict, shared

CHECK = ROOT / "eval" / "annotations" / "statement_check.tsv"


def spans(field: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (p.split("-") for p in field.split(";") if p)]


def overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def length(a: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in a)


def same(pred: dict[str, Any], item: dict[str, str]) -> bool:
    """Whether a predicted statement is the labelled one (see the module docstring)."""
    if pred["speaker"] != item["speaker"] or pred["actor"] != item["actor"]:
        return False
    pc, ic = spans(pred["cue"]), spans(item["cue"])
    if (pc or ic) and overlap(pc, ic) == 0:
        return False
    pt, it = spans(pred["content"]), spans(item["content"])
    if not pt or not it:
        return pt == it
    return overlap(pt, it) * 2 >= min(length(pt), length(it))


def span_field(d: dict[str, Any] | None) -> str:
    """A contract span (``[s, e]`` or pieces ``[[s, e], ...]``) as the check's offsets field ``s-e;s-e``."""
    if not d:
        return ""
    span = d["span"]
    pairs = span if isinstance(span[0], list) else [span]
    return ";".join(f"{s}-{e}" for s, e in pairs)


def statement_row(att: dict[str, Any], names: dict[str, str]) -> dict[str, str]:
    """A predicted statement of the contract as the check's fields: offsets and the resolved speaker's name
    (``names``: actor id -> name)."""
    sp = att.get("speaker") or {}
    return {"speaker": span_field(sp), "cue": span_field(att.get("cue")), "content": span_field(att.get("content")),
            "actor": names.get(sp.get("actor_id") or "", "")}


def evaluate(verbose: bool = False) -> dict[str, float]:
    items = list(csv.DictReader(CHECK.open(encoding="utf-8"), delimiter="\t"))
    by_article: dict[str, list[dict[str, str]]] = {}
    for it in items:
        by_article.setdefault(it["article"], []).append(it)
    articles = [json.loads(x)["article"] for x in (ROOT / "eval" / "annotations" / "news_events_eval.jsonl")
                .read_text(encoding="utf-8").splitlines() if x.strip() and json.loads(x)["type"] == "article"]
    wanted = set(articles) | set(by_article)
    news: dict[str, dict[str, Any]] = {}
    for name in ("wikinews_2019_2020.jsonl", "bbc_2004_2005.jsonl"):
        for line in shared("data", "news", name).read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            if d["id"] in wanted:
                news[d["id"]] = d
    articles += sorted(set(by_article) - set(articles))
    records = [{"id": a, "text": news[a]["text"], "title": news[a].get("title")} for a in articles if a in news]
    preds, _ = predict(records, "statements.pred.jsonl")
    counts: Counter[str] = Counter()
    wrong: list[str] = []
    for lg in preds:
        aid = lg["article"]["external_id"]
        names = {x["id"]: x["name"] for x in lg.get("actors", [])}
        for a in lg["attributions"]:
            row = statement_row(a, names)
            counts["predicted"] += 1
            hit = next((it for it in by_article.get(aid, []) if same(row, it)), None)
            if hit is None:
                continue
            counts["matched"] += 1
            counts["statement"] += hit["statement"] == "yes"
            ok = hit["statement"] == "yes" and hit["speaker_ok"] == "right"
            counts["right"] += ok
            if not ok and verbose:
                wrong.append(f"  {hit['item']} {hit['statement']}/{hit['speaker_ok']}: "
                             f"{(a.get('speaker') or {}).get('text')} | {(a.get('cue') or {}).get('text')} | "
                             f"{((a.get('content') or {}).get('text') or '')[:70]}")
    matched = max(1, counts["matched"])
    figures = {"precision": counts["right"] / matched, "statement_precision": counts["statement"] / matched,
               "coverage": counts["matched"] / max(1, counts["predicted"])}
    print(f"hand check of statements: {len(items)} labelled, {counts['predicted']} predicted in "
          f"{len(records)} articles, {counts['matched']} matched (coverage {figures['coverage']:.3f})")
    print(f"  statements with the right speaker: {figures['precision']:.3f}; statements (any speaker): "
          f"{figures['statement_precision']:.3f}")
    for line in wrong:
        print(line)
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail below the floors in eval/floors.json")
    ap.add_argument("--verbose", action="store_true", help="list the matched statements labelled wrong")
    args = ap.parse_args()
    figures = evaluate(args.verbose)
    return gate("statements", figures) if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
