"""Small token-range helpers shared by the repairs of sources (``source_spans``) and contents
(``content_spans``)."""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc


def free(forbidden: Collection[int], lo: int, hi: int) -> bool:
    """Whether none of the tokens ``[lo, hi)`` is ``forbidden`` (a statement's cue, content or source)."""
    return not any(k in forbidden for k in range(lo, hi))


def before_punct(doc: Doc, start: int, stop: int) -> int:
    """``stop`` moved back over the punctuation and space before it (never to ``start``)."""
    while stop > start + 1 and (doc[stop - 1].is_punct or doc[stop - 1].is_space):
        stop -= 1
    return stop
