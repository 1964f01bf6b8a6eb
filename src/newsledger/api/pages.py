"""Read-only pages and their JSON twins: home, articles, article, timeline, network, map, actors.

Each handler calls one query and hands the result to a template (HTML) or returns it (``.json``); the
``.json`` routes are declared first so that ``/articles/ID.json`` is not taken for an article id.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from newsledger.api.params import (
    NOT_FOUND,
    PAGE_ERRORS,
    Items,
    filters,
    get_store,
    items,
    json_twin,
    next_url,
    paging,
    prev_url,
)
from newsledger.store import Store
from newsledger.web import events as ev_queries
from newsledger.web import geo, incidents, listings, network_drawing
from newsledger.web.actor_view import ActorProfile, actor_profile
from newsledger.web.article_view import ArticleView, article_view
from newsledger.web.events import EventRow, Network, PlaceMap
from newsledger.web.filters import Filters, Page, PageRequest
from newsledger.web.listings import ActorSummary, ArticleSummary, Statement
from newsledger.web.templating import environment

# The JSON router is included before the HTML one, so ".json" paths are matched first.
data = APIRouter(tags=["json"])
html = APIRouter(tags=["pages"], default_response_class=HTMLResponse, responses=PAGE_ERRORS)
templates = Jinja2Templates(env=environment())
StoreDep = Annotated[Store, Depends(get_store)]
FiltersDep = Annotated[Filters, Depends(filters)]
PageDep = Annotated[PageRequest, Depends(paging)]
ArticleId = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="the article's content hash")]
ActorCode = Annotated[str, Path(pattern=r"^[A-Z0-9]{1,16}$", description="a CAMEO-style actor code")]


def render(request: Request, name: str, **context: Any) -> HTMLResponse:
    context.setdefault("json_url", json_twin(request))
    response: HTMLResponse = templates.TemplateResponse(request, name, context)
    return response


def list_context(request: Request, page: Page, f: Filters) -> dict[str, Any]:
    """What every list page's template gets: the page, its filters, and the links to the pages around it."""
    return {"page": page, "filters": f, "next_url": next_url(request, page), "prev_url": prev_url(request, page)}


# -- home ----------------------------------------------------------------------------------------------------


def _home(store: Store) -> dict[str, Any]:
    return {"counts": listings.store_counts(store),
            "articles": listings.list_articles(store, Filters(), PageRequest(1, 10)).items,
            "incidents": incidents.list_incidents(store, Filters(), PageRequest(1, 10), per_story=True).items}


@data.get("/index.json")
def home_json(store: StoreDep) -> dict[str, Any]:
    """Counts, the latest articles and the latest incidents."""
    return _home(store)


@html.get("/")
def home(request: Request, store: StoreDep) -> HTMLResponse:
    return render(request, "home.html", **_home(store))


# -- articles ------------------------------------------------------------------------------------------------


@data.get("/articles.json")
def articles_json(request: Request, store: StoreDep, f: FiltersDep, p: PageDep) -> Items[ArticleSummary]:
    """Articles, newest first, filtered."""
    return Items[ArticleSummary](**items(request, listings.list_articles(store, f, p)))


@html.get("/articles")
def articles(request: Request, store: StoreDep, f: FiltersDep, p: PageDep) -> HTMLResponse:
    page = listings.list_articles(store, f, p)
    return render(request, "articles.html", **list_context(request, page, f))


def _article(store: Store, article_id: str) -> ArticleView:
    ledger = listings.get_article(store, article_id)
    if ledger is None:
        raise HTTPException(404, f"no article {article_id} in this ledger")
    story, size, copy_of = incidents.article_links(store, ledger.article.id)
    return article_view(ledger, incidents.incidents_of_events(store, [e.id for e in ledger.events]),
                        story_id=story, story_size=size, copy_of=copy_of)


@data.get("/articles/{article_id}.json", responses=NOT_FOUND)
def article_json(store: StoreDep, article_id: ArticleId) -> dict[str, Any]:
    """One article: the JSON contract object (with its ``story_id`` and ``copy_of``), its text, and the incidents
    its events belong to."""
    return _article(store, article_id).to_dict()


@html.get("/articles/{article_id}")
def article(request: Request, store: StoreDep, article_id: ArticleId) -> HTMLResponse:
    return render(request, "article.html", view=_article(store, article_id))


# -- statements ----------------------------------------------------------------------------------------------


@data.get("/statements.json")
def statements_json(request: Request, store: StoreDep, f: FiltersDep, p: PageDep) -> Items[Statement]:
    """Who said what: attributions with their speaker's actor, filtered (actor = the speaker)."""
    return Items[Statement](**items(request, listings.statements(store, f, p)))


@html.get("/statements")
def statements(request: Request, store: StoreDep, f: FiltersDep, p: PageDep) -> HTMLResponse:
    page = listings.statements(store, f, p)
    return render(request, "statements.html", **list_context(request, page, f))


# -- timeline ------------------------------------------------------------------------------------------------


@data.get("/timeline.json")
def timeline_json(request: Request, store: StoreDep, f: FiltersDep, p: PageDep) -> Items[EventRow]:
    """Events in date order (their own date, else their article's), filtered."""
    return Items[EventRow](**items(request, ev_queries.timeline(store, f, p)))


@html.get("/timeline")
def timeline(request: Request, store: StoreDep, f: FiltersDep, p: PageDep) -> HTMLResponse:
    page = ev_queries.timeline(store, f, p)
    days: dict[str, list[EventRow]] = {}
    for row in page.items:
        days.setdefault(row.date or "undated", []).append(row)
    return render(request, "timeline.html", days=days, **list_context(request, page, f))


# -- network -------------------------------------------------------------------------------------------------


@data.get("/network.json")
def network_json(store: StoreDep, f: FiltersDep) -> Network:
    """Who does what to whom: actor codes as nodes, edges per PLOVER root, weight = number of events."""
    return ev_queries.network(store, f)


@html.get("/network")
def network(request: Request, store: StoreDep, f: FiltersDep) -> HTMLResponse:
    net = ev_queries.network(store, f)
    return render(request, "network.html", net=net, drawing=network_drawing.draw(net), filters=f,
                  size=network_drawing.SIZE)


# -- map -----------------------------------------------------------------------------------------------------


@data.get("/map.json")
def map_json(store: StoreDep, f: FiltersDep) -> PlaceMap:
    """Event places with coordinates and their events; how many events have no place."""
    return ev_queries.places(store, f)


@html.get("/map")
def map_page(request: Request, store: StoreDep, f: FiltersDep) -> HTMLResponse:
    pm = ev_queries.places(store, f)
    box, marks = geo.markers(pm.places)
    return render(request, "map.html", places=pm, box=box, markers=marks, filters=f, world=geo)


# -- actors --------------------------------------------------------------------------------------------------


@data.get("/actors.json")
def actors_json(request: Request, store: StoreDep, f: FiltersDep, p: PageDep) -> Items[ActorSummary]:
    """Coded actors, most mentioned first."""
    return Items[ActorSummary](**items(request, listings.list_actors(store, f, p)))


@html.get("/actors")
def actors(request: Request, store: StoreDep, f: FiltersDep, p: PageDep) -> HTMLResponse:
    page = listings.list_actors(store, f, p)
    return render(request, "actors.html", **list_context(request, page, f))


def _actor(store: Store, code: str) -> ActorProfile:
    profile = actor_profile(store, code)
    if profile is None:
        raise HTTPException(404, f"no actor coded {code} in this ledger")
    return profile


@data.get("/actors/{code}.json", responses=NOT_FOUND)
def actor_json(store: StoreDep, code: ActorCode) -> ActorProfile:
    """An actor code and its sub-codes: names, latest statements and events, network edges, articles."""
    return _actor(store, code)


@html.get("/actors/{code}")
def actor(request: Request, store: StoreDep, code: ActorCode) -> HTMLResponse:
    return render(request, "actor.html", profile=_actor(store, code))
