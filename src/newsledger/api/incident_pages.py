"""The incidents list and the incident board, over cross-article linking (``newsledger.web.incidents``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse

from newsledger.api.pages import FiltersDep, PageDep, StoreDep, list_context, render
from newsledger.api.params import NOT_FOUND, PAGE_ERRORS, Items, items
from newsledger.store import Store
from newsledger.web import incidents
from newsledger.web.incidents import IncidentBoard, IncidentSummary

data = APIRouter(tags=["json"])
html = APIRouter(tags=["pages"], default_response_class=HTMLResponse, responses=PAGE_ERRORS)
IncidentId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,80}$", description="the incident's id")]


@data.get("/incidents.json")
def incidents_json(request: Request, store: StoreDep, f: FiltersDep, p: PageDep) -> Items[IncidentSummary]:
    """Incidents (events linked across articles), most widely reported first. ``actor`` keeps those with a
    responsibility claim by or against the actor, ``stance`` / ``evidence`` those with such a claim,
    ``plover`` / ``modality`` / dates filter by their events, ``q`` searches labels, places and titles."""
    return Items[IncidentSummary](**items(request, incidents.list_incidents(store, f, p)))


@html.get("/incidents")
def incidents_page(request: Request, store: StoreDep, f: FiltersDep, p: PageDep) -> HTMLResponse:
    page = incidents.list_incidents(store, f, p)
    return render(request, "incidents.html", **list_context(request, page, f),
                  linked=bool(page.items) or incidents.has_incidents(store))


def _board(store: Store, incident_id: str) -> IncidentBoard:
    found = incidents.board(store, incident_id)
    if found is None:
        raise HTTPException(404, f"no incident {incident_id} in this ledger")
    return found


@data.get("/incidents/{incident_id}.json", responses=NOT_FOUND)
def incident_json(store: StoreDep, incident_id: IncidentId) -> IncidentBoard:
    """One incident (as ``newsledger incidents ID --format jsonl`` gives it): who blames whom, who denies,
    who doubts, with evidence and spans (``board``), and the articles reporting it with their events."""
    return _board(store, incident_id)


@html.get("/incidents/{incident_id}")
def incident_page(request: Request, store: StoreDep, incident_id: IncidentId) -> HTMLResponse:
    return render(request, "incident.html", inc=_board(store, incident_id))
