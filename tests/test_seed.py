"""The main job on the seed article: specific records of its hand annotation (kremlin-drone.gold.json)."""

from __future__ import annotations

from typing import Any

import pytest

from newsledger.records import Attribution, Ledger
from tests.spans import slices

pytestmark = pytest.mark.model


def at_cue(lg: Ledger, start: int) -> Attribution:
    found = [a for a in lg.attributions if a.cue and a.cue.start <= start < a.cue.end]
    assert found, f"no attribution with a cue at {start}"
    return found[0]


def actor_code(lg: Ledger, a: Attribution) -> str | None:
    actor = lg.actor(a.speaker.actor_id) if a.speaker else None
    return actor.code if actor else None


def gold_att(gold: dict[str, Any], cue_text: str, nth: int = 0) -> dict[str, Any]:
    return [a for a in gold["attributions"] if a["cue"]["text"] == cue_text][nth]


def test_zelensky_denies(seed_ledger: Ledger, seed_gold: dict[str, Any]) -> None:
    g = gold_att(seed_gold, "has refuted")
    a = at_cue(seed_ledger, g["cue"]["span"][0])
    assert a.stance == "deny"
    assert actor_code(seed_ledger, a) == "UKRGOV"
    assert a.content is not None and "launched a drone strike on the Kremlin" in a.content.text


def test_peskov_accuses_without_proof(seed_ledger: Ledger, seed_gold: dict[str, Any]) -> None:
    g = gold_att(seed_gold, "saying")
    a = at_cue(seed_ledger, g["cue"]["span"][0])
    assert a.speaker is not None and "Dmitry Peskov" in a.speaker.text
    assert actor_code(seed_ledger, a) == "RUSGOV"
    assert (a.stance, a.evidence) == ("accuse", "unsupported")
    assert any(c.text == "did not offer proof" for c in a.evidence_cues)


def test_the_he_on_a_visit_to_finland_is_zelensky(seed_ledger: Ledger, seed_gold: dict[str, Any]) -> None:
    g = gold_att(seed_gold, "said", 1)
    assert g["speaker_actor"] == "UKRGOV"
    a = at_cue(seed_ledger, g["cue"]["span"][0])
    actor = seed_ledger.actor(a.speaker.actor_id) if a.speaker else None
    assert actor is not None and actor.name == "Volodymyr Zelensky"


def test_threat_of_retaliation(seed_ledger: Ledger) -> None:
    threats = [a for a in seed_ledger.attributions if a.stance == "threaten"]
    assert any(a.content and "retaliate" in a.content.text for a in threats)
    assert any(e.plover == "THREATEN" and e.modality == "threatened" for e in seed_ledger.events)


def test_unconfirmed_video_is_an_evidence_cue(seed_ledger: Ledger) -> None:
    assert any(c.text == "unconfirmed" and a.evidence == "unverified"
               for a in seed_ledger.attributions for c in a.evidence_cues)


def test_drone_strike_happened_on_wednesday(seed_ledger: Ledger, seed_gold: dict[str, Any]) -> None:
    g = seed_gold["events"][0]
    ev = next(e for e in seed_ledger.events if e.trigger.start <= g["trigger"]["span"][0] < e.trigger.end)
    assert ev.plover == "ASSAULT" and ev.cameo == "195"
    assert ev.modality == "actual"
    assert ev.time is not None and ev.time.value == "2023-05-03" and ev.time.precision == "day"
    target = seed_ledger.actor(ev.target_actor_id)
    assert target is not None and target.code == "RUSGOV"


def test_every_span_is_its_slice(seed_ledger: Ledger, seed_text: str) -> None:
    for a in seed_ledger.attributions:
        for part in (a.speaker, a.cue, a.content, *a.evidence_cues, *a.hedges):
            if part is not None:
                assert slices(seed_text, part) == part.text
    for e in seed_ledger.events:
        assert seed_text[e.trigger.start:e.trigger.end] == e.trigger.text
        if e.time:
            assert seed_text[e.time.start:e.time.end] == e.time.text
    for ac in seed_ledger.actors:
        for s, e in ac.mentions:
            assert 0 <= s < e <= len(seed_text)
