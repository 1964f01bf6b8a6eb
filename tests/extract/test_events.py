"""Events from raw text with the real model: bad input, unknown actors, places and times. The rules of
participants, modality, times and places are tested on the rules' events (``heads=False``), so that a test
names the event it reads whatever the event head keeps (tests/extract/test_event_head.py tests the head)."""

from __future__ import annotations

import random

import pytest

import newsledger
from newsledger.extract.ledger import build_ledger
from newsledger.ingest import Article
from newsledger.nlp import get_nlp
from newsledger.records import Ledger

pytestmark = pytest.mark.model


def rules(text: str, published: str | None = "2024-03-01") -> Ledger:
    return build_ledger(get_nlp()(text), Article(text, published=published), "test", heads=False)


def test_no_verb_gives_a_result_not_a_crash() -> None:
    for text in ["Chaos.", "Apples, pears, plums; and then more plums.", "!!! ??? ...", "12 34 56"]:
        lg = newsledger.analyze(text, published="2024-03-01")
        assert isinstance(lg, Ledger)


def test_a_500_word_sentence() -> None:
    rng = random.Random(3)
    words = ["the", "army", "attacked", "rebels", "near", "a", "village", "and", "officials", "said", "that",
             "talks", "with", "neighbours", "would", "resume", "after", "protests", "against", "sanctions"]
    text = " ".join(rng.choice(words) for _ in range(500)) + "."
    lg = newsledger.analyze(text, published="2024-03-01")
    assert all(0 <= e.trigger.start < e.trigger.end <= len(text) for e in lg.events)


def test_unknown_actors_stay_uncoded() -> None:
    text = "The Zorblaxian Directorate attacked the Qwerty League on Tuesday."
    lg = rules(text, "2024-03-01")
    ev = next(e for e in lg.events if e.trigger.text.startswith("attacked"))
    assert ev.plover == "ASSAULT"
    src = lg.actor(ev.source_actor_id)
    assert src is not None and "Directorate" in src.name and src.code is None
    assert ev.time is not None and ev.time.value == "2024-02-27"


def test_a_person_named_like_a_place_is_not_the_place() -> None:
    text = "Police arrested Paris Hilton outside a hotel on Monday."
    lg = newsledger.analyze(text, published="2024-03-01")
    assert all(e.place is None or e.place.name != "Paris" for e in lg.events)


def test_places_resolve_in_context() -> None:
    text = "Russian forces shelled Kharkiv overnight. The governor said two people were killed in the city."
    lg = rules(text, "2024-03-01")
    placed = [e.place for e in lg.events if e.place is not None and e.place.name == "Kharkiv"]
    assert placed and placed[0].country == "UA" and placed[0].lat is not None


def test_a_negated_event_is_denied_and_a_threat_threatened() -> None:
    text = "The government did not attack the protesters. The rebels threatened to bomb the airport."
    lg = rules(text, "2024-03-01")
    by_trigger = {e.trigger.text: e for e in lg.events}
    attack = next(e for t, e in by_trigger.items() if t.startswith("attack"))
    assert attack.modality == "denied"
    threat = next(e for t, e in by_trigger.items() if t.startswith("threatened"))
    assert (threat.plover, threat.modality) == ("THREATEN", "threatened")


def test_seed_drone_strike_when_and_where(seed_ledger: Ledger, seed_gold: dict) -> None:  # type: ignore[type-arg]
    g = next(e for e in seed_gold["events"] if e["trigger"]["text"] == "drone strike")
    s, e = g["trigger"]["span"]
    ev = next(x for x in seed_ledger.events if x.trigger.start < e and s < x.trigger.end)
    assert ev.plover == "ASSAULT" and ev.modality == "actual"
    assert ev.time is not None and ev.time.value == "2023-05-03"
    assert ev.place is not None and ev.place.name == "Moscow" and ev.place.country == "RU"
    assert ev.place.lat is not None and abs(ev.place.lat - 55.75) < 0.1
    assert ev.place.geonameid == 524901


def test_seed_threats_are_threatened(seed_ledger: Ledger, seed_gold: dict) -> None:  # type: ignore[type-arg]
    for g in seed_gold["events"]:
        if g["modality"] != "threatened":
            continue
        s, e = g["trigger"]["span"]
        ev = [x for x in seed_ledger.events if x.trigger.start < e and s < x.trigger.end]
        assert ev and ev[0].modality == "threatened" and ev[0].plover == "THREATEN", g["trigger"]["text"]


def test_times_attach_to_their_own_events() -> None:
    text = ("Troops shelled the northern town on Monday. Diplomats met in Geneva on Tuesday to discuss a truce. "
            "The ministers will visit the region next week.")
    lg = rules(text, "2024-03-08")  # a Friday
    by_trigger = {e.trigger.text: e for e in lg.events}
    shelled = next(e for t, e in by_trigger.items() if t.startswith("shelled"))
    assert shelled.time is not None and shelled.time.value == "2024-03-04"
    met = next(e for t, e in by_trigger.items() if t.startswith("met"))
    assert met.time is not None and met.time.value == "2024-03-05"
    assert met.place is not None and met.place.name == "Geneva" and met.place.country == "CH"
    visit = next(e for t, e in by_trigger.items() if "visit" in t)
    assert visit.modality == "planned" and visit.time is not None and visit.time.value == "2024-W11"


def test_according_to_is_not_an_event() -> None:
    text = "According to analysts, the ministry approved the merger on Monday."
    lg = newsledger.analyze(text, published="2024-03-08")
    assert not any(e.trigger.text.lower().startswith("according") for e in lg.events)


def test_what_something_is_a_pretext_for_is_planned() -> None:
    lg = rules("Georgia says the exercises are a cover for attacks on its territory.", None)
    attacks = next(e for e in lg.events if e.trigger.text == "attacks")
    assert attacks.modality == "planned"
