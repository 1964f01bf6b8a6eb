"""Incidents: events of many articles that report the same real-world happening.

Linking runs in two steps, both functions of the set of articles alone (not of the order they came in):

1. *Blocks*: articles whose profiles (``text.term_weights``) have cosine ``>= block_threshold``, and whose
   publication dates (when both are known) are at most ``window_days`` apart, are joined; a block is a
   connected component of that graph. A new article therefore only ever touches the blocks of its neighbours.
2. *Stories*: inside a block, articles are grouped by average-link agglomeration of their similarities
   (``story_threshold``): the articles that report the same happening.
3. *Incidents*: inside a story, every pair of event mentions gets a same-happening probability
   (``mentions.pair_probabilities``) and mentions are merged by average-link agglomeration while the mean
   probability between two clusters is ``>= incident_threshold``. Mentions are sorted by id first, so the
   result is the same whatever the ingestion order.

An incident's id is a hash of its smallest event id; each event's confidence is its mean probability with the
other events of its incident (1.0 alone), the incident's the mean over its pairs.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from scipy import sparse

from newsledger.ids import record_id
from newsledger.link import text as lt
from newsledger.link.cluster import average_link, components
from newsledger.link.mentions import (
    EventMention,
    LinkModel,
    anaphor_pairs,
    link_model,
    mentions_of,
    pair_probabilities,
)
from newsledger.records import Ledger

KEY_TERMS = 25


@dataclass(frozen=True, slots=True)
class ArticleProfile:
    """What blocking needs of an article: its id, publication date, term profile and key terms."""

    article_id: str
    published: str | None
    terms: dict[str, float] = field(hash=False)
    keys: frozenset[str] = field(default=frozenset(), hash=False)

    @classmethod
    def of(cls, article_id: str, published: str | None, terms: dict[str, float]) -> ArticleProfile:
        return cls(article_id, published, terms, frozenset(key_terms(terms)))


@dataclass(frozen=True, slots=True)
class IncidentLink:
    """One incident: its id, its events with their confidence, and its own confidence."""

    id: str
    events: tuple[tuple[str, float], ...]
    confidence: float


def profile_of(ledger: Ledger, model: LinkModel | None = None) -> ArticleProfile:
    model = model or link_model()
    return ArticleProfile.of(ledger.article.id, ledger.article.published,
                             lt.term_weights(ledger.text, name_boost=model.name_boost))


def _days(a: str, b: str) -> int | None:
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    except ValueError:
        return None


def key_terms(terms: Mapping[str, float]) -> list[str]:
    """The strongest terms of a profile: two articles are compared only when they share one of them."""
    return sorted(terms, key=lambda t: (-terms[t], t))[:KEY_TERMS]


def article_similarity(a: ArticleProfile, b: ArticleProfile, model: LinkModel | None = None) -> float:
    """Cosine of the two profiles; 0 when they share fewer than ``min_shared_keys`` key terms (the store finds
    neighbours by shared key terms, so the rule must be the same everywhere), or when both dates are known and
    further apart than the window."""
    model = model or link_model()
    if len(a.keys & b.keys) < model.min_shared_keys:
        return 0.0
    if a.published and b.published:
        gap = _days(a.published, b.published)
        if gap is not None and gap > model.window_days:
            return 0.0
    return lt.cosine(a.terms, b.terms)


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


SPARSE_FROM = 24  # articles from which similarity_pairs multiplies sparse matrices


def similarity_pairs(profiles: Sequence[ArticleProfile], model: LinkModel | None = None
                     ) -> dict[tuple[str, str], float]:
    """The positive ``article_similarity`` of every pair of ``profiles``, computed at once with sparse matrix
    products (a block of thousands of articles costs what its shared terms cost, not a Python call a pair)."""
    model = model or link_model()
    n = len(profiles)
    if n < SPARSE_FROM:  # a few pairs: building the matrices costs more than comparing them one by one
        pairs = ((a, b, article_similarity(a, b, model)) for a, b in combinations(profiles, 2))
        return {pair_key(a.article_id, b.article_id): s for a, b, s in pairs if s > 0}
    terms: dict[str, int] = {}
    keys: dict[str, int] = {}
    rows, cols, vals, krows, kcols = [], [], [], [], []
    for i, p in enumerate(profiles):
        for t, w in p.terms.items():
            rows.append(i)
            cols.append(terms.setdefault(t, len(terms)))
            vals.append(w)
        for k in p.keys:
            krows.append(i)
            kcols.append(keys.setdefault(k, len(keys)))
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(n, len(terms)), dtype=np.float64)
    kx = sparse.csr_matrix((np.ones(len(krows)), (krows, kcols)), shape=(n, len(keys)), dtype=np.float64)
    shared = sparse.triu(kx @ kx.T, k=1).tocoo()
    ok = shared.data >= model.min_shared_keys
    ii, jj = shared.row[ok], shared.col[ok]
    if not len(ii):
        return {}
    cos = np.asarray((x @ x.T).tocsr()[ii, jj]).ravel()
    days = np.array([_ordinal(p.published) for p in profiles], dtype=np.float64)
    gap = np.abs(days[ii] - days[jj])
    far = ~np.isnan(gap) & (gap > model.window_days)
    out = {}
    for i, j, c, f in zip(ii.tolist(), jj.tolist(), cos.tolist(), far.tolist(), strict=True):
        if not f and c > 0:
            out[pair_key(profiles[i].article_id, profiles[j].article_id)] = c
    return out


def _ordinal(published: str | None) -> float:
    try:
        return float(dt.date.fromisoformat(published).toordinal()) if published else math.nan
    except ValueError:
        return math.nan


def similarities(profiles: Sequence[ArticleProfile], model: LinkModel | None = None) -> dict[tuple[str, str], float]:
    """Similarity of every pair of ``profiles`` (for batches; the store finds candidates by shared terms)."""
    return {pair_key(a.article_id, b.article_id): article_similarity(a, b, model)
            for a, b in combinations(profiles, 2)}


def blocks(article_ids: Iterable[str], sims: Mapping[tuple[str, str], float],
           model: LinkModel | None = None) -> list[list[str]]:
    """Connected components of the articles joined by a similarity of at least ``block_threshold``."""
    model = model or link_model()
    edges = [k for k, s in sims.items() if s >= model.block_threshold]
    return components(article_ids, edges)


def stories(block: Sequence[str], sims: Mapping[tuple[str, str], float],
            model: LinkModel | None = None) -> list[list[str]]:
    """The articles of a block grouped by average-link agglomeration of their similarities
    (``story_threshold``): articles that tell the same story."""
    model = model or link_model()
    ordered = sorted(block)
    n = len(ordered)
    sim = np.eye(n)
    for i in range(n):
        for j in range(i + 1, n):
            sim[i, j] = sim[j, i] = sims.get(pair_key(ordered[i], ordered[j]), 0.0)
    return [[ordered[i] for i in c] for c in average_link(sim, model.story_threshold)]


def cluster_incidents(mentions: Sequence[EventMention], article_sim: Mapping[tuple[str, str], float],
                      model: LinkModel | None = None, twins: Mapping[str, str] | None = None) -> list[IncidentLink]:
    """The incidents of one block's mentions. ``twins`` maps a copy's mention to the same mention of its copy
    group's first article (``copies.twins``): only the originals are clustered, and each twin joins its
    original's incident with its confidence."""
    model = model or link_model()
    if twins:
        links = cluster_incidents([m for m in mentions if m.id not in twins], article_sim, model)
        copies_of: dict[str, list[str]] = {}
        for twin, original in twins.items():
            copies_of.setdefault(original, []).append(twin)
        return [IncidentLink(link.id, tuple(sorted(link.events + tuple(
            (t, conf) for eid, conf in link.events for t in copies_of.get(eid, ())))), link.confidence)
            for link in links]
    ordered = sorted(mentions, key=lambda m: m.id)
    if not ordered:
        return []
    prob = pair_probabilities(ordered, article_sim, model)
    out = []
    must = anaphor_pairs(ordered, model.same_article_roots)  # "the attack" is the shelling reported before it
    for cluster in average_link(prob, model.incident_threshold, must):
        ids = [ordered[i].id for i in cluster]
        if len(cluster) == 1:
            out.append(IncidentLink(record_id("incident", ids[0]), ((ids[0], 1.0),), 1.0))
            continue
        sub = prob[np.ix_(cluster, cluster)]
        k = len(cluster)
        member = (sub.sum(axis=1) - 1.0) / (k - 1)
        overall = (sub.sum() - k) / (k * (k - 1))
        events = tuple((eid, round(float(c), 4)) for eid, c in zip(ids, member, strict=True))
        out.append(IncidentLink(record_id("incident", ids[0]), events, round(float(overall), 4)))
    return out


def link_ledgers(ledgers: Sequence[Ledger], model: LinkModel | None = None) -> list[IncidentLink]:
    """Incidents over a batch of ledgers (with text), from scratch."""
    model = model or link_model()
    profiles = [profile_of(lg) for lg in ledgers]
    sims = similarities(profiles, model)
    by_article = {lg.article.id: mentions_of(lg) for lg in ledgers}
    out: list[IncidentLink] = []
    for block in blocks(by_article, sims, model):
        for story in stories(block, sims, model):
            out.extend(cluster_incidents([m for a in story for m in by_article[a]], sims, model))
    return out
