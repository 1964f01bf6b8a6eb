"""Attributions that the page layout makes, not the grammar.

- a transcript's speaker labels: a line that opens with a name in capitals and a colon
  ("WALLACE: Let's start with ...", "PENCE: Well, look ...") is that person's words, to the end of the line;
  a name in ordinary case only when the article names that person elsewhere ("Pence: ..." in the headline of
  an article about Mike Pence);
- an attribution line after a quotation: “...” ― Name (a horizontal bar or a dash, then the name, ending the
  line), as in collections of readers' comments and epigraphs.

The cue is the colon or the dash. Lines are bounded (``MAX_LINE``) so the regular expressions stay linear.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc

from newsledger import resources
from newsledger.extract.drafts import Draft
from newsledger.nlp.doc_cache import sentence_starts, text_of

MAX_LINE = 5000
LABEL_RE = re.compile(r"^[\"“]?(?P<name>[A-Z][A-Z.'’\- ]{1,38}[A-Z.]|[A-Z][a-z’'.\-]+(?: [A-Z][a-z’'.\-]+){0,3})"
                      r":[ \t]+(?P<content>\S.*?)[\"”]?[ \t]*$")
CREDIT_RE = re.compile(r"(?P<quote>[“\"”][^“”\"\n]{3,}[”\"])[ \t\u00a0]*(?P<dash>[―—–])[ \t\u00a0]*"
                       r"(?P<name>[A-Z][\w.'’\- ]{1,60}?)[ \t\u00a0.]*$")
NOT_NAMES = resources.words("layout_attributions.not_names")


def layout_drafts(doc: Doc) -> list[Draft]:
    text = text_of(doc)
    starts = sentence_starts(doc)
    out: list[Draft] = []
    pos = 0
    for line in text.split("\n"):
        if len(line) <= MAX_LINE:
            for d in (_label(doc, line, pos, starts), _credit(doc, line, pos, starts)):
                if d is not None:
                    out.append(d)
        pos += len(line) + 1
    return out


def _label(doc: Doc, line: str, at: int, starts: list[int]) -> Draft | None:
    m = LABEL_RE.match(line)
    if m is None or m.group("name").strip().upper() in NOT_NAMES:
        return None
    name = m.group("name")
    s, e = at + m.start("name"), at + m.end("name")
    if not name.isupper() and not _known_person(doc, name):
        return None
    colon = at + m.end("name")
    return _draft(doc, (colon, colon + 1), (at + m.start("content"), at + m.end("content")), (s, e), starts)


def _known_person(doc: Doc, name: str) -> bool:
    """A name the recogniser found as a person somewhere in the article ("Pence" of "Mike Pence")."""
    last = name.split()[-1]
    return any(ent.label_ == "PERSON" and last in ent.text.split() for ent in doc.ents)


def _credit(doc: Doc, line: str, at: int, starts: list[int]) -> Draft | None:
    m = CREDIT_RE.search(line)
    if m is None:
        return None
    q0, q1 = at + m.start("quote") + 1, at + m.end("quote") - 1
    dash = at + m.start("dash")
    return _draft(doc, (dash, dash + 1), (q0, q1), (at + m.start("name"), at + m.end("name")), starts)


def _draft(doc: Doc, cue: tuple[int, int], content: tuple[int, int], speaker: tuple[int, int],
           starts: list[int]) -> Draft | None:
    span = doc.char_span(*speaker, alignment_mode="contract")
    cue_span = doc.char_span(*cue, alignment_mode="expand")
    if span is None or not len(span) or cue_span is None or not len(cue_span) or content[0] >= content[1]:
        return None
    tok = cue_span[0].i
    return Draft(cue, content, span, "direct", "assert", max(0, bisect_right(starts, tok) - 1), cue_token=tok,
                 from_layout=True)
