"""Actor codes through the real model: institutions named without their country, and names the entity
recogniser misses (headlines), still code to their country and sector."""

from __future__ import annotations

import pytest

import newsledger
from newsledger.records import Ledger

pytestmark = pytest.mark.model


def _speaker_codes(lg: Ledger) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for att in lg.attributions:
        if att.speaker is not None:
            actor = lg.actor(att.speaker.actor_id) if att.speaker.actor_id else None
            out[att.speaker.text] = actor.code if actor else None
    return out


def test_institution_without_its_country_is_coded() -> None:
    lg = newsledger.analyze("Moscow blamed the floods on sabotage. A State Department spokesman said the claim "
                            "was absurd, and Downing Street said it had seen no evidence of sabotage.")
    codes = _speaker_codes(lg)
    assert codes["A State Department spokesman"] == "USAGOV"   # not the country of the statement before it
    assert codes["Downing Street"] == "GBRGOV"


def test_headline_speaker_missed_by_the_entity_recogniser_is_coded() -> None:
    lg = newsledger.analyze("Kyiv says it did not shell the dam\n\nThe ministry in Moscow accused Ukrainian forces "
                            "of shelling the dam on Tuesday.", published="2024-06-05")
    codes = _speaker_codes(lg)
    assert codes.get("Kyiv", "").startswith("UKR")


def test_a_country_is_named_by_its_name_not_its_adjective() -> None:
    lg = newsledger.analyze("Norwegian officials met on Friday. Norway agreed to send engineers to the port, a "
                            "Norwegian diplomat said.")
    (norway,) = [a for a in lg.actors if a.code == "NOR"]
    assert norway.name == "Norway"


def _source_of(lg: Ledger, trigger: str) -> str | None:
    ev = next(e for e in lg.events if trigger in e.trigger.text)
    actor = lg.actor(ev.source_actor_id) if ev.source_actor_id else None
    return actor.name if actor else None


def test_event_sources_through_adjectives_and_documents() -> None:
    lg = newsledger.analyze("Peru said it is prepared to withdraw its ambassador from Bolivia.")
    assert _source_of(lg, "withdraw") == "Peru"                      # it -> Peru, subject of "is prepared"
    lg = newsledger.analyze("Farmers' unions issued a statement demanding an end to the grain import quotas.")
    assert _source_of(lg, "demanding") is not None and "unions" in (_source_of(lg, "demanding") or "")


def test_a_role_phrase_takes_its_country_from_the_context() -> None:
    lg = newsledger.analyze("The Kremlin said on Monday that the pipeline had been sabotaged. The presidential "
                            "office warned that it would answer any further attack.")
    assert _speaker_codes(lg)["The presidential office"] == "RUSGOV"
