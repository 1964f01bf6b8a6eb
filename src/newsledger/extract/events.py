"""Events: who did what to whom, when, with what modality, and through which statement it is reported.

Candidates are the predications of each sentence (``event_units``: a verb with its ``xcomp`` chain, a support
verb with its event noun, an event noun). The event classifier (``event_model``, trained on sentence-level PLOVER
gold) reads the lemmas, dependency frames and the codes of PETRARCH-2's CAMEO verb dictionary and gives each a
probability per root. Which candidates are events, and of which root, is the learned event head's decision
(``event_head``: the shared encoder's vectors of the trigger and its sentence, the classifier's probabilities
and what the parse says; trained on an annotation of news articles); where two chosen candidates name
overlapping words, the surer stands. Without the head (``find_events(head=False)``) the rules decide: a
candidate is an event when the classifier's root agrees with a code the dictionary or the event lexicon gives
its verb or noun, or when the classifier is confident. The CAMEO code is the most specific dictionary code that
agrees with the root (none when none agrees). The source is the verb's subject
(or a noun's possessor / ``by`` agent / national modifier), the target its object (or the ``on``/``against``
object); participants that code to no known actor become uncoded actors. Places are resolved by ``places``
(a GeoNames gazetteer). Modality:

- ``denied``: the trigger is negated, or reported through a denial;
- ``threatened``: a threat (PLOVER THREATEN), or reported through a threatening statement;
- ``planned`` / ``hypothetical``: under a future or planning verb / a conditional or weak modal;
- ``alleged``: inside what someone claims; an event only presupposed by a claim about who is responsible
  ("responsible for a drone strike") stays ``actual``: it happened, its author is what is claimed;
- ``actual`` otherwise.

Times are the date expressions attached to the trigger in the parse; an attack with no date of its own takes
the date of "the incident"/"the attack" where the article gives one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import POS
from spacy.parts_of_speech import NOUN
from spacy.tokens import Doc, Span, Token

from newsledger import resources
from newsledger.extract import event_head, event_model, lexicon, places, times
from newsledger.extract.actors import TIME_ENTITIES, ActorIndex
from newsledger.extract.attributions import Draft, speaker_span
from newsledger.extract.event_units import NON_EVENT_VERBS, Unit, all_features, codes, trigger_span, units
from newsledger.extract.evidence import text_cues
from newsledger.extract.speakers import PERSONAL, resolve_pronoun
from newsledger.nlp.doc_cache import ents_by_sentence, quoted_tokens, sentences_of
from newsledger.records import Modality, PlaceRef, TimeRef

PRESUPPOSING = resources.words("events.presupposing")
FUTURE_AUX = resources.words("shared.future_aux")
WEAK_MODALS = resources.words("events.weak_modals")
PRETEXT_NOUNS = resources.words("events.pretext_nouns")
PLAN_VERBS = resources.words("events.plan_verbs")
ANAPHORIC_NOUNS = resources.words("events.anaphoric_nouns")
VIOLENT_ROOTS = resources.words("events.violent_roots")
PLACE_PREPS = resources.words("events.place_preps")
TIME_ADVERBS = resources.words("events.time_adverbs")  # often not tagged as DATE
CONFIDENT = 0.6  # classifier probability that makes a candidate an event without dictionary support
CONFIDENT_PAIR = 0.4  # the same for a candidate with both a source and a target
# what a plain statement can be by its complement ("says X must ..." REQUEST); the rest it only reports
SPEECH_ACTS = resources.words("events.speech_acts")
# speech acts about what is to come: a statement is one only when its complement is too (``_irrealis``)
FUTURE_ACTS = resources.words("events.future_acts")
# auxiliaries of a complement about what will, must or may be (modals, and the "to" of "is ready to talk")
IRREALIS_AUX = FUTURE_AUX | WEAK_MODALS | {"should", "must", "can", "ca", "to"}
IRREALIS_WORDS = resources.words("events.irrealis_words")


@dataclass
class EventDraft:
    trigger: tuple[int, int]
    head: int  # token index of the trigger's head word
    cameo: str | None
    plover: str
    source_key: str | None
    target_key: str | None
    modality: Modality
    draft: Draft | None
    time: TimeRef | None
    place: PlaceRef | None = None
    event_confidence: float | None = None  # the event head's probability that the candidate is an event
    root_confidence: float | None = None  # and that its root is this one (None: the rules decided)


@dataclass
class Candidate:
    """A unit that may be an event: the classifier's probabilities over its roots, and what the rules make of
    them (``coded``: root and CAMEO code, None when the rules take it for no event)."""

    unit: Unit
    probs: NDArray[np.float64]
    coded: tuple[str, str | None] | None


def light_only(u: Unit) -> bool:
    """A unit of nothing but non-event verbs ("said", "had", "went"), never an event."""
    return all(t.lemma_.lower() in NON_EVENT_VERBS for t in u.chain) and u.noun is None and not u.comp


def candidates(sent: Span, cues: Sequence[tuple[int, int]] = ()) -> list[Candidate]:
    """The sentence's units that may be events, with the classifier's and the rules' view of each. A unit
    named by the words of an evidence cue (``cues``: "did not offer proof", "could not be independently
    verified") says what support a claim has, not that something happened: it is none."""
    out = []
    for u in units(sent):
        if light_only(u) or any(s <= u.key.idx < e for s, e in cues):
            continue
        probs = event_model.model().scores(all_features(u))
        out.append(Candidate(u, probs, classify(u, probs)))
    return out


def evidence_spans(doc: Doc) -> list[tuple[int, int]]:
    """The character spans of the text's evidence cues (not its hedges: "the alleged attack" is an event)."""
    return [(s, e) for s, e, kind, _ in text_cues(doc) if kind == "evidence"]


def cameo_for(u: Unit, root: str) -> str | None:
    """The most specific CAMEO code the dictionary gives the unit that agrees with ``root``."""
    known = [c for c in codes(u) if lexicon.plover_for(c) is not None]
    return next((c for c in known if (p := lexicon.plover_for(c)) is not None and p.root == root), None)


def classify(u: Unit, probs: NDArray[np.float64] | None = None) -> tuple[str, str | None] | None:
    """PLOVER root and CAMEO code of a candidate by the rules over the classifier, or None when it is not an
    event."""
    if light_only(u):
        return None
    known = [c for c in codes(u) if lexicon.plover_for(c) is not None]
    model = event_model.model()
    dist = model.scores(all_features(u)) if probs is None else probs
    k = int(dist.argmax())
    root, prob = model.labels[k], float(dist[k])
    roots = {p.root for c in known if (p := lexicon.plover_for(c)) is not None}
    agrees = root in roots or (root == "YIELD" and bool(roots & {"CONCEDE", "RETREAT"}))
    needed = CONFIDENT_PAIR if u.source is not None and u.target is not None else CONFIDENT
    if (prob < needed and (u.comp or not agrees)) or (u.comp and root not in SPEECH_ACTS):
        return None
    if u.comp and root in FUTURE_ACTS and not _irrealis(u.comp):
        return None  # "said an attack happened" reports a fact; agreeing or demanding is about what will be
    if root == "YIELD":  # the training data merges CONCEDE and RETREAT; the CAMEO code tells them apart
        ordered = [p.root for c in known if (p := lexicon.plover_for(c)) is not None]
        root = next((r for r in ordered if r in {"CONCEDE", "RETREAT"}), "CONCEDE")
    return root, cameo_for(u, root)


def _irrealis(comp: list[Token]) -> bool:
    """A statement's complement about what will, would, must or may be ("says it will withdraw", "said Israel
    must end", "is ready to talk"), as opposed to a report of what is or was."""
    for tok in comp:
        if any(c.dep_ in {"aux", "auxpass"} and (c.tag_ == "MD" or c.lower_ in IRREALIS_AUX) for c in tok.children):
            return True
        if tok.lemma_.lower() in IRREALIS_WORDS or any(c.lemma_.lower() in IRREALIS_WORDS for c in tok.children):
            return True
    return False


# root, CAMEO code, event confidence, root confidence
Decision = tuple[str, str | None, float | None, float | None]


def decide(doc: Doc, cands: list[Candidate], drafts: list[Draft]) -> list[Decision | None]:
    """Root, CAMEO code and the head's two probabilities (that it is an event; that the root is this one) of
    each candidate the event head takes for an event (None for the others). Where two chosen candidates name
    overlapping words ("launched an attack" and "attack"), the surer one stands."""
    model = event_head.get_event_head()
    sure, roots = model.probabilities(doc, cands, drafts)
    out: list[Decision | None] = [None] * len(cands)
    for i in kept([trigger_span(c.unit) for c in cands], sure, model.threshold):
        best = int(roots[i].argmax())
        root = model.roots[best]
        out[i] = (root, cameo_for(cands[i].unit, root), round(float(sure[i]), 3), round(float(roots[i][best]), 3))
    return out


def kept(spans: Sequence[tuple[int, int]], sure: NDArray[np.floating[Any]], threshold: float) -> list[int]:
    """The candidates (by their trigger ``spans``) taken for events: those at least ``threshold`` sure, surest
    first, each unless its words overlap those of a surer one already taken (scripts/train_event_head.py
    scores its thresholds with this too)."""
    out: list[int] = []
    for i in sorted(range(len(spans)), key=lambda i: -sure[i]):
        if sure[i] < threshold:
            break
        if not any(spans[i][0] < spans[j][1] and spans[j][0] < spans[i][1] for j in out):
            out.append(i)
    return out


def find_events(doc: Doc, actors: ActorIndex, drafts: list[Draft], published: str | None,
                head: bool = True) -> list[EventDraft]:
    """The article's events. With ``head`` (the default) the learned event head (``event_head``) decides
    which candidates are events and of which root; without it, the rules (:func:`classify`) do."""
    ref = dt.date.fromisoformat(published) if published else None
    context = _PlaceContext(doc, actors)
    out: list[EventDraft] = []
    cues = evidence_spans(doc)
    cands = [c for sent in sentences_of(doc) for c in candidates(sent, cues)]
    decided = decide(doc, cands, drafts) if head else \
        [None if c.coded is None else (*c.coded, None, None) for c in cands]
    for cand, coded in zip(cands, decided, strict=True):
        if coded is None:
            continue
        u = cand.unit
        root, cameo, event_confidence, root_confidence = coded
        key = u.key
        source, target = _participants(doc, u, actors, drafts)
        via = _reported_through(key, drafts)
        modality = _modality(u, root, via)
        when = _time(doc, key, ref, modality in {"planned", "threatened"})
        if when is None and key is not u.head:
            when = _time(doc, u.head, ref, modality in {"planned", "threatened"})
        out.append(EventDraft(trigger_span(u), key.i, cameo, root, source, target, modality, via, when,
                              context.place_of(u, root), event_confidence, root_confidence))
    _propagate_times(doc, out, ref)
    return out


class _PlaceContext:
    """What place resolution needs from the article, computed on first use."""

    def __init__(self, doc: Doc, actors: ActorIndex) -> None:
        self.doc = doc
        self.actors = actors
        self._countries: frozenset[str] | None = None
        self._people: frozenset[str] | None = None

    def _span_of(self, tok: Token) -> Span:
        ent = next((e for e in ents_by_sentence(self.doc).get(tok.sent.start, []) if e.start <= tok.i < e.end),
                   None)
        if ent is not None:
            return ent
        left = tok.i
        while left > tok.sent.start and self.doc[left - 1].dep_ in {"compound", "det"} and \
                self.doc[left - 1].head.i == tok.i:
            left -= 1
        return self.doc[left:tok.i + 1]

    def _coded_place(self, span: Span) -> bool:
        """A one-word mention the parser took for a person, but the actor dictionary codes as a bare country
        (a city of that country: "shelled Kharkiv"); full personal names never qualify."""
        key = self.actors.key_at(span.root)
        if key is None or len(span) != 1:
            return False
        type_, country, sector = self.actors.info(key)
        return type_ == "PER" and country is not None and sector is None

    def resolve(self, tok: Token) -> PlaceRef | None:
        span = self._span_of(tok)
        known = span.label_ == "PERSON" and self._coded_place(span)
        if not (known or span.label_ in places.PLACE_LABELS or places.is_landmark(span.text)):
            return None
        if self._countries is None:
            self._countries = places.article_countries(self.doc)
            self._people = frozenset(w.lower() for a in self.actors.actors() if a.type == "PER" and
                                     not (len(a.name.split()) == 1 and a.country and not a.sector)
                                     for w in a.name.split())
        return places.resolve(span, self._countries, self._people or frozenset(), known_place=known)

    def place_of(self, u: Unit, root: str) -> PlaceRef | None:
        for tok in u.tokens:
            for prep in tok.children:
                if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS:
                    continue
                for obj in prep.children:
                    if obj.dep_ == "pobj" and (ref := self.resolve(obj)) is not None:
                        return ref
        if root in VIOLENT_ROOTS | {"MOBILIZE"} and u.target is not None and u.target.pos_ in {"PROPN", "NOUN"}:
            return self.resolve(u.target)
        return None


def _actor_of(doc: Doc, tok: Token, actors: ActorIndex, drafts: list[Draft]) -> str | None:
    if tok.lower_ in PERSONAL:
        if tok.i in quoted_tokens(doc):
            return None  # pronouns inside quotations speak from the quoted speaker's point of view
        said = next((d for d in drafts if d.speaker is not None and d.speaker.start == tok.i), None)
        if said is not None:
            return said.speaker_key
        done = [d for d in drafts if d.cue and d.cue[0] < tok.idx]
        return resolve_pronoun(doc, tok, [], done, actors)
    if tok.pos_ == "PRON":
        return None
    key = actors.key_at(tok)
    if key:
        return key
    return actors.participant(speaker_span(tok)) if tok.pos_ in {"NOUN", "PROPN"} else None


def _participants(doc: Doc, u: Unit, actors: ActorIndex, drafts: list[Draft]) -> tuple[str | None, str | None]:
    s = _actor_of(doc, u.source, actors, drafts) if u.source is not None else None
    t = _actor_of(doc, u.target, actors, drafts) if u.target is not None else None
    return s, (t if t != s else None)


def _reported_through(tok: Token, drafts: list[Draft]) -> Draft | None:
    pos = tok.idx
    inside = [d for d in drafts if d.reports(pos)]
    if inside:
        return min(inside, key=lambda d: (d.content[1] - d.content[0]) if d.content else 0)
    return next((d for d in drafts if d.cue_token == tok.i), None)


def _presupposed(tok: Token) -> bool:
    """A noun that is the object of a responsibility predicate: "responsible for a drone strike"."""
    node = tok
    for _ in range(4):
        head = node.head
        if head.i == node.i:
            return False
        if head.lemma_.lower() in PRESUPPOSING:
            return True
        if node.dep_ not in {"pobj", "prep", "dobj", "conj", "compound"}:
            return False
        node = head
    return False


def _modality(u: Unit, root: str, via: Draft | None) -> Modality:
    tok = u.head
    if any(c.dep_ == "neg" or (c.lower_ == "no" and c.dep_ == "det") for t in u.tokens for c in t.children) \
            and root not in {"REJECT"}:
        return "denied"
    if root == "THREATEN":
        return "threatened"
    aux = {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}}
    head = tok.head
    if _pretext_for(u.key):
        return "planned"  # "the accusations are a cover for massive attacks": attacks yet to come
    if aux & FUTURE_AUX or (len(u.chain) > 1 and tok.lemma_.lower() in PLAN_VERBS) or \
            (tok.dep_ == "xcomp" and head.lemma_.lower() in PLAN_VERBS):
        modal: Modality = "planned"
    elif aux & WEAK_MODALS or any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in tok.children):
        modal = "hypothetical"
    else:
        modal = "actual"
    if via is not None and via.cue_token not in {t.i for t in u.tokens}:
        if via.stance == "deny":
            return "denied"
        if via.stance == "threaten":
            return "threatened"
        if modal == "actual" and not (u.key.pos_ == "NOUN" and _presupposed(u.key)):
            return "alleged"
    return modal


def _pretext_for(tok: Token) -> bool:
    """An event named as what something is a pretext for ("a cover for attacks", "a pretext for an invasion")."""
    prep = tok.head
    return tok.dep_ == "pobj" and prep.lower_ == "for" and prep.head.lemma_.lower() in PRETEXT_NOUNS


def _time(doc: Doc, tok: Token, ref: dt.date | None, future: bool) -> TimeRef | None:
    """A DATE/TIME expression attached to the trigger (or, for a verb, to its clause)."""
    best: Span | None = None
    sent = tok.sent
    for ent in ents_by_sentence(tok.doc).get(sent.start, []):
        if ent.label_ not in TIME_ENTITIES:
            continue
        node = ent.root
        for _ in range(4):
            if node.i == tok.i:
                best = best or ent
                break
            if node.head.i == node.i or (node.head.pos_ == "VERB" and node.head.i != tok.i):
                break
            node = node.head
    if best is None:
        adverb = next((c for c in tok.children if c.lower_ in TIME_ADVERBS and c.dep_ in {"advmod", "npadvmod"}),
                      None)
        if adverb is None:
            return None
        best = doc[adverb.i:adverb.i + 1]
    value, precision = times.normalise(best.text, ref, future)
    if value is None and precision == "unknown" and ref is not None:
        return None
    return TimeRef(best.text, value, precision, best.start_char, best.end_char)


def _propagate_times(doc: Doc, events: list[EventDraft], ref: dt.date | None) -> None:
    """Attacks with no date take the date given for "the incident"/"the attack" elsewhere in the article.

    The article's first such date is looked for only when an event needs it, and only among its nouns (one
    numpy pass over the POS column): walking every Token of every article cost about 2% of extraction."""
    undated = [e for e in events if e.time is None and e.plover in VIOLENT_ROOTS and e.modality != "threatened"
               and doc[e.head].pos_ == "NOUN"]
    if not undated:
        return
    dated = _first_anaphoric_date(doc, ref)
    if dated is None:
        return
    for e in undated:
        e.time = dated


def _first_anaphoric_date(doc: Doc, ref: dt.date | None) -> TimeRef | None:
    """The first dated time attached to an anaphoric noun ("the incident", "the attack"), in text order."""
    for i in np.flatnonzero(doc.to_array(POS) == NOUN).tolist():
        tok = doc[i]
        if tok.lemma_.lower() not in ANAPHORIC_NOUNS:
            continue
        t = _time(doc, tok, ref, False)
        if t is not None and t.value is not None:
            return t
    return None
