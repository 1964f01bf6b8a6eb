"""Where a statement's content begins and ends: the tagger's content pieces, repaired by the parse.

The attribution tagger decides token by token; the linker (``extract.tagged_spans``) gathers its content
pieces under a cue. Four kinds of content error are repaired here:

- **a phrase cut short** (:func:`repair_content`): the content's last word modifies a word after it ("... this
  past | weekend", "the city's nuclear | ambitions", "in an | interview with the radio station"), or opens a
  phrase the content does not hold (a preposition, "with | new ads"; a conjunction, "between May 1 and | June
  3"): the content runs to the end of that phrase, within its sentence and never over the cue or the source;
- **a relative clause after a noun phrase** (:func:`repair_content`): a content that is a noun phrase the cue
  governs ends before a relative clause set off by a comma and opened by a relative pronoun that closes it
  ("praised [the plan], which would cost ..."): the clause is the writer's aside, not what was said;
- **a content that stops inside its quotation** (:func:`repair_content`): the content's last word lies in a
  quotation that goes on after it ('did not give "absolute definitive visual evidence | that would confirm
  ..."', a quotation of several sentences the tagger ends early): the content runs to the quotation's end,
  unless that takes in the statement's cue or source, or a quotation mark (mixed marks, a quotation misread);
- **a writer's sentence taken for the statement** (:func:`own_sentence_pieces`): a piece outside the cue's
  sentence joins the statement only when it is quoted, if the statement has a piece in the cue's sentence
  ("X warned that A. [The writer's next sentence.]" is A alone; "“A,” she said. “B.”" stays A and B).

Measured on PolNeAR dev (``eval/attributions.py``), content exact F1 0.592 with the tagger's pieces: the first
repair moves 14 contents to gold and none away (0.599), the third 16 more to gold and none away (0.607), the
second 9 more to gold and 1 away (0.611); source exact F1 0.770 -> 0.771, cue exact 0.699 -> 0.702. The
quotation's end: 5 more to gold and none away (0.612 -> 0.614; without the guard against a mark inside, 2 away).

Tried and dropped, for moving about as many contents away from gold as to it, or more (PolNeAR's contents
mostly run to the end of the cue's clause, the addressee and adverbials included, and the parse misplaces
coordinations): cutting words after the complement that hang on the cue's verb ("criticized X | for ...",
"X | on Monday"), 26 to gold and 93 away; cutting any relative clause set off by a comma, 14 and 19 (with a
relative pronoun, in any content, 5 and 12 beyond the kept rule); cutting a second verb of the cue's
("tweeted X | and urged ..."), 11 and 18 (3 and 3 when the verb has no subject of its own and the cue's
form); dropping a leading "and"/"but", 5 and 6; dropping the cue verb's object before a complement ("urged
X | to ..."), 12 and 83; dropping an unquoted piece before the cue that shares no dependency with the piece
after it, 17 and 14; extending a content over a clause that modifies its last word, no change.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Token

from newsledger.extract.span_edges import before_punct, free
from newsledger.nlp.attribution_tagger import TaggedSpan
from newsledger.nlp.doc_cache import sentence_index

MODIFIER_DEPS = frozenset({"det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "predet"})
MAX_EXTENSIONS = 3
NOMINALS = frozenset({"NOUN", "PROPN", "PRON"})
RELATIVE_PRONOUNS = frozenset({"WDT", "WP", "WP$"})  # "which", "who", "whose" (not "where", "in which")


def repair_content(doc: Doc, start: int, end: int, forbidden: Collection[int] = (),
                   cue: Collection[int] = ()) -> tuple[int, int]:
    """The token range ``[start, end)`` of a content's last piece, its end repaired (see the module
    docstring); ``forbidden`` holds the token indices of the statement's cue and source, ``cue`` the cue's."""
    if not 0 <= start < end <= len(doc):
        return start, end
    end = _whole_phrase(doc, start, end, doc[start].sent.end, forbidden)
    end = _without_relative(doc, start, end, cue)
    return start, _to_quote_end(doc, start, end, forbidden)


def _to_quote_end(doc: Doc, start: int, end: int, forbidden: Collection[int]) -> int:
    """The span's end, moved to the end of the quotation its last word lies in, when the quotation goes on
    after it ('did not give "absolute definitive visual evidence | that would confirm ..."'): a content never
    stops inside a quotation, unless going on would take in the statement's cue or source."""
    at = doc[_last(doc, start, end)].idx
    for q in doc._.quotes or ():
        if q.closed and q.start <= at < q.end:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is not None and span.end > end and free(forbidden, end, span.end) and \
                    not any(t.is_quote for t in doc[end:span.end]):  # (a mark inside: a quotation misread)
                return span.end
            return end
    return end


def _tops(doc: Doc, start: int, end: int) -> list[Token]:
    """The words of the span whose head lies outside it (or that are their own head), punctuation aside."""
    return [t for t in doc[start:end] if not t.is_punct and not t.is_space and
            (not start <= t.head.i < end or t.head.i == t.i)]


def _without_relative(doc: Doc, start: int, end: int, cue: Collection[int]) -> int:
    """The span's end, moved back before a relative clause set off by a comma and opened by a relative pronoun
    that closes it, when the span is a noun phrase the cue's word governs ("praised [the plan], which ...")."""
    if not cue or min(cue) >= start:
        return end
    tops = _tops(doc, start, end)
    if not tops or tops[0].pos_ not in NOMINALS or tops[0].head.i not in cue:
        return end
    last = _last(doc, start, end)
    for x in doc[start:end]:
        lo = x.left_edge.i
        if x.dep_ == "relcl" and start < lo and start <= x.head.i < lo and x.right_edge.i >= last and \
                doc[lo - 1].text == "," and doc[lo].tag_ in RELATIVE_PRONOUNS:
            return before_punct(doc, start, lo)
    return end


def own_sentence_pieces(doc: Doc, pieces: list[TaggedSpan], cue: TaggedSpan,
                        quoted: Collection[int]) -> list[TaggedSpan]:
    """A statement's content pieces without the unquoted ones outside the cue's sentence, when one of them is
    in it (see the module docstring)."""
    here = sentence_index(doc, cue.start)

    def spans_cue_sentence(p: TaggedSpan) -> bool:
        return sentence_index(doc, p.start) <= here <= sentence_index(doc, p.end - 1)

    if not any(spans_cue_sentence(p) for p in pieces):
        return pieces
    keep = [p for p in pieces if spans_cue_sentence(p) or
            any(i in quoted for i in range(p.start, p.end) if not doc[i].is_punct)]
    return keep or pieces


def _last(doc: Doc, start: int, end: int) -> int:
    """The index of the span's last word (punctuation and space aside; ``end - 1`` when it has none)."""
    k = end - 1
    while k > start and (doc[k].is_punct or doc[k].is_space):
        k -= 1
    return k


def _whole_phrase(doc: Doc, start: int, end: int, limit: int, forbidden: Collection[int]) -> int:
    """The span's end, moved to the end of a phrase it cuts: its last word modifies a word after it ("this
    past | weekend"), or opens a phrase it does not hold ("with | new ads", "A and | B")."""
    for _ in range(MAX_EXTENSIONS):
        k = _last(doc, start, end)
        t = doc[k]
        stop = end
        if t.dep_ in MODIFIER_DEPS and k < t.head.i < limit:
            stop = t.head.right_edge.i + 1
        elif t.dep_ == "prep" and t.right_edge.i > k:
            stop = t.right_edge.i + 1
        elif t.dep_ == "cc":
            conj = [c for c in t.head.children if c.dep_ == "conj" and c.i > k]
            if conj:
                stop = conj[0].right_edge.i + 1
        if stop <= end or stop > limit or not free(forbidden, end, stop):
            return end
        end = stop
    return end
