"""Contested responsibility: for each incident, who blames whom, who denies, who doubts, from which statement.

A statement (attribution) is about an incident when

1. an event of the incident sits inside its content or is reported through it (not its own cue); or
2. it accuses or denies, or doubts someone's claims (a claim noun such as "claims" with a doubt cue such as
   "cautiously", ``resources/link/*.txt``), without an event of its own: it is then about the article's most
   contested incident (the one most statements of kind 1 accuse or deny about; ties, or none contested: the
   one with most of the article's events).

Its *position* is ``accuse`` (stance accuse), ``deny`` (stance deny) or ``doubt``; other statements are not
responsibility claims. The *parties*:

- accuse: the actors named in the content, by country (``USA``, ``UKR``), except the speaker's own country,
  the targets of the incident's events and names right after "not" ("made in Washington and not in Kyiv");
- deny: the speaker's own country (one denies one's own side's part), else the actors named;
- doubt: the actors named in the content (whose claims are doubted).

Evidence is the statement's evidence status; spans give speaker, cue, content and evidence cues.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsledger import resources
from newsledger.records import Actor, Attribution, Ledger, TextSpan

NEGATED_BEFORE = re.compile(r"\b(?:not|never|nor)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class ResponsibilityClaim:
    """One statement's position on who is responsible for one incident."""

    incident_id: str
    attribution_id: str
    article_id: str
    actor: str | None
    actor_code: str | None
    actor_country: str | None
    position: str
    parties: tuple[str, ...]
    stance: str
    evidence: str
    spans: dict[str, object]


def party(actor: Actor) -> str:
    """An actor as a responsible party: its country code, else its code, else its name."""
    return actor.country or actor.code or actor.name


def _position(att: Attribution, text: str) -> str | None:
    if att.stance in ("accuse", "deny"):
        return att.stance
    if att.content is None:
        return None
    words = set(WORD.findall(att.content.text.lower()))
    if att.cue is not None:
        words |= set(WORD.findall(att.cue.text.lower()))
    words |= {w for h in att.hedges for w in WORD.findall(h.text.lower())}
    if words & resources.word_file("link/doubt_cues.txt") and words & resources.word_file("link/claim_nouns.txt"):
        return "doubt"
    return None


def _named(ledger: Ledger, span: TextSpan) -> list[Actor]:
    """Actors with a mention inside ``span`` that is not right after a negation; not the uncoded noun phrases
    that events keep as participants ("decisions about such attacks"): no one is blamed by them."""
    out = []
    for actor in ledger.actors:
        if actor.type == "OTHER" and not actor.code:
            continue
        for s, e in actor.mentions:
            if span.start <= s and e <= span.end and not NEGATED_BEFORE.search(ledger.text[span.start:s]):
                out.append(actor)
                break
    return out


def _spans(att: Attribution) -> dict[str, object]:
    def one(sp: TextSpan | None) -> list[int] | None:
        return [sp.start, sp.end] if sp is not None else None

    return {"speaker": [att.speaker.start, att.speaker.end] if att.speaker else None, "cue": one(att.cue),
            "content": one(att.content), "evidence_cues": [[c.start, c.end] for c in att.evidence_cues]}


def article_claims(ledger: Ledger, incident_of: Mapping[str, str]) -> list[ResponsibilityClaim]:
    """The responsibility claims of one article; ``incident_of`` maps its event ids to incident ids."""
    direct: dict[str, list[str]] = {}
    linked = [(incident_of[ev.id], ev.trigger.start, ev.trigger.end, ev.attribution_id) for ev in ledger.events
              if ev.id in incident_of]
    for att in ledger.attributions:
        if att.content is None:
            continue
        pieces = att.content.pieces()
        cue = (att.cue.start, att.cue.end) if att.cue is not None else (0, 0)  # an empty cue overlaps nothing
        found = {incident for incident, start, end, owner in linked
                 if not (start < cue[1] and cue[0] < end)  # the event is the statement's own cue
                 and (owner == att.id or any(s <= start and end <= e for s, e in pieces))}
        direct[att.id] = sorted(found)
    contested: Counter[str] = Counter()
    for att in ledger.attributions:
        if att.stance in ("accuse", "deny"):
            contested.update(direct.get(att.id, []))
    events_in: Counter[str] = Counter(incident_of[ev.id] for ev in ledger.events if ev.id in incident_of)
    ranked = contested or events_in
    fallback = max(ranked, key=lambda i: (contested[i], events_in[i], i)) if ranked else None
    out = []
    for att in ledger.attributions:
        position = _position(att, ledger.text)
        if position is None or att.content is None:
            continue
        targets = direct.get(att.id) or ([fallback] if fallback else [])
        speaker = ledger.actor(att.speaker.actor_id) if att.speaker else None
        own = speaker.country if speaker else None
        for incident in targets:
            victims = {ev.target_actor_id for ev in ledger.events
                       if incident_of.get(ev.id) == incident and ev.target_actor_id}
            named = _named(ledger, att.content)
            if position == "deny" and own:
                parties = [own]
            elif position == "accuse":
                parties = [party(a) for a in named if a.id not in victims and (own is None or a.country != own)]
            else:
                parties = [party(a) for a in named if own is None or a.country != own]
            if position == "accuse" and not parties:
                continue  # an accusation that names no one blames no one
            out.append(ResponsibilityClaim(
                incident, att.id, ledger.article.id, speaker.name if speaker else None,
                speaker.code if speaker else None, own, position, tuple(sorted(set(parties))), att.stance,
                att.evidence, _spans(att)))
    return out


def block_claims(ledgers: Sequence[Ledger], incident_of: Mapping[str, str]) -> list[ResponsibilityClaim]:
    return [c for lg in ledgers for c in article_claims(lg, incident_of)]
