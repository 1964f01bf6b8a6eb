from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsledger.errors import DateError, DecodeError, EmptyInputError, InputNotFoundError, RecordError
from newsledger.ingest import Article, ReadFailure, parse_date, read_inputs
from newsledger.ingest.article import decode_text, guess_title


def read(*inputs: str, stdin: bytes | None = None, published: str | None = None) -> list[Article | ReadFailure]:
    return list(read_inputs(inputs, published=published, stdin=io.BytesIO(stdin) if stdin is not None else None))


def test_plain_text_file_keeps_text_exactly(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes("Headline here\n\nBody “quoted” text.\r\n".encode())
    (art,) = read(str(p), published="2024-01-02")
    assert isinstance(art, Article)
    assert art.text == "Headline here\n\nBody “quoted” text.\r\n"
    assert art.title == "Headline here"
    assert art.published == "2024-01-02"
    assert art.source == "a.txt"


def test_bom_is_dropped(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbfHello world.")
    (art,) = read(str(p))
    assert isinstance(art, Article)
    assert art.text == "Hello world."


@pytest.mark.parametrize(("data", "error"), [
    ("Caf\xe9 in cp1252".encode("cp1252"), DecodeError),
    (b"\x00\x01\x02binary", DecodeError),
    (b"   \n\t ", EmptyInputError),
    (b"", EmptyInputError),
])
def test_bad_files_fail_clearly(tmp_path: Path, data: bytes, error: type) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    (failure,) = read(str(p))
    assert isinstance(failure, ReadFailure)
    assert isinstance(failure.error, error)
    assert str(p) in failure.error.message
    assert "\n" not in failure.error.message


def test_missing_path() -> None:
    (failure,) = read("/no/such/file.txt")
    assert isinstance(failure, ReadFailure)
    assert isinstance(failure.error, InputNotFoundError)


def test_jsonl_keeps_good_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": "one", "text": "First story.", "title": "T1", "published": "2023-05-04",
                         "source": "S", "url": "http://x"}),
             "{not json",
             json.dumps({"id": 7, "text": "Second story."}),
             json.dumps({"id": "three", "text": ""}),
             json.dumps({"id": "four", "text": "Dated badly.", "published": "yesterday-ish"}),
             "",
             json.dumps(["a list"])]
    p.write_text("\n".join(lines), encoding="utf-8")
    items = read(str(p), published="2020-01-01")
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, ReadFailure)]
    assert [a.external_id for a in good] == ["one", "7"]
    assert good[0].published == "2023-05-04" and good[1].published == "2020-01-01"
    assert [f.where.rsplit(":", 1)[1] for f in bad] == ["2", "4", "5", "7"]
    assert all(isinstance(f.error, RecordError) for f in bad)
    assert "line 2" in bad[0].error.message


def test_directory_reads_text_and_jsonl_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": "Third."}) + "\n", encoding="utf-8")
    (tmp_path / "ignored.bin").write_bytes(b"\x00")
    texts = [a.text for a in read(str(tmp_path)) if isinstance(a, Article)]
    assert texts == ["First.", "Second.", "Third."]


def test_stdin_text_and_jsonl() -> None:
    (art,) = read("-", stdin=b"Just some text.")
    assert isinstance(art, Article) and art.text == "Just some text."
    arts = read("-", stdin=b'{"text": "A."}\n{"text": "B."}\n')
    assert [a.text for a in arts if isinstance(a, Article)] == ["A.", "B."]


@pytest.mark.parametrize(("value", "expected"), [
    ("2023-05-04", "2023-05-04"), ("2023-05-04T10:00:00Z", "2023-05-04"), ("2023-05-04 23:59", "2023-05-04"),
    (None, None), ("", None),
])
def test_parse_date(value: str | None, expected: str | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["04/05/2023", "tomorrow", "2023-13-01", 20230504])
def test_parse_date_rejects(value: object) -> None:
    with pytest.raises(DateError):
        parse_date(value)


def test_decode_and_title_helpers() -> None:
    assert decode_text(b"ok", "x") == "ok"
    assert guess_title("A headline\n\nBody.") == "A headline"
    assert guess_title("A sentence that ends.\n\nBody.") is None
    assert guess_title("No blank line\nBody.") is None


def test_overlong_article_is_refused_but_jsonl_neighbours_are_kept(tmp_path: Path) -> None:
    from newsledger.errors import TooLongError
    from newsledger.ingest.article import MAX_ARTICLE_CHARS

    big = "word " * (MAX_ARTICLE_CHARS // 5 + 1)
    p = tmp_path / "big.txt"
    p.write_text(big, encoding="utf-8")
    (failure,) = read(str(p))
    assert isinstance(failure, ReadFailure)
    assert isinstance(failure.error, TooLongError)
    assert "limit is 1,000,000" in failure.error.message
    j = tmp_path / "big.jsonl"
    j.write_text(json.dumps({"text": big}) + "\n" + json.dumps({"text": "Small one."}) + "\n", encoding="utf-8")
    items = read(str(j))
    assert isinstance(items[0], ReadFailure) and "line 1" in items[0].error.message
    assert isinstance(items[1], Article)


def test_jsonl_lone_surrogates_are_refused(tmp_path: Path) -> None:
    p = tmp_path / "s.jsonl"
    p.write_text('{"text": "bad \\ud800 text"}\n{"text": "fine", "title": "t\\udfff"}\n{"text": "good"}\n',
                 encoding="utf-8")
    items = read(str(p))
    assert [type(i).__name__ for i in items] == ["ReadFailure", "ReadFailure", "Article"]
    assert "lone surrogate" in items[0].error.message  # type: ignore[union-attr]


def test_jsonl_splits_at_newlines_only(tmp_path: Path) -> None:
    # json.dumps(ensure_ascii=False) leaves U+2028, U+0085 and \x1c raw: str.splitlines() would cut there
    texts = ["First\u2028line two.", "Next\x85line.", "Group\x1cseparated.", "Form\x0cfeed."]
    p = tmp_path / "raw.jsonl"
    p.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\r\n" for t in texts), encoding="utf-8")
    assert [a.text for a in read(str(p)) if isinstance(a, Article)] == texts


def test_jsonl_bad_bytes_cost_only_their_line(tmp_path: Path) -> None:
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + json.dumps({"text": "Good one."}).encode() + b"\n"
                  + b'{"text": "Caf\xe9 in latin-1."}\n' + json.dumps({"text": "Good two."}).encode())
    items = read(str(p))
    assert [type(i).__name__ for i in items] == ["Article", "ReadFailure", "Article"]
    bad = items[1]
    assert isinstance(bad, ReadFailure) and bad.where == f"{p}:2"
    assert isinstance(bad.error, RecordError) and "line 2: not UTF-8 (invalid byte 0xe9" in bad.error.message


def test_binary_file_named_jsonl_is_refused_whole(tmp_path: Path) -> None:
    p = tmp_path / "image.jsonl"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    (failure,) = read(str(p))
    assert isinstance(failure, ReadFailure) and isinstance(failure.error, DecodeError)
    assert "NUL bytes" in failure.error.message


def test_overlong_jsonl_line_is_skipped_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger.ingest import readers

    monkeypatch.setattr(readers, "MAX_LINE_BYTES", 100)
    p = tmp_path / "long.jsonl"
    p.write_text(json.dumps({"text": "x" * 500}) + "\n" + json.dumps({"text": "Short."}) + "\n"
                 + json.dumps({"text": "y" * 500}), encoding="utf-8")
    items = read(str(p))
    assert [type(i).__name__ for i in items] == ["ReadFailure", "Article", "ReadFailure"]
    assert "line 1: longer than 100 bytes" in items[0].error.message  # type: ignore[union-attr]
    assert items[2].where == f"{p}:3"  # type: ignore[union-attr]


def test_whole_read_files_have_a_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger.ingest import readers

    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    for name in ("big.txt", "big.html", "big.rss", "big.dat"):
        p = tmp_path / name
        p.write_bytes(b"word " * 300)
        (failure,) = read(str(p))
        assert isinstance(failure, ReadFailure) and "JSONL and WARC are streamed" in failure.error.message
    (failure,) = read("-", stdin=b"word " * 300)
    assert isinstance(failure, ReadFailure) and failure.where == "<stdin>"
    j = tmp_path / "many.jsonl"                   # streamed: no limit on the file, only on its lines
    j.write_text("".join(json.dumps({"text": f"Story {i}."}) + "\n" for i in range(100)), encoding="utf-8")
    assert len([a for a in read(str(j)) if isinstance(a, Article)]) == 100


def test_stdin_jsonl_is_streamed_across_the_sniffed_bytes() -> None:
    from newsledger.ingest.readers import SNIFF_BYTES

    records = [{"text": f"Story number {i} " + "word " * (i % 50)} for i in range(400)]
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    assert len(data) > 3 * SNIFF_BYTES
    assert [a.text for a in read("-", stdin=data) if isinstance(a, Article)] == [r["text"] for r in records]


@pytest.mark.parametrize(("key", "value"), [("title", "a\x00b"), ("id", "\x00"), ("source", "s\x00"),
                                            ("url", "\x00http")])
def test_jsonl_metadata_with_nul_is_refused(tmp_path: Path, key: str, value: str) -> None:
    p = tmp_path / "nul.jsonl"
    p.write_text(json.dumps({"text": "Fine text.", key: value}) + "\n", encoding="utf-8")
    (failure,) = read(str(p))
    assert isinstance(failure, ReadFailure) and f'"{key}" contains NUL' in failure.error.message
