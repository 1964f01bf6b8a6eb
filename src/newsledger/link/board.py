"""The rows one story (a group of articles of one block) contributes to the link tables: incidents and their
events, and, from the statements of its articles, responsibility claims, claims and contradictions."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from newsledger.link.claims import (
    Statement,
    cluster_claims,
    responsibility_contradictions,
    stance_contradictions,
    statements,
)
from newsledger.link.copies import twins
from newsledger.link.incidents import IncidentLink, cluster_incidents
from newsledger.link.independence import article_origin, event_origin
from newsledger.link.mentions import EventMention, LinkModel, generic_heads
from newsledger.link.responsibility import block_claims
from newsledger.link.tables import STORY_TABLES
from newsledger.link.text import TOKEN, head_word, stopwords
from newsledger.records import Actor, Event, Ledger

Rows = dict[str, list[dict[str, Any]]]


def _statement_key(st: Statement) -> tuple[str | None, ...]:
    att = st.attribution
    return (att.speaker.text if att.speaker else None, att.cue.text if att.cue else None,
            att.content.text if att.content else None)


def incident_label(events: Sequence[Event], mentions: Sequence[EventMention]) -> str:
    """The commonest trigger head of an incident (of those that name a happening on their own, when it has
    any: "attack" rather than "said"), with the most frequent full trigger for it."""
    named = [m for m in mentions if not m.generic]
    heads = Counter(m.head for m in named or mentions)
    head = max(heads, key=lambda h: (heads[h], h)) if heads else "event"
    triggers = Counter(m.trigger.lower() for m in mentions if m.head == head)
    return max(triggers, key=lambda t: (triggers[t], -len(t), t)) if triggers else head


# One happening happens in one place: an incident whose events are placed further apart than this (the rallies
# of a campaign month, in Nevada, Philadelphia and Florida) joins several happenings of a kind. Wide enough for
# a state's or province's centroid and a city in it; places named only as a country carry no coordinates.
MAX_HAPPENING_KM = 1000.0
EARTH_KM = 6371.0


def is_specific(label: str, participants: str | None, place: str | None, first_date: str | None,
                spread_km: float = 0.0) -> bool:
    """Whether an incident names a specific happening: its label is not a generic head alone ("pledged",
    "said": ``mentions.generic_heads``; "phone call" is not alone), it says who, where or when, and its events
    are not placed further apart than :data:`MAX_HAPPENING_KM` (``spread_km``: :func:`spread`)."""
    words = [w for w in TOKEN.findall(label.lower()) if w not in stopwords()]
    bare = len(words) <= 1 and head_word(label) in generic_heads()
    return not bare and bool(participants or place or first_date) and spread_km <= MAX_HAPPENING_KM


def spread(points: Sequence[tuple[float, float]]) -> float:
    """The greatest distance in km (great circle) between two of the (latitude, longitude) ``points``; 0 for
    fewer than two."""
    if len(points) < 2:
        return 0.0
    rad = np.radians(np.array(points, dtype=np.float64))
    lat, lon = rad[:, 0], rad[:, 1]
    h = (np.sin((lat[:, None] - lat[None, :]) / 2) ** 2
         + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin((lon[:, None] - lon[None, :]) / 2) ** 2)
    return float(2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))).max())


PARTICIPANTS = 3  # the actors an incident's name shows


def participants(events: Sequence[Event], actors: Mapping[str, Actor]) -> str | None:
    """Who the incident involves: the actors its events name most often as source or target (their codes,
    else names), at most :data:`PARTICIPANTS`, comma-separated; None when its events name none. Actors of no
    known type ("OTHER": often a phrase the parser took for one, "violence", "the strikes") are left out."""
    named: Counter[str] = Counter()
    for ev in events:
        for actor_id in {ev.source_actor_id, ev.target_actor_id} - {None}:
            actor = actors.get(actor_id or "")
            if actor is not None and (actor.code or actor.type != "OTHER"):
                named[actor.code or actor.name] += 1
    top = sorted(named, key=lambda a: (-named[a], a))[:PARTICIPANTS]
    return ", ".join(top) if top else None


def block_rows(block_id: str, ledgers: Sequence[Ledger], mentions: Sequence[EventMention],
               links: Sequence[IncidentLink], origins: Mapping[str, str] | None = None,
               roots: Mapping[str, str] | None = None) -> Rows:
    """The rows of one story; ``origins`` maps each article to the origin of its own reporting
    (``independence.article_origin``; by default as if no article were a copy), ``roots`` each copy to its
    copy group's first article (its statements are then clustered as that article's are)."""
    by_id = {m.id: m for m in mentions}
    events = {ev.id: ev for lg in ledgers for ev in lg.events}
    source = {lg.article.id: lg.article.source or lg.article.id for lg in ledgers}
    ledger_of = {lg.article.id: lg for lg in ledgers}
    actors = {a.id: a for lg in ledgers for a in lg.actors}
    origins = origins if origins is not None else {lg.article.id: article_origin(lg) for lg in ledgers}
    rows: Rows = {"incidents": [], "incident_events": []}
    for link in links:
        ms = [by_id[e] for e, _ in link.events]
        evs = [events[e] for e, _ in link.events if e in events]
        dates = sorted(m.date for m in ms if m.date)
        plovers = Counter(m.plover for m in ms if m.plover)
        places = Counter(ev.place.name for ev in evs if ev.place is not None and ev.place.name)
        parties = participants(evs, actors)
        label = incident_label(evs, ms)
        place = max(places, key=lambda p: (places[p], p)) if places else None
        articles = {m.article_id for m in ms}
        reported = {a: event_origin(ledger_of[a], [m.id for m in ms if m.article_id == a], origins[a])
                    for a in articles if a in ledger_of}
        rows["incidents"].append({
            "id": link.id, "block_id": block_id, "label": label,
            "plover": max(plovers, key=lambda p: (plovers[p], p)) if plovers else None,
            "first_date": dates[0] if dates else None, "last_date": dates[-1] if dates else None,
            "place": place, "participants": parties,
            "specific": is_specific(label, parties, place, dates[0] if dates else None, spread(
                [(ev.place.lat, ev.place.lon) for ev in evs if ev.place is not None and ev.place.lat is not None
                 and ev.place.lon is not None])),
            "n_events": len(ms), "n_articles": len(articles), "n_outlets": len({source[a] for a in articles}),
            "n_reports": len(articles), "n_independent": len(set(reported.values())), "confidence": link.confidence})
        for eid, conf in link.events:
            rows["incident_events"].append({"event_id": eid, "incident_id": link.id,
                                            "article_id": by_id[eid].article_id, "confidence": conf})
    for table, more in statement_rows(block_id, ledgers, links, origins, roots).items():
        rows[table] = more
    return rows


def lone_story_rows(ledger: Ledger, mentions: Sequence[EventMention], model: LinkModel | None = None) -> Rows:
    """The rows of a story of ``ledger``'s article alone, when that article is no copy of another: what linking
    writes for it, with an empty ``block_id`` (:func:`placed` puts the rows in their block and story). They depend
    on the article only, so they are computed where it is analysed (``features.features_of``); the writer then
    only stores them for the many articles that start a story of their own."""
    return block_rows("", [ledger], mentions, cluster_incidents(mentions, {}, model))


_NAME_THEIR_STORY = frozenset(table.name for table in STORY_TABLES)


def placed(rows: Rows, block_id: str, story_id: str) -> Rows:
    """``rows`` of one story, with its block and story ids set (in new rows where they name them)."""
    return {name: [{**row, "block_id": block_id, "story_id": story_id} for row in table_rows]
            if name in _NAME_THEIR_STORY else table_rows for name, table_rows in rows.items()}


def statement_rows(block_id: str, ledgers: Sequence[Ledger], links: Sequence[IncidentLink],
                   origins: Mapping[str, str], roots: Mapping[str, str] | None = None) -> Rows:
    """Responsibility claims, claims and contradictions of one story's articles."""
    incident_of = {eid: link.id for link in links for eid, _ in link.events}
    resp = block_claims(ledgers, incident_of)
    stmts = statements(ledgers, origins)
    by_article: dict[str, list[Statement]] = {}
    for st in stmts:
        by_article.setdefault(st.article_id, []).append(st)
    same = twins(by_article, roots or {}, key=_statement_key, ident=lambda st: st.attribution.id)
    claim_groups = cluster_claims(stmts, twins=same)
    contra = stance_contradictions(claim_groups, same.keys()) + responsibility_contradictions(resp, same.keys())
    rows: Rows = {"responsibility": [], "claims": [], "claim_statements": [], "contradictions": []}
    for c in resp:
        rows["responsibility"].append({
            "incident_id": c.incident_id, "attribution_id": c.attribution_id, "block_id": block_id,
            "article_id": c.article_id, "actor": c.actor, "actor_code": c.actor_code, "position": c.position,
            "parties": json.dumps(list(c.parties)), "stance": c.stance, "evidence": c.evidence,
            "spans": json.dumps(c.spans, sort_keys=True)})
    for claim in claim_groups:
        members = [s for s, _ in claim.statements]
        rows["claims"].append({
            "id": claim.id, "block_id": block_id, "label": claim.label, "n_statements": len(members),
            "n_articles": len({s.article_id for s in members}), "n_outlets": claim.outlets,
            "n_reports": len({s.article_id for s in members}), "n_independent": len({s.origin for s in members}),
            "n_speakers": len({s.speaker for s in members if s.speaker})})
        for s, sim in claim.statements:
            rows["claim_statements"].append({"attribution_id": s.attribution.id, "claim_id": claim.id,
                                             "article_id": s.article_id, "actor_code": s.speaker,
                                             "similarity": sim})
    seen = set()
    for x in contra:
        if x.id in seen:
            continue
        seen.add(x.id)
        rows["contradictions"].append({
            "id": x.id, "block_id": block_id, "kind": x.kind, "incident_id": x.incident_id, "claim_id": x.claim_id,
            "a_attribution_id": x.a, "b_attribution_id": x.b, "a_article_id": x.a_article,
            "b_article_id": x.b_article, "score": x.score, "note": x.note})
    return rows
