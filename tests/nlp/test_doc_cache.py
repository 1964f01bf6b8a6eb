"""The per-Doc caches: the kept text is exactly the doc's own."""

from __future__ import annotations

import pytest
import spacy

from newsledger.nlp import get_nlp
from newsledger.nlp.doc_cache import TextKeepingTokenizer, sentences_of, text_of

TEXTS = (
    "",
    "  leading and trailing spaces  ",
    "Tabs\tand\r\nWindows line ends, a non\u00a0breaking space and\u2009thin ones.",
    "“Quoted,” she said — and ‘nested «quotes»’.\n\n\nNew paragraph… 🙂 done",
    "word " * 300,
)


@pytest.mark.parametrize("text", TEXTS)
def test_pipeline_keeps_the_text_it_was_given(text: str) -> None:
    doc = get_nlp()(text)
    assert text_of(doc) == doc.text == text


def test_wrapper_passes_the_rest_to_the_tokenizer() -> None:
    nlp = spacy.blank("en")
    tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    doc = tokenizer("Mr. Smith said so. Then he left.")
    assert text_of(doc) == "Mr. Smith said so. Then he left."
    assert tokenizer.vocab is nlp.vocab  # anything else is the wrapped tokenizer's
    assert [token for _, token in tokenizer.explain("Mr. Smith")] == ["Mr.", "Smith"]


def test_text_of_a_doc_made_elsewhere_is_joined_once() -> None:
    doc = spacy.blank("en")("A doc no wrapper made.")
    assert text_of(doc) == "A doc no wrapper made."
    assert text_of(doc) is text_of(doc)


def test_sentences_are_kept() -> None:
    doc = get_nlp()("One sentence here. And another one there.")
    assert sentences_of(doc) is sentences_of(doc)
    assert len(sentences_of(doc)) == 2
