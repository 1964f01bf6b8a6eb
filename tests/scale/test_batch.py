from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.errors import DecodeError, RecordError
from newsledger.ingest import ReadFailure
from newsledger.scale.batch import IngestSummary, ingest_inputs
from newsledger.store import open_store


def test_summary_line_counts_failures_by_reason() -> None:
    s = IngestSummary(ingested=5, duplicates=2)
    assert s.describe() == "ingested 5, skipped 2 as duplicate, failed 0"
    s.failures += [ReadFailure("a", DecodeError(where="a", reason="x")),
                   ReadFailure("b", DecodeError(where="b", reason="y")),
                   ReadFailure("c", RecordError(where="c", line=3, reason="z"))]
    assert s.describe() == ("ingested 5, skipped 2 as duplicate, failed 3 "
                            "(NL101 not text in its encoding: 2, NL103 bad JSONL record: 1)")


@pytest.mark.model
def test_ingest_reports_progress_and_skips_repeats(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join([json.dumps({"id": "a", "text": "The mayor said the bridge would reopen."}),
                            json.dumps({"id": "b", "text": "Rebels attacked a convoy, the army said."}),
                            json.dumps({"id": "a-again", "text": "The mayor said the bridge would reopen."}),
                            "{bad"]) + "\n", encoding="utf-8")
    seen: list[tuple[int, int]] = []
    failures: list[ReadFailure] = []
    with open_store(str(tmp_path / "l.db")) as store:
        summary = ingest_inputs([str(p)], store, batch_size=1, on_failure=failures.append,
                                on_progress=lambda s: seen.append((s.done, s.ingested)))
        assert (summary.ingested, summary.duplicates, summary.failed) == (2, 1, 1)
        assert [f.where for f in failures] == [f"{p}:4"]
        assert seen[-1] == (4, 2)
        assert [d for d, _ in seen] == sorted(d for d, _ in seen)
        again = ingest_inputs([str(p)], store)
        assert (again.ingested, again.duplicates, again.failed) == (0, 3, 1)
        assert store.count() == 2
