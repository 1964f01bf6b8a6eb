"""The article text cut into segments, each carrying the marks (speaker, cue, content, trigger, …) over it.

Spans of a ledger overlap freely (an event trigger sits inside a statement's content, a hedge inside a
cue), so the text is cut at every span boundary and each piece lists every mark that covers it, most
specific first. The page wraps marked pieces in elements whose classes and record ids come from here; the
text itself is always escaped by the template.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

from newsledger.records import Ledger

MarkKind = Literal["trigger", "cue", "speaker", "evidence", "hedge", "actor", "content"]
# Most specific first: a click on a piece opens the first mark's record.
KIND_ORDER: tuple[MarkKind, ...] = ("trigger", "cue", "speaker", "evidence", "hedge", "actor", "content")


@dataclass(frozen=True, slots=True)
class Mark:
    kind: MarkKind
    record: str  # the id of the attribution, event or actor the span belongs to
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    start: int
    end: int
    marks: tuple[Mark, ...]

    @property
    def kinds(self) -> list[str]:
        """The distinct kinds over this piece, most specific first."""
        seen: list[str] = []
        for m in self.marks:
            if m.kind not in seen:
                seen.append(m.kind)
        return seen

    @property
    def records(self) -> list[str]:
        seen: list[str] = []
        for m in self.marks:
            if m.record not in seen:
                seen.append(m.record)
        return seen


def marks_of(ledger: Ledger) -> list[Mark]:
    """Every highlighted span of the ledger, as marks on the article text."""
    marks: list[Mark] = []
    for a in ledger.attributions:
        if a.speaker:
            marks.append(Mark("speaker", a.id, a.speaker.start, a.speaker.end))
        if a.cue:
            marks.append(Mark("cue", a.id, a.cue.start, a.cue.end))
        if a.content:
            marks += [Mark("content", a.id, s, e) for s, e in a.content.pieces()]
        marks += [Mark("evidence", a.id, c.start, c.end) for c in a.evidence_cues]
        marks += [Mark("hedge", a.id, h.start, h.end) for h in a.hedges]
    for e in ledger.events:
        marks.append(Mark("trigger", e.id, e.trigger.start, e.trigger.end))
    for actor in ledger.actors:
        marks += [Mark("actor", actor.id, s, e) for s, e in actor.mentions]
    n = len(ledger.text)
    return [m for m in marks if 0 <= m.start < m.end <= n]


def segments(ledger: Ledger) -> list[Segment]:
    """The whole text as consecutive segments; unmarked stretches have no marks."""
    text = ledger.text
    marks = marks_of(ledger)
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    # marks sorted by start; a sweep keeps those open at each piece
    by_start = sorted(marks, key=lambda m: m.start)
    out: list[Segment] = []
    open_marks: list[Mark] = []
    i = 0
    for start, end in itertools.pairwise(cuts):
        while i < len(by_start) and by_start[i].start <= start:
            open_marks.append(by_start[i])
            i += 1
        open_marks = [m for m in open_marks if m.end > start]
        covering = sorted((m for m in open_marks if m.start <= start and m.end >= end),
                          key=lambda m: (rank[m.kind], m.end - m.start, m.record))
        out.append(Segment(text[start:end], start, end, tuple(covering)))
    return out
