"""The draft of an attribution while it is being built, and span helpers shared by the extractors."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsledger.records import Evidence, Form, Stance


@dataclass
class Draft:
    """An attribution under construction (token and character offsets into the doc)."""

    cue: tuple[int, int] | None  # char span
    content: tuple[int, int] | None  # char span
    speaker: Span | None
    form: Form
    stance: Stance
    sent: int  # index of the sentence holding the cue (or the quote)
    cue_token: int | None = None
    speaker_key: str | None = None
    speaker_override: tuple[int, int] | None = None  # char span of a speaker outside the sentence
    evidence: list[tuple[int, int, Evidence]] = field(default_factory=list)  # (s, e, status)
    hedges: list[tuple[int, int]] = field(default_factory=list)
    evidence_status: Evidence = "none"
    holes: list[tuple[int, int]] = field(default_factory=list)  # char spans inside the content that are not of it
    from_layout: bool = False  # the page's layout names speaker and content (a transcript label, a credit line)
    statement_confidence: float | None = None  # the statement head's probability (extract/statement_head)
    stance_confidence: float | None = None  # the judgment heads' calibrated probability (extract/judgments)
    evidence_confidence: float | None = None

    def reports(self, pos: int) -> bool:
        """Whether the character at ``pos`` is in what the statement reports: inside its content and not in
        a stretch inside it that belongs to no content (its own speaker or cue, a gap between pieces)."""
        if self.content is None or not self.content[0] <= pos < self.content[1]:
            return False
        return not any(s <= pos < e for s, e in self.inner_holes())

    def inner_holes(self) -> list[tuple[int, int]]:
        assert self.content is not None
        start, end = self.content
        holes = list(self.holes)
        if self.cue is not None:
            holes.append(self.cue)
        if self.speaker is not None:
            holes.append((self.speaker.start_char, self.speaker.end_char))
        return [(s, e) for s, e in holes if start < s and e < end]

    def span(self) -> tuple[int, int]:
        pts = [p for part in (self.cue, self.content) if part for p in part]
        if self.speaker is not None:
            pts += [self.speaker.start_char, self.speaker.end_char]
        return min(pts), max(pts)


FRAGMENT_EDGE = set(".,;:—–-!?\"'“”‘’«»„‹›()[]")


def content_pieces(text: str, draft: Draft) -> list[tuple[int, int]]:
    """The pieces of a draft's content: its span without what lies inside it but is not reported — its own
    speaker and cue ("“A,” he said, “B”") and the gaps the linker found between tagged pieces ("“A,” he
    said on a visit to Kyiv, “B”"). Each piece is trimmed of space and punctuation at its edges; a piece with
    no letter or digit is dropped. One piece (the usual case) is the content span itself."""
    if draft.content is None:
        return []
    start, end = draft.content
    inside = sorted(draft.inner_holes())
    if not inside:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    pos = start
    for s, e in [*inside, (end, end)]:
        if s > pos:
            piece = _strip(text, pos, s)
            if piece is not None:
                pieces.append(piece)
        pos = max(pos, e)
    return pieces or [(start, end)]


def _strip(text: str, s: int, e: int) -> tuple[int, int] | None:
    while s < e and (text[s].isspace() or text[s] in FRAGMENT_EDGE):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in FRAGMENT_EDGE):
        e -= 1
    if not any(ch.isalnum() for ch in text[s:e]):
        return None
    return s, e


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
