"""Where a statement's source begins and ends: the tagger's source span, repaired by the parse.

The attribution tagger decides token by token, and its source spans sometimes stop inside a phrase or run
past it. These kinds of boundary error are repaired, each only where the parse says the span cuts a phrase:

- **a name cut short**: "Donald | Trump's said" -> "Donald Trump's", when the span's last word is inside a
  named entity that goes on with names (a possessive "'s" included);
- **a negated quantifier**: "not | everyone agrees" -> "not everyone", when "not" modifies the span's first word;
- **a clause cut off its noun**: "42 percent of those | responding said", "everyone I | interviewed says" ->
  the whole participial clause, or the relative clause whose subject the span already holds;
- **words leading into the source**: a dateline ("OSLO - Fishermen said" -> "Fishermen"), the "both" of a
  paired coordination ("Both X and Y say" -> "X and Y"), a preposition whose object is the source ("..., such
  as X, who say" -> "X");
- **a coordination or word cut short**: "India and | Pakistan argue", "China | and Russia say", "many well- |
  known engineers say" -> the whole coordination, the whole hyphenated word and the noun it modifies;
- **an aside set off by commas**: a second appositive, which describes a word of the first or stands beside it
  ("X, the mayor of Y, a town of fishermen, said" -> "X, the mayor of Y"), or a comparison ("X, like Y, said"
  -> "X");
- **a time adverbial carried along**: "The Times on Saturday | reported", "who in 2010 | wrote", "the court this
  month | ruled" -> "The Times", "who", "the court", when the span ends with a date or time phrase attached
  outside it (to the verb), or with a prepositional phrase of nothing but a date ("a panel in 2001 | found").

No repair ever takes in a word of the statement's cue or content (``forbidden``), so a source never overlaps
what was said or the verb that says it. PolNeAR dev (``eval/attributions.py``), source exact F1: 0.760 with the
tagger's spans, 0.765 with the first four repairs, 0.770 with all (the reasons, with the measurements, in
docs/accuracy.md).
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Token

from newsledger.extract.actors import TIME_ENTITIES
from newsledger.extract.span_edges import before_punct, free

NAME_JOINERS = frozenset({"'s", "’s", "'", "’", ".", "-", "&"})
CLAUSE_DEPS = frozenset({"acl", "relcl"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PARTICIPLES = frozenset({"VBG", "VBN"})
PARTICIPLE_ENDINGS = ("ing", "ed")
ADVERBIAL_DEPS = frozenset({"npadvmod", "prep"})
DASHES = frozenset({"-", "--", "–", "—", "―"})
COMPARISONS = frozenset({"like", "unlike"})  # "X, like Y,": another party, set beside the source


def repair_source(doc: Doc, start: int, end: int, forbidden: Collection[int] = ()) -> tuple[int, int]:
    """The token range ``[start, end)`` of a source, its boundaries repaired (see the module docstring);
    ``forbidden`` holds the token indices of the statement's cue and content."""
    if not 0 <= start < end <= len(doc):
        return start, end
    sent = doc[start].sent
    end = _whole_name(doc, start, end, sent.end, forbidden)
    start = _negation(doc, start, sent.start, forbidden)
    end = _whole_clause(doc, start, end, sent.end, forbidden)
    start = _without_lead(doc, start, end)
    end = _whole_coordination(doc, start, end, sent.end, forbidden)
    end = _whole_word(doc, start, end, sent.end, forbidden)
    end = _without_aside(doc, start, end)
    return start, _without_time(doc, start, end)


def _head(doc: Doc, start: int, end: int) -> Token | None:
    """The one word of the span whose head lies outside it, punctuation aside (None when the span is not one
    phrase)."""
    tops = [t for t in doc[start:end] if not t.is_punct and (not start <= t.head.i < end or t.head.i == t.i)]
    return tops[0] if len(tops) == 1 else None


def _whole_name(doc: Doc, start: int, end: int, limit: int, forbidden: Collection[int]) -> int:
    """The span's end, moved to the end of the named entity its last word is in, over names (and the
    possessive or punctuation that joins them) only."""
    if doc[end - 1].ent_iob_ not in ("B", "I"):
        return end
    stop = end
    while stop < limit and doc[stop].ent_iob_ == "I":
        stop += 1
    more = doc[end:stop]
    if stop == end or not free(forbidden, end, stop) or \
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
    return stop if stop <= limit and free(forbidden, end, stop) else end


def _without_lead(doc: Doc, start: int, end: int) -> int:
    """The span's start, moved past words that lead into the source but are not of it: a dateline
    ("WASHINGTON - Senators | said"), a paired conjunction ("Both X and Y"), a preposition whose object is
    the source ("..., such as X and Y, say")."""
    if end - start < 2:
        return start
    k = start
    while k < end and ((doc[k].is_alpha and doc[k].is_upper) or doc[k].text in (",", ".") or doc[k].is_space):
        k += 1
    if k > start and k + 1 < end and doc[k].text in DASHES and doc[start].is_upper and len(doc[start]) > 1:
        return k + 1  # a dateline: a place in capitals and a dash
    first = doc[start]
    if first.tag_ == "CC" and start < first.head.i < end:
        return start + 1  # "Both", "Either", "Neither": the coordination is the source
    head = _head(doc, start, end)
    if head is not None and head.dep_ == "prep":
        for c in head.children:
            if c.dep_ == "pobj" and start < c.left_edge.i and c.i < end:
                return c.left_edge.i
    return start


def _whole_coordination(doc: Doc, start: int, end: int, limit: int, forbidden: Collection[int]) -> int:
    """The span's end, moved to the end of a coordination it cuts: one that ends with its "and" ("India and |
    Pakistan") or one whose "and" follows it ("China | and Russia say"), the conjunct the span's head's."""
    last = doc[end - 1]
    cut_after_and = last.dep_ == "cc" and start <= last.head.i < end  # "India and |"
    owner = last.head if cut_after_and else _head(doc, start, end)
    if owner is None:
        return end
    before_and = end < limit and doc[end].dep_ == "cc" and doc[end].head.i == owner.i  # "China | and"
    if not (cut_after_and or before_and):
        return end
    for c in owner.children:
        if c.dep_ == "conj" and c.i >= end:
            stop = c.right_edge.i + 1
            return stop if stop <= limit and free(forbidden, end, stop) else end
    return end


def _whole_word(doc: Doc, start: int, end: int, limit: int, forbidden: Collection[int]) -> int:
    """The span's end, moved to the end of a hyphenated word it cuts ("many college- | educated voters") and
    then to the noun that word modifies."""
    if end >= limit or doc[end - 1].whitespace_ or "HYPH" not in (doc[end - 1].tag_, doc[end].tag_):
        return end
    stop = end
    while stop < limit and not doc[stop - 1].whitespace_ and not doc[stop].is_space and \
            not (doc[stop].is_punct and doc[stop].tag_ != "HYPH"):
        stop += 1
    while stop < limit:
        t = doc[stop - 1]
        h = t.head.i
        if t.dep_ not in ("amod", "npadvmod", "punct") or not stop <= h < limit or \
                doc[h].pos_ not in ("NOUN", "PROPN") or not free(forbidden, stop, h + 1) or \
                not all(start <= doc[j].head.i <= h for j in range(stop, h)):
            break
        stop = h + 1
    return stop if free(forbidden, end, stop) else end


def _without_aside(doc: Doc, start: int, end: int) -> int:
    """The span's end, moved back before an aside set off by commas at its close that is not the source's
    description: a second appositive, of the first or beside it ("X, the governor of Y, one of the states
    suing, said" -> "X, the governor of Y"), or a comparison ("X, like Y, said" -> "X")."""
    head = _head(doc, start, end)
    if head is None:
        return end
    close = end
    while close > start + 1 and (doc[close - 1].text == "," or doc[close - 1].is_space):
        close -= 1

    def plain(t: Token) -> bool:  # an appositive not in brackets ("Rep. X (D-N.Y.), the chairman")
        return doc[t.left_edge.i - 1].text != "("

    for x in doc[head.i + 1:close]:
        lo = x.left_edge.i
        if x.right_edge.i + 1 != close or lo - 1 <= head.i or doc[lo - 1].text != ",":
            continue
        second = x.dep_ == "appos" and (
            (head.i < x.head.i and any(a.dep_ == "appos" and plain(a) for a in [x.head, *x.head.ancestors]
                                       if a.i > head.i)) or
            (x.head.i == head.i and any(c.dep_ == "appos" and c.i < x.i and plain(c) for c in head.children)))
        compared = x.dep_ == "prep" and x.head.i == head.i and x.lower_ in COMPARISONS
        if second or compared:
            return before_punct(doc, start, lo)
    return end


def _without_time(doc: Doc, start: int, end: int) -> int:
    """The span's end, moved back before a date or time phrase that closes it and attaches outside it
    ("The Times on Saturday", "who in 2010", "the court this month"), or a prepositional phrase of nothing but a
    date that attaches to a noun of it ("a panel in 2001 | found")."""
    for k in range(start + 1, end):
        x = doc[k]
        lo = x.left_edge.i
        if x.dep_ not in ADVERBIAL_DEPS or x.right_edge.i + 1 != end or lo <= start:
            continue
        outside = not start <= x.head.i < end and any(t.ent_type_ in TIME_ENTITIES for t in x.subtree)
        dated = lo == k and x.dep_ == "prep" and x.lower_ != "of" and start <= x.head.i < end and \
            x.head.pos_ in ("NOUN", "PROPN") and \
            all(t.ent_type_ in TIME_ENTITIES for t in x.subtree if t.i != k and not t.is_punct)
        if outside or dated:
            return before_punct(doc, start, lo)
    return end
