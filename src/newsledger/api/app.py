"""The FastAPI application: the JSON API, the HTML pages, static assets, and the guards around them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from newsledger import __version__
from newsledger.api import incident_pages, pages, write
from newsledger.api.params import single_valued_query
from newsledger.api.security import BodyLimit, RateLimit, SecurityHeaders
from newsledger.api.service import seed_example
from newsledger.api.settings import Settings
from newsledger.link import LINKS, open_ledger
from newsledger.store import Store
from newsledger.web.templating import STATIC_DIR

DESCRIPTION = """The newsledger ledger over HTTP: articles with who said what (speaker, stance, evidence),
events (PLOVER, modality, time, place), actors and incidents. Every HTML page has a JSON twin (append
`.json`); lists are `{"items": [...], "next": URL|null}`. Writes need `Authorization: Bearer TOKEN`."""


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.endswith(".json") or path.startswith("/api/") or path == "/openapi.json")


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The app over ``store`` (or the ledger at ``settings.db_url``). With ``settings.seed_example`` an
    empty ledger first gets the bundled example, analysed, so a fresh install opens on a populated page."""
    settings = settings or Settings.from_env()
    owned = store is None
    ledger_store = store if store is not None else open_ledger(settings.db_url)
    ledger_store.install(LINKS)  # a store handed in keeps its links in step with deletions too
    if settings.seed_example:
        seed_example(ledger_store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            ledger_store.close()

    app = FastAPI(title="newsledger", version=__version__, description=DESCRIPTION, docs_url=None,
                  redoc_url=None, openapi_url="/openapi.json", lifespan=lifespan,
                  dependencies=[Depends(single_valued_query)])
    app.state.settings = settings
    app.state.store = ledger_store
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in (pages.data, incident_pages.data, write.data, pages.html, incident_pages.html, write.html):
        app.include_router(router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request):
            response = pages.render(request, "error.html", status=exc.status_code, detail=str(exc.detail),
                                    json_url=None)
            response.status_code = exc.status_code
            response.headers.update(exc.headers or {})
            return response
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
                  for e in exc.errors()]
        if _wants_html(request):
            detail = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}" for e in errors)
            response: HTMLResponse = pages.render(request, "error.html", status=422, detail=detail, json_url=None)
            response.status_code = 422
            return response
        return JSONResponse({"detail": errors}, 422)

    # outermost first: headers on everything, then size, then rate, then compression
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(RateLimit, per_minute=settings.write_rate)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def serve(db: str | None, host: str, port: int) -> None:
    """Run the server (``newsledger serve``) until interrupted."""
    import uvicorn

    app = create_app(Settings.from_env(db))
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False, server_header=False)
