"""The draft of an attribution while it is being built, and span helpers shared by the extractors."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token


@dataclass
class Draft:
    """An attribution under construction (token and character offsets into the doc)."""

    cue: tuple[int, int] | None  # char span
    content: tuple[int, int] | None  # char span
    speaker: Span | None
    form: str
    stance: str
    sent: int  # index of the sentence holding the cue (or the quote)
    cue_token: int | None = None
    speaker_key: str | None = None
    speaker_override: tuple[int, int] | None = None  # char span of a speaker outside the sentence
    evidence: list[tuple[int, int, str]] = field(default_factory=list)  # (s, e, status)
    hedges: list[tuple[int, int]] = field(default_factory=list)
    evidence_status: str = "none"

    def span(self) -> tuple[int, int]:
        pts = [p for part in (self.cue, self.content) if part for p in part]
        if self.speaker is not None:
            pts += [self.speaker.start_char, self.speaker.end_char]
        return min(pts), max(pts)


def char_span(toks: list[Token]) -> tuple[int, int]:
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def trim(doc: Doc, start: int, end: int, keep_quotes: bool = False) -> tuple[int, int] | None:
    """Token range [start, end) trimmed of surrounding punctuation and space, as a char span."""
    toks = [t for t in doc[start:end]]
    strip = ".,;:—–-!?" if not keep_quotes else ".,;:—–-"
    while toks and (toks[0].is_space or (toks[0].is_punct and (toks[0].text in strip or
                                                                  toks[0].is_quote))):
        toks = toks[1:]
    while toks and (toks[-1].is_space or (toks[-1].is_punct and (toks[-1].text in strip or
                                                                    toks[-1].is_quote))):
        toks = toks[:-1]
    if not toks:
        return None
    return char_span(toks)
