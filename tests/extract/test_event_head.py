"""The learned event head (extract/event_head.py) on the real pipeline: what it reads, what it keeps, and the
kinds of candidates that are not events (sentences written for these tests)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import newsledger
from newsledger.extract import build_ledger
from newsledger.extract.actors import ActorIndex
from newsledger.extract.event_head import features, get_event_head, n_features
from newsledger.extract.events import candidates, evidence_spans
from newsledger.extract.ledger import statement_drafts
from newsledger.ingest.article import Article
from newsledger.nlp import get_nlp, model_info
from newsledger.nlp.doc_cache import sentences_of

pytestmark = pytest.mark.model


def test_features_and_probabilities_have_the_trained_shape() -> None:
    text = "Police arrested three men in Leeds on Monday after a raid on a warehouse."
    doc = get_nlp()(text)
    drafts = statement_drafts(doc, ActorIndex(doc, "a", None))
    cands = [c for s in sentences_of(doc) for c in candidates(s, evidence_spans(doc))]
    assert cands
    x = features(doc, cands, drafts)
    assert x.shape == (len(cands), n_features()) and np.isfinite(x).all()
    head = get_event_head()
    sure, roots = head.probabilities(doc, cands, drafts)
    assert sure.shape == (len(cands),) and ((sure >= 0) & (sure <= 1)).all()
    assert roots.shape == (len(cands), len(head.roots)) and np.allclose(roots.sum(axis=1), 1.0, atol=1e-4)
    assert 0.0 < head.threshold < 1.0


def test_a_plain_act_is_an_event_of_its_root() -> None:
    lg = newsledger.analyze("Police arrested three men in Leeds on Monday.", published="2024-03-05")
    arrest = next(e for e in lg.events if e.trigger.text == "arrested")
    assert arrest.plover == "COERCE" and arrest.modality == "actual"


def test_each_event_carries_the_heads_confidences() -> None:
    text = "Police arrested three men in Leeds on Monday after a raid on a warehouse."
    head = get_event_head()
    events = newsledger.analyze(text, published="2024-03-05").events
    assert events
    for ev in events:
        assert ev.event_confidence is not None and head.threshold <= ev.event_confidence <= 1.0
        assert ev.root_confidence is not None and 0.0 < ev.root_confidence <= 1.0
        assert ev.confidence == min(ev.event_confidence, ev.root_confidence)
    doc = get_nlp()(text)  # the rules' events (no head) carry none
    ruled = build_ledger(doc, Article(text=text, published="2024-03-05"), model_info(), heads=False).events
    assert ruled and all(e.event_confidence is None and e.root_confidence is None for e in ruled)


def test_the_words_of_an_evidence_cue_name_no_event() -> None:
    text = "The ministry accused Kyiv of the attack but did not offer proof."
    lg = newsledger.analyze(text, published="2024-03-05")
    assert not any(e.trigger.text in {"offer", "did not offer"} for e in lg.events)
    doc = get_nlp()(text)
    assert not any(c.unit.key.lower_ == "offer" for s in sentences_of(doc)
                   for c in candidates(s, evidence_spans(doc)))


def test_generic_verbs_are_not_events() -> None:
    lg = newsledger.analyze("The committee will discuss the budget and describe what it needs to do.")
    assert lg.events == ()


def test_overlapping_candidates_give_one_event() -> None:
    lg = newsledger.analyze("Rebels launched an attack on an army convoy near the border on Friday.")
    spans = sorted((e.trigger.start, e.trigger.end) for e in lg.events)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
