"""Content boundaries repaired by the parse (``extract.content_spans``), on sentences written for these tests and
parsed by the real pipeline's spaCy model."""

from __future__ import annotations

from functools import cache

import pytest
from spacy.tokens import Doc

from newsledger.extract.content_spans import own_sentence_pieces, repair_content
from newsledger.nlp import get_nlp
from newsledger.nlp.attribution_tagger import TaggedSpan


@cache
def _doc(text: str) -> Doc:
    return get_nlp()(text)


def _tokens(doc: Doc, text: str, part: str) -> tuple[int, int]:
    span = doc.char_span(text.index(part), text.index(part) + len(part))
    assert span is not None
    return span.start, span.end


def _repaired(text: str, content: str, said: str | None = None, cue: str | None = None) -> str:
    """The content ``content`` (its first occurrence in ``text``) repaired, ``said`` the cue or source, ``cue``
    the cue."""
    doc = _doc(text)
    start, end = _tokens(doc, text, content)
    forbidden: set[int] = set()
    if said is not None:
        lo, hi = _tokens(doc, text, said)
        forbidden = set(range(lo, hi))
    cue_tokens: set[int] = set()
    if cue is not None:
        lo, hi = _tokens(doc, text, cue)
        cue_tokens = set(range(lo, hi))
    first, stop = repair_content(doc, start, end, forbidden | cue_tokens, cue_tokens)
    return doc[first:stop].text


@pytest.mark.parametrize(("text", "cut", "whole"), [
    ("The mayor said the levee had held during the storm this past weekend.",
     "the levee had held during the storm this past", "the levee had held during the storm this past weekend"),
    ("The engineers warned that the town's flood barriers were too low.",
     "that the town's flood", "that the town's flood barriers"),
    ("The council plans to fund the repairs with new bonds and grants.",
     "to fund the repairs with", "to fund the repairs with new bonds and grants"),
    ("The report said the river rose between May 1 and June 3.",
     "the river rose between May 1 and", "the river rose between May 1 and June 3"),
])
def test_a_content_cut_inside_a_phrase_runs_to_its_end(text: str, cut: str, whole: str) -> None:
    assert _repaired(text, cut) == whole


def test_a_whole_content_is_left_as_it_is() -> None:
    text = "The mayor said the levee had held during the storm."
    assert _repaired(text, "the levee had held during the storm") == "the levee had held during the storm"


def test_a_repair_never_takes_in_the_cue_or_source() -> None:
    text = "The flood barriers, the engineers warned, were too low."
    assert _repaired(text, "The flood", said="barriers") == "The flood"


@pytest.mark.parametrize(("text", "cue", "content", "repaired"), [
    ("The engineers praised the new levee, which the town finished in May.", "praised",
     "the new levee, which the town finished in May", "the new levee"),
    ("The mayor thanked Dana Ruiz, who led the repairs for two years.", "thanked",
     "Dana Ruiz, who led the repairs for two years", "Dana Ruiz"),
])
def test_a_relative_clause_after_a_noun_phrase_content_is_the_writers(text: str, cue: str, content: str,
                                                                       repaired: str) -> None:
    assert _repaired(text, content, cue=cue) == repaired


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("The engineers said the levee would fail, which worried the town.", "said",
     "the levee would fail, which worried the town"),  # a clause: what was said may go on
    ("The engineers praised the new levee, where the town held a fair.", "praised",
     "the new levee, where the town held a fair"),  # no relative pronoun
])
def test_other_relative_clauses_stay(text: str, cue: str, content: str) -> None:
    assert _repaired(text, content, cue=cue) == content


def _pieces(text: str, cue: str, parts: list[str]) -> list[str]:
    doc = _doc(text)
    c = TaggedSpan("cue", *_tokens(doc, text, cue))
    pieces = [TaggedSpan("content", *_tokens(doc, text, p)) for p in parts]
    quoted = {t.i for q in doc._.quotes or []
              for t in (doc.char_span(q.start, q.end, alignment_mode="expand") or [])}
    return [doc[p.start:p.end].text for p in own_sentence_pieces(doc, pieces, c, quoted)]


def test_an_unquoted_sentence_after_the_statement_is_not_of_it() -> None:
    text = "The engineers warned that the levee would fail. The town had spent little on it for years."
    parts = ["that the levee would fail", "The town had spent little on it for years"]
    assert _pieces(text, "warned", parts) == ["that the levee would fail"]


def test_a_quotation_going_on_after_its_cue_stays_with_it() -> None:
    text = "“The levee will fail,” the engineer said. “We have told them for years.”"
    parts = ["The levee will fail", "We have told them for years"]
    assert _pieces(text, "said", parts) == parts


def test_pieces_without_one_in_the_cue_sentence_are_left_as_they_are() -> None:
    text = "The engineers spoke on Monday. The levee would fail, they warned later that week."
    parts = ["The engineers spoke on Monday"]
    assert _pieces(text, "warned", parts) == parts


@pytest.mark.parametrize(("text", "cut", "whole"), [
    ('The chief said the footage did not give "clear evidence that the man held a knife," but was useful.',
     "the footage did not give \"clear evidence", 'the footage did not give "clear evidence that the man held a knife'),
    ("“The dam will hold. We checked it twice this week,” the engineer said.",
     "The dam will hold.", "The dam will hold. We checked it twice this week"),
])
def test_a_content_never_stops_inside_its_quotation(text: str, cut: str, whole: str) -> None:
    assert _repaired(text, cut).rstrip(",") == whole


def test_a_quotation_is_not_followed_over_the_cue_or_over_another_mark() -> None:
    text = "“The dam will hold,” the engineer said, “and the road too.”"
    assert _repaired(text, "The dam will", said="said").rstrip(",") == "The dam will hold"
    text = 'He said there was “no evidence" yet that it was an attack, and “none since”.'
    assert _repaired(text, "there was “no evidence") == "there was “no evidence"
