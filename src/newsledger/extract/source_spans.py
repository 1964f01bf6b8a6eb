"""Where a statement's source begins and ends: the tagger's source span, repaired by the parse.

The attribution tagger decides token by token, and its source spans sometimes stop inside a phrase or run
past it. Four kinds of boundary error are repaired, each only where the parse says the span cuts a phrase:

- **a name cut short**: "Donald | Trump's said" -> "Donald Trump's", when the span's last word is inside a
  named entity that goes on with names (a possessive "'s" included);
- **a negated quantifier**: "not | everyone agrees" -> "not everyone", when "not" modifies the span's first word;
- **a clause cut off its noun**: "42 percent of those | responding said", "everyone I | interviewed says" ->
  the whole participial clause, or the relative clause whose subject the span already holds;
- **a time adverbial carried along**: "The Times on Saturday | reported", "who in 2010 | wrote" -> "The Times",
  "who", when the span ends with a date or time phrase attached outside it (to the verb).

No repair ever takes in a word of the statement's cue or content (``forbidden``), so a source never overlaps
what was said or the verb that says it. PolNeAR dev (``eval/attributions.py``), source exact F1: 0.760 with the
tagger's spans, 0.765 repaired (the reasons, with the measurements, in docs/accuracy.md).
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc

from newsledger.extract.actors import TIME_ENTITIES

NAME_JOINERS = frozenset({"'s", "’s", "'", "’", ".", "-", "&"})
CLAUSE_DEPS = frozenset({"acl", "relcl"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PARTICIPLES = frozenset({"VBG", "VBN"})
PARTICIPLE_ENDINGS = ("ing", "ed")
ADVERBIAL_DEPS = frozenset({"npadvmod", "prep"})


def repair_source(doc: Doc, start: int, end: int, forbidden: Collection[int] = ()) -> tuple[int, int]:
    """The token range ``[start, end)`` of a source, its boundaries repaired (see the module docstring);
    ``forbidden`` holds the token indices of the statement's cue and content."""
    if not 0 <= start < end <= len(doc):
        return start, end
    sent = doc[start].sent
    end = _whole_name(doc, start, end, sent.end, forbidden)
    start = _negation(doc, start, sent.start, forbidden)
    end = _whole_clause(doc, start, end, sent.end, forbidden)
    return start, _without_time(doc, start, end)


def _free(forbidden: Collection[int], lo: int, hi: int) -> bool:
    return not any(k in forbidden for k in range(lo, hi))


def _whole_name(doc: Doc, start: int, end: int, limit: int, forbidden: Collection[int]) -> int:
    """The span's end, moved to the end of the named entity its last word is in, over names (and the
    possessive or punctuation that joins them) only."""
    if doc[end - 1].ent_iob_ not in ("B", "I"):
        return end
    stop = end
    while stop < limit and doc[stop].ent_iob_ == "I":
        stop += 1
    more = doc[end:stop]
    if stop == end or not _free(forbidden, end, stop) or \
            not all(t.pos_ == "PROPN" or t.text in NAME_JOINERS for t in more):
        return end
    if stop < limit and doc[stop].text in ("'s", "’s") and stop not in forbidden:
        stop += 1  # "Donald Trump's": the possessive goes with the name, as "Trump's" would
    return stop


def _negation(doc: Doc, start: int, limit: int, forbidden: Collection[int]) -> int:
    """The span's start, moved back over a "not" that modifies its first word ("not everyone")."""
    before = start - 1
    if before >= limit and doc[before].lower_ == "not" and doc[before].head.i == start and before not in forbidden:
        return before
    return start


def _whole_clause(doc: Doc, start: int, end: int, limit: int, forbidden: Collection[int]) -> int:
    """The span's end, moved to the end of a clause that modifies a word of the span and begins right after it:
    a participle ("those responding", "judges handling ...") or a relative clause whose subject is in the span
    ("everyone I interviewed")."""
    if end >= limit:
        return end
    verb = doc[end]
    if verb.dep_ not in CLAUSE_DEPS or not start <= verb.head.i < end or \
            doc[end - 1].is_punct:  # "..., called for": set off by a comma, a clause of its own
        return end
    # (the tagger calls "responding" after "those" a noun now and then; the parse still makes it a clause)
    participle = verb.dep_ == "acl" and (verb.tag_ in PARTICIPLES or verb.lower_.endswith(PARTICIPLE_ENDINGS))
    own_subject = verb.pos_ in ("VERB", "AUX") and \
        any(c.dep_ in SUBJECT_DEPS and verb.head.i < c.i < end for c in verb.children)  # after its noun
    if not (participle or own_subject):
        return end
    stop = verb.right_edge.i + 1
    return stop if stop <= limit and _free(forbidden, end, stop) else end


def _without_time(doc: Doc, start: int, end: int) -> int:
    """The span's end, moved back before a date or time phrase that closes it and attaches outside it
    ("The Times on Saturday", "who in 2010")."""
    for k in range(start + 1, end):
        x = doc[k]
        if x.dep_ in ADVERBIAL_DEPS and not start <= x.head.i < end and x.right_edge.i + 1 == end and \
                x.left_edge.i == k and any(t.ent_type_ in TIME_ENTITIES for t in x.subtree):
            stop = k
            while stop > start + 1 and (doc[stop - 1].is_punct or doc[stop - 1].is_space):
                stop -= 1
            return stop
    return end

