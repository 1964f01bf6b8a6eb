"""Bad input reaches attribution extraction whole: a result or a clear error, never a crash or a hang.

These run the real pipeline (the tagger needs the model's token vectors). No timing is asserted; the
work per sentence and per tagger chunk is bounded, so each case finishes quickly by construction
(``bench/linear_time.py`` measures it).
"""

from __future__ import annotations

import pytest

import newsledger
from newsledger.errors import EmptyInputError
from newsledger.records import Ledger
from tests.spans import slices

pytestmark = pytest.mark.model


def spans_are_slices(lg: Ledger, text: str) -> None:
    for a in lg.attributions:
        for part in (a.speaker, a.cue, a.content, *a.evidence_cues, *a.hedges):
            if part is not None:
                assert 0 <= part.start <= part.end <= len(text)
                assert slices(text, part) == part.text


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n"])
def test_empty_text_is_a_clear_error(text: str) -> None:
    with pytest.raises(EmptyInputError) as err:
        newsledger.analyze(text)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("text", ["...", "“”", "— — —", "12 34 56", "\"", "«»«»«»"])
def test_text_with_no_sentence_gives_an_empty_result(text: str) -> None:
    lg = newsledger.analyze(text)
    assert lg.text == text
    assert (lg.attributions, lg.events) == ((), ())
    spans_are_slices(lg, text)


@pytest.mark.parametrize("text", [
    "The minister said “we will win. Nobody listened.\n\nThe next day she left.",  # never closed
    "The minister said we will win.” Nobody listened.",  # closed, never opened
    "“He told me ‘they said “no” to us’ twice,” the envoy said.",  # nested three deep
    "« Nous gagnerons », a dit le ministre. » Fin «",  # guillemets, stray ones
    "'Single quotes,' she said, 'and an apostrophe's trouble.",
    "“A quote.\n\n“Continued in a second paragraph.\n\n“And a third,” he said.",
])
def test_malformed_quotes_give_a_result(text: str) -> None:
    lg = newsledger.analyze(text)
    spans_are_slices(lg, text)


def test_a_ten_thousand_character_quote() -> None:
    body = " ".join(["the talks went on and nothing was agreed"] * 240)[:10_000]
    text = f"The spokesman said: “{body}.” Then he left. “{body}"
    lg = newsledger.analyze(text)
    spans_are_slices(lg, text)
    assert any(a.speaker is not None and a.speaker.text == "The spokesman" for a in lg.attributions)


def test_a_very_long_sentence() -> None:
    phrase = "officials said that the minister claimed the army had denied reports and the ministry warned that "
    text = (phrase * 400).strip() + "."
    lg = newsledger.analyze(text)
    spans_are_slices(lg, text)


def test_ordinary_statements_survive_next_to_garbage() -> None:
    text = ("“““ ””” ‘‘ ’’ «« »» \" \" \"\n\n"
            "The foreign minister said on Monday that the border would stay closed.")
    lg = newsledger.analyze(text)
    spans_are_slices(lg, text)
    assert any(a.cue is not None and a.cue.text == "said" for a in lg.attributions)
