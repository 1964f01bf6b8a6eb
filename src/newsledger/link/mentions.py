"""Event mentions as the linker sees them, and the probability that two of them are the same happening.

A mention is an event trigger with what the ledger says around it: the head word of the trigger and its stem,
the sentence it sits in, the names and numbers of that sentence, its PLOVER category, its date. The pairwise
model is a logistic regression over eight features (``resources/link/weights.json``, fitted on ECB+ dev by
``eval/incidents.py --fit``):

    bias, same head stem, cosine of head-word embeddings, cosine of sentence embeddings,
    similarity of the two articles' profiles, same article, Jaccard overlap of the sentences' names,
    same PLOVER category (both known)

Vetoes that need no training:

- two known PLOVER categories that differ, and two day-precise dates more than ``date_gap_days`` apart, are
  never the same happening;
- a mention in a question or of hypothetical modality ("how would you work with Congress?") is no happening, and
  is never linked to another article's;
- a mention whose head names no happening on its own (``generic_heads``: "do", "ask", "described") is linked to
  another article's only when their sentences are near copies (embedding cosine ``>= generic_sentence_cosine``:
  one statement, "said", reported twice).

One rule joins what ECB+ cannot teach (its articles
annotate every kind of event, so "same article" weighs against a link): two events of one article in the same
material-conflict category (``same_article_roots``: an article's attacks are mostly one attack told several
ways, "drone strike", "the attack", "targeted") get at least ``same_article_probability``; and a definite
mention of such a category ("the attack") starts in one incident with the nearest earlier mention of its
category in its article (:func:`anaphor_pairs`, the must-links of ``incidents.cluster_incidents``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from newsledger import resources
from newsledger._threads import one_blas_thread
from newsledger.link import text as lt
from newsledger.link.embed import embed
from newsledger.records import Event, Ledger

FEATURES = ("bias", "same_stem", "head_cosine", "sentence_cosine", "article_similarity", "same_article",
            "name_overlap", "same_category")


@dataclass(frozen=True, slots=True)
class EventMention:
    """One event trigger in one article, with the features linking uses."""

    id: str
    article_id: str
    start: int
    end: int
    trigger: str
    head: str
    stem: str
    sentence: str
    names: frozenset[str]
    plover: str | None = None
    date: str | None = None
    anaphoric: bool = False  # a definite noun phrase ("the attack", "this strike") that may point back
    generic: bool = False  # its head names no happening on its own ("do", "ask"): see ``pair_probabilities``
    hypothetical: bool = False  # in a question, or of hypothetical modality: no happening, never linked across
    # unit-length embeddings of the head word and the sentence (``with_vectors``); None: embedded when compared
    head_vector: npt.NDArray[np.float32] | None = field(default=None, compare=False, repr=False)
    sentence_vector: npt.NDArray[np.float32] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class LinkModel:
    weights: tuple[float, ...]
    incident_threshold: float
    block_threshold: float
    story_threshold: float
    window_days: int
    date_gap_days: int
    veto_plover: bool
    same_article_roots: frozenset[str]
    same_article_probability: float
    name_boost: float  # weight of names in an article's profile (``text.term_weights``)
    generic_sentence_cosine: float  # generic mentions of two articles link only in sentences this similar
    min_shared_keys: int  # key terms two articles must share to be compared at all


@cache
def link_model() -> LinkModel:
    """The linking model (loaded once a process, which then runs numpy's BLAS on one thread:
    ``newsledger._threads``)."""
    one_blas_thread()
    data: dict[str, Any] = json.loads(resources.read_text("link/weights.json"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError("link/weights.json does not list the linker's features in order")
    return LinkModel(tuple(float(w) for w in data["weights"]), float(data["incident_threshold"]),
                     float(data["block_threshold"]), float(data["story_threshold"]), int(data["window_days"]),
                     int(data["date_gap_days"]), bool(data["veto_plover"]), frozenset(data["same_article_roots"]),
                     float(data["same_article_probability"]), float(data.get("name_boost", 1.0)),
                     float(data.get("generic_sentence_cosine", 0.0)), int(data.get("min_shared_keys", 1)))


# "the attack", "this latest strike", "that drone attack": a determiner and at most two words before the trigger
_DEFINITE = re.compile(r"\b(?:the|this|that|these|those)(?:\s+[a-z][\w-]*){0,2}\s+$", re.IGNORECASE)


def anaphor_pairs(mentions: Sequence[EventMention], roots: frozenset[str]) -> list[tuple[int, int]]:
    """(antecedent, anaphor) index pairs: a definite mention ("the attack") of one of ``roots`` and the
    nearest earlier mention of the same root in its article, the happening it points back to."""
    out = []
    last: dict[tuple[str, str], int] = {}
    for k in sorted(range(len(mentions)), key=lambda k: (mentions[k].article_id, mentions[k].start)):
        m = mentions[k]
        if m.plover not in roots:
            continue
        key = (m.article_id, m.plover)
        if m.anaphoric and key in last:
            before = mentions[last[key]]
            if not (m.date and before.date and m.date != before.date):  # "the attack on May 1" is another
                out.append((last[key], k))
        last[key] = k
    return out


def mention(text: str, article_id: str, mention_id: str, start: int, end: int, event: Event | None = None,
            bounds: list[tuple[int, int]] | None = None) -> EventMention:
    """The mention of the trigger at ``[start, end)`` of ``text``; ``event`` adds category and date."""
    s, e = lt.sentence_at(bounds if bounds is not None else lt.sentence_bounds(text), start)
    sentence = text[s:e]
    trigger = text[start:end]
    head = lt.head_word(trigger)
    date = None
    if event is not None and event.time is not None and event.time.precision == "day":
        date = event.time.value
    anaphoric = bool(_DEFINITE.search(text[max(0, start - 40):start])) and not trigger[:1].isupper()
    return EventMention(mention_id, article_id, start, end, trigger, head, lt.stem(head), sentence,
                        lt.name_terms(sentence), event.plover if event is not None else None, date, anaphoric,
                        head in generic_heads(),
                        sentence.rstrip().endswith("?") or (event is not None and event.modality == "hypothetical"))


def mentions_of(ledger: Ledger) -> list[EventMention]:
    """A mention for every event of an article's ledger (its text must be loaded)."""
    bounds = lt.sentence_bounds(ledger.text)
    return [mention(ledger.text, ledger.article.id, ev.id, ev.trigger.start, ev.trigger.end, ev, bounds)
            for ev in ledger.events]


def with_vectors(mentions: Sequence[EventMention]) -> list[EventMention]:
    """``mentions`` with their head-word and sentence embeddings attached (computed where the article is
    analysed: comparing them later needs no model)."""
    if not mentions:
        return []
    heads = embed([m.head for m in mentions])
    sents = embed([m.sentence for m in mentions])
    return [replace(m, head_vector=h, sentence_vector=v) for m, h, v in zip(mentions, heads, sents, strict=True)]


def _vectors(mentions: Sequence[EventMention]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The head-word and sentence embeddings of ``mentions``: those attached, else computed now."""
    if all(m.head_vector is not None and m.sentence_vector is not None for m in mentions):
        heads = np.stack([m.head_vector for m in mentions])  # type: ignore[misc]
        sents = np.stack([m.sentence_vector for m in mentions])  # type: ignore[misc]
    else:
        heads, sents = embed([m.head for m in mentions]), embed([m.sentence for m in mentions])
    return heads.astype(np.float64), sents.astype(np.float64)


def _ordinal(date: str | None) -> float:
    """A day-precise date as a day number (NaN when missing or not a calendar date: never vetoed)."""
    if not date:
        return float("nan")
    try:
        return float(dt.date.fromisoformat(date).toordinal())
    except ValueError:
        return float("nan")


def feature_matrices(mentions: Sequence[EventMention],
                     article_sim: Mapping[tuple[str, str], float]) -> npt.NDArray[np.float64]:
    """The ``len(FEATURES) x n x n`` pairwise features of ``mentions`` (array operations: a story's mentions
    are compared all with all each time it gains an article)."""
    n = len(mentions)
    heads, sents = _vectors(mentions)
    stems = np.array([m.stem for m in mentions])
    arts = np.array([m.article_id for m in mentions])
    same_article = (arts[:, None] == arts[None, :]).astype(np.float64)
    ids, art_index = np.unique(arts, return_inverse=True)  # sorted, as the keys of article_sim are
    by_article = np.zeros((len(ids), len(ids)))
    for x in range(len(ids)):
        for y in range(x + 1, len(ids)):
            by_article[x, y] = by_article[y, x] = article_sim.get((str(ids[x]), str(ids[y])), 0.0)
    asim = np.where(same_article == 1.0, 1.0, by_article[np.ix_(art_index, art_index)])
    incidence = lt.term_matrix([dict.fromkeys(m.names, 1.0) for m in mentions])
    shared = incidence @ incidence.T
    sizes = incidence.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - shared
    names = np.divide(shared, union, out=np.zeros((n, n)), where=union > 0)
    np.fill_diagonal(names, 0.0)
    cats = np.array([m.plover or "" for m in mentions])
    same_cat = ((cats[:, None] == cats[None, :]) & (cats[:, None] != "")).astype(np.float64)
    return np.stack([np.ones((n, n)), (stems[:, None] == stems[None, :]).astype(np.float64), heads @ heads.T,
                     sents @ sents.T, asim, same_article, names, same_cat])


def pair_probabilities(mentions: Sequence[EventMention], article_sim: Mapping[tuple[str, str], float],
                       model: LinkModel | None = None) -> npt.NDArray[np.float64]:
    """The ``n x n`` matrix of same-happening probabilities (diagonal 1), with the vetoes and the same-article
    rule of the module's description."""
    model = model or link_model()
    n = len(mentions)
    if n == 0:
        return np.zeros((0, 0))
    feats = feature_matrices(mentions, article_sim)
    z = np.tensordot(np.array(model.weights), feats, axes=1)
    prob = 1.0 / (1.0 + np.exp(-z))
    cross = feats[FEATURES.index("same_article")] == 0.0
    cats = np.array([m.plover or "" for m in mentions])
    known = cats != ""
    veto = (known[:, None] & known[None, :] & (cats[:, None] != cats[None, :])) if model.veto_plover \
        else np.zeros((n, n), dtype=bool)
    days = np.array([_ordinal(m.date) for m in mentions])
    with np.errstate(invalid="ignore"):
        veto |= np.abs(days[:, None] - days[None, :]) > model.date_gap_days
    hypothetical = np.array([m.hypothetical for m in mentions])
    veto |= (hypothetical[:, None] | hypothetical[None, :]) & cross
    generic = np.array([m.generic for m in mentions])
    veto |= (generic[:, None] | generic[None, :]) & cross & (
        feats[FEATURES.index("sentence_cosine")] < model.generic_sentence_cosine)
    veto = np.triu(veto, 1)
    veto |= veto.T  # decided on the upper triangle, as the vectors' products may differ in the last bit
    roots = np.array([m.plover in model.same_article_roots for m in mentions])
    boost = ~cross & (cats[:, None] == cats[None, :]) & roots[:, None] & ~veto
    prob = np.where(boost, np.maximum(prob, model.same_article_probability), prob)
    prob[veto] = 0.0
    np.fill_diagonal(prob, 1.0)
    return np.asarray(prob, dtype=np.float64)


def generic_heads() -> frozenset[str]:
    """Trigger heads too generic to name a happening (``resources/link/generic_heads.txt``)."""
    return resources.word_file("link/generic_heads.txt")
