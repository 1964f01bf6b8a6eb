#!/usr/bin/env python3
"""Train the attribution tagger on PolNeAR train (../shared/data/polnear/train.jsonl).

    .venv/bin/pip install -e '.[train]'                  # torch (CPU), for training only
    .venv/bin/python scripts/train_attribution_tagger.py prepare   # parse and encode the corpus once (~5 min)
    .venv/bin/python scripts/train_attribution_tagger.py train     # fit and write the weights (~13 min)
    # optional, an ensemble of seeds (the shipped tagger is the single seed-13 network):
    .venv/bin/python scripts/train_attribution_tagger.py train --seed 14 --out eval/out/tagger/s14.npz
    .venv/bin/python scripts/train_attribution_tagger.py ensemble src/newsledger/resources/attribution_tagger.npz \
        eval/out/tagger/s14.npz --out eval/out/tagger/ensemble.npz

``prepare`` parses each article with newsledger's own pipeline and stores token features (spaCy's and the
shared encoder's token vectors) and gold BIO labels (source / cue / content) in eval/out/tagger/ (not
committed: it holds corpus-derived data). ``train`` fits a small BiLSTM tagger with PyTorch on CPU (fixed
seeds) and writes src/newsledger/resources/attribution_tagger.npz, which newsledger reads with numpy alone
(``newsledger.nlp.attribution_tagger``); ``ensemble`` joins trained taggers into one file whose members' label
log-probabilities are averaged (seeds 13 and 14 together: PolNeAR dev exact content 0.603 against 0.592, but
twice the tagger's time and one of the seed article's evidence cues lost, so it is not shipped). The last 40
train articles pick the epoch; PolNeAR dev is not used. ``train --fold K/N`` trains
without every N-th article (the out-of-fold taggers of ``scripts/train_statement_head.py``).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
CACHE = ROOT / "eval" / "out" / "tagger"
WEIGHTS = ROOT / "src" / "newsledger" / "resources" / "attribution_tagger.npz"
LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
ROLE_LABEL = {"source": 1, "cue": 3, "content": 5}
MIN_LEMMA = 3
HOLDOUT = 40


def gold_labels(doc: Any, attributions: list[dict[str, Any]]) -> np.ndarray:
    """BIO labels per token; a token keeps the first role it gets (PolNeAR is univocal but for shared sources)."""
    starts = np.array([t.idx for t in doc], dtype=np.int64)
    ends = starts + np.array([len(t) for t in doc], dtype=np.int64)
    labels = np.zeros(len(doc), dtype=np.int64)
    space = np.array([t.is_space for t in doc], dtype=bool)
    for a in attributions:
        for role in ("cue", "source", "content"):
            for s, e in a.get(role) or []:
                idx = np.nonzero((starts < e) & (ends > s) & ~space)[0]
                first = True
                for i in idx:
                    if labels[i] == 0:
                        labels[i] = ROLE_LABEL[role] + (0 if first else 1)
                    first = False
    return labels


def prepare(args: argparse.Namespace) -> None:
    from _common import read_jsonl, shared

    from newsledger.nlp import get_nlp
    from newsledger.nlp.tagger_features import chunks, contextual, dense, raw_features

    nlp = get_nlp()
    CACHE.mkdir(parents=True, exist_ok=True)
    for split in ("train",):
        rows = read_jsonl(shared("data", "polnear", f"{split}.jsonl"), args.limit)
        out = []
        t0 = time.perf_counter()
        for r, doc in zip(rows, nlp.pipe([r["text"] for r in rows], batch_size=16), strict=True):
            out.append({"id": r["id"], "rows": raw_features(doc), "dense": dense(doc).astype(np.float16),
                        "enc": contextual(doc).astype(np.float16),
                        "labels": gold_labels(doc, r["attributions"]), "chunks": chunks(doc)})
        with (CACHE / f"{split}.pkl").open("wb") as f:
            pickle.dump(out, f)
        print(f"{split}: {len(out)} articles in {time.perf_counter() - t0:.0f} s")


def build_vocab(docs: list[dict[str, Any]]) -> dict[str, list[str]]:
    from newsledger.nlp.tagger_features import CATEGORICAL, PAD, UNK

    counts: list[Counter[str]] = [Counter() for _ in CATEGORICAL]
    for d in docs:
        for row in d["rows"]:
            for j, v in enumerate(row):
                counts[j][v] += 1
    tables = {}
    for j, name in enumerate(CATEGORICAL):
        least = MIN_LEMMA if name in {"lemma", "head_lemma"} else 1
        tables[name] = [PAD, UNK, *sorted(v for v, c in counts[j].items() if c >= least)]
    return tables


def train(args: argparse.Namespace) -> None:
    import torch
    from torch import nn

    from newsledger.nlp.tagger_features import CATEGORICAL, DENSE_WIDTH, ENCODER_WIDTH, Vocab, encode

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    with (CACHE / "train.pkl").open("rb") as f:
        train_docs = pickle.load(f)
    if args.fold:  # a fold's tagger: never trained on the articles of its fold (k of n, every n-th article)
        k, n = (int(x) for x in args.fold.split("/"))
        train_docs = [d for i, d in enumerate(train_docs) if i % n != k]
    # the last HOLDOUT train articles pick the epoch; PolNeAR dev stays unseen for evaluation
    train_docs, dev_docs = train_docs[:-HOLDOUT], train_docs[-HOLDOUT:]
    tables = build_vocab(train_docs)
    vocab = Vocab({k: tuple(v) for k, v in tables.items()})
    dims = {"lemma": 64, "head_lemma": 32}

    def examples(docs: list[dict[str, Any]]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        out = []
        for d in docs:
            ids = encode(d["rows"], vocab)
            vec = np.concatenate([d["dense"], d["enc"]], axis=1) if args.encoder else d["dense"]
            for s, e in d["chunks"]:
                out.append((ids[s:e], vec[s:e], d["labels"][s:e]))
        return out

    dense_width = DENSE_WIDTH + (ENCODER_WIDTH if args.encoder else 0)
    train_ex, dev_ex = examples(train_docs), examples(dev_docs)
    print(f"{len(train_ex)} train chunks, {len(dev_ex)} held-out chunks")

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embs = nn.ModuleList(nn.Embedding(len(tables[n]), dims.get(n, 16), padding_idx=0)
                                      for n in CATEGORICAL)
            width = sum(dims.get(n, 16) for n in CATEGORICAL) + dense_width
            self.proj = nn.Linear(width, args.proj)
            self.drop = nn.Dropout(args.dropout)
            self.lstm = nn.LSTM(args.proj, args.hidden, num_layers=args.layers, bidirectional=True,
                                batch_first=True, dropout=args.dropout if args.layers > 1 else 0.0)
            self.out = nn.Linear(2 * args.hidden, len(LABELS))

        def forward(self, ids: torch.Tensor, dense: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
            x = torch.cat([e(ids[:, :, j]) for j, e in enumerate(self.embs)] + [dense], dim=-1)
            x = self.drop(torch.relu(self.proj(self.drop(x))))
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True)
            return self.out(self.drop(h))

    def batch(exs: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> tuple[torch.Tensor, ...]:
        n = max(len(e[2]) for e in exs)
        ids = np.zeros((len(exs), n, len(CATEGORICAL)), dtype=np.int64)
        den = np.zeros((len(exs), n, dense_width), dtype=np.float32)
        lab = np.full((len(exs), n), -100, dtype=np.int64)
        for k, (a, b, c) in enumerate(exs):
            ids[k, :len(c)], den[k, :len(c)], lab[k, :len(c)] = a, b, c
        lengths = torch.tensor([len(e[2]) for e in exs])
        return torch.from_numpy(ids), torch.from_numpy(den), torch.from_numpy(lab), lengths

    model = Tagger()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=args.decay)
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    best, best_state = -1.0, None
    for epoch in range(args.epochs):
        model.train()
        # batches of chunks of similar length (less padding), in random order
        order = np.random.permutation(len(train_ex))
        pool = args.batch * 50
        order = np.concatenate([sorted(order[p:p + pool], key=lambda i: len(train_ex[i][2]))
                                for p in range(0, len(order), pool)])
        starts = np.random.permutation(np.arange(0, len(order), args.batch))
        total = 0.0
        t0 = time.perf_counter()
        for step, b in enumerate(starts):
            ids, den, lab, lengths = batch([train_ex[i] for i in order[b:b + args.batch]])
            logits = model(ids, den, lengths)
            loss = loss_fn(logits.reshape(-1, len(LABELS)), lab[:, :logits.shape[1]].reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += float(loss.detach())
            if step % 100 == 0:
                print(f"  step {step}: loss {float(loss.detach()):.3f} "
                      f"({time.perf_counter() - t0:.0f} s)", flush=True)
        sched.step()
        model.eval()
        f = token_f1(model, dev_ex, batch)
        print(f"epoch {epoch + 1}: loss {total:.1f}, held-out token F1 {f:.4f} ({time.perf_counter() - t0:.0f} s)",
              flush=True)
        if f > best:
            best, best_state = f, {k: v.detach().clone() for k, v in model.state_dict().items()}
    assert best_state is not None
    save(best_state, tables, args)
    print(f"best held-out token F1 {best:.4f}; wrote {args.out}")


def token_f1(model: Any, exs: list[Any], batch: Any) -> float:
    import torch

    tp = fp = fn = 0
    with torch.no_grad():
        for b in range(0, len(exs), 64):
            ids, den, lab, lengths = batch(exs[b:b + 64])
            pred = model(ids, den, lengths).argmax(-1)
            lab = lab[:, :pred.shape[1]]
            mask = lab != -100
            p, g = pred[mask], lab[mask]
            tp += int(((p == g) & (g != 0)).sum())
            fp += int(((p != g) & (p != 0)).sum())
            fn += int(((p != g) & (g != 0)).sum())
    return 2 * tp / max(1, 2 * tp + fp + fn)


def save(state: dict[str, Any], tables: dict[str, list[str]], args: argparse.Namespace) -> None:
    from newsledger.nlp.tagger_features import CATEGORICAL

    arrays: dict[str, np.ndarray] = {}
    for j, name in enumerate(CATEGORICAL):
        arrays[f"emb.{name}"] = state[f"embs.{j}.weight"].numpy().astype(np.float32)
    arrays["proj.w"] = state["proj.weight"].numpy().T.astype(np.float32)
    arrays["proj.b"] = state["proj.bias"].numpy().astype(np.float32)
    for layer in range(args.layers):
        for d, suffix in ((0, ""), (1, "_reverse")):
            arrays[f"lstm.{layer}.{d}.w_ih"] = state[f"lstm.weight_ih_l{layer}{suffix}"].numpy().T.astype(np.float32)
            arrays[f"lstm.{layer}.{d}.w_hh"] = state[f"lstm.weight_hh_l{layer}{suffix}"].numpy().T.astype(np.float32)
            arrays[f"lstm.{layer}.{d}.b"] = (state[f"lstm.bias_ih_l{layer}{suffix}"]
                                             + state[f"lstm.bias_hh_l{layer}{suffix}"]).numpy().astype(np.float32)
    arrays["out.w"] = state["out.weight"].numpy().T.astype(np.float32)
    arrays["out.b"] = state["out.bias"].numpy().astype(np.float32)
    meta = {"labels": list(LABELS), "layers": args.layers, "tables": tables, "encoder": args.encoder,
            "trained_on": "PolNeAR train (840 articles)", "seed": args.seed}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    np.savez_compressed(args.out, **{k: v.astype(np.float16) if v.dtype == np.float32 else v
                                    for k, v in arrays.items()})


def ensemble(args: argparse.Namespace) -> None:
    """One tagger file from several trained ones (same vocabularies, same layout): member 0's arrays as they
    are, member k's prefixed ``m<k>.``; the tagger averages the members' label log-probabilities."""
    metas, arrays = [], {}
    for k, path in enumerate(args.members):
        with np.load(path) as z:
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
            arrays.update({(f"m{k}." if k else "") + name: z[name] for name in z.files if name != "meta"})
        metas.append(meta)
    for m in metas[1:]:
        if any(m[key] != metas[0][key] for key in ("tables", "labels", "layers", "encoder")):
            sys.exit("train_attribution_tagger: the members differ in vocabularies or layout")
    meta = metas[0] | {"members": len(metas), "seeds": [m["seed"] for m in metas]}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    np.savez_compressed(args.out, **arrays)
    print(f"{len(metas)} members -> {args.out}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--limit", type=int, default=None)
    t = sub.add_parser("train")
    t.add_argument("--epochs", type=int, default=10)
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--proj", type=int, default=128)
    t.add_argument("--hidden", type=int, default=96)
    t.add_argument("--layers", type=int, default=2)
    t.add_argument("--dropout", type=float, default=0.3)
    t.add_argument("--seed", type=int, default=13)
    t.add_argument("--decay", type=float, default=0.85, help="learning rate factor per epoch")
    t.add_argument("--threads", type=int, default=1, help="torch threads (more spin-wait on a busy machine)")
    t.add_argument("--out", type=Path, default=WEIGHTS)
    t.add_argument("--fold", default=None, metavar="K/N",
                   help="leave out train articles i with i %% N == K (out-of-fold taggers for the statement head)")
    t.add_argument("--encoder", action=argparse.BooleanOptionalAction, default=True,
                   help="read the shared encoder's token vectors besides spaCy's (default: yes)")
    e = sub.add_parser("ensemble", help="join trained taggers into one averaged tagger")
    e.add_argument("members", type=Path, nargs="+")
    e.add_argument("--out", type=Path, default=WEIGHTS)
    args = ap.parse_args()
    {"prepare": prepare, "train": train, "ensemble": ensemble}[args.cmd](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
