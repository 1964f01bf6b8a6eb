#!/usr/bin/env python3
"""Fuzz every reader with generated and corrupted inputs: no input may crash newsledger's reading.

    python bench/fuzz_readers.py [--examples 10000] [--seed 1] [--json]

Hypothesis generates inputs for each way an article can come in (plain text, JSONL, HTML, RSS/Atom, WARC,
a directory of mixed files, stdin told by its first bytes, and files named for one format that hold
another), from well-formed documents of random content, encodings and declared charsets to documents
truncated, bit-flipped or spliced with random bytes, and raw random bytes. Each input goes through
``newsledger.ingest.read_inputs`` and must meet the reader's contract:

- it never raises: everything it yields is an ``Article`` or a ``ReadFailure``;
- a failure carries an ``InputError`` whose message is one line and names where (file, ``FILE:LINE``,
  ``FILE#ENTRY`` or ``FILE@OFFSET``);
- an article's text is non-blank, at most ``MAX_ARTICLE_CHARS`` long, and every field is text a database
  stores (no NUL, no lone surrogate), its date ``YYYY-MM-DD`` or none;
- a JSONL record written by ``json.dumps`` (either escaping) reads back with its text unchanged.

``--examples`` is the total, shared among the targets in proportion to their weights. Prints the inputs
run per target, the failures found (none, or the first with its minimal example) and the slowest input;
exits 1 on a failure. The test suite runs the same targets with a few examples each
(tests/ingest/test_reader_properties.py).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:                      # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))

from newsledger.errors import InputError  # noqa: E402
from newsledger.ingest import Article, ReadFailure, read_inputs  # noqa: E402
from newsledger.ingest.article import MAX_ARTICLE_CHARS, parse_date  # noqa: E402

# -- checking what a reader yields ------------------------------------------------------------------------


def _storable(value: str | None, what: str) -> None:
    if value is None:
        return
    assert isinstance(value, str), f"{what} is {type(value).__name__}"
    assert "\x00" not in value, f"{what} holds a NUL character"
    value.encode("utf-8")                     # raises on a lone surrogate


def check_items(items: list[Article | ReadFailure], where: str) -> None:
    """The reader's contract (see the module docstring) for everything read from ``where``."""
    for item in items:
        if isinstance(item, ReadFailure):
            assert isinstance(item.error, InputError), repr(item)
            message = item.error.message
            assert message.strip(), repr(item)
            assert "\n" not in message and "\r" not in message, repr(message)
            assert item.where.startswith(where), (item.where, where)
            assert where in message, (where, message)
            continue
        assert isinstance(item, Article), repr(item)
        assert item.text.strip(), "an article of blank text"
        assert len(item.text) <= MAX_ARTICLE_CHARS
        for name in ("text", "title", "published", "source", "url", "external_id"):
            _storable(getattr(item, name), name)
        if item.published is not None:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item.published), item.published
            assert parse_date(item.published) == item.published, item.published
        assert len(item.id) == 64


def read_all(inputs: list[str], stdin: bytes | None = None) -> list[Article | ReadFailure]:
    stream = io.BytesIO(stdin) if stdin is not None else None
    return list(read_inputs(inputs, published="2024-05-06", stdin=stream))


# -- what inputs look like -----------------------------------------------------------------------------------

WORDS = ["The", "minister", "said", "denied", "“", "”", '"', "'", "Kyiv", "café", "Zürich", "—", "\n", "\n\n",
         "\r\n", "<", ">", "&", "&amp;", "&#0;", "&#xD800;", "]]>", "\u2028", "\x85", "\x00", "\ufeff", "\ud7ff",
         "🙂", "\u202e", "\t", "ünïcödé", "шелл", "日本", "\\", "{", "}", "line"]
text_pieces = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=20)), max_size=40).map(" ".join)
ENCODINGS = ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-le", "shift_jis", "koi8-r", "ascii"]
LABELS = ["utf-8", "UTF-8", "latin-1", "iso-8859-1", "windows-1252", "utf-16", "utf-16be", "shift_jis", "koi8-r",
          "ascii", "klingon-8", "", "utf-7", "x-user-defined", "utf-32"]
DATES = st.one_of(st.none(), st.sampled_from(["2024-05-06", "2024-02-30", "9999-12-31", "0001-01-01", "yesterday",
                                               "2023-05-04T10:00:00Z", "2023-05-04T25:00:00", "", " 2023-05-04 "]),
                  st.text(max_size=12), st.integers(), st.floats(allow_nan=True))
json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30)),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                           max_leaves=8)


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace" if encoding not in {"utf-8", "utf-8-sig"} else "surrogatepass")


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` as it is, or truncated, bit-flipped, spliced with random bytes, or with a slice repeated."""
    for _ in range(draw(st.integers(0, 3))):
        if not data:
            break
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["truncate", "flip", "insert", "repeat", "delete"]))
        if op == "truncate":
            data = data[:at]
        elif op == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1:]
        elif op == "insert":
            data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
        elif op == "repeat":
            data = data[:at] + data[at:at + draw(st.integers(1, 64))] * draw(st.integers(2, 4)) + data[at:]
        else:
            data = data[:at] + data[at + draw(st.integers(1, 32)):]
    return data


@st.composite
def text_files(draw: st.DrawFn) -> bytes:
    return _encode(draw(text_pieces), draw(st.sampled_from(ENCODINGS)))


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["record", "record", "record", "value", "broken", "blank"]))
        if kind == "record":
            rec: dict[str, Any] = {"text": draw(st.one_of(text_pieces, json_values))}
            for key in ("id", "title", "published", "source", "url"):
                if draw(st.booleans()):
                    rec[key] = draw(DATES) if key == "published" else draw(st.one_of(text_pieces, json_values))
            extra = draw(st.dictionaries(st.text(max_size=6), json_values, max_size=2))
            line = json.dumps({**extra, **rec}, ensure_ascii=draw(st.booleans()))
        elif kind == "value":
            line = json.dumps(draw(json_values))
        elif kind == "broken":
            line = draw(st.sampled_from(["{", '{"text": "unterminated', "{'text': 'single'}", "null", "[]", "NaN",
                                         '{"text": "a"} trailing', '{"text": "\\ud800"}', '{"text": "x\\u0000"}']))
        else:
            line = draw(st.sampled_from(["", "   ", "\t"]))
        lines.append(line)
    sep = draw(st.sampled_from(["\n", "\r\n"]))
    data = sep.join(lines).encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()):
        data += sep.encode()
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + data


def _paragraphs(draw: st.DrawFn) -> str:
    from html import escape

    return "".join(f"<p>{escape(draw(text_pieces)) if draw(st.booleans()) else draw(text_pieces)}</p>"
                   for _ in range(draw(st.integers(0, 5))))


@st.composite
def html_files(draw: st.DrawFn) -> bytes:
    label = draw(st.sampled_from(LABELS))
    meta = draw(st.sampled_from([f'<meta charset="{label}">',
                                 f'<meta http-equiv="Content-Type" content="text/html; charset={label}">', ""]))
    head = f"<title>{draw(text_pieces)}</title>{meta}"
    if draw(st.booleans()):
        date = draw(DATES)
        head += f'<meta property="article:published_time" content="{date}">'
    soup = draw(st.sampled_from(["", "<script>var s = '</p><p>';</script>", "<style>p{}</style>", "<!-- note -->",
                                 "<b><i>unclosed", "<div><table><tr><td>cell", "<![CDATA[x]]>", "<?php echo 1 ?>",
                                 "<svg><script>alert(1)</script></svg>", "&nbsp;&bogus;&#99999999;"]))
    doc = (draw(st.sampled_from(["<!DOCTYPE html>", "", '<?xml version="1.0" encoding="' + label + '"?>']))
           + f"<html><head>{head}</head><body>{soup}<article><h1>{draw(text_pieces)}</h1>{_paragraphs(draw)}"
           f"</article>{soup}</body></html>")
    return _encode(doc, draw(st.sampled_from(ENCODINGS)))


@st.composite
def feed_files(draw: st.DrawFn) -> bytes:
    from html import escape

    label = draw(st.sampled_from(LABELS))
    entries = []
    atom = draw(st.booleans())
    for i in range(draw(st.integers(0, 4))):
        body = escape(_paragraphs(draw)) if draw(st.booleans()) else f"<![CDATA[{_paragraphs(draw)}]]>"
        title = escape(draw(text_pieces)) if draw(st.booleans()) else draw(text_pieces)
        date = draw(st.sampled_from(["Tue, 05 Mar 2024 10:00:00 GMT", "2024-04-02T09:30:00Z", "not a date",
                                     "Mon, 31 Feb 2024 10:00:00 GMT", "9999-12-31T23:59:59Z", ""]))
        if atom:
            entries.append(f"<entry><title>{title}</title><id>urn:e{i}</id><updated>{date}</updated>"
                           f'<content type="html">{body}</content></entry>')
        else:
            entries.append(f"<item><title>{title}</title><guid>e{i}</guid><pubDate>{date}</pubDate>"
                           f"<description>{body}</description></item>")
    decl = f'<?xml version="1.0" encoding="{label}"?>' if draw(st.booleans()) else ""
    if atom:
        doc = f'{decl}<feed xmlns="http://www.w3.org/2005/Atom"><title>{draw(text_pieces)}</title>{"".join(entries)}</feed>'
    else:
        doc = f'{decl}<rss version="2.0"><channel><title>{draw(text_pieces)}</title>{"".join(entries)}</channel></rss>'
    return _encode(doc, draw(st.sampled_from(ENCODINGS)))


@st.composite
def warc_files(draw: st.DrawFn) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=draw(st.booleans()))
    for i in range(draw(st.integers(0, 3))):
        ctype = draw(st.sampled_from(["text/html", "text/html; charset=utf-8", "text/html; charset=iso-8859-1",
                                      "text/html; charset=klingon", "application/xhtml+xml", "image/png",
                                      "text/plain"]))
        status = draw(st.sampled_from(["200 OK", "404 Not Found", "301 Moved Permanently", "200 OK"]))
        body = draw(st.one_of(html_files(), st.binary(max_size=200)))
        uri = draw(st.sampled_from([f"https://example.org/{i}", "https://example.org/ü", "urn:x"]))
        rec_type = draw(st.sampled_from(["response", "response", "request", "metadata", "resource"]))
        fixed = {"warc_headers_dict": {"WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{i:012d}>",
                                       "WARC-Date": "2024-05-06T00:00:00Z"}}   # the same bytes on every run
        if rec_type == "response":
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                                **fixed)
        elif rec_type == "request":
            headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            record = writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=headers,
                                                **fixed)
        else:
            record = writer.create_warc_record(uri, rec_type, payload=io.BytesIO(body), **fixed)
        writer.write_record(record)
    return out.getvalue()


FORMATS: dict[str, tuple[str, Callable[[], st.SearchStrategy[bytes]]]] = {
    "text": (".txt", text_files),
    "jsonl": (".jsonl", jsonl_files),
    "html": (".html", html_files),
    "feed": (".rss", feed_files),
    "warc": (".warc", warc_files),
}
ANY_DOCUMENT = st.one_of(*(make() for _, make in FORMATS.values()))
NAMES = [".txt", ".text", ".jsonl", ".ndjson", ".html", ".htm", ".xhtml", ".rss", ".atom", ".xml", ".warc",
         ".warc.gz", ".arc", ".dat", ""]


# -- the targets -------------------------------------------------------------------------------------------


@dataclass
class Stats:
    """Inputs run per target, and the slowest one."""

    runs: dict[str, int] = field(default_factory=dict)
    slowest: tuple[float, str] = (0.0, "")

    def record(self, target: str, seconds: float) -> None:
        self.runs[target] = self.runs.get(target, 0) + 1
        if seconds > self.slowest[0]:
            self.slowest = (seconds, target)


@dataclass
class Fuzzer:
    """The reader targets over one scratch directory; each call of a target reads one input."""

    workdir: Path
    stats: Stats = field(default_factory=Stats)

    @contextlib.contextmanager
    def _timed(self, target: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.stats.record(target, time.perf_counter() - start)

    def file(self, target: str, data: bytes, suffix: str) -> None:
        path = self.workdir / f"input{suffix}"
        if suffix.endswith(".gz") and not data.startswith(b"\x1f\x8b"):
            data = gzip.compress(data)
        path.write_bytes(data)
        with self._timed(target):
            items = read_all([str(path)])
        check_items(items, str(path))
        path.unlink()

    def stdin(self, data: bytes) -> None:
        with self._timed("stdin"):
            items = read_all(["-"], stdin=data)
        check_items(items, "<stdin>")

    def directory(self, files: list[tuple[str, bytes]]) -> None:
        root = self.workdir / "dir"
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir()
        for i, (suffix, data) in enumerate(files):
            sub = root / ("nested" if i % 3 == 2 else "")
            sub.mkdir(exist_ok=True)
            (sub / f"f{i}{suffix}").write_bytes(data)
        with self._timed("directory"):
            items = read_all([str(root)])
        check_items(items, str(root))
        shutil.rmtree(root)

    def jsonl_round_trip(self, records: list[dict[str, str]], ensure_ascii: bool) -> None:
        path = self.workdir / "records.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=ensure_ascii) + "\n" for r in records), encoding="utf-8")
        with self._timed("jsonl round trip"):
            items = read_all([str(path)])
        check_items(items, str(path))
        expected = [r["text"] for r in records if r["text"].strip() and not any("\x00" in v for v in r.values())]
        assert [a.text for a in items if isinstance(a, Article)] == expected


def _file_target(fuzz: Fuzzer, name: str, suffix: str) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        fuzz.file(name, data, suffix)
    return target


def targets(fuzz: Fuzzer) -> dict[str, tuple[int, Callable[[], None]]]:
    """Each target's weight (its share of the examples) and its hypothesis test."""
    out: dict[str, tuple[int, Callable[[], None]]] = {}
    for name, (suffix, make) in FORMATS.items():
        out[name] = (3, given(make())(_file_target(fuzz, name, suffix)))
        corrupted = f"{name} corrupted"
        out[corrupted] = (2, given(make().flatmap(mutated))(_file_target(fuzz, corrupted, suffix)))

    def raw_bytes(data: bytes, suffix: str) -> None:
        fuzz.file("random bytes", data, suffix)

    def misnamed(data: bytes, suffix: str) -> None:
        fuzz.file("misnamed", data, suffix)

    def stdin(data: bytes) -> None:
        fuzz.stdin(data)

    def directory(files: list[tuple[str, bytes]]) -> None:
        fuzz.directory(files)

    def jsonl_round_trip(records: list[dict[str, str]], ensure_ascii: bool) -> None:
        fuzz.jsonl_round_trip(records, ensure_ascii)

    record = st.fixed_dictionaries({"text": text_pieces}, optional={"id": st.text(max_size=10), "title": text_pieces})
    out["random bytes"] = (2, given(st.binary(max_size=2048), st.sampled_from(NAMES))(raw_bytes))
    out["misnamed"] = (2, given(ANY_DOCUMENT.flatmap(mutated), st.sampled_from(NAMES))(misnamed))
    out["stdin"] = (3, given(st.one_of(ANY_DOCUMENT, ANY_DOCUMENT.flatmap(mutated), st.binary(max_size=512)))(stdin))
    out["directory"] = (2, given(st.lists(st.tuples(st.sampled_from(NAMES),
                                                    st.one_of(ANY_DOCUMENT, st.binary(max_size=256))),
                                          max_size=5))(directory))
    out["jsonl round trip"] = (2, given(st.lists(record, max_size=5), st.booleans())(jsonl_round_trip))
    return out


def _describe(exc: BaseException) -> str:
    """The exception with hypothesis' notes (the falsifying example); each one of a group."""
    if isinstance(exc, BaseExceptionGroup):
        return "\n".join(_describe(e) for e in exc.exceptions)
    notes = "\n".join(getattr(exc, "__notes__", []))
    return f"{type(exc).__name__}: {exc}\n{notes}"


def run(examples: int, seed_value: int, workdir: Path | None = None, only: str | None = None) -> dict[str, Any]:
    """Run the targets with ``examples`` inputs in all; the counts, and the first failure if any."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        fuzz = Fuzzer(Path(tmp))
        chosen = {k: v for k, v in targets(fuzz).items() if only is None or k == only}
        total_weight = sum(w for w, _ in chosen.values())
        failure = None
        for name, (weight, test) in chosen.items():
            n = max(1, round(examples * weight / total_weight))
            configured = settings(max_examples=n, deadline=None, database=None, derandomize=False,
                                  phases=[Phase.explicit, Phase.generate, Phase.shrink],
                                  suppress_health_check=list(HealthCheck), print_blob=True)(test)
            try:
                seed(seed_value)(configured)()
            except Exception as exc:   # a crash or a broken contract: report it with hypothesis' minimal example
                failure = f"{name}: {_describe(exc)}"
                break
    runs = fuzz.stats.runs
    return {"inputs": sum(runs.values()), "per_target": runs, "failure": failure,
            "slowest_seconds": round(fuzz.stats.slowest[0], 3), "slowest_target": fuzz.stats.slowest[1]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--examples", type=int, default=10_000, help="inputs in all, shared among the targets")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", help="run one target (see the per-target counts for names)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    started = time.monotonic()
    report = run(args.examples, args.seed, only=args.only)
    report["seconds"] = round(time.monotonic() - started, 1)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for name, n in report["per_target"].items():
            print(f"{name:>20}: {n:,} inputs")
        print(f"{'total':>20}: {report['inputs']:,} inputs in {report['seconds']} s, slowest "
              f"{report['slowest_seconds']} s ({report['slowest_target']})")
        print(f"{'crashes':>20}: {report['failure'] or 0}")
    return 1 if report["failure"] else 0


if __name__ == "__main__":
    sys.exit(main())
