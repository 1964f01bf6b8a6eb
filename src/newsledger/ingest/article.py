"""The article as read: text exactly as decoded, metadata, and its content-hash id."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from newsledger.errors import DateError, DecodeError, EmptyInputError, InputError, TooLongError
from newsledger.ids import article_id
from newsledger.records import ArticleInfo

# spaCy's own default limit: the parser and NER need about 1 GB of memory per million characters.
MAX_ARTICLE_CHARS = 1_000_000


def check_length(text: str, where: str) -> None:
    """Refuse an article longer than the pipeline can take, with a message that says so."""
    if len(text) > MAX_ARTICLE_CHARS:
        raise TooLongError(where=where, chars=len(text), limit=MAX_ARTICLE_CHARS)


def check_text(text: str, where: str, field: str | None = None) -> None:
    """Refuse what is not text a database stores: NUL characters and lone surrogates (which markup can
    spell as ``&#0;`` or ``&#xD800;``, and JSON as ``\\u0000`` or ``\\ud800``). ``field`` names the value
    checked when it is one of several (a record's ``"title"``)."""
    it = "it" if field is None else f'"{field}"'
    if "\x00" in text:
        raise DecodeError(where=where, reason=f"{it} contains NUL characters, which text never does")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise DecodeError(where=where, reason=f"{it} holds a lone surrogate at character {exc.start}, not "
                          "Unicode text") from None


def clean_meta(value: object) -> str | None:
    """A metadata string (title, site name, URL, id) from a page or feed as stored: without NUL characters
    and lone surrogates, stripped; None when nothing is left. Metadata are hints: a bad one is cleaned,
    not an error."""
    if value is None:
        return None
    text = str(value).replace("\x00", "").encode("utf-8", errors="ignore").decode("utf-8").strip()
    return text or None


@dataclass(frozen=True, slots=True)
class Article:
    """One article. ``text`` is exactly what offsets refer to; ``id`` hashes its normalised form."""

    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    external_id: str | None = None

    @classmethod
    def checked(cls, text: str, where: str, *, title: str | None = None, published: object = None,
                source: str | None = None, url: str | None = None, external_id: str | None = None,
                text_field: str | None = None) -> Article:
        """The one way an article comes in, on every entrance (readers, the REST API, ``newsledger.analyze``):
        its text must be something to analyse (not blank), text a database stores (``check_text``, as must
        its metadata) and no longer than the pipeline takes (``check_length``); ``published`` is read by
        ``parse_date``. Raises the :class:`InputError` that says what is wrong, naming ``where`` (and
        ``text_field``, the text's name where it is one field of several: a JSONL record's ``"text"``)."""
        if not text.strip():
            raise EmptyInputError(where=where)
        check_text(text, where, text_field)
        check_length(text, where)
        meta = {"title": title, "source": source, "url": url, "id": external_id}
        for field, value in meta.items():
            if value is not None:
                check_text(value, where, field)
        return cls(text=text, title=title, published=parse_date(published, where=where), source=source, url=url,
                   external_id=external_id)

    @property
    def id(self) -> str:
        return article_id(self.text)

    def info(self) -> ArticleInfo:
        return ArticleInfo(self.id, self.title, self.published, self.source, self.url, self.external_id)


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input that could not be read, with the error that says where and why."""

    where: str
    error: InputError


def decode_text(data: bytes, where: str) -> str:
    """Decode bytes strictly as UTF-8 (a BOM is allowed and dropped); reject binary data."""
    if b"\x00" in data:
        raise DecodeError(where=where, reason="it contains NUL bytes, which text never does")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DecodeError(where=where, reason=f"invalid byte 0x{data[exc.start]:02x} at offset {exc.start}"
                          ) from None
    if not text.strip():
        raise EmptyInputError(where=where)
    return text


def parse_date(value: object, where: str = "--published") -> str | None:
    """Read a publication date (``YYYY-MM-DD`` or an ISO 8601 timestamp) into ``YYYY-MM-DD``."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise DateError(where=where, value=value)
    text = value.strip()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        raise DateError(where=where, value=value) from None


def clean_date(value: object) -> str | None:
    """A date found in a document's metadata as ``YYYY-MM-DD``, or None when it cannot be read (metadata
    dates are hints: a bad one is dropped, not an error)."""
    try:
        return parse_date(value, where="metadata")
    except DateError:
        return None


def guess_title(text: str) -> str | None:
    """The first line of a plain-text article when it stands alone as a headline."""
    head, sep, _ = text.lstrip("\ufeff").partition("\n")
    head = head.strip()
    if not sep or not head or len(head) > 200 or head[-1] in ".,;:":
        return None
    rest = text[text.index("\n") + 1:]
    return head if rest.startswith("\n") or rest.startswith("\r\n") else None
