"""Speaker resolution: from the words that name a speaker ("He", "the spokesman", "which") to an actor.

Named and descriptive speakers resolve through the :class:`ActorIndex`. Pronouns are resolved by salience,
not by the nearest antecedent alone: candidates are earlier speakers and the actors mentioned in the
sentences before (outside quotations) that agree with the pronoun (he/she -> a person; it -> an organisation
or country; they -> either) and with what is said (a first-person-plural quotation that speaks of the
candidate's own country in the third person, "We don't criticize Moscow or Putin", is not the candidate's).
A linear score learned from annotated news ranks them by role (speaker, subject, mention), recency and
prominence (:data:`PRONOUN_FEATURES`; scripts/train_pronoun_resolver.py).
A relative pronoun ("Ukraine, which said ...") speaks for its antecedent, unless the antecedent is the agent
of a hostile act the statement condemns ("targeted by Ukraine, which called it a terrorist act"): then the
statement is the sentence's earlier source's.
Unnamed sources with a role but no country ("officials") take the country of the statement before them in
their paragraph, or else the article's most frequent speaking country.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc, Span, Token

from newsledger import resources
from newsledger.extract import lexicon
from newsledger.extract.actors import ActorIndex
from newsledger.extract.attributions import Draft, speaker_span
from newsledger.nlp.doc_cache import quoted_tokens, sentence_index, sentences_of, text_of

PERSONAL = resources.word_map("speakers.personal")
RELATIVE = resources.words("speakers.relative")
FIRST_PLURAL_RE = re.compile(r"\b(?:we|our|us|ours)\b", re.IGNORECASE)
# Resolving a personal pronoun (``resolve_pronoun``): the candidates are the speakers of the statements whose cue
# lies at most WINDOW_CHARS before the pronoun, and the actors named in its sentence or the BACK_SENTENCES before
# it (outside quotations). Each candidate has the features below; a linear score learned from annotated news
# (scripts/train_pronoun_resolver.py, eval/annotations/pronoun_referents.tsv) ranks them.
WINDOW_CHARS = 2500
BACK_SENTENCES = 3
PRONOUN_FEATURES = (
    "speaker",  # the speaker of a statement just before
    "speaker_near",  # 1 - (characters from that statement's cue) / WINDOW_CHARS
    "last_speaker",  # the speaker of the statement nearest before
    "subject_here", "subject_prev", "subject_back",  # the subject of a clause: the pronoun's sentence, the one
    "mention_here", "mention_prev", "mention_back",  # before, 2-3 before; named otherwise (the same places)
    "mentions",  # log(1 + times named before the pronoun)
    "most_mentioned",  # named before the pronoun more often than any other candidate
    "paragraph_speaker",  # the speaker of a statement whose cue is in the pronoun's paragraph
    "lead",  # named in the article's first sentence (whom the story is about)
)
FEATURE_INDEX = {name: j for j, name in enumerate(PRONOUN_FEATURES)}


def said_by(drafts: list[Draft]) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Everything said by each speaker mention (its character span): the contents of its statements."""
    said: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for d in drafts:
        if d.speaker is not None and d.content is not None:
            said.setdefault((d.speaker.start_char, d.speaker.end_char), []).append(d.content)
    return said


def resolution_order(drafts: list[Draft]) -> list[Draft]:
    """The order in which speakers are resolved: by cue (a statement's own speaker resolves after those before)."""
    return sorted(drafts, key=lambda d: d.cue[0] if d.cue else d.span()[0])


def resolve_speakers(doc: Doc, drafts: list[Draft], actors: ActorIndex) -> None:
    """Set ``speaker_key`` on every draft whose speaker can be resolved."""
    said = said_by(drafts)
    resolved: dict[tuple[int, int], str | None] = {}
    done: list[Draft] = []
    for d in resolution_order(drafts):
        sp = d.speaker
        if sp is not None:
            if d.speaker_override is not None:
                src = next((o for o in done if o.speaker is not None and
                            (o.speaker.start_char, o.speaker.end_char) == d.speaker_override), None)
                d.speaker_key = src.speaker_key if src else actors.resolve(sp)
            elif len(sp) == 1 and sp[0].lower_ in RELATIVE:
                own = _relative(sp[0], actors)
                if own is not None and _condemns_own_act(doc, sp[0], d):
                    own = None  # "targeted by Ukraine, which called it a terrorist act": not Ukraine's words
                d.speaker_key = own or _same_sentence_speaker(d, done)
            elif len(sp) == 1 and sp[0].lower_ in PERSONAL:
                where = (sp.start_char, sp.end_char)
                if where not in resolved:
                    resolved[where] = resolve_pronoun(doc, sp[0], said.get(where, []), done, actors)
                d.speaker_key = resolved[where]
                if d.speaker_key:
                    actors.add_mention(d.speaker_key, sp)
            else:
                d.speaker_key = actors.resolve(sp)
        done.append(d)
    _countries_from_context(doc, done, actors)


def _countries_from_context(doc: Doc, drafts: list[Draft], actors: ActorIndex) -> None:
    """Unnamed sources with a role but no country ("officials", "the ministry") speak for the country of the
    statement just before them in their paragraph, or else of the article's most frequent speaking country."""
    countries = [actors.info(d.speaker_key)[1] for d in drafts if d.speaker_key]
    common = Counter(c for c in countries if c).most_common(1)
    text = text_of(doc)
    for k, d in enumerate(drafts):
        if not d.speaker_key or not d.speaker_key.startswith("DESC:") or actors.info(d.speaker_key)[1]:
            continue
        country = None
        for prev in reversed(drafts[:k]):
            if prev.cue and d.cue and "\n" in text[prev.cue[0]:d.cue[0]]:
                break
            if prev.speaker_key and actors.info(prev.speaker_key)[1]:
                country = actors.info(prev.speaker_key)[1]
                break
        country = country or (common[0][0] if common else None)
        if country:
            actors.assume_country(d.speaker_key, country)


def _same_sentence_speaker(d: Draft, done: list[Draft]) -> str | None:
    """"According to officials, ..., who also claimed ...": the statement's source earlier in the sentence."""
    prev = [o for o in done if o.sent == d.sent and o.speaker_key]
    return prev[-1].speaker_key if prev else None


def _relative(pron: Token, actors: ActorIndex) -> str | None:
    verb = pron.head
    antecedent = verb.head if verb.dep_ == "relcl" else None
    if antecedent is None:
        return None
    return actors.resolve(speaker_span(antecedent))


def _condemns_own_act(doc: Doc, pron: Token, d: Draft) -> bool:
    """The relative pronoun's antecedent is the agent of a hostile act ("targeted by Ukraine, which ...") and
    the statement condemns an act ("called it a terrorist act"): nobody says so of their own act, so the words
    are the sentence's earlier source's."""
    antecedent = pron.head.head if pron.head.dep_ == "relcl" else None
    if antecedent is None or antecedent.dep_ != "pobj" or antecedent.head.dep_ != "agent":
        return False
    act = antecedent.head.head
    if not lexicon.hostile(act.lemma_.lower(), act.pos_) or d.content is None:
        return False
    content = text_of(doc)[d.content[0]:d.content[1]]
    return any(stance == "accuse" and pattern.search(content) for pattern, stance in lexicon.stance_patterns())


def resolve_pronoun(doc: Doc, pron: Token, said: list[tuple[int, int]], done: list[Draft],
                    actors: ActorIndex) -> str | None:
    """The actor a personal pronoun most likely refers to, or None: the candidate with the highest learned score
    (:func:`pronoun_candidates`, weights in ``pronoun_resolver.json``), if it beats the score of no referent."""
    cands = pronoun_candidates(doc, pron, said, done, actors)
    if not cands:
        return None
    weights, none = resolver_weights()
    scores = {k: float(f @ weights) for k, f in cands.items()}
    best = max(scores, key=lambda k: (scores[k], k))
    return best if scores[best] > none else None


@cache
def resolver_weights() -> tuple[NDArray[np.float64], float]:
    """The pronoun resolver's weights, one per :data:`PRONOUN_FEATURES`, and the score of no referent
    (``pronoun_resolver.json``, written by scripts/train_pronoun_resolver.py)."""
    meta = json.loads(resources.path("pronoun_resolver.json").read_text(encoding="utf-8"))
    if tuple(meta["features"]) != PRONOUN_FEATURES:
        raise ValueError("pronoun_resolver.json was trained on other features; retrain it")
    return np.asarray(meta["weights"], dtype=np.float64), float(meta["none"])


def pronoun_candidates(doc: Doc, pron: Token, said: list[tuple[int, int]], done: list[Draft],
                       actors: ActorIndex) -> dict[str, NDArray[np.float64]]:
    """The actors a personal pronoun may refer to, each with its :data:`PRONOUN_FEATURES`: the speakers of
    statements whose cue lies at most WINDOW_CHARS before it, and the actors named in its sentence or the
    BACK_SENTENCES before it (outside quotations), that agree with it (he/she -> a person; it -> not a person)
    and with what is said: a first-person-plural statement that names a candidate's country ("We don't criticize
    Moscow") is not that candidate's."""
    want = PERSONAL.get(pron.lower_)
    if want is None:
        return {}

    def fits(key: str) -> bool:
        type_, _, _ = actors.info(key)
        if want == "PER":
            return type_ == "PER"
        if want == "NONPER":
            return type_ != "PER"
        return True

    feats: dict[str, NDArray[np.float64]] = {}

    def put(key: str, name: str, value: float = 1.0) -> None:
        f = feats.setdefault(key, np.zeros(len(PRONOUN_FEATURES)))
        j = FEATURE_INDEX[name]
        f[j] = max(f[j], value)

    pos = pron.idx
    text = text_of(doc)
    para = text.rfind("\n", 0, pos) + 1
    before = [d for d in done if d.speaker_key and d.cue and 0 <= pos - d.cue[0] <= WINDOW_CHARS]
    for d in before:
        assert d.speaker_key is not None and d.cue is not None
        if fits(d.speaker_key):
            put(d.speaker_key, "speaker")
            put(d.speaker_key, "speaker_near", 1.0 - (pos - d.cue[0]) / WINDOW_CHARS)
            if d.cue[0] >= para:
                put(d.speaker_key, "paragraph_speaker")
    if before:
        last = max(before, key=lambda d: d.cue[0] if d.cue else 0)
        if last.speaker_key and fits(last.speaker_key):
            put(last.speaker_key, "last_speaker")
    sents = sentences_of(doc)
    inside_quotes = quoted_tokens(doc)
    k = sentence_index(doc, pron.i)
    for back in range(0, BACK_SENTENCES + 1):
        if k - back < 0:
            break
        where = "here" if back == 0 else "prev" if back == 1 else "back"
        for tok in sents[k - back]:
            if tok.i >= pron.i or tok.i in inside_quotes:
                continue
            key = actors.key_at(tok)
            if key is None or not fits(key) or (tok.ent_iob_ not in {"B", "O"} and tok.dep_ == "compound"):
                continue
            put(key, ("subject_" if tok.dep_ in {"nsubj", "nsubjpass"} else "mention_") + where)
    if not feats:
        return feats
    counts: Counter[str] = Counter()
    for tok in doc[:pron.i]:
        key = actors.key_at(tok)
        if key in feats and (tok.i == 0 or actors.key_at(doc[tok.i - 1]) != key):
            counts[key] += 1
    for key, n in counts.items():
        put(key, "mentions", float(np.log1p(n)))
    leaders = [key for key, n in counts.items() if n == max(counts.values())] if counts else []
    if len(leaders) == 1:
        put(leaders[0], "most_mentioned")
    if sents and sents[0].end <= pron.i:
        for tok in sents[0]:
            key = actors.key_at(tok)
            if key in feats:
                put(key, "lead")
    if said and any(FIRST_PLURAL_RE.search(text[s:e]) for s, e in said):
        third: set[str] = set()
        for span in said:
            third |= _countries_mentioned(doc, span, actors)
        for key in list(feats):  # a "we" that names its own country in the third person is not the candidate
            _, country, _ = actors.info(key)
            if country and country in third:
                del feats[key]
    return feats


def _countries_mentioned(doc: Doc, span: tuple[int, int], actors: ActorIndex) -> set[str]:
    sub: Span | None = doc.char_span(span[0], span[1], alignment_mode="expand")
    out: set[str] = set()
    if sub is None:
        return out
    for tok in sub:
        key = actors.key_at(tok)
        if key:
            _, country, _ = actors.info(key)
            if country:
                out.add(country)
    return out
