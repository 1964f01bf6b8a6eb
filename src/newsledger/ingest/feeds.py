"""RSS and Atom feeds (feedparser): one article per entry that carries text.

An entry's text is its full content (``content:encoded``, Atom ``content``) when present, else its summary,
converted from HTML to plain text; its title, link, id (as ``external_id``) and publication date come with
it, and the feed's title is the source. The feed's XML declaration decides its encoding. An entry without
text is reported as ``FILE#N`` (N counts entries from 1); the other entries are still read.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

from newsledger.errors import InputError
from newsledger.ingest.article import Article, ReadFailure, clean_meta
from newsledger.ingest.html import fragment_text

FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf")


def looks_like_feed(data: bytes) -> bool:
    """Whether a document is an RSS or Atom feed (by its root element, in its first 1,024 bytes)."""
    return any(marker in data[:1024].lower() for marker in FEED_MARKERS)


def _date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not isinstance(parsed, time.struct_time):
        return None
    try:
        return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    except ValueError:
        return None


def _entry_text(entry: Any) -> str:
    parts = entry.get("content") or []
    body = next((c for c in parts if c.get("value")), None)
    if body is None and entry.get("summary"):
        body = {"value": entry.get("summary"), "type": entry.get("summary_detail", {}).get("type", "text/html")}
    if body is None:
        return ""
    value = str(body["value"])
    return fragment_text(value) if "html" in str(body.get("type", "text/html")) else value.strip()


def read_feed(data: bytes, where: str, published: str | None) -> Iterator[Article | ReadFailure]:
    """The articles of a feed, and a failure for each entry (or the whole feed) that cannot be read."""
    import feedparser

    try:
        feed = feedparser.parse(data)
    except (ValueError, OverflowError) as exc:  # feedparser's character references: chr() of a surrogate or
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__   # of a number past Unicode
        yield ReadFailure(where, InputError(where=where, reason=f"not a readable feed ({reason})"))
        return
    entries = list(feed.entries)
    if not entries:
        problem = feed.get("bozo_exception")
        reason = f"not an RSS or Atom feed ({str(problem).splitlines()[0]})" if problem else "a feed with no entries"
        yield ReadFailure(where, InputError(where=where, reason=reason))
        return
    source = clean_meta(feed.feed.get("title"))
    for number, entry in enumerate(entries, start=1):
        at = f"{where}#{number}"
        text = _entry_text(entry)
        if not text.strip():
            yield ReadFailure(at, InputError(where=at, reason="the feed entry carries no text"))
            continue
        try:
            article = Article.checked(text, at, title=clean_meta(entry.get("title")),
                                      published=_date(entry) or published, source=source,
                                      url=clean_meta(entry.get("link")), external_id=clean_meta(entry.get("id")))
        except InputError as exc:
            yield ReadFailure(at, exc)
            continue
        yield article
