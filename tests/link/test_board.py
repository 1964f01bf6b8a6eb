"""The rows a story gives the link tables: an incident names who it involves."""

from __future__ import annotations

import dataclasses

from newsledger.link.board import MAX_HAPPENING_KM, block_rows, incident_label, is_specific, participants, spread
from newsledger.link.incidents import link_ledgers
from newsledger.link.mentions import mentions_of
from newsledger.records import PlaceRef
from tests.link.ledgers import NATIONS, Spec, build

RAID = Spec(
    "Ostrand troops raided a Veloria border post on Friday. Veloria said the raid on the post killed two guards.",
    source="Border Herald", published="2031-04-05", actors=NATIONS,
    events=[("raided", "ASSAULT", "Ostrand", "Veloria", "actual", "2031-04-04"),
            ("raid", "ASSAULT", None, "Veloria", "actual", None)])


def test_an_incident_names_the_actors_its_events_name_most() -> None:
    lg = build(RAID)
    assert participants(lg.events, {a.id: a for a in lg.actors}) == "VEL, OST"
    assert participants([], {}) is None
    mentions = mentions_of(lg)
    rows = block_rows("block", [lg], mentions, link_ledgers([lg]))
    (incident,) = rows["incidents"]
    assert incident["participants"] == "VEL, OST" and (incident["n_reports"], incident["n_independent"]) == (1, 1)


def test_an_incident_whose_events_are_placed_far_apart_is_not_specific() -> None:
    lg = build(RAID)
    mentions = mentions_of(lg)
    links = link_ledgers([lg])
    assert [r["specific"] for r in block_rows("block", [lg], mentions, links)["incidents"]] == [True]
    near, far = PlaceRef("Kessel", 0, 6, "Kessel", None, 45.0, 20.0), PlaceRef("Selm", 0, 4, "Selm", None, 45.0, 45.0)
    for places, specific in (((near, near), True), ((near, far), False)):
        placed = dataclasses.replace(lg, events=tuple(dataclasses.replace(e, place=p)
                                                      for e, p in zip(lg.events, places, strict=True)))
        assert [r["specific"] for r in block_rows("block", [placed], mentions, links)["incidents"]] == [specific]


def test_an_incident_is_named_by_a_head_that_names_a_happening() -> None:
    text = "Veloria said the raid killed two guards. Ostrand says nothing happened."
    lg = build(Spec(text, published="2031-04-05", actors=NATIONS,
                    events=[("said", "CONSULT", "Veloria", None, "actual", None),
                            ("raid", "ASSAULT", None, "Veloria", "actual", None),
                            ("says", "CONSULT", "Ostrand", None, "actual", None)]))
    mentions = mentions_of(lg)
    assert [m.generic for m in mentions] == [True, False, True]
    assert incident_label(lg.events, mentions) == "raid"        # not the commoner "said"
    generic_only = [m for m in mentions if m.generic]
    assert incident_label(lg.events, generic_only) in {"said", "says"}  # all generic: the commonest still


def test_a_specific_incident_names_a_happening_and_who_where_or_when() -> None:
    assert is_specific("drone attack", "RUS", None, None)
    assert is_specific("raid", None, "Kyiv", None) and is_specific("raid", None, None, "2031-04-04")
    assert not is_specific("raid", None, None, None)            # no who, where or when
    assert not is_specific("pledged", "USA", "Iowa", "2020-02-03")  # a generic head names no happening
    assert not is_specific("Said", "USA", None, None)
    assert is_specific("phone call", "USA", None, None)              # ... unless more words go with it
    assert not is_specific("rally", "USA", "Reno", None, spread_km=MAX_HAPPENING_KM + 1)  # rallies in many places


def test_spread_is_the_greatest_distance_between_two_places() -> None:
    reno, philadelphia, sparks = (39.53, -119.81), (39.95, -75.17), (39.53, -119.75)
    assert spread([]) == spread([reno]) == 0.0
    assert 3700 < spread([reno, sparks, philadelphia]) < 3900       # Reno to Philadelphia: about 3,800 km
    assert spread([reno, sparks]) < 10
    rows = block_rows("block", [build(RAID)], mentions_of(build(RAID)), link_ledgers([build(RAID)]))
    assert [r["specific"] for r in rows["incidents"]] == [True]
