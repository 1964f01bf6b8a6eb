"""newsledger's spaCy components, registered under versioned names.

Each is a ``Doc -> Doc`` callable that only sets sentence starts or writes ``Doc._`` extensions.

- ``newsledger_paragraphs_v1`` (before the parser): a blank line ends a sentence, so headlines and
  paragraphs never run into each other.
- ``newsledger_quotes_v1``: finds quotations (``doc._.quotes``, character spans of the quoted text,
  without the marks), in any quote style, including paragraphs that open a quote and leave it to be
  continued by the next paragraph.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.extract._doc import text_of
from newsledger.extract.quotes import find_quotes

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@Language.component("newsledger_paragraphs_v1")
def paragraphs(doc: Doc) -> Doc:
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:  # newlines are their own tokens in spaCy
            doc[tok.i + 1].is_sent_start = True
    return doc


@Language.component("newsledger_quotes_v1")
def quotes(doc: Doc) -> Doc:
    doc._.quotes = find_quotes(text_of(doc))  # text_of keeps the joined text for the extractors
    return doc
