"""Stance and evidence of statements.

Stance starts from the cue's own stance (``speech_cues.tsv``: "deny", "threaten", "accuse", ...). A neutral
cue ("said", "claimed") takes a stronger stance from its content (``stance_cues.tsv``: "responsible for",
"reserves the right to respond") or from the act it elaborates ("made the accusation, saying ..."); content
that judges a party (named, or by a pronoun) in strongly negative words (``negative_evaluations.tsv``, from the
VADER lexicon: "Trump's hateful rhetoric", "they have done an awful job") accuses it. A cue that names a
topic, with a noun phrase for content ("discussed his sentence"), only raises the topic: "other"; content
saying the speaker's side will act ("he'll work to overturn the actions") is a promise, content backing
someone ("said they would vote for Clinton") is "other".

Evidence cues (``evidence_cues.tsv``) are found in the text and linked to the statements they qualify: those
in the same sentence, and, when the cue's sentence is about a speaker ("He did not offer proof ..."), that
speaker's statements (and their country's) in the sentences just before. Evidence named inside a statement's
cue or content ("pointed to reports that ...", "published the filings") is that statement's alone. A speaker
said to offer no proof for an accusation offers none for their other accusations nearby (within 1,500
characters) either: those become "unsupported" too (without a cue of their own). Hedges ("purported",
"allegedly") are listed on the statement whose content holds them; they do not change its evidence status by
themselves, but a cue that hedges its own statement ("appeared to suggest", "reportedly") leaves it
"unverified" (the hedging words are its cue; so are passive hedges: "is believed to", "are thought to"). A
statement whose source is a poll, data, a document, a study or a share of those polled ("Sixty percent said
...", "the survey found") has its evidence stated, its source the cue. (An accusation that the accused denies
nearby is not made "disputed": on the development annotations and the seed article that lowered evidence F1,
0.634 -> 0.619 on PolNeAR dev.)
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from newsledger import resources
from newsledger.extract import lexicon
from newsledger.extract.actors import ActorIndex
from newsledger.extract.attributions import Draft
from newsledger.extract.speakers import PERSONAL, resolve_pronoun
from newsledger.nlp.doc_cache import sentences_of, text_of
from newsledger.records import Evidence

STATUS_RANK: dict[Evidence, int] = {"unsupported": 4, "disputed": 3, "unverified": 2, "stated": 1, "none": 0}
ACCUSING_OBJECTS = resources.words("evidence.accusing_objects")
BACK_SENTENCES = 2
DIRECTIVE_CUES = resources.words("evidence.directive_cues")
INTENTION_CUES = resources.words("evidence.intention_cues")
# cues that name a topic: with a noun phrase for content ("discussed his sentence", "mentions her
# granddaughter") the statement only raises the topic; with a clause ("mentioned that ...") it asserts
TOPIC_CUES = resources.words("evidence.topic_cues")
EVALUATIVE_POS = {"ADJ", "NOUN"}  # the parts of speech of judging words (negative_evaluations.tsv)
PARTY_PRONOUNS = resources.words("evidence.party_pronouns")
ENDORSING = resources.words("evidence.endorsing")
FUTURE_AUX = resources.words("shared.future_aux")
SELF_PRONOUNS = resources.words("evidence.self_pronouns")  # in reported speech, the speaker's own side
PROPAGATION_CHARS = 1500
_CUES = "newsledger.text_cues"  # Doc.user_data key of :func:`text_cues`

Cue = tuple[int, int, str, Evidence]  # (start, end, kind, status) of an evidence cue or hedge in the text


def apply_stance(doc: Doc, drafts: list[Draft], actors: ActorIndex) -> None:
    for d in drafts:
        if d.content is None:
            continue
        span = doc.char_span(d.content[0], d.content[1], alignment_mode="expand")
        if d.cue_token is not None:
            verb = doc[d.cue_token]
            if _directive(verb, d.stance):
                d.stance = "other"  # "told his supporters to go", "asked them to leave"
                continue
            if verb.lemma_.lower() in INTENTION_CUES and text_of(doc)[d.content[0]:d.content[0] + 3] == "to ":
                d.stance = "promise"  # "wants to triple the program": the speaker's side will act
                continue
            if d.stance == "assert" and verb.lemma_.lower() in TOPIC_CUES and span is not None and \
                    _noun_content(span):
                d.stance = "other"
                continue
        if d.stance != "assert":
            continue
        if d.cue_token is not None:
            verb = doc[d.cue_token]
            if verb.dep_ == "advcl" and any(c.dep_ == "dobj" and c.lemma_.lower() in ACCUSING_OBJECTS
                                            for c in verb.head.children):
                d.stance = "accuse"
                continue
        if d.cue_token is not None and _negated_cue(doc, d):
            d.stance = "other"  # "did not respond to requests", "has not mentioned Machado"
            continue
        # the content with the punctuation that closes it (a question mark is trimmed off the span)
        text = text_of(doc)[d.content[0]:d.content[1] + 2]
        found = lexicon.content_stance(text)
        if found is not None:
            d.stance = found
        elif span is not None and (_blames_other(span, d, actors) or _condemns_party(span)):
            d.stance = "accuse"
        elif span is not None and _endorses(span):
            d.stance = "other"  # "said they would vote for Clinton", "I support Ted Cruz"
        elif span is not None and _commits_speaker(span, d):
            d.stance = "promise"
        elif any(stance == "other" and pattern.search(text) for pattern, stance in lexicon.stance_patterns()):
            d.stance = "other"  # "local officials should reach out": a recommendation


def _noun_content(span: Span) -> bool:
    """The content is a noun phrase, not a clause ("his sentence", not "that he was sentenced")."""
    return span.root.pos_ in {"NOUN", "PROPN", "PRON"} and not any(t.dep_ == "mark" for t in span[:2])


def _endorses(span: Span) -> bool:
    """The content's main verb (or the verb it governs) backs someone ("would vote for", "I support")."""
    verbs = [span.root, *(c for c in span.root.children if c.dep_ == "xcomp")]
    return any(v.pos_ == "VERB" and v.lemma_.lower() in ENDORSING and not any(c.dep_ == "neg" for c in v.children)
               for v in verbs)


def _commits_speaker(span: Span, d: Draft) -> bool:
    """The content says what the speaker's side will do ("he'll work to overturn the actions", "we will
    continue to do so"): its main verb is in the future and its subject is the speaker, by pronoun or name."""
    verb = span.root
    if verb.pos_ not in {"VERB", "AUX"} or not any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in verb.children):
        return False
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None:
        return False
    if subj.lower_ in SELF_PRONOUNS:
        return True
    return d.speaker is not None and subj.pos_ in {"PROPN", "NOUN"} and \
        subj.lower_ in {t.lower_ for t in d.speaker if t.pos_ in {"PROPN", "NOUN"}}


def _condemns_party(span: Span) -> bool:
    """The content judges a party in strongly negative words ("Trump's hateful rhetoric", "CNN has done an
    awful job"): an adjective (or a judging noun) of the negative evaluative lexicon, not an event word, and a
    person, organisation or country (named or a pronoun) in the content."""
    words = lexicon.negative_evaluations()
    judged = any(t.pos_ in EVALUATIVE_POS and (t.lower_ in words or t.lemma_.lower() in words) and
                 not lexicon.event_cues().get((t.lemma_.lower(), "NOUN" if t.pos_ == "NOUN" else "VERB"))
                 for t in span)
    party = any(t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or t.lower_ in PARTY_PRONOUNS for t in span)
    return judged and party


def _negated_cue(doc: Doc, d: Draft) -> bool:
    """A cue that says something was not said or done ("did not respond", "has not mentioned")."""
    assert d.cue is not None
    span = doc.char_span(d.cue[0], d.cue[1], alignment_mode="expand")
    return span is not None and any(t.dep_ == "neg" or t.lower_ in {"no", "never"} for t in span)


def _directive(verb: Token, stance: str) -> bool:
    """A telling or asking cue with an infinitive complement is a request, not a statement."""
    if verb.lemma_.lower() not in DIRECTIVE_CUES or stance not in {"assert", "question"}:
        return False
    return any(c.dep_ in {"xcomp", "ccomp"} and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
               for c in verb.children)


def _blames_other(span: Span, d: Draft, actors: ActorIndex) -> bool:
    """The content says another country's actor did something hostile ("the United States chose the
    targets ... of assault")."""
    if d.speaker_key is None:
        return False
    _, own, _ = actors.info(d.speaker_key)
    hostile = False
    other = False
    for tok in span:
        hostile = hostile or lexicon.hostile(tok.lemma_.lower(), tok.pos_)
        if tok.dep_ in {"nsubj", "agent", "pobj"} and own:
            key = actors.key_at(tok)
            country = actors.info(key)[1] if key else None
            other = other or (country is not None and country != own)
    return hostile and other


def apply_evidence(doc: Doc, drafts: list[Draft], actors: ActorIndex) -> tuple[Cue, ...]:
    """Link evidence cues and hedges to statements; returns every cue found: (start, end, kind, status)."""
    sents = sentences_of(doc)
    starts = [s.start_char for s in sents]

    def sent_index(pos: int) -> int:
        return max(0, bisect_right(starts, pos) - 1)

    for pattern, kind, status in lexicon.evidence_patterns():
        if kind == "source":
            _source_evidence(drafts, pattern, status)
        elif kind == "cue":
            _cue_evidence(doc, drafts, pattern, status)
    found = text_cues(doc)
    for s, e, kind, status in found:
        if kind == "hedge":
            for d in drafts:
                if d.content and d.content[0] <= s and e <= d.content[1]:
                    d.hedges.append((s, e))
            continue
        k = sent_index(s)
        sent = sents[k]
        targets = [d for d in drafts if _in_sentence(d, sent.start_char, sent.end_char)]
        if status == "stated":  # evidence named inside a statement ("pointed to reports that ...") is its own
            targets = [d for d in targets if _overlaps(d, s, e)] or targets
        subject_key = _subject_key(doc, s, targets, drafts, actors)
        if subject_key is not None:
            _, country, _ = actors.info(subject_key)
            for d in drafts:
                if d in targets or d.speaker_key is None or not (k - BACK_SENTENCES <= d.sent < k):
                    continue
                _, d_country, _ = actors.info(d.speaker_key)
                if d.speaker_key == subject_key or (country and d_country == country):
                    targets.append(d)
        for d in targets:
            d.evidence.append((s, e, status))
    _propagate_unsupported(drafts)
    for d in drafts:
        ranked = [st for _, _, st in d.evidence] + ([d.evidence_status] if d.evidence_status else [])
        d.evidence_status = max(ranked, key=lambda st: STATUS_RANK[st]) if ranked else "none"
    return found


def text_cues(doc: Doc) -> tuple[Cue, ...]:
    """Every evidence cue and hedge of the text (``evidence_cues.tsv``, kinds "evidence" and "hedge"), the
    earlier pattern winning where two overlap: (start, end, kind, status), in text order. Found once per Doc
    (statements, event candidates and the evidence of events all read them)."""
    cached: tuple[Cue, ...] | None = doc.user_data.get(_CUES)
    if cached is not None:
        return cached
    found: list[Cue] = []
    for pattern, kind, status in lexicon.evidence_patterns():
        if kind not in {"evidence", "hedge"}:
            continue
        for m in pattern.finditer(text_of(doc)):
            s, e = m.span()
            if not any(s < fe and fs < e for fs, fe, _, _ in found):
                found.append((s, e, kind, status))
    cached = doc.user_data[_CUES] = tuple(sorted(found))
    return cached


def _source_evidence(drafts: list[Draft], pattern: re.Pattern[str], status: Evidence) -> None:
    """Statements whose source is itself evidence (a poll, data, a document) have it stated; the source's words
    are the cue ("the survey", "official figures")."""
    for d in drafts:
        if d.speaker is not None and pattern.search(d.speaker.text):
            d.evidence_status = status
            d.evidence.append((d.speaker.start_char, d.speaker.end_char, status))


def _cue_evidence(doc: Doc, drafts: list[Draft], pattern: re.Pattern[str], status: Evidence) -> None:
    """Statements whose cue hedges them ("appeared to suggest", "reportedly") take that status, unless they
    have a stronger one; the hedging words are the cue."""
    text = text_of(doc)
    for d in drafts:
        found = pattern.search(text[d.cue[0]:d.cue[1]]) if d.cue is not None else None
        if found is not None and d.cue is not None and STATUS_RANK[status] > STATUS_RANK[d.evidence_status]:
            d.evidence_status = status
            d.evidence.append((d.cue[0] + found.start(), d.cue[0] + found.end(), status))


def _overlaps(d: Draft, lo: int, hi: int) -> bool:
    return any(part is not None and part[0] < hi and lo < part[1] for part in (d.cue, d.content))


def _in_sentence(d: Draft, lo: int, hi: int) -> bool:
    s, e = d.span()
    return lo <= s < hi or lo < e <= hi or (s <= lo and hi <= e)


def _subject_key(doc: Doc, pos: int, targets: list[Draft], drafts: list[Draft],
                 actors: ActorIndex) -> str | None:
    """The actor the cue's clause is about ("He did not offer proof"), if it has a personal subject."""
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span[0]
    verb = tok.head if tok.dep_ in {"aux", "auxpass", "neg"} else tok
    verb = verb if verb.pos_ in {"VERB", "AUX"} else verb.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None:
        return None
    if subj.lower_ in PERSONAL:
        owners = [d.speaker_key for d in targets if d.speaker_key]
        if owners:
            return owners[0]
        done = [d for d in drafts if d.cue and d.cue[0] < subj.idx]
        return resolve_pronoun(doc, subj, [], done, actors)
    return actors.key_at(subj)


def _propagate_unsupported(drafts: list[Draft]) -> None:
    """A person said to offer no proof for an accusation offers none for their other accusations in the same
    stretch of reporting (within ``PROPAGATION_CHARS`` of the cue)."""
    sources = [(d.speaker_key, s) for d in drafts if d.speaker_key and d.stance == "accuse"
               and d.speaker_key.startswith("PER:") for s, _, st in d.evidence if st == "unsupported"]
    for d in drafts:
        if d.stance != "accuse" or d.evidence or not d.cue:
            continue
        if any(key == d.speaker_key and abs(d.cue[0] - pos) <= PROPAGATION_CHARS for key, pos in sources):
            d.evidence_status = "unsupported"
