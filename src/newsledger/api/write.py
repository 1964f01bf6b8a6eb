"""Analysis and writes: ``POST /api/analyze`` (nothing stored), ``POST /api/articles`` and
``DELETE /api/articles/{id}`` (bearer token), and the ingest page (paste or upload, preview or store)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, Response, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field, field_validator
from starlette.concurrency import run_in_threadpool

from newsledger.api.pages import ArticleId, StoreDep, render
from newsledger.api.params import BAD_INPUT, LIMITS, NOT_FOUND, PAGE_ERRORS, Problem
from newsledger.api.security import check_token, require_token
from newsledger.api.service import analyse, ingest, submitted
from newsledger.errors import InputError
from newsledger.ingest.article import MAX_ARTICLE_CHARS, Article, decode_text
from newsledger.web.article_view import article_view

data = APIRouter(tags=["write"])
html = APIRouter(tags=["pages"], default_response_class=HTMLResponse, responses=PAGE_ERRORS)
AUTH: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "no valid bearer token"},
    403: {"model": Problem, "description": "the server is read-only (no token set)"},
}


class ArticleIn(BaseModel):
    """An article to analyse: its text exactly as published, and what is known about it."""

    # at least one character that Python does not count as white space (it counts \x1c-\x1f and \x85); the
    # schema also says "no NUL character", which the analysis refuses with its own message (NL101, 400)
    text: str = Field(min_length=1, max_length=MAX_ARTICLE_CHARS, pattern=r"[^\s\x1c-\x1f\x85]",
                      json_schema_extra={"pattern": r"^[^\x00]*[^\s\x00\x1c-\x1f\x85][^\x00]*$"},
                      description="the article text, without NUL characters; offsets in the result index into it")
    title: str | None = Field(default=None, max_length=1000)
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD",
                                  json_schema_extra={"format": "date"})
    source: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=4000)
    id: str | None = Field(default=None, max_length=1000, description="your own id, kept as external_id")

    @field_validator("published")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        if value is not None:
            dt.date.fromisoformat(value)  # ValueError (-> 422) for 2023-02-30
        return value

    def article(self) -> Article:
        return submitted(self.text, self.title, self.published, self.source, self.url, self.id)


class Stored(BaseModel):
    id: str
    created: bool
    url: str
    ledger: dict[str, Any]


def _input_error(exc: InputError) -> HTTPException:
    return HTTPException(400, f"[{exc.code}] {exc.message}")


@data.post("/api/analyze", responses={**BAD_INPUT, **LIMITS})
def analyze_json(article: ArticleIn) -> dict[str, Any]:
    """Analyse an article and return its ledger (the JSON contract with the text); nothing is stored."""
    try:
        return analyse(article.article()).to_dict(include_text=True)
    except InputError as exc:
        raise _input_error(exc) from None


@data.post("/api/articles", status_code=201, dependencies=[Depends(require_token)],
           responses={200: {"model": Stored, "description": "already stored"}, **AUTH, **BAD_INPUT, **LIMITS})
def store_article(request: Request, response: Response, store: StoreDep, article: ArticleIn) -> Stored:
    """Analyse and store an article (``Authorization: Bearer TOKEN``). 201 when stored, 200 when the
    ledger already held it (articles are identified by a hash of their text)."""
    try:
        ledger, created = ingest(store, article.article())
    except InputError as exc:
        raise _input_error(exc) from None
    if not created:
        response.status_code = 200
    url = str(request.url_for("article", article_id=ledger.article.id))
    return Stored(id=ledger.article.id, created=created, url=url, ledger=ledger.to_dict())


@data.delete("/api/articles/{article_id}", status_code=204, dependencies=[Depends(require_token)],
             responses={**AUTH, **NOT_FOUND, **LIMITS})
def delete_article(store: StoreDep, article_id: ArticleId) -> Response:
    """Remove an article, its records and its incident links (``Authorization: Bearer TOKEN``); the
    incidents it was reported in are relinked without it."""
    if not store.delete(article_id):
        raise HTTPException(404, f"no article {article_id} in this ledger")
    return Response(status_code=204)


# -- the ingest page -----------------------------------------------------------------------------------------


class IngestInfo(BaseModel):
    read_only: bool
    max_chars: int
    analyze: str
    store: str


@data.get("/ingest.json", tags=["json"])
def ingest_info(request: Request) -> IngestInfo:
    """How to submit articles here: whether writes are open (a token is set) and where to post."""
    return IngestInfo(read_only=request.app.state.settings.token is None, max_chars=MAX_ARTICLE_CHARS,
                      analyze=str(request.url_for("analyze_json")), store=str(request.url_for("store_article")))


@html.get("/ingest")
def ingest_page(request: Request) -> HTMLResponse:
    return render(request, "ingest.html", read_only=request.app.state.settings.token is None, error=None,
                  form={}, max_chars=MAX_ARTICLE_CHARS)


@html.post("/ingest/submit", response_model=None, responses={401: {"description": "wrong write token (the form)"},
                                                             403: {"description": "read-only server (the form)"},
                                                             **LIMITS})
async def ingest_form(
    request: Request, store: StoreDep,
    text: Annotated[str, Form(max_length=MAX_ARTICLE_CHARS)] = "",
    upload: Annotated[UploadFile | None, File()] = None,
    title: Annotated[str, Form(max_length=1000)] = "",
    published: Annotated[str, Form(pattern=r"^(\d{4}-\d{2}-\d{2})?$")] = "",
    token: Annotated[str, Form(max_length=1000)] = "",
    action: Annotated[Literal["preview", "store"], Form()] = "preview",
) -> HTMLResponse | RedirectResponse:
    """Analyse pasted or uploaded text: show it (preview) or store it and open its page (token)."""
    form = {"text": text, "title": title, "published": published}
    read_only = request.app.state.settings.token is None
    try:
        if upload is not None and upload.filename:
            text = decode_text(await upload.read(), upload.filename)
        article = submitted(text, title or None, published or None)
        if action == "store":
            check_token(request.app.state.settings.token, f"Bearer {token}")
            ledger, _ = await run_in_threadpool(ingest, store, article)
            return RedirectResponse(request.url_for("article", article_id=ledger.article.id), status_code=303)
        ledger = await run_in_threadpool(analyse, article)
    except InputError as exc:
        return _ingest_error(request, form, read_only, f"[{exc.code}] {exc.message}", 422)
    except HTTPException as exc:
        return _ingest_error(request, form, read_only, str(exc.detail), exc.status_code)
    return render(request, "article.html", view=article_view(ledger, stored=False))


def _ingest_error(request: Request, form: dict[str, str], read_only: bool, error: str, status: int) -> HTMLResponse:
    response = render(request, "ingest.html", read_only=read_only, error=error, form=form,
                      max_chars=MAX_ARTICLE_CHARS)
    response.status_code = status
    return response

