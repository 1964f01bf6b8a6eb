"""The ledger commands without the model: query and export on a store filled by hand, ingest's summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsledger.cli import main
from newsledger.store import open_store
from tests.ingest.test_formats import RSS, page
from tests.store.factory import make_article_ledger


def filled(tmp_path: Path) -> str:
    db = str(tmp_path / "l.db")
    with open_store(db) as store:
        store.add_many([make_article_ledger(n, published=f"2024-0{n + 1}-01") for n in range(3)])
    return db


def _records(jsonl: str) -> list[dict[str, Any]]:
    """The exported records without their incident, story and copy ids (linking, not part of a record)."""
    out = [json.loads(line) for line in jsonl.splitlines()]
    for o in out:
        o["article"].pop("story_id")
        o["article"].pop("copy_of")
        for ev in o["events"]:
            ev.pop("incident_id")
    return out


def test_query_statements_and_events(tmp_path: Path) -> None:
    db = filled(tmp_path)
    runner = CliRunner()
    res = runner.invoke(main, ["query", "--db", db, "--stance", "accuse", "--from", "2024-02-01", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert [json.loads(line)["published"] for line in res.output.splitlines()] == ["2024-03-01", "2024-02-01"]
    res = runner.invoke(main, ["query", "--db", db, "--events", "--plover", "ASSAULT", "--format", "jsonl"])
    assert [json.loads(line)["trigger_text"] for line in res.output.splitlines()] == ["shelled"] * 3
    res = runner.invoke(main, ["query", "--db", db, "--events"])
    assert res.exit_code == 0 and "6 events" in res.output and "ASSAULT" in res.output
    assert runner.invoke(main, ["query", "--db", db, "--events", "--stance", "deny"]).exit_code == 2
    assert runner.invoke(main, ["query", "--db", db, "--plover", "ASSAULT"]).exit_code == 2
    bad = runner.invoke(main, ["query", "--db", db, "--from", "last week"])
    assert bad.exit_code == 2


def test_export_command(tmp_path: Path) -> None:
    db = filled(tmp_path)
    runner = CliRunner()
    res = runner.invoke(main, ["export", "--format", "jsonl", "--db", db])
    assert res.exit_code == 0
    objs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o["article"]["external_id"] for o in objs] == ["ext-0", "ext-1", "ext-2"]
    out = tmp_path / "events.parquet"
    res = runner.invoke(main, ["export", "--format", "parquet", "--db", db, "--output", str(out)])
    assert res.exit_code == 0 and "exported 6 rows of events" in res.stderr
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows == 6
    res = runner.invoke(main, ["export", "--format", "gdelt", "--db", db])
    assert len(res.stdout.splitlines()) == 6 and all(len(line.split("\t")) == 61 for line in res.stdout.splitlines())
    res = runner.invoke(main, ["export", "--format", "csv", "--db", db, "-o", str(tmp_path / "nodir" / "x.csv")])
    assert res.exit_code == 2 and "cannot write the export" in res.stderr
    assert runner.invoke(main, ["export", "--format", "xml", "--db", db]).exit_code == 2


@pytest.mark.model
def test_ingest_mixed_formats_keeps_good_articles_and_what_was_stored(tmp_path: Path) -> None:
    db = filled(tmp_path)
    runner = CliRunner()
    before = runner.invoke(main, ["export", "--format", "jsonl", "--db", db]).stdout
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.html").write_text(page(), encoding="utf-8")
    (src / "b.rss").write_bytes(RSS.encode("latin-1"))
    (src / "c.txt").write_bytes("Caf\xe9 owners protested on Monday, the mayor said.".encode("latin-1"))
    (src / "d.jsonl").write_text('{"id": "x", "text": "Rebels attacked a convoy, the army said."}\n{oops\n',
                                 encoding="utf-8")
    (src / "e.warc").write_bytes(b"WARC/1.0\r\nbroken\r\n\r\n")
    res = runner.invoke(main, ["ingest", str(src), "--db", db, "--no-progress"])
    assert res.exit_code == 2
    summary = res.stderr.strip().splitlines()[-1]
    assert summary.startswith("ingested 4, skipped 0 as duplicate, failed 4 ("), summary
    assert "NL101 not text in its encoding: 1" in summary and "NL103 bad JSONL record: 1" in summary
    after = runner.invoke(main, ["export", "--format", "jsonl", "--db", db]).stdout
    stored, now = _records(before), _records(after)
    assert now[:len(stored)] == stored                    # what was stored is untouched, in order (ingest
    new = now[len(stored):]                               # links it into incidents, which is not a change)
    assert [(o["article"]["source"], o["article"]["external_id"]) for o in new] == [
        ("Harbour Times", None), ("Valley Gazette", "valley-1"), ("Valley Gazette", "valley-3"), (None, "x")]


def test_query_statements_by_confidence(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    with open_store(db) as store:
        store.add_many([make_article_ledger(1, confidence=(0.9, 0.95)), make_article_ledger(2, confidence=(0.9, 0.5))])
    runner = CliRunner()
    res = runner.invoke(main, ["query", "--db", db, "--min-confidence", "0.8", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert [json.loads(line)["evidence_confidence"] for line in res.output.splitlines()] == [0.95]
    table = runner.invoke(main, ["query", "--db", db])
    assert "0.90" in table.output and "0.50" in table.output
    assert runner.invoke(main, ["query", "--db", db, "--min-confidence", "2"]).exit_code == 2
    assert runner.invoke(main, ["query", "--db", db, "--events", "--stance", "accuse"]).exit_code == 2


def test_query_events_by_confidence(tmp_path: Path) -> None:
    db = str(tmp_path / "e.db")
    with open_store(db) as store:
        store.add_many([make_article_ledger(1, event_confidence=(0.9, 0.85)),
                        make_article_ledger(2, event_confidence=(0.9, 0.4)), make_article_ledger(3)])
    res = CliRunner().invoke(main, ["query", "--db", db, "--events", "--min-confidence", "0.8", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert [(r["event_confidence"], r["root_confidence"]) for r in rows] == [(0.9, 0.85)]
