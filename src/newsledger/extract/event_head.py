"""Which event candidates are events, and of which PLOVER root: a learned head over the shared encoder.

Each candidate (a unit of ``event_units`` with the event classifier's probabilities, see ``events.candidates``)
becomes one feature vector: the encoder's mean subword vectors (``newsledger.nlp.encoder``) over its trigger
words, over its participants and over its sentence, beside the classifier's probabilities over the roots and
what the parse and the statements say of it (a complement, a source, a target, a noun, a negation, inside a
statement's content, a statement's own cue, a light verb, a dictionary code that agrees). One hidden layer
(numpy) gives the probability that the candidate is an event, another (over its own columns) the probability
of each root; each is an ensemble of a few such networks trained with different seeds (their probabilities
averaged, which steadies what a small training set gives), and both are tempered on articles they never saw
in training. A candidate is an event when the first is at least the head's ``threshold`` (chosen, precision
first, by ``scripts/train_event_head.py``); its root is the second's most probable root.

The weights are ``resources/event_head.npz``, trained by ``scripts/train_event_head.py`` on the adjudicated
annotation ``eval/annotations/news_events_train*.jsonl`` (never on ``news_events_eval.jsonl``), the root head
also on the sentences of Zero-Shot-PLOVER's training split (``../shared/data/events/zsp_plv_train.jsonl``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc, Token

from newsledger.extract import event_model, lexicon
from newsledger.extract.drafts import Draft
from newsledger.extract.event_units import NON_EVENT_VERBS, Unit, codes
from newsledger.extract.judgments import Head, head_file
from newsledger.nlp.encoder import WIDTH, encoding_of

if TYPE_CHECKING:
    from newsledger.extract.events import Candidate

MODEL_FILE = "event_head.npz"
FEATURES_VERSION = 1  # bumped whenever :func:`features` changes; the weights record the version they need
N_VECTORS = 3  # trigger, participants, sentence
N_FLAGS = 11
# a head verb that names no act by itself (a feature, not a filter): the non-event verbs and the light ones
LIGHT = NON_EVENT_VERBS | {"make", "take", "give", "need", "help", "discuss", "describe", "expect", "hope", "want"}


def n_features() -> int:
    return N_VECTORS * WIDTH + len(event_model.model().labels) + N_FLAGS


def _token_spans(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    return [(t.idx, t.idx + len(t)) for t in tokens]


def _flags(u: Unit, probs: NDArray[np.float64], coded: bool, drafts: list[Draft]) -> list[float]:
    idx = {t.i for t in u.tokens}
    key = u.key
    root = event_model.model().labels[int(probs.argmax())]
    dictionary = {p.root for c in codes(u) if (p := lexicon.plover_for(c)) is not None}
    return [float(coded), float(bool(u.comp)), float(u.source is not None), float(u.target is not None),
            float(key.pos_ == "NOUN"),
            float(any(c.dep_ == "neg" or (c.lower_ == "no" and c.dep_ == "det") for t in u.tokens for c in t.children)),
            float(any(d.reports(key.idx) for d in drafts)), float(any(d.cue_token in idx for d in drafts)),
            float(u.head.lemma_.lower() in LIGHT), float(bool(dictionary)),
            float(root in dictionary or (root == "YIELD" and bool(dictionary & {"CONCEDE", "RETREAT"})))]


def features(doc: Doc, cands: Sequence[Candidate], drafts: list[Draft]) -> NDArray[np.float32]:
    """One row per candidate (see the module docstring)."""
    enc = encoding_of(doc)
    n_probs = len(event_model.model().labels)
    out = np.zeros((len(cands), n_features()), dtype=np.float32)
    sents: dict[int, tuple[int, int]] = {}
    for c in cands:
        sent = c.unit.head.sent
        sents[sent.start] = (sent.start_char, sent.end_char)
    enc.need(enc.sentences_for(list(sents.values())))
    for row, c in enumerate(cands):
        u = c.unit
        parts = [p for p in (u.source, u.target) if p is not None]
        out[row, :WIDTH] = enc.pool(_token_spans(u.tokens))
        out[row, WIDTH:2 * WIDTH] = enc.pool(_token_spans(parts))
        out[row, 2 * WIDTH:3 * WIDTH] = enc.pool([sents[u.head.sent.start]])
        out[row, 3 * WIDTH:3 * WIDTH + n_probs] = c.probs
        out[row, 3 * WIDTH + n_probs:] = _flags(u, c.probs, c.coded is not None, drafts)
    return out


@dataclass(frozen=True)
class EventHead:
    """Two heads over the features, each reading its own columns (``detect_columns``, ``root_columns``) with
    the normalisation it was trained with: ``detect`` gives the probability that a candidate is an event
    (labels "none", "event"), ``root`` the probability of each root."""

    mean: NDArray[np.float32]
    scale: NDArray[np.float32]
    detect: tuple[Head, ...]  # an ensemble: the members' probabilities are averaged
    detect_columns: NDArray[np.int64]
    root: tuple[Head, ...]
    root_columns: NDArray[np.int64]
    threshold: float

    @property
    def roots(self) -> tuple[str, ...]:
        return self.root[0].labels

    def probabilities(self, doc: Doc, cands: Sequence[Candidate], drafts: list[Draft]
                      ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """The probability that each candidate is an event, and (candidates, roots) the root's."""
        if not cands:
            return np.zeros(0, dtype=np.float32), np.zeros((0, len(self.roots)), dtype=np.float32)
        x = (features(doc, cands, drafts) - self.mean) / self.scale
        xd, xr = x[:, self.detect_columns], x[:, self.root_columns]
        event = np.mean([h.probabilities(xd, [])[:, 1] for h in self.detect], axis=0)
        return event.astype(np.float32), np.mean([h.probabilities(xr, []) for h in self.root], axis=0)


def load_event_head(name: str = MODEL_FILE) -> EventHead:
    arrays, meta = head_file(name, FEATURES_VERSION, n_features(), "scripts/train_event_head.py")

    def heads(part: str) -> tuple[Head, ...]:
        out = []
        for m in range(int(meta["members"])):
            w1, b1, w2, b2 = (arrays[f"{part}.{m}.{k}"].astype(np.float32) for k in ("w1", "b1", "w2", "b2"))
            out.append(Head(tuple(meta[f"{part}_labels"]), w1, b1, w2, b2, float(meta[f"{part}_temperature"])))
        return tuple(out)

    return EventHead(arrays["mean"].astype(np.float32), arrays["scale"].astype(np.float32), heads("detect"),
                     arrays["detect.columns"].astype(np.int64), heads("root"), arrays["root.columns"].astype(np.int64),
                     float(meta["threshold"]))


@cache
def get_event_head() -> EventHead:
    return load_event_head()
