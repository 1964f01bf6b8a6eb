"""The text a record's span stands for, for tests that check every span against the article text."""

from __future__ import annotations

from itertools import pairwise

from newsledger.records import FRAGMENT_JOINER, Speaker, TextSpan


def slices(text: str, part: TextSpan | Speaker) -> str:
    """``text[start:end]``, or for a content in pieces its pieces' slices joined as the record joins them;
    asserts that the pieces are ordered, apart from each other and inside ``[start, end)``."""
    if isinstance(part, Speaker) or len(part.fragments) < 2:
        return text[part.start:part.end]
    pieces = part.fragments
    assert pieces[0][0] == part.start and pieces[-1][1] == part.end
    assert all(s < e for s, e in pieces)
    assert all(a[1] < b[0] for a, b in pairwise(pieces))
    return FRAGMENT_JOINER.join(text[s:e] for s, e in pieces)
