#!/usr/bin/env python3
"""Fine-tune the shared encoder (all-MiniLM-L6-v2) on the stance and evidence annotation, on the CPU.

    pip install -e '.[train]'
    python scripts/train_judgments.py prepare            # pairs annotated statements with the pipeline's
    python scripts/train_encoder.py                      # fine-tunes; writes eval/out/encoder_ft/
    python scripts/build_encoder.py --source eval/out/encoder_ft
    python scripts/train_judgments.py prepare && python scripts/train_judgments.py train

The encoder is trained as it is used: each statement's sentence is encoded, its content, cue and speaker
subwords and the whole sentence are mean-pooled, the sentences around it (encoded without gradient) give the
context vector, and two linear layers over these and the rules' features predict the stance and the evidence
status (summed cross-entropy). These heads are saved beside the encoder (``heads.npz``): ``train_judgments.py
train --joint`` takes them as they are (and only calibrates them), without ``--joint`` it fits new ones on the
int8 ONNX encoder's vectors.

A held-out set of articles (``--holdout``, drawn with the seed) is never trained on; its accuracy is printed
after every epoch. Fixed seeds; two threads; about 10 minutes an epoch on this 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CACHE = ROOT / "eval" / "out" / "judgments_features.pkl"
OUT = ROOT / "eval" / "out" / "encoder_ft"
MAX_SUBWORDS = 256  # training only: a longer sentence is cut here (inference windows it, see nlp/encoder.py)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--holdout", type=int, default=30, help="articles held out for monitoring")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    import torch
    from tokenizers import Tokenizer
    from torch import nn
    from transformers import AutoModel

    sys.path.insert(0, str(ROOT / "scripts"))
    from build_encoder import source_dir

    from newsledger.extract.judgments import N_EXTRA
    from newsledger.records import EVIDENCE, STANCES

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(args.seed)
    with CACHE.open("rb") as f:
        rows = pickle.load(f)["rows"]
    texts = {}
    wanted = {r["article"] for r in rows}
    for line in (SHARED / "data" / "polnear" / "train.jsonl").open(encoding="utf-8"):
        d = json.loads(line)
        if d["id"] in wanted:
            texts[d["id"]] = d["text"]
    rows = [r for r in rows if r["parts"]["sentence"]]
    articles = sorted(wanted)
    held = set(rng.permutation(articles)[:args.holdout].tolist())
    train_rows = [r for r in rows if r["article"] not in held]
    test_rows = [r for r in rows if r["article"] in held]
    print(f"{len(train_rows)} training statements, {len(test_rows)} held out ({len(held)} articles)", flush=True)

    src = source_dir()
    tok = Tokenizer.from_file(str(src / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    bert = AutoModel.from_pretrained(str(src))
    width = bert.config.hidden_size

    class Model(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert
            self.hidden = nn.Sequential(nn.Dropout(0.1), nn.Linear(5 * width + N_EXTRA, 256), nn.ReLU(),
                                        nn.Dropout(0.1))
            self.stance = nn.Linear(256, len(STANCES))
            self.evidence = nn.Linear(256, len(EVIDENCE))

    model = Model()

    def encode(pieces: list[str]) -> tuple[Any, list[np.ndarray]]:
        encs = tok.encode_batch(pieces, add_special_tokens=False)
        n = max(min(len(e.ids), MAX_SUBWORDS - 2) for e in encs) + 2
        ids = torch.zeros((len(encs), n), dtype=torch.long)
        mask = torch.zeros((len(encs), n), dtype=torch.long)
        offs = []
        for k, e in enumerate(encs):
            row = [cls_id, *e.ids[:MAX_SUBWORDS - 2], sep_id]
            ids[k, :len(row)] = torch.tensor(row)
            mask[k, :len(row)] = 1
            offs.append(np.asarray(e.offsets[:MAX_SUBWORDS - 2], dtype=np.int64).reshape(-1, 2))
        return (ids, mask), offs

    def pool(hidden: Any, k: int, offs: np.ndarray, spans: list[tuple[int, int]], base: int) -> Any:
        keep = np.zeros(len(offs), dtype=bool)
        for s, e in spans:
            keep |= (offs[:, 0] < e - base) & (offs[:, 1] > s - base)
        if not keep.any():
            return torch.zeros(width)
        idx = torch.from_numpy(np.nonzero(keep)[0] + 1)  # +1: [CLS]
        return hidden[k, idx].mean(dim=0)

    def forward(batch: list[dict[str, Any]], train: bool) -> tuple[Any, Any]:
        sents = [r["parts"]["sentence"][0] for r in batch]
        (ids, mask), offs = encode([texts[r["article"]][s:e] for r, (s, e) in zip(batch, sents, strict=True)])
        hidden = model.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        ctx_pieces = [(k, s, e) for k, r in enumerate(batch) for s, e in r["parts"]["context"]]
        ctx = [torch.zeros(width) for _ in batch]
        if ctx_pieces:
            with torch.no_grad():
                (cids, cmask), coffs = encode([texts[batch[k]["article"]][s:e] for k, s, e in ctx_pieces])
                chid = model.bert(input_ids=cids, attention_mask=cmask).last_hidden_state
            sums: dict[int, list[Any]] = {}
            for j, (k, _, _) in enumerate(ctx_pieces):
                n = len(coffs[j])
                if n:
                    sums.setdefault(k, []).append(chid[j, 1:1 + n])
            for k, parts in sums.items():
                ctx[k] = torch.cat(parts).mean(dim=0)
        feats = []
        for k, (r, (s, _)) in enumerate(zip(batch, sents, strict=True)):
            p = r["parts"]
            n = len(offs[k])
            sent_vec = hidden[k, 1:1 + n].mean(dim=0) if n else torch.zeros(width)
            extra = torch.from_numpy(np.asarray(r["x"][-N_EXTRA:], dtype=np.float32))
            feats.append(torch.cat([pool(hidden, k, offs[k], p["content"], s), pool(hidden, k, offs[k], p["cue"], s),
                                    pool(hidden, k, offs[k], p["speaker"], s), sent_vec, ctx[k], extra]))
        h = model.hidden(torch.stack(feats))
        return model.stance(h), model.evidence(h)

    head_params = [p for n, p in model.named_parameters() if not n.startswith("bert.")]
    opt = torch.optim.AdamW([{"params": model.bert.parameters(), "lr": args.lr},
                             {"params": head_params, "lr": args.head_lr}], weight_decay=0.01)
    steps = args.epochs * ((len(train_rows) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: min(1.0, (i + 1) / 50) * max(0.0, 1 - i / steps))
    loss_fn = nn.CrossEntropyLoss()

    def evaluate() -> tuple[float, float]:
        model.eval()
        ok_s = ok_e = 0
        with torch.no_grad():
            for b in range(0, len(test_rows), 32):
                batch = test_rows[b:b + 32]
                zs, ze = forward(batch, False)
                ok_s += sum(STANCES[int(i)] == r["stance"] for i, r in zip(zs.argmax(1), batch, strict=True))
                ok_e += sum(EVIDENCE[int(i)] == r["evidence"] for i, r in zip(ze.argmax(1), batch, strict=True))
        return ok_s / max(1, len(test_rows)), ok_e / max(1, len(test_rows))

    t0 = time.perf_counter()
    step = 0
    for epoch in range(args.epochs):
        model.train()
        order = rng.permutation(len(train_rows))
        for b in range(0, len(order), args.batch):
            batch = [train_rows[i] for i in order[b:b + args.batch]]
            zs, ze = forward(batch, True)
            ys = torch.tensor([STANCES.index(r["stance"]) for r in batch])
            ye = torch.tensor([EVIDENCE.index(r["evidence"]) for r in batch])
            loss = loss_fn(zs, ys) + loss_fn(ze, ye)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 20 == 0:
                print(f"epoch {epoch + 1} step {step}/{steps} loss {loss.item():.3f} "
                      f"{time.perf_counter() - t0:.0f} s", flush=True)
        acc_s, acc_e = evaluate()
        print(f"epoch {epoch + 1}: held-out stance accuracy {acc_s:.3f}, evidence accuracy {acc_e:.3f} "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)
        args.out.mkdir(parents=True, exist_ok=True)
        model.bert.save_pretrained(str(args.out))
        lin1 = model.hidden[1]
        np.savez(args.out / "heads.npz", w1=lin1.weight.detach().numpy().T, b1=lin1.bias.detach().numpy(),
                 **{f"{n}_w2": getattr(model, n).weight.detach().numpy().T for n in ("stance", "evidence")},
                 **{f"{n}_b2": getattr(model, n).bias.detach().numpy() for n in ("stance", "evidence")})
        for name in ("tokenizer.json", "LICENSE", "NOTICE"):
            if (src / name).exists():
                (args.out / name).write_bytes((src / name).read_bytes())
        (args.out / "training.json").write_text(json.dumps({
            "epochs_done": epoch + 1, "held_out_stance_accuracy": round(acc_s, 4),
            "held_out_evidence_accuracy": round(acc_e, 4), "held_out_articles": sorted(held),
            "settings": {k: str(v) for k, v in vars(args).items()}}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
