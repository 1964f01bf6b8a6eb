"""Attributions from the tagger's spans: link each cue to its content and source.

The tagger (``newsledger.nlp.attribution_tagger``) marks sources, cues and contents but not which goes with
which. Linking:

- a content belongs to the nearest cue in the sentences it spans (by the number of tokens between them;
  at equal distance the cue before it); a content with no cue in its sentences continues the statement
  just before it in the same or the previous paragraph ("“...,” she said. “...”" is one statement), or,
  failing that, belongs to a cue in the next sentence;
- a cue takes the nearest source in its sentence that no cue nearer to that source claims, and when none is
  left, the nearest one already taken ("The campaign pushed back ..., calling it ..." share a source);
- a cue with no content is dropped (a source or a cue alone says nothing);
- a content in a later paragraph than its cue (a quotation that goes on after "He added:" or after the
  statement's own paragraph) is a statement of its own: its cue is its opening quote mark and its speaker
  the statement's, carried over. Unquoted, such a piece is no statement ("The statement ascribed his death
  to a stroke. || Among his opinions was | his | dissent in | the court's decision ...": the tagger's stray
  content words, which took the earlier statement's speaker and their own first word as cue).

A content in pieces ("“A,” he said, “B”") is the stretch from its first piece to its last with the gaps
between them as holes: the record's content is its pieces (``drafts.content_pieces``). The pieces' boundaries
are repaired by the parse (``content_spans``: a phrase cut short, a writer's relative clause after a noun phrase,
an unquoted piece outside the cue's sentence), the source's too (``source_spans``).
A cue must hold a verb, noun, preposition, adjective, adverb or colon (the tagger sometimes marks a lone
"the" or "they").

A quotation that runs over paragraphs (each opens with a quotation mark, only the last one closes) is
attributed once, in its last paragraph ("“...\n\n“...,” she said"); the tagger reads a paragraph at a time and
leaves the earlier ones alone. They are a statement of their own (:func:`earlier_paragraphs`), as a quotation
going on after its cue's paragraph is: the opening quote mark its cue, the speaker carried over.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from functools import cache
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from newsledger import resources
from newsledger.extract import lexicon
from newsledger.extract.content_spans import own_sentence_pieces, repair_content
from newsledger.extract.drafts import Draft, char_span, trim
from newsledger.extract.source_spans import repair_source
from newsledger.nlp.attribution_tagger import TaggedSpan
from newsledger.nlp.doc_cache import quoted_tokens, sentence_index, text_of
from newsledger.nlp.quotes import Quote
from newsledger.nlp.tagger_features import chunks
from newsledger.records import Form, Stance

MAX_CONTINUATION_SENTENCES = 4
JOINING_POS = frozenset({"ADP", "PART"})  # what joins a cue to the content right after it
CUE_TAGS = ("VB", "NN", "IN", "MD", ":", "TO", "RP", "JJ", "RB")


def drafts_from_spans(doc: Doc, spans: list[TaggedSpan]) -> list[Draft]:
    """Drafts (cue, content, speaker) from the tagger's spans."""
    def sent_of(tok: int) -> int:
        return sentence_index(doc, tok)

    chunk_starts = [s for s, _ in chunks(doc)]

    def chunk_of(tok: int) -> int:
        return max(0, bisect_right(chunk_starts, tok) - 1)

    cues = [s for s in spans if s.role == "cue" and _can_be_cue(doc, s)]
    if not cues:
        return []
    contents: dict[int, list[TaggedSpan]] = {k: [] for k in range(len(cues))}
    carried: list[tuple[int, TaggedSpan]] = []  # contents in a later paragraph: statements of their own
    pieces = [s for s in spans if s.role == "content"]
    near: dict[int, list[int]] = {}
    for i, c in enumerate(pieces):
        lo, hi = sent_of(c.start), sent_of(c.end - 1)
        near[i] = [k for k, q in enumerate(cues) if lo <= sent_of(q.start) <= hi]
    owner_of = _match(cues, pieces, near)
    last_owner: int | None = None
    for i, c in enumerate(pieces):
        lo, hi = sent_of(c.start), sent_of(c.end - 1)
        owner = owner_of.get(i)
        if owner is None and not near[i]:
            after = [k for k, q in enumerate(cues)
                     if sent_of(q.start) == hi + 1 and chunk_of(q.start) == chunk_of(c.start)]
            if after and (last_owner is None or chunk_of(cues[last_owner].start) != chunk_of(c.start)):
                owner = after[0]  # "“...” He said on a visit, “...”": the cue follows in the paragraph
            elif last_owner is not None and chunk_of(c.start) - chunk_of(cues[last_owner].start) <= 1 and \
                    lo - sent_of(cues[last_owner].start) <= MAX_CONTINUATION_SENTENCES:
                owner = last_owner
            else:
                owner = after[0] if after else None
        if owner is not None and not near[i] and chunk_of(c.start) != chunk_of(cues[owner].start):
            carried.append((owner, c))
        elif owner is not None:
            contents[owner].append(c)
            last_owner = owner
    sources = [s for s in spans if s.role == "source"]
    speaker_of = _link_sources(cues, sources, sent_of)
    quoted = quoted_tokens(doc)
    drafts = []
    for k, cue in enumerate(cues):
        src = speaker_of.get(k)
        speaker: Span | None = None
        if src is not None:  # the tagger's span, its boundaries repaired by the parse
            said = {i for part in (cue, *contents[k]) for i in range(part.start, part.end)}
            first, stop = repair_source(doc, src.start, src.end, said)
            speaker = doc[first:stop]
        head = _cue_head(doc, cue)
        stance = _stance(doc, cue, head)
        for group in _statements(contents[k], cue, sent_of):
            group = _repaired(doc, own_sentence_pieces(doc, group, cue, quoted), cue, src)
            found = _content_span(doc, group)
            if found is not None:
                span, holes = found
                c_start, c_end = _cue_tokens(doc, cue, min(p.start for p in group))
                cue_span = trim(doc, c_start, c_end, keep_quotes=True) or char_span(list(doc[c_start:c_end]))
                drafts.append(Draft(cue_span, span, speaker, _form(doc, cue, group, quoted), stance,
                                    sent_of(cue.start), cue_token=head.i, holes=holes))
    by_cue = {d.cue_token: d for d in drafts}
    text = text_of(doc)
    for k, c in carried:
        owner_draft = by_cue.get(_cue_head(doc, cues[k]).i)
        content = trim(doc, c.start, c.end)
        if owner_draft is None or content is None:
            continue
        # a piece after a paragraph break continues a quotation; unquoted there, it is no statement of the cue's
        # (a chunk cut inside the cue's paragraph carries unquoted pieces too)
        apart = sorted((doc[cues[k].start].idx, doc[c.start].idx))
        if "\n" in text[apart[0]:apart[1]] and not any(i in quoted for i in range(c.start, c.end)):
            continue
        mark = doc[c.start - 1] if c.start > 0 and doc[c.start - 1].is_quote else doc[c.start]
        d = Draft((mark.idx, mark.idx + len(mark)), content, owner_draft.speaker,
                  _form(doc, c, [c], quoted), owner_draft.stance, sent_of(c.start))
        if owner_draft.speaker is not None:
            d.speaker_override = (owner_draft.speaker.start_char, owner_draft.speaker.end_char)
        drafts.append(d)
    return drafts


def earlier_paragraphs(doc: Doc, quotes: list[Quote], drafts: list[Draft]) -> list[Draft]:
    """Statements for the paragraphs of a quotation before the one its statement is in (see the module
    docstring): for each quotation over paragraphs whose start no draft's content covers, the first draft whose
    content lies in a later paragraph of it gives the speaker and stance."""
    text = text_of(doc)
    out = []
    for q in quotes:
        if "\n" not in text[q.start:q.end]:
            continue
        inside = sorted((d for d in drafts if d.content is not None and q.start <= d.content[0] < q.close_end),
                        key=lambda d: d.content[0] if d.content else 0)
        if not inside or inside[0].content is None or "\n" not in text[q.start:inside[0].content[0]]:
            continue
        d = inside[0]
        assert d.content is not None
        cut = text.rfind("\n", q.start, d.content[0])
        span = doc.char_span(q.start, cut, alignment_mode="expand")
        content = trim(doc, span.start, span.end) if span is not None else None
        if content is None:
            continue
        first = doc.char_span(content[0], content[1], alignment_mode="expand")
        out.append(Draft((q.open, q.open + 1), content, d.speaker, "direct", d.stance,
                         sentence_index(doc, first.start if first is not None else 0),
                         speaker_override=(d.speaker.start_char, d.speaker.end_char) if d.speaker else None))
    return out


def _repaired(doc: Doc, group: list[TaggedSpan], cue: TaggedSpan, src: TaggedSpan | None) -> list[TaggedSpan]:
    """The pieces of a content, the last one's end repaired by the parse (``content_spans.repair_content``);
    the cue's and the source's words stay out of it."""
    if not group:
        return group
    cue_tokens = set(range(cue.start, cue.end))
    forbidden = cue_tokens | (set(range(src.start, src.end)) if src is not None else set())
    last = max(group, key=lambda p: p.end)
    start, end = repair_content(doc, last.start, last.end, forbidden, cue_tokens)
    return [TaggedSpan(p.role, start, end) if p is last and end != p.end else p for p in group]


def _statements(parts: list[TaggedSpan], cue: TaggedSpan,
                sent_of: Callable[[int], int]) -> list[list[TaggedSpan]]:
    """The contents of one cue, as statements: one, unless a quotation in sentences of its own comes
    before the cue's sentence and another follows the cue ("“A.” He said on a visit, “B.”"): two."""
    here = sent_of(cue.start)
    before = [p for p in parts if sent_of(p.end - 1) < here]
    rest = [p for p in parts if sent_of(p.end - 1) >= here]
    if before and rest and all(p.start > cue.start for p in rest):
        return [before, rest]
    return [parts] if parts else []


def _match(cues: list[TaggedSpan], pieces: list[TaggedSpan], near: dict[int, list[int]]) -> dict[int, int]:
    """Contents to cues of their sentences: closest pairs first, one content per cue; contents left over
    (the second piece of "“A,” he said, “B”") join the nearest cue."""
    pairs = sorted((_gap(cues[k], c), cues[k].start > c.start, i, k)
                   for i, c in enumerate(pieces) for k in near[i])
    owner: dict[int, int] = {}
    taken: set[int] = set()
    for _, _, i, k in pairs:
        if i not in owner and k not in taken:
            owner[i] = k
            taken.add(k)
    for _, _, i, k in pairs:
        owner.setdefault(i, k)
    return owner


def _cue_tokens(doc: Doc, cue: TaggedSpan, content_start: int) -> tuple[int, int]:
    """The cue's tokens as annotators mark them: a cue runs up to a content that follows it. In PolNeAR train
    91% of the cues that precede their content end where it begins, a preposition between them included
    ("accused her of | being asleep", "questions about | his health"). So a preposition or particle that
    is all that lies between the tagged cue and its content joins the cue. A cue that its content does not
    follow drops a dangling preposition or article at its end ("said on [Tuesday]" -> "said"), which is the
    cue's only as a particle ("pointed out") or in "according to"."""
    start, end = cue.start, cue.end
    between = [t for t in doc[end:content_start] if not (t.is_punct or t.is_space)]
    if content_start >= end and not between:
        return start, end
    if content_start > end and len(between) == 1 and between[0].pos_ in JOINING_POS:
        return start, between[0].i + 1
    while end - start > 1:
        last = doc[end - 1]
        dangling = (last.dep_ == "prep" and not (last.lower_ == "to" and doc[end - 2].lower_ == "according")) \
            or last.pos_ == "DET"
        if not dangling:
            break
        end -= 1
    return start, end


def _can_be_cue(doc: Doc, cue: TaggedSpan) -> bool:
    """A cue has a verb, noun, preposition, adjective, adverb or colon in it (not "the", "they")."""
    return any(t.tag_.startswith(CUE_TAGS) for t in doc[cue.start:cue.end])


def _content_span(doc: Doc, parts: list[TaggedSpan]) -> tuple[tuple[int, int], list[tuple[int, int]]] | None:
    """The span of a content in pieces ("“A,” he said, “B”"), from its first piece to its last, and the gaps
    between the pieces that hold more than space (which the statement's record leaves out of its content)."""
    pieces = sorted(p for p in (trim(doc, c.start, c.end) for c in parts) if p is not None)
    if not pieces:
        return None
    hull = (pieces[0][0], max(p[1] for p in pieces))
    text = text_of(doc)  # (a gap of space alone, a no-break space the tokeniser kept apart, is no hole)
    gaps = [(a[1], b[0]) for a, b in pairwise(pieces) if b[0] > a[1] and not text[a[1]:b[0]].isspace()]
    return hull, gaps


def _gap(a: TaggedSpan, b: TaggedSpan) -> int:
    return max(0, b.start - a.end, a.start - b.end)


def _link_sources(cues: list[TaggedSpan], sources: list[TaggedSpan],
                  sent_of: Callable[[int], int]) -> dict[int, TaggedSpan]:
    out: dict[int, TaggedSpan] = {}
    by_sent: dict[int, list[int]] = {}
    for k, q in enumerate(cues):
        by_sent.setdefault(sent_of(q.start), []).append(k)
    for sent, ks in by_sent.items():
        cands = [s for s in sources if sent_of(s.start) == sent or sent_of(s.end - 1) == sent]
        if not cands:
            continue
        # each source goes first to the cue nearest to it; cues left over share the nearest source
        claimed: dict[int, TaggedSpan] = {}
        for s in cands:
            k = min(ks, key=lambda k: (_gap(cues[k], s), cues[k].start))
            if k not in claimed or _gap(cues[k], s) < _gap(cues[k], claimed[k]):
                claimed[k] = s
        for k in ks:
            out[k] = claimed.get(k) or min(cands, key=lambda s: _gap(cues[k], s))
    return out


def _cue_head(doc: Doc, cue: TaggedSpan) -> Token:
    toks = [t for t in doc[cue.start:cue.end] if not t.is_punct]
    if not toks:
        return doc[cue.start]
    for t in toks:
        if (t.lemma_.lower(), "VERB" if t.pos_ in {"VERB", "AUX"} else "NOUN") in lexicon.speech_cues():
            return t
    root: Token = doc[toks[0].i:toks[-1].i + 1].root
    return root


def _form(doc: Doc, cue: TaggedSpan, parts: list[TaggedSpan], quoted: frozenset[int]) -> Form:
    if doc[cue.start].lower_ == "according":
        return "according_to"
    words = [i for p in parts for i in range(p.start, p.end) if not doc[i].is_punct and not doc[i].is_space]
    inside = sum(1 for i in words if i in quoted)
    if words and inside >= 0.8 * len(words):
        return "direct"
    return "mixed" if inside >= 3 else "indirect"


@cache
def cue_stances() -> dict[str, Stance]:
    """Lemma -> stance for the tagger's cues (``cue_stances.tsv``)."""
    return {r[0]: lexicon.stance(r[1], "cue_stances.tsv") for r in resources.rows("cue_stances.tsv")}


def _stance(doc: Doc, cue: TaggedSpan, head: Token) -> Stance:
    """The stance a cue gives: its head word's ("denied", "his criticism of"), then any other word of it."""
    words = [t for t in doc[cue.start:cue.end] if t.is_alpha]
    if head.lemma_.lower() == "call" and head.i + 1 < len(doc) and doc[head.i + 1].lower_ in {"for", "on"}:
        return "other"  # "called for", "calls on"
    table = cue_stances()
    speech = lexicon.speech_cues()
    for t in [head, *words]:
        lemma = t.lemma_.lower()
        kind = "VERB" if t.pos_ in {"VERB", "AUX"} else "NOUN"
        stance = table.get(lemma) or speech.get((lemma, kind))
        if stance:
            return stance
    return "assert"
