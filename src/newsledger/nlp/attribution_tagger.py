"""The attribution tagger: small BiLSTMs that label each token as part of a source, a cue or a content.

Trained on PolNeAR train by ``scripts/train_attribution_tagger.py`` (PyTorch, CPU); at run time it is
numpy alone: the weights and vocabularies live in ``resources/attribution_tagger.npz``. Its input is
``tagger_features.py``'s token features, the shared encoder's token vectors among them. A weights file may hold an
ensemble of networks trained with different seeds, whose label log-probabilities are averaged (the shipped
one holds a single network). The chunks of a document are tagged together in one padded batch, both
directions of each LSTM layer in one loop, and decoded with a BIO-constrained Viterbi (an ``I-`` label only
after a ``B-`` or ``I-`` of the same role); a tagger trained with a CRF output layer (``--crf``) adds its learned
transition, first and last label scores to the path's label scores. Work is linear in the document's length: a
chunk never exceeds ``features.MAX_CHUNK`` tokens.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc
from thinc.api import NumpyOps

from newsledger import resources
from newsledger.errors import ModelError
from newsledger.nlp.tagger_features import CATEGORICAL, Vocab, chunks, contextual, dense, encode_doc

WEIGHTS = "attribution_tagger.npz"
ROLES = {"SRC": "source", "CUE": "cue", "CON": "content"}
BATCH_POSITIONS = 6144  # chunks x padded length per batch

Array = NDArray[np.float32]


@dataclass(frozen=True)
class Member:
    """One trained network of the tagger: embeddings, input projection, BiLSTM layers, output layer."""

    embs: list[Array]
    proj_w: Array
    proj_b: Array
    layers: list[tuple[Array, Array, Array]]  # per layer: input weights, recurrent weights, biases (both directions)
    out_w: Array
    out_b: Array

    @classmethod
    def of(cls, arrays: dict[str, Array], prefix: str, n_layers: int) -> Member:
        def a(name: str) -> Array:
            return arrays[prefix + name]

        return cls([a(f"emb.{n}") for n in CATEGORICAL], np.ascontiguousarray(a("proj.w")), a("proj.b"),
                   [(np.ascontiguousarray(np.stack([a(f"lstm.{k}.{d}.w_ih") for d in (0, 1)])),
                     np.ascontiguousarray(np.stack([a(f"lstm.{k}.{d}.w_hh") for d in (0, 1)])),
                     np.stack([a(f"lstm.{k}.{d}.b") for d in (0, 1)])) for k in range(n_layers)],
                   np.ascontiguousarray(a("out.w")), a("out.b"))


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """A run of tokens ``[start, end)`` the tagger gave one role."""

    role: str  # "source" | "cue" | "content"
    start: int
    end: int


_OPS = NumpyOps()


def _gemm(a: Array, b: Array) -> Array:
    """A single-threaded matrix product (thinc's blis): numpy's BLAS may spin threads on a busy machine."""
    out: Array = _OPS.gemm(np.ascontiguousarray(a, dtype=np.float32), b)
    return out


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
        # a tagger trained with the shared encoder's token vectors reads them after the spaCy ones
        self.uses_encoder = bool(meta.get("encoder", False))
        layers = meta["layers"]
        assert isinstance(layers, int)
        n_members = meta.get("members", 1)
        assert isinstance(n_members, int)
        # an ensemble: member 0's arrays unprefixed, member k's prefixed "m<k>."; their label log-probabilities
        # are averaged before decoding
        prefixes = ["" if k == 0 else f"m{k}." for k in range(n_members)]
        self.members = [Member.of(arrays, prefix, layers) for prefix in prefixes]
        self.allowed = self._transitions()
        # a CRF tagger's learned label scores: transitions (prev, next), first and last label of a chunk
        # (averaged over an ensemble's members, as their label scores are); without them, the per-token label
        # log-probabilities are decoded with zero transition scores
        n = len(self.labels)
        self.crf = bool(meta.get("crf", False))
        scores = [np.mean([arrays[prefix + f"crf.{name}"] for prefix in prefixes], axis=0).astype(np.float32)
                  if self.crf else np.zeros(shape, dtype=np.float32)
                  for name, shape in (("trans", (n, n)), ("start", (n,)), ("end", (n,)))]
        self.trans, self.first, self.last = scores

    @classmethod
    def load(cls, path: Path | None = None) -> AttributionTagger:
        """The shipped tagger, or the one in ``path`` (a training script's)."""
        path = resources.path(WEIGHTS) if path is None else path
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
        return self.tag_docs([doc])[0]

    def tag_docs(self, docs: Sequence[Doc]) -> list[list[str]]:
        """The labels of several documents at once: their chunks share padded batches, so the number of
        sequential LSTM steps is the longest chunk's length per batch, not per document."""
        inputs: list[tuple[NDArray[np.int64], Array] | None] = []  # per doc: categorical ids, dense vectors
        items: list[tuple[int, int, int]] = []  # (doc, start, end)
        for k, doc in enumerate(docs):
            if len(doc) == 0:
                inputs.append(None)
                continue
            vectors = [dense(doc)] + ([contextual(doc)] if self.uses_encoder else [])
            inputs.append((encode_doc(doc, self.vocab), np.concatenate(vectors, axis=1)))
            items += [(k, s, e) for s, e in chunks(doc)]
        feats = [[self._project(m, x) for x in inputs] for m in self.members]
        labels = [["O"] * len(doc) for doc in docs]
        items.sort(key=lambda it: it[1] - it[2])  # longest first: the active rows are always a prefix
        batch: list[tuple[int, int, int]] = []
        for it in items:
            # the first (longest) chunk sets the batch's padded length; keep padded positions bounded
            if batch and (len(batch) + 1) * (batch[0][2] - batch[0][1]) > BATCH_POSITIONS:
                self._tag_batch(feats, batch, labels)
                batch = []
            batch.append(it)
        if batch:
            self._tag_batch(feats, batch, labels)
        return labels

    @staticmethod
    def _project(m: Member, x: tuple[NDArray[np.int64], Array] | None) -> Array:
        if x is None:
            return np.zeros((0, m.proj_w.shape[1]), dtype=np.float32)
        ids, vectors = x
        parts = [e[ids[:, j]] for j, e in enumerate(m.embs)] + [vectors]
        out: Array = np.maximum(_gemm(np.concatenate(parts, axis=1), m.proj_w) + m.proj_b, 0.0)
        return out

    def _tag_batch(self, feats: list[list[Array]], items: list[tuple[int, int, int]],
                   labels: list[list[str]]) -> None:
        lengths = np.array([e - s for _, s, e in items], dtype=np.int64)
        t_max = int(lengths[0])
        logp: Array | None = None
        for m, member_feats in zip(self.members, feats, strict=True):
            h = np.zeros((len(items), t_max, m.proj_w.shape[1]), dtype=np.float32)
            for k, (d, s, e) in enumerate(items):
                h[k, :e - s] = member_feats[d][s:e]
            for w_ih, w_hh, b in m.layers:
                h = self._bilstm(h, lengths, w_ih, w_hh, b)
            scores = (_gemm(h.reshape(-1, h.shape[-1]), m.out_w) + m.out_b).reshape(*h.shape[:2], -1)
            if self.crf:  # a CRF's label scores are decoded as they are
                one = scores
            else:
                scores = scores - scores.max(axis=-1, keepdims=True)
                one = scores - np.log(np.exp(scores).sum(axis=-1, keepdims=True))
            logp = one if logp is None else logp + one
        assert logp is not None
        if len(self.members) > 1:
            logp = (logp / np.float32(len(self.members))).astype(np.float32)
        best = self._viterbi(logp, lengths)
        names = self.labels
        for k, (d, s, e) in enumerate(items):
            labels[d][s:e] = [names[j] for j in best[k, :e - s]]

    @staticmethod
    def _bilstm(x: Array, lengths: NDArray[np.int64], w_ih: Array, w_hh: Array, b: Array) -> Array:
        """Both directions of one layer; the backward one reads each sequence from its own end. Sequences
        are sorted longest first, so at step t only the first ``active`` rows are computed."""
        bsz, t_max, _ = x.shape
        hidden = w_hh.shape[1]
        # reversed copies: position t of the backward input is position len-1-t of the sequence
        rev_idx = np.clip(lengths[:, None] - 1 - np.arange(t_max)[None, :], 0, None)
        # the input products of the real positions only (a padded one is never read below; padding was 28% of
        # the positions of news articles): blis computes each row of a product alone, so they are the same
        real = np.flatnonzero((np.arange(t_max)[None, :] < lengths[:, None]).reshape(-1))
        rows = real // t_max
        x_flat = x.reshape(bsz * t_max, x.shape[2])
        gx = np.zeros((2, bsz * t_max, 4 * hidden), dtype=np.float32)
        for d, picked in enumerate((real, rows * t_max + rev_idx.reshape(-1)[real])):
            part = _gemm(x_flat[picked], w_ih[d])
            part += b[d]
            gx[d, real] = part
        gx = gx.reshape(2, bsz, t_max, 4 * hidden)
        h = np.zeros((2, bsz, hidden), dtype=np.float32)
        c = np.zeros((2, bsz, hidden), dtype=np.float32)
        out = np.zeros((2, bsz, t_max, hidden), dtype=np.float32)
        active_at = np.searchsorted(-lengths, -np.arange(t_max), side="right")  # rows with length > t
        for t in range(t_max):
            a = int(active_at[t])
            g = np.empty((2, a, 4 * hidden), dtype=np.float32)
            _OPS.gemm(h[0, :a], w_hh[0], out=g[0])  # contiguous row prefixes: one blis call per direction
            _OPS.gemm(h[1, :a], w_hh[1], out=g[1])
            g += gx[:, :a, t]
            gates = _sigmoid(g)  # i, f, (g), o; the candidate's slice is recomputed with tanh below
            cand = np.tanh(g[..., 2 * hidden:3 * hidden])
            c_a = gates[..., hidden:2 * hidden] * c[:, :a] + gates[..., :hidden] * cand
            h_a = gates[..., 3 * hidden:] * np.tanh(c_a)
            c[:, :a], h[:, :a] = c_a, h_a
            out[:, :a, t] = h_a
        back = np.take_along_axis(out[1], rev_idx[:, :, None], axis=1)
        result: Array = np.concatenate([out[0], back], axis=-1)
        return result

    def _viterbi(self, logp: Array, lengths: NDArray[np.int64]) -> NDArray[np.int64]:
        bsz, t_max, n = logp.shape
        penalty = np.where(self.allowed, self.trans, -1e9).astype(np.float32)
        start_ok = np.array([not lab.startswith("I-") for lab in self.labels])
        score = np.where(start_ok[None, :], logp[:, 0] + self.first, -1e9)
        back = np.zeros((bsz, t_max, n), dtype=np.int64)
        final = np.zeros((bsz, n), dtype=score.dtype)
        final[lengths == 1] = score[lengths == 1]
        for t in range(1, t_max):
            total = score[:, :, None] + penalty[None, :, :]  # (B, prev, next)
            back[:, t] = total.argmax(axis=1)
            score = total.max(axis=1) + logp[:, t]
            ending = lengths == t + 1
            final[ending] = score[ending]
        best = np.zeros((bsz, t_max), dtype=np.int64)
        rows = np.arange(bsz)
        state = (final + self.last).argmax(axis=1)
        for t in range(t_max - 1, -1, -1):
            active = t < lengths
            best[active, t] = state[active]
            state = np.where(active, back[rows, t, state], state)
        return best

    def spans(self, doc: Doc) -> list[TaggedSpan]:
        """The tagged runs of tokens, in document order (tags set by the pipeline component are reused)."""
        out: list[TaggedSpan] = []
        role: str | None = None
        start = 0
        tags: list[str] | None = doc._.attribution_tags if Doc.has_extension("attribution_tags") else None
        if tags is None or len(tags) != len(doc):
            tags = self.tag(doc)
        for i, lab in enumerate([*tags, "O"]):
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
