"""The evidence rules (extract/evidence.py), on the real pipeline (sentences written for these tests). Their
status is an input of the learned heads and stands where they are unsure (tests/extract/test_judgments.py)."""

from __future__ import annotations

from newsledger.extract.ledger import build_ledger
from newsledger.ingest import Article
from newsledger.nlp import get_nlp
from newsledger.records import Ledger


def rules(text: str) -> Ledger:
    return build_ledger(get_nlp()(text), Article(text), "test", heads=False)


def test_evidence_named_inside_a_statement_is_that_statements_own() -> None:
    text = "The mayor has not mentioned the convoy, but the ministry pointed to reports that it was shelled twice."
    lg = rules(text)
    by_cue = {a.cue.text: a for a in lg.attributions if a.cue is not None}
    pointed = next(a for cue, a in by_cue.items() if cue.startswith("pointed"))
    assert pointed.evidence == "stated"
    assert [c.text for c in pointed.evidence_cues] == ["pointed to reports"]
    assert by_cue["has not mentioned"].evidence == "none"


def test_a_published_document_is_evidence_even_after_a_possessive() -> None:
    text = "The newspaper published parts of Smith’s state tax returns, which show a loss of $9 million."
    lg = rules(text)
    cues = [c.text for a in lg.attributions if a.evidence == "stated" for c in a.evidence_cues]
    assert cues == ["published parts of Smith’s state tax returns"]


def test_poll_shares_as_speakers_are_survey_evidence() -> None:
    text = ("A poll of 900 farmers was published on Monday. Sixty percent said the new tariff would ruin them, "
            "and 12% said they would leave the land.")
    lg = rules(text)
    shares = [a for a in lg.attributions if a.speaker is not None and a.speaker.text in {"Sixty percent", "12%"}]
    assert len(shares) == 2 and all(a.evidence == "stated" for a in shares)


def test_a_cue_that_hedges_its_statement_leaves_it_unverified() -> None:
    text = ("The governor appeared to suggest that the dam would be closed. The minister said that the dam "
            "was safe.")
    lg = rules(text)
    by_speaker = {a.speaker.text: a for a in lg.attributions if a.speaker is not None}
    assert by_speaker["The governor"].evidence == "unverified"
    assert by_speaker["The minister"].evidence == "none"


def test_a_survey_as_source_is_the_cue_of_its_stated_evidence() -> None:
    text = "A survey of 2,000 shoppers showed that most of them would pay more for local food."
    lg = rules(text)
    shown = next(a for a in lg.attributions if a.speaker is not None and "survey" in a.speaker.text)
    assert shown.evidence == "stated"
    assert [c.text for c in shown.evidence_cues] == [shown.speaker.text]
