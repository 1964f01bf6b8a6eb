"""Claims across articles: the same proposition stated in several places, and opposite stances on it.

Every statement (attribution) with a content of at least ``MIN_WORDS`` words is a candidate. Inside a story,
contents are compared lexically (cosine of their idf-weighted stem profiles, ``text.term_weights``) and merged
by average-link agglomeration while the mean cosine between two groups is ``>= CLAIM_THRESHOLD``; a group is a
claim. Lexical, not embeddings: on the ECB+ proxy of ``eval/claims.py`` (sentences of two articles that
mention the same event vs the same story's other sentences) the stem cosine has twice the average precision
of the static MiniLM embeddings (0.138 vs 0.068), and mixing them gains nothing that counts. Its corroboration is the
number of distinct outlets (article ``source``, or the article itself when the source is unknown), of
independent sources (``newsledger.link.independence``: copies and relayed reports count once) and of distinct
speakers stating it.

Contradictions:

- ``stance``: two statements of one claim by different speakers where one denies (stance ``deny``, or a
  negated content: "not", "never", "no") and the other does not;
- ``responsibility``: in one incident, a speaker's side accuses a party and the party's side denies.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsledger.ids import record_id
from newsledger.link.cluster import average_link
from newsledger.link.independence import article_origin, relays
from newsledger.link.lru import LRU
from newsledger.link.responsibility import ResponsibilityClaim
from newsledger.link.text import cosine_matrix, term_weights
from newsledger.records import Attribution, Ledger

MIN_WORDS = 4
CLAIM_THRESHOLD = 0.45
NEGATION = re.compile(r"\b(?:not|never|no|n't|nobody|nothing|neither|nor)\b|n[’']t\b", re.IGNORECASE)
LEADING = re.compile(r"^\s*(?:that|whether|if)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Statement:
    attribution: Attribution
    article_id: str
    outlet: str
    speaker: str | None  # the speaker's actor code or name (None: unknown)
    origin: str = ""  # where the statement's reporting comes from (``independence``): its independent source

    @property
    def negative(self) -> bool:
        content = self.attribution.content
        return self.attribution.stance == "deny" or bool(content and NEGATION.search(content.text))


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    label: str
    statements: tuple[tuple[Statement, float], ...]

    @property
    def outlets(self) -> int:
        return len({s.outlet for s, _ in self.statements})


@dataclass(frozen=True, slots=True)
class Contradiction:
    id: str
    kind: str
    a: str  # attribution ids
    b: str
    a_article: str
    b_article: str
    score: float
    note: str
    claim_id: str | None = None
    incident_id: str | None = None


def statements(ledgers: Sequence[Ledger], origins: Mapping[str, str] | None = None) -> list[Statement]:
    """The candidate statements of ``ledgers``; ``origins`` maps an article to the origin of its own reporting
    (default: ``independence.article_origin``), and a statement that relays an outlet comes from that outlet."""
    out = []
    for lg in ledgers:
        origin = origins[lg.article.id] if origins is not None else article_origin(lg)
        for att in lg.attributions:
            if att.content is None or len(att.content.text.split()) < MIN_WORDS:
                continue
            actor = lg.actor(att.speaker.actor_id) if att.speaker else None
            speaker = (actor.code or actor.name) if actor else None
            out.append(Statement(att, lg.article.id, lg.article.source or lg.article.id, speaker,
                                 relays(att) or origin))
    return sorted(out, key=lambda s: s.attribution.id)


def proposition(att: Attribution) -> str:
    """The content as a proposition: without a leading complementiser."""
    return LEADING.sub("", att.content.text if att.content else "")


PROFILE_CACHE = 65536  # propositions whose profiles are kept (a story's claims are recomputed as it grows)
_profiles: LRU[dict[str, float]] = LRU(PROFILE_CACHE)


def _profile(text: str) -> dict[str, float]:
    """A proposition's profile (kept: a story's claims are recomputed each time it gains an article)."""
    found = _profiles.get(text)
    if found is None:
        found = term_weights(text)
        _profiles.put(text, found)
    return found


def proposition_profiles(ledger: Ledger) -> tuple[tuple[str, dict[str, float]], ...]:
    """The profile of each candidate statement's proposition in ``ledger``: what clustering its claims needs of
    the article alone (computed with its other link features, ``features.features_of``)."""
    texts = dict.fromkeys(proposition(s.attribution) for s in statements([ledger], {ledger.article.id: ""}))
    return tuple((t, term_weights(t)) for t in texts)


def remember_profiles(profiles: Iterable[tuple[str, dict[str, float]]]) -> None:
    """Keep propositions' profiles computed elsewhere (``proposition_profiles``, in the worker processes)."""
    for text, profile in profiles:
        _profiles.put(text, profile)


def cluster_claims(stmts: Sequence[Statement], threshold: float = CLAIM_THRESHOLD,
                   twins: Mapping[str, str] | None = None) -> list[Claim]:
    """Statements of one proposition, by average-link clustering of their profiles. ``twins`` maps a copy's
    statement to the same statement of its copy group's first article (``copies.twins``, by attribution id):
    only the originals are clustered, and each twin joins its original's claim."""
    if twins:
        claims = cluster_claims([s for s in stmts if s.attribution.id not in twins], threshold)
        by_original: dict[str, list[Statement]] = {}
        for s in stmts:
            if s.attribution.id in twins:
                by_original.setdefault(twins[s.attribution.id], []).append(s)
        return [Claim(c.id, c.label, tuple(sorted(c.statements + tuple(
            (t, sim) for s, sim in c.statements for t in by_original.get(s.attribution.id, ())),
            key=lambda m: m[0].attribution.id))) for c in claims]
    if not stmts:
        return []
    sim = cosine_matrix([_profile(proposition(s.attribution)) for s in stmts])
    np.fill_diagonal(sim, 1.0)  # an empty proposition is still one claim of its own
    out = []
    for cluster in average_link(sim, threshold):
        k = len(cluster)
        if k == 1:
            only = stmts[cluster[0]]
            out.append(Claim(record_id("claim", only.attribution.id), proposition(only.attribution), ((only, 1.0),)))
            continue
        sub = sim[np.ix_(cluster, cluster)]
        member = (sub.sum(axis=1) - 1.0) / (k - 1)
        medoid = cluster[int(np.argmax(member))]
        members = tuple((stmts[i], round(float(c), 4)) for i, c in zip(cluster, member, strict=True))
        out.append(Claim(record_id("claim", stmts[cluster[0]].attribution.id),
                         proposition(stmts[medoid].attribution), members))
    return out


def stance_contradictions(claims: Sequence[Claim], copied: Collection[str] = ()) -> list[Contradiction]:
    """Statements of one claim that take opposite positions, by different speakers; ``copied`` statements (a
    copy's, whose original is in the claim: ``copies.twins``) add no contradiction of their own."""
    out = []
    for claim in claims:
        members = [s for s, _ in claim.statements if s.attribution.id not in copied]
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a.negative == b.negative or (a.speaker is not None and a.speaker == b.speaker):
                    continue
                pos, neg = (a, b) if b.negative else (b, a)
                note = f"{pos.speaker or 'someone'} states it; {neg.speaker or 'someone'} denies it"
                out.append(Contradiction(record_id("contradiction", "stance", pos.attribution.id, neg.attribution.id),
                                         "stance", pos.attribution.id, neg.attribution.id, pos.article_id,
                                         neg.article_id, 1.0, note, claim_id=claim.id))
    return out


def responsibility_contradictions(claims: Sequence[ResponsibilityClaim],
                                  copied: Collection[str] = ()) -> list[Contradiction]:
    """An accusation of a party and that party's own denial, in the same incident (first of each pair);
    ``copied`` statements (``copies.twins``) add none of their own."""
    out: dict[tuple[str, str, str], Contradiction] = {}
    ordered = sorted((c for c in claims if c.attribution_id not in copied),
                     key=lambda c: (c.incident_id, c.attribution_id))
    for acc in ordered:
        if acc.position != "accuse":
            continue
        for den in ordered:
            if den.position != "deny" or den.incident_id != acc.incident_id or den.actor_country is None:
                continue
            if den.actor_country in acc.parties and den.actor_country != acc.actor_country:
                key = (acc.incident_id, acc.actor_country or acc.actor or "?", den.actor_country)
                if key in out:
                    continue
                note = f"{acc.actor_country or acc.actor or 'someone'} blames {den.actor_country}; " \
                       f"{den.actor_country} denies"
                out[key] = Contradiction(record_id("contradiction", "responsibility", acc.attribution_id,
                                                   den.attribution_id), "responsibility", acc.attribution_id,
                                         den.attribution_id, acc.article_id, den.article_id, 1.0, note,
                                         incident_id=acc.incident_id)
    return list(out.values())
