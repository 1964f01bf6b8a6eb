"""The rows a story gives the link tables: an incident names who it involves."""

from __future__ import annotations

from newsledger.link.board import block_rows, participants
from newsledger.link.incidents import link_ledgers
from newsledger.link.mentions import mentions_of
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
