#!/usr/bin/env python3
"""Train the statement head (``newsledger.extract.statement_head``): which drafts are statements.

    pip install -e '.[train]'
    python scripts/train_attribution_tagger.py train --fold 0/2 --out eval/out/tagger/fold0.npz   # ~13 min
    python scripts/train_attribution_tagger.py train --fold 1/2 --out eval/out/tagger/fold1.npz
    python scripts/train_statement_head.py prepare --fold 0/2 --tagger eval/out/tagger/fold0.npz  # ~5 min
    python scripts/train_statement_head.py prepare --fold 1/2 --tagger eval/out/tagger/fold1.npz
    python scripts/train_statement_head.py prepare --news        # the annotated news, the shipped tagger
    python scripts/train_statement_head.py train                 # ~3 min

Data: PolNeAR train (../shared/data/polnear/train.jsonl), never dev. ``prepare`` runs newsledger over the
articles of one fold with a tagger trained without them (``--fold`` of the tagger's script), so the drafts
carry the errors the shipped tagger makes on unseen text, and labels each draft a statement when it pairs with
an annotated attribution as ../shared/eval/score_attributions.py pairs them (greedy by content, then cue
overlap; a content Jaccard of at least 0.5, or, without a content, a shared cue character); ``--news`` does
the same on the annotated news articles (eval/annotations/news_statements_train.tsv and _train2.tsv) with the
shipped tagger, which never saw them. The head learns whether a draft is a statement at all (its cue an
annotated cue, or its content an annotated content or inside one), news drafts counted ``--news-weight`` times.
``train`` cross-validates by article (out-of-fold probabilities pick the temperature and the threshold: the
highest that costs PolNeAR's attribution F1 at most ``--polnear-loss``), then fits the ensemble on every draft and
writes ``src/newsledger/resources/statement_head.npz`` and ``statement_head.json`` (data hashes, settings,
the figures at every threshold). Fixed seeds; CPU only.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
SHARED = ROOT.parent / "shared"
TRAIN = SHARED / "data" / "polnear" / "train.jsonl"
CACHE = ROOT / "eval" / "out" / "statement_head"
RESOURCES = ROOT / "src" / "newsledger" / "resources"
TAGGER = RESOURCES / "attribution_tagger.npz"
INSIDE = 0.8  # a draft's content this much inside an annotated content is a statement (a part of a longer one)
NEWS_LABELS = [ROOT / "eval" / "annotations" / name for name in ("news_statements_train.tsv",
                                                                  "news_statements_train2.tsv")]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def inside(part: frozenset[int], whole: frozenset[int]) -> bool:
    """Whether a draft's content lies (:data:`INSIDE`) in an annotated content."""
    return bool(part) and len(part & whole) >= INSIDE * len(part)


def news_files() -> list[Path]:
    """The rounds of news annotation that exist."""
    return [p for p in NEWS_LABELS if p.exists()]


def news_digest() -> str:
    """One hash of every news annotation round (what a news cache was prepared from)."""
    return hashlib.sha256("".join(sha256(p) for p in news_files()).encode()).hexdigest()


def news_gold() -> list[dict[str, Any]]:
    """The annotated news articles as PolNeAR-like records (offsets from the news_statements_train files; a
    row marked "none" is an annotated article without statements)."""
    from statement_check import news

    corpus = news()
    by_article: dict[str, list[dict[str, Any]]] = {}
    for path in news_files():
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                atts = by_article.setdefault(row["article"], [])
                if row["agreed"] == "none":
                    continue
                att = {part: [[int(x) for x in row[part].split("-")]] if row[part] else []
                       for part in ("speaker", "cue", "content")}
                att["source"] = att.pop("speaker")
                atts.append(att)
    return [{"id": a, "text": corpus[a]["text"], "published": corpus[a].get("published"), "attributions": atts}
            for a, atts in sorted(by_article.items())]


def prepare(args: argparse.Namespace) -> None:
    from train_judgments import scorer

    from newsledger.extract.actors import ActorIndex
    from newsledger.extract.drafts import content_pieces
    from newsledger.extract.ledger import proposed_drafts
    from newsledger.extract.statement_head import features
    from newsledger.nlp import get_nlp
    from newsledger.nlp.attribution_tagger import AttributionTagger

    sc = scorer()
    if args.news:  # the annotated news articles, which no tagger was trained on: the shipped tagger
        rows, name, tagger_path = news_gold()[:args.limit], "news", args.tagger or TAGGER
    else:
        k, n = (int(x) for x in args.fold.split("/"))
        rows = [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows = [r for i, r in enumerate(rows) if i % n == k][:args.limit]
        name, tagger_path = f"fold{k}of{n}", args.tagger
    tagger = AttributionTagger.load(tagger_path)
    nlp = get_nlp()
    out: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    with nlp.select_pipes(disable=["newsledger_attribution_tagger_v1"]):
        for r, doc in zip(rows, nlp.pipe([r["text"] for r in rows], batch_size=16), strict=True):
            doc._.attribution_tags = tagger.tag(doc)
            drafts = proposed_drafts(doc, ActorIndex(doc, r["id"], r.get("published")))
            text = r["text"]
            golds = [sc.parts_gold(text, a) for a in r["attributions"]]
            preds = [{"source": sc.charset(text, [(d.speaker.start_char, d.speaker.end_char)] if d.speaker else []),
                      "cue": sc.charset(text, [d.cue] if d.cue else []),
                      "content": sc.charset(text, content_pieces(text, d))} for d in drafts]
            label = np.zeros(len(drafts), dtype=np.int64)
            for i, j in sc.pair(golds, preds):
                g, p = golds[i], preds[j]
                if (g["content"] and sc.jaccard(g["content"], p["content"]) >= 0.5) or \
                        (not g["content"] and g["cue"] & p["cue"]):
                    label[j] = 1
            # a statement at all (the head's question): the draft's cue is an annotated cue, or its content
            # is an annotated content or lies in one (a paragraph of a longer quotation), whatever the pairing
            # (a right statement with a loose boundary is one)
            cues = frozenset().union(*(g["cue"] for g in golds)) if golds else frozenset()
            loose = np.array([bool(p["cue"] & cues) or any(sc.jaccard(g["content"], p["content"]) >= 0.5
                                                           or inside(p["content"], g["content"]) for g in golds)
                              for p in preds], dtype=np.int64)
            out.append({"id": r["id"], "x": features(doc, drafts).astype(np.float16), "y": label,
                        "loose": np.maximum(label, loose), "gold": len(golds)})
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / f"{name}.pkl").open("wb") as f:
        pickle.dump({"articles": out, "data": "news" if args.news else TRAIN.name,
                     "data_sha256": news_digest() if args.news else sha256(TRAIN),
                     "tagger_sha256": sha256(tagger_path)}, f)
    n_drafts = sum(len(a["y"]) for a in out)
    print(f"{name}: {len(out)} articles, {n_drafts} drafts, {sum(int(a['y'].sum()) for a in out)} statements, "
          f"{sum(a['gold'] for a in out)} annotated; {time.perf_counter() - t0:.0f} s")


def f1_at(p: np.ndarray, y: np.ndarray, gold: int, threshold: float) -> dict[str, float]:
    keep = p >= threshold
    tp, n_pred = int((y[keep] == 1).sum()), int(keep.sum())
    prec, rec = tp / max(1, n_pred), tp / max(1, gold)
    return {"threshold": round(threshold, 2), "precision": round(prec, 4), "recall": round(rec, 4),
            "f1": round(2 * prec * rec / max(1e-9, prec + rec), 4), "kept": n_pred}


def train(args: argparse.Namespace) -> None:
    from train_event_head import fit_members, logits, temperature, tempered

    from newsledger.extract.statement_head import FEATURES_VERSION

    parts = sorted(CACHE.glob("fold*.pkl")) + ([CACHE / "news.pkl"] if args.news else [])
    if not parts:
        sys.exit("train_statement_head: run `prepare` first")
    articles: list[dict[str, Any]] = []
    hashes = {}
    for path in parts:
        with path.open("rb") as f:
            cache = pickle.load(f)
        is_news = cache.get("data") == "news"
        if cache["data_sha256"] != (news_digest() if is_news else sha256(TRAIN)):
            sys.exit(f"train_statement_head: the data of {path.name} changed since `prepare`; run it again")
        articles += [a | {"news": is_news} for a in cache["articles"]]
        hashes[path.name] = cache["tagger_sha256"]
    x = np.concatenate([a["x"] for a in articles]).astype(np.float32)
    y = np.concatenate([a["y"] for a in articles])  # paired with an annotated attribution: scores the F1
    target = np.concatenate([a["loose" if args.target == "loose" else "y"] for a in articles])  # what it learns
    art = np.concatenate([np.full(len(a["y"]), k) for k, a in enumerate(articles)])
    news = np.concatenate([np.full(len(a["y"]), a["news"]) for a in articles])
    gold = {kind: sum(a["gold"] for a in articles if a["news"] == kind) for kind in (True, False)}
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-3
    xn = (x - mean) / scale
    rng = np.random.default_rng(args.seed)
    fold_of = rng.permutation(len(articles)) % args.folds
    folds = fold_of[art]
    z = np.zeros((args.members, len(y), 2), dtype=np.float32)
    def weighted(rows: np.ndarray) -> np.ndarray:
        """Row indices to learn from: the news rows ``--news-weight`` times (the domain the head serves)."""
        idx = np.flatnonzero(rows)
        return np.concatenate([idx[~news[idx]], np.repeat(idx[news[idx]], args.news_weight)])

    for k in range(args.folds):
        tr, te = weighted(folds != k), folds == k
        z[:, te] = logits(fit_members(xn[tr], target[tr], 2, args, args.seed + k), xn[te])
        print(f"  fold {k + 1}/{args.folds} done", flush=True)
    t = temperature(z, target)
    p = tempered(z, t)[:, 1]
    table = []
    for th in np.arange(0.0, 0.91, 0.05):
        row: dict[str, Any] = {"threshold": round(float(th), 2)}
        for name, rows in (("polnear", ~news), ("news", news)):
            if rows.any():
                got = f1_at(p[rows], y[rows], gold[name == "news"], float(th))
                kept = p[rows] >= th
                got["statements"] = round(float(target[rows][kept].mean()) if kept.any() else 0.0, 4)
                row[name] = got
        # the score: mean attribution F1 over the two kinds of text (PolNeAR alone without news)
        row["f1"] = round(float(np.mean([row[n]["f1"] for n in ("polnear", "news") if n in row])), 4)
        table.append(row)
    # the highest threshold that costs PolNeAR's attribution F1 at most --polnear-loss against keeping every
    # draft (PolNeAR is what the spans are judged on; the news drafts gain all the way up to about 0.75)
    base = table[0]["polnear"]["f1"]
    chosen = max(r["threshold"] for r in table if r["polnear"]["f1"] >= base - args.polnear_loss)
    for r in table:
        print(r)
    print(f"{len(y)} drafts ({int(y.sum())} paired with an annotated statement, {int(target.sum())} statements) "
          f"of {len(articles)} articles; temperature {t}; threshold {chosen}")
    if args.dry_run:
        return
    every = weighted(np.ones(len(y), dtype=bool))
    members = fit_members(xn[every], target[every], 2, args, args.seed)
    meta = {"features_version": FEATURES_VERSION, "n_features": int(x.shape[1]), "temperature": t,
            "threshold": chosen, "members": args.members}
    np.savez_compressed(RESOURCES / "statement_head.npz",
                        meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
                        mean=mean.astype(np.float32), scale=scale.astype(np.float32),
                        **{f"{m}.{k}": v.astype(np.float32) for m, prm in enumerate(members) for k, v in prm.items()})
    report = {"data_sha256": {"polnear/train.jsonl": sha256(TRAIN)} | {p.name: sha256(p) for p in news_files()},
              "taggers_sha256": hashes, "drafts": len(y), "statements": int(target.sum()),
              "paired": int(y.sum()), "articles": len(articles),
              "annotated": {"news": gold[True], "polnear": gold[False]},
              "settings": vars(args), "temperature": t, "threshold": chosen,
              "cross_validated": next(r for r in table if r["threshold"] == chosen), "thresholds": table}
    (RESOURCES / "statement_head.json").write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"wrote {RESOURCES / 'statement_head.npz'}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--fold", metavar="K/N", help="PolNeAR train: the fold's articles")
    p.add_argument("--news", action="store_true", help="the annotated news articles instead")
    p.add_argument("--tagger", type=Path, default=None, help="the tagger trained without this fold")
    p.add_argument("--limit", type=int, default=None)
    t = sub.add_parser("train")
    t.add_argument("--folds", type=int, default=5)
    t.add_argument("--news-weight", type=int, default=15, help="times each news draft counts in training")
    t.add_argument("--news", action=argparse.BooleanOptionalAction, default=True,
                   help="also learn from the annotated news articles (default: yes)")
    t.add_argument("--members", type=int, default=3)
    t.add_argument("--hidden", type=int, default=64)
    t.add_argument("--dropout", type=float, default=0.3)
    t.add_argument("--input-dropout", type=float, default=0.2)
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--weight-decay", type=float, default=1e-2)
    t.add_argument("--epochs", type=int, default=15)
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--polnear-loss", type=float, default=0.001,
                   help="PolNeAR attribution F1 the threshold may cost against keeping every draft")
    t.add_argument("--seed", type=int, default=21)
    t.add_argument("--target", choices=("loose", "paired"), default="loose",
                   help="learn 'a statement at all' (cue or content annotated) or 'paired as the scorer pairs'")
    t.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    (prepare if args.cmd == "prepare" else train)(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
