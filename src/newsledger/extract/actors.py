"""Actors: the people, organisations and countries of an article, clustered and coded.

An :class:`ActorIndex` is built from a parsed ``Doc``: named entities (PERSON, ORG, GPE, NORP) are
clustered within the article (a surname joins the full name met earlier; places and organisations that code
to the same country or institution are one actor: "the United States", "US" and "Washington" are USA), then
coded with the PETRARCH-2 dictionaries valid at the publication date. People missing from the dictionaries
are coded from their descriptions ("Kremlin spokesman Dmitry Peskov" -> RUS GOV, "Volodymyr Zelensky, the
president of Ukraine" -> UKR GOV). Descriptive noun phrases ("the office of the Russian president") become
actors when they are needed as speakers or participants (:meth:`ActorIndex.resolve`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsledger import resources
from newsledger.extract import lexicon
from newsledger.ids import record_id
from newsledger.records import Actor, ActorType

ENTITY_TYPES: dict[str, ActorType] = {"PERSON": "PER", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP"}
DESCRIPTOR_DEPS = {"compound", "amod", "appos", "nmod", "poss", "prep", "pobj", "npadvmod", "det"}
PERSON_NOUNS = resources.words("actors.person_nouns")
TIME_ENTITIES = frozenset({"DATE", "TIME"})  # entity types that name when, never who


@dataclass
class _Cluster:
    key: str
    type: ActorType
    names: Counter[str] = field(default_factory=Counter)
    entity_names: Counter[str] = field(default_factory=Counter)
    mentions: set[tuple[int, int]] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)  # names that were NORP entities ("Jordanian")
    country: str | None = None
    sector: str | None = None
    first: int = 0

    @property
    def code(self) -> str | None:
        if self.country and self.sector:
            return self.country + self.sector
        return self.country or self.sector

    @property
    def name(self) -> str:
        names = self.entity_names or self.names
        # a country is named by its name, not its adjective ("Jordan", not "Jordanian"), however often each occurs
        return max(names, key=lambda n: (len(n.split()) if self.type == "PER" else 0, n not in self.demonyms,
                                         names[n], len(n), n))


def split_code(code: str | None) -> tuple[str | None, str | None]:
    """``RUSGOV`` -> ("RUS", "GOV"); ``IGOUNO`` -> (None, "IGO"); ``USA`` -> ("USA", None)."""
    if not code:
        return None, None
    head = code[:3]
    if head in lexicon.country_codes():
        return head, (code[3:6] or None)
    return None, head


def clean_name(span: Span) -> str:
    """The mention's text without a leading article or a trailing possessive."""
    toks = list(span)
    while toks and (toks[0].lower_ in {"the", "a", "an"} or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].tag_ == "POS" or toks[-1].is_punct or toks[-1].lower_ in {"'s", "’s"}):
        toks = toks[:-1]
    if not toks:
        return span.text
    return span.doc[toks[0].i: toks[-1].i + 1].text


def _titled(ent: Span) -> bool:
    """A name after a personal title ("Mr Cable", "Dr. Allsop"), or with a person's role in apposition ("Vince
    Cable, the party's Treasury spokesman"): a person, whatever its entity label."""
    titles = lexicon.person_titles()
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if len(ent) <= 4 and any(t is not None and t.lower_.rstrip(".") in titles for t in (ent[0], before)):
        return True
    return ent.label_ == "ORG" and any(ch.dep_ == "appos" and ch.lemma_.lower() in PERSON_NOUNS and ch.i >= ent.end
                                       for ch in ent.root.children)


class ActorIndex:
    """The article's actors, and which tokens mention which actor."""

    def __init__(self, doc: Doc, article_id: str, published: str | None) -> None:
        self.doc = doc
        self.article_id = article_id
        self.date = published
        self._clusters: dict[str, _Cluster] = {}
        self._token_key: dict[int, str] = {}
        self._surnames: dict[str, str] = {}
        self._ent_at: dict[int, Span] = {t: e for e in doc.ents for t in range(e.start, e.end)}
        self._build()

    # -- building -------------------------------------------------------------------------------------
    def _build(self) -> None:
        ents = [e for e in self.doc.ents if e.label_ in ENTITY_TYPES]
        person = [e.label_ == "PERSON" or _titled(e) for e in ents]
        people = [e for e, p in zip(ents, person, strict=True) if p]
        for ent in sorted(people, key=lambda e: (-len(clean_name(e).split()), e.start)):
            self._add_person(ent)
        for ent, p in zip(ents, person, strict=True):
            if not p:
                self._add_named(ent)

    def _cluster(self, key: str, type_: ActorType, first: int) -> _Cluster:
        c = self._clusters.get(key)
        if c is None:
            c = self._clusters[key] = _Cluster(key, type_, first=first)
        c.first = min(c.first, first)
        return c

    def _attach(self, c: _Cluster, span: Span, name: str, entity: bool) -> None:
        c.mentions.add((span.start_char, span.end_char))
        c.names[name] += 1
        if entity:
            c.entity_names[name] += 1
        for t in span:
            self._token_key.setdefault(t.i, c.key)

    def _add_person(self, ent: Span) -> None:
        name = clean_name(ent)
        words = name.split()
        if len(words) > 1 and words[0].lower().rstrip(".") in lexicon.person_titles():
            words = words[1:]  # "Mr Cable" is the Cable named before ("Vince Cable")
        key = None
        if len(words) == 1:
            key = self._surnames.get(words[0].lower())
        if key is None:
            key = "PER:" + " ".join(words).lower()
            if len(words) > 1:
                self._surnames.setdefault(words[-1].lower(), key)
                self._surnames.setdefault(words[0].lower(), key)
        c = self._cluster(key, "PER", ent.start_char)
        self._attach(c, ent, name, entity=True)
        if c.country is None or c.sector is None:
            code = lexicon.lookup_code(name, self.date)
            country, sector = split_code(code) if code else self._describe(ent)
            c.country = c.country or country
            c.sector = c.sector or sector

    def _add_named(self, ent: Span) -> None:
        name = clean_name(ent)
        code = self._code_of_name(name, ent)
        type_ = ENTITY_TYPES[ent.label_]
        if code:  # a nationality coded to its country is the country ("Ukrainian" -> UKR)
            c = self._code_cluster(code, ent, None if type_ == "NORP" else type_)
        else:
            country, sector = self._describe(ent)
            c = self._cluster(f"{type_}:{name.lower()}", type_, ent.start_char)
            c.country, c.sector = c.country or country, c.sector or sector
        self._attach(c, ent, name, entity=True)
        if ent.label_ == "NORP":
            c.demonyms.add(name)

    def _code_cluster(self, code: str, span: Span, type_: ActorType | None = None) -> _Cluster:
        """The article's one actor of a dictionary code; ``type_`` defaults to what the code says (a country
        alone is a GPE, anything with a sector an ORG)."""
        country, sector = split_code(code)
        c = self._cluster("CODE:" + code, type_ or ("GPE" if country and not sector else "ORG"), span.start_char)
        c.country, c.sector = c.country or country, c.sector or sector
        return c

    def _code_of_name(self, name: str, span: Span | None = None) -> str | None:
        code = lexicon.lookup_code(name, self.date)
        if code is None and span is not None and len(span) and span[-1].lemma_ != span[-1].text:
            code = lexicon.lookup_code(" ".join([*name.split()[:-1], span[-1].lemma_]), self.date)
        return code

    def _describe(self, span: Span) -> tuple[str | None, str | None]:
        """Country and sector of a mention from the words around it (titles, appositions, "of X")."""
        country: str | None = None
        sector: str | None = None
        inside = set(range(span.start, span.end))
        for tok in self._descriptors(span):
            if tok.i in inside:
                continue
            c, s = self._code_token(tok)
            country, sector = country or c, sector or s
        if sector is None:  # institutions named inside an ORG ("Ukrainian Defence Ministry")
            for tok in span:
                c, s = self._code_token(tok, allow_entity=False)
                country, sector = country or c, sector or s
        if country is None:  # a nationality inside the name ("the Armenian defence ministry")
            for tok in span:
                if tok.i != span.root.i and tok.pos_ in {"ADJ", "PROPN"} and tok.text[:1].isupper():
                    code = self._code_of_name(tok.text)
                    if code in lexicon.country_codes():  # a bare country code, no sector
                        country = code
                        break
        return country, sector

    def _descriptors(self, span: Span) -> list[Token]:
        """Tokens that describe the mention: its modifiers, appositions and their ``of`` phrases."""
        head = span.root
        out: list[Token] = []
        todo = [head]
        seen = {head.i}
        while todo:
            t = todo.pop()
            for ch in t.children:
                if ch.i in seen or ch.dep_ not in DESCRIPTOR_DEPS or ch.dep_ == "relcl":
                    continue
                if ch.dep_ == "prep" and ch.lower_ not in {"of", "for"}:
                    continue
                seen.add(ch.i)
                out.append(ch)
                if len(seen) < 24:
                    todo.append(ch)
        return out

    def _code_token(self, tok: Token, allow_entity: bool = True) -> tuple[str | None, str | None]:
        if allow_entity and tok.ent_type_ in {"GPE", "NORP", "ORG"}:
            ent = self._ent_at.get(tok.i)
            if ent is not None:
                code = self._code_of_name(clean_name(ent), ent)
                if code:
                    return split_code(code)
        sector = lexicon.agents().get(tok.lemma_.upper()) or lexicon.agents().get(tok.text.upper())
        if tok.dep_ == "compound" and tok.head.i != tok.i:
            pair = f"{tok.lemma_} {tok.head.lemma_}".upper()
            sector = lexicon.agents().get(pair) or sector
        return None, sector

    # -- resolving phrases ----------------------------------------------------------------------------
    def key_at(self, token: Token) -> str | None:
        return self._token_key.get(token.i)

    def resolve(self, span: Span) -> str | None:
        """The actor a noun phrase refers to (creating a descriptive actor if needed); its key."""
        head = span.root
        key = self._token_key.get(head.i)
        if key is not None:
            return key
        for t in span:  # "the spokesman, Dmitry Peskov": a named person in apposition
            k = self._token_key.get(t.i)
            if k and self._clusters[k].type == "PER" and t.dep_ in {"appos", "compound"}:
                return k
        if head.pos_ == "PRON":
            return None
        name = clean_name(span)
        if head.pos_ == "PROPN" or name[:1].isupper():
            code = self._code_of_name(name, span)
            if code:  # a name the dictionaries know that the entity recogniser missed ("Kyiv rejects the charge")
                c = self._code_cluster(code, span)
                self._attach(c, span, name, entity=False)
                return c.key
        country, sector = self._describe(span)
        sector = sector or self._code_token(head, allow_entity=False)[1]
        if sector is None:  # a role phrase the agent dictionary holds whole ("the presidential office")
            words = [t.lemma_ if t.i == head.i else t.text for t in span if t.dep_ not in {"det", "poss", "punct"}]
            sector = lexicon.agents().get(" ".join(words).upper())
        for t in span:
            if t.ent_type_ in {"GPE", "NORP", "ORG"} and country is None:
                k = self._token_key.get(t.i)
                if k:
                    country = self._clusters[k].country
        if country is None and sector is None:
            return None
        type_: ActorType = "PER" if head.lemma_.lower() in PERSON_NOUNS and head.tag_ in {"NN", "NNP"} \
            else "ORG"
        code = (country or "") + (sector or "")
        key = f"CODE:{code}" if country and sector and type_ == "ORG" else f"DESC:{code}:{name.lower()}"
        c2 = self._cluster(key, type_, span.start_char)
        c2.country, c2.sector = c2.country or country, c2.sector or sector
        self._attach(c2, span, name, entity=False)
        return key

    def add_mention(self, key: str, span: Span) -> None:
        """Record a further mention (a pronoun resolved to the actor)."""
        self._clusters[key].mentions.add((span.start_char, span.end_char))

    def assume_country(self, key: str, country: str) -> None:
        """Give a descriptive actor with no country of its own ("officials") the country its context implies."""
        c = self._clusters[key]
        if key.startswith("DESC:") and c.country is None:
            c.country = country

    def info(self, key: str) -> tuple[ActorType, str | None, str | None]:
        c = self._clusters[key]
        return c.type, c.country, c.sector

    def actor_id(self, key: str | None) -> str | None:
        return None if key is None else record_id("actor", self.article_id, key)

    def actors(self) -> tuple[Actor, ...]:
        out = []
        for c in sorted(self._clusters.values(), key=lambda c: (c.first, c.key)):
            out.append(Actor(self.actor_id(c.key) or "", c.name, c.type, c.country, c.sector, c.code,
                             tuple(sorted(c.mentions))))
        return tuple(out)

    def participant(self, span: Span) -> str | None:
        """The actor of an event participant: like :meth:`resolve`, but a noun phrase that codes to nothing
        ("the protesters", "a local charity") still becomes an actor, uncoded (type OTHER, no country or
        sector): unknown stays unknown, and the participant is not lost. A date or a time ("a drone strike
        Wednesday", parsed as its object) is never a party: None."""
        if span.root.ent_type_ in TIME_ENTITIES:
            return None
        key = self.resolve(span)
        if key is not None or span.root.pos_ not in {"NOUN", "PROPN"}:
            return key
        name = clean_name(span)
        key = "NP:" + name.lower()
        c = self._cluster(key, "OTHER", span.start_char)
        self._attach(c, span, name, entity=False)
        return key
