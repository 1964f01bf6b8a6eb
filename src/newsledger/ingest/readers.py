"""Readers: plain-text files, JSONL files of article records, directories, and stdin.

``read_inputs`` yields an :class:`Article` per article, in input order, or a :class:`ReadFailure` for an
input (or a JSONL line) that cannot be read, so that a batch keeps its good articles and reports the bad
ones with their location.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from newsledger.errors import InputError, InputNotFoundError, RecordError
from newsledger.ingest.article import Article, check_length, decode_text, guess_title, parse_date

JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text")


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input that could not be read, with the error that says where and why."""

    where: str
    error: InputError


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
                           and p.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES)
            if not files:
                yield ReadFailure(name, InputError(where=name, reason="directory holds no .txt or .jsonl files"))
            for f in files:
                yield from _read_file(f, published)
        elif path.is_file():
            yield from _read_file(path, published)
        else:
            yield ReadFailure(name, InputNotFoundError(where=name))


def _read_file(path: Path, published: str | None) -> Iterator[Article | ReadFailure]:
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadFailure(where, InputError(where=where, reason=exc.strerror or str(exc)))
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl(data, where, published)
    else:
        yield from _read_text(data, where, published, source=path.name)


def _read_bytes(data: bytes, where: str, published: str | None) -> Iterator[Article | ReadFailure]:
    """stdin: JSONL when it starts with a JSON object, plain text otherwise."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        yield from _read_jsonl(data, where, published)
    else:
        yield from _read_text(data, where, published, source=None)


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
    return value


def record_to_article(obj: dict[str, Any], where: str, number: int, published: str | None) -> Article:
    """An article record ``{"id","text","title","published","source","url"}`` as an :class:`Article`."""
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise RecordError(where=where, line=number, reason='"text" is missing or empty')
    if "\x00" in text:
        raise RecordError(where=where, line=number, reason='"text" contains NUL characters')
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
