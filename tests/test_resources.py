"""The one loader of data files (``newsledger.resources``): word lists by name, and every list of
lexicons.toml read by some module (no list left behind when code stops using it)."""

from __future__ import annotations

import re
import tomllib

import pytest

from newsledger import resources
from tests.conftest import ROOT


def test_a_word_list_is_a_frozenset_and_a_table_a_dict() -> None:
    assert "will" in resources.words("shared.future_aux") and "’ll" in resources.words("shared.future_aux")
    assert isinstance(resources.words("attributions.media_nouns"), frozenset)
    assert resources.word_map("times.months")["sept"] == 9
    assert resources.word_map("speakers.personal")["she"] == "PER"


def test_a_missing_or_misused_list_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match=r"no word list 'attributions\.nothing'"):
        resources.words("attributions.nothing")
    with pytest.raises(TypeError, match="is not a list"):
        resources.words("times.months")
    with pytest.raises(TypeError, match="is not a table"):
        resources.word_map("shared.future_aux")


def test_every_list_is_read_by_the_code() -> None:
    lexicons = tomllib.loads(resources.read_text(resources.LEXICONS))
    names = {f"{section}.{key}" for section, entries in lexicons.items() for key in entries}
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "newsledger").rglob("*.py"))
    used = set(re.findall(r'resources\.(?:words|word_map)\("([\w.]+)"\)', source))
    assert len(names) >= 35
    assert names - used == set()
    assert used - names == set()


def test_word_files_skip_comments() -> None:
    stops = resources.word_file("link/stopwords.txt")
    assert "the" in stops and not any(w.startswith("#") for w in stops)


def test_every_data_file_is_packaged() -> None:
    """``pip install .`` (not editable) ships only what pyproject.toml's package-data globs name: every data file
    under src/newsledger must match one of them."""
    package = ROOT / "src" / "newsledger"
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["newsledger"]
    packaged = {p for g in globs for p in package.glob(g) if p.is_file()}
    data = {p for p in (package / "resources").rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc"}}
    data |= {p for sub in ("web/templates", "web/static") for p in (package / sub).rglob("*") if p.is_file()}
    assert data, "no data files found"
    assert sorted(str(p.relative_to(package)) for p in data - packaged) == []
