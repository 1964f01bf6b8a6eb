"""Which drafts are statements: a learned decision over the shared encoder.

The tagger and the rules propose drafts; some are not statements at all: a cue that reports no speech,
thought or writing ("helped", "arrested", "declared a state of emergency"), a content of a word or two
("the", "to", "which"), a cue and a content that belong to different statements. Each draft becomes one
feature vector: the encoder's mean subword vectors (``newsledger.nlp.encoder``) over its cue, its content,
its speaker and the sentence of its cue, beside what the draft itself says (:func:`flags`: is the cue a
reporting verb or noun of the lexicon, a quotation mark, how long is the content, is the speaker a pronoun,
was it resolved, the form). One hidden layer (numpy), an ensemble of a few networks trained with different
seeds and tempered on articles they never saw, gives the probability that the draft is a statement; a draft
below the head's ``threshold`` is dropped, and the kept ones carry the probability as their
``statement_confidence``. What the page's layout says (a transcript's speaker label, a credit line:
``layout_attributions.py``) is kept whatever the head thinks: the head never saw such pages in training.

The weights are ``resources/statement_head.npz``, trained by ``scripts/train_statement_head.py`` on the drafts
newsledger makes on PolNeAR train with out-of-fold taggers (a tagger never trained on the article) and on the
160 annotated news articles of ``eval/annotations/news_statements_train.tsv`` and ``..._train2.tsv``; a draft is
labelled a statement when its cue is an annotated cue, or its content is an annotated content or lies in one
(a paragraph of a quotation that runs over several).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc

from newsledger import resources
from newsledger.extract import lexicon
from newsledger.extract.attributions import QUOTE_CUES
from newsledger.extract.drafts import Draft
from newsledger.extract.judgments import Head, head_file
from newsledger.nlp.doc_cache import text_of
from newsledger.nlp.encoder import WIDTH, encoding_of

MODEL_FILE = "statement_head.npz"
FEATURES_VERSION = 1  # bumped whenever :func:`features` changes; the weights record the version they need
N_VECTORS = 4  # cue, content, speaker, sentence
FORMS = ("direct", "indirect", "mixed", "according_to")
PRONOUNS = resources.words("statement_head.pronouns")
N_FLAGS = 14 + len(FORMS)


def n_features() -> int:
    return N_VECTORS * WIDTH + N_FLAGS


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


def flags(doc: Doc, d: Draft) -> list[float]:
    """What the draft says of itself, as numbers (see the module docstring)."""
    text = text_of(doc)
    cue = text[d.cue[0]:d.cue[1]].strip() if d.cue else ""
    content = text[d.content[0]:d.content[1]] if d.content else ""
    speech = lexicon.speech_cues()
    tok = doc[d.cue_token] if d.cue_token is not None else None
    lemma = tok.lemma_.lower() if tok is not None else cue.lower()
    sp = d.speaker
    words = _words(content)
    return [float(d.cue is None), float(len(cue) == 1 and cue in QUOTE_CUES),
            float((lemma, "VERB") in speech), float((lemma, "NOUN") in speech),
            float(tok is not None and tok.pos_ == "VERB"), float(tok is not None and tok.pos_ in {"NOUN", "PROPN"}),
            float(d.content is None), min(1.0, np.log1p(words) / 4.0), float(words <= 2),
            float(sp is None), float(sp is not None and len(sp) == 1 and sp[0].lower_ in PRONOUNS),
            float(sp is not None and d.speaker_key is not None),
            float(sp is not None and any(t.ent_type_ for t in sp)),
            float(d.content is not None and d.cue is not None and d.content[0] <= d.cue[0] < d.content[1]),
            *(float(d.form == f) for f in FORMS)]


def features(doc: Doc, drafts: Sequence[Draft]) -> NDArray[np.float32]:
    """One row per draft (see the module docstring)."""
    enc = encoding_of(doc)
    out = np.zeros((len(drafts), n_features()), dtype=np.float32)
    sents = [s for s in (enc.sents[d.sent] if 0 <= d.sent < len(enc.sents) else None for d in drafts) if s]
    enc.need(enc.sentences_for(sents))
    for row, d in enumerate(drafts):
        if d.cue is not None:
            out[row, :WIDTH] = enc.pool([d.cue])
        if d.content is not None:
            out[row, WIDTH:2 * WIDTH] = enc.pool([d.content])
        if d.speaker is not None:
            out[row, 2 * WIDTH:3 * WIDTH] = enc.pool([(d.speaker.start_char, d.speaker.end_char)])
        if 0 <= d.sent < len(enc.sents):
            out[row, 3 * WIDTH:4 * WIDTH] = enc.pool([enc.sents[d.sent]])
        out[row, N_VECTORS * WIDTH:] = flags(doc, d)
    return out


@dataclass(frozen=True)
class StatementHead:
    """The head with the feature normalisation it was trained with; ``members`` are averaged."""

    mean: NDArray[np.float32]
    scale: NDArray[np.float32]
    members: tuple[Head, ...]
    threshold: float

    def probabilities(self, doc: Doc, drafts: Sequence[Draft]) -> NDArray[np.float32]:
        """The probability that each draft is a statement."""
        if not drafts:
            return np.zeros(0, dtype=np.float32)
        x = (features(doc, drafts) - self.mean) / self.scale
        p: NDArray[np.float32] = np.mean([h.probabilities(x, [])[:, 1] for h in self.members], axis=0)
        return p.astype(np.float32)

    def decide(self, doc: Doc, drafts: list[Draft]) -> list[Draft]:
        """The drafts that are statements (at least ``threshold`` sure), each with its confidence set."""
        kept = []
        for d, p in zip(drafts, self.probabilities(doc, drafts), strict=True):
            if d.from_layout:  # the layout says so; the head never saw such pages and does not judge them
                kept.append(d)
            elif p >= self.threshold:
                d.statement_confidence = round(float(p), 3)
                kept.append(d)
        return kept


def load_statement_head(name: str = MODEL_FILE) -> StatementHead:
    arrays, meta = head_file(name, FEATURES_VERSION, n_features(), "scripts/train_statement_head.py")

    def member(m: int) -> Head:
        w1, b1, w2, b2 = (arrays[f"{m}.{k}"].astype(np.float32) for k in ("w1", "b1", "w2", "b2"))
        return Head(("none", "statement"), w1, b1, w2, b2, float(meta["temperature"]))

    members = tuple(member(m) for m in range(int(meta["members"])))
    return StatementHead(arrays["mean"].astype(np.float32), arrays["scale"].astype(np.float32), members,
                         float(meta["threshold"]))


@cache
def get_statement_head() -> StatementHead:
    return load_statement_head()
