"""The attribution tagger: a small BiLSTM that labels each token as part of a source, a cue or a content.

Trained on PolNeAR train by ``scripts/train_attribution_tagger.py`` (PyTorch, CPU); at run time it is
numpy alone: the weights and vocabularies live in ``resources/attribution_tagger.npz``. Its input is
``features.py``'s token features; the chunks of a document are tagged together in one padded batch, both
directions of each LSTM layer in one loop, and decoded with a BIO-constrained Viterbi (an ``I-`` label only
after a ``B-`` or ``I-`` of the same role). Work is linear in the document's length: a chunk never exceeds
``features.MAX_CHUNK`` tokens.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc

from newsledger import resources
from newsledger.errors import ModelError
from newsledger.extract.features import CATEGORICAL, Vocab, chunks, dense, encode, raw_features

WEIGHTS = "attribution_tagger.npz"
ROLES = {"SRC": "source", "CUE": "cue", "CON": "content"}
BATCH_TOKENS = 4096

Array = NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """A run of tokens ``[start, end)`` the tagger gave one role."""

    role: str  # "source" | "cue" | "content"
    start: int
    end: int


def _sigmoid(x: Array) -> Array:
    out: Array = 0.5 * (np.tanh(0.5 * x) + 1.0)
    return out


class AttributionTagger:
    """Numpy inference for the trained tagger."""

    def __init__(self, arrays: dict[str, NDArray[np.float32]], meta: dict[str, object]) -> None:
        tables = meta["tables"]
        assert isinstance(tables, dict)
        self.vocab = Vocab({k: tuple(v) for k, v in tables.items()})
        labels = meta["labels"]
        assert isinstance(labels, list)
        self.labels: list[str] = [str(x) for x in labels]
        layers = meta["layers"]
        assert isinstance(layers, int)
        self.embs = [arrays[f"emb.{n}"] for n in CATEGORICAL]
        self.proj_w, self.proj_b = arrays["proj.w"], arrays["proj.b"]
        self.layers = [(np.stack([arrays[f"lstm.{k}.{d}.w_ih"] for d in (0, 1)]),
                        np.stack([arrays[f"lstm.{k}.{d}.w_hh"] for d in (0, 1)]),
                        np.stack([arrays[f"lstm.{k}.{d}.b"] for d in (0, 1)])) for k in range(layers)]
        self.out_w, self.out_b = arrays["out.w"], arrays["out.b"]
        self.allowed = self._transitions()

    @classmethod
    def load(cls) -> AttributionTagger:
        path = resources.path(WEIGHTS)
        try:
            with np.load(path) as z:
                arrays = {k: z[k].astype(np.float32) for k in z.files if k != "meta"}
                meta = json.loads(bytes(z["meta"]).decode("utf-8"))
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(model=WEIGHTS, reason=str(exc).splitlines()[0]) from None
        return cls(arrays, meta)

    def _transitions(self) -> NDArray[np.bool_]:
        n = len(self.labels)
        ok = np.ones((n, n), dtype=bool)  # ok[prev, next]
        for j, lab in enumerate(self.labels):
            if lab.startswith("I-"):
                for i, prev in enumerate(self.labels):
                    ok[i, j] = prev[2:] == lab[2:] and prev[:2] in {"B-", "I-"}
        return ok

    # -- inference ------------------------------------------------------------------------------------
    def tag(self, doc: Doc) -> list[str]:
        """The BIO label of every token of ``doc``."""
        n = len(doc)
        if n == 0:
            return []
        ids = encode(raw_features(doc), self.vocab)
        x = np.concatenate([e[ids[:, j]] for j, e in enumerate(self.embs)] + [dense(doc)], axis=1)
        x = np.maximum(x @ self.proj_w + self.proj_b, 0.0)
        labels = ["O"] * n
        spans = chunks(doc)
        batch: list[tuple[int, int]] = []
        size = 0
        for s, e in sorted(spans, key=lambda se: se[1] - se[0]):
            batch.append((s, e))
            size += e - s
            if size >= BATCH_TOKENS:
                self._tag_batch(x, batch, labels)
                batch, size = [], 0
        if batch:
            self._tag_batch(x, batch, labels)
        return labels

    def _tag_batch(self, x: Array, spans: list[tuple[int, int]], labels: list[str]) -> None:
        lengths = np.array([e - s for s, e in spans])
        t_max = int(lengths.max())
        h = np.zeros((len(spans), t_max, x.shape[1]), dtype=np.float32)
        for k, (s, e) in enumerate(spans):
            h[k, :e - s] = x[s:e]
        for w_ih, w_hh, b in self.layers:
            h = self._bilstm(h, lengths, w_ih, w_hh, b)
        scores = h @ self.out_w + self.out_b
        scores = scores - scores.max(axis=-1, keepdims=True)
        logp = scores - np.log(np.exp(scores).sum(axis=-1, keepdims=True))
        best = self._viterbi(logp, lengths)
        for k, (s, e) in enumerate(spans):
            for i in range(e - s):
                labels[s + i] = self.labels[best[k, i]]

    @staticmethod
    def _bilstm(x: Array, lengths: NDArray[np.int64], w_ih: Array, w_hh: Array, b: Array) -> Array:
        """Both directions of one layer; the backward one reads each sequence from its own end."""
        bsz, t_max, _ = x.shape
        hidden = w_hh.shape[1]
        # reversed copies: position t of the backward input is position len-1-t of the sequence
        rev_idx = np.clip(lengths[:, None] - 1 - np.arange(t_max)[None, :], 0, None)
        x_rev = np.take_along_axis(x, rev_idx[:, :, None], axis=1)
        gx = np.stack([x @ w_ih[0] + b[0], x_rev @ w_ih[1] + b[1]])  # (2, B, T, 4H)
        h = np.zeros((2, bsz, hidden), dtype=np.float32)
        c = np.zeros((2, bsz, hidden), dtype=np.float32)
        out = np.zeros((2, bsz, t_max, hidden), dtype=np.float32)
        for t in range(t_max):
            g = gx[:, :, t] + np.matmul(h, w_hh)
            i = _sigmoid(g[..., :hidden])
            f = _sigmoid(g[..., hidden:2 * hidden])
            cand = np.tanh(g[..., 2 * hidden:3 * hidden])
            o = _sigmoid(g[..., 3 * hidden:])
            c = f * c + i * cand
            h = o * np.tanh(c)
            out[:, :, t] = h
        back = np.take_along_axis(out[1], rev_idx[:, :, None], axis=1)
        result: Array = np.concatenate([out[0], back], axis=-1)
        return result

    def _viterbi(self, logp: Array, lengths: NDArray[np.int64]) -> NDArray[np.int64]:
        bsz, t_max, n = logp.shape
        penalty = np.where(self.allowed, 0.0, -1e9).astype(np.float32)
        start_ok = np.array([not lab.startswith("I-") for lab in self.labels])
        score = np.where(start_ok[None, :], logp[:, 0], -1e9)
        back = np.zeros((bsz, t_max, n), dtype=np.int64)
        for t in range(1, t_max):
            total = score[:, :, None] + penalty[None, :, :]  # (B, prev, next)
            back[:, t] = total.argmax(axis=1)
            new = total.max(axis=1) + logp[:, t]
            active = (t < lengths)[:, None]
            score = np.where(active, new, score)
        best = np.zeros((bsz, t_max), dtype=np.int64)
        for k in range(bsz):
            last = int(lengths[k]) - 1
            state = int(score[k].argmax())
            for t in range(last, -1, -1):
                best[k, t] = state
                state = int(back[k, t, state])
        return best

    def spans(self, doc: Doc) -> list[TaggedSpan]:
        """The tagged runs of tokens, in document order."""
        out: list[TaggedSpan] = []
        role: str | None = None
        start = 0
        for i, lab in enumerate([*self.tag(doc), "O"]):
            if role is not None and not (lab.startswith("I-") and ROLES[lab[2:]] == role):
                out.append(TaggedSpan(role, start, i))
                role = None
            if lab.startswith("B-") or (lab.startswith("I-") and role is None):
                role, start = ROLES[lab[2:]], i
        return out


@cache
def get_tagger() -> AttributionTagger:
    """The shared tagger, loaded on first use."""
    return AttributionTagger.load()
