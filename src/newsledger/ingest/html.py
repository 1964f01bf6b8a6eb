"""HTML: the charset the page declares, its main text and metadata (trafilatura), and text of HTML fragments.

Plain text is UTF-8 by product rule; HTML follows its declared charset, as a browser does: a byte-order
mark, else the transport's (an HTTP ``Content-Type`` header, e.g. from a WARC record), else a ``<meta>``
or XML declaration in the first 2,048 bytes. ``latin-1``/``iso-8859-1``/``ascii`` mean windows-1252, as
the WHATWG Encoding standard (and every browser) reads them. An undeclared page must be UTF-8.

The article of an HTML page is trafilatura's main text (boilerplate, menus and comments dropped); its
offsets refer to that text.
"""

from __future__ import annotations

import codecs
import re

from newsledger.errors import DecodeError, EmptyInputError, InputError
from newsledger.ingest.article import Article, clean_date, clean_meta, decode_text

PRESCAN_BYTES = 2048
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
# WHATWG Encoding: these labels decode as windows-1252.
_AS_CP1252 = {"iso8859-1", "latin_1", "ascii", "cp1252"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def charset_of_header(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` header value, if any."""
    m = _HEADER_CHARSET.search(content_type or "")
    return m.group(1) if m else None


def declared_charset(data: bytes, transport: str | None = None) -> str | None:
    """The charset a page declares: BOM, then transport header, then ``<meta>`` / XML declaration."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if transport:
        return transport
    head = data[:PRESCAN_BYTES]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii") if m else None


def _c1_as_latin1(exc: UnicodeError) -> tuple[str, int]:
    """windows-1252's five undefined bytes map to the C1 code points of the same value (WHATWG)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(chr(b) for b in exc.object[exc.start:exc.end]), exc.end


codecs.register_error("newsledger-whatwg-c1", _c1_as_latin1)


def decode_html(data: bytes, where: str, transport_charset: str | None = None) -> str:
    """The page's text in its declared charset (UTF-8, strictly, when it declares none)."""
    if not data.strip():
        raise EmptyInputError(where=where)
    label = declared_charset(data, transport_charset)
    if label is None:
        return decode_text(data, where)
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        raise DecodeError(where=where, reason=f"it declares an unknown charset {label!r}") from None
    if codec in _AS_CP1252:
        return data.decode("cp1252", errors="newsledger-whatwg-c1")
    is_utf16 = codec.startswith("utf-16")
    if codec == "utf-8" or (is_utf16 and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))):
        # a page that can declare UTF-16 in ASCII bytes is not UTF-16: WHATWG reads it as UTF-8
        return decode_text(data, where)
    try:
        return data.decode("utf-16" if is_utf16 else codec)
    except UnicodeDecodeError as exc:
        raise DecodeError(where=where, reason=f"invalid {label} byte 0x{data[exc.start]:02x} at offset {exc.start}"
                          ) from None


def html_article(data: bytes, where: str, published: str | None = None, source: str | None = None,
                 url: str | None = None, external_id: str | None = None,
                 transport_charset: str | None = None) -> Article:
    """The article of an HTML page: main text, title, date, site and URL from the page's metadata.

    ``published``, ``source`` and ``url`` are used where the page carries none.
    """
    import trafilatura

    page = decode_html(data, where, transport_charset)
    doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        raise InputError(where=where, reason="no article text found in the HTML")
    return Article.checked(text, where, title=clean_meta(getattr(doc, "title", None)),
                           published=clean_date(getattr(doc, "date", None)) or published,
                           source=clean_meta(getattr(doc, "sitename", None))
                           or clean_meta(getattr(doc, "hostname", None)) or clean_meta(source),
                           url=clean_meta(getattr(doc, "url", None)) or clean_meta(url),
                           external_id=clean_meta(external_id))


_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "table",
               "section", "article", "pre", "dd", "dt", "figcaption"}


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content): paragraphs apart by a blank line."""
    import lxml.html
    from lxml import etree

    if "<" not in fragment:
        return _tidy(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(fragment)
    # The tree is read, never written: lxml refuses to set a text that holds control characters. Walked
    # without recursion, so that no depth of nesting is too deep.
    parts: list[str] = []
    hidden = 0
    for event, el in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event in {"comment", "pi"}:                                # their own text is not the page's
            if not hidden and el.tail:
                parts.append(el.tail)
            continue
        if event == "start":
            if tag in {"script", "style"}:
                hidden += 1
            elif not hidden and el.text:
                parts.append(el.text)
            continue
        if tag in {"script", "style"}:
            hidden -= 1
        elif hidden:
            pass
        elif tag == "br":
            parts.append("\n")
        elif tag in _BLOCK_TAGS:
            parts.append("\n\n")
        if not hidden and el is not root and el.tail:
            parts.append(el.tail)
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    paragraphs = []
    for para in re.split(r"\n\s*\n", text):
        lines = (re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in para.split("\n"))
        joined = "\n".join(line for line in lines if line)
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)
