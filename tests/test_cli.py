"""The command line as users meet it: exit codes, one-line errors, bad input never stored."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsledger.cli import main


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "newsledger", *args], input=stdin, capture_output=True,
                          timeout=300, check=False)


def one_line_error(proc: subprocess.CompletedProcess[bytes]) -> str:
    err = proc.stderr.decode()
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize(("data", "needle"), [
    (b"", "empty input"),
    (b"\x00\x01\x02\x03", "not UTF-8"),
    ("Caf\xe9 cr\xe8me".encode("latin-1"), "not UTF-8"),
])
def test_bad_files_exit_2_with_one_line(tmp_path: Path, data: bytes, needle: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    for cmd in ("analyze", "extract"):
        proc = run(cmd, str(p))
        assert proc.returncode == 2
        assert needle in one_line_error(proc)


def test_missing_file_and_bad_date(tmp_path: Path) -> None:
    proc = run("extract", str(tmp_path / "nope.txt"))
    assert proc.returncode == 2
    assert "no such file" in one_line_error(proc)
    p = tmp_path / "a.txt"
    p.write_text("Some text.", encoding="utf-8")
    proc = run("extract", str(p), "--published", "04/05/2023")
    assert proc.returncode == 2
    assert "cannot read date" in one_line_error(proc)


def test_usage_errors_exit_2() -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["extract"]).exit_code == 2
    assert runner.invoke(main, ["extract", "x", "--format", "xml"]).exit_code == 2
    assert runner.invoke(main, ["no-such-command"]).exit_code == 2


def test_bad_db_url_exit_2(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Some text.", encoding="utf-8")
    proc = run("ingest", str(p), "--db", "mysql://x@y/z")
    assert proc.returncode == 2
    assert "not a database URL" in one_line_error(proc)


def test_bad_input_never_touches_the_store(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    proc = run("ingest", str(bad), "--db", str(db))
    assert proc.returncode == 2
    from newsledger.store import open_store

    with open_store(str(db)) as store:
        assert store.count() == 0


@pytest.mark.model
def test_extract_is_deterministic_and_spans_match(tmp_path: Path, seed_text: str) -> None:
    p = tmp_path / "seed.txt"
    p.write_text(seed_text, encoding="utf-8")
    first = run("extract", str(p), "--published", "2023-05-04")
    second = run("extract", str(p), "--published", "2023-05-04")
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout == second.stdout
    doc = json.loads(first.stdout)
    text = p.read_text(encoding="utf-8")
    for att in doc["attributions"]:
        for part in ("speaker", "cue", "content"):
            if att[part]:
                span = att[part]["span"]
                if isinstance(span[0], list):  # a content in pieces: its text is the pieces joined by " … "
                    assert " … ".join(text[s:e] for s, e in span) == att[part]["text"]
                else:
                    assert text[span[0]:span[1]] == att[part]["text"]
    for ev in doc["events"]:
        s, e = ev["trigger"]["span"]
        assert text[s:e] == ev["trigger"]["text"]


@pytest.mark.model
def test_jsonl_with_one_broken_line(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps({"id": "a", "text": "Officials said the talks failed."}) + "\n{broken\n"
                 + json.dumps({"id": "b", "text": "The minister denied the report."}) + "\n", encoding="utf-8")
    proc = run("extract", str(p))
    assert proc.returncode == 2
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [o["article"]["external_id"] for o in out] == ["a", "b"]
    assert "line 2" in one_line_error(proc)


@pytest.mark.model
def test_ingest_twice_then_query(tmp_path: Path, seed_text: str) -> None:
    p = tmp_path / "seed.txt"
    p.write_text(seed_text, encoding="utf-8")
    db = str(tmp_path / "l.db")
    first = run("ingest", str(p), "--db", db, "--published", "2023-05-04")
    assert first.returncode == 0, first.stderr.decode()
    assert "ingested 1" in first.stderr.decode()
    second = run("ingest", str(p), "--db", db)
    assert "ingested 0, skipped 1" in second.stderr.decode()
    q = run("query", "--db", db, "--actor", "UKR", "--stance", "deny", "--format", "jsonl")
    rows = [json.loads(line) for line in q.stdout.decode().splitlines()]
    assert any("Zelensky" in r["speaker_text"] for r in rows)


@pytest.mark.model
def test_analyze_bundled_example() -> None:
    proc = run("analyze")
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    for needle in ("Peskov", "Zelensky", "accuse", "deny", "unsupported", "2023-05-03"):
        assert needle in out


def test_ingest_commits_in_the_batches_the_library_uses() -> None:
    from newsledger.cli import ingest
    from newsledger.scale.batch import INGEST_BATCH

    assert next(p.default for p in ingest.params if p.name == "batch_size") == INGEST_BATCH
