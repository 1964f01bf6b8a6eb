"""The token-range helpers shared by the source and content repairs (``extract.span_edges``)."""

from __future__ import annotations

import spacy

from newsledger.extract.span_edges import before_punct, free


def test_free_says_whether_a_range_holds_a_forbidden_token() -> None:
    assert free({4, 5}, 0, 4)
    assert not free({4, 5}, 3, 5)
    assert free(set(), 0, 100)


def test_before_punct_backs_over_punctuation_and_space_but_not_to_the_start() -> None:
    doc = spacy.blank("en")("The mayor , \n said")
    assert before_punct(doc, 0, 4) == 2  # "The mayor" without ", \n"
    assert before_punct(spacy.blank("en")(", ,"), 0, 2) == 1  # never an empty range
