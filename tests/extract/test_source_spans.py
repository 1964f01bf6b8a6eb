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
    ("The county board this week rejected the plan for the levee.", "The county board this week",
     "The county board"),
    ("A panel of engineers in 2019 found that the levee was unsafe.", "A panel of engineers in 2019",
     "A panel of engineers"),
    ("Both Ms. Alvarez and Mr. Chen say the levee will hold.", "Both Ms. Alvarez and Mr. Chen",
     "Ms. Alvarez and Mr. Chen"),
    ("The plan still has backers in the council, such as Ms. Alvarez and Mr. Chen, who say the levee will hold.",
     "such as Ms. Alvarez and Mr. Chen", "Ms. Alvarez and Mr. Chen"),
    ("OSLO - Fishermen said on Tuesday that the levee would not hold.", "OSLO - Fishermen", "Fishermen"),
    ("Norway and Sweden, for their part, argue over who should pay for the bridge.", "Norway and",
     "Norway and Sweden"),
    ("Farmers and fishermen say the levee will not hold.", "Farmers", "Farmers and fishermen"),
    ("Many well-known engineers say the levee will not hold.", "Many well-", "Many well-known engineers"),
    ("Nora Diaz, the mayor of Millbrook, a town of fishermen, said the levee would not hold.",
     "Nora Diaz, the mayor of Millbrook, a town of fishermen,", "Nora Diaz, the mayor of Millbrook"),
    ("The governor, like the mayor before her, has warned that the levee will not hold.",
     "The governor, like the mayor before her,", "The governor"),
])
def test_a_cut_or_overlong_source_is_repaired(text: str, cut: str, whole: str) -> None:
    assert _repaired(text, cut) == whole


def test_a_repair_never_takes_in_the_cue() -> None:
    text = "Everyone I interviewed said the bridge should close."
    assert _repaired(text, "Everyone I", said="interviewed") == "Everyone I"


def test_a_whole_source_is_left_as_it_is() -> None:
    text = "The mayor of the town, who took office in May, said the bridge would close."
    assert _repaired(text, "The mayor of the town") == "The mayor of the town"


def test_a_description_of_the_source_stays() -> None:
    text = "Rep. Nora Diaz (D-Ore.), the chair of the panel, said the levee would not hold."
    source = "Rep. Nora Diaz (D-Ore.), the chair of the panel,"
    assert _repaired(text, source) == source  # the bracketed party is no first appositive


def test_an_extension_never_takes_in_the_cue() -> None:
    text = "Farmers and fishermen say the levee will not hold."
    assert _repaired(text, "Farmers", said="and fishermen say") == "Farmers"


def test_a_clause_set_off_by_a_comma_is_not_the_source() -> None:
    text = "Maria Lopez, the head of the board, called on Friday for new elections, saying the vote was unfair."
    assert _repaired(text, "Maria Lopez, the head of the board,") == "Maria Lopez, the head of the board,"


def test_an_empty_or_impossible_range_comes_back_unchanged() -> None:
    doc = _doc("Not everyone agrees.")
    assert repair_source(doc, 1, 1) == (1, 1)
    assert repair_source(doc, 0, 99) == (0, 99)
