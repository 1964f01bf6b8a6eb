"""Token features for the attribution tagger, shared by training (``scripts/train_attribution_tagger.py``)
and inference (``attribution_tagger.py``), so the two can never drift apart.

A document is cut into *chunks*: its paragraphs (a newline ends one), each cut at sentence boundaries, and
a sentence longer than ``MAX_CHUNK`` tokens cut into pieces of that size, so the tagger's work per chunk is
bounded. Each token gets categorical features (indices into small vocabularies, see :class:`Vocab`) and
dense ones (the spaCy model's own contextual vector ``doc.tensor``, which the pipeline computes anyway, and
the shared transformer encoder's vector of the token, the mean of its subwords: :func:`contextual`).

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
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, LENGTH, TAG
from spacy.tokens import Doc

from newsledger import resources
from newsledger.nlp.doc_cache import sentences_of, text_of
from newsledger.nlp.encoder import WIDTH as ENCODER_WIDTH
from newsledger.nlp.encoder import encoding_of

MAX_CHUNK = 120
MAX_PATH = 8
QUOTE_CHARS = "\"'“”‘’«»„‹›"
# a token that is a quote mark: spaCy makes '' one token, and `` two ("`" "`")
QUOTE_MARKS = frozenset([*QUOTE_CHARS, "''", "``", "`"])
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


IOB = ("", "I", "O", "B")
Column = NDArray[np.object_]


def columns(doc: Doc) -> list[Column]:
    """The categorical feature values of every token, one array of strings per feature (``CATEGORICAL``).

    Computed from the Doc's attribute arrays, each distinct value converted to a string once, so the cost per
    token stays a few numpy operations."""
    n = len(doc)
    arr = doc.to_array([LEMMA, TAG, DEP, ENT_IOB, ENT_TYPE, HEAD]).astype(np.uint64)
    strings = doc.vocab.strings

    def decode(col: NDArray[np.uint64], lower: bool = False) -> Column:
        uniq, inv = np.unique(col, return_inverse=True)
        vals = [strings[int(u)] if u else "" for u in uniq]
        table = np.array([v.lower() for v in vals] if lower else vals, dtype=object)
        out: Column = table[inv.reshape(-1)]
        return out

    lemma = decode(arr[:, 0], lower=True)
    tag, dep = decode(arr[:, 1]), decode(arr[:, 2])
    iob = np.array(IOB, dtype=object)[arr[:, 3].astype(np.int64)]
    ent_type = decode(arr[:, 4])
    ent: Column = iob + "-" + ent_type
    heads = np.arange(n, dtype=np.int64) + arr[:, 5].astype(np.int64)
    speech = tagger_cues()
    lemmas = lemma.tolist()  # a set look-up per token costs less than sorting the strings to find distinct ones
    verb = np.array([(u, "VERB") in speech for u in lemmas], dtype=bool)
    noun = np.array([(u, "NOUN") in speech for u in lemmas], dtype=bool)
    is_cue = verb | noun
    lex = np.full(n, "-", dtype=object)
    lex[verb & ~noun], lex[noun & ~verb], lex[verb & noun] = "V", "N", "VN"
    # walk up the tree for all tokens at once: path[k] is the k-th ancestor
    path = [np.arange(n, dtype=np.int64)]
    for _ in range(MAX_PATH):
        path.append(heads[path[-1]])
    cue_path = np.full(n, "NONE", dtype=object)
    cue_path[is_cue] = "SELF"
    found = is_cue.copy()
    for k in range(1, MAX_PATH + 1):
        hit = ~found & is_cue[path[k]] & (path[k] != path[k - 1])
        cue_path[hit] = dep[path[k - 1][hit]]
        found |= hit
    quote = np.array(_quote_states(doc), dtype=object)
    position, paragraph = _positions(doc, text_of(doc))
    return [lemma, tag, dep, ent, cue_path, lemma[heads], quote, np.array(position, dtype=object),
            np.array(paragraph, dtype=object), lex]


def raw_features(doc: Doc) -> list[list[str]]:
    """The categorical feature values of every token, as strings (one row per token)."""
    if len(doc) == 0:
        return []
    return [list(row) for row in zip(*columns(doc), strict=True)]


def encode_doc(doc: Doc, vocab: Vocab) -> NDArray[np.int64]:
    """``encode(raw_features(doc), vocab)``, computed column by column (a dictionary look-up per value costs
    less than sorting a column of strings to look up its distinct values only)."""
    out = np.zeros((len(doc), len(CATEGORICAL)), dtype=np.int64)
    if len(doc) == 0:
        return out
    for j, (name, col) in enumerate(zip(CATEGORICAL, columns(doc), strict=True)):
        get = vocab.index(name).get
        out[:, j] = [get(v, 1) for v in col.tolist()]
    return out


def _quote_states(doc: Doc) -> list[str]:
    state = ["out"] * len(doc)
    for q in doc._.quotes or []:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            continue
        for i in range(span.start, span.end):
            state[i] = "in"
        if span.start > 0 and doc[span.start - 1].text in QUOTE_MARKS:
            state[span.start - 1] = "open"
            if doc[span.start - 1].text == "`" and span.start > 1 and doc[span.start - 2].text == "`":
                state[span.start - 2] = "open"  # both tokens of ``
        if q.closed and span.end < len(doc) and doc[span.end].text in QUOTE_MARKS:
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
            word = text[sent.start_char:sent.start_char + 2] if len(sent) else ""
            before = text[:sent.start_char].rstrip()
            opens = word[:1] in QUOTE_CHARS or word == "``"  # `` opens as “ does
            para_flag = ("Q" if opens else "-") + (":" if before.endswith(":") else "-")
        else:
            in_para += 1
        if len(sent):  # a whole sentence at once: its first token "<n>S", the others "<n>-"
            rank = min(in_para, 3)
            position[sent.start:sent.end] = [f"{rank}S"] + [f"{rank}-"] * (len(sent) - 1)
            paragraph[sent.start:sent.end] = [para_flag] * len(sent)
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


def contextual(doc: Doc) -> NDArray[np.float32]:
    """The shared encoder's vector of every token (``(len(doc), ENCODER_WIDTH)``): the mean of the subwords
    inside it, each sentence encoded once for every head of the doc (``nlp.encoder.DocEncoding``)."""
    if len(doc) == 0:
        return np.zeros((0, ENCODER_WIDTH), dtype=np.float32)
    arr = doc.to_array([IDX, LENGTH]).astype(np.int64)
    return encoding_of(doc).token_vectors(arr[:, 0], arr[:, 0] + arr[:, 1])
