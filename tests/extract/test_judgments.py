"""The learned stance and evidence judgments: features, heads, confidences, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import newsledger
from newsledger.extract.drafts import Draft
from newsledger.extract.judgments import N_FEATURES, Head, Judge, features, get_judge
from newsledger.records import EVIDENCE, STANCES
from tests.extract.docs import make_doc


def _one_label_head(labels: tuple[str, ...], label: str, prob: float, rule_weight: float | None = None) -> Head:
    """A head that always gives ``label`` probability ``prob`` (and the rest evenly); with ``rule_weight``, a
    stacker that adds that much to the logit of the rules' label."""
    k = labels.index(label)
    rest = (1 - prob) / (len(labels) - 1)
    logits = np.log(np.where(np.arange(len(labels)) == k, prob, rest)).astype(np.float32)
    n = len(labels)
    stack_w = None if rule_weight is None else np.concatenate([np.eye(n), rule_weight * np.eye(n)]).astype(np.float32)
    stack_b = None if stack_w is None else np.zeros(n, np.float32)
    return Head(labels, np.zeros((N_FEATURES, 1), np.float32), np.zeros(1, np.float32),
                np.zeros((1, n), np.float32), logits, 1.0, stack_w, stack_b)


def _doc_and_draft() -> tuple[object, Draft]:
    doc = make_doc([("Rebels", "rebel", "NOUN", "nsubj", 1), ("denied", "deny", "VERB", "ROOT", 1),
                    ("the", "the", "DET", "det", 3), ("attack", "attack", "NOUN", "dobj", 1),
                    (".", ".", "PUNCT", "punct", 1)])
    return doc, Draft(cue=(7, 13), content=(14, 24), speaker=doc[0:1], form="indirect", stance="deny", sent=0)


def test_the_heads_decide_with_a_confidence() -> None:
    doc, draft = _doc_and_draft()
    zeros = np.zeros(N_FEATURES, np.float32)
    judge = Judge(zeros, zeros + 1, _one_label_head(STANCES, "accuse", 0.9), _one_label_head(EVIDENCE, "none", 0.7))
    judge.judge(doc, [draft])
    assert (draft.stance, draft.stance_confidence) == ("accuse", 0.9)
    assert (draft.evidence_status, draft.evidence_confidence) == ("none", 0.7)


def test_the_stacker_weighs_the_head_against_the_rules() -> None:
    doc, draft = _doc_and_draft()  # the rules say "deny"
    zeros = np.zeros(N_FEATURES, np.float32)
    Judge(zeros, zeros + 1, _one_label_head(STANCES, "assert", 0.4, rule_weight=2.0),
          _one_label_head(EVIDENCE, "none", 0.9, rule_weight=0.0)).judge(doc, [draft])
    assert draft.stance == "deny" and draft.stance_confidence is not None and 0.4 < draft.stance_confidence < 1.0
    doc, draft = _doc_and_draft()
    Judge(zeros, zeros + 1, _one_label_head(STANCES, "assert", 0.95, rule_weight=0.5),
          _one_label_head(EVIDENCE, "none", 0.9, rule_weight=0.0)).judge(doc, [draft])
    assert draft.stance == "assert"  # a head this sure outweighs a rule weighed this little


def test_features_of_each_statement() -> None:
    doc, draft = _doc_and_draft()
    x = features(doc, [draft, Draft(cue=None, content=None, speaker=None, form="direct", stance="assert", sent=0)])
    assert x.shape == (2, N_FEATURES) and np.isfinite(x).all()
    assert np.abs(x[0, :384]).sum() > 0  # the content's vector
    assert np.abs(x[1, :384]).sum() == 0  # no content, no vector: still a row


@pytest.mark.model
def test_every_statement_has_confidences() -> None:
    lg = newsledger.analyze("The ministry said the drone attack was carried out by Ukraine, but offered no proof. "
                            "Kyiv denied any involvement.")
    assert lg.attributions
    for a in lg.attributions:
        assert a.stance in STANCES and a.evidence in EVIDENCE
        assert a.stance_confidence is not None and 0.0 <= a.stance_confidence <= 1.0
        assert a.evidence_confidence is not None and 0.0 <= a.evidence_confidence <= 1.0


@pytest.mark.model
@pytest.mark.parametrize("content", ["", "No.", "x" * 10_000, "Это была провокация, заявил министр.",
                                     " ".join(["the attack"] * 250)])
def test_odd_contents_get_a_label_never_a_crash(content: str) -> None:
    lg = newsledger.analyze(f"The minister said “{content}” on Tuesday. Officials said {content}")
    for a in lg.attributions:
        assert a.stance in STANCES and a.evidence in EVIDENCE
        assert 0.0 <= (a.stance_confidence or 0.0) <= 1.0


def test_the_shipped_weights_match_the_features() -> None:
    judge = get_judge()
    assert judge.mean.shape == (N_FEATURES,) and judge.stance.labels == STANCES and judge.evidence.labels == EVIDENCE
    assert judge.stance.temperature > 0.0 and judge.evidence.temperature > 0.0
