"""The event classifier: a multinomial logistic regression over the string features of ``event_units``.

The weights live in ``resources/event_model.npz`` (trained by ``scripts/train_event_model.py`` on
``../shared/data/events/zsp_plv_train.jsonl``; see that script). Inference is a sum of the weight rows of the
present features and a softmax: numpy only, microseconds per candidate.

Besides the sparse features, the model is trained on word vectors of three slots of a unit (its head verb,
the last verb of its chain, its object or event noun). Since the model is linear, the part a word's vector
contributes is a fixed row of scores; the trainer stores that row for each word of a vocabulary as one more
feature (``eh:attack``), so no vectors are needed at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newsledger import resources

MODEL_FILE = "event_model.npz"

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

    def save(self, path: Path) -> None:
        names = sorted(self.index, key=self.index.__getitem__)
        np.savez_compressed(path, labels=np.array(self.labels), features=np.array(names),
                            weights=self.weights.astype(np.float16), bias=self.bias)

    @classmethod
    def load(cls, path: Path) -> Model:
        with np.load(path, allow_pickle=False) as d:
            names = [str(n) for n in d["features"]]
            return cls(tuple(str(x) for x in d["labels"]), {n: i for i, n in enumerate(names)},
                       d["weights"].astype(np.float64), d["bias"].astype(np.float64))

    def extended(self, rows: dict[str, FloatArray]) -> Model:
        """This model with more feature rows (the word rows of the embedding slots)."""
        names = sorted(self.index, key=self.index.__getitem__)
        extra = sorted(set(rows) - set(self.index))
        weights = np.vstack([self.weights, *(rows[n][None, :] for n in extra)]) if extra else self.weights
        return Model(self.labels, {n: i for i, n in enumerate([*names, *extra])}, weights, self.bias)


@cache
def model() -> Model:
    return Model.load(resources.path(MODEL_FILE))


def train(examples: Sequence[tuple[Sequence[str], str]], labels: Sequence[str], l2: float = 1e-3,
          epochs: int = 300, lr: float = 0.5, min_count: int = 1, balance: float = 0.0,
          dense: FloatArray | None = None) -> tuple[Model, FloatArray]:
    """Fit the weights by full-batch gradient descent (Adam) on the mean cross-entropy plus an L2 penalty.

    ``balance`` weighs each example by (size of its class) ** -balance (0: plain; 1: every class counts the
    same), which trades accuracy on frequent roots for recall on rare ones (macro-F1). ``dense`` holds real-valued
    features (one row per example); their weights are returned beside the model."""
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
    ys = [lab[label] for _, label in examples]
    y[np.arange(n), ys] = 1.0
    sizes = np.bincount(ys, minlength=k).astype(np.float64)
    weight = sizes[ys] ** -balance
    weight *= n / weight.sum()
    xd = dense if dense is not None else np.zeros((n, 0))
    w = np.zeros((d, k))
    wd = np.zeros((xd.shape[1], k))
    b = np.zeros(k)
    moments = {name: (np.zeros_like(a), np.zeros_like(a)) for name, a in (("w", w), ("wd", wd), ("b", b))}
    for t in range(1, epochs + 1):
        z = xd @ wd
        np.add.at(z, owner, w[cols])
        z += b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) * (weight / n)[:, None]
        gw = l2 * w
        np.add.at(gw, cols, g[owner])
        grads = {"w": (w, gw), "wd": (wd, xd.T @ g + l2 * wd), "b": (b, g.sum(axis=0))}
        for name, (param, grad) in grads.items():
            m, v = moments[name]
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= lr * 0.01 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return Model(tuple(labels), index, w, b), wd
