"""The memoised attribute ruler + lemmatizer gives exactly what the model's own components give."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from tests.conftest import shared_path

pytestmark = pytest.mark.model

# Written for these tests: contractions and multi-token rule contexts ("There is", "let's", "gonna", "y'all",
# "ain't"), pronoun cases, whitespace tokens, an auxiliary "do", a determiner used as a pronoun.
OWN_TEXTS = [
    "There is a problem, and there's more. Let's go, y'all: we're gonna win, I ain't done.\n\n\nIt said so.  Hi",
    "You told me I did it, and it hurt you. Did they? That was what we got ta see, c'mon.\n \n",
    "The ministers said the strikes were planned.\tThey were not. Those who denied it had lied, but said nothing.",
]


def _attrs(doc: Any) -> list[tuple[Any, ...]]:
    return [(t.text, t.tag_, t.dep_, t.head.i, t.pos_, str(t.morph), t.lemma_, t.ent_type_, t.ent_iob_,
             t.is_sent_start) for t in doc]


@pytest.fixture(scope="module")
def pipelines() -> tuple[Any, Any]:
    import spacy

    from newsledger.nlp import MODEL_NAME, get_nlp

    ours = get_nlp()
    stock = spacy.load(MODEL_NAME, exclude=["senter"])
    stock.add_pipe("newsledger_paragraphs_v1", before="parser")
    return stock, ours


def test_pipeline_uses_the_memoised_component(pipelines: tuple[Any, Any]) -> None:
    stock, ours = pipelines
    assert "attribute_ruler" in stock.pipe_names and "lemmatizer" in stock.pipe_names
    assert "attribute_ruler" not in ours.pipe_names and "lemmatizer" not in ours.pipe_names
    assert "newsledger_token_attributes_v1" in ours.pipe_names


def test_same_output_on_own_sentences(pipelines: tuple[Any, Any]) -> None:
    stock, ours = pipelines
    for _ in range(2):  # the second time every key comes from the table
        for text in OWN_TEXTS:
            assert _attrs(ours(text)) == _attrs(stock(text))


def test_same_output_on_real_news(pipelines: tuple[Any, Any]) -> None:
    stock, ours = pipelines
    texts = []
    for name in ("bbc_2004_2005.jsonl", "wikinews_2019_2020.jsonl"):
        with shared_path("data", "news", name).open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in itertools.islice(f, 12)]
    for got, want in zip(ours.pipe(texts), stock.pipe(texts), strict=True):
        assert _attrs(got) == _attrs(want)
