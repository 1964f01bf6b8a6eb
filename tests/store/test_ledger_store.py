from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import Column, Engine, Index, MetaData, String, Table, create_engine, inspect

from newsledger.errors import NotALedgerError, RejectedError, StoreError, StoreURLError
from newsledger.link import reading, update_links
from newsledger.records import Ledger
from newsledger.store import AddResult, normalise_url, open_store, schema
from newsledger.store.migrations import LATEST, current_version
from tests.store.factory import make_article_ledger
from tests.test_records import make_ledger


def test_add_is_idempotent_and_round_trips(store_url: str) -> None:
    lg = make_ledger()
    with open_store(store_url) as store:
        assert store.add(lg) is True
        assert store.add(lg) is False
        assert store.count() == 1
        back = store.get(lg.article.id)
        assert back == lg
        assert back is not None and back.text == lg.text


def test_batch_skips_present_and_repeated(store_url: str) -> None:
    lg = make_ledger()
    with open_store(store_url) as store:
        result = store.add_many([lg, lg])
        assert (result.added, result.skipped) == (1, 1)
        assert store.add_many([lg]).skipped == 1
        assert [x.article.id for x in store.ledgers()] == [lg.article.id]


def test_statements_filter(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add(make_ledger())
        assert len(store.statements()) == 1
        assert store.statements(stance="accuse") == []
        assert store.statements(stance="assert")[0]["content_text"] == "the army shelled the town on Monday"


def test_schema_is_migrated_once(store_url: str) -> None:
    with open_store(store_url) as store, store.engine.connect() as conn:
        assert current_version(conn) == LATEST
    with open_store(store_url) as store, store.engine.connect() as conn:
        assert current_version(conn) == LATEST


def test_urls(tmp_path: Path) -> None:
    assert normalise_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert normalise_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
    with pytest.raises(StoreURLError):
        normalise_url("mysql://u@h/db")
    with pytest.raises(StoreURLError):
        normalise_url("")


def test_unopenable_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as info:
        open_store(str(bad))
    assert "cannot open the ledger" in info.value.message


def test_many_articles_round_trip_in_order(store_url: str) -> None:
    ledgers = [make_article_ledger(n) for n in range(30)]
    with open_store(store_url) as store:
        ids = [lg.article.id for lg in ledgers]
        assert store.add_many(ledgers[:20]) == AddResult(20, 0, added_ids=tuple(ids[:20]))
        assert store.add_many(ledgers[10:]) == AddResult(10, 10, added_ids=tuple(ids[20:]))
        assert [lg.article.id for lg in store.ledgers(batch=7)] == [lg.article.id for lg in ledgers]
        assert store.counts() == {"articles": 30, "actors": 60, "attributions": 30, "events": 60}


def test_a_refused_article_does_not_cost_its_batch(store_url: str) -> None:
    good = [make_article_ledger(n) for n in range(4)]
    bad = make_article_ledger(99)
    # two events with one id: the database refuses the article (primary key), as it would any value it
    # cannot hold
    bad = dataclasses.replace(bad, events=(bad.events[0], dataclasses.replace(bad.events[1], id=bad.events[0].id)))
    with open_store(store_url) as store:
        store.add(make_article_ledger(100))
        before = store.counts()
        result = store.add_many([good[0], good[1], bad, good[2], good[3]])
        assert (result.added, result.skipped) == (4, 0)
        assert result.added_ids == tuple(lg.article.id for lg in good)
        assert [r.article_id for r in result.rejected] == [bad.article.id]
        assert result.rejected[0].external_id == "ext-99"
        assert not store.has(bad.article.id)
        after = store.counts()
        assert after["articles"] == before["articles"] + 4
        assert after["events"] == before["events"] + 8      # nothing of the refused article
        with pytest.raises(RejectedError, match="refused"):
            store.add(bad)


def test_a_value_the_driver_cannot_encode_is_refused(store_url: str) -> None:
    lg = make_article_ledger(1)
    broken = dataclasses.replace(lg, article=dataclasses.replace(lg.article, title="bad \ud800 title"))
    with open_store(store_url) as store:
        result = store.add_many([broken, make_article_ledger(2)])
        assert result.added == 1
        assert [r.article_id for r in result.rejected] == [lg.article.id]
        assert store.count() == 1


def test_upgrade_from_schema_v1(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:  # a ledger as schema v1 left it: seq indexed but not unique
        old = MetaData()
        for table in schema.metadata.sorted_tables:
            table.to_metadata(old)
        old.tables["articles"].indexes.clear()
        old.create_all(conn)
        Index("ix_articles_seq", old.tables["articles"].c.seq).create(conn)
        conn.execute(old.tables["schema_version"].insert().values(version=1, applied_at="2026-01-01T00:00:00"))
    engine.dispose()
    with open_store(url) as store, store.engine.connect() as conn:
        assert current_version(conn) == LATEST
        names = {ix["name"]: ix["unique"] for ix in inspect(conn).get_indexes("articles")}
        assert names.get("ux_articles_seq") and "ix_articles_seq" not in names


def test_incident_ids_before_and_after_linking(store_url: str) -> None:
    ledgers = [make_article_ledger(n) for n in range(3)]   # three reports of one shelling, and its denial
    with open_store(store_url) as store:
        store.add_many(ledgers)
        ids = [ev.id for lg in ledgers for ev in lg.events]
        assert store.incident_ids(ids) == {}
        update_links(store)
        linked = store.incident_ids(ids)
        assert set(linked) == set(ids)
        shellings = {linked[lg.events[0].id] for lg in ledgers}
        denials = {linked[lg.events[1].id] for lg in ledgers}
        assert len(shellings) == len(denials) == 1 and shellings != denials
        assert linked == {e: row["id"] for e, row in reading.incidents_of_events(store, ids).items()}


def _long_values(lg: Ledger) -> Ledger:
    """Values that extraction writes and schema v1 sized too small: combined sectors, times of day."""
    actor = dataclasses.replace(lg.actors[0], sector="GOVEDU", code="SYLGOVEDULEGMEDIA", country="SYLX")
    time = dataclasses.replace(lg.events[0].time, value="2024-05-06T10:30:00") if lg.events[0].time else None
    event = dataclasses.replace(lg.events[0], time=time, cameo="19420")
    return dataclasses.replace(lg, actors=(actor, *lg.actors[1:]), events=(event, *lg.events[1:]))


def test_long_codes_and_times_are_stored(store_url: str) -> None:
    lg = _long_values(make_article_ledger(5))
    with open_store(store_url) as store:
        assert store.add(lg) is True
        assert store.get(lg.article.id) == lg
        assert store.statements(actor="SYLGOVEDU")[0]["code"] == "SYLGOVEDULEGMEDIA"


def test_upgrade_widens_short_columns_on_postgresql(pg_url: str) -> None:
    engine = create_engine(pg_url)
    with engine.begin() as conn:  # a ledger at schema v2, with v1's column sizes
        old = MetaData()
        for table in schema.metadata.sorted_tables:
            table.to_metadata(old)
        for table, column, size in (("actors", "country", 3), ("actors", "sector", 3), ("actors", "code", 16),
                                    ("events", "cameo", 8), ("events", "time_value", 16)):
            old.tables[table].c[column].type = String(size)
        old.create_all(conn)
        conn.execute(old.tables["schema_version"].insert(), [{"version": 1, "applied_at": "2026-01-01T00:00:00"},
                                                             {"version": 2, "applied_at": "2026-01-02T00:00:00"}])
    engine.dispose()
    lg = _long_values(make_article_ledger(6))
    with open_store(pg_url) as store:
        assert store.add(lg) is True
        with store.engine.connect() as conn:
            assert current_version(conn) == LATEST
            types = {c["name"]: c["type"] for c in inspect(conn).get_columns("actors")}
        assert getattr(types["sector"], "length", None) is None


def test_someone_elses_database_is_left_alone(store_url: str) -> None:
    engine = create_engine(store_url)
    other = Table("invoices", MetaData(), Column("number", String(20), primary_key=True))
    with engine.begin() as conn:
        other.create(conn)
    engine.dispose()
    with pytest.raises(NotALedgerError, match="invoices") as info:
        open_store(store_url)
    assert info.value.exit_code == 2
    engine = create_engine(store_url)
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == ["invoices"]      # nothing of ours was written
    engine.dispose()


def _ledger_at(url: str, version: int, missing: dict[str, tuple[str, ...]]) -> Engine:
    """A ledger as schema ``version`` made it: today's tables without the ``missing`` columns, its steps recorded."""
    engine = create_engine(url)
    with engine.begin() as conn:
        old = MetaData()
        for table in schema.metadata.sorted_tables:
            table.to_metadata(old)
        for name, columns in missing.items():
            for column in columns:
                old.tables[name]._columns.remove(old.tables[name].c[column])
        old.create_all(conn)
        conn.execute(old.tables["schema_version"].insert(),
                     [{"version": v, "applied_at": "2026-01-01T00:00:00"} for v in range(1, version + 1)])
    return engine


def test_upgrade_from_schema_v4_adds_the_confidence_columns(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v4.db'}"  # a ledger at schema v4: statements without confidences
    _ledger_at(url, 3, {"attributions": ("stance_confidence", "evidence_confidence")}).dispose()
    lg = make_article_ledger(7, confidence=(0.9, 0.85))
    with open_store(url) as store:
        assert store.add(lg) is True
        assert store.get(lg.article.id) == lg
        assert [r["stance_confidence"] for r in store.statements(min_confidence=0.8)] == [0.9]
        with store.engine.connect() as conn:
            assert current_version(conn) == LATEST


def test_upgrade_from_schema_v8_adds_the_statement_confidence(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v8.db'}"  # a ledger at schema v8: without the statement head's confidence
    _ledger_at(url, 8, {"attributions": ("statement_confidence",)}).dispose()
    sure = make_article_ledger(9, confidence=(0.9, 0.85), statement_confidence=0.95)
    unsure = make_article_ledger(10, confidence=(0.9, 0.85), statement_confidence=0.5)
    with open_store(url) as store:
        assert store.add(sure) is True and store.add(unsure) is True
        assert store.get(sure.article.id) == sure
        assert [r["statement_confidence"] for r in store.statements(min_confidence=0.8)] == [0.95]
        with store.engine.connect() as conn:
            assert current_version(conn) == LATEST


def test_upgrade_from_schema_v9_adds_the_event_confidences(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v9.db'}"  # a ledger at schema v9: events without the event head's confidences
    _ledger_at(url, 9, {"events": ("event_confidence", "root_confidence")}).dispose()
    sure = make_article_ledger(12, event_confidence=(0.92, 0.81))
    unsure = make_article_ledger(13, event_confidence=(0.95, 0.55))
    ruled = make_article_ledger(14)  # events the rules decided: no confidences
    with open_store(url) as store:
        assert all(store.add(lg) for lg in (sure, unsure, ruled))
        assert store.get(sure.article.id) == sure
        kept = store.events(min_confidence=0.8)
        assert [(r["event_confidence"], r["root_confidence"]) for r in kept] == [(0.92, 0.81)]
        assert len(store.events(min_confidence=0.5)) == 2 and len(store.events()) == 6
        with store.engine.connect() as conn:
            assert current_version(conn) == LATEST


def test_upgrade_from_schema_v5_gives_stored_events_evidence_none(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v5.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:  # a ledger at schema v5: events without an evidence status
        old = MetaData()
        for table in schema.metadata.sorted_tables:
            table.to_metadata(old)
        events = old.tables["events"]
        events._columns.remove(events.c["evidence"])
        old.create_all(conn)
        conn.execute(old.tables["schema_version"].insert(),
                     [{"version": v, "applied_at": "2026-01-01T00:00:00"} for v in (1, 2, 3, 4, 5)])
        conn.execute(old.tables["articles"].insert(), [{"id": "a" * 64, "text": "x", "ledger": "{}",
                                                       "pipeline_version": "0", "ingested_at": "t", "seq": 1}])
        conn.execute(events.insert(), [{"id": "e-old", "article_id": "a" * 64, "trigger_text": "shelled",
                                        "trigger_start": 0, "plover": "ASSAULT", "modality": "actual"}])
    engine.dispose()
    lg = make_article_ledger(8)
    with open_store(url) as store:
        assert store.add(lg) is True
        rows = store.events(limit=10)
        assert {r["event_id"]: r["evidence"] for r in rows}["e-old"] == "none"
        assert [r["trigger_text"] for r in store.events(evidence="unsupported")] == ["shelled"]
        with store.engine.connect() as conn:
            assert current_version(conn) == LATEST
