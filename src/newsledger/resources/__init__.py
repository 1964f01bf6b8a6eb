"""Data files: lexicons, codebooks, dictionaries, model weights and the bundled example article; and the one
place that reads them.

- :func:`words` and :func:`word_map`: the word lists of ``lexicons.toml``, by ``"section.name"``;
- :func:`word_file`: a plain word list (``link/stopwords.txt``: words separated by white space, ``#`` comments);
- :func:`rows`: a tab-separated table; :func:`read_text` and :func:`path` for everything else.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

LEXICONS = "lexicons.toml"


def path(name: str) -> Path:
    """The file ``name`` inside this package's resources."""
    return Path(str(resources.files(__name__).joinpath(name)))


@cache
def read_text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


def rows(name: str) -> Iterator[list[str]]:
    """The rows of a tab-separated resource, skipping ``#`` comments and blank lines."""
    lines = (line for line in read_text(name).splitlines() if line.strip() and not line.startswith("#"))
    for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        yield [cell.strip() for cell in row]


@cache
def _lexicons() -> dict[str, Any]:
    return tomllib.loads(read_text(LEXICONS))


def _entry(name: str) -> Any:
    section, _, key = name.partition(".")
    try:
        return _lexicons()[section][key]
    except KeyError:
        raise KeyError(f"{LEXICONS} has no word list {name!r}") from None


@cache
def words(name: str) -> frozenset[str]:
    """The word list ``name`` (``"section.key"``) of ``lexicons.toml``."""
    entry = _entry(name)
    if not isinstance(entry, list):
        raise TypeError(f"{LEXICONS}: {name!r} is not a list")
    return frozenset(str(w) for w in entry)


def word_map(name: str) -> dict[str, Any]:
    """The table ``name`` (``"section.key"``) of ``lexicons.toml``: word -> value (a copy)."""
    entry = _entry(name)
    if not isinstance(entry, dict):
        raise TypeError(f"{LEXICONS}: {name!r} is not a table")
    return dict(entry)


@cache
def word_file(name: str) -> frozenset[str]:
    """The words of a plain word-list file: separated by white space, lines opening with ``#`` skipped."""
    return frozenset(w for line in read_text(name).splitlines() if not line.startswith("#") for w in line.split())
