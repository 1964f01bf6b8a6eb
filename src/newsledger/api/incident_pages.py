"""The incidents list and the incident board, over the linking adapter (``newsledger.web.incidents``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse

from newsledger.api.pages import FiltersDep, PageDep, StoreDep, render
from newsledger.api.params import NOT_FOUND, PAGE_ERRORS, Items, items, next_url, prev_url
from newsledger.store import Store
from newsledger.web import incidents
from newsledger.web.incidents import Board, IncidentSummary

data = APIRouter(tags=["json"])
html = APIRouter(tags=["pages"], default_response_class=HTMLResponse, responses=PAGE_ERRORS)
IncidentId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,80}$", description="the incident's id")]


@data.get("/incidents.json")
def incidents_json(request: Request, store: StoreDep, f: FiltersDep, p: PageDep) -> Items[IncidentSummary]:
    """Incidents (events linked across articles), latest first, filtered by their events."""
    return Items[IncidentSummary](**items(request, incidents.list_incidents(store, f, p)))


@html.get("/incidents")
def incidents_page(request: Request, store: StoreDep, f: FiltersDep, p: PageDep) -> HTMLResponse:
    page = incidents.list_incidents(store, f, p)
    return render(request, "incidents.html", page=page, filters=f, next_url=next_url(request, page),
                  prev_url=prev_url(request, page), linked=incidents.linking_available(store))


def _board(store: Store, incident_id: str, with_events: bool = True) -> Board:
    found = incidents.board(store, incident_id, with_events)
    if found is None:
        raise HTTPException(404, f"no incident {incident_id} in this ledger")
    return found


@data.get("/incidents/{incident_id}.json", responses=NOT_FOUND)
def incident_json(store: StoreDep, incident_id: IncidentId) -> Board:
    """One incident's board: responsibility claims and denials per claimant, evidence, articles, events."""
    return _board(store, incident_id)


@html.get("/incidents/{incident_id}")
def incident_page(request: Request, store: StoreDep, incident_id: IncidentId) -> HTMLResponse:
    return render(request, "incident.html", board=_board(store, incident_id, with_events=False))
