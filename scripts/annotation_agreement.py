#!/usr/bin/env python3
"""Agreement of two annotators (Cohen's kappa per field, raw agreement) and, optionally, each annotator's
accuracy against a development annotation.

    python scripts/annotation_agreement.py A1.tsv ... --b B1.tsv ... [--disagreements OUT.tsv]
    python scripts/annotation_agreement.py A.tsv --b B.tsv --items ITEMS.tsv --gold eval/annotations/X.tsv \
        [--adjudicated ADJ.tsv]

Each file: item_id, stance, evidence, evidence_cue (tab-separated, as the guidelines ask). Items in only one
file are reported and left out.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

FIELDS = ("stance", "evidence")


def read(paths: list[Path]) -> dict[str, tuple[str, str, str]]:
    out = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            cells = [*line.split("\t"), "", "", ""][:4]
            out[cells[0].strip()] = (cells[1].strip(), cells[2].strip(), cells[3].strip())
    return out


def kappa(a: list[str], b: list[str]) -> float:
    n = len(a)
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def agreement(a: dict[str, tuple[str, str, str]], b: dict[str, tuple[str, str, str]]) -> dict[str, float]:
    items = sorted(set(a) & set(b))
    out: dict[str, float] = {"items": float(len(items))}
    for k, name in enumerate(FIELDS):
        xa, xb = [a[i][k] for i in items], [b[i][k] for i in items]
        out[f"{name}_kappa"] = kappa(xa, xb)
        out[f"{name}_agreement"] = sum(x == y for x, y in zip(xa, xb, strict=True)) / len(items)
    return out


def f1(gold: list[str], pred: list[str]) -> float:
    """Micro F1 over labels other than "none" (as ../shared/eval/score_stance_evidence.py counts evidence)."""
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g != "none" and g == p)
    n_p, n_g = sum(p != "none" for p in pred), sum(g != "none" for g in gold)
    p, r = (tp / n_p if n_p else 0.0), (tp / n_g if n_g else 0.0)
    return 2 * p * r / (p + r) if p + r else 0.0


def against_gold(items: Path, gold: Path, annotators: dict[str, dict[str, tuple[str, str, str]]]) -> None:
    offsets = {}
    for line in items.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        offsets[tuple(cells[1:6])] = cells[0]
    labels = {}
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cells = line.split("\t")
            labels[offsets[tuple(cells[:5])]] = (cells[5], cells[6])
    for name, ann in annotators.items():
        ids = sorted(set(labels) & set(ann))
        acc = sum(ann[i][0] == labels[i][0] for i in ids) / len(ids)
        ev = f1([labels[i][1] for i in ids], [ann[i][1] for i in ids])
        print(f"annotator {name} against {gold.name} ({len(ids)} items): stance accuracy {acc:.3f}, "
              f"evidence F1 {ev:.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a", type=Path, nargs="+")
    ap.add_argument("--b", type=Path, nargs="+", required=True)
    ap.add_argument("--disagreements", type=Path)
    ap.add_argument("--items", type=Path, help="item id -> offsets (scripts/annotation_batches.py)")
    ap.add_argument("--gold", type=Path, help="a development annotation to score each annotator against")
    ap.add_argument("--adjudicated", type=Path, help="the adjudications: the merged labels are scored too")
    args = ap.parse_args()
    a, b = read(args.a), read(args.b)
    only = set(a) ^ set(b)
    if only:
        print(f"{len(only)} items labelled by one annotator only (left out)")
    res = agreement(a, b)
    print(f"{int(res['items'])} items: stance kappa {res['stance_kappa']:.3f} (agreement "
          f"{res['stance_agreement']:.3f}), evidence kappa {res['evidence_kappa']:.3f} (agreement "
          f"{res['evidence_agreement']:.3f})")
    if args.items and args.gold:
        who = {"A": a, "B": b}
        if args.adjudicated:
            adj = read([args.adjudicated])
            who["adjudicated"] = {i: a[i] if a[i][:2] == b[i][:2] else adj[i] for i in set(a) & set(b)
                                  if a[i][:2] == b[i][:2] or i in adj}
        against_gold(args.items, args.gold, who)
    if args.disagreements:
        with args.disagreements.open("w", encoding="utf-8") as f:
            for i in sorted(set(a) & set(b)):
                if a[i][:2] != b[i][:2]:
                    f.write("\t".join((i, *a[i], *b[i])) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
