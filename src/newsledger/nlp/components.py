"""newsledger's spaCy components, registered under versioned names.

Each is a ``Doc -> Doc`` callable that only sets sentence starts or writes ``Doc._`` extensions.

- ``newsledger_paragraphs_v1`` (before the parser): a blank line ends a sentence, so headlines and
  paragraphs never run into each other.
- ``newsledger_attribution_tagger_v1`` (last): labels each token as part of a source, cue or content of a
  statement (``Doc._.attribution_tags``, BIO labels) with newsledger's trained tagger; ``nlp.pipe`` hands it
  whole batches, which it tags together.
- ``newsledger_encoder_v1`` (last): gives each doc its lazily encoded sentences (``Doc._.encoding``, a
  ``newsledger.nlp.encoder.DocEncoding``): the shared transformer encoder runs on a sentence only when a
  learned head first asks for it, and once.
- ``newsledger_quotes_v1``: finds quotations (``doc._.quotes``, character spans of the quoted text,
  without the marks), in any quote style, including paragraphs that open a quote and leave it to be
  continued by the next paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.nlp.attribution_tagger import get_tagger
from newsledger.nlp.doc_cache import text_of
from newsledger.nlp.encoder import DocEncoding
from newsledger.nlp.quotes import find_quotes

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)
if not Doc.has_extension("attribution_tags"):
    Doc.set_extension("attribution_tags", default=None)


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


class AttributionTagger:
    """The attribution tagger as a pipeline component (see ``newsledger.nlp.attribution_tagger``)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.attribution_tags = get_tagger().tag(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._tag(batch)
                batch = []
        yield from self._tag(batch)

    @staticmethod
    def _tag(batch: list[Doc]) -> list[Doc]:
        for doc, tags in zip(batch, get_tagger().tag_docs(batch), strict=True):
            doc._.attribution_tags = tags
        return batch


@Language.factory("newsledger_attribution_tagger_v1")
def attribution_tagger(nlp: Language, name: str) -> AttributionTagger:
    return AttributionTagger()


@Language.component("newsledger_encoder_v1")
def encoder(doc: Doc) -> Doc:
    doc._.encoding = DocEncoding(doc)
    return doc
