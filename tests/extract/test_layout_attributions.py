"""Attributions made by the page layout: transcript speaker labels and credit lines after quotations
(texts written for these tests)."""

from __future__ import annotations

import newsledger


def _by_speaker(text: str) -> dict[str, tuple[str, str]]:
    lg = newsledger.analyze(text)
    return {a.speaker.text: (a.cue.text, a.content.text) for a in lg.attributions
            if a.speaker is not None and a.cue is not None and a.content is not None}


def test_transcript_speaker_labels() -> None:
    text = ("Partial transcript of the interview:\n\n"
            "HOST: Minister, will the new harbour open this year?\n\n"
            "OKAFOR: We expect the first ships in the autumn, and the second pier a year later.\n\n"
            "NOTE: The transcript has been edited for length.")
    found = _by_speaker(text)
    assert found["OKAFOR"] == (":", "We expect the first ships in the autumn, and the second pier a year later.")
    assert "HOST" in found
    assert "NOTE" not in found


def test_a_credit_line_after_a_quotation() -> None:
    text = ("Readers wrote in about the closure.\n"
            "“The library was the only warm place on our street in winter.” ― Maria Lindqvist\n"
            "“Nobody asked the people who use it.” ― Tomasz Nowak.\n")
    found = _by_speaker(text)
    assert found["Maria Lindqvist"] == ("―", "The library was the only warm place on our street in winter.")
    assert found["Tomasz Nowak"][1] == "Nobody asked the people who use it."


def test_a_headline_label_of_a_person_the_article_names() -> None:
    text = ("Okafor: The Harbour Will Open in the Autumn\n\n"
            "Port minister Ada Okafor told reporters on Monday that dredging was nearly finished.\n\n"
            "Update: The ministry later confirmed the date.")
    found = _by_speaker(text)
    assert found["Okafor"][1] == "The Harbour Will Open in the Autumn"
    assert "Update" not in found
