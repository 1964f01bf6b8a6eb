"""Across articles: incidents (the same happening in many reports), contested responsibility, claims and
contradictions.

    >>> from newsledger.link import open_ledger, query, store_and_link, update_links
    >>> store = open_ledger("ledger.db")          # the store, with its link tables (tables.py) up to date
    >>> store_and_link(store, ledgers)            # store a batch and link it: the one way in (CLI, API, jobs)
    >>> update_links(store)                       # link stored articles not linked yet
    >>> query.list_incidents(store)               # most widely reported first
    >>> query.incident(store, incident_id)        # reports and the board: who blames whom, who denies
    >>> query.list_claims(store, actor="RUS")     # propositions and their corroboration by outlets
    >>> query.list_contradictions(store)

``link_ledgers`` clusters a batch of ledgers in memory, without a store.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsledger._gc import collector_paused
from newsledger.link.features import ArticleFeatures, features_of
from newsledger.link.incidents import IncidentLink, link_ledgers
from newsledger.link.linker import LINKS, LinkSummary, open_ledger, remember, update_links
from newsledger.records import Ledger
from newsledger.store import AddResult, Store

__all__ = ["LINKS", "ArticleFeatures", "IncidentLink", "LinkSummary", "features_of", "link_ledgers", "open_ledger",
           "store_and_link", "update_links"]


def store_and_link(store: Store, ledgers: Iterable[Ledger], features: Iterable[ArticleFeatures] = ()) -> AddResult:
    """Store a batch of ledgers (``Store.add_many``: one transaction, articles already stored skipped) and link
    them into the ledger's copy groups, stories, incidents and claims (``update_links``, a following
    transaction). ``features`` are what linking needs of each article alone (``features.features_of``), when
    the processes that analysed the articles computed them; the rest is computed here. The one way to store
    articles that ``newsledger ingest``, the REST API and the batch jobs use; an article stored but not linked
    (a run killed between the two) is linked by the next call, or by ``update_links(store)``."""
    batch = list(ledgers)
    with collector_paused():  # (newsledger._gc: the collector's walks over the writer's objects cost ~18 %)
        result = store.add_many(batch)
        stored = set(result.added_ids)
        remember(store, [lg for lg in batch if lg.article.id in stored],  # linked next: no need to read them back
                 [f for f in features if f.article_id in stored])
        refused = {r.article_id for r in result.rejected}
        update_links(store, [lg.article.id for lg in batch if lg.article.id not in refused])
    return result

