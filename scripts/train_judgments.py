#!/usr/bin/env python3
"""Train the stance and evidence heads over the shared encoder (``newsledger.extract.judgments``).

    pip install -e '.[train]'
    python scripts/train_judgments.py prepare     # run the pipeline over the annotated articles, cache features
    python scripts/train_judgments.py train       # cross-validate, fit, calibrate, write the weights

Data: the adjudicated annotation ``eval/annotations/stance_evidence_train.tsv`` (PolNeAR train articles, two
annotators, guidelines beside it), joined at run time with ``../shared/data/polnear/train.jsonl``. Each annotated
statement is paired with one of the pipeline's statements exactly as ``../shared/eval/score_stance_evidence.py``
pairs them (content, then cue overlap), so the heads learn from the statements they will see; an annotated
statement the pipeline did not find is left out. The development annotations (eval/annotations/polnear_*) are
never read here.

``train`` fits the heads (five-fold out-of-fold logits by article for the figures, then on everything; or,
with ``--joint``, takes the heads trained with the encoder), then a stacker per head that weighs it against the
rules' label, and the calibration temperature, both on the articles the fine-tuned encoder never saw. It writes
``src/newsledger/resources/judgments.npz`` and ``judgments.json`` (data hashes, figures on the unseen
articles, settings) beside it. Fixed seeds; CPU only, a few minutes on two cores.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import pickle
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LABELS = ROOT / "eval" / "annotations" / "stance_evidence_train.tsv"
CACHE = ROOT / "eval" / "out" / "judgments_features.pkl"
OUT = ROOT / "src" / "newsledger" / "resources" / "judgments.npz"
FOLDS = 5


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def scorer() -> Any:
    path = SHARED / "eval" / "score_attributions.py"
    spec = importlib.util.spec_from_file_location("score_attributions", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_labels(path: Path) -> dict[tuple[str, int, int, int, int], tuple[str, str]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        out[(cells[0], int(cells[1]), int(cells[2]), int(cells[3]), int(cells[4]))] = (cells[5], cells[6])
    return out


def prepare(args: argparse.Namespace) -> None:
    from newsledger.extract.actors import ActorIndex
    from newsledger.extract.drafts import content_pieces
    from newsledger.extract.judgments import features, statement_parts
    from newsledger.extract.ledger import statement_drafts
    from newsledger.ingest import parse_date
    from newsledger.nlp import get_nlp
    from newsledger.nlp.doc_cache import text_of

    sc = scorer()
    labels = read_labels(args.labels)
    wanted = {k[0] for k in labels}
    docs = [json.loads(line) for line in (SHARED / "data" / "polnear" / "train.jsonl").open(encoding="utf-8")]
    docs = [d for d in docs if d["id"] in wanted]
    nlp = get_nlp()
    rows: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    found = 0
    for d, doc in zip(docs, nlp.pipe([d["text"] for d in docs], batch_size=8), strict=True):
        try:
            published = parse_date(d.get("published"))
        except Exception:
            published = None
        drafts = statement_drafts(doc, ActorIndex(doc, d["id"], published))
        text = text_of(doc)
        gold = [a for a in d["attributions"] if a["cue"] and a["content"]]
        keys = [(d["id"], *a["cue"][0], *a["content"][0]) for a in gold]
        found += sum(1 for k in keys if k in labels)
        golds = [sc.parts_gold(text, a) for a in gold]
        preds = [{"source": sc.charset(text, [(x.speaker.start_char, x.speaker.end_char)] if x.speaker else []),
                  "cue": sc.charset(text, [x.cue] if x.cue else []),
                  "content": sc.charset(text, content_pieces(text, x))} for x in drafts]
        x = features(doc, drafts)
        parts = statement_parts(doc, drafts)
        for i, j in sc.pair(golds, preds):
            if keys[i] not in labels:
                continue
            stance, evidence = labels[keys[i]]
            rows.append({"article": d["id"], "x": x[j].astype(np.float16), "stance": stance, "evidence": evidence,
                         "rule_stance": drafts[j].stance, "rule_evidence": drafts[j].evidence_status,
                         "parts": parts[j]})
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with CACHE.open("wb") as f:
        pickle.dump({"rows": rows, "labels_sha256": sha256(args.labels), "annotated": len(labels),
                     "found": found}, f)
    print(f"{len(rows)} of {len(labels)} annotated statements paired with the pipeline's "
          f"({len(docs)} articles, {time.perf_counter() - t0:.0f} s) -> {CACHE}")


def fit(x: np.ndarray, y: np.ndarray, n_labels: int, args: argparse.Namespace, seed: int,
        weights: np.ndarray | None = None) -> dict[str, np.ndarray]:
    import torch
    from torch import nn

    torch.manual_seed(seed)
    model = nn.Sequential(nn.Dropout(args.input_dropout), nn.Linear(x.shape[1], args.hidden), nn.ReLU(),
                          nn.Dropout(args.dropout), nn.Linear(args.hidden, n_labels))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    loss_fn = nn.CrossEntropyLoss(weight=torch.from_numpy(weights) if weights is not None else None)
    gen = torch.Generator().manual_seed(seed)
    for _ in range(args.epochs):
        model.train()
        for idx in torch.randperm(len(xt), generator=gen).split(args.batch):
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
    model.eval()
    lin1, lin2 = model[1], model[4]
    return {"w1": lin1.weight.detach().numpy().T.copy(), "b1": lin1.bias.detach().numpy().copy(),
            "w2": lin2.weight.detach().numpy().T.copy(), "b2": lin2.bias.detach().numpy().copy()}


def joint_head(folder: Path, name: str) -> dict[str, np.ndarray]:
    with np.load(folder / "heads.npz") as z:
        return {"w1": z["w1"], "b1": z["b1"], "w2": z[f"{name}_w2"], "b2": z[f"{name}_b2"]}


def logits(params: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    hidden = np.maximum(x @ params["w1"] + params["b1"], 0.0)
    out: np.ndarray = hidden @ params["w2"] + params["b2"]
    return out


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out


def temperature(z: np.ndarray, y: np.ndarray) -> float:
    """The temperature that minimises the held-out negative log-likelihood (a grid search)."""
    best, best_t = float("inf"), 1.0
    for t in np.arange(0.5, 4.01, 0.05):
        p = softmax(z / t)
        nll = -np.log(p[np.arange(len(y)), y] + 1e-12).mean()
        if nll < best:
            best, best_t = nll, float(t)
    return round(best_t, 2)


def evidence_f1(gold: list[str], pred: list[str]) -> float:
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g != "none" and g == p)
    n_p, n_g = sum(p != "none" for p in pred), sum(g != "none" for g in gold)
    p, r = (tp / n_p if n_p else 0.0), (tp / n_g if n_g else 0.0)
    return 2 * p * r / (p + r) if p + r else 0.0


def onehot(values: list[str], labels: tuple[str, ...]) -> np.ndarray:
    out = np.zeros((len(values), len(labels)), dtype=np.float32)
    for k, v in enumerate(values):
        if v in labels:
            out[k, labels.index(v)] = 1.0
    return out


def fit_stacker(f: np.ndarray, y: np.ndarray, n_labels: int, l2: float, seed: int) -> dict[str, np.ndarray]:
    """Multinomial logistic regression (L2) from [log p_head, onehot(rule)] to the label."""
    import torch

    torch.manual_seed(seed)
    w = torch.zeros((f.shape[1], n_labels), requires_grad=True)
    b = torch.zeros(n_labels, requires_grad=True)
    with torch.no_grad():  # start from "the head's answer"
        w[:n_labels] = torch.eye(n_labels)
    ft, yt = torch.from_numpy(f), torch.from_numpy(y)
    opt = torch.optim.LBFGS([w, b], max_iter=200, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(ft @ w + b, yt) + l2 * (w[:n_labels] - torch.eye(n_labels)).pow(
            2).sum() + l2 * w[n_labels:].pow(2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return {"stack_w": w.detach().numpy().copy(), "stack_b": b.detach().numpy().copy()}


def isotonic(conf: np.ndarray, right: np.ndarray, bins: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """Points (mean confidence, share right) of quantile bins, made non-decreasing by pooling adjacent
    violators: the map from a kept label's probability to how often such a label is right."""
    order = np.argsort(conf)
    blocks = [[float(conf[i].mean()), float(right[i].mean()), len(i)] for i in np.array_split(order, bins) if len(i)]
    k = 0
    while k < len(blocks) - 1:
        if blocks[k][1] > blocks[k + 1][1]:  # pool the two, weighted by their sizes
            a, b = blocks[k], blocks[k + 1]
            n = a[2] + b[2]
            blocks[k:k + 2] = [[(a[0] * a[2] + b[0] * b[2]) / n, (a[1] * a[2] + b[1] * b[2]) / n, n]]
            k = max(k - 1, 0)
        else:
            k += 1
    xs = np.array([0.0] + [b[0] for b in blocks] + [1.0])
    ys = np.array([blocks[0][1]] + [b[1] for b in blocks] + [blocks[-1][1]])
    return xs.astype(np.float32), ys.astype(np.float32)


def accuracy(gold: list[str], pred: list[str]) -> float:
    return float(np.mean([a == b for a, b in zip(gold, pred, strict=True)])) if gold else 0.0


def train(args: argparse.Namespace) -> None:
    from newsledger.extract.judgments import FEATURES_VERSION, N_FEATURES
    from newsledger.records import EVIDENCE, STANCES

    with CACHE.open("rb") as f:
        cache = pickle.load(f)
    rows = cache["rows"]
    x = np.stack([r["x"] for r in rows]).astype(np.float32)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-3
    if args.joint:  # the joint heads read the vectors as they are
        mean, scale = np.zeros_like(mean), np.ones_like(scale)
    xn = ((x - mean) / scale).astype(np.float32)
    articles = sorted({r["article"] for r in rows})
    rng = np.random.default_rng(args.seed)
    fold_of = {a: k % FOLDS for k, a in enumerate(rng.permutation(articles))}
    folds = np.array([fold_of[r["article"]] for r in rows])
    # Articles the fine-tuned encoder never saw (scripts/train_encoder.py --holdout): the stacker, the
    # calibration and every figure below marked "unseen" come from these alone, since on the others the
    # encoder's vectors already know the labels.
    build = json.loads((ROOT / "src" / "newsledger" / "resources" / "encoder" / "build.json").read_text("utf-8"))
    unseen = set(build.get("fine_tuning", {}).get("held_out_articles", articles))
    hon = np.array([k for k, r in enumerate(rows) if r["article"] in unseen])
    report: dict[str, Any] = {"statements": len(rows), "articles": len(articles), "unseen_statements": len(hon),
                              "unseen_articles": len(unseen & set(articles))}
    arrays: dict[str, np.ndarray] = {"mean": mean.astype(np.float32), "scale": scale.astype(np.float32)}
    meta: dict[str, Any] = {"features_version": FEATURES_VERSION, "n_features": N_FEATURES}
    for name, labels, rule_key in (("stance", STANCES, "rule_stance"), ("evidence", EVIDENCE, "rule_evidence")):
        y = np.array([labels.index(r[name]) for r in rows])
        counts = np.bincount(y, minlength=len(labels)).astype(np.float64)
        weights = ((counts.sum() / np.maximum(counts, 1)) ** args.class_power).astype(np.float32)
        weights /= weights[y].mean()
        if args.joint:  # the heads trained with the encoder: nothing to fit here
            params = joint_head(args.joint, name)
            z = logits(params, xn)
        else:  # out-of-fold logits, then the head fitted on everything
            z = np.zeros((len(rows), len(labels)))
            for k in range(FOLDS):
                tr, te = folds != k, folds == k
                z[te] = logits(fit(xn[tr], y[tr], len(labels), args, args.seed + k, weights), xn[te])
            params = fit(xn, y, len(labels), args, args.seed, weights)
        rule_l = [r[rule_key] for r in rows]
        stack_in = np.concatenate([np.log(softmax(z) + 1e-6), onehot(rule_l, labels)], axis=1).astype(np.float32)
        stacker: dict[str, np.ndarray] = {}
        if name in args.stack:  # the stacker, out of fold over the unseen articles, then on all of them
            z_stack = np.zeros((len(hon), len(labels)))
            hfolds = folds[hon]
            for k in range(FOLDS):
                tr, te = hfolds != k, hfolds == k
                sp = fit_stacker(stack_in[hon][tr], y[hon][tr], len(labels), args.stack_l2, args.seed + k)
                z_stack[te] = stack_in[hon][te] @ sp["stack_w"] + sp["stack_b"]
            stacker = fit_stacker(stack_in[hon], y[hon], len(labels), args.stack_l2, args.seed)
        else:
            z_stack = z[hon]
        t = temperature(z_stack, y[hon])
        p = softmax(z_stack / t)
        tau = getattr(args, f"{name}_threshold")
        rule_idx = [labels.index(r) if r in labels else -1 for r in (rule_l[i] for i in hon)]
        keep = [int(q.argmax()) if q.max() >= tau or ri < 0 else ri for q, ri in zip(p, rule_idx, strict=True)]
        pred_l = [labels[k] for k in keep]
        raw = np.array([q[k] for q, k in zip(p, keep, strict=True)])
        calib_x, calib_y = isotonic(raw, np.array([a == b for a, b in zip(pred_l, (labels[i] for i in y[hon]),
                                                                        strict=True)], dtype=np.float64))
        conf = np.interp(raw, calib_x, calib_y)
        gold_h = [labels[i] for i in y[hon]]
        head_h = [labels[i] for i in z[hon].argmax(axis=1)]
        rule_h = [rule_l[i] for i in hon]
        sure = conf >= 0.8
        res = {"unseen_accuracy": round(accuracy(gold_h, pred_l), 4),
               "unseen_head_only_accuracy": round(accuracy(gold_h, head_h), 4),
               "unseen_rules_accuracy": round(accuracy(gold_h, rule_h), 4),
               "temperature": t, "unseen_share_confident": round(float(sure.mean()), 4),
               "unseen_confident_accuracy": round(accuracy([g for g, s in zip(gold_h, sure, strict=True) if s],
                                                           [q for q, s in zip(pred_l, sure, strict=True) if s]), 4),
               "counts": dict(Counter(labels[i] for i in y))}
        if not args.joint:
            res["cv_head_accuracy"] = round(float((z.argmax(axis=1) == y).mean()), 4)
        if name == "evidence":
            res.update({"unseen_f1": round(evidence_f1(gold_h, pred_l), 4),
                        "unseen_head_only_f1": round(evidence_f1(gold_h, head_h), 4),
                        "unseen_rules_f1": round(evidence_f1(gold_h, rule_h), 4)})
        report[name] = res
        print(name, json.dumps(res))
        for key, value in {**params, **stacker, "calib_x": calib_x, "calib_y": calib_y}.items():
            arrays[f"{name}.{key}"] = value.astype(np.float32)
        meta[f"{name}_labels"] = list(labels)
        meta[f"{name}_temperature"] = t
        meta[f"{name}_rule_threshold"] = tau
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    np.savez_compressed(args.out, **{k: v.astype(np.float16) if v.dtype == np.float32 else v
                                     for k, v in arrays.items()})
    settings = {k: str(v) for k, v in vars(args).items() if k not in ("cmd", "out", "labels")}
    report.update({"labels_sha256": cache["labels_sha256"],
                   "polnear_train_sha256": sha256(SHARED / "data" / "polnear" / "train.jsonl"),
                   "encoder": build["onnx_sha256"], "settings": settings, "weights_sha256": sha256(args.out)})
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--labels", type=Path, default=LABELS)
    t = sub.add_parser("train")
    t.add_argument("--hidden", type=int, default=128)
    t.add_argument("--epochs", type=int, default=30)
    t.add_argument("--batch", type=int, default=32)
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--weight-decay", type=float, default=0.05)
    t.add_argument("--dropout", type=float, default=0.3)
    t.add_argument("--input-dropout", type=float, default=0.2)
    t.add_argument("--class-power", type=float, default=0.3, help="class weight = (1/frequency) ** power")
    t.add_argument("--seed", type=int, default=13)
    t.add_argument("--stack-l2", type=float, default=0.01, help="L2 pull of the stacker towards the head's answer")
    t.add_argument("--stack", nargs="*", default=["evidence"], choices=["stance", "evidence"],
                   help="heads that get a stacker over their answer and the rules' label")
    t.add_argument("--stance-threshold", type=float, default=0.9,
                   help="the rules' stance stands unless the head is at least this sure (chosen with "
                        "eval/stance_evidence.py and eval/seed.py on the development data)")
    t.add_argument("--evidence-threshold", type=float, default=0.9, help="the same for the evidence status")
    t.add_argument("--out", type=Path, default=OUT)
    t.add_argument("--joint", type=Path, default=None, metavar="DIR",
                   help="take the heads trained with the encoder (DIR/heads.npz, scripts/train_encoder.py)")
    args = ap.parse_args()
    (prepare if args.cmd == "prepare" else train)(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
