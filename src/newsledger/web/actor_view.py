"""What an actor's page shows. An actor page is about a code and its sub-codes: ``RUS`` takes in ``RUSGOV``
and ``RUSMIL``, as the actor filter does everywhere."""

from __future__ import annotations

from dataclasses import dataclass

from newsledger.store import Store
from newsledger.web import events, listings
from newsledger.web.events import Edge, EventRow
from newsledger.web.filters import Filters, PageRequest
from newsledger.web.listings import ActorName, ArticleSummary, Statement

SHOWN = 50


@dataclass(frozen=True, slots=True)
class ActorProfile:
    code: str
    names: list[ActorName]
    statements: list[Statement]
    events: list[EventRow]
    edges: list[Edge]
    articles: list[ArticleSummary]


def actor_profile(store: Store, code: str) -> ActorProfile | None:
    """The names, latest statements, events, network edges and articles of ``code``; None if unknown."""
    names = listings.names_under(store, code)
    if not names:
        return None
    f = Filters(actor=code)
    first = PageRequest(1, SHOWN)
    net = events.network(store, f)
    return ActorProfile(
        code, names, listings.statements(store, f, first).items, events.timeline(store, f, first).items,
        [e for e in net.edges if e.source.startswith(code) or e.target.startswith(code)],
        listings.list_articles(store, f, PageRequest(1, 20)).items)
