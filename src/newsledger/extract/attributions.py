"""Attributions: who said what, found from the parse and the quotations of an article.

Forms found:
- indirect speech: a reporting verb with a clausal complement ("X said that ...", "..., X said",
  "X threatened to retaliate", "X refuted claims that ..."), its speaker the verb's subject (or, for a
  participle, its governor's subject; for a passive, the ``by`` agent);
- reporting nouns with a ``that`` clause and a possessor or agent ("his claim that ...");
- "according to X";
- direct quotations, in any quote style: the cue next to them (same or adjacent sentence, a colon
  before them), or, when their paragraph has none, the speaker of the statement just before
  (the cue is then the opening quotation mark);
- mixed: an indirect statement with a quotation inside it;
- media as sources: a video, report or document that "shows" something;
- what the layout says (``layout_attributions.py``): transcript speaker labels ("PENCE: ...") and credit lines after a
  quotation ("“...” ― Name"); these replace a statement whose speaker was only guessed.

This module finds the spans; ``speakers.py`` resolves speakers to actors and ``evidence.py`` sets stance and
evidence. Work is bounded per sentence (``MAX_SENT_TOKENS``), so a 10,000-word run-on sentence costs no more
than a few ordinary ones.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from newsledger import resources
from newsledger.extract import lexicon
from newsledger.extract.drafts import Draft, char_span, trim
from newsledger.extract.layout_attributions import layout_drafts
from newsledger.extract.tagged_spans import drafts_from_spans, earlier_paragraphs
from newsledger.nlp.attribution_tagger import get_tagger
from newsledger.nlp.doc_cache import sentences_of, text_of
from newsledger.nlp.quotes import Quote
from newsledger.nlp.tagger_features import has_vectors

__all__ = ["Draft", "char_span", "find_drafts", "speaker_span", "trim"]

MAX_SENT_TOKENS = 300
CLAUSE_VERBS_XCOMP = resources.words("attributions.clause_verbs_xcomp")
OBJECT_CONTENT_VERBS = resources.words("attributions.object_content_verbs")
ACCUSE_OF_VERBS = resources.words("attributions.accuse_of_verbs")
NON_SPEAKER_NOUNS = resources.words("attributions.non_speaker_nouns")
MEDIA_NOUNS = resources.words("attributions.media_nouns")
MEDIA_VERBS = resources.words("attributions.media_verbs")
SUBJ_DEPS = {"nsubj", "csubj"}
SPEAKER_MAX_TOKENS = 16
# Attaching quotations (``_attach_quotes``): a statement whose content overlaps a quotation becomes a direct
# quotation of it when at most QUOTE_SLACK_CHARS of its content lie outside the quotation or QUOTE_SHARE of it
# lies inside; a mixed one when its content covers MIXED_SHARE of the quotation. A quotation with no cue of its
# own continues the statement before it only when that statement's content ends within CARRY_CHARS.
QUOTE_SLACK_CHARS = 3
QUOTE_SHARE = 0.8
MIXED_SHARE = 0.6
CARRY_CHARS = 1500
QUOTE_CUES = set("\"“”‘’«»„‹›':")


def subtree_range(tok: Token, stop: set[int] | None = None) -> tuple[int, int]:
    """Token range of ``tok``'s subtree (contiguous by projectivity), excluding subtrees rooted at ``stop``."""
    left, right = tok.left_edge.i, tok.right_edge.i + 1
    if stop:
        for s in stop:
            if left <= s < right and s != tok.i:
                if s > tok.i:
                    right = min(right, tok.doc[s].left_edge.i)
                else:
                    left = max(left, tok.doc[s].right_edge.i + 1)
    return left, right


def cue_tokens(verb: Token) -> list[Token]:
    """The cue verb with its auxiliaries, negation and particle ("has refuted", "pointed out")."""
    toks = [verb]
    for ch in verb.children:
        before = ch.dep_ in {"aux", "auxpass", "neg"} and ch.i < verb.i and verb.i - ch.i <= 3
        if before or (ch.dep_ == "prt" and ch.i == verb.i + 1):
            toks.append(ch)
    toks.sort(key=lambda t: t.i)
    # keep it contiguous: drop auxiliaries separated from the verb by other words ("has also said")
    while len(toks) > 1 and toks[1].i - toks[0].i > 1 and toks[0].i < verb.i:
        toks = toks[1:]
    return toks


def speaker_span(subj: Token) -> Span:
    """The noun phrase of a speaker: the subject's subtree without relative clauses, capped in length."""
    doc = subj.doc
    stops = {c.i for c in subj.children if c.dep_ in {"relcl", "acl"}}
    left, right = subtree_range(subj, stops)
    while right - left > 1 and (doc[right - 1].is_punct or doc[right - 1].is_space):
        right -= 1
    while right - left > 1 and (doc[left].is_punct or doc[left].is_space):
        left += 1
    if right - left > SPEAKER_MAX_TOKENS:
        left, right = max(left, subj.i - 3), subj.i + 1
    return doc[left:right]


def find_subject(verb: Token) -> Token | None:
    """The speaker token of a reporting verb (a named subject before a relative pronoun: "which Russia
    claims")."""
    subjects = [ch for ch in verb.children if ch.dep_ in SUBJ_DEPS]
    if subjects:
        return next((ch for ch in subjects if ch.lower_ not in {"which", "that", "who"}), subjects[0])
    for ch in verb.children:  # passive: "was said by X"
        if ch.dep_ == "agent":
            pobj = next((g for g in ch.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    if verb.dep_ in {"conj", "advcl", "xcomp"} and verb.head.i != verb.i:  # "..., saying ...", "and added"
        if verb.dep_ == "advcl" and verb.tag_ != "VBG":
            return None
        return find_subject(verb.head) if verb.head.pos_ in {"VERB", "AUX"} else None
    return None


def can_speak(tok: Token) -> bool:
    """Whether a subject can be the source of a statement (not an event or an inquiry)."""
    if tok.pos_ in {"PRON", "PROPN"} or tok.ent_type_:
        return True
    lemma = tok.lemma_.lower()
    return lemma not in NON_SPEAKER_NOUNS and (lemma, "NOUN") not in lexicon.event_cues()


def is_cue_verb(tok: Token) -> bool:
    """A reporting verb (also one the tagger took for a noun but the parser gave a subject: "X claims")."""
    if (tok.lemma_.lower(), "VERB") not in lexicon.speech_cues():
        return False
    return tok.pos_ == "VERB" or (tok.pos_ == "NOUN" and any(c.dep_ == "nsubj" for c in tok.children))


def verb_content(verb: Token) -> tuple[int, int] | None:
    """Token range of what a reporting verb reports, if it has a complement that can carry it."""
    lemma = verb.lemma_.lower()
    objs = [ch for ch in verb.children if ch.dep_ in {"dobj", "oprd"}]
    if lemma in OBJECT_CONTENT_VERBS:
        # "refuted claims that ...": a reported claim as object is the content
        for o in objs:
            if (o.lemma_.lower(), "NOUN") in lexicon.speech_cues():
                return subtree_range(o)
    clauses = [ch for ch in verb.children if ch.dep_ == "ccomp"]
    if clauses:
        side = [c for c in clauses if (c.i > verb.i) == (clauses[0].i > verb.i)]
        return min(subtree_range(c)[0] for c in side), max(subtree_range(c)[1] for c in side)
    if lemma in ACCUSE_OF_VERBS:  # "accused the United States of directing ...", "blamed Kyiv for ..."
        for ch in verb.children:
            if ch.dep_ == "prep" and ch.lower_ in {"of", "for"} and ch.i > verb.i:
                lo = min([subtree_range(o)[0] for o in objs if o.i < ch.i] + [ch.i])
                return lo, subtree_range(ch)[1]
    for ch in verb.children:
        if ch.dep_ == "xcomp" and lemma in CLAUSE_VERBS_XCOMP and any(g.dep_ == "aux" and g.lower_ == "to"
                                                                     for g in ch.children):
            return subtree_range(ch)
    if lemma in OBJECT_CONTENT_VERBS:
        if lemma in {"call", "describe"}:
            objs = [ch for ch in verb.children if ch.dep_ in {"oprd", "xcomp"}]
        if objs:
            return min(subtree_range(o)[0] for o in objs), max(subtree_range(o)[1] for o in objs)
    return None


def _sentences(doc: Doc) -> list[Span]:
    return sentences_of(doc)


def find_drafts(doc: Doc, quotes: list[Quote]) -> list[Draft]:
    """All attributions of an article, as drafts with spans; speakers not yet resolved to actors.

    The learned tagger finds them. The rules below add what it cannot: statements nested in a relative
    clause of another's content (the tagger learnt from annotation without nesting). Adding every rule
    statement whose cue and content overlap none of the tagger's adds more false statements than true ones
    on PolNeAR dev, so the rules do that only where the tagger cannot run: it reads the pipeline's token
    vectors, and a Doc without them (built by hand) gets the rules alone.
    """
    rules_only = not has_vectors(doc)  # a Doc not made by the pipeline (built by hand): no tagger
    learned = [] if rules_only else drafts_from_spans(doc, get_tagger().spans(doc))
    learned += earlier_paragraphs(doc, quotes, learned)
    for d in layout_drafts(doc):  # the layout names the speaker: it beats a quotation's guessed one
        clashing = [o for o in learned if _clashes(d, o)]
        if all(_unsure(doc, o) for o in clashing):
            learned = [o for o in learned if o not in clashing] + [d]
    extra = rule_drafts(doc, quotes)
    for d in extra:
        split = _split_nested(doc, d, learned)
        if split is not None:
            host, cut = split
            learned = [replace(o, content=cut) if o is host else o for o in learned] + [d]
        elif _nested_claim(doc, d, learned) or \
                (rules_only and not any(_clashes(d, o) for o in learned)):
            learned.append(d)
    learned.sort(key=lambda d: (d.span(), d.cue or (0, 0)))
    return _dedupe(learned)


def _split_nested(doc: Doc, d: Draft, learned: list[Draft]) -> tuple[Draft, tuple[int, int]] | None:
    """A statement in a relative clause at the end of another's content ("... refuted claims that his nation
    launched a strike, which Russia claims was an attempt to kill ...") is a statement of its own: the
    tagger, trained on annotation without nesting, runs the outer content over it. When ``d`` is such a
    nested statement: the outer statement and its content cut before the clause."""
    if d.cue is None or d.cue_token is None or d.content is None:
        return None
    host = next((o for o in learned if o.content and o.content[0] < d.cue[0] < o.content[1]), None)
    if host is None or host.content is None:
        return None
    tok = doc[d.cue_token]
    for _ in range(4):
        if tok.dep_ == "relcl" or tok.head.i == tok.i:
            break
        tok = tok.head
    if tok.dep_ != "relcl" or _relative_subject(doc[d.cue_token], tok):
        return None
    outer = doc.char_span(host.content[0], host.content[1], alignment_mode="expand")
    cut = trim(doc, outer.start, tok.left_edge.i) if outer is not None else None
    if cut is None or cut[0] != host.content[0] or not (d.content[1] <= host.content[1] + 1):
        return None
    return host, cut


def _relative_subject(cue: Token, clause: Token) -> bool:
    """Whether the cue's verb has for its only subject "that" or "which" standing for a common noun
    ("evidence [that would confirm] a gun"): the clause then says what a thing of the outer content does, and
    no one is its speaker. "who" stands for a person, a name for a speaker ("Ukraine, which called it ..."),
    and "which Russia claims" has Russia. ``clause`` is the relative clause's verb, its head the noun."""
    subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
    noun = clause.head
    return bool(subjects) and all(c.tag_ == "WDT" for c in subjects) and noun.pos_ == "NOUN" and not noun.ent_type_


def _nested_claim(doc: Doc, d: Draft, learned: list[Draft]) -> bool:
    """A possessor's reporting noun with its clause inside another statement's content ("He did not offer
    proof to support [his claim that the US was involved]") is a statement of its own, the possessor's."""
    if d.cue is None or d.content is None or d.cue_token is None or d.speaker is None:
        return False
    if doc[d.cue_token].pos_ != "NOUN" or d.speaker[0].dep_ != "poss":
        return False
    inside = any(o.content and o.content[0] <= d.speaker.start_char and d.content[1] <= o.content[1]
                 for o in learned)
    return inside and not any(o.cue and _overlap(o.cue, d.cue) for o in learned)


def _unsure(doc: Doc, d: Draft) -> bool:
    """A statement without a speaker, or whose cue is a bare quotation mark or colon (its speaker guessed from
    the statement before)."""
    cue = text_of(doc)[d.cue[0]:d.cue[1]] if d.cue else ""
    return d.speaker is None or (len(cue) == 1 and cue in QUOTE_CUES)


def _clashes(a: Draft, b: Draft) -> bool:
    return bool((a.cue and b.cue and _overlap(a.cue, b.cue)) or
                (a.content and b.content and _overlap(a.content, b.content)))


def rule_drafts(doc: Doc, quotes: list[Quote]) -> list[Draft]:
    """The rule-based attributions (reporting verbs and nouns, "according to", quotations, media)."""
    sents = _sentences(doc)
    sent_of = {}
    for k, s in enumerate(sents):
        for t in s:
            sent_of[t.i] = k
    drafts: list[Draft] = []
    open_cues: list[tuple[Token, Token, int]] = []  # reporting verbs with a speaker but no content
    for k, sent in enumerate(sents):
        if len(sent) > MAX_SENT_TOKENS:
            continue
        for tok in sent:
            if is_cue_verb(tok):
                _verb_draft(doc, tok, k, drafts, open_cues)
            elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                _according_draft(doc, tok, k, drafts)
            elif tok.pos_ == "NOUN" and (tok.lemma_.lower(), "NOUN") in lexicon.speech_cues():  # "his claim"
                _noun_draft(doc, tok, k, drafts)
            elif tok.pos_ == "VERB" and tok.lemma_.lower() in MEDIA_VERBS:
                _media_draft(doc, tok, k, drafts)
    _attach_quotes(doc, quotes, sents, sent_of, drafts, open_cues)
    drafts.sort(key=lambda d: (d.span(), d.cue or (0, 0)))
    return _dedupe(drafts)


def _verb_draft(doc: Doc, verb: Token, k: int, drafts: list[Draft],
                open_cues: list[tuple[Token, Token, int]]) -> None:
    subj = find_subject(verb)
    if subj is None or not can_speak(subj):
        return
    if subj.lower_ in {"it"} and any(c.dep_ == "expl" for c in verb.children):
        return
    rng = verb_content(verb)
    cue = char_span(cue_tokens(verb))
    nxt = doc[verb.i + 1] if verb.i + 1 < verb.sent.end else None
    if rng is None and verb.dep_ == "relcl" and nxt is not None and nxt.pos_ in {"AUX", "VERB"}:
        rng = (nxt.i, verb.sent.end)  # a parse that lost the complement: "..., which Russia claims was an attempt"
    if rng is None:
        open_cues.append((verb, subj, k))
        return
    content = trim(doc, *rng)
    if content is None:
        return
    stance = lexicon.speech_cues()[(verb.lemma_.lower(), "VERB")]
    drafts.append(Draft(cue, content, speaker_span(subj), "indirect", stance, k, cue_token=verb.i))


def _according_draft(doc: Doc, tok: Token, k: int, drafts: list[Draft]) -> None:
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return
    pp_lo, pp_hi = tok.i, max(to.right_edge.i, pobj.right_edge.i) + 1
    head = tok.head if tok.head.i != tok.i else None
    sent = tok.sent
    if head is None or not (sent.start <= head.i < sent.end):
        return
    lo, hi = subtree_range(head)
    # the content is the clause without the "according to" phrase; the phrase sits at one end of it
    if pp_lo <= lo + 1:
        lo = pp_hi
    elif pp_hi >= hi - 1:
        hi = pp_lo
    # stop at a relative clause that carries a statement of its own ("..., which called it ...")
    for t in doc[lo:hi]:
        if t.dep_ == "relcl" and is_cue_verb(t) and t.i > lo:
            hi = min(hi, t.left_edge.i)
    content = trim(doc, lo, hi)
    if content is None:
        return
    drafts.append(Draft(char_span([tok, to]), content, speaker_span(pobj), "according_to", "assert", k,
                        cue_token=tok.i))


def _noun_draft(doc: Doc, noun: Token, k: int, drafts: list[Draft]) -> None:
    clause = next((c for c in noun.children if c.dep_ in {"acl", "ccomp", "appos"} and
                   any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
    if clause is None:
        return
    speaker: Token | None = None
    for ch in noun.children:
        if ch.dep_ == "poss":
            speaker = ch
        elif ch.dep_ == "prep" and ch.lower_ in {"by", "from"}:
            speaker = next((g for g in ch.children if g.dep_ == "pobj"), speaker)
    if speaker is None:
        return
    content = trim(doc, *subtree_range(clause))
    if content is None:
        return
    stance = lexicon.speech_cues()[(noun.lemma_.lower(), "NOUN")]
    span = doc[speaker.i:speaker.i + 1] if speaker.dep_ == "poss" else speaker_span(speaker)
    if speaker.dep_ == "poss" and speaker.pos_ != "PRON":
        span = doc[speaker.left_edge.i:speaker.i + 1]
    drafts.append(Draft(char_span([noun]), content, span, "indirect", stance, k, cue_token=noun.i))


def _media_draft(doc: Doc, verb: Token, k: int, drafts: list[Draft]) -> None:
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lemma_.lower() not in MEDIA_NOUNS or subj.pos_ != "NOUN":
        return
    if (verb.lemma_.lower(), "VERB") in lexicon.speech_cues() and verb_content(verb) is not None:
        return  # handled as an ordinary reporting verb
    objs = [c for c in verb.children if c.dep_ in {"dobj", "ccomp"}]
    if not objs:
        return
    lo = min(subtree_range(o)[0] for o in objs)
    hi = max(subtree_range(o)[1] for o in objs)
    content = trim(doc, lo, hi)
    if content is None:
        return
    stops = {c.i for c in subj.children if c.dep_ in {"relcl"}}
    s_lo, s_hi = subtree_range(subj, stops)
    drafts.append(Draft(char_span(cue_tokens(verb)), content, doc[s_lo:s_hi], "indirect", "assert", k,
                        cue_token=verb.i))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _attach_quotes(doc: Doc, quotes: list[Quote], sents: list[Span], sent_of: dict[int, int],
                   drafts: list[Draft], open_cues: list[tuple[Token, Token, int]]) -> None:
    used_open: set[int] = set()
    for q in quotes:
        qspan = (q.start, q.end)
        qlen = max(1, q.end - q.start)
        # 1. an attribution whose content lies in or around the quotation
        hit = [d for d in drafts if d.content and _overlap(d.content, qspan) > 0
               and not (d.cue and q.start <= d.cue[0] < q.end)]
        if hit:
            for d in hit:
                assert d.content is not None
                inside = _overlap(d.content, qspan)
                outside = (d.content[1] - d.content[0]) - inside
                at = next(k for k, o in enumerate(drafts) if o is d)
                if outside <= QUOTE_SLACK_CHARS or inside >= QUOTE_SHARE * (d.content[1] - d.content[0]):
                    drafts[at] = replace(d, content=_quote_content(doc, q), form="direct")
                elif inside >= MIXED_SHARE * qlen:
                    drafts[at] = replace(d, form="mixed")
            continue
        q_sents = sorted({sent_of[t.i] for t in _tokens_in(doc, q.start, q.end) if t.i in sent_of})
        if not q_sents:
            continue
        # 2. a reporting verb with a speaker and nothing reported, in or next to the quote's sentences
        near = set(q_sents) | {q_sents[-1] + 1}
        cand = [(v, s, k) for v, s, k in open_cues if k in near and v.i not in used_open
                and not (q.start <= v.idx < q.end) and _same_paragraph(doc, v.idx, q.start)]
        if cand:
            v, subj, k = min(cand, key=lambda c: abs(c[0].idx - q.start))
            used_open.add(v.i)
            stance = lexicon.speech_cues()[(v.lemma_.lower(), "VERB")]
            drafts.append(Draft(char_span(cue_tokens(v)), _quote_content(doc, q), speaker_span(subj),
                                "direct", stance, k, cue_token=v.i))
            continue
        # 2b. the next sentence opens with its speaker and cue ("“...” He said on a visit, “...”")
        nxt = q_sents[-1] + 1
        follow = [d for d in drafts if d.sent == nxt and d.speaker is not None and d.cue and d.cue[0] > q.end
                  and d.speaker.start_char <= sents[nxt].start_char + 2 and _same_paragraph(doc, q.end, d.cue[0])
                  and _is_standalone(doc, q, sents, q_sents)]
        if follow:
            d = follow[0]
            drafts.append(Draft(d.cue, _quote_content(doc, q), d.speaker, "direct", d.stance, q_sents[0],
                                cue_token=d.cue_token))
            continue
        # 3. a statement in the same paragraph just before, ending in a colon, or the quote's own sentences
        prev = [d for d in drafts if d.sent in (q_sents[0] - 1, q_sents[0]) and d.cue
                and d.cue[1] <= q.open and text_of(doc)[d.cue[1]:q.open].strip() in {":", ",", ""}]
        if prev:
            d = prev[-1]
            drafts.append(Draft(d.cue, _quote_content(doc, q), d.speaker, "direct", d.stance, q_sents[0],
                                cue_token=d.cue_token))
            continue
        # 4. no cue: the quotation continues the statement before it (speaker carried over)
        before = [d for d in drafts if d.content and d.content[1] <= q.open and q.open - d.content[1] < CARRY_CHARS]
        if before and len(q_sents) >= 1 and _is_standalone(doc, q, sents, q_sents):
            d = max(before, key=lambda d: d.content[1] if d.content else 0)
            drafts.append(Draft((q.open, q.open + 1), _quote_content(doc, q), d.speaker, "direct", d.stance,
                                q_sents[0], speaker_override=(d.speaker.start_char, d.speaker.end_char)
                                if d.speaker else None))


def _quote_content(doc: Doc, q: Quote) -> tuple[int, int]:
    s, e = q.start, q.end
    text = text_of(doc)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _same_paragraph(doc: Doc, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return "\n\n" not in text_of(doc)[lo:hi].replace("\r", "")


def _is_standalone(doc: Doc, q: Quote, sents: list[Span], q_sents: list[int]) -> bool:
    """The quotation fills its sentences (it is not a scare quote inside a narrative sentence)."""
    lo = sents[q_sents[0]].start_char
    hi = sents[q_sents[-1]].end_char
    outside = text_of(doc)[lo:q.open].strip() + text_of(doc)[q.close_end:hi].strip()
    return len(outside.strip(" .,;:!?\"'“”‘’«»")) <= 2


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    """Drop drafts whose cue and content repeat an earlier one's (two routes to the same statement)."""
    out: list[Draft] = []
    for d in drafts:
        if any(o.cue == d.cue and o.content and d.content and _overlap(o.content, d.content) > 0
               for o in out):
            continue
        out.append(d)
    return out
