"""Two `newsledger ingest` processes (the real command line) writing one ledger at once, on SQLite and on
PostgreSQL: both finish cleanly (no "database is locked"), no article is lost, none is stored twice, none
in part. Their inputs overlap, so both analyse the shared articles and race to store them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from newsledger.ids import article_id
from newsledger.store import open_store, schema
from tests.link.test_tables import assert_keys_consistent

N = 45            # articles 0..29 go to the first process, 15..44 to the second


def _text(i: int) -> str:
    return (f"Story {i}. The mayor of Town {i} said on Monday that the old bridge would reopen, and the "
            f"council denied that it had been damaged by the floods.")


def _write(path: Path, numbers: range) -> None:
    path.write_text("".join(json.dumps({"id": f"s{i}", "text": _text(i), "published": "2024-05-08"}) + "\n"
                            for i in numbers), encoding="utf-8")


def _summary_count(stderr: str, word: str) -> int:
    words = stderr.strip().splitlines()[-1].replace(",", "").split()
    return int(words[words.index(word) + 1])


@pytest.mark.model
def test_two_ingest_processes_at_once(store_url: str, tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    _write(first, range(0, 30))
    _write(second, range(15, N))
    cmd = [sys.executable, "-m", "newsledger", "ingest", "--db", store_url, "--batch-size", "1", "--no-progress"]
    procs = [subprocess.Popen([*cmd, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for path in (first, second)]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err.lower() and "Traceback" not in err, err
    ingested = [_summary_count(err, "ingested") for _, err in outputs]
    skipped = [_summary_count(err, "skipped") for _, err in outputs]
    assert sum(ingested) == N                  # every article stored by exactly one of them
    assert sum(ingested) + sum(skipped) == 60  # the 15 shared ones were stored by one, skipped by the other
    expected = {article_id(_text(i)) for i in range(N)}
    with open_store(store_url) as store:
        ledgers = list(store.ledgers())
        assert {lg.article.id for lg in ledgers} == expected and len(ledgers) == N
        counts = store.counts()
        assert counts["actors"] == sum(len(lg.actors) for lg in ledgers)          # nothing stored in part
        assert counts["attributions"] == sum(len(lg.attributions) for lg in ledgers)
        assert counts["events"] == sum(len(lg.events) for lg in ledgers)
        with store.engine.connect() as conn:
            seqs = sorted(conn.execute(select(schema.articles.c.seq)).scalars())
            assert seqs == list(range(1, N + 1))
            assert conn.execute(select(func.count(func.distinct(schema.articles.c.external_id)))).scalar_one() == N
    assert_keys_consistent(store_url)  # each article linked once, its key terms and band keys with it
