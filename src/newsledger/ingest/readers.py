"""Readers: plain text, JSONL files of article records, HTML pages, RSS/Atom feeds, WARC archives,
directories, and stdin.

``read_inputs`` yields an :class:`Article` per article, in input order, or a :class:`ReadFailure` for an
input (or a JSONL line, a feed entry, a WARC record) that cannot be read, so that a batch keeps its good
articles and reports the bad ones with their location.

A file's format is told by its name (``.txt``, ``.jsonl``, ``.html``, ``.rss``/``.atom``/``.xml``,
``.warc``/``.warc.gz``); a file of another name, and stdin, by its first bytes. Plain text and JSONL are
decoded strictly as UTF-8; HTML by its declared charset; feeds by their XML declaration.

JSONL and WARC are streamed, so their size is not limited: JSONL is split at ``\n`` only (as JSON Lines
says; a ``\r`` before it is allowed) and each line is decoded on its own, so a line of bad bytes costs only
that record. A line over ``MAX_LINE_BYTES`` is skipped unread. Plain text, HTML and feeds are read whole,
and a file over ``MAX_FILE_BYTES`` is refused before it is read.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from newsledger.errors import DecodeError, InputError, InputNotFoundError, RecordError
from newsledger.ingest.article import Article, ReadFailure, decode_text, guess_title, parse_date
from newsledger.ingest.feeds import looks_like_feed, read_feed
from newsledger.ingest.html import html_article
from newsledger.ingest.warc import is_warc_name, looks_like_warc, read_warc

JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
DIRECTORY_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES
# A file read whole (text, HTML, a feed) may be this large: 64 times the longest article in UTF-8 and markup.
MAX_FILE_BYTES = 64 * 1024 * 1024
# A JSONL line longer than this cannot hold an article the pipeline takes, even with every character escaped.
MAX_LINE_BYTES = 64 * 1024 * 1024
SNIFF_BYTES = 4096

__all__ = ["ReadFailure", "read_inputs", "record_to_article"]


def read_inputs(inputs: Iterable[str], published: str | None = None,
                stdin: BinaryIO | None = None) -> Iterator[Article | ReadFailure]:
    """Articles from each input in turn: a file path, a directory, or ``-`` for stdin.

    ``published`` is the publication date for inputs that carry none.
    """
    for name in inputs:
        if name == "-":
            yield from _read_stream(stdin if stdin is not None else sys.stdin.buffer, "<stdin>", published)
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
        with path.open("rb") as stream:
            yield from _read_open_file(path, stream, where, published)
    except OSError as exc:
        yield ReadFailure(where, InputError(where=where, reason=exc.strerror or str(exc)))


def _read_open_file(path: Path, stream: io.BufferedReader[Any], where: str, published: str | None
                    ) -> Iterator[Article | ReadFailure]:
    suffix = path.suffix.lower()
    if is_warc_name(path):
        yield from read_warc(stream, where, published)
    elif suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(stream, where, published)
    elif suffix in TEXT_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES:
        try:
            data = _read_whole(stream, where)
        except InputError as exc:
            yield ReadFailure(where, exc)
            return
        if suffix in TEXT_SUFFIXES:
            yield from _read_text(data, where, published, source=path.name)
        elif suffix in HTML_SUFFIXES:
            yield from _read_html(data, where, published, source=path.name)
        else:
            yield from read_feed(data, where, published)
    else:
        yield from _read_stream(stream, where, published, source=path.name, jsonl=False)


def _read_whole(stream: BinaryIO, where: str) -> bytes:
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(where=where, reason=f"over {MAX_FILE_BYTES // 2**20} MiB, more than an article can be "
                                             "(text, HTML and feeds are read whole; JSONL and WARC are streamed)")
    return data


def _read_stream(stream: BinaryIO, where: str, published: str | None, source: str | None = None,
                 jsonl: bool = True) -> Iterator[Article | ReadFailure]:
    """stdin, or a file whose name does not tell its format: told by its first bytes (WARC, JSONL when
    ``jsonl`` and it starts with a JSON object, a feed, HTML), plain text otherwise."""
    first = stream.read(SNIFF_BYTES)
    rejoined = io.BufferedReader(_Rejoined(first, stream))
    head = first.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if looks_like_warc(first):
        yield from read_warc(rejoined, where, published)
        return
    if jsonl and head.startswith(b"{"):
        yield from _read_jsonl(rejoined, where, published)
        return
    try:
        data = _read_whole(rejoined, where)
    except InputError as exc:
        yield ReadFailure(where, exc)
        return
    if head.startswith(b"<") and looks_like_feed(head):
        yield from read_feed(data, where, published)
    elif head.startswith((b"<!doctype html", b"<html")):
        yield from _read_html(data, where, published, source=source)
    else:
        yield from _read_text(data, where, published, source=source)


class _Rejoined(io.RawIOBase):
    """A stream whose first bytes were read to tell its format, joined back to the rest of it."""

    def __init__(self, first: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._first = first
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._first:
            n = min(len(view), len(self._first))
            view[:n] = self._first[:n]
            self._first = self._first[n:]
            return n
        data = self._rest.read(len(view))
        view[:len(data)] = data
        return len(data)


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
        article = Article.checked(text, where, title=guess_title(text), published=published, source=source)
    except InputError as exc:
        yield ReadFailure(where, exc)
        return
    yield article


def _lines(stream: io.BufferedReader[Any]) -> Iterator[bytes | None]:
    """The lines of a stream, split at ``\n`` only; None for a line over ``MAX_LINE_BYTES`` (skipped unread)."""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
            yield None
        else:
            yield line


def _read_jsonl(stream: io.BufferedReader[Any], where: str, published: str | None) -> Iterator[Article | ReadFailure]:
    """One article per line; a line that cannot be read is reported with its number, the others are kept.
    A file that starts with NUL bytes is binary, not JSON Lines, and is refused as a whole."""
    if b"\x00" in stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]:
        yield ReadFailure(where, DecodeError(where=where, reason="it contains NUL bytes, which text never does"))
        return
    for number, raw in enumerate(_lines(stream), start=1):
        try:
            if raw is None:
                raise RecordError(where=where, line=number, reason=f"longer than {MAX_LINE_BYTES:,} bytes, more "
                                                                   "than any article the pipeline takes")
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            obj = _parse_line(_decode_line(raw, where, number), where, number)
            yield record_to_article(obj, where, number, published)
        except InputError as exc:
            yield ReadFailure(f"{where}:{number}", exc)


def _decode_line(raw: bytes, where: str, number: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(where=where, line=number, reason=f"not UTF-8 (invalid byte 0x{raw[exc.start]:02x} at "
                                                           f"byte {exc.start + 1} of the line)") from None


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
    return value


def record_to_article(obj: dict[str, Any], where: str, number: int, published: str | None) -> Article:
    """An article record ``{"id","text","title","published","source","url"}`` as an :class:`Article`; what
    ``Article.checked`` refuses is reported as this record's error (JSON escapes can spell NUL, ``\\u0000``,
    and lone surrogates, ``\\ud800``: neither is text, and no database stores them)."""
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise RecordError(where=where, line=number, reason='"text" is missing or empty')
    at = f"{where}:{number}"
    try:
        return Article.checked(text, at, text_field="text", title=_optional_str(obj, "title", where, number),
                               published=parse_date(obj.get("published"), where=at) or published,
                               source=_optional_str(obj, "source", where, number),
                               url=_optional_str(obj, "url", where, number),
                               external_id=_optional_str(obj, "id", where, number))
    except RecordError:
        raise
    except InputError as exc:
        raise RecordError(where=where, line=number, reason=exc.detail) from None
