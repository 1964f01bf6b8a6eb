"""The bad-input table of docs/bad-input.md, row by row: each input through `newsledger ingest` into a ledger that
already holds articles. Each row gets its result or a clear one-line message, the exit code of the table
(0 ok, 2 bad input), and nothing already stored is touched (checked before and after).

Large inputs are generated in the test's temporary directory, never committed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsledger.cli import main
from newsledger.store import open_store
from tests.store.factory import make_article_ledger

MB = 1024 * 1024
DATED = ("Rebels attacked a convoy on Wednesday, the army said. The general said troops would attack the town "
         "tomorrow.")
STORY = ("The harbour authority said on Wednesday that the ferry strike had ended after talks with the crews. "
         "Union leaders denied that any agreement had been signed.")


@dataclass
class Row:
    """One row of the table: what to write, the command's extra arguments, what must come out."""

    write: Callable[[Path], list[str]]          # writes the input under the directory, returns the CLI inputs
    exit_code: int
    messages: tuple[str, ...] = ()              # each must appear in stderr's failure lines
    new_articles: int = 0
    args: tuple[str, ...] = ()
    check: Callable[[list[dict[str, Any]]], None] | None = None   # on the new articles' contract objects
    summary: str = ""                            # in the summary line


def _file(name: str, data: bytes | str) -> Callable[[Path], list[str]]:
    def write(d: Path) -> list[str]:
        p = d / name
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return [str(p)]
    return write


def _jsonl(name: str, records: list[dict[str, Any] | str]) -> Callable[[Path], list[str]]:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return _file(name, "\n".join(lines) + "\n")


def _big_text(d: Path) -> list[str]:
    p = d / "fifty.txt"
    para = (STORY + "\n\n").encode()
    with p.open("wb") as f:
        for _ in range(50 * MB // len(para) + 1):
            f.write(para)
    assert p.stat().st_size >= 50 * MB
    return [str(p)]


BIG_DISTINCT = 40


def _big_jsonl(d: Path) -> list[str]:
    """50 MB of JSONL: 40 distinct articles of ~2 KB, each repeated (a feed dump with re-sent stories)."""
    p = d / "fifty.jsonl"
    stories = [(f"Report {i}. " + STORY + " ") * 8 for i in range(BIG_DISTINCT)]
    size = n = 0
    with p.open("w", encoding="utf-8") as f:
        while size < 50 * MB:
            line = json.dumps({"id": f"r{n}", "text": stories[n % BIG_DISTINCT], "published": "2024-05-08"}) + "\n"
            f.write(line)
            size += len(line)
            n += 1
    return [str(p)]


def _soup_checks(new: list[dict[str, Any]]) -> None:
    (doc,) = new
    text = doc["text"]
    assert "ferry strike had ended" in text
    for bad in ("alert(", "color:", "tracker", "<p", "&amp;"):
        assert bad not in text, bad


def _latin_checks(new: list[dict[str, Any]]) -> None:
    (doc,) = new
    assert "café" in doc["text"] and "“talks”" in doc["text"]


def _times(doc: dict[str, Any]) -> dict[str, tuple[str | None, str] | None]:
    """Each event trigger's time as (value, precision), None when the event has no time."""
    return {e["trigger"]["text"]: (e["time"]["value"], e["time"]["precision"]) if e["time"] else None
            for e in doc["events"]}


def _unknown_date_checks(new: list[dict[str, Any]]) -> None:
    (doc,) = new
    assert doc["article"]["published"] is None
    times = _times(doc)
    assert times["attacked"] == (None, "unknown") and times["attack"] == (None, "unknown")  # kept, not guessed


def _future_checks(new: list[dict[str, Any]]) -> None:
    by_id = {d["article"]["external_id"]: d for d in new}
    assert by_id["future"]["article"]["published"] == "2031-05-08"
    assert _times(by_id["future"]) == {"attacked": ("2031-05-07", "day"), "attack": ("2031-05-09", "day")}
    assert by_id["far"]["article"]["published"] == "9999-12-31"
    # "tomorrow" of 9999-12-31 is past the calendar: the event is kept, without a time
    assert _times(by_id["far"]) == {"attacked": ("9999-12-29", "day"), "attack": None}


SOUP = ("<html><head><title>Ferry strike ends</title><style>body { color: red }</style>"
        "<script>alert('x'); document.write('<p>fake</p>')</script></head><body>"
        "<nav>Home | Sport</nav><script src='tracker.js'></script><div><article><h1>Ferry strike ends</h1>"
        f"<p>{STORY}<b>unclosed <i>tags</p><!-- comment --><p>More: the port &amp; the quay reopened"
        "<style>.x{{}}</style></article><noscript>enable js</noscript></body>")
LATIN = ('<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head><body><article>'
         f"<p>{STORY}</p><p>The caf\xe9 owners welcomed the \u201ctalks\u201d on Monday, the mayor said.</p>"
         "</article></body></html>").encode("cp1252")

ROWS: dict[str, Row] = {
    "empty file": Row(_file("empty.txt", b""), 2, ("NL102", "empty input")),
    "blank file": Row(_file("blank.txt", b" \n\t\r\n"), 2, ("NL102", "empty input")),
    "binary file": Row(_file("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x10"), 2, ("NL101", "NUL bytes")),
    "binary file named .jsonl": Row(_file("image.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 2,
                                    ("NL101", "NUL bytes")),
    "invalid UTF-8": Row(_file("broken.txt", b"Officials said \xff\xfe the port was shelled."), 2,
                         ("NL101", "invalid byte 0xff at offset 15")),
    "cp1252 text": Row(_file("cp1252.txt", "The caf\xe9 owners said \u201cno\u201d.".encode("cp1252")), 2,
                       ("NL101", "convert it to UTF-8 first")),
    "latin-1 declared in HTML": Row(_file("latin.html", LATIN), 0, new_articles=1, check=_latin_checks),
    "HTML declared UTF-8 but latin-1": Row(_file("liar.html", LATIN.replace(b"iso-8859-1", b"utf-8")), 2,
                                           ("NL101", "not UTF-8")),
    "HTML soup with scripts and styles": Row(_file("soup.html", SOUP), 0, new_articles=1, check=_soup_checks),
    "50 MB text file": Row(_big_text, 2, ("NL107", "the limit is 1,000,000")),
    "50 MB JSONL of many articles": Row(_big_jsonl, 0, new_articles=BIG_DISTINCT,
                                        summary=f"ingested {BIG_DISTINCT}, skipped "),
    "JSONL with one broken line": Row(_jsonl("mixed.jsonl", [
        {"id": "a", "text": "Officials said the talks had failed."}, {"id": "b", "text": "The minister resigned."},
        '{"id": "c", "text": "unterminated', {"id": "d", "text": "Rebels attacked a convoy, the army said."}]),
        2, ("NL103", "mixed.jsonl: line 3: not JSON"), new_articles=3),
    "unknown date (none given)": Row(_jsonl("undated.jsonl", [{"id": "u", "text": DATED}]), 0, new_articles=1,
                                     check=_unknown_date_checks),
    "unreadable date in a record": Row(_jsonl("baddate.jsonl", [
        {"id": "ok", "text": "The council met on Monday, officials said."},
        {"id": "bad", "text": STORY, "published": "last spring"}]), 2,
        ("NL103", "baddate.jsonl: line 2: cannot read date 'last spring'"), new_articles=1),
    "unreadable --published": Row(_file("plain.txt", STORY), 2, ("NL104", "cannot read date '31/12/2024'"),
                                  args=("--published", "31/12/2024")),
    "future publication dates": Row(_jsonl("future.jsonl", [
        {"id": "future", "text": DATED, "published": "2031-05-08"},
        {"id": "far", "text": "In the far future: " + DATED, "published": "9999-12-31"}]),
        0, new_articles=2, check=_future_checks),
    "missing file": Row(lambda d: [str(d / "nowhere.txt")], 2, ("NL105", "no such file")),
}


def _snapshot(db: str) -> tuple[list[str], dict[str, int]]:
    with open_store(db) as store:
        return [lg.to_json(include_text=True) for lg in store.ledgers()], store.counts()


@pytest.fixture
def filled_db(tmp_path: Path) -> str:
    db = str(tmp_path / "ledger.db")
    with open_store(db) as store:
        store.add_many([make_article_ledger(n) for n in range(3)])
    return db


@pytest.mark.model
@pytest.mark.parametrize("name", list(ROWS))
def test_bad_input_row(name: str, tmp_path: Path, filled_db: str) -> None:
    row = ROWS[name]
    inputs = row.write(tmp_path)
    before, counts_before = _snapshot(filled_db)
    res = CliRunner().invoke(main, ["ingest", *inputs, "--db", filled_db, "--no-progress", *row.args])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert res.exit_code == row.exit_code, res.stderr
    err = [line for line in res.stderr.splitlines() if line.strip()]
    assert "Traceback" not in res.stderr
    failures = [line for line in err if line.startswith(("newsledger: skipped", "newsledger: error"))]
    for needle in row.messages:
        assert any(needle in line for line in failures), (needle, err)
    assert len(failures) == (len(row.messages) and 1), err           # one line per bad input
    after, counts_after = _snapshot(filled_db)
    assert after[:len(before)] == before                             # what was stored is untouched, in order
    assert len(after) - len(before) == row.new_articles, err
    if row.new_articles == 0:
        assert counts_after == counts_before
    if row.check is not None:
        row.check([json.loads(doc) for doc in after[len(before):]])
    assert row.summary in err[-1], err[-1]


def test_every_documented_row_has_a_test() -> None:
    from tests.conftest import ROOT

    page = (ROOT / "docs" / "bad-input.md").read_text(encoding="utf-8")
    table = page[page.index("## Bad input"):]
    table = table[:table.index("\n## ", 4)]
    rows = [line.split("|")[1].strip() for line in table.splitlines() if line.startswith("| ")][1:]
    assert sorted(rows) == sorted(ROWS), (rows, list(ROWS))
