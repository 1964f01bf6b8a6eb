"""WARC files (warcio, plain or gzipped): one article per successful HTML response record.

Other records (requests, metadata, images, redirects, errors) are not articles and are passed over. The
HTML of a response is decoded by the charset of its ``Content-Type`` header, else by its own declaration
(see :mod:`newsledger.ingest.html`); the record's target URI is the article's URL when the page names no
canonical one, and its ``WARC-Record-ID`` is the ``external_id``. A record that cannot be read is reported
as ``FILE@OFFSET`` (the record's byte offset in the file); a truncated or corrupt archive ends the file
with a failure, after the articles read before it.
"""

from __future__ import annotations

import contextlib
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsledger.errors import InputError
from newsledger.ingest.article import Article, ReadFailure
from newsledger.ingest.html import charset_of_header, html_article

# warcio's warning (on stderr) for a record not followed by the blank lines that end it
_MISPLACED = re.compile(r"Record not followed by newline.*?\n\s*Offset: (\d+)", re.DOTALL)
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc_name(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def looks_like_warc(data: bytes) -> bool:
    """A WARC file starts with its version line; a gzipped one with the gzip magic number."""
    return data.startswith(b"WARC/") or data.startswith(b"\x1f\x8b")


@dataclass(frozen=True, slots=True)
class _Response:
    """An HTML response record, read to its end."""

    at: str
    body: bytes
    truncated: bool
    uri: str | None
    record_id: str | None
    content_type: str


def _parser_errors() -> tuple[type[BaseException], ...]:
    """What warcio raises on a malformed archive: its own exceptions, decompression and I/O errors, and, for
    records it cannot make sense of (a response without a target URI), AttributeError and the like."""
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    return (ArchiveLoadFailed, StatusAndHeadersParserException, OSError, EOFError, zlib.error, ValueError,
            AttributeError, TypeError, IndexError, KeyError)


def _html_responses(stream: BinaryIO, where: str) -> Iterator[_Response]:
    """The successful HTML responses of a WARC stream; only warcio runs here (see :func:`_parser_errors`)."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream)
    for record in records:
        if record.rec_type != "response" or record.http_headers is None:
            continue
        content_type = record.http_headers.get_header("Content-Type") or ""
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2") or not content_type.lower().startswith(HTML_TYPES):
            continue
        body = record.content_stream().read()
        truncated = getattr(record.raw_stream, "limit", 0) > 0   # fewer bytes than its Content-Length
        at = f"{where}@{records.get_record_offset()}"          # (reads the record to its end)
        uri = record.rec_headers.get_header("WARC-Target-URI")
        if uri:
            at += f" ({uri})"
        yield _Response(at, body, truncated, uri, record.rec_headers.get_header("WARC-Record-ID"), content_type)


def read_warc(stream: BinaryIO, where: str, published: str | None) -> Iterator[Article | ReadFailure]:
    """The articles of the HTML responses in a WARC stream, in archive order."""
    responses = _html_responses(stream, where)
    found = False
    while True:
        warnings = io.StringIO()
        try:
            with contextlib.redirect_stderr(warnings):   # warcio writes its warnings there, several lines each
                response = next(responses, None)
        except _parser_errors() as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            yield ReadFailure(where, InputError(where=where, reason=f"not a readable WARC archive ({reason})"))
            return
        for offset in _MISPLACED.findall(warnings.getvalue()):
            at = f"{where}@{offset}"
            yield ReadFailure(at, InputError(where=at, reason="a record does not end where its Content-Length "
                                                              "says; what follows it may be misread"))
        if response is None:
            break
        found = True
        at = response.at
        if response.truncated:
            yield ReadFailure(at, InputError(where=at, reason="the WARC record is truncated"))
            continue
        try:
            yield html_article(response.body, at, published=published, url=response.uri,
                               external_id=response.record_id,
                               transport_charset=charset_of_header(response.content_type))
        except InputError as exc:
            yield ReadFailure(at, exc)
    if not found:
        yield ReadFailure(where, InputError(where=where, reason="the archive holds no HTML responses"))
