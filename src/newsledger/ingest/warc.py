"""WARC files (warcio, plain or gzipped): one article per successful HTML response record.

Other records (requests, metadata, images, redirects, errors) are not articles and are passed over. The
HTML of a response is decoded by the charset of its ``Content-Type`` header, else by its own declaration
(see :mod:`newsledger.ingest.html`); the record's target URI is the article's URL when the page names no
canonical one, and its ``WARC-Record-ID`` is the ``external_id``. A record that cannot be read is reported
as ``FILE@OFFSET`` (the record's byte offset in the file); a truncated or corrupt archive ends the file
with a failure, after the articles read before it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from newsledger.errors import InputError
from newsledger.ingest.article import Article, ReadFailure
from newsledger.ingest.html import charset_of_header, html_article

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc_name(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def looks_like_warc(data: bytes) -> bool:
    """A WARC file starts with its version line; a gzipped one with the gzip magic number."""
    return data.startswith(b"WARC/") or data.startswith(b"\x1f\x8b")


def read_warc(stream: BinaryIO, where: str, published: str | None) -> Iterator[Article | ReadFailure]:
    """The articles of the HTML responses in a WARC stream, in archive order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = ArchiveIterator(stream)
    found = False
    try:
        for record in records:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            status = record.http_headers.get_statuscode() or ""
            if not status.startswith("2") or not content_type.lower().startswith(HTML_TYPES):
                continue
            found = True
            body = record.content_stream().read()
            truncated = getattr(record.raw_stream, "limit", 0) > 0   # fewer bytes than its Content-Length
            url = record.rec_headers.get_header("WARC-Target-URI")
            at = f"{where}@{records.get_record_offset()}"          # (reads the record to its end)
            if url:
                at += f" ({url})"
            if truncated:
                yield ReadFailure(at, InputError(where=at, reason="the WARC record is truncated"))
                continue
            try:
                yield html_article(body, at, published=published, url=url,
                                   external_id=record.rec_headers.get_header("WARC-Record-ID"),
                                   transport_charset=charset_of_header(content_type))
            except InputError as exc:
                yield ReadFailure(at, exc)
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        yield ReadFailure(where, InputError(where=where, reason=f"not a readable WARC archive ({reason})"))
        return
    if not found:
        yield ReadFailure(where, InputError(where=where, reason="the archive holds no HTML responses"))
