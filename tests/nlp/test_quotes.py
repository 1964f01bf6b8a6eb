from __future__ import annotations

import pytest

from newsledger.nlp.quotes import find_quotes


def quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("He said “we will win” today.", ["we will win"]),
    ('She said "we will win" today.', ["we will win"]),
    ("Il a dit «nous gagnerons» hier.", ["nous gagnerons"]),
    ("Er sagte „wir gewinnen“ gestern.", ["wir gewinnen"]),
    ("He said ‘not now’ and left.", ["not now"]),
    ("He said 'not now' and left.", ["not now"]),
    ("Russia’s view: don’t go, it’s late.", []),
    ("in the ’90s and the '80s", []),
    ("“Nested ‘inner’ quote,” he said.", ["Nested ‘inner’ quote,"]),
    ("''It's more tinkering,'' said an economist. ''I wouldn't call it reform.''",
     ["It's more tinkering,", "I wouldn't call it reform."]),
    ("``We will win,'' he said.", ["We will win,"]),
    ("the players'' union and the 1990s'", []),
])
def test_quote_styles(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_multi_paragraph_quote_is_one_quotation() -> None:
    text = "“First paragraph of the quote.\n\n“Second paragraph ends it,” she said.\n\nNarrative."
    (q,) = find_quotes(text)
    assert text[q.start:q.end].startswith("First paragraph")
    assert text[q.start:q.end].endswith("ends it,")
    assert q.closed


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "He said “this never closes.\n\nNext paragraph is narrative."
    (q,) = find_quotes(text)
    assert text[q.start:q.end] == "this never closes."
    assert not q.closed


def test_long_and_unbalanced_quotes_are_bounded() -> None:
    text = "“" + "word " * 2000 + "” he said. " + "“" * 500 + " \"" * 500
    qs = find_quotes(text)
    assert qs and len(text[qs[0].start:qs[0].end]) == 10000
    for q in qs:
        assert 0 <= q.open < q.start <= q.end <= len(text)


def test_a_two_character_closing_mark_is_outside_the_quotation() -> None:
    text = "He said ''no deal'' today."
    (q,) = find_quotes(text)
    assert text[q.open:q.start] == "''" and text[q.end:q.close_end] == "''" and q.closed


@pytest.mark.parametrize("mark", ["''", "``"])
def test_a_multi_paragraph_quotation_in_ascii_marks_is_one(mark: str) -> None:
    text = f"{mark}First paragraph of the quote.\n\n{mark}Second one ends it,'' she said.\n\nNarrative."
    (q,) = find_quotes(text)
    assert text[q.start:q.end] == f"First paragraph of the quote.\n\n{mark}Second one ends it,"
