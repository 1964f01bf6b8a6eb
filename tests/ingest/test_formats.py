"""HTML pages, RSS/Atom feeds and WARC archives, written here by hand (warcio writes the archives)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsledger.errors import DecodeError, InputError
from newsledger.ingest import Article, ReadFailure, read_inputs
from newsledger.ingest.html import declared_charset, decode_html, fragment_text

BODY = ("<p>The harbour authority of Port Vell said on Tuesday that the ferry strike had ended after talks "
        "with the crews, who had asked for safer working hours and better pay.</p>"
        "<p>Union leaders denied that any agreement had been signed, and said the vote of their members "
        "would decide the matter next week. Passengers waited for hours on the quay.</p>"
        "<p>Officials said the café near the terminal had opened early for the stranded travellers.</p>")


def page(charset_meta: str = '<meta charset="utf-8">', body: str = BODY, extra_head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head>{charset_meta}<title>Ferry strike ends | Harbour Times</title>"
            '<meta property="og:site_name" content="Harbour Times">'
            '<meta property="article:published_time" content="2024-03-05T08:00:00Z">'
            f'<link rel="canonical" href="https://harbour.example/strike">{extra_head}</head>'
            '<body><nav><a href="/">Home</a> | <a href="/sport">Sport</a></nav>'
            f"<article><h1>Ferry strike ends</h1>{body}</article>"
            "<footer>All rights reserved. Subscribe to our newsletter.</footer></body></html>")


def read(*inputs: str, stdin: bytes | None = None, published: str | None = None) -> list[Article | ReadFailure]:
    return list(read_inputs(inputs, published=published, stdin=io.BytesIO(stdin) if stdin is not None else None))


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    p = tmp_path / "strike.html"
    p.write_bytes(page().encode("utf-8"))
    (art,) = read(str(p), published="2020-01-01")
    assert isinstance(art, Article)
    assert "ferry strike had ended" in art.text and "café" in art.text
    assert "Subscribe" not in art.text and "Sport" not in art.text      # boilerplate dropped
    assert art.title == "Ferry strike ends"
    assert art.published == "2024-03-05"                                 # the page's date wins
    assert art.source == "Harbour Times"
    assert art.url == "https://harbour.example/strike"


@pytest.mark.parametrize("meta", ['<meta charset="iso-8859-1">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=latin-1">',
                                  '<meta charset="windows-1252">'])
def test_html_in_its_declared_latin1_charset(tmp_path: Path, meta: str) -> None:
    p = tmp_path / "latin.htm"
    p.write_bytes(page(meta, body=BODY + "<p>The mayor’s café reopened.</p>").encode("cp1252"))
    (art,) = read(str(p))
    assert isinstance(art, Article)
    assert "café" in art.text and "mayor’s" in art.text


def test_html_declared_utf8_but_not_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "bad.html"
    p.write_bytes(page().encode("utf-8").replace("café".encode(), "café".encode("latin-1")))
    (failure,) = read(str(p))
    assert isinstance(failure, ReadFailure) and isinstance(failure.error, DecodeError)


def test_undeclared_html_must_be_utf8() -> None:
    assert decode_html("<p>café</p>".encode(), "x") == "<p>café</p>"
    with pytest.raises(DecodeError, match="not UTF-8"):
        decode_html("<p>café</p>".encode("latin-1"), "x")
    with pytest.raises(DecodeError, match="unknown charset"):
        decode_html(b'<meta charset="klingon-8"><p>x</p>', "x")


def test_charset_order_bom_then_transport_then_meta() -> None:
    doc = b'<meta charset="iso-8859-1">'
    assert declared_charset(doc) == "iso-8859-1"
    assert declared_charset(doc, transport="utf-8") == "utf-8"
    assert declared_charset(b"\xef\xbb\xbf" + doc, transport="koi8-r") == "utf-8"
    assert declared_charset(b'<?xml version="1.0" encoding="ISO-8859-2"?><html/>') == "ISO-8859-2"
    assert declared_charset(b"<p>plain</p>") is None


def test_html_without_article_text(tmp_path: Path) -> None:
    p = tmp_path / "empty.html"
    p.write_bytes(b"<html><head><title>x</title></head><body><script>var a = 1;</script>"
                  b"<img src='a.png'></body></html>")
    (failure,) = read(str(p))
    assert isinstance(failure, ReadFailure) and isinstance(failure.error, InputError)
    assert "no article text" in failure.error.message


def test_fragment_text_keeps_paragraphs() -> None:
    assert fragment_text("<p>One <b>bold</b> claim.</p><p>Second&nbsp;one.<br>New line.</p><script>x()</script>") \
        == "One bold claim.\n\nSecond one.\nNew line."
    assert fragment_text("no markup  at all") == "no markup at all"
    assert fragment_text("<p>Back\x08space <!-- a comment --> and\x1bescape</p><p>two</p>") == \
        "Back\x08space and\x1bescape\n\ntwo"                    # lxml refuses to set such text: it is only read
    assert fragment_text("<b>" * 200 + "deep" + "</b>" * 200) == "deep"
    assert fragment_text("<b>" * 5000 + "deeper" + "</b>" * 5000) == ""     # libxml2 stops at 255 levels


RSS = """<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Valley Gazette</title><link>https://valley.example/</link><description>News</description>
<item><title>Dam inspection delayed</title><link>https://valley.example/dam</link>
<guid>valley-1</guid><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>The water board said the dam inspection was delayed.</p>
<p>Engineers blamed the weather in the caf\xe9 district.</p>]]></content:encoded>
</item>
<item><title>Only a title</title><link>https://valley.example/t</link><guid>valley-2</guid></item>
<item><title>Bridge reopens</title><link>https://valley.example/bridge</link><guid>valley-3</guid>
<description>&lt;p&gt;The council reopened the old bridge on Monday.&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Post</title><id>urn:hill</id>
<updated>2024-04-01T00:00:00Z</updated>
<entry><title>Mayor resigns</title><id>urn:hill:1</id><link href="https://hill.example/1"/>
<updated>2024-04-02T09:30:00Z</updated>
<content type="html">&lt;p&gt;The mayor resigned, aides said.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_entries_become_articles(tmp_path: Path) -> None:
    p = tmp_path / "valley.rss"
    p.write_bytes(RSS.encode("latin-1"))
    items = read(str(p), published="2020-01-01")
    arts = [i for i in items if isinstance(i, Article)]
    fails = [i for i in items if isinstance(i, ReadFailure)]
    assert [a.external_id for a in arts] == ["valley-1", "valley-3"]
    first = arts[0]
    assert first.text == ("The water board said the dam inspection was delayed.\n\n"
                          "Engineers blamed the weather in the café district.")
    assert (first.title, first.published, first.source, first.url) == (
        "Dam inspection delayed", "2024-03-05", "Valley Gazette", "https://valley.example/dam")
    assert arts[1].text == "The council reopened the old bridge on Monday."
    assert arts[1].published == "2020-01-01"
    assert [f.where for f in fails] == [f"{p}#2"]
    assert "no text" in fails[0].error.message


def test_atom_feed(tmp_path: Path) -> None:
    p = tmp_path / "hill.atom"
    p.write_text(ATOM, encoding="utf-8")
    (art,) = read(str(p))
    assert isinstance(art, Article)
    assert (art.text, art.published, art.source, art.external_id) == (
        "The mayor resigned, aides said.", "2024-04-02", "Hill Post", "urn:hill:1")


def test_not_a_feed(tmp_path: Path) -> None:
    p = tmp_path / "data.xml"
    p.write_text("<?xml version='1.0'?><catalog><book>x</book></catalog>", encoding="utf-8")
    (failure,) = read(str(p))
    assert isinstance(failure, ReadFailure)


def write_warc(path: Path, records: list[tuple[str, str, bytes, str]], gz: bool = True) -> None:
    """records: (uri, content-type, body, status)"""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gz)
        for uri, ctype, body, status in records:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
            request = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            writer.write_record(writer.create_warc_record(uri, "request", payload=request))


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses(tmp_path: Path, gz: bool) -> None:
    p = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    latin = page("", body=BODY.replace("Officials", "Officials in Almería"))
    write_warc(p, [("https://harbour.example/strike", "text/html; charset=utf-8", page().encode(), "200 OK"),
                   ("https://harbour.example/logo.png", "image/png", b"\x89PNG....", "200 OK"),
                   ("https://harbour.example/old", "text/html", b"<html>moved</html>", "301 Moved Permanently"),
                   ("https://harbour.example/latin", "text/html; charset=ISO-8859-1", latin.encode("latin-1"),
                    "200 OK")], gz=gz)
    items = read(str(p))
    assert all(isinstance(i, Article) for i in items), items
    arts = [i for i in items if isinstance(i, Article)]
    assert len(arts) == 2
    assert "Almería" in arts[1].text
    assert arts[0].external_id and arts[0].external_id.startswith("<urn:uuid:")
    assert arts[1].url == "https://harbour.example/strike"                 # the page's canonical link


def test_truncated_warc_keeps_what_was_read(tmp_path: Path) -> None:
    p = tmp_path / "cut.warc.gz"
    write_warc(p, [("https://a.example/1", "text/html", page().encode(), "200 OK"),
                   ("https://a.example/2", "text/html", page(body=BODY.replace("Tuesday", "Friday")).encode(),
                    "200 OK")])
    data = p.read_bytes()
    p.write_bytes(data[: len(data) * 3 // 4])                 # in the middle of the second response
    items = read(str(p))
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], ReadFailure)
    assert "truncated" in items[-1].error.message


def test_directory_and_stdin_tell_formats(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(page(), encoding="utf-8")
    (tmp_path / "b.rss").write_bytes(RSS.encode("latin-1"))
    write_warc(tmp_path / "c.warc.gz", [("https://x.example/", "text/html", page().encode(), "200 OK")])
    (tmp_path / "d.txt").write_text("A plain note.", encoding="utf-8")
    (tmp_path / "e.png").write_bytes(b"\x89PNG")
    arts = [i for i in read(str(tmp_path)) if isinstance(i, Article)]
    assert [a.source for a in arts] == ["Harbour Times", "Valley Gazette", "Valley Gazette", "Harbour Times",
                                        "d.txt"]
    (art,) = read("-", stdin=page().encode())
    assert isinstance(art, Article) and art.title == "Ferry strike ends"
    feed_items = read("-", stdin=ATOM.encode())
    assert [a.external_id for a in feed_items if isinstance(a, Article)] == ["urn:hill:1"]
    warc_items = read("-", stdin=(tmp_path / "c.warc.gz").read_bytes())
    assert len([a for a in warc_items if isinstance(a, Article)]) == 1


@pytest.mark.parametrize("data", [b"WARC/1.0\r\nthis is no header\r\n\r\n", b"\x1f\x8bnot gzip at all", b"plain"])
def test_unreadable_warc(tmp_path: Path, data: bytes) -> None:
    p = tmp_path / "bad.warc"
    p.write_bytes(data)
    (failure,) = read(str(p))
    assert isinstance(failure, ReadFailure)
    assert "WARC" in failure.error.message or "no HTML" in failure.error.message
    assert "\n" not in failure.error.message


def test_other_declared_charsets() -> None:
    assert decode_html('<meta charset="iso-8859-2"><p>Łódź</p>'.encode("iso-8859-2"), "x").endswith("Łódź</p>")
    assert decode_html('<meta charset="koi8-r"><p>Москва</p>'.encode("koi8-r"), "x").endswith("Москва</p>")
    utf16 = "<meta charset='utf-16'><p>Kyiv</p>".encode("utf-16")          # with its BOM
    assert decode_html(utf16, "x").endswith("Kyiv</p>")
    assert decode_html(b"<meta charset='utf-16'><p>Kyiv</p>", "x").endswith("Kyiv</p>")   # WHATWG: UTF-8
    assert decode_html(b'<meta charset="windows-1252"><p>\x81</p>', "x") == '<meta charset="windows-1252"><p>\x81</p>'


@pytest.mark.parametrize("ref", ["&#xD800;", "&#1114112;", "&#99999999999999999999;"])
def test_feed_with_impossible_character_references(tmp_path: Path, ref: str) -> None:
    # feedparser itself raises on these (chr() of a surrogate or past Unicode): the feed is refused clearly
    p = tmp_path / "odd.rss"
    p.write_text(f'<rss version="2.0"><channel><title>T{ref}</title><item><title>x</title><description>Text of '
                 f"the entry.</description></item></channel></rss>", encoding="utf-8")
    (failure,) = read(str(p))
    assert isinstance(failure, ReadFailure) and "not a readable feed" in failure.error.message
    assert "\n" not in failure.error.message


def test_feed_and_page_metadata_are_cleaned_not_refused(tmp_path: Path) -> None:
    feed = tmp_path / "nul.rss"
    feed.write_bytes(b'<rss version="2.0"><channel><title>\x00Valley\x00</title><item><title> Dam \x00</title>'
                     b"<guid>\x00</guid><description>The dam held.</description></item></channel></rss>")
    (art,) = read(str(feed))
    assert isinstance(art, Article)
    assert (art.text, art.source, art.title, art.external_id) == ("The dam held.", "Valley", "Dam", None)


def test_warc_response_without_target_uri(tmp_path: Path) -> None:
    body = page().encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
              b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
              + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n")
    p = tmp_path / "nouri.warc"
    p.write_bytes(record)
    (failure,) = read(str(p))   # warcio raises AttributeError on it: reported, not a crash
    assert isinstance(failure, ReadFailure) and "not a readable WARC archive" in failure.error.message


def test_warc_record_with_a_wrong_length_is_reported_in_one_line(tmp_path: Path,
                                                                  capfd: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "len.warc"
    write_warc(p, [("https://a.example/1", "text/html", page().encode(), "200 OK"),
                   ("https://a.example/2", "text/html", page(body=BODY.replace("Tuesday", "Friday")).encode(),
                    "200 OK")], gz=False)
    data = p.read_bytes()
    first_end = data.index(b"WARC/1.0", 10)
    p.write_bytes(data[:first_end - 4] + b"junk" + data[first_end - 4:])    # bytes the first length does not count
    items = read(str(p))
    assert "WARNING" not in capfd.readouterr().err                      # warcio's own warning is not printed
    failures = [i for i in items if isinstance(i, ReadFailure)]
    assert failures and all("Content-Length" in f.error.message and "\n" not in f.error.message for f in failures)
    assert failures[0].where.startswith(f"{p}@")
    assert len([i for i in items if isinstance(i, Article)]) == 2
