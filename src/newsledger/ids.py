"""Stable content-hash ids.

An article's id is the sha256 of its normalised text (NFC, ``\\n`` line ends, outer whitespace
stripped), so the same story read from a file, a JSONL record or stdin is the same article. A record's
id hashes the article id, the record kind and the fields that define the record (spans, codes), so the
same input always yields the same ids, byte for byte.
"""

from __future__ import annotations

import hashlib
import unicodedata

RECORD_ID_LENGTH = 16


def normalise_text(text: str) -> str:
    """The form of a text that identity is computed on (not the form offsets refer to)."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def article_id(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def record_id(kind: str, *parts: object) -> str:
    """A short id for a record of ``kind`` defined by ``parts`` (strings, numbers, None)."""
    key = "\x1f".join([kind, *("\x00" if p is None else str(p) for p in parts)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:RECORD_ID_LENGTH]
