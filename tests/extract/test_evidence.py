"""Evidence status of statements, on the real pipeline (sentences written for these tests)."""

from __future__ import annotations

import newsledger


def test_evidence_named_inside_a_statement_is_that_statements_own() -> None:
    text = "The mayor has not mentioned the convoy, but the ministry pointed to reports that it was shelled twice."
    lg = newsledger.analyze(text)
    by_cue = {a.cue.text: a for a in lg.attributions if a.cue is not None}
    pointed = next(a for cue, a in by_cue.items() if cue.startswith("pointed"))
    assert pointed.evidence == "stated"
    assert [c.text for c in pointed.evidence_cues] == ["pointed to reports"]
    assert by_cue["has not mentioned"].evidence == "none"


def test_a_published_document_is_evidence_even_after_a_possessive() -> None:
    text = "The newspaper published parts of Smith’s state tax returns, which show a loss of $9 million."
    lg = newsledger.analyze(text)
    cues = [c.text for a in lg.attributions if a.evidence == "stated" for c in a.evidence_cues]
    assert cues == ["published parts of Smith’s state tax returns"]
