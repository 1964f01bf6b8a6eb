"""Event candidates ("units") of a parsed sentence and the features the event classifier reads.

A unit is one predication that may be an event:

- a verb with its ``xcomp`` chain ("agreed to lift", "threatened to retaliate"): one unit, since the governing
  verb decides the category (AGREE, THREATEN) and the embedded one says what about;
- a support verb with its event noun ("launched an attack", "held talks", "made the accusation");
- an event noun on its own ("the drone strike on the Kremlin", "a visit to Finland");
- a statement whose complement makes it a speech act ("Russia says Israel must end the attacks": a demand by
  Russia of Israel): the speech verb with its complement's chain (``comp``), read as features only; the
  complement is a unit of its own too, and the statement is an event only when the classifier, confident,
  makes it a speech act (a demand, threat, accusation, rejection, promise, support, protest; a demand, threat
  or promise only when the complement is about what will or must be: "said an attack happened" is none).

Its participants are tokens: the source (subject, passive agent, possessor, national modifier) and the target
(object, passive subject, the object of "on", "against", "with", "to"...). Features are plain strings
(lemmas, dependency frames and the codes PETRARCH-2's CAMEO verb dictionary gives the verbs and their
objects, looked up by lemma and by written form: the dictionary writes "send troops", the parse "troop");
the same function serves training (``scripts/train_event_model.py``) and inference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Span, Token

from newsledger import resources
from newsledger.extract import lexicon

LIGHT_VERBS = resources.words("event_units.light_verbs")
TARGET_PREPS = resources.words("event_units.target_preps")
SUBJECT_DEPS = {"nsubj", "csubj"}
# what is issued, published or sent in someone's name ("issued a statement calling for ...")
DOCUMENT_NOUNS = resources.words("event_units.document_nouns")
MAX_CHAIN = 4
# verbs that report, state or say nothing of an act: a unit of them alone is never an event
NON_EVENT_VERBS = resources.words("event_units.non_event_verbs")


@dataclass
class Unit:
    """One event candidate: its tokens, the token that names it, and its participants."""

    head: Token  # the governing verb, or the event noun
    chain: list[Token] = field(default_factory=list)  # head and its xcomp verbs, in order
    noun: Token | None = None  # the event noun of a support verb, or of a nominal unit
    source: Token | None = None
    target: Token | None = None
    comp: list[Token] = field(default_factory=list)  # a speech verb's complement chain ("says X must end")
    # what :func:`codes` found (it reads the chain and the noun, which never change once the unit is made);
    # the rules, the event head's flags and the CAMEO code of a chosen event each ask for them
    found_codes: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def tokens(self) -> list[Token]:
        return [*self.chain, *([self.noun] if self.noun is not None else [])]

    @property
    def key(self) -> Token:
        """The token that names the event (the noun of "launched an attack", else the head)."""
        return self.noun if self.noun is not None else self.head


@cache
def cameo_verbs() -> tuple[dict[str, tuple[tuple[str, str], ...]], dict[tuple[str, str, str], tuple[str, ...]]]:
    """lemma -> ((block, cameo), ...); (block, object word, preposition) -> (cameo, ...)."""
    verbs: dict[str, list[tuple[str, str]]] = {}
    pats: dict[tuple[str, str, str], list[str]] = {}
    for r in resources.rows("cameo_verbs.tsv"):
        if r[0] == "verb":
            verbs.setdefault(r[1], []).append((r[2], r[3]))
        elif r[0] == "pat" and len(r) >= 5:
            pats.setdefault((r[1], r[2], r[3]), []).append(r[4])
    return ({k: tuple(v) for k, v in verbs.items()}, {k: tuple(v) for k, v in pats.items()})


@cache
def noun_roots() -> dict[str, tuple[str, ...]]:
    """Object word of the dictionary's patterns -> the PLOVER roots it mostly codes to ("bombardment" ->
    ASSAULT), whatever the verb: what an object says about the event when the verb says little."""
    tally: dict[str, dict[str, int]] = {}
    for (_, word, _), found in cameo_verbs()[1].items():
        for code in found:
            p = lexicon.plover_for(code)
            if p is not None:
                tally.setdefault(word, {})
                tally[word][p.root] = tally[word].get(p.root, 0) + 1
    out: dict[str, tuple[str, ...]] = {}
    for word, counts in tally.items():
        total = sum(counts.values())
        out[word] = tuple(r for r, n in counts.items() if n >= 0.3 * total)
    return out


def is_event_noun(tok: Token) -> bool:
    if tok.pos_ != "NOUN":
        return False
    cues = lexicon.event_cues()
    return (tok.lemma_.lower(), "NOUN") in cues or (tok.lower_, "NOUN") in cues


def _chain(verb: Token) -> list[Token]:
    out = [verb]
    node = verb
    while len(out) < MAX_CHAIN:
        nxt = next((c for c in node.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if nxt is None:
            break
        out.append(nxt)
        node = nxt
    return out


def _child(tok: Token, deps: set[str]) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _pobj(tok: Token, preps: frozenset[str]) -> Token | None:
    for c in tok.children:
        if c.dep_ in {"prep", "dative"} and c.lower_ in preps:
            obj = _child(c, {"pobj"})
            if obj is not None:
                return obj
        if c.dep_ == "dative" and c.pos_ in {"PROPN", "NOUN", "PRON"}:
            return c
    return None


def _verb_source(verb: Token) -> Token | None:
    node = verb
    for _ in range(3):
        subj = _child(node, SUBJECT_DEPS)
        if subj is not None:
            return subj
        agent = _child(node, {"agent"})
        if agent is not None and (obj := _child(agent, {"pobj"})) is not None:
            return obj
        if node.dep_ == "relcl" and node.head.pos_ in {"NOUN", "PROPN"}:
            return node.head
        if node.dep_ in {"conj", "xcomp", "advcl"} and node.head.pos_ in {"VERB", "AUX"} and node.head.i != node.i:
            node = node.head
            continue
        head = node.head
        if node.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp" and head.head.i != head.i:
            node = head.head  # "Syria is willing to withdraw": the subject of the copula
            continue
        if node.dep_ == "acl" and node.tag_ == "VBG" and head.lemma_.lower() in DOCUMENT_NOUNS \
                and head.dep_ == "dobj" and head.head.pos_ == "VERB":
            node = head.head  # "activists published a declaration demanding ...": the document's author
            continue
        break
    return None


def _noun_participants(noun: Token) -> tuple[Token | None, Token | None]:
    src: Token | None = None
    for c in noun.children:
        if c.dep_ == "poss" and src is None:
            src = c
        elif c.dep_ == "prep" and c.lower_ == "by":
            src = _child(c, {"pobj"}) or src
        elif c.dep_ in {"amod", "compound"} and c.ent_type_ in {"NORP", "GPE", "ORG"} and src is None:
            src = c
    tgt = _pobj(noun, TARGET_PREPS)
    if tgt is None:
        tgt = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        tgt = _child(tgt, {"pobj"}) if tgt is not None else None
    return src, tgt


def units(sent: Span) -> list[Unit]:
    """The event candidates of one sentence, in text order of their head."""
    out: list[Unit] = []
    used: set[int] = set()
    for tok in sent:
        if tok.pos_ != "VERB" or (tok.dep_ == "xcomp" and tok.head.pos_ == "VERB"):
            continue
        chain = _chain(tok)
        last = chain[-1]
        noun = None
        obj = _child(last, {"dobj"})
        if obj is not None and last.lemma_.lower() in LIGHT_VERBS and is_event_noun(obj):
            noun = obj
            used.add(obj.i)
        u = Unit(tok, chain, noun, _verb_source(tok))
        lemma = tok.lemma_.lower()
        neutral = (lemma, "VERB") in lexicon.speech_cues() and (lemma, "VERB") not in lexicon.event_cues()
        comp = _child(tok, {"ccomp"}) if neutral else None
        if comp is not None and comp.pos_ in {"VERB", "AUX"}:
            u.comp = _chain(comp)
            subj = _child(comp, SUBJECT_DEPS | {"nsubjpass"})
            if subj is not None and subj.pos_ in {"NOUN", "PROPN"}:
                u.target = subj
            else:
                u.target = _child(u.comp[-1], {"dobj"}) or _pobj(u.comp[-1], TARGET_PREPS)
        if noun is not None:
            nsrc, ntgt = _noun_participants(noun)
            u.source = u.source or nsrc
            u.target = ntgt
        if u.target is None:
            u.target = _child(last, {"dobj", "nsubjpass"}) or _pobj(last, TARGET_PREPS)
        if u.target is None and last is not tok:
            u.target = _child(tok, {"dobj", "nsubjpass"}) or _pobj(tok, TARGET_PREPS)
        if u.source is not None and u.target is not None and u.source.i == u.target.i:
            u.target = None
        out.append(u)
    for tok in sent:
        if tok.i in used or not is_event_noun(tok) or tok.dep_ == "compound":
            continue
        src, tgt = _noun_participants(tok)
        if src is None and tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "VERB":
            src = _verb_source(tok.head.head)  # "he said on a visit to Finland"
        out.append(Unit(tok, [tok], None, src, tgt))
    out.sort(key=lambda u: u.head.i)
    return out


def forms(tok: Token) -> tuple[str, ...]:
    """The lemma and the lower-case text of a word: the dictionary's patterns name objects as written
    ("send troops", "lift sanctions"), the parse gives lemmas ("troop")."""
    return tuple(dict.fromkeys((tok.lemma_.lower(), tok.lower_)))


def _roots_of(tok: Token) -> list[str]:
    """The PLOVER roots the dictionary's patterns give an object word (``noun_roots``), by either form."""
    return list(dict.fromkeys(r for f in forms(tok) for r in noun_roots().get(f, ())))


def _codes(lemma: str, objs: tuple[str, ...], prep_objs: list[tuple[str, str]]) -> list[str]:
    """Codes of a verb lemma: its own, then its patterns with the object (``objs``: its forms) and with
    (preposition, object form) pairs."""
    verbs, pats = cameo_verbs()
    out: list[str] = []
    for block, code in verbs.get(lemma, ()):
        if code != "-":
            out.append(code)
        for obj in objs:
            out.extend(pats.get((block, obj, ""), ()))
        for prep, pobj in prep_objs:
            out.extend(pats.get((block, pobj, prep), ()))
    return list(dict.fromkeys(out))


def _prep_forms(tok: Token) -> list[tuple[str, str]]:
    """(preposition, form of its object) for each prepositional object of a word."""
    return [(c.lower_, f) for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"
            for f in forms(p)]


def codes(u: Unit) -> list[str]:
    """CAMEO codes the verb dictionary and the event lexicon give the unit, most specific first: patterns of
    the event noun and of the chain's verbs with their objects, then the verbs' own codes. Computed once per
    unit (callers only read the list)."""
    if u.found_codes is None:
        u.found_codes = _unit_codes(u)
    return u.found_codes


def _unit_codes(u: Unit) -> list[str]:
    out: list[str] = []
    toks = [*([u.noun] if u.noun is not None else []), *reversed(u.chain)]
    for tok in toks:
        lemma = tok.lemma_.lower()
        prt = _child(tok, {"prt"})
        if prt is not None:
            lemma = f"{lemma} {prt.lower_}"
        obj = _child(tok, {"dobj"})
        found = _codes(lemma, forms(obj) if obj is not None else (), _prep_forms(tok))
        verb_codes = {code for _, code in cameo_verbs()[0].get(lemma, ())}
        out.extend(c for c in found if c not in verb_codes)
        cue = lexicon.event_cues().get((lemma, "NOUN" if tok.pos_ == "NOUN" else "VERB"))
        if cue:
            out.append(cue)
        out.extend(c for c in found if c in verb_codes)
    return list(dict.fromkeys(out))


def _code_features(prefix: str, codes: list[str]) -> list[str]:
    feats = []
    for code in dict.fromkeys(codes):
        feats.append(f"{prefix}2:{code[:2]}")
        p = lexicon.plover_for(code)
        if p is not None:
            feats.append(f"{prefix}r:{p.root}")
    return feats


SLOTS = ("eh", "el", "eo")  # the words whose vectors the classifier was trained on (see event_model)


def slot_words(u: Unit) -> dict[str, str]:
    """The unit's head verb, the last verb of its chain (or of a statement's complement), its object or noun."""
    out = {"eh": u.head.lemma_.lower()}
    last = (u.comp or u.chain)[-1]
    if last is not u.head:
        out["el"] = last.lemma_.lower()
    obj = u.noun if u.noun is not None else u.head if u.head.pos_ == "NOUN" else _child(last, {"dobj"})
    if obj is not None and obj is not u.head:
        out["eo"] = obj.lemma_.lower()
    return out


def all_features(u: Unit) -> list[str]:
    """The features and the embedding-slot words of a unit: what the classifier reads."""
    return [*features(u), *(f"{slot}:{word}" for slot, word in slot_words(u).items())]


def features(u: Unit) -> list[str]:
    """The classifier's features of a unit (strings; the model weighs each present feature)."""
    feats: list[str] = []
    head = u.head
    for k, tok in enumerate([*u.chain, *u.comp]):
        lemma = tok.lemma_.lower()
        tag = ("nh" if tok.pos_ == "NOUN" else "h") if k == 0 else "x" if k < len(u.chain) else "c"
        for aux in tok.children:
            if aux.dep_ == "aux" and aux.tag_ == "MD":
                feats.append(f"md:{tag}|{aux.lower_}")
        prt = _child(tok, {"prt"})
        feats.append(f"{tag}:{lemma}")
        if prt is not None:
            lemma = f"{lemma} {prt.lower_}"
            feats.append(f"{tag}:{lemma}")
        if k > 0:
            feats.append(f"h{tag}:{head.lemma_.lower()}|{lemma}")
        obj = _child(tok, {"dobj"})
        olem = obj.lemma_.lower() if obj is not None else None
        if obj is not None:
            feats.append(f"{tag}o:{lemma}|{olem}")
            feats.append(f"o:{olem}")
            feats.extend(f"or:{r}" for r in _roots_of(obj))
        preps = [(c.lower_, p.lemma_.lower()) for c in tok.children if c.dep_ == "prep"
                 for p in c.children if p.dep_ == "pobj"]
        for prep, pobj in preps:
            feats.append(f"{tag}p:{lemma}|{prep}")
            feats.append(f"pp:{prep}|{pobj}")
        feats.extend(_code_features("d" + tag, _codes(lemma, forms(obj) if obj is not None else (),
                                                      _prep_forms(tok))))
        if any(c.dep_ == "neg" for c in tok.children):
            feats.append(f"neg:{tag}")
        if any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children):
            feats.append(f"pass:{tag}")
    feats.append(f"tag:{head.tag_}")
    if head.pos_ == "NOUN":  # the clause an event noun sits in: "will lead a delegation on a visit"
        gov = next((a for a in head.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        if gov is not None:
            feats.append(f"gov:{gov.lemma_.lower()}")
            feats.append(f"govtag:{gov.tag_}")
            feats.extend(f"md:g|{c.lower_}" for c in gov.children if c.dep_ == "aux" and c.tag_ == "MD")
    if u.noun is not None or head.pos_ == "NOUN":
        noun = u.noun if u.noun is not None else head
        nlem = noun.lemma_.lower()
        feats.append(f"n:{nlem}")
        feats.extend(f"nr:{r}" for r in _roots_of(noun))
        if u.noun is not None:
            feats.append(f"lv:{head.lemma_.lower()}|{nlem}")
        for c in noun.children:
            if c.dep_ == "prep":
                feats.append(f"np:{nlem}|{c.lower_}")
            elif c.dep_ in {"compound", "amod"}:
                feats.append(f"nm:{c.lemma_.lower()}")
        cue = lexicon.event_cues().get((nlem, "NOUN"))
        feats.extend(_code_features("dn", [cue] if cue else []))
        feats.extend(_code_features("dn", _codes(nlem, (), [])))
    else:
        cue = lexicon.event_cues().get((head.lemma_.lower(), "VERB"))
        feats.extend(_code_features("dl", [cue] if cue else []))
    feats.append(f"src:{'y' if u.source is not None else 'n'}|tgt:{'y' if u.target is not None else 'n'}")
    if u.target is not None:
        feats.append(f"t:{u.target.lemma_.lower()}")
    skip = {t.i for p in (u.source, u.target) if p is not None for t in p.subtree}
    for tok in (u.comp or u.chain)[-1].subtree:
        if tok.pos_ in {"NOUN", "VERB"} and tok.i not in skip and not tok.is_stop:
            feats.append(f"s:{tok.lemma_.lower()}")
    return feats


def trigger_span(u: Unit) -> tuple[int, int]:
    """The character span that names the unit's event ("launched an attack", "drone strike", "shot down")."""
    if u.noun is not None and u.noun.i - u.head.i <= 4:
        return u.head.idx, u.noun.idx + len(u.noun)
    tok = u.key
    if tok.pos_ == "NOUN":
        left = tok
        for ch in sorted(tok.children, key=lambda c: -c.i):
            if ch.i == left.i - 1 and ch.dep_ in {"compound", "amod"} and ch.pos_ in {"NOUN", "ADJ"}:
                left = ch
        return left.idx, tok.idx + len(tok)
    last = u.chain[-1] if u.chain[-1].i - u.head.i <= 4 else u.head
    prt = next((c for c in last.children if c.dep_ == "prt" and c.i == last.i + 1), None)
    right = prt if prt is not None else last
    return u.head.idx, right.idx + len(right)
