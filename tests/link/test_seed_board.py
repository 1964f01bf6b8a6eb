"""The seed article alone: Russia blames the United States and Ukraine (no evidence offered), Ukraine denies,
the United States is cautious — on the board of the drone strike's incident."""

from __future__ import annotations

from typing import Any

import pytest

from newsledger.link import reading
from newsledger.link.linker import update_links
from newsledger.records import Ledger
from newsledger.store import open_store


@pytest.mark.model
def test_seed_drone_strike_board(seed_ledger: Ledger, seed_gold: dict[str, Any], db_url: str) -> None:
    strike = next(e for e in seed_gold["events"] if e.get("responsibility_claims"))
    s, e = strike["trigger"]["span"]
    event = next(ev for ev in seed_ledger.events if ev.trigger.start < e and s < ev.trigger.end)
    with open_store(db_url) as store:
        store.add(seed_ledger)
        update_links(store)
        incident_id = next(i["id"] for i in reading.list_incidents(store, limit=1000)
                           if any(ev["event_id"] == event.id for r in (reading.incident(store, i["id"]) or {})
                                  .get("reports", []) for ev in r["events"]))
        board = reading.incident(store, incident_id)["board"]  # type: ignore[index]
    by = {(g["who"], g["position"]): g for g in board}
    for claim in strike["responsibility_claims"]:
        who = claim["by"][:3]
        if claim["stance"] == "accuse":
            group = by[(who, "accuse")]
            assert claim["blames"] in group["parties"]
            assert claim["evidence"] in group["evidence"]
        else:
            assert (who, "deny") in by
            assert claim["blames"] in by[(who, "deny")]["parties"]
    assert ("USA", "doubt") in by
    assert by[("USA", "doubt")]["parties"] == ["RUS"]
    assert not any(g["position"] == "accuse" and g["who"] in ("USA", "UKR") for g in board)
