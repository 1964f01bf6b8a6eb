"""The one write the web layer makes itself: deleting an article (storing goes through ``Store.add``)."""

from __future__ import annotations

from sqlalchemy import delete, select

from newsledger.store import Store, schema
from newsledger.web.incidents import detach_events


def delete_article(store: Store, article_id: str) -> bool:
    """Remove an article, its records and its events' incident links; False when there was none."""
    ar, ac, at, ev = schema.articles, schema.actors, schema.attributions, schema.events
    with store.engine.begin() as conn:
        detach_events(conn, list(conn.execute(select(ev.c.id).where(ev.c.article_id == article_id)).scalars()))
        for table in (ev, at, ac):
            conn.execute(delete(table).where(table.c.article_id == article_id))
        return conn.execute(delete(ar).where(ar.c.id == article_id)).rowcount > 0
