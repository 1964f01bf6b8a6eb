"""Token features for the attribution tagger, shared by training (``scripts/train_attribution_tagger.py``)
and inference (``tagger.py``), so the two can never drift apart.

A document is cut into *chunks*: its paragraphs (a newline ends one), each cut at sentence boundaries, and
a sentence longer than ``MAX_CHUNK`` tokens cut into pieces of that size, so the tagger's work per chunk is
bounded. Each token gets categorical features (indices into small vocabularies, see :class:`Vocab`) and
dense ones (the spaCy model's own contextual vector ``doc.tensor``, which the pipeline computes anyway).

Categorical features, in column order (``CATEGORICAL``):
  lemma        lower-case lemma (train vocabulary, rare ones map to "<unk>")
  tag          fine part-of-speech tag
  dep          dependency label
  ent          entity IOB and type
  cue_path     for the nearest ancestor whose lemma is a reporting word (``tagger_cues.tsv``): the
               dependency label of the child on the path to this token ("ccomp", "nsubj", ...), or SELF
  head_lemma   lemma of the syntactic head
  quote        outside / inside a quotation / opening mark / closing mark
  position     first token of its sentence; index of the sentence in its paragraph (0, 1, 2, 3+)
  paragraph    the paragraph opens with a quote mark; the paragraph before ends with a colon
  lexicon      the lemma is a reporting verb, a reporting noun, both, or neither
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc

from newsledger import resources
from newsledger.extract._doc import sentences_of, text_of

MAX_CHUNK = 120
MAX_PATH = 8
QUOTE_CHARS = "\"'“”‘’«»„‹›"
CATEGORICAL = ("lemma", "tag", "dep", "ent", "cue_path", "head_lemma", "quote", "position", "paragraph",
               "lexicon")
UNK = "<unk>"
PAD = "<pad>"


@dataclass(frozen=True)
class Vocab:
    """The categorical values each feature knows; index 0 is padding, 1 unknown."""

    tables: dict[str, tuple[str, ...]]

    def index(self, name: str) -> dict[str, int]:
        cache: dict[str, dict[str, int]] = self.__dict__.setdefault("_index", {})
        if name not in cache:
            cache[name] = {v: i for i, v in enumerate(self.tables[name])}
        return cache[name]

    def sizes(self) -> list[int]:
        return [len(self.tables[n]) for n in CATEGORICAL]


@cache
def tagger_cues() -> frozenset[tuple[str, str]]:
    """The reporting words the tagger was trained with (``tagger_cues.tsv``, a frozen lexicon)."""
    return frozenset((r[0], r[1]) for r in resources.rows("tagger_cues.tsv"))


def chunks(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges ``[start, end)`` of the paragraphs, each at most ``MAX_CHUNK`` tokens long."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    length = 0
    for sent in sentences_of(doc):
        new_para = sent.start > 0 and "\n" in doc[sent.start - 1].text + doc[sent.start - 1].whitespace_
        if start is not None and (new_para or length + len(sent) > MAX_CHUNK):
            out.append((start, sent.start))
            start, length = None, 0
        if len(sent) > MAX_CHUNK:
            for s in range(sent.start, sent.end, MAX_CHUNK):
                out.append((s, min(sent.end, s + MAX_CHUNK)))
            continue
        if start is None:
            start = sent.start
        length += len(sent)
    if start is not None and start < len(doc):
        out.append((start, len(doc)))
    return [(s, e) for s, e in out if e > s]


def raw_features(doc: Doc) -> list[list[str]]:
    """The categorical feature values of every token, as strings (one row per token)."""
    n = len(doc)
    if n == 0:
        return []
    text = text_of(doc)
    speech = tagger_cues()
    lemmas = [t.lemma_.lower() for t in doc]
    heads = np.array([t.head.i for t in doc], dtype=np.int64)
    is_cue = np.array([(lem, "VERB") in speech or (lem, "NOUN") in speech for lem in lemmas], dtype=bool)
    # walk up the tree for all tokens at once: path[k] is the k-th ancestor
    path = [np.arange(n, dtype=np.int64)]
    for _ in range(MAX_PATH):
        path.append(heads[path[-1]])
    cue_path = ["NONE"] * n
    found = np.zeros(n, dtype=bool)
    found[is_cue] = True
    for i in np.nonzero(is_cue)[0]:
        cue_path[i] = "SELF"
    for k in range(1, MAX_PATH + 1):
        hit = ~found & is_cue[path[k]] & (path[k] != path[k - 1])
        for i in np.nonzero(hit)[0]:
            cue_path[i] = doc[int(path[k - 1][i])].dep_
        found |= hit
    quote_state = _quote_states(doc)
    position, paragraph = _positions(doc, text)
    rows = []
    for t in doc:
        lem = lemmas[t.i]
        lex = ("V" if (lem, "VERB") in speech else "") + ("N" if (lem, "NOUN") in speech else "")
        rows.append([lem, t.tag_, t.dep_, f"{t.ent_iob_}-{t.ent_type_}", cue_path[t.i], lemmas[t.head.i],
                     quote_state[t.i], position[t.i], paragraph[t.i], lex or "-"])
    return rows


def _quote_states(doc: Doc) -> list[str]:
    state = ["out"] * len(doc)
    for q in doc._.quotes or []:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            continue
        for i in range(span.start, span.end):
            state[i] = "in"
        if span.start > 0 and doc[span.start - 1].text in QUOTE_CHARS:
            state[span.start - 1] = "open"
        if q.closed and span.end < len(doc) and doc[span.end].text in QUOTE_CHARS:
            state[span.end] = "close"
    return state


def _positions(doc: Doc, text: str) -> tuple[list[str], list[str]]:
    position = [""] * len(doc)
    paragraph = [""] * len(doc)
    in_para = 0
    para_flag = "00"
    for sent in sentences_of(doc):
        prev = doc[sent.start - 1] if sent.start > 0 else None
        new_para = prev is None or "\n" in prev.text + prev.whitespace_
        if new_para:
            in_para = 0
            first = sent[0].text[:1] if len(sent) else ""
            before = text[:sent.start_char].rstrip()
            para_flag = ("Q" if first in QUOTE_CHARS else "-") + (":" if before.endswith(":") else "-")
        else:
            in_para += 1
        for t in sent:
            position[t.i] = f"{min(in_para, 3)}{'S' if t.i == sent.start else '-'}"
            paragraph[t.i] = para_flag
    return position, paragraph


def encode(rows: Sequence[Sequence[str]], vocab: Vocab) -> NDArray[np.int64]:
    """Categorical rows -> an ``(n, len(CATEGORICAL))`` index array (unknown values -> 1)."""
    out = np.zeros((len(rows), len(CATEGORICAL)), dtype=np.int64)
    for j, name in enumerate(CATEGORICAL):
        index = vocab.index(name)
        out[:, j] = [index.get(r[j], 1) for r in rows]
    return out


def has_vectors(doc: Doc) -> bool:
    """Whether the pipeline gave ``doc`` its contextual token vectors (a hand-built Doc has none)."""
    tensor = doc.tensor
    return tensor is not None and len(getattr(tensor, "shape", ())) == 2 and tensor.shape[0] == len(doc) > 0


def dense(doc: Doc) -> NDArray[np.float32]:
    """The dense features: the pipeline's contextual token vectors (zeros if the model gave none)."""
    if not has_vectors(doc):
        return np.zeros((len(doc), DENSE_WIDTH), dtype=np.float32)
    return np.asarray(doc.tensor, dtype=np.float32)


DENSE_WIDTH = 96
