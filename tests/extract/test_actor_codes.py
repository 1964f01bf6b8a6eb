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
    lg = newsledger.analyze("Kyiv rejects the charge\n\nThe ministry in Moscow accused Ukrainian forces of "
                            "shelling the dam on Tuesday.", published="2024-06-05")
    codes = _speaker_codes(lg)
    assert codes.get("Kyiv", "").startswith("UKR")
