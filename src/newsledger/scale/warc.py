"""Articles from WARC files (Common Crawl news crawls and the like): HTML responses -> main text.

Each HTML ``response`` record becomes an :class:`Article`: its main text and metadata (title, date, site)
extracted by trafilatura, its URL from ``WARC-Target-URI``, ``external_id`` the ``WARC-Record-ID``. Other
records (requests, metadata, non-HTML responses) are passed over; an HTML page with no main text is
reported as a :class:`ReadFailure` with its URL. Needs the ``[distributed]`` extra (warcio, trafilatura).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from newsledger.errors import InputError
from newsledger.ingest import Article, ReadFailure
from newsledger.ingest.article import check_length, parse_date

WARC_SUFFIXES = (".warc", ".warc.gz")


def is_warc(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


def read_warc(path: str, published: str | None = None) -> Iterator[Article | ReadFailure]:
    """The articles of one WARC file, in record order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = record.http_headers.get_header("Content-Type") or ""
                if "html" not in ctype.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                rid = record.rec_headers.get_header("WARC-Record-ID")
                yield _article(record.content_stream().read(), url, rid, f"{path}:{url}", published)
    except OSError as exc:
        yield ReadFailure(path, InputError(where=path, reason=exc.strerror or str(exc)))
    except ArchiveLoadFailed as exc:
        yield ReadFailure(path, InputError(where=path, reason=f"not a WARC file ({str(exc).split(',')[0].lower()})"))


def _article(html: bytes, url: str | None, record_id: str | None, where: str,
             published: str | None) -> Article | ReadFailure:
    import trafilatura

    found = trafilatura.extract(html, output_format="json", with_metadata=True, url=url)
    data: dict[str, Any] = json.loads(found) if found else {}
    text = data.get("text") or ""
    if not text.strip():
        return ReadFailure(where, InputError(where=where, reason="no article text found in the page"))
    try:
        check_length(text, where)
    except InputError as exc:
        return ReadFailure(where, exc)
    try:
        date = parse_date(data.get("date"), where=where) or published
    except InputError:
        date = published
    return Article(text=text, title=data.get("title"), published=date,
                   source=data.get("sitename") or data.get("hostname"), url=url, external_id=record_id)
