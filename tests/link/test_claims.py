from __future__ import annotations

from newsledger.link.claims import cluster_claims, stance_contradictions, statements
from tests.link.ledgers import NATIONS, Spec, build

ONE = Spec("Veloria said that the dam on the Kessel river had burst after days of heavy rain. Ostrand said "
           "nothing.", source="Daily Courier", actors=NATIONS,
           statements=[("Veloria", "said", "that the dam on the Kessel river had burst after days of heavy rain",
                        "assert", "none")])
TWO = Spec("Officials in Ostrand said the Kessel river dam burst after several days of heavy rain.",
           source="Evening Post", actors=NATIONS,
           statements=[("Ostrand", "said", "the Kessel river dam burst after several days of heavy rain", "assert",
                        "none")])
THREE = Spec("The Marrow Republic denied that the dam on the Kessel river had burst after days of heavy rain.",
             source="Farm Weekly", actors=NATIONS,
             statements=[("Marrow Republic", "denied", "that the dam on the Kessel river had burst after days of "
                          "heavy rain", "deny", "none")])
OTHER = Spec("Veloria said that its football team will play three friendly matches in the summer.",
             source="Sport Daily", actors=NATIONS,
             statements=[("Veloria", "said", "that its football team will play three friendly matches in the summer",
                          "assert", "none")])


def test_same_proposition_across_outlets_is_one_claim() -> None:
    claims = cluster_claims(statements([build(s) for s in (ONE, TWO, THREE, OTHER)]))
    dam = next(c for c in claims if "dam" in c.label)
    assert dam.outlets == 3
    assert {s.speaker for s, _ in dam.statements} == {"VEL", "OST", "MAR"}
    assert not any("football" in s.attribution.content.text for s, _ in dam.statements  # type: ignore[union-attr]
                   )
    contra = stance_contradictions(claims)
    assert {(c.note) for c in contra} == {"VEL states it; MAR denies it", "OST states it; MAR denies it"}
