#!/usr/bin/env python3
"""Train the pronoun resolver (``newsledger.extract.speakers.resolve_pronoun``): the weights of its linear score.

    python scripts/train_pronoun_resolver.py [--l2 0.05] [--folds 5] [--dry-run]

Data: eval/annotations/pronoun_referents.tsv (scripts/pronoun_annotation.py; two annotators, adjudicated):
pronoun speakers of news articles (never the 50 hand-checked ones) and the mention each refers to, or none.
For every item the script runs newsledger up to speaker resolution, rebuilds the candidates the resolver sees
for that pronoun (``speakers.pronoun_candidates``: the statements before it with their resolved speakers, the
actors named in the sentences before it) and their features, and labels the candidate that the annotated
mention names (or "no referent"). A softmax over the candidates and "no referent" (whose score is one learned
number) is fitted by gradient descent with an L2 penalty; cross-validation by article reports accuracy (the
right actor, or none when the annotators found none) against the weights in use before. Writes
``src/newsledger/resources/pronoun_resolver.json`` (weights, data hash, figures). Fixed order; CPU, seconds.
Items whose referent is among no candidate (a description the actor index does not hold, a name too far back)
count as errors in the figures and are left out of the fit.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
DATA = ROOT / "eval" / "annotations" / "pronoun_referents.tsv"
OUT = ROOT / "src" / "newsledger" / "resources" / "pronoun_resolver.json"
NONE = "<none>"


def span(field: str) -> tuple[int, int] | None:
    if not field:
        return None
    a, b = field.split("-")
    return int(a), int(b)


def examples() -> list[dict[str, Any]]:
    """One example per annotated pronoun: its candidates' features, their keys and the right key."""
    from statement_check import news

    from newsledger.extract.actors import ActorIndex
    from newsledger.extract.attributions import find_drafts
    from newsledger.extract.speakers import pronoun_candidates, resolution_order, resolve_speakers, said_by
    from newsledger.nlp import get_nlp

    corpus = news()
    by_article: dict[str, list[dict[str, str]]] = defaultdict(list)
    with DATA.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["label"] != "PLURAL":
                by_article[row["article"]].append(row)
    ids = sorted(by_article)
    nlp = get_nlp()
    out = []
    for aid, doc in zip(ids, nlp.pipe([corpus[a]["text"] for a in ids], batch_size=16), strict=True):
        actors = ActorIndex(doc, aid, corpus[aid].get("published"))
        drafts = find_drafts(doc, doc._.quotes or [])
        resolve_speakers(doc, drafts, actors)
        order = resolution_order(drafts)  # what resolve_speakers saw before each pronoun: the drafts before it
        said = said_by(drafts)
        for row in by_article[aid]:
            where = span(row["pronoun"])
            assert where is not None
            at = next((i for i, d in enumerate(order) if d.speaker is not None and len(d.speaker) == 1
                       and (d.speaker.start_char, d.speaker.end_char) == where), None)
            if at is None:  # the pronoun is no longer a statement's speaker
                continue
            pron = order[at].speaker[0]  # type: ignore[index]
            cands = pronoun_candidates(doc, pron, said.get(where, []), order[:at], actors)
            gold = NONE
            ref = span(row["referent"])
            if ref is not None:
                sub = doc.char_span(ref[0], ref[1], alignment_mode="expand")
                keys = Counter(k for k in (actors.key_at(t) for t in sub or []) if k)
                gold = keys.most_common(1)[0][0] if keys else "<unknown>"
            keys_ = sorted(cands)
            out.append({"article": aid, "item": row["item"], "keys": keys_,
                        "x": np.stack([cands[k] for k in keys_]) if keys_ else np.zeros((0, 0)),
                        "gold": gold})
    return out


def fit(data: list[dict[str, Any]], n_feat: int, l2: float, steps: int = 2000, lr: float = 0.5
        ) -> tuple[np.ndarray, float]:
    """Weights and the no-referent score maximising the likelihood of the right choice."""
    usable = [e for e in data if e["gold"] == NONE or e["gold"] in e["keys"]]
    w = np.zeros(n_feat)
    b = 0.0
    for _ in range(steps):
        gw = l2 * w
        gb = 0.0
        for e in usable:
            scores = np.append(e["x"] @ w if len(e["keys"]) else np.zeros(0), b)
            p = np.exp(scores - scores.max())
            p /= p.sum()
            target = len(e["keys"]) if e["gold"] == NONE else e["keys"].index(e["gold"])
            p[target] -= 1.0
            if len(e["keys"]):
                gw += e["x"].T @ p[:-1] / len(usable)
            gb += p[-1] / len(usable)
        w -= lr * gw
        b -= lr * gb
    return w, b


def choose(e: dict[str, Any], w: np.ndarray, b: float) -> str:
    if not e["keys"]:
        return NONE
    scores = e["x"] @ w
    k = max(range(len(scores)), key=lambda i: (scores[i], e["keys"][i]))
    return str(e["keys"][k]) if scores[k] > b else NONE


def accuracy(data: list[dict[str, Any]], pick: Any) -> float:
    return sum(pick(e) == e["gold"] for e in data) / max(1, len(data))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--l2", type=float, default=0.05)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--dry-run", action="store_true", help="report, write nothing")
    args = ap.parse_args()
    from newsledger.extract.speakers import PRONOUN_FEATURES, resolver_weights

    data = examples()
    n_feat = len(PRONOUN_FEATURES)
    w0, b0 = resolver_weights()
    before = accuracy(data, lambda e: choose(e, w0, b0))
    articles = sorted({e["article"] for e in data})
    fold_of = {a: i % args.folds for i, a in enumerate(articles)}
    right = 0
    for k in range(args.folds):
        w, b = fit([e for e in data if fold_of[e["article"]] != k], n_feat, args.l2)
        right += sum(choose(e, w, b) == e["gold"] for e in data if fold_of[e["article"]] == k)
    cv = right / max(1, len(data))
    reachable = sum(e["gold"] == NONE or e["gold"] in e["keys"] for e in data) / max(1, len(data))
    print(f"{len(data)} pronouns in {len(articles)} articles (referent among the candidates or none: "
          f"{reachable:.3f}); accuracy with the weights in use {before:.3f}, learned (cross-validated) {cv:.3f}")
    w, b = fit(data, n_feat, args.l2)
    for name, x in zip(PRONOUN_FEATURES, w, strict=True):
        print(f"  {name:<14}{x:+.3f}")
    print(f"  {'no referent':<14}{b:+.3f}")
    if args.dry_run:
        return 0
    report = {"features": list(PRONOUN_FEATURES), "weights": [round(float(x), 4) for x in w], "none": round(b, 4),
              "trained": True, "data": DATA.name, "data_sha256": hashlib.sha256(DATA.read_bytes()).hexdigest(),
              "examples": len(data), "articles": len(articles), "l2": args.l2,
              "accuracy": {"before": round(before, 4), "cross_validated": round(cv, 4),
                           "reachable": round(reachable, 4)}}
    OUT.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
