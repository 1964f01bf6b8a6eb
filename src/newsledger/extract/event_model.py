"""The event classifier: a multinomial logistic regression over the string features of ``event_units``.

The weights live in ``resources/event_model.json`` (trained by ``scripts/train_event_model.py`` on
``../shared/data/events/zsp_plv_train.jsonl``; see that script). Inference is a sum of the weight rows of the
present features and a softmax: numpy only, microseconds per candidate.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from newsledger import resources

MODEL_FILE = "event_model.json"

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Model:
    labels: tuple[str, ...]
    index: dict[str, int]  # feature -> row of ``weights``
    weights: FloatArray  # (features, labels)
    bias: FloatArray  # (labels,)

    def scores(self, feats: Iterable[str]) -> FloatArray:
        rows = sorted({self.index[f] for f in feats if f in self.index})
        z = self.bias + (self.weights[rows].sum(axis=0) if rows else 0.0)
        z = z - z.max()
        p: FloatArray = np.exp(z)
        out: FloatArray = p / p.sum()
        return out

    def predict(self, feats: Sequence[str]) -> tuple[str, float]:
        p = self.scores(feats)
        k = int(p.argmax())
        return self.labels[k], float(p[k])

    def to_json(self, digits: int = 4) -> str:
        names = sorted(self.index, key=self.index.__getitem__)
        return json.dumps({"labels": list(self.labels), "bias": [round(float(b), digits) for b in self.bias],
                           "features": names,
                           "weights": [[round(float(w), digits) for w in self.weights[self.index[n]]]
                                       for n in names]}, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Model:
        d = json.loads(text)
        names = d["features"]
        weights = np.array(d["weights"], dtype=np.float64).reshape(len(names), len(d["labels"]))
        return cls(tuple(d["labels"]), {n: i for i, n in enumerate(names)}, weights,
                   np.array(d["bias"], dtype=np.float64))


@cache
def model() -> Model:
    return Model.from_json(resources.read_text(MODEL_FILE))


def train(examples: Sequence[tuple[Sequence[str], str]], labels: Sequence[str], l2: float = 1e-3,
          epochs: int = 300, lr: float = 0.5, min_count: int = 1) -> Model:
    """Fit the weights by full-batch gradient descent (Adam) on the mean cross-entropy plus an L2 penalty."""
    counts: dict[str, int] = {}
    for feats, _ in examples:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, c in counts.items() if c >= min_count)
    index = {n: i for i, n in enumerate(names)}
    lab = {name: k for k, name in enumerate(labels)}
    n, d, k = len(examples), len(names), len(labels)
    rows = [sorted({index[f] for f in feats if f in index}) for feats, _ in examples]
    cols = np.array([c for r in rows for c in r], dtype=np.int64)
    owner = np.array([i for i, r in enumerate(rows) for _ in r], dtype=np.int64)
    y = np.zeros((n, k))
    y[np.arange(n), [lab[label] for _, label in examples]] = 1.0
    w = np.zeros((d, k))
    b = np.zeros(k)
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    for t in range(1, epochs + 1):
        z = np.zeros((n, k))
        np.add.at(z, owner, w[cols])
        z += b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) / n
        gw = l2 * w
        np.add.at(gw, cols, g[owner])
        gb = g.sum(axis=0)
        for param, grad, m, v in ((w, gw, m_w, v_w), (b, gb, m_b, v_b)):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= lr * 0.01 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return Model(tuple(labels), index, w, b)
