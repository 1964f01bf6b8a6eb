#!/usr/bin/env python3
"""Make the annotators' batches for the stance and evidence training annotation
(eval/annotations/guidelines_stance_evidence.md) from PolNeAR train, outside the repository (the texts belong to
their publishers and are never committed).

    python scripts/annotation_batches.py OUT_DIR [--statements 2100] [--batches 4] [--seed 20]
    python scripts/annotation_batches.py OUT_DIR --existing dev|train


Articles are drawn at random (fixed seed) from PolNeAR train after its first 30 lines, which the development
annotation `eval/annotations/polnear_train_stance_evidence.tsv` holds and which must stay out of training.
Every attribution with a cue and a content in a drawn article is an item. With ``--existing``, the items are
instead those of one development annotation (eval/annotations/polnear_{dev,train}_stance_evidence.tsv), so
that the annotators' agreement with it can be measured (batch_<set>.md, items_<set>.tsv). Writes, in OUT_DIR:
  batch_<k>.md   the articles of batch k, each followed by its statements (item id, source, cue, content)
  items.tsv      item_id, article_id, cue_start, cue_end, content_start, content_end (the first spans)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train.jsonl"
DEV_ARTICLES = 30  # the first lines of train.jsonl: the development annotation's articles
MAX_STATEMENTS = 45  # longer articles are skipped, so that a batch holds many publishers and topics
MAX_SHOWN = 500  # characters of a piece shown in the statement list (the article text has all of it)


def pieces(text: str, spans: list[list[int]]) -> str:
    out = " … ".join(text[s:e] for s, e in spans)
    return out if len(out) <= MAX_SHOWN else out[:MAX_SHOWN] + " …[cut; see the article]"


def statements(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for a in doc["attributions"] if a["cue"] and a["content"]]


def existing(out: Path, which: str) -> int:
    ann = ROOT / "eval" / "annotations" / f"polnear_{which}_stance_evidence.tsv"
    keys = {tuple(line.split("\t")[:5]) for line in ann.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}
    corpus = TRAIN.with_name(f"{which}.jsonl")
    out.mkdir(parents=True, exist_ok=True)
    parts, rows = [], []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        text = d["text"]
        items = [a for a in statements(d) if (d["id"], *map(str, a["cue"][0]), *map(str, a["content"][0])) in keys]
        if not items:
            continue
        lines = [f"=== ARTICLE {d['id']} ===", f"TITLE: {d.get('title') or ''}", "TEXT:", text, "", "STATEMENTS:"]
        for a in items:
            item = f"{which[0]}{len(rows) + 1:04d}"
            rows.append((item, d["id"], *a["cue"][0], *a["content"][0]))
            lines.append(f"[{item}] SOURCE: «{pieces(text, a['source'])}» | CUE: «{pieces(text, a['cue'])}» | "
                         f"CONTENT: «{pieces(text, a['content'])}»")
        parts.append("\n".join(lines) + "\n")
    (out / f"batch_{which}.md").write_text("\n".join(parts), encoding="utf-8")
    with (out / f"items_{which}.tsv").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write("\t".join(map(str, r)) + "\n")
    print(f"{len(rows)} of {len(keys)} annotated statements -> {out}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--statements", type=int, default=2100)
    ap.add_argument("--batches", type=int, default=4)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--existing", choices=["dev", "train"], default=None)
    ap.add_argument("--skip", type=Path, nargs="*", default=[], help="items.tsv files of earlier rounds: their "
                    "articles are not drawn again")
    ap.add_argument("--prefix", default="p", help="item ids are PREFIX0001, ... (one prefix per round)")
    args = ap.parse_args()
    if args.existing:
        return existing(args.out, args.existing)
    docs = [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]
    done = {line.split("\t")[1] for path in args.skip for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()}
    pool = [d for d in docs[DEV_ARTICLES:] if 0 < len(statements(d)) <= MAX_STATEMENTS and d["id"] not in done]
    random.Random(args.seed).shuffle(pool)
    chosen, total = [], 0
    for d in pool:
        if total >= args.statements:
            break
        chosen.append(d)
        total += len(statements(d))
    args.out.mkdir(parents=True, exist_ok=True)
    per_batch = total / args.batches
    rows, n, batch, done = [], 0, 0, 0
    files: list[list[str]] = [[] for _ in range(args.batches)]
    for d in chosen:
        text = d["text"]
        lines = [f"=== ARTICLE {d['id']} ===", f"TITLE: {d.get('title') or ''}", "TEXT:", text, "", "STATEMENTS:"]
        for a in statements(d):
            n += 1
            item = f"{args.prefix}{n:04d}"
            rows.append((item, d["id"], *a["cue"][0], *a["content"][0]))
            lines.append(f"[{item}] SOURCE: «{pieces(text, a['source'])}» | CUE: «{pieces(text, a['cue'])}» | "
                         f"CONTENT: «{pieces(text, a['content'])}»")
        files[batch].append("\n".join(lines) + "\n")
        done += len(statements(d))
        if done >= per_batch * (batch + 1) and batch < args.batches - 1:
            batch += 1
    tag = "" if args.prefix == "p" else args.prefix
    for k, parts in enumerate(files, 1):
        (args.out / f"batch_{tag}{k}.md").write_text("\n".join(parts), encoding="utf-8")
    with (args.out / f"items{tag and '_' + tag}.tsv").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write("\t".join(map(str, r)) + "\n")
    print(f"{len(rows)} statements in {len(chosen)} articles, {args.batches} batches -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
