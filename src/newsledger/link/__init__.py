"""Across articles: incidents (the same happening in many reports), contested responsibility, claims and
contradictions.

    >>> from newsledger.link import query, update_links
    >>> update_links(store)                       # link stored articles not linked yet (ingest does it)
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
    from newsledger.store import Store
    from newsledger.store.links import LinkSummary

__all__ = ["IncidentLink", "link_ledgers", "update_links"]


def update_links(store: Store, article_ids: Iterable[str] | None = None) -> LinkSummary:
    """Link stored articles (default: every one not linked yet); see ``newsledger.store.links``."""
    from newsledger.store.links import update_links as update

    return update(store, article_ids)
