#!/usr/bin/env python3
"""Train the attribution tagger on PolNeAR train (../shared/data/polnear/train.jsonl).

    .venv/bin/pip install -e '.[train]'                  # torch (CPU), for training only
    .venv/bin/python scripts/train_attribution_tagger.py prepare   # parse and encode the corpus once (~5 min)
    .venv/bin/python scripts/train_attribution_tagger.py train     # fit and write the weights (~13 min)
    # optional, an ensemble of seeds (the shipped tagger is the single seed-13 network); see the variants below
    .venv/bin/python scripts/train_attribution_tagger.py train --seed 14 --out eval/out/tagger/s14.npz
    .venv/bin/python scripts/train_attribution_tagger.py ensemble src/newsledger/resources/attribution_tagger.npz \
        eval/out/tagger/s14.npz --out eval/out/tagger/ensemble.npz

``prepare`` parses each article with newsledger's own pipeline and stores token features (spaCy's and the
shared encoder's token vectors) and gold BIO labels (source / cue / content) in eval/out/tagger/ (not
committed: it holds corpus-derived data). ``train`` fits a small BiLSTM tagger with PyTorch on CPU (fixed
seeds) and writes src/newsledger/resources/attribution_tagger.npz, which newsledger reads with numpy alone
(``newsledger.nlp.attribution_tagger``). The last 40 train articles pick the epoch; PolNeAR dev is not used.
``train --fold K/N`` trains without every N-th article (the out-of-fold taggers of
``scripts/train_statement_head.py``). Gold labels that break BIO (an ``I-`` after another role's token, a chunk
cut inside a span) become ``B-``, as the decoder reads them.

Variants (each one PolNeAR dev exact F1 source / cue / content through the whole pipeline,
``eval/attributions.py``; the shipped seed-13 network: 0.772 / 0.702 / 0.616):

- ``--crf``: a linear-chain CRF output layer (learned transitions, first and last label scores; the run-time
  decoder reads them): seed 13 0.760 / 0.695 / 0.615, and the seed article's "unconfirmed video" lost.
- ``ensemble``: joins trained taggers into one file whose members' label log-probabilities are averaged;
  each member costs the tagger's BiLSTM again (about 5 % of extraction time). Retrained seeds alone:
  13 0.756 / 0.695 / 0.603, 14 0.763 / 0.702 / 0.620; together with 15: 0.762 / 0.706 / 0.617; the shipped
  network with 14: 0.770 / 0.699 / 0.620, with 14 and 15: 0.768 / 0.708 / 0.622. Not shipped: at most +0.006
  content for 5-10 % more time and a source under 0.77.
- ``--teachers A.npz B.npz ... --alpha W``: distillation, the gold labels' cross-entropy mixed (weight W) with
  the teachers' averaged label distribution: from the new seeds 13-15, W 0.5 seed 13 0.761 / 0.700 / 0.615,
  W 0.9 seed 16 0.764 / 0.702 / 0.611. From the shipped network and seeds 14 and 15, W 0.7 seed 17, with the
  rules of a42aee7: 0.772 / 0.713 / 0.620 where the shipped network gives 0.775 / 0.706 / 0.616, at one
  network's cost; but on the hand-annotated dev statements evidence F1 fell 0.550 -> 0.524 (under its 0.53
  floor) and confident stance accuracy 0.880 -> 0.846 (under 0.85), and the news hand check 0.786 -> 0.783
  (its new statements labelled as round 4): not shipped.

Seeds alone move content exact by about 0.01 either way, as much as any variant: the BiLSTM over these
features is at its ceiling (measured 2026-12-07, 10 epochs each, about 13 minutes on one thread).
"""

from __future__ import annotations

import argparse
import hashlib
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
                out.append((ids[s:e], vec[s:e], bio_repaired(d["labels"][s:e])))
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
            if args.crf:  # label transition scores (prev, next), and scores of a chunk's first and last label
                self.trans = nn.Parameter(torch.zeros(len(LABELS), len(LABELS)))
                self.start = nn.Parameter(torch.zeros(len(LABELS)))
                self.end = nn.Parameter(torch.zeros(len(LABELS)))

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

    def load_teacher(path: Path) -> Tagger:
        """A trained tagger file (one softmax network, this run's vocabularies and layout) as a torch module."""
        with np.load(path) as z:
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
            arr = {k: torch.from_numpy(z[k].astype(np.float32)) for k in z.files if k != "meta"}
        if meta["tables"] != tables or meta.get("members", 1) != 1 or meta.get("crf", False):
            sys.exit(f"train_attribution_tagger: {path} has other vocabularies, or is an ensemble or a CRF")
        state = {t: arr[f].T if transposed else arr[f] for t, f, transposed in file_layout(args.layers, False)}
        for torch_ih, torch_hh, file_name in lstm_biases(args.layers):  # the sum as the input bias
            state[torch_ih], state[torch_hh] = arr[file_name], torch.zeros_like(arr[file_name])
        teacher = Tagger()
        teacher.load_state_dict(state)
        return teacher.eval()

    # distillation: the teachers' averaged label log-probabilities (as an ensemble file decodes them), per chunk
    soft: list[np.ndarray] = []
    if args.teachers:
        teachers = [load_teacher(p) for p in args.teachers]
        for p, t in zip(args.teachers, teachers, strict=True):
            print(f"teacher {p.name}: held-out token F1 {token_f1(t, dev_ex, batch):.4f}", flush=True)
        with torch.no_grad():
            for b in range(0, len(train_ex), 64):
                ids, den, _, lengths = batch(train_ex[b:b + 64])
                mean = sum(torch.log_softmax(t(ids, den, lengths), -1) for t in teachers) / len(teachers)
                probs = torch.softmax(mean, -1).numpy()
                soft += [probs[k, :n] for k, n in enumerate(lengths.tolist())]
        print(f"soft labels of {len(teachers)} teachers for {len(soft)} chunks", flush=True)

    def soft_batch(picked: list[int], width: int) -> torch.Tensor:
        out = np.zeros((len(picked), width, len(LABELS)), dtype=np.float32)
        for k, i in enumerate(picked):
            out[k, :len(soft[i])] = soft[i]
        return torch.from_numpy(out)

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
            picked = [int(i) for i in order[b:b + args.batch]]
            ids, den, lab, lengths = batch([train_ex[i] for i in picked])
            logits = model(ids, den, lengths)
            if args.crf:
                loss = crf_nll(model, logits, lab[:, :logits.shape[1]], lengths)
            else:
                loss = loss_fn(logits.reshape(-1, len(LABELS)), lab[:, :logits.shape[1]].reshape(-1))
            if soft:  # cross-entropy against the teachers' label distribution, mixed with the gold labels'
                real = lab[:, :logits.shape[1]] != -100
                kd = -(soft_batch(picked, logits.shape[1]) * torch.log_softmax(logits, -1)).sum(-1)[real].mean()
                loss = (1 - args.alpha) * loss + args.alpha * kd
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


def bio_repaired(labels: np.ndarray) -> np.ndarray:
    """Labels the BIO constraint allows: an ``I-`` after anything but its own role (a token that kept another
    role's label, or a chunk cut inside a span) becomes a ``B-``."""
    out = labels.copy()
    for i in range(len(out)):
        if out[i] in (2, 4, 6) and (i == 0 or out[i - 1] not in (out[i] - 1, out[i])):
            out[i] -= 1
    return out


def forbidden() -> tuple[Any, Any]:
    """Additive masks (-1e4 where the BIO constraint forbids): transitions (prev, next), and first labels."""
    import torch

    trans = torch.zeros(len(LABELS), len(LABELS))
    first = torch.zeros(len(LABELS))
    for j, lab in enumerate(LABELS):
        if lab.startswith("I-"):
            first[j] = -1e4
            for i, prev in enumerate(LABELS):
                if prev[2:] != lab[2:]:
                    trans[i, j] = -1e4
    return trans, first


def crf_nll(model: Any, scores: Any, labels: Any, lengths: Any) -> Any:
    """The linear-chain CRF's negative log-likelihood of the gold labels, per token."""
    import torch

    bad_trans, bad_first = forbidden()
    trans, first = model.trans + bad_trans, model.start + bad_first
    bsz, t_max, _ = scores.shape
    mask = torch.arange(t_max)[None, :] < lengths[:, None]
    gold = labels.clamp(min=0)
    rows = torch.arange(bsz)
    emit = scores.gather(2, gold[:, :, None]).squeeze(-1)
    path = first[gold[:, 0]] + (emit * mask).sum(1) + (trans[gold[:, :-1], gold[:, 1:]] * mask[:, 1:]).sum(1)
    path = path + model.end[gold[rows, lengths - 1]]
    alpha = first[None, :] + scores[:, 0]
    for t in range(1, t_max):
        nxt = torch.logsumexp(alpha[:, :, None] + trans[None], dim=1) + scores[:, t]
        alpha = torch.where(mask[:, t, None], nxt, alpha)
    log_z = torch.logsumexp(alpha + model.end[None, :], dim=1)
    return (log_z - path).sum() / mask.sum()


def crf_decode(model: Any, scores: Any, lengths: Any) -> Any:
    """The best label sequence under the CRF (padded positions keep the last real label)."""
    import torch

    bad_trans, bad_first = forbidden()
    trans, first = model.trans + bad_trans, model.start + bad_first
    bsz, t_max, _ = scores.shape
    score = first[None, :] + scores[:, 0]
    back = []
    for t in range(1, t_max):
        total = score[:, :, None] + trans[None]
        best, arg = total.max(dim=1)
        active = (t < lengths)[:, None]
        back.append(torch.where(active, arg, torch.arange(len(LABELS))[None, :].expand(bsz, -1)))
        score = torch.where(active, best + scores[:, t], score)
    state = (score + model.end[None, :]).argmax(-1)
    out = [state]
    for arg in reversed(back):
        state = arg.gather(1, state[:, None]).squeeze(1)
        out.append(state)
    return torch.stack(out[::-1], dim=1)


def token_f1(model: Any, exs: list[Any], batch: Any) -> float:
    import torch

    tp = fp = fn = 0
    with torch.no_grad():
        for b in range(0, len(exs), 64):
            ids, den, lab, lengths = batch(exs[b:b + 64])
            scores = model(ids, den, lengths)
            pred = crf_decode(model, scores, lengths) if getattr(model, "trans", None) is not None \
                else scores.argmax(-1)
            lab = lab[:, :pred.shape[1]]
            mask = lab != -100
            p, g = pred[mask], lab[mask]
            tp += int(((p == g) & (g != 0)).sum())
            fp += int(((p != g) & (p != 0)).sum())
            fn += int(((p != g) & (g != 0)).sum())
    return 2 * tp / max(1, 2 * tp + fp + fn)


def file_layout(layers: int, crf: bool) -> list[tuple[str, str, bool]]:
    """(torch state name, weights file name, stored transposed) of each array of a tagger network but the LSTM
    biases (:func:`lstm_biases`): what :func:`save` writes and a teacher is loaded from."""
    from newsledger.nlp.tagger_features import CATEGORICAL

    out = [(f"embs.{j}.weight", f"emb.{name}", False) for j, name in enumerate(CATEGORICAL)]
    out += [("proj.weight", "proj.w", True), ("proj.bias", "proj.b", False)]
    for layer in range(layers):
        for d, suffix in ((0, ""), (1, "_reverse")):
            out += [(f"lstm.weight_ih_l{layer}{suffix}", f"lstm.{layer}.{d}.w_ih", True),
                    (f"lstm.weight_hh_l{layer}{suffix}", f"lstm.{layer}.{d}.w_hh", True)]
    out += [("out.weight", "out.w", True), ("out.bias", "out.b", False)]
    return out + ([(name, f"crf.{name}", False) for name in ("trans", "start", "end")] if crf else [])


def lstm_biases(layers: int) -> list[tuple[str, str, str]]:
    """(torch input bias, torch recurrent bias, weights file name) per LSTM layer and direction: the file keeps
    one bias, their sum."""
    return [(f"lstm.bias_ih_l{layer}{suffix}", f"lstm.bias_hh_l{layer}{suffix}", f"lstm.{layer}.{d}.b")
            for layer in range(layers) for d, suffix in ((0, ""), (1, "_reverse"))]


def save(state: dict[str, Any], tables: dict[str, list[str]], args: argparse.Namespace) -> None:
    arrays: dict[str, np.ndarray] = {}
    for torch_name, file_name, transposed in file_layout(args.layers, args.crf):
        value = state[torch_name].numpy()
        arrays[file_name] = (value.T if transposed else value).astype(np.float32)
    for torch_ih, torch_hh, file_name in lstm_biases(args.layers):  # the file keeps their sum
        arrays[file_name] = (state[torch_ih] + state[torch_hh]).numpy().astype(np.float32)
    meta = {"labels": list(LABELS), "layers": args.layers, "tables": tables, "encoder": args.encoder,
            "crf": bool(args.crf), "trained_on": "PolNeAR train (840 articles)", "seed": args.seed}
    if args.teachers:
        meta["distilled_from"] = {"alpha": args.alpha, "teachers": [
            {"file": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in args.teachers]}
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
        if any(m.get(key, False) != metas[0].get(key, False)
               for key in ("tables", "labels", "layers", "encoder", "crf")):
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
    t.add_argument("--teachers", type=Path, nargs="+", default=None, metavar="NPZ",
                   help="distil: also learn the averaged label distribution of these trained taggers")
    t.add_argument("--alpha", type=float, default=0.5, help="weight of the teachers' distribution (with --teachers)")
    t.add_argument("--crf", action="store_true",
                   help="a linear-chain CRF output layer (learned label transitions) instead of per-token softmax")
    e = sub.add_parser("ensemble", help="join trained taggers into one averaged tagger")
    e.add_argument("members", type=Path, nargs="+")
    e.add_argument("--out", type=Path, default=WEIGHTS)
    args = ap.parse_args()
    {"prepare": prepare, "train": train, "ensemble": ensemble}[args.cmd](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
