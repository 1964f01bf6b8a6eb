"""Fit the pairwise same-happening weights of ``newsledger.link.mentions`` on ECB+ dev (called by
``eval/incidents.py --fit``).

Training pairs: every pair of gold event mentions that carry a cross-document chain and fall in the same
predicted block (blocks come from our article profiles; no topic label is used); the label is "same chain".
The model is a logistic regression over ``mentions.FEATURES`` fitted by full-batch gradient descent. The
held-out topics are not in dev, so the figures eval/incidents.py reports on dev are in-sample for these seven
weights; ``--fit`` also prints a two-fold estimate (weights fitted on odd topics, scored on even ones, and the
reverse) so the gap can be seen.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import numpy.typing as npt

from newsledger.link.incidents import blocks, cluster_incidents, profile_of, similarities, stories
from newsledger.link.mentions import FEATURES, EventMention, feature_matrices, link_model
from newsledger.records import Ledger

Array = npt.NDArray[np.float64]


def pairs(ledgers: list[Ledger], mentions: dict[str, list[EventMention]], docs: dict[str, dict[str, Any]]
          ) -> tuple[Array, Array, Array]:
    """Features, labels and topic number of every chained pair inside a predicted block."""
    profiles = [profile_of(lg) for lg in ledgers]
    sims = similarities(profiles)
    chain = {}
    for aid, doc in docs.items():
        for m, g in zip(mentions[aid], doc["event_mentions"], strict=True):
            chain[m.id] = g["chain"]
    xs, ys, ts = [], [], []
    for block in blocks([p.article_id for p in profiles], sims):
        ms = sorted((m for a in block for m in mentions[a] if chain[m.id]), key=lambda m: m.id)
        if len(ms) < 2:
            continue
        feats = feature_matrices(ms, sims)
        iu = np.triu_indices(len(ms), 1)
        xs.append(feats[:, iu[0], iu[1]].T)
        ys.append(np.array([chain[ms[i].id] == chain[ms[j].id] for i, j in zip(*iu, strict=True)], dtype=float))
        ts.append(np.array([int(docs[ms[i].article_id]["topic"]) for i in iu[0]]))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ts)


def logistic(x: Array, y: Array, iters: int = 3000, rate: float = 2.0) -> Array:
    w = np.zeros(x.shape[1])
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        w -= rate * x.T @ (p - y) / len(y)
    return w


def conll(ledgers: list[Ledger], mentions: dict[str, list[EventMention]], docs: dict[str, dict[str, Any]],
          weights: Array, parity: int | None = None) -> float:
    """CoNLL F1 on dev of the batch linker (blocks, stories, incidents) with these weights."""
    from _common import scorer

    model = dataclasses.replace(link_model(), weights=tuple(float(v) for v in weights))
    profiles = [profile_of(lg) for lg in ledgers]
    sims = similarities(profiles, model)
    preds = []
    where = {m.id: m for ms in mentions.values() for m in ms}
    for block in blocks([p.article_id for p in profiles], sims, model):
        for story in stories(block, sims, model):
            for link in cluster_incidents([m for a in story for m in mentions[a]], sims, model):
                for eid, _ in link.events:
                    m = where[eid]
                    preds.append({"doc_id": docs[m.article_id]["id"], "span": [m.start, m.end],
                                  "incident": link.id})
    gold = [d for d in docs.values() if parity is None or int(d["topic"]) % 2 == parity]
    return float(scorer("score_incidents").score(gold, preds)["conll_f1"])


def fit(ledgers: list[Ledger], mentions: dict[str, list[EventMention]], docs: dict[str, dict[str, Any]]) -> None:
    x, y, t = pairs(ledgers, mentions, docs)
    w = logistic(x, y)
    print(f"{len(y)} pairs ({int(y.sum())} same chain) in predicted blocks "
          f"(block threshold {link_model().block_threshold})")
    print("weights:", ", ".join(f"{name} {v:.2f}" for name, v in zip(FEATURES, w, strict=True)))
    print("json:", [round(float(v), 2) for v in w])
    si = None
    for name, parity in (("odd topics", 1), ("even topics", 0)):
        from _common import scorer

        si = si or scorer("score_incidents")
        wf = logistic(x[t % 2 == parity], y[t % 2 == parity])
        other = [d for d in docs.values() if int(d["topic"]) % 2 != parity]
        base = si.score(other, si.baseline(other, "lemma"))["conll_f1"]
        print(f"fitted on {name}: {[round(float(v), 2) for v in wf]}; CoNLL F1 on the other topics "
              f"{conll(ledgers, mentions, docs, wf, 1 - parity):.4f} (lemma baseline there {base:.4f})")
    print(f"CoNLL F1 on dev, all features: {conll(ledgers, mentions, docs, w):.4f}")
    lexical = [i for i, f in enumerate(FEATURES) if f not in ("head_cosine", "sentence_cosine")]
    wl = np.zeros(len(FEATURES))
    wl[lexical] = logistic(x[:, lexical], y)
    print(f"CoNLL F1 on dev, lexical features only (no embeddings), refitted: {conll(ledgers, mentions, docs, wl):.4f}"
          f" weights {[round(float(v), 2) for v in wl]}")
