"""Query parameters shared by the list endpoints, the list envelope, and small request helpers.

Parameters are strings with patterns rather than enums or dates, because an HTML filter form submits
its empty fields as ``name=``; an empty value means "no filter".
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from newsledger.records import EVIDENCE, MODALITIES, STANCES
from newsledger.store import Store
from newsledger.web.filters import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Filters, Page, PageRequest

T = TypeVar("T")
DATE = r"^(\d{4}-\d{2}-\d{2})?$"
# Free text, but no NUL: no stored text holds one, and PostgreSQL refuses it in any string (a server error).
TEXT = r"^[^\x00]*$"


def _choice(values: tuple[str, ...]) -> str:
    return "^(" + "|".join(values) + ")?$"


class Items(BaseModel, Generic[T]):
    """A list's JSON: the items of this page and the URL of the next one (null on the last page)."""

    items: list[T]
    next: str | None


class Problem(BaseModel):
    """An error: what was wrong, in one line."""

    detail: str


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "not in this ledger"}}
BAD_INPUT: dict[int | str, dict[str, Any]] = {400: {"model": Problem, "description": "the body cannot be read"}}
# What the guards in api/security.py answer before a write reaches its handler.
LIMITS: dict[int | str, dict[str, Any]] = {
    413: {"model": Problem, "description": "the request body is over the size limit"},
    429: {"model": Problem, "description": "too many writes from this address; retry after Retry-After seconds"},
}
PAGE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "the request body cannot be read"},
    404: {"description": "not in this ledger (an error page)"},
    422: {"description": "a parameter is not valid (an error page)"},
}


def filters(
    q: Annotated[str, Query(max_length=200, pattern=TEXT, description="case-insensitive text search")] = "",
    actor: Annotated[str, Query(max_length=100, pattern=TEXT,
                                description="actor code prefix (RUS, RUSGOV) or exact name")] = "",
    date_from: Annotated[str, Query(alias="from", pattern=DATE, description="from this date (YYYY-MM-DD)")] = "",
    date_to: Annotated[str, Query(alias="to", pattern=DATE, description="to this date, inclusive")] = "",
    plover: Annotated[str, Query(pattern=r"^([A-Za-z]{2,16})?$", description="PLOVER root, e.g. ACCUSE")] = "",
    modality: Annotated[str, Query(pattern=_choice(MODALITIES))] = "",
    stance: Annotated[str, Query(pattern=_choice(STANCES))] = "",
    evidence: Annotated[str, Query(pattern=_choice(EVIDENCE))] = "",
    min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0, description="statements whose confidences (a "
                                                  "statement at all, stance, evidence) are all at least this "
                                                  "(0..1)")] = None,
) -> Filters:
    def clean(value: str) -> str | None:
        return value.strip() or None

    return Filters(clean(q), clean(actor), clean(date_from), clean(date_to),
                   clean(plover.upper()), clean(modality), clean(stance), clean(evidence), min_confidence)


def single_valued_query(request: Request) -> None:
    """Every query parameter of this API takes one value: one given twice (``?page=1&page=2``) is refused
    (422), not read as whichever value the framework keeps."""
    seen: set[str] = set()
    for name, _ in request.query_params.multi_items():
        if name in seen:
            raise RequestValidationError([{"type": "repeated", "loc": ("query", name),
                                           "msg": "given more than once; give it once",
                                           "input": request.query_params.getlist(name)}])
        seen.add(name)


def paging(
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> PageRequest:
    return PageRequest(page, size)


def next_url(request: Request, page: Page) -> str | None:
    return str(request.url.include_query_params(page=page.page + 1)) if page.has_more else None


def prev_url(request: Request, page: Page) -> str | None:
    return str(request.url.include_query_params(page=page.page - 1)) if page.page > 1 else None


def json_twin(request: Request) -> str:
    """The JSON twin of an HTML page's URL (same query)."""
    path = request.url.path.rstrip("/") or "/index"
    return str(request.url.replace(path=path + ".json"))


def items(request: Request, page: Page) -> dict[str, Any]:
    return {"items": page.items, "next": next_url(request, page)}


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store
