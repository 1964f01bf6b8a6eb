"""Filters shared by the read-side queries, and the SQLAlchemy Core conditions they turn into.

Every condition is built from column objects and bound parameters; user input never becomes SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import ColumnElement, and_

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
    min_confidence: float | None = None  # statements (statement, stance, evidence) or events (event, root) whose
    # confidences are all >= this

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




def all_of(conds: list[ColumnElement[bool]]) -> ColumnElement[bool] | None:
    return and_(*conds) if conds else None
