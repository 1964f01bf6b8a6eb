"""newsledger over HTTP: a FastAPI app serving the JSON API and the web UI (``newsledger serve``)."""

from newsledger.api.app import create_app, serve
from newsledger.api.settings import Settings

__all__ = ["Settings", "create_app", "serve"]
