"""Across articles: incidents (the same happening in many reports), contested responsibility, claims and
contradictions.

    >>> from newsledger.link import query, store_and_link, update_links
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
from typing import TYPE_CHECKING

from newsledger.link.incidents import IncidentLink, link_ledgers

if TYPE_CHECKING:
    from newsledger.records import Ledger
    from newsledger.store import Store
    from newsledger.store.ledger_store import AddResult
    from newsledger.store.links import LinkSummary

__all__ = ["IncidentLink", "link_ledgers", "store_and_link", "update_links"]


def store_and_link(store: Store, ledgers: Iterable[Ledger]) -> AddResult:
    """Store a batch of ledgers (``Store.add_many``: one transaction, articles already stored skipped) and link
    them into the ledger's copy groups, stories, incidents and claims (``update_links``, a following
    transaction). The one way to store articles that ``newsledger ingest``, the REST API and the batch jobs
    use; an article stored but not linked (a run killed between the two) is linked by the next call, or by
    ``update_links(store)``."""
    batch = list(ledgers)
    result = store.add_many(batch)
    refused = {r.article_id for r in result.rejected}
    update_links(store, [lg.article.id for lg in batch if lg.article.id not in refused])
    return result


def update_links(store: Store, article_ids: Iterable[str] | None = None) -> LinkSummary:
    """Link stored articles (default: every one not linked yet); see ``newsledger.store.links``."""
    from newsledger.store.links import update_links as update

    return update(store, article_ids)
