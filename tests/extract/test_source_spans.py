"""Source boundaries repaired by the parse (``extract.source_spans``), on sentences written for these tests and
parsed by the real pipeline's spaCy model."""

from __future__ import annotations

from functools import cache

import pytest
from spacy.tokens import Doc

from newsledger.extract.source_spans import repair_source
from newsledger.nlp import get_nlp


@cache
def _doc(text: str) -> Doc:
    return get_nlp()(text)


def _repaired(text: str, source: str, said: str | None = None) -> str:
    """The source ``source`` (its first occurrence in ``text``) repaired, ``said`` the cue or content."""
    doc = _doc(text)
    span = doc.char_span(text.index(source), text.index(source) + len(source))
    assert span is not None
    forbidden: set[int] = set()
    if said is not None:
        cut = doc.char_span(text.index(said), text.index(said) + len(said))
        assert cut is not None
        forbidden = set(range(cut.start, cut.end))
    start, end = repair_source(doc, span.start, span.end, forbidden)
    return doc[start:end].text


@pytest.mark.parametrize(("text", "cut", "whole"), [
    ("Jonathan Whitfield said on Monday that the bridge would close.", "Jonathan", "Jonathan Whitfield"),
    ("Not everyone agrees that the bridge should close.", "everyone", "Not everyone"),
    ("Half of those responding said the bridge should close.", "Half of those", "Half of those responding"),
    ("Most of the residents questioned said the bridge should close.", "Most of the residents",
     "Most of the residents questioned"),
    ("Everyone I interviewed said the bridge should close.", "Everyone I", "Everyone I interviewed"),
    ("The Gazette on Saturday reported that the bridge would close.", "The Gazette on Saturday", "The Gazette"),
])
def test_a_cut_or_overlong_source_is_repaired(text: str, cut: str, whole: str) -> None:
    assert _repaired(text, cut) == whole


def test_a_repair_never_takes_in_the_cue() -> None:
    text = "Everyone I interviewed said the bridge should close."
    assert _repaired(text, "Everyone I", said="interviewed") == "Everyone I"


def test_a_whole_source_is_left_as_it_is() -> None:
    text = "The mayor of the town, who took office in May, said the bridge would close."
    assert _repaired(text, "The mayor of the town") == "The mayor of the town"


def test_a_clause_set_off_by_a_comma_is_not_the_source() -> None:
    text = "Maria Lopez, the head of the board, called on Friday for new elections, saying the vote was unfair."
    assert _repaired(text, "Maria Lopez, the head of the board,") == "Maria Lopez, the head of the board,"


def test_an_empty_or_impossible_range_comes_back_unchanged() -> None:
    doc = _doc("Not everyone agrees.")
    assert repair_source(doc, 1, 1) == (1, 1)
    assert repair_source(doc, 0, 99) == (0, 99)
