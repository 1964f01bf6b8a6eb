"""Exports of a stored ledger: the contract as JSONL (with incident_id), CSV, Parquet and GDELT."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from newsledger.export import export
from newsledger.export.gdelt import columns, gdelt_rows, global_event_id, lead_paragraph, quad_class
from newsledger.export.tables import EVENT_COLUMNS, STATEMENT_COLUMNS, event_rows, statement_rows
from newsledger.link import update_links
from newsledger.records import Ledger
from newsledger.store import open_store
from tests.store.factory import make_article_ledger


def test_jsonl_is_the_contract_with_incident_ids(store_url: str) -> None:
    ledgers = [make_article_ledger(n) for n in range(3)]
    with open_store(store_url) as store:
        store.add_many(ledgers)
        out = io.StringIO()
        assert export(store, "jsonl", out) == 3
        before = [json.loads(line) for line in out.getvalue().splitlines()]
        assert [d["article"]["external_id"] for d in before] == ["ext-0", "ext-1", "ext-2"]
        assert all(ev["incident_id"] is None for d in before for ev in d["events"])
        assert all(d["article"]["story_id"] is None and d["article"]["copy_of"] is None for d in before)
        for d, lg in zip(before, ledgers, strict=True):     # apart from incident_id, the contract itself
            for ev in d["events"]:
                del ev["incident_id"]
            assert Ledger.from_dict(d, text=lg.text) == lg
        update_links(store)    # the three articles report one shelling and its denial
        out = io.StringIO()
        export(store, "jsonl", out)
        after = [json.loads(line) for line in out.getvalue().splitlines()]
        incident_of = store.incident_ids([ev.id for lg in ledgers for ev in lg.events])
        assert [[ev["incident_id"] for ev in d["events"]] for d in after] == [
            [incident_of[ev.id] for ev in lg.events] for lg in ledgers]
        assert len({d["events"][0]["incident_id"] for d in after}) == 1
        assert after[0]["events"][0]["incident_id"] != after[0]["events"][1]["incident_id"]
        assert len({d["article"]["story_id"] for d in after}) == 1 and after[0]["article"]["story_id"]
        # the three differ in their first words only: one story, copies of the first stored
        assert [d["article"]["copy_of"] for d in after] == [None, ledgers[0].article.id, ledgers[0].article.id]


def test_csv_tables(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add_many([make_article_ledger(n) for n in range(2)])
        out = io.StringIO()
        assert export(store, "csv", out, table="events") == 4
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert list(rows[0]) == [name for name, _ in EVENT_COLUMNS]
        shelling = rows[0]
        assert (shelling["trigger_text"], shelling["plover"], shelling["source_code"], shelling["modality"],
                shelling["attribution_stance"], shelling["place_name"], shelling["external_id"]) == (
            "shelled", "ASSAULT", "BOR", "alleged", "accuse", "Testville", "ext-0")
        out = io.StringIO()
        assert export(store, "csv", out, table="statements") == 2
        (first, _) = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert (first["speaker_code"], first["stance"], first["evidence"]) == ("SYLGOV", "accuse", "unsupported")


def test_parquet_round_trip(store_url: str) -> None:
    import pyarrow.parquet as pq

    with open_store(store_url) as store:
        store.add_many([make_article_ledger(n) for n in range(5)])
        buf = io.BytesIO()
        assert export(store, "parquet", buf, table="events") == 10
        table = pq.read_table(io.BytesIO(buf.getvalue()))
        assert table.num_rows == 10
        assert table.schema.field("place_lat").type == "double"
        assert table.schema.field("trigger_start").type == "int64"
        assert table.column("plover").to_pylist()[:2] == ["ASSAULT", "REJECT"]
        buf = io.BytesIO()
        export(store, "parquet", buf, table="statements")
        assert pq.read_table(io.BytesIO(buf.getvalue())).column_names == [n for n, _ in STATEMENT_COLUMNS]


def test_empty_ledger_exports(store_url: str) -> None:
    import pyarrow.parquet as pq

    with open_store(store_url) as store:
        for fmt in ("jsonl", "gdelt"):
            out = io.StringIO()
            assert export(store, fmt, out) == 0 and out.getvalue() == ""
        buf = io.BytesIO()
        assert export(store, "parquet", buf) == 0
        assert pq.read_table(io.BytesIO(buf.getvalue())).num_rows == 0


def test_gdelt_rows() -> None:
    lg = make_article_ledger(7)
    row, denial = list(gdelt_rows(lg, "2024-05-09T10:11:12+00:00"))  # the shelling is alleged, the denial
    assert len(columns()) == 61 and len(row) == 61 == len(denial)      # actual: both are rows
    rec = dict(zip(columns(), row, strict=True))
    assert rec["EventCode"] == "194" and rec["EventRootCode"] == "19" and rec["QuadClass"] == 4
    assert rec["GoldsteinScale"] == -9.0                             # PLOVER's ASSAULT score
    assert rec["Day"] == "20240506"                                  # the event's own date, to the day
    assert rec["Actor1Code"] == "BOR" and rec["Actor1Name"] == "BORDURIA" and rec["Actor1CountryCode"] == "BOR"
    assert rec["ActionGeo_Type"] == 4 and rec["ActionGeo_Lat"] == 50.5 and rec["ActionGeo_FeatureID"] == 1
    assert rec["DATEADDED"] == "20240509101112"
    assert rec["SOURCEURL"] == "https://example.org/7"
    assert rec["GlobalEventID"] == global_event_id(lg.events[0].id)
    assert rec["IsRootEvent"] == 1                                   # one paragraph: all of it is the lead


def test_gdelt_keeps_reported_happenings_only() -> None:
    lg = make_article_ledger(1)
    denied = dataclasses.replace(lg.events[0], modality="denied")
    actual = dataclasses.replace(lg.events[1], modality="actual")
    rows = list(gdelt_rows(dataclasses.replace(lg, events=(denied, actual)), None))
    assert [dict(zip(columns(), r, strict=True))["EventCode"] for r in rows] == ["016"]
    assert rows[0][-2] == ""                                          # DATEADDED unknown
    assert dict(zip(columns(), rows[0], strict=True))["Day"] == "20240508"   # no event date: published


@pytest.mark.parametrize(("cameo", "quad"), [("010", 1), ("057", 1), ("061", 2), ("0841", 2), ("112", 3),
                                             ("138", 3), ("145", 4), ("195", 4), ("20", 4), (None, None),
                                             ("", None), ("X1", None)])
def test_quad_class(cameo: str | None, quad: int | None) -> None:
    assert quad_class(cameo) == quad


def test_lead_paragraph_skips_headline_and_dateline() -> None:
    text = "Dam opens\nFriday, May 3, 2024\nThe new dam opened, officials said.\nMore text follows."
    s, e = lead_paragraph(text)
    assert text[s:e].strip() == "The new dam opened, officials said."


def test_table_rows_are_pure() -> None:
    lg = make_article_ledger(3)
    events = list(event_rows(lg, {lg.events[1].id: "inc-9"}))
    assert [r["incident_id"] for r in events] == [None, "inc-9"]
    assert all(set(r) == {n for n, _ in EVENT_COLUMNS} for r in events)
    (st,) = list(statement_rows(lg, {}))
    assert set(st) == {n for n, _ in STATEMENT_COLUMNS}
    assert lg.text[st["content_start"]:st["content_end"]] == st["content_text"]
