#!/usr/bin/env python3
"""Merge two annotators' labels and the adjudication into the committed annotation (offsets, no text).

    python scripts/annotation_merge.py ITEMS.tsv --a A1.tsv ... --b B1.tsv ... [--adjudicated ADJ.tsv] OUT.tsv

ITEMS.tsv is written by scripts/annotation_batches.py (item id, article id, cue and content offsets). A label
is the two annotators' when they agree, else the adjudicator's (an item with neither is left out and counted).
The evidence cue the annotators copied is stored as character offsets into the article: its occurrence nearest
to the statement's cue (empty when the evidence is "none" or the words are not found).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from annotation_agreement import read  # noqa: E402

CORPORA = ("train.jsonl", "dev.jsonl")


def find_near(text: str, words: str, anchor: int) -> tuple[int, int] | None:
    if not words:
        return None
    best, pos = None, text.find(words)
    while pos >= 0:
        if best is None or abs(pos - anchor) < abs(best - anchor):
            best = pos
        pos = text.find(words, pos + 1)
    return (best, best + len(words)) if best is not None else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("items", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--a", type=Path, nargs="+", required=True)
    ap.add_argument("--b", type=Path, nargs="+", required=True)
    ap.add_argument("--adjudicated", type=Path)
    ap.add_argument("--header", default="")
    args = ap.parse_args()
    a, b = read(args.a), read(args.b)
    adj = read([args.adjudicated]) if args.adjudicated else {}
    items = [line.split("\t") for line in args.items.read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = {r[1] for r in items}
    texts = {}
    for corpus in CORPORA:
        for line in (ROOT.parent / "shared" / "data" / "polnear" / corpus).open(encoding="utf-8"):
            d = json.loads(line)
            if d["id"] in wanted:
                texts[d["id"]] = d["text"]
    rows, missing, unfound = [], 0, 0
    for item, aid, cs, ce, ts, te in items:
        if item in a and item in b and a[item][:2] == b[item][:2]:
            label = a[item]
        elif item in adj:
            label = adj[item]
        else:
            missing += 1
            continue
        stance, evidence, cue = label
        span = find_near(texts[aid], cue, int(cs)) if evidence != "none" else None
        if evidence != "none" and cue and span is None:
            unfound += 1
        rows.append("\t".join((aid, cs, ce, ts, te, stance, evidence,
                               f"{span[0]}-{span[1]}" if span else "")))
    with args.out.open("w", encoding="utf-8") as f:
        if args.header:
            f.write(args.header.rstrip("\n") + "\n")
        f.write("# article_id\tcue_start\tcue_end\tcontent_start\tcontent_end\tstance\tevidence\tevidence_cue\n")
        f.write("\n".join(rows) + "\n")
    print(f"{len(rows)} statements -> {args.out} ({missing} without a label, {unfound} evidence cues not found)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
