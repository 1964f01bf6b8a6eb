"""What linking needs of one article alone, computed where the article is analysed.

Linking a new article into the ledger starts with what depends on that article only: its copy fingerprint
(``copies.fingerprint``), its term profile (``incidents.profile_of``) and its event mentions with their
embeddings (``mentions.with_vectors``), the profiles of its statements' propositions
(``claims.proposition_profiles``), and the rows of the story it makes when no stored article tells the same
story and it is no copy (``board.lone_story_rows``: most articles start a story of their own). Together they
take about 4 ms an article, more than half of what the single writer would spend linking it; :func:`features_of`
computes them, so that the worker processes that analyse the articles (``scale.workers.analyze_with_features``)
can do it in parallel and hand them to the writer with the ledgers (``store_and_link(store, ledgers,
features)``). The writer computes whatever it is not given, so the result is the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsledger.link import copies
from newsledger.link.board import Rows, lone_story_rows
from newsledger.link.claims import proposition_profiles, remember_profiles
from newsledger.link.incidents import ArticleProfile, profile_of
from newsledger.link.mentions import EventMention, LinkModel, link_model, mentions_of, with_vectors
from newsledger.records import Ledger


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """One article's copy fingerprint, term profile, event mentions (with embeddings), its statements'
    propositions with their profiles, and the rows of its story when it is a story of its own."""

    article_id: str
    fingerprint: copies.Fingerprint
    profile: ArticleProfile
    mentions: tuple[EventMention, ...]
    propositions: tuple[tuple[str, dict[str, float]], ...] = ()  # statements' propositions and their profiles
    lone_story: Rows | None = None  # board.lone_story_rows


def features_of(ledger: Ledger, model: LinkModel | None = None) -> ArticleFeatures:
    """The features of one article's ledger (its text must be loaded)."""
    model = model or link_model()
    mentions = tuple(with_vectors(mentions_of(ledger)))
    propositions = proposition_profiles(ledger)
    remember_profiles(propositions)  # (what the story's claims are clustered by)
    return ArticleFeatures(ledger.article.id, copies.fingerprint(ledger.text), profile_of(ledger, model), mentions,
                           propositions, lone_story_rows(ledger, mentions, model))
