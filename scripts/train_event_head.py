#!/usr/bin/env python3
"""Train the event head (src/newsledger/extract/event_head.py) on the adjudicated event annotation of
../shared/data/news (eval/annotations/news_events_train.jsonl; never news_events_eval.jsonl).

    pip install -e '.[train]'
    python scripts/train_event_head.py prepare     # run the pipeline, pair candidates with the annotation
    python scripts/train_event_head.py train [--precision P] [--hidden 64] [--epochs 10] [--folds 5] ...

prepare: every article of the annotation goes through the pipeline (the shipped encoder, statements with the
  judgment heads); every event candidate (``events.candidates``) becomes a feature row labelled with the root of
  the annotated event whose trigger it overlaps, or "none". Cached in eval/out/event_head_features.pkl.
train: one hidden layer (torch, CPU) per head, cross-validated by article (``--folds``): the candidates of each
  fold are scored by heads trained on the other folds (or, with ``--calibrate-on``, the articles the fine-tuned
  encoder held out are scored by heads trained on the rest, and those heads are shipped); on those probabilities
  the temperatures are fitted and the threshold chosen: the one of the best F1 (right root; events that
  overlap merged, as ``events.decide`` does), or with ``--precision`` the lowest
  that reaches that precision, so that recall is as high as that precision allows. Without ``--calibrate-on``
  the shipped heads are then trained on every article. Writes resources/event_head.npz and
  resources/event_head.json (data hashes, settings, the scored figures).
  A few minutes on 2 CPU cores.
"""

from __future__ import annotations

import argparse
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
from train_judgments import fit, softmax  # noqa: E402  (the same one-hidden-layer network and its softmax)

ANNOTATIONS = sorted((ROOT / "eval" / "annotations").glob("news_events_train*.jsonl"))
ZSP = ROOT.parent / "shared" / "data" / "events" / "zsp_plv_train.jsonl"
CACHE = ROOT / "eval" / "out" / "event_head_features.pkl"
RESOURCES = ROOT / "src" / "newsledger" / "resources"
ROOTS = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
F1_SLACK = 0.0  # F1 given up, at most, for precision when the threshold is chosen (0: the best F1)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_sha256() -> dict[str, str]:
    return {str(p.relative_to(ROOT.parent)): sha256(p) for p in (*ANNOTATIONS, ZSP)}


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def rows_of(doc: Any, aid: str, published: str | None) -> tuple[list[Any], np.ndarray]:
    """The event candidates of one parsed article and their feature rows, as the pipeline makes them."""
    from newsledger.extract.actors import ActorIndex
    from newsledger.extract.event_head import features
    from newsledger.extract.events import candidates, evidence_spans
    from newsledger.extract.judgments import apply_judgments
    from newsledger.extract.ledger import statement_drafts
    from newsledger.nlp.doc_cache import sentences_of

    actors = ActorIndex(doc, aid, published)
    drafts = statement_drafts(doc, actors)
    apply_judgments(doc, drafts)
    cues = evidence_spans(doc)
    cands = [c for sent in sentences_of(doc) for c in candidates(sent, cues)]
    return cands, features(doc, cands, drafts)


def parts_of(cand: Any) -> dict[str, Any]:
    """The character spans the features pool over (for fine-tuning the encoder on them, train_encoder.py)."""
    u = cand.unit
    sent = u.head.sent
    return {"trigger": [(t.idx, t.idx + len(t)) for t in u.tokens],
            "participants": [(t.idx, t.idx + len(t)) for t in (u.source, u.target) if t is not None],
            "sentence": (sent.start_char, sent.end_char)}


def zsp_root(cand: Any, root: str) -> str:
    """Zero-Shot-PLOVER merges CONCEDE and RETREAT as YIELD: the dictionary's codes of the verb tell them apart."""
    from newsledger.extract import lexicon
    from newsledger.extract.event_units import codes

    if root != "YIELD":
        return root
    found = [p.root for c in codes(cand.unit) if (p := lexicon.plover_for(c)) is not None]
    return next((r for r in found if r in {"CONCEDE", "RETREAT"}), "CONCEDE")


def zsp_match(text: str, cands: list[Any], event: dict[str, Any]) -> int | None:
    """The candidate whose source and target lie in the annotated actors' words (most of them), if any."""
    spans = []
    for key in ("source_actor", "target_actor"):
        words = event.get(key) or ""
        at = text.find(words) if words else -1
        spans.append((at, at + len(words)) if at >= 0 else None)
    best, best_hits = None, 0
    for i, c in enumerate(cands):
        hits = sum(1 for tok, span in ((c.unit.source, spans[0]), (c.unit.target, spans[1]))
                   if tok is not None and span is not None and span[0] <= tok.idx < span[1])
        if hits > best_hits:
            best, best_hits = i, hits
    return best


def prepare(_: argparse.Namespace) -> None:
    from newsledger.extract.event_units import trigger_span
    from newsledger.nlp import get_nlp

    rows = [json.loads(x) for path in ANNOTATIONS for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    ids = [r["article"] for r in rows if r["type"] == "article"]
    gold: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for r in rows:
        if r["type"] == "event":
            gold[r["article"]].append(r)
    from event_annotation_merge import news as news_articles

    news = news_articles()
    nlp = get_nlp()
    t0 = time.perf_counter()
    out = []
    for aid in ids:
        art = news[aid]
        cands, x = rows_of(nlp(art["text"]), aid, art.get("published"))
        for c, row in zip(cands, x, strict=True):
            span = trigger_span(c.unit)
            hits = sorted(((overlap(span, tuple(g["span"])), g["root"]) for g in gold[aid]
                           if overlap(span, tuple(g["span"])) > 0), reverse=True)
            out.append({"article": aid, "x": row.astype(np.float16), "label": hits[0][1] if hits else "none",
                        "span": span, "coded": c.coded[0] if c.coded else None, "parts": parts_of(c)})
    zsp = []
    for line in ZSP.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        event = d["events"][0]
        if event.get("plover") is None:
            continue
        cands, x = rows_of(nlp(d["text"]), d["id"], None)
        k = zsp_match(d["text"], cands, event)
        if k is not None:
            zsp.append({"article": d["id"], "x": x[k].astype(np.float16), "label": zsp_root(cands[k], event["plover"]),
                        "parts": parts_of(cands[k]), "text": d["text"]})
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with CACHE.open("wb") as f:
        pickle.dump({"rows": out, "zsp": zsp, "gold": gold, "data_sha256": data_sha256()}, f)
    print(f"{len(out)} candidates of {len(ids)} articles ({sum(r['label'] != 'none' for r in out)} on an annotated "
          f"event), {len(zsp)} Zero-Shot-PLOVER events paired with a candidate; {time.perf_counter() - t0:.0f} s "
          f"-> {CACHE}")


def fit_members(x: np.ndarray, y: np.ndarray, n_labels: int, args: argparse.Namespace, seed: int
                ) -> list[dict[str, np.ndarray]]:
    """``--members`` networks, each with its own seed."""
    return [fit(x, y, n_labels, args, seed + 1000 * m) for m in range(args.members)]


def logits(params: list[dict[str, np.ndarray]], x: np.ndarray) -> np.ndarray:
    """(members, rows, labels): each member's logits."""
    return np.stack([np.maximum(x @ p["w1"] + p["b1"], 0.0) @ p["w2"] + p["b2"] for p in params])


def tempered(z: np.ndarray, t: float) -> np.ndarray:
    """The members' mean probability at temperature ``t`` (as ``EventHead.probabilities`` computes it)."""
    return np.mean([softmax(m / t) for m in z], axis=0)


def temperature(z: np.ndarray, y: np.ndarray) -> float:
    best, best_t = float("inf"), 1.0
    for t in np.arange(0.5, 4.01, 0.05):
        nll = -np.log(tempered(z, float(t))[np.arange(len(y)), y] + 1e-12).mean()
        if nll < best:
            best, best_t = nll, float(t)
    return round(best_t, 2)


def decide(rows: list[dict[str, Any]], sure: np.ndarray, roots: np.ndarray, threshold: float) -> list[str | None]:
    """What ``events.decide`` makes of the candidates of one article."""
    from newsledger.extract.events import kept

    out: list[str | None] = [None] * len(rows)
    for i in kept([r["span"] for r in rows], sure, threshold):
        out[i] = ROOTS[int(roots[i].argmax())]
    return out


def score(rows: list[dict[str, Any]], roots: list[str | None], gold: dict[str, list[dict[str, Any]]]
          ) -> dict[str, float]:
    """Precision and recall (right root), matching predicted and annotated triggers one to one."""
    by_article: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_article.setdefault(r["article"], []).append(i)
    n_pred = right = 0
    for aid, idx in by_article.items():
        pred = [(rows[i]["span"], roots[i]) for i in idx if roots[i] is not None]
        g = gold[aid]
        n_pred += len(pred)
        cands = sorted((-overlap(p[0], tuple(x["span"])), a, b) for a, p in enumerate(pred)
                       for b, x in enumerate(g) if overlap(p[0], tuple(x["span"])) > 0)
        used_p: set[int] = set()
        used_g: set[int] = set()
        for _, a, b in cands:
            if a not in used_p and b not in used_g:
                used_p.add(a)
                used_g.add(b)
                right += pred[a][1] == g[b]["root"]
    n_gold = sum(len(v) for v in gold.values())
    p = right / n_pred if n_pred else 0.0
    r = right / n_gold if n_gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
            "predicted": n_pred}


def by_article_decide(rows: list[dict[str, Any]], sure: np.ndarray, roots: np.ndarray, threshold: float
                      ) -> list[str | None]:
    out: list[str | None] = [None] * len(rows)
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault(r["article"], []).append(i)
    for idx in groups.values():
        for i, root in zip(idx, decide([rows[i] for i in idx], sure[idx], roots[idx], threshold), strict=True):
            out[i] = root
    return out


VECTORS = {"trigger": 0, "participants": 1, "sentence": 2}


def columns(names: str, n_features: int) -> np.ndarray:
    """The feature columns of the named encoder vectors plus every non-vector column."""
    from newsledger.nlp.encoder import WIDTH

    picked = [np.arange(VECTORS[n] * WIDTH, (VECTORS[n] + 1) * WIDTH) for n in names.split(",") if n]
    return np.concatenate([*picked, np.arange(len(VECTORS) * WIDTH, n_features)]).astype(np.int64)


def train(args: argparse.Namespace) -> None:
    with CACHE.open("rb") as f:
        cache = pickle.load(f)
    if cache["data_sha256"] != data_sha256():
        sys.exit("train_event_head: the training data changed since `prepare`; run it again")
    rows, zsp, gold = cache["rows"], cache["zsp"], cache["gold"]
    x = np.stack([r["x"] for r in rows]).astype(np.float32)
    xz = np.stack([r["x"] for r in zsp]).astype(np.float32) if zsp and args.zsp else np.zeros((0, x.shape[1]),
                                                                                                dtype=np.float32)
    yz = np.array([ROOTS.index(r["label"]) for r in zsp], dtype=np.int64)[:len(xz)]
    every = np.concatenate([x, xz])
    mean = every.mean(axis=0)
    scale = every.std(axis=0) + 1e-3
    xn, xzn = (x - mean) / scale, (xz - mean) / scale
    dcols, rcols = columns(args.detect_vectors, x.shape[1]), columns(args.root_vectors, x.shape[1])
    n_zsp_detect = len(xzn) if args.zsp_detect else 0

    def detect_rows(news_x: np.ndarray, zsp_x: np.ndarray) -> np.ndarray:
        """The detection head's rows: the news candidates, and (``--zsp-detect``) the Zero-Shot-PLOVER events."""
        return np.concatenate([news_x, zsp_x[:n_zsp_detect]])

    def detect_labels(news_y: np.ndarray, _: int) -> np.ndarray:
        return np.concatenate([news_y, np.ones(n_zsp_detect, dtype=np.int64)])
    is_event = np.array([r["label"] != "none" for r in rows])
    y_det = is_event.astype(np.int64)
    y_root = np.array([ROOTS.index(r["label"]) if r["label"] != "none" else -1 for r in rows], dtype=np.int64)
    articles = sorted({r["article"] for r in rows})
    rng = np.random.default_rng(args.seed)
    fold_of = {a: k % args.folds for k, a in enumerate(rng.permutation(articles))}
    held: set[str] = set()
    if args.calibrate_on is not None:  # the articles the encoder never saw: one fold, the only one scored
        held = set(json.loads(args.calibrate_on.read_text(encoding="utf-8"))["held_out_event_articles"])
        fold_of = {a: 0 if a in held else 1 for a in articles}
    folds = np.array([fold_of[r["article"]] for r in rows])
    zd = np.zeros((args.members, len(rows), 2), dtype=np.float32)
    zr = np.zeros((args.members, len(rows), len(ROOTS)), dtype=np.float32)
    for k in range(1 if held else args.folds):
        tr, te = folds != k, folds == k
        det = fit_members(detect_rows(xn[tr], xzn)[:, dcols], detect_labels(y_det[tr], len(xzn)), 2, args,
                          args.seed + k)
        zd[:, te] = logits(det, xn[te][:, dcols])
        pos = tr & is_event
        root = fit_members(np.concatenate([xn[pos], xzn])[:, rcols], np.concatenate([y_root[pos], yz]), len(ROOTS),
                           args, args.seed + k)
        zr[:, te] = logits(root, xn[te][:, rcols])
    if held:  # score and calibrate on the held-out articles alone
        keep = folds == 0
        rows, zd, zr, y_det, y_root, is_event = ([r for r, k in zip(rows, keep, strict=True) if k], zd[:, keep],
                                                 zr[:, keep], y_det[keep], y_root[keep], is_event[keep])
        gold = {a: g for a, g in gold.items() if a in held}
        xn, xzn_final = (x[~keep] - mean) / scale, xzn
        y_det_final = np.array([r["label"] != "none" for r in cache["rows"] if r["article"] not in held],
                               dtype=np.int64)
    t_det = temperature(zd, y_det)
    t_root = temperature(zr[:, is_event], y_root[is_event])
    sure = tempered(zd, t_det)[:, 1]
    roots = tempered(zr, t_root)
    root_accuracy = float((roots[is_event].argmax(axis=1) == y_root[is_event]).mean())
    rules = score(rows, [r["coded"] if r["coded"] in ROOTS else None for r in rows], gold)
    table = []
    chosen = None
    for threshold in np.arange(0.2, 0.96, 0.05):
        s = score(rows, by_article_decide(rows, sure, roots, float(threshold)), gold)
        table.append({"threshold": round(float(threshold), 2), **s})
        if chosen is None and s["precision"] >= args.precision:
            chosen = round(float(threshold), 2)
    if chosen is None or args.precision <= 0:  # the highest threshold within F1_SLACK of the best F1
        best = max(r["f1"] for r in table)
        chosen = max(r["threshold"] for r in table if r["f1"] >= best - F1_SLACK)
    for r in table:
        print(r)
    print(f"root accuracy on annotated events {root_accuracy:.3f}; rules (cross-check): {rules}; "
          f"temperatures {t_det} / {t_root}; threshold {chosen}")
    if args.dry_run:
        return
    if held:  # the shipped heads are those fitted without the held-out articles, as calibrated
        final_event = y_det_final.astype(bool)
        final_root = np.array([ROOTS.index(r["label"]) for r in cache["rows"]
                               if r["article"] not in held and r["label"] != "none"], dtype=np.int64)
        det = fit_members(detect_rows(xn, xzn)[:, dcols], detect_labels(y_det_final, len(xzn)), 2, args, args.seed)
        root = fit_members(np.concatenate([xn[final_event], xzn_final])[:, rcols], np.concatenate([final_root, yz]),
                           len(ROOTS), args, args.seed)
    else:
        det = fit_members(detect_rows(xn, xzn)[:, dcols], detect_labels(y_det, len(xzn)), 2, args, args.seed)
        root = fit_members(np.concatenate([xn[is_event], xzn])[:, rcols], np.concatenate([y_root[is_event], yz]),
                           len(ROOTS), args, args.seed)
    from newsledger.extract.event_head import FEATURES_VERSION

    meta = {"features_version": FEATURES_VERSION, "n_features": int(x.shape[1]), "detect_labels": ["none", "event"],
            "root_labels": list(ROOTS), "detect_temperature": t_det, "root_temperature": t_root, "threshold": chosen,
            "members": args.members}
    np.savez_compressed(RESOURCES / "event_head.npz", meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
                        mean=mean.astype(np.float32), scale=scale.astype(np.float32),
                        **{"detect.columns": dcols, "root.columns": rcols},
                        **{f"detect.{m}.{k}": v.astype(np.float32) for m, p in enumerate(det) for k, v in p.items()},
                        **{f"root.{m}.{k}": v.astype(np.float32) for m, p in enumerate(root) for k, v in p.items()})
    cv = next(r for r in table if r["threshold"] == chosen)
    report = {"data_sha256": data_sha256(), "candidates": len(cache["rows"]), "articles": len(articles),
              "scored_on": "held-out articles of the encoder" if held else f"{args.folds}-fold cross-validation",
              "annotated_events": sum(len(v) for v in gold.values()), "zsp_events": len(xz),
              "settings": {k: v for k, v in vars(args).items() if k != "func"},
              "temperatures": {"detect": t_det, "root": t_root}, "threshold": chosen,
              "cross_validated": {**cv, "root_accuracy": round(root_accuracy, 3)}, "rules_cross_check": rules,
              "thresholds": table}
    (RESOURCES / "event_head.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"cross-validated at threshold {chosen}: {cv} -> {RESOURCES / 'event_head.npz'}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(required=True)
    p = sub.add_parser("prepare")
    p.set_defaults(func=prepare)
    t = sub.add_parser("train")
    t.add_argument("--precision", type=float, default=0.0,
                   help="choose the lowest threshold that reaches this precision (0, or none reaching it: the "
                        "threshold of the best F1)")
    t.add_argument("--hidden", type=int, default=64)
    t.add_argument("--epochs", type=int, default=10)
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--weight-decay", type=float, default=1e-2)
    t.add_argument("--dropout", type=float, default=0.3)
    t.add_argument("--input-dropout", type=float, default=0.2)
    t.add_argument("--folds", type=int, default=5)
    t.add_argument("--members", type=int, default=5, help="networks per head (an ensemble, averaged)")
    t.add_argument("--seed", type=int, default=22)
    t.add_argument("--detect-vectors", default="trigger")
    t.add_argument("--root-vectors", default="trigger,participants,sentence")
    t.add_argument("--no-zsp", dest="zsp", action="store_false", help="train the root head on the news alone")
    t.add_argument("--no-zsp-detect", dest="zsp_detect", action="store_false",
                   help="the detection head learns from the news alone (by default the Zero-Shot-PLOVER events, "
                        "conflict news, are positives of it too)")
    t.add_argument("--dry-run", action="store_true", help="cross-validate only; write nothing")
    t.add_argument("--calibrate-on", type=Path, metavar="TRAINING_JSON",
                   help="the training.json of an encoder fine-tuned with --events: score, calibrate and choose the "
                        "threshold on the annotated articles it held out (instead of cross-validation)")
    t.set_defaults(func=train)
    args = ap.parse_args()
    args.func(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
