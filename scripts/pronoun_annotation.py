#!/usr/bin/env python3
"""Training data for resolving pronoun speakers ("he said"): whom the pronoun refers to, marked by two annotators
(eval/annotations/guidelines_pronouns.md). Texts stay outside the repository.

    python scripts/pronoun_annotation.py draw OUT_DIR [--n 250] [--batch 125]
    python scripts/pronoun_annotation.py agree OUT_DIR        # A against B: agreement and Cohen's kappa
    python scripts/pronoun_annotation.py disputes OUT_DIR     # the items they disagree on
    python scripts/pronoun_annotation.py final OUT_DIR        # -> eval/annotations/pronoun_referents.tsv

``draw`` runs newsledger on articles of ../shared/data/news (700-3,500 characters, fixed seed, never one of the
50 hand-checked articles of eval/annotations/news_events_eval.jsonl) and takes every statement whose speaker
is a personal pronoun, until it has ``--n``. Items show the article up to the end of the pronoun's sentence with
the pronoun marked [[...]]; what newsledger resolved it to is not shown. Annotators write labels_<A|B>_<k>.tsv:
``item<TAB>referent<TAB>note``. ``final`` keeps offsets only: the pronoun, and the mention the referent's name
was copied from (its last occurrence before the pronoun); ``NONE`` and ``PLURAL`` items keep their label.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
FINAL = ROOT / "eval" / "annotations" / "pronoun_referents.tsv"
SEED = 17
PRONOUNS = {"he", "she", "they", "it"}
SHOWN = 2500  # characters of the article shown before the pronoun


def draw(args: argparse.Namespace) -> None:
    from statement_check import annotated, news

    from newsledger import Article, analyze_articles

    corpus = news()
    held = set(annotated("eval"))
    pool = sorted(i for i, d in corpus.items() if i not in held and 700 <= len(d["text"]) <= 3500)
    random.Random(SEED).shuffle(pool)
    items: list[tuple[str, int, int]] = []
    pos = 0
    while len(items) < args.n and pos < len(pool):
        ids = pool[pos:pos + 20]
        pos += 20
        arts = [Article(text=corpus[i]["text"], external_id=i) for i in ids]
        for lg in analyze_articles(arts):
            seen = set()
            for a in lg.attributions:
                sp = a.speaker
                if sp is None or sp.text.lower() not in PRONOUNS or (sp.start, sp.end) in seen:
                    continue
                seen.add((sp.start, sp.end))
                items.append((lg.article.external_id or "", sp.start, sp.end))
    items = items[:args.n]
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    with (out / "items.tsv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        for k, (aid, s, e) in enumerate(items, start=1):
            w.writerow([f"p{k:03d}", aid, s, e])
    for b in range(0, len(items), args.batch):
        lines = []
        for k in range(b, min(len(items), b + args.batch)):
            aid, s, e = items[k]
            text = corpus[aid]["text"]
            stop = min((i for i in (text.find(". ", e), text.find("\n", e)) if i >= 0), default=len(text))
            lines += [f"## p{k + 1:03d}", "", shown(text, s, e, stop), ""]
        (out / f"batch_{b // args.batch + 1}.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(items)} pronoun speakers from {pos} articles -> {out}")


def shown(text: str, s: int, e: int, stop: int) -> str:
    """The article up to the end of the pronoun's sentence, the pronoun marked; at most :data:`SHOWN` characters
    before it (from a paragraph start)."""
    start = 0
    if s > SHOWN:
        start = text.find("\n", s - SHOWN) + 1 or s - SHOWN
    return ("[...] " if start else "") + text[start:s] + "[[" + text[s:e] + "]]" + text[e:stop + 1]


def labels(folder: Path, who: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(folder.glob(f"labels_{who}_*.tsv")):
        for row in csv.reader(path.open(encoding="utf-8"), delimiter="\t"):
            if row and row[0].strip().startswith("p") and len(row) >= 2:
                out[row[0].strip()] = row[1].strip()
    return out


def items(folder: Path) -> dict[str, tuple[str, int, int]]:
    rows = csv.reader((folder / "items.tsv").open(encoding="utf-8"), delimiter="\t")
    return {r[0]: (r[1], int(r[2]), int(r[3])) for r in rows}


def mention(text: str, name: str, before: int) -> tuple[int, int] | None:
    """Where the copied name occurs last before the pronoun."""
    at = text.rfind(name, 0, before)
    return (at, at + len(name)) if at >= 0 else None


def referent(text: str, label: str, before: int) -> str:
    """What a label refers to, comparable between annotators: NONE, PLURAL, or the mention's last word (the
    surname or head noun), lower case."""
    if label.upper() in {"NONE", ""}:
        return "NONE"
    if label.upper().startswith("PLURAL"):
        return "PLURAL"
    words = label.replace("’s", "").replace("'s", "").split()
    return words[-1].lower().strip(".,") if words else "NONE"


def agree(args: argparse.Namespace) -> None:
    from annotation_agreement import kappa
    from statement_check import news

    corpus = news()
    its = items(args.out)
    a, b = labels(args.out, "A"), labels(args.out, "B")
    both = sorted(set(a) & set(b))
    x = [referent(corpus[its[i][0]]["text"], a[i], its[i][1]) for i in both]
    y = [referent(corpus[its[i][0]]["text"], b[i], its[i][1]) for i in both]
    same = sum(p == q for p, q in zip(x, y, strict=True)) / max(1, len(both))
    print(f"{len(both)} items labelled by both (A {len(a)}, B {len(b)}); the same referent {same:.3f}, "
          f"Cohen's kappa {kappa(x, y):.3f}; NONE: A {x.count('NONE')}, B {y.count('NONE')}")


def disputes(args: argparse.Namespace) -> None:
    from statement_check import news

    corpus = news()
    its = items(args.out)
    a, b = labels(args.out, "A"), labels(args.out, "B")
    lines = []
    for i in sorted(set(a) & set(b)):
        aid, s, e = its[i]
        text = corpus[aid]["text"]
        if referent(text, a[i], s) != referent(text, b[i], s):
            stop = min((k for k in (text.find(". ", e), text.find("\n", e)) if k >= 0), default=len(text))
            lines += [f"## {i}", "", shown(text, s, e, stop), "",
                      f"Annotator 1: {a[i]}", f"Annotator 2: {b[i]}", ""]
    (args.out / "disputes.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"{sum(1 for x in lines if x.startswith('## '))} disputed items -> {args.out / 'disputes.md'}")


def final(args: argparse.Namespace) -> None:
    from statement_check import news

    corpus = news()
    its = items(args.out)
    a, b, adj = labels(args.out, "A"), labels(args.out, "B"), labels(args.out, "ADJ")
    kept = missing = 0
    with FINAL.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["item", "article", "pronoun", "referent", "label"])
        for i, (aid, s, e) in its.items():
            text = corpus[aid]["text"]
            if i not in a or i not in b:
                missing += 1
                continue
            label = a[i] if referent(text, a[i], s) == referent(text, b[i], s) else adj.get(i)
            if label is None:
                missing += 1
                continue
            kind = referent(text, label, s)
            where = mention(text, label, s) if kind not in {"NONE", "PLURAL"} else None
            if kind not in {"NONE", "PLURAL"} and where is None:
                missing += 1
                continue
            w.writerow([i, aid, f"{s}-{e}", f"{where[0]}-{where[1]}" if where else "",
                        kind if kind in {"NONE", "PLURAL"} else "named"])
            kept += 1
    print(f"wrote {FINAL}: {kept} items; {missing} without a usable final label")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=("draw", "agree", "disputes", "final"))
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=250)
    ap.add_argument("--batch", type=int, default=125)
    args = ap.parse_args()
    {"draw": draw, "agree": agree, "disputes": disputes, "final": final}[args.cmd](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
