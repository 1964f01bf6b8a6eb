"""The stance rules (extract/evidence.py), on the real pipeline (sentences written for these tests). The rules'
stance is an input of the learned heads and stands where they are unsure (tests/extract/test_judgments.py)."""

from __future__ import annotations

from newsledger.extract.ledger import build_ledger
from newsledger.ingest import Article
from newsledger.nlp import get_nlp


def _stances(text: str) -> dict[str, str]:
    lg = build_ledger(get_nlp()(text), Article(text), "test", heads=False)
    return {a.cue.text: a.stance for a in lg.attributions if a.cue is not None}


def test_judging_a_party_in_strongly_negative_words_accuses_it() -> None:
    stances = _stances("The senator said Governor Alvarez's budget was a shameful and cruel betrayal of teachers.")
    assert stances["said"] == "accuse"


def test_bad_news_without_a_judgement_is_an_assertion() -> None:
    stances = _stances("The mayor said the storm had flooded two hundred homes overnight.")
    assert stances["said"] == "assert"


def test_raising_a_topic_is_not_an_assertion() -> None:
    stances = _stances("The minister discussed the new harbour plan at length on Tuesday.")
    assert stances.get("discussed") == "other", stances


def test_a_clause_after_a_topic_cue_is_asserted() -> None:
    stances = _stances("The minister mentioned that the harbour would close for two weeks.")
    assert stances.get("mentioned") == "assert", stances


def test_saying_ones_side_will_act_is_a_promise() -> None:
    assert _stances("The mayor said she will rebuild the bridge by spring.")["said"] == "promise"
    assert _stances("The mayor said the river will flood the lower town.")["said"] == "assert"


def test_backing_a_candidate_is_not_an_assertion() -> None:
    assert _stances("Several farmers said they would vote for Senator Okafor in March.")["said"] == "other"
    assert _stances("Several farmers said they would not vote for Senator Okafor.")["said"] != "other"


def test_contrary_to_the_claims_is_a_denial() -> None:
    stances = _stances("The minister says that, contrary to the claims of the opposition, the port is not for sale.")
    assert stances["says"] == "deny"
