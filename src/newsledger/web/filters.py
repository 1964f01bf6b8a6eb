"""Filters shared by the read-side queries, and the SQLAlchemy Core conditions they turn into.

Every condition is built from column objects and bound parameters; user input never becomes SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import ColumnElement, FromClause, and_, false, func, or_

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class Filters:
    """What a list is narrowed to. ``actor`` is a code prefix (``RUS``, ``RUSGOV``) or an exact name;
    ``date_from`` / ``date_to`` are ISO dates (inclusive); ``q`` is a case-insensitive text search."""

    q: str | None = None
    actor: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    plover: str | None = None
    modality: str | None = None
    stance: str | None = None
    evidence: str | None = None
    min_confidence: float | None = None  # statements whose stance and evidence confidences are both >= this

    def active(self) -> dict[str, str]:
        """The filters that are set, by field name."""
        return {f.name: str(v) for f in fields(self) if (v := getattr(self, f.name)) is not None and v != ""}


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int = 1
    size: int = DEFAULT_PAGE_SIZE

    @property
    def offset(self) -> int:
        return (max(self.page, 1) - 1) * self.size


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list; ``has_more`` says whether a next page exists."""

    items: list[Any]
    page: int
    has_more: bool


def page_of(rows: list[Any], request: PageRequest) -> Page:
    """Rows fetched with ``limit size + 1`` cut to a page."""
    return Page(rows[:request.size], request.page, len(rows) > request.size)


def actor_matches(actors: FromClause, value: str) -> ColumnElement[bool]:
    """An actor row whose code starts with ``value`` (upper-cased) or whose name is ``value``."""
    value = value.strip()
    if not value:
        return false()
    return or_(actors.c.code.startswith(value.upper(), autoescape=True),
               func.lower(actors.c.name) == value.lower())


def date_between(column: Any, date_from: str | None, date_to: str | None) -> list[ColumnElement[bool]]:
    """ISO date strings compare in calendar order, so a range is two string comparisons. ``date_to`` is
    inclusive: a value of that day (or a finer one, ``2023-05-03T…``) is in range."""
    conds: list[ColumnElement[bool]] = []
    if date_from:
        conds.append(column >= date_from)
    if date_to:
        conds.append(column <= date_to + "\uffff")
    return conds


def all_of(conds: list[ColumnElement[bool]]) -> ColumnElement[bool] | None:
    return and_(*conds) if conds else None
