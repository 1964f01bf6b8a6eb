#!/usr/bin/env python3
"""Training data for the statement head from news: every statement of news articles marked by two annotators
who never see newsledger's output (eval/annotations/guidelines_news_statements.md). Texts stay outside the
repository.

    python scripts/statement_annotation.py batches OUT_DIR [--articles 80] [--skip 0] [--batch 20]
    python scripts/statement_annotation.py agree OUT_DIR      # A against B: statement F1, cue-token kappa
    python scripts/statement_annotation.py disputes OUT_DIR   # statements only one annotator marked
    python scripts/statement_annotation.py final OUT_DIR [--final FILE]  # default: news_statements_train.tsv

Rounds: the first (80 articles) is news_statements_train.tsv; the second (``--skip 80 --articles 80``, the next
80 articles of the same shuffled pool) is news_statements_train2.tsv.

``batches`` draws articles of ../shared/data/news (700-3,500 characters) with a fixed seed, never one of the
hand checks (eval/annotations/news_events_eval.jsonl, which statement_check.tsv also uses), numbers their
sentences with newsledger's parser and writes batch_<k>.md and sentences.tsv (batch, article number, article
id, sentence number, start, end). Annotators write labels_<A|B>_<k>.tsv lines
``article<TAB>sentence<TAB>speaker<TAB>cue<TAB>content`` with the texts copied; ``agree`` and ``final`` find
them in the article (cue in its sentence, speaker and content nearest the cue) and keep offsets only. A
statement both marked (cues overlapping, or contents overlapping by half) is final; one only one of them marked
goes to the adjudicator (labels_ADJ.tsv: ``id<TAB>keep|drop``).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
FINAL = ROOT / "eval" / "annotations" / "news_statements_train.tsv"
SEED = 2021
QUOTES = "\"“”'‘’«»"
Stmt = dict[str, Any]


def batches(args: argparse.Namespace) -> None:
    from statement_check import annotated, news

    from newsledger.nlp import get_nlp

    corpus = news()
    held = set(annotated("eval"))
    pool = sorted(i for i, d in corpus.items() if i not in held and 700 <= len(d["text"]) <= 3500)
    random.Random(SEED).shuffle(pool)
    ids = pool[args.skip:args.skip + args.articles]
    nlp = get_nlp()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    pages: dict[int, list[str]] = {}
    for n, (aid, doc) in enumerate(zip(ids, nlp.pipe([corpus[i]["text"] for i in ids]), strict=True), start=1):
        b = (n - 1) // args.batch + 1
        lines = [f"# Article {n}", ""]
        for k, s in enumerate(doc.sents, start=1):
            if not s.text.strip():
                continue
            rows.append([b, n, aid, k, s.start_char, s.end_char])
            lines.append(f"[{k}] {s.text.strip()}")
        pages.setdefault(b, []).extend([*lines, ""])
    for b, lines in pages.items():
        (out / f"batch_{b}.md").write_text("\n".join(lines), encoding="utf-8")
    with (out / "sentences.tsv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter="\t", lineterminator="\n").writerows(rows)
    print(f"{len(ids)} articles, {len(rows)} sentences, {len(pages)} batches -> {out}")


def _find(text: str, needle: str, near: int, lo: int = 0, hi: int | None = None) -> tuple[int, int] | None:
    """The occurrence of ``needle`` in ``text[lo:hi]`` nearest ``near``; a long needle by its two ends."""
    hi = len(text) if hi is None else hi
    if needle.strip() and all(ch in QUOTES for ch in needle.strip()):  # a quotation's own mark as its cue
        first = next((k for k in range(lo, hi) if text[k] in QUOTES), None)  # the sentence's opening mark
        return (first, first + 1) if first is not None else None
    needle = needle.strip().strip(QUOTES).strip()
    if not needle or needle == "-":
        return None
    hits = []
    k = text.find(needle, lo)
    while 0 <= k < hi:
        hits.append((k, k + len(needle)))
        k = text.find(needle, k + 1)
    if not hits and len(needle) > 40:  # copied with a slip inside: anchor its first and last 20 characters
        a = _find(text, needle[:20], near, lo, hi)
        if a is not None:
            z = text.find(needle[-20:], a[0])
            if 0 <= z - a[0] < 3 * len(needle):
                hits.append((a[0], z + 20))
    return min(hits, key=lambda h: abs(h[0] - near)) if hits else None


def read(folder: Path, who: str) -> list[Stmt]:
    """One annotator's statements with character offsets (those that cannot be found are counted, dropped)."""
    sents: dict[tuple[int, int], tuple[str, int, int]] = {}
    for _, n, aid, k, s, e in csv.reader((folder / "sentences.tsv").open(encoding="utf-8"), delimiter="\t"):
        sents[(int(n), int(k))] = (aid, int(s), int(e))
    from statement_check import news

    corpus = news()
    out: list[Stmt] = []
    lost = 0
    for path in sorted(folder.glob(f"labels_{who}_*.tsv")):
        for row in csv.reader(path.open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 5 or not row[0].strip().isdigit() or not row[1].strip().isdigit():
                continue
            key = (int(row[0]), int(row[1]))
            if key not in sents:
                lost += 1
                continue
            aid, s, e = sents[key]
            text = corpus[aid]["text"]
            cue = _find(text, row[3], s, s, e)
            if cue is None:
                lost += 1
                continue
            content = _find(text, row[4], cue[0], max(0, s - 2000), min(len(text), e + 3000))
            speaker = _find(text, row[2], cue[0], max(0, s - 600), min(len(text), e + 300))
            out.append({"article": aid, "sentence": key[1], "cue": cue, "content": content, "speaker": speaker,
                        "who": who})
    print(f"{who}: {len(out)} statements found in the texts, {lost} not found", file=sys.stderr)
    return out


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _halves(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    """Two contents overlap by at least half of the shorter."""
    return bool(a and b and 2 * _overlap(a, b) >= min(a[1] - a[0], b[1] - b[0]))


def same(a: Stmt, b: Stmt) -> bool:
    if a["article"] != b["article"]:
        return False
    return bool(_overlap(a["cue"], b["cue"])) or _halves(a["content"], b["content"])


def pair(a: list[Stmt], b: list[Stmt]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    used: set[int] = set()
    pairs = []
    for i, x in enumerate(a):
        j = next((j for j, y in enumerate(b) if j not in used and same(x, y)), None)
        if j is not None:
            used.add(j)
            pairs.append((i, j))
    only_a = sorted(set(range(len(a))) - {i for i, _ in pairs})
    only_b = sorted(set(range(len(b))) - used)
    return pairs, only_a, only_b


def agree(args: argparse.Namespace) -> None:
    from annotation_agreement import kappa
    from statement_check import news

    a, b = read(args.out, "A"), read(args.out, "B")
    pairs, _, _ = pair(a, b)
    p, r = len(pairs) / max(1, len(a)), len(pairs) / max(1, len(b))
    print(f"A {len(a)}, B {len(b)}, both {len(pairs)}: statement F1 A-B {2 * p * r / max(1e-9, p + r):.3f}")
    corpus = news()
    ids = sorted({x["article"] for x in a + b})
    ta: list[str] = []
    tb: list[str] = []
    for aid in ids:  # each word of each article: inside a cue or not, per annotator
        text = corpus[aid]["text"]
        words = [(m, m + len(w)) for m, w in _words(text)]
        for side, out in ((a, ta), (b, tb)):
            cues = [x["cue"] for x in side if x["article"] == aid]
            out += [str(any(_overlap(w, c) for c in cues)) for w in words]
    print(f"cue words: Cohen's kappa {kappa(ta, tb):.3f} over {len(ta)} words")
    sp = [(a[i]["speaker"] or (0, 0)) == (b[j]["speaker"] or (0, 0)) for i, j in pairs]
    co = [_halves(a[i]["content"], b[j]["content"]) for i, j in pairs]
    print(f"on statements both marked: same speaker {sum(sp) / max(1, len(sp)):.3f}, "
          f"contents overlapping by half {sum(co) / max(1, len(co)):.3f}")


def _words(text: str) -> list[tuple[int, str]]:
    out = []
    k = 0
    for w in text.split():
        k = text.find(w, k)
        out.append((k, w))
        k += len(w)
    return out


def disputes(args: argparse.Namespace) -> None:
    from statement_check import news

    a, b = read(args.out, "A"), read(args.out, "B")
    _, only_a, only_b = pair(a, b)
    corpus = news()
    lines = []
    for tag, side, idx in (("a", a, only_a), ("b", b, only_b)):
        for i in idx:
            x = side[i]
            text = corpus[x["article"]]["text"]
            lo = max(0, x["cue"][0] - 300)
            hi = min(len(text), x["cue"][1] + 300)

            def show(sp: tuple[int, int] | None, text: str = text) -> str:
                return text[sp[0]:sp[1]] if sp else "-"

            lines += [f"## {tag}{i}", "", "> " + text[lo:hi].replace("\n", " "), "",
                      f"- SPEAKER: {show(x['speaker'])}", f"- CUE: {show(x['cue'])}",
                      f"- CONTENT: {show(x['content'])}", ""]
    (args.out / "disputes.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(only_a) + len(only_b)} statements marked by one annotator only -> {args.out / 'disputes.md'}")


def final(args: argparse.Namespace) -> None:
    a, b = read(args.out, "A"), read(args.out, "B")
    pairs, only_a, only_b = pair(a, b)
    decided = {}
    for row in csv.reader((args.out / "labels_ADJ.tsv").open(encoding="utf-8"), delimiter="\t"):
        if len(row) >= 2:
            decided[row[0].strip()] = row[1].strip().lower()
    keep = [a[i] for i, _ in pairs]
    keep += [a[i] for i in only_a if decided.get(f"a{i}") == "keep"]
    keep += [b[i] for i in only_b if decided.get(f"b{i}") == "keep"]

    def span(sp: tuple[int, int] | None) -> str:
        return f"{sp[0]}-{sp[1]}" if sp else ""

    drawn = [row[2] for row in csv.reader((args.out / "sentences.tsv").open(encoding="utf-8"), delimiter="\t")]
    with args.final.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["article", "sentence", "speaker", "cue", "content", "agreed"])
        for x in sorted(keep, key=lambda x: (x["article"], x["cue"])):
            agreed = "both" if any(x is a[i] for i, _ in pairs) else "adjudicated"
            w.writerow([x["article"], x["sentence"], span(x["speaker"]), span(x["cue"]), span(x["content"]), agreed])
        for aid in sorted(set(drawn) - {x["article"] for x in keep}):  # annotated, no statement in it
            w.writerow([aid, "", "", "", "", "none"])
    undecided = sum(1 for i in only_a if f"a{i}" not in decided) + sum(1 for i in only_b if f"b{i}" not in decided)
    print(f"wrote {args.final}: {len(keep)} statements ({len(pairs)} agreed); {undecided} disputes undecided (dropped)")
    print(json.dumps({"articles": len({x['article'] for x in keep})}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=("batches", "agree", "disputes", "final"))
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=80)
    ap.add_argument("--skip", type=int, default=0, help="start after this many articles of the shuffled pool")
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--final", type=Path, default=FINAL, help="where final writes the statements")
    args = ap.parse_args()
    {"batches": batches, "agree": agree, "disputes": disputes, "final": final}[args.cmd](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
