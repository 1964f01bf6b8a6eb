"""Events: who did what to whom, when, with what modality, and through which statement it is reported.

Triggers are verbs and nouns of the event lexicon (``event_cues.tsv``: lemma -> CAMEO code; PLOVER from
``cameo_plover.tsv``). The source is the verb's subject (or a noun's possessor / ``by`` agent / national
modifier), the target its object (or the ``on``/``against`` object). Modality:

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
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsledger.extract import lexicon, times
from newsledger.extract._doc import ents_by_sentence, quoted_tokens
from newsledger.extract.actors import ActorIndex
from newsledger.extract.attributions import Draft, speaker_span
from newsledger.extract.speakers import PERSONAL, resolve_pronoun
from newsledger.records import Modality, TimeRef

PRESUPPOSING = {"responsible", "behind", "blame", "involved", "responsibility", "guilty", "credit"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
WEAK_MODALS = {"could", "might", "may", "would"}
PLAN_VERBS = {"plan", "intend", "prepare", "aim", "expect", "schedule", "want", "seek", "hope", "propose"}
ANAPHORIC_NOUNS = {"incident", "attack", "strike", "explosion", "blast", "assault", "raid"}
VIOLENT_ROOTS = {"ASSAULT", "COERCE"}
TARGET_PREPS = {"on", "against", "at", "with", "to", "into"}
LIGHT_VERBS = {"make", "launch", "carry", "conduct", "stage", "level", "mount", "hold", "pay", "open", "begin",
               "start", "order", "issue", "lodge", "file", "announce"}


@dataclass
class EventDraft:
    trigger: tuple[int, int]
    head: int  # token index of the trigger's head word
    cameo: str
    plover: str
    source_key: str | None
    target_key: str | None
    modality: Modality
    draft: Draft | None
    time: TimeRef | None


def find_events(doc: Doc, actors: ActorIndex, drafts: list[Draft], published: str | None) -> list[EventDraft]:
    ref = dt.date.fromisoformat(published) if published else None
    cues = lexicon.event_cues()
    out: list[EventDraft] = []
    for tok in doc:
        if tok.pos_ not in {"VERB", "NOUN"}:
            continue
        pos = "VERB" if tok.pos_ == "VERB" else "NOUN"
        prt = next((c for c in tok.children if c.dep_ == "prt"), None)
        cameo = None
        if prt is not None:
            cameo = cues.get((f"{tok.lemma_.lower()} {prt.lower_}", pos))
        cameo = cameo or cues.get((tok.lemma_.lower(), pos)) or cues.get((tok.lower_, pos))
        if cameo is None or (pos == "NOUN" and tok.dep_ == "compound"):
            continue
        plover = lexicon.plover_for(cameo)
        if plover is None:
            continue
        trigger = _trigger_span(tok, prt)
        source, target = _participants(doc, tok, actors, drafts)
        via = _reported_through(tok, drafts)
        modality = _modality(tok, plover.root, via)
        when = _time(doc, tok, ref, modality in {"planned", "threatened"})
        out.append(EventDraft(trigger, tok.i, cameo, plover.root, source, target, modality, via, when))
    _propagate_times(doc, out, ref)
    return out


def _light_verb(tok: Token) -> Token | None:
    """The support verb of a noun trigger: "made the accusation", "launched an attack"."""
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in LIGHT_VERBS:
        return tok.head
    return None


def _trigger_span(tok: Token, prt: Token | None) -> tuple[int, int]:
    light = _light_verb(tok)
    if light is not None and tok.i - light.i <= 4:
        return light.idx, tok.idx + len(tok)
    left = tok
    if tok.pos_ == "NOUN":
        for ch in sorted(tok.children, key=lambda c: -c.i):
            if ch.i == left.i - 1 and ch.dep_ in {"compound", "amod"} and ch.pos_ in {"NOUN", "ADJ"}:
                left = ch
    right = prt if prt is not None and prt.i == tok.i + 1 else tok
    return left.idx, right.idx + len(right)


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
    return actors.resolve(speaker_span(tok)) if tok.pos_ in {"NOUN", "PROPN"} else None


def _participants(doc: Doc, tok: Token, actors: ActorIndex,
                  drafts: list[Draft]) -> tuple[str | None, str | None]:
    src: Token | None = None
    tgt: Token | None = None
    for ch in tok.children:
        if ch.dep_ in {"nsubj", "poss"} and src is None:
            src = ch
        elif ch.dep_ == "agent":
            src = next((g for g in ch.children if g.dep_ == "pobj"), src)
        elif ch.dep_ in {"dobj", "nsubjpass"} and tgt is None:
            tgt = ch
        elif ch.dep_ == "prep" and ch.lower_ == "by" and tok.pos_ == "NOUN":
            src = next((g for g in ch.children if g.dep_ == "pobj"), src)
        elif ch.dep_ == "prep" and ch.lower_ in TARGET_PREPS and tgt is None:
            tgt = next((g for g in ch.children if g.dep_ == "pobj"), None)
        elif ch.dep_ in {"amod", "compound"} and tok.pos_ == "NOUN" and src is None and \
                ch.ent_type_ in {"NORP", "GPE", "ORG"}:
            src = ch
    governor: Token | None = None
    if tok.pos_ == "VERB" and tok.dep_ in {"xcomp", "conj"} and tok.head.pos_ == "VERB":
        governor = tok.head  # "threatened to retaliate"
    elif _light_verb(tok) is not None:
        governor = tok.head  # "Peskov made the accusation"
    elif tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.dep_ == "prep" and \
            tok.head.head.pos_ == "VERB":
        governor = tok.head.head  # "he said on a visit to Finland"
    if src is None and governor is not None:
        src = next((c for c in governor.children if c.dep_ == "nsubj"), None)
    s = _actor_of(doc, src, actors, drafts) if src is not None else None
    t = _actor_of(doc, tgt, actors, drafts) if tgt is not None else None
    return s, (t if t != s else None)


def _reported_through(tok: Token, drafts: list[Draft]) -> Draft | None:
    pos = tok.idx
    inside = [d for d in drafts if d.content and d.content[0] <= pos < d.content[1]]
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


def _modality(tok: Token, root: str, via: Draft | None) -> Modality:
    if any(c.dep_ == "neg" for c in tok.children) or any(c.lower_ == "no" and c.dep_ == "det"
                                                           for c in tok.children):
        return "denied"
    if root == "THREATEN":
        return "threatened"
    aux = {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}}
    head = tok.head
    if aux & FUTURE_AUX or (tok.dep_ == "xcomp" and head.lemma_.lower() in PLAN_VERBS):
        modal: Modality = "planned"
    elif aux & WEAK_MODALS or any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in tok.children):
        modal = "hypothetical"
    else:
        modal = "actual"
    if via is not None and via.cue_token != tok.i:
        if via.stance == "deny":
            return "denied"
        if via.stance == "threaten":
            return "threatened"
        if modal == "actual" and not (tok.pos_ == "NOUN" and _presupposed(tok)):
            return "alleged"
    return modal


def _time(doc: Doc, tok: Token, ref: dt.date | None, future: bool) -> TimeRef | None:
    """A DATE/TIME expression attached to the trigger (or, for a verb, to its clause)."""
    best: Span | None = None
    sent = tok.sent
    for ent in ents_by_sentence(tok.doc).get(sent.start, []):
        if ent.label_ not in {"DATE", "TIME"}:
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
        return None
    value, precision = times.normalise(best.text, ref, future)
    if value is None and precision == "unknown" and ref is not None:
        return None
    return TimeRef(best.text, value, precision, best.start_char, best.end_char)


def _propagate_times(doc: Doc, events: list[EventDraft], ref: dt.date | None) -> None:
    """Attacks with no date take the date given for "the incident"/"the attack" elsewhere in the article."""
    dated: list[TimeRef] = []
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in ANAPHORIC_NOUNS:
            continue
        t = _time(doc, tok, ref, False)
        if t is not None and t.value is not None:
            dated.append(t)
    if not dated:
        return
    for e in events:
        if e.time is None and e.plover in VIOLENT_ROOTS and e.modality != "threatened" and \
                doc[e.head].pos_ == "NOUN":
            e.time = dated[0]
