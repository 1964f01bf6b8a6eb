"""Readers: plain text, JSONL files of article records, HTML pages, RSS/Atom feeds, WARC archives,
directories, and stdin.

``read_inputs`` yields an :class:`Article` per article, in input order, or a :class:`ReadFailure` for an
input (or a JSONL line, a feed entry, a WARC record) that cannot be read, so that a batch keeps its good
articles and reports the bad ones with their location.

A file's format is told by its name (``.txt``, ``.jsonl``, ``.html``, ``.rss``/``.atom``/``.xml``,
``.warc``/``.warc.gz``); a file of another name, and stdin, by its first bytes. Plain text and JSONL are
decoded strictly as UTF-8; HTML by its declared charset; feeds by their XML declaration.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from newsledger.errors import InputError, InputNotFoundError, RecordError
from newsledger.ingest.article import Article, ReadFailure, check_length, decode_text, guess_title, parse_date
from newsledger.ingest.feeds import looks_like_feed, read_feed
from newsledger.ingest.html import html_article
from newsledger.ingest.warc import is_warc_name, looks_like_warc, read_warc

JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
DIRECTORY_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES

__all__ = ["ReadFailure", "read_inputs", "record_to_article"]


def read_inputs(inputs: Iterable[str], published: str | None = None,
                stdin: BinaryIO | None = None) -> Iterator[Article | ReadFailure]:
    """Articles from each input in turn: a file path, a directory, or ``-`` for stdin.

    ``published`` is the publication date for inputs that carry none.
    """
    for name in inputs:
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_bytes(stream.read(), "<stdin>", published)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file()
                           and (p.suffix.lower() in DIRECTORY_SUFFIXES or is_warc_name(p)))
            if not files:
                yield ReadFailure(name, InputError(where=name, reason="directory holds no article files "
                                                   "(.txt, .jsonl, .html, .rss/.atom/.xml, .warc)"))
            for f in files:
                yield from _read_file(f, published)
        elif path.is_file():
            yield from _read_file(path, published)
        else:
            yield ReadFailure(name, InputNotFoundError(where=name))


def _read_file(path: Path, published: str | None) -> Iterator[Article | ReadFailure]:
    where = str(path)
    try:
        if is_warc_name(path):
            with path.open("rb") as stream:
                yield from read_warc(stream, where, published)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ReadFailure(where, InputError(where=where, reason=exc.strerror or str(exc)))
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(data, where, published)
    elif suffix in TEXT_SUFFIXES:
        yield from _read_text(data, where, published, source=path.name)
    elif suffix in HTML_SUFFIXES:
        yield from _read_html(data, where, published, source=path.name)
    elif suffix in FEED_SUFFIXES:
        yield from read_feed(data, where, published)
    else:
        yield from _read_bytes(data, where, published, source=path.name, jsonl=False)


def _read_bytes(data: bytes, where: str, published: str | None, source: str | None = None,
                jsonl: bool = True) -> Iterator[Article | ReadFailure]:
    """stdin, or a file whose name does not tell its format: told by its first bytes (WARC, JSONL when
    ``jsonl`` and it starts with a JSON object, a feed, HTML), plain text otherwise."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if looks_like_warc(data):
        yield from read_warc(io.BytesIO(data), where, published)
    elif jsonl and head.startswith(b"{"):
        yield from _read_jsonl(data, where, published)
    elif head.startswith(b"<") and looks_like_feed(head):
        yield from read_feed(data, where, published)
    elif head.startswith((b"<!doctype html", b"<html")):
        yield from _read_html(data, where, published, source=source)
    else:
        yield from _read_text(data, where, published, source=source)


def _read_html(data: bytes, where: str, published: str | None,
               source: str | None) -> Iterator[Article | ReadFailure]:
    try:
        yield html_article(data, where, published=published, source=source)
    except InputError as exc:
        yield ReadFailure(where, exc)


def _read_text(data: bytes, where: str, published: str | None,
               source: str | None) -> Iterator[Article | ReadFailure]:
    try:
        text = decode_text(data, where)
        check_length(text, where)
    except InputError as exc:
        yield ReadFailure(where, exc)
        return
    yield Article(text=text, title=guess_title(text), published=published, source=source)


def _read_jsonl(data: bytes, where: str, published: str | None) -> Iterator[Article | ReadFailure]:
    try:
        whole = decode_text(data, where)
    except InputError as exc:
        yield ReadFailure(where, exc)
        return
    for number, line in enumerate(whole.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield record_to_article(_parse_line(line, where, number), where, number, published)
        except InputError as exc:
            yield ReadFailure(f"{where}:{number}", exc)


def _parse_line(line: str, where: str, number: int) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(where=where, line=number, reason=f"not JSON ({exc.msg} at column {exc.colno})"
                          ) from None
    if not isinstance(obj, dict):
        raise RecordError(where=where, line=number, reason="not a JSON object")
    return obj


def _optional_str(obj: dict[str, Any], key: str, where: str, number: int) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, int | float) and key == "id":
        return str(value)
    if not isinstance(value, str):
        raise RecordError(where=where, line=number, reason=f'"{key}" must be a string')
    _check_unicode(value, key, where, number)
    return value


def _check_unicode(value: str, key: str, where: str, number: int) -> None:
    """JSON escapes can spell lone surrogates (``\\ud800``), which are not text and no database stores."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RecordError(where=where, line=number,
                          reason=f'"{key}" holds a lone surrogate at index {exc.start}, not valid Unicode') from None


def record_to_article(obj: dict[str, Any], where: str, number: int, published: str | None) -> Article:
    """An article record ``{"id","text","title","published","source","url"}`` as an :class:`Article`."""
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise RecordError(where=where, line=number, reason='"text" is missing or empty')
    if "\x00" in text:
        raise RecordError(where=where, line=number, reason='"text" contains NUL characters')
    _check_unicode(text, "text", where, number)
    try:
        check_length(text, f"{where}:{number}")
    except InputError as exc:
        raise RecordError(where=where, line=number, reason=exc.message.split(": ", 1)[-1]) from None
    try:
        date = parse_date(obj.get("published"), where=f"{where}:{number}") or published
    except InputError as exc:
        raise RecordError(where=where, line=number, reason=exc.message.split(": ", 1)[-1]) from None
    return Article(text=text, title=_optional_str(obj, "title", where, number), published=date,
                   source=_optional_str(obj, "source", where, number),
                   url=_optional_str(obj, "url", where, number),
                   external_id=_optional_str(obj, "id", where, number))
