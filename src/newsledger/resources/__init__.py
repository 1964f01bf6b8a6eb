"""Data files: lexicons, codebooks, dictionaries and the bundled example article."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path


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
