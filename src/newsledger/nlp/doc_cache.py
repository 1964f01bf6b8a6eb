"""Per-Doc caches. spaCy rebuilds ``doc.text`` (joining every token) and ``doc.sents`` on each access, so
extractors that read them in loops would be quadratic in the article's length: read them through these."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Span

_TEXT = "newsledger.text"
_SENTS = "newsledger.sents"


class TextKeepingTokenizer:
    """The pipeline's tokenizer, keeping the text it was given beside each doc, so that :func:`text_of` never
    rebuilds it (spaCy's tokenizer is non-destructive: ``doc.text`` is that text, joined again token by token,
    about 4 ms an article). Everything else is the wrapped tokenizer's."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[_TEXT] = text
        return doc

    def __getattr__(self, name: str) -> Any:  # (called only for names this object lacks)
        if name == "tokenizer":  # not set yet (a copy being built): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def text_of(doc: Doc) -> str:
    """The doc's text (as it was tokenised, else joined once and kept)."""
    text: str | None = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def sentences_of(doc: Doc) -> list[Span]:
    sents: list[Span] | None = doc.user_data.get(_SENTS)
    if sents is None:
        sents = doc.user_data[_SENTS] = list(doc.sents)
    return sents


def sentence_starts(doc: Doc) -> list[int]:
    """Start token of each sentence, in order (for bisecting a token to its sentence)."""
    key = "newsledger.sent_starts"
    cached: list[int] | None = doc.user_data.get(key)
    if cached is None:
        cached = doc.user_data[key] = [s.start for s in sentences_of(doc)]
    return cached


def sentence_index(doc: Doc, tok: int) -> int:
    """The index of the sentence holding token ``tok``."""
    return max(0, bisect_right(sentence_starts(doc), tok) - 1)


def ents_by_sentence(doc: Doc) -> dict[int, list[Span]]:
    """Named entities grouped by the start token of their sentence (``Span.ents`` scans the whole doc)."""
    key = "newsledger.ents_by_sent"
    cached: dict[int, list[Span]] | None = doc.user_data.get(key)
    if cached is None:
        cached = {}
        starts = sentence_starts(doc)
        for ent in doc.ents:
            cached.setdefault(starts[max(0, bisect_right(starts, ent.start) - 1)], []).append(ent)
        doc.user_data[key] = cached
    return cached


def quoted_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the tokens inside quotations (``doc._.quotes``)."""
    key = "newsledger.quoted_tokens"
    cached: frozenset[int] | None = doc.user_data.get(key)
    if cached is None:
        inside: set[int] = set()
        for q in doc._.quotes or []:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is not None:
                inside.update(range(span.start, span.end))
        cached = doc.user_data[key] = frozenset(inside)
    return cached
