"""Which similarity finds "the same proposition in another outlet": sentence embeddings or lexical overlap?

No gold for claims across articles exists in ../shared, so this measures a proxy on ECB+ dev
(../shared/data/ecbplus/dev.jsonl): two sentences of different articles state the same thing (positive) when
each holds a mention of one cross-document event chain, and not (negative) when they share no chain, among
sentence pairs of articles of the same topic (the hard negatives: same story, other happening). Each
similarity is scored by average precision and by its best F1 over thresholds, and at the threshold newsledger
uses for claims (``newsledger.link.claims.CLAIM_THRESHOLD``, applied to the idf-weighted stem cosine).

    .venv/bin/python eval/claims.py [--max-pairs 200000]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import read_jsonl, shared

from newsledger.link import text as lt
from newsledger.link.claims import CLAIM_THRESHOLD
from newsledger.link.embed import embed


def average_precision(scores: np.ndarray, labels: np.ndarray) -> float:
    order = np.argsort(-scores, kind="stable")
    hits = labels[order]
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision * hits).sum() / max(1, hits.sum()))


def best_f1(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    order = np.argsort(-scores, kind="stable")
    hits = labels[order]
    tp = np.cumsum(hits)
    p = tp / np.arange(1, len(hits) + 1)
    r = tp / max(1, hits.sum())
    f = np.where(p + r > 0, 2 * p * r / np.maximum(p + r, 1e-12), 0)
    k = int(np.argmax(f))
    return float(f[k]), float(scores[order][k])


def prf_at(scores: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[float, float, float]:
    pred = scores >= threshold
    tp = float((pred & (labels == 1)).sum())
    p = tp / max(1, pred.sum())
    r = tp / max(1, labels.sum())
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-pairs", type=int, default=200000)
    args = ap.parse_args()
    docs = read_jsonl(shared("data", "ecbplus", "dev.jsonl"))
    sents: list[tuple[str, str, str, frozenset[str]]] = []  # doc, topic, text, chains
    for d in docs:
        lines = d["text"].split("\n")
        chains: dict[int, set[str]] = defaultdict(set)
        for m in d["event_mentions"]:
            if m["chain"]:
                chains[m["sent"]].add(m["chain"])
        for i, line in enumerate(lines):
            if len(line.split()) >= 6:
                sents.append((d["id"], d["topic"], line, frozenset(chains.get(i, ()))))
    by_topic: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sents):
        by_topic[s[1]].append(i)
    pairs = [(i, j) for idx in by_topic.values() for a, i in enumerate(idx) for j in idx[a + 1:]
             if sents[i][0] != sents[j][0]]
    random.Random(7).shuffle(pairs)
    pairs = pairs[:args.max_pairs]
    labels = np.array([bool(sents[i][3] & sents[j][3]) for i, j in pairs], dtype=float)
    texts = [s[2] for s in sents]
    vec = embed(texts).astype(np.float64)
    profiles = [lt.term_weights(t) for t in texts]
    stems = [frozenset(profiles[k]) for k in range(len(texts))]
    scores = {
        "embedding cosine (static MiniLM)": np.array([vec[i] @ vec[j] for i, j in pairs]),
        "lexical: idf-weighted stem cosine": np.array([lt.cosine(profiles[i], profiles[j]) for i, j in pairs]),
        "lexical: stem Jaccard": np.array([len(stems[i] & stems[j]) / max(1, len(stems[i] | stems[j]))
                                           for i, j in pairs]),
    }
    print(f"ECB+ dev sentence pairs (same topic, different articles): {len(pairs)}, "
          f"same event chain: {int(labels.sum())}")
    print(f"{'similarity':36} {'AP':>6} {'best F1':>8} {'at':>6}")
    for name, sc in scores.items():
        f, t = best_f1(sc, labels)
        print(f"{name:36} {average_precision(sc, labels):6.3f} {f:8.3f} {t:6.3f}")
    mixed = 0.25 * scores["embedding cosine (static MiniLM)"] + 0.75 * scores["lexical: idf-weighted stem cosine"]
    f, t = best_f1(mixed, labels)
    print(f"{'0.25 embedding + 0.75 idf cosine':36} {average_precision(mixed, labels):6.3f} {f:8.3f} {t:6.3f}")
    p, r, f = prf_at(scores["lexical: idf-weighted stem cosine"], labels, CLAIM_THRESHOLD)
    print(f"idf cosine >= {CLAIM_THRESHOLD} (the claim threshold): P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
