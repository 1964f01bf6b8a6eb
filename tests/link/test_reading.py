"""Reading incident lists: one incident per story, as the home page lists happenings (texts written for the
tests; on SQLite and PostgreSQL, whose window functions differ in nothing used here)."""

from __future__ import annotations

from newsledger.link import reading, store_and_link
from newsledger.link.linker import open_ledger
from tests.link.ledgers import BRIDGE_A, BRIDGE_B, HARVEST, STRIKE_A, STRIKE_B, build


def test_per_story_keeps_the_first_incident_of_each_story(store_url: str) -> None:
    with open_ledger(store_url) as store:
        store_and_link(store, [build(s) for s in (STRIKE_A, STRIKE_B, BRIDGE_A, BRIDGE_B, HARVEST)])
        every = reading.list_incidents(store, limit=1000)
        first = reading.list_incidents(store, limit=1000, per_story=True)
    by_story: dict[str, list[str]] = {}
    for row in every:
        by_story.setdefault(row["story_id"], []).append(row["id"])
    assert any(len(ids) > 1 for ids in by_story.values())  # a story with several incidents, as the texts make
    assert [r["id"] for r in first] == [r["id"] for r in every if r["id"] == by_story[r["story_id"]][0]]
    assert len(first) == len(by_story)


def test_per_story_pages_and_filters_like_the_full_list(db_url: str) -> None:
    with open_ledger(db_url) as store:
        store_and_link(store, [build(s) for s in (STRIKE_A, STRIKE_B, BRIDGE_A, BRIDGE_B, HARVEST)])
        first = reading.list_incidents(store, limit=1000, per_story=True)
        assert reading.list_incidents(store, limit=1, offset=1, per_story=True) == first[1:2]
        protests = reading.list_incidents(store, plover="PROTEST", per_story=True)
    assert [r["plover"] for r in protests] == ["PROTEST"]
