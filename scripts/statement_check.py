#!/usr/bin/env python3
"""The hand check of predicted statements (issue 21): are newsledger's statements statements, with the right
speaker? Guidelines: eval/annotations/guidelines_statements.md. The texts stay outside the repository.

    python scripts/statement_check.py draw OUT_DIR [--n 300] [--batch 100] [--rest]
    python scripts/statement_check.py agree OUT_DIR        # Cohen's kappa of annotators A and B
    python scripts/statement_check.py disputes OUT_DIR     # the items A and B disagree on, for adjudication
    python scripts/statement_check.py final OUT_DIR        # -> eval/annotations/statement_check.tsv

``draw`` runs newsledger on the 50 articles of the events hand check (eval/annotations/news_events_eval.jsonl:
crime, disasters and politics from ../shared/data/news, never trained on), then on further articles drawn with
a fixed seed if those give fewer than ``--n`` statements, and draws ``--n`` statements with a fixed seed.
Writes in OUT_DIR: items.tsv (item, article, speaker / cue / content offsets, resolved speaker name) and
batch_<k>.md, each item shown in its paragraph with its speaker, cue and content. Annotators write
labels_<A|B>_<k>.tsv: ``item<TAB>statement (yes|no)<TAB>speaker (right|wrong|na)<TAB>note``.
``final`` writes offsets and labels only (A's, B's and the adjudicated ones; no text).

``--rest`` (with ``draw`` and ``final``): a later round, when a changed model makes statements the check has no
label for. ``draw --rest`` takes the statements newsledger now predicts on the 50 articles that match no
labelled item (as eval/statements.py matches them), ``--n`` of them drawn with a fixed seed if there are more,
numbered after the last item; ``final --rest`` appends them to the check.
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
NEWS = ROOT.parent / "shared" / "data" / "news"
FINAL = ROOT / "eval" / "annotations" / "statement_check.tsv"
FIELDS = ("statement", "speaker")
SEED = 21
sys.path.insert(0, str(ROOT / "eval"))
from statements import same, statement_row  # noqa: E402  (eval/ is not a package)


def news() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name in ("wikinews_2019_2020.jsonl", "bbc_2004_2005.jsonl"):
        for line in (NEWS / name).read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            out[d["id"]] = d
    return out


def annotated(which: str) -> list[str]:
    path = ROOT / "eval" / "annotations" / f"news_events_{which}.jsonl"
    return [r["article"] for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())
            if r.get("type") == "article"]


def statements(ledger: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per statement of a ledger: offsets, the shown texts and the resolved speaker's name."""
    names = {a["id"]: a["name"] for a in ledger.get("actors", [])}
    rows = []
    for a in ledger["attributions"]:
        sp = a.get("speaker") or {}
        rows.append({"article": ledger["article"]["external_id"], **statement_row(a, names),
                     "speaker_text": sp.get("text", ""), "cue_text": (a.get("cue") or {}).get("text", ""),
                     "content_text": (a.get("content") or {}).get("text", "")})
    return rows


def paragraph(text: str, start: int, end: int) -> str:
    """The paragraph(s) around ``[start, end)`` (newline-delimited), at most 1,500 characters."""
    lo = text.rfind("\n", 0, max(0, start)) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    return text[max(lo, start - 900):min(hi, end + 600)].strip()


def draw(args: argparse.Namespace) -> None:
    from newsledger import Article, analyze_articles

    corpus = news()
    ids = annotated("eval")
    skip = set(ids) | set(annotated("train")) | set(annotated("train2"))
    rest = sorted(i for i, d in corpus.items() if i not in skip and 700 <= len(d["text"]) <= 3500)
    random.Random(SEED).shuffle(rest)
    rows: list[dict[str, Any]] = []
    pos = 0
    while True:
        arts = [Article(text=corpus[i]["text"], title=corpus[i].get("title"), external_id=i) for i in ids[pos:]]
        pos = len(ids)
        for lg in analyze_articles(arts):
            rows += statements(lg.to_dict())
        if len(rows) >= args.n or not rest:
            break
        ids += [rest.pop() for _ in range(min(10, len(rest)))]
    first = 1
    if args.rest:
        rows, first = unlabelled(rows)
    picked = sorted(random.Random(SEED).sample(range(len(rows)), min(args.n, len(rows))))
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    with (out / "items.tsv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["item", "article", "speaker", "cue", "content", "actor"])
        for k, r in enumerate(picked):
            row = rows[r]
            w.writerow([f"s{k + first:03d}", row["article"], row["speaker"], row["cue"], row["content"], row["actor"]])
    for b in range(0, len(picked), args.batch):
        lines = []
        for k in range(b, min(len(picked), b + args.batch)):
            row = rows[picked[k]]
            text = corpus[row["article"]]["text"]
            offs = [int(x) for part in (row["speaker"], row["cue"], row["content"]) if part
                    for piece in part.split(";") for x in piece.split("-")]
            lo, hi = (min(offs), max(offs)) if offs else (0, 0)
            speaker = row["speaker_text"] or "(none)"
            if row["actor"] and row["actor"].lower() != speaker.lower():
                speaker += f"   [resolved to: {row['actor']}]"
            lines += [f"## s{k + first:03d}", "", "Passage:", "", "> " + paragraph(text, lo, hi).replace("\n", "\n> "),
                      "", f"- SPEAKER: {speaker}", f"- CUE: {row['cue_text'] or '(none)'}",
                      f"- CONTENT: {row['content_text'] or '(none)'}", ""]
        (out / f"batch_{b // args.batch + 1}.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(rows)} statements in {len(ids)} articles; drew {len(picked)} into {out}")


def unlabelled(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The rows no item of the check matches, and the number the next item takes."""
    items = list(csv.DictReader(FINAL.open(encoding="utf-8"), delimiter="\t"))
    rest = [r for r in rows if not any(it["article"] == r["article"] and same(r, it) for it in items)]
    return rest, max(int(it["item"][1:]) for it in items) + 1


def labels(folder: Path, who: str) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for path in sorted(folder.glob(f"labels_{who}_*.tsv")):
        for row in csv.reader(path.open(encoding="utf-8"), delimiter="\t"):
            if not row or not row[0].startswith("s") or len(row) < 3:
                continue
            st, sp = row[1].strip().lower(), row[2].strip().lower()
            out[row[0].strip()] = (st, "na" if st == "no" else sp)
    return out


def agree(args: argparse.Namespace) -> None:
    from annotation_agreement import kappa

    a, b = labels(args.out, "A"), labels(args.out, "B")
    both = sorted(set(a) & set(b))
    print(f"{len(both)} items labelled by both (A {len(a)}, B {len(b)})")
    for j, name in enumerate(FIELDS):
        x, y = [a[i][j] for i in both], [b[i][j] for i in both]
        same = sum(p == q for p, q in zip(x, y, strict=True)) / max(1, len(both))
        print(f"{name}: agreement {same:.3f}, Cohen's kappa {kappa(x, y):.3f}")
    ok_a = [str(a[i] == ("yes", "right")) for i in both]
    ok_b = [str(b[i] == ("yes", "right")) for i in both]
    n = max(1, len(both))
    print(f"statement with the right speaker: A {ok_a.count('True') / n:.3f}, B {ok_b.count('True') / n:.3f}, "
          f"kappa {kappa(ok_a, ok_b):.3f}")


def disputes(args: argparse.Namespace) -> None:
    a, b = labels(args.out, "A"), labels(args.out, "B")
    bad = [i for i in sorted(set(a) & set(b)) if a[i] != b[i]]
    with (args.out / "disputes.tsv").open("w", encoding="utf-8") as f:
        for i in bad:
            f.write(f"{i}\tA={'/'.join(a[i])}\tB={'/'.join(b[i])}\n")
    print(f"{len(bad)} disputed items -> {args.out / 'disputes.tsv'}")


def final(args: argparse.Namespace) -> None:
    a, b, adj = labels(args.out, "A"), labels(args.out, "B"), labels(args.out, "ADJ")
    items = list(csv.DictReader((args.out / "items.tsv").open(encoding="utf-8"), delimiter="\t"))
    with FINAL.open("a" if args.rest else "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        if not args.rest:
            w.writerow(["item", "article", "speaker", "cue", "content", "actor", "A", "B", "statement",
                        "speaker_ok"])
        missing = 0
        for it in items:
            i = it["item"]
            if i not in a or i not in b:
                missing += 1
                continue
            label = a[i] if a[i] == b[i] else adj.get(i)
            if label is None:
                missing += 1
                continue
            w.writerow([i, it["article"], it["speaker"], it["cue"], it["content"], it["actor"], "/".join(a[i]),
                        "/".join(b[i]), label[0], label[1]])
    print(f"wrote {FINAL} ({len(items) - missing} items; {missing} without a final label)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=("draw", "agree", "disputes", "final"))
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--rest", action="store_true", help="a later round: the statements with no label yet")
    args = ap.parse_args()
    {"draw": draw, "agree": agree, "disputes": disputes, "final": final}[args.cmd](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
