from __future__ import annotations

from newsledger.store import open_store
from tests.store.factory import make_article_ledger


def test_statements_and_events_filters(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add_many([make_article_ledger(1, published="2024-01-10"), make_article_ledger(2, published="2024-02-10"),
                        make_article_ledger(3, published=None)])
        assert len(store.statements()) == 3
        assert [r["published"] for r in store.statements(date_from="2024-02-01")] == ["2024-02-10"]
        assert [r["published"] for r in store.statements(date_to="2024-01-31")] == ["2024-01-10"]
        assert len(store.statements(actor="syl")) == 3                 # code prefix, any case
        assert len(store.statements(actor="Defence Minister")) == 3    # exact name, any case
        assert store.statements(actor="SYLX") == []
        assert store.statements(actor="%") == []                       # no LIKE wildcards from users
        assert len(store.statements(stance="accuse", evidence="unsupported")) == 3
        ev = store.events()
        assert len(ev) == 6
        assert {r["plover"] for r in store.events(plover="assault")} == {"ASSAULT"}
        assert {r["trigger_text"] for r in store.events(modality="actual")} == {"denied"}
        # the actor of an event is its source or its target
        targets = store.events(actor="SYLGOV")
        assert [(r["source_code"], r["target_code"]) for r in targets] == [("BOR", "SYLGOV")] * 3
        # an event is dated by its own date where known ("Monday", 2024-05-06), else by its publication date
        january = store.events(actor="BOR", date_from="2024-01-01", date_to="2024-01-31")
        assert [(r["trigger_text"], r["time_value"]) for r in january] == [("denied", None)]
        may = store.events(date_from="2024-05-01", date_to="2024-05-31")
        assert sorted(r["title"] for r in may) == ["Story 1", "Story 2", "Story 3"]
        assert len(store.events(limit=4)) == 4
        newest = store.events()[0]
        assert newest["published"] is None and newest["title"] == "Story 3"   # newest articles first


def test_statements_filtered_by_confidence(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add_many([make_article_ledger(1, confidence=(0.95, 0.9)), make_article_ledger(2, confidence=(0.95, 0.4)),
                        make_article_ledger(3)])  # the third was stored without confidences
        rows = store.statements(min_confidence=0.8)
        assert [(r["stance_confidence"], r["evidence_confidence"]) for r in rows] == [(0.95, 0.9)]
        assert len(store.statements(min_confidence=0.3)) == 2
        assert len(store.statements()) == 3
