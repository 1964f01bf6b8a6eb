"""The bundled example article (written for the project; it tells the May 2023 Kremlin drone incident)."""

from __future__ import annotations

import json

from newsledger import resources
from newsledger.ingest.article import Article

EXAMPLE = "kremlin-drone-example"


def example_article() -> Article:
    """The bundled example as an :class:`Article` with its title and publication date."""
    meta = json.loads(resources.read_text(f"examples/{EXAMPLE}.json"))
    return Article(text=resources.read_text(f"examples/{EXAMPLE}.txt"), title=meta["title"],
                   published=meta["published"], source=meta["source"], url=meta.get("url"),
                   external_id=meta["id"])
