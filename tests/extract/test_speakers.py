"""Relative-pronoun speakers and nationalities inside institution names, on the real pipeline (sentences
written for these tests)."""

from __future__ import annotations

import newsledger
from newsledger.records import Ledger


def _speakers(lg: Ledger) -> dict[str, str | None]:
    codes = {a.id: a.code for a in lg.actors}
    return {a.cue.text: codes.get(a.speaker.actor_id) if a.speaker and a.speaker.actor_id else None
            for a in lg.attributions if a.cue is not None}


def test_a_relative_pronoun_does_not_condemn_its_own_act() -> None:
    lg = newsledger.analyze("According to the Armenian defence ministry, the border village was shelled by "
                            "Azerbaijan, which called it “a terrorist provocation.”")
    assert _speakers(lg)["called"] == "ARMMIL"


def test_a_relative_pronoun_speaks_for_its_antecedent() -> None:
    lg = newsledger.analyze("The border village was shelled by Azerbaijan, which said the army was responding "
                            "to fire.")
    assert _speakers(lg)["said"] == "AZE"


def test_a_nationality_inside_an_institution_name() -> None:
    lg = newsledger.analyze("According to the Armenian defence ministry, the village was shelled at dawn.")
    assert _speakers(lg)["According to"] == "ARMMIL"
