from __future__ import annotations

import dataclasses

from newsledger.link.responsibility import article_claims
from newsledger.records import Actor
from tests.link.ledgers import NATIONS, Spec, build

TEXT = Spec(
    "A rocket hit the Veloria power station on Sunday. Veloria said the attack was ordered in Ostrand and not in "
    "Marrow Republic. Ostrand rejected the claims. Marrow Republic said it doubted the claims. Veloria said the "
    "weather was fine.",
    actors=NATIONS,
    events=[("rocket hit", "ASSAULT", None, "Veloria", "actual", "2031-01-05"),
            ("attack", "ASSAULT", None, None, "alleged", None)],
    statements=[("Veloria", "said", "the attack was ordered in Ostrand and not in Marrow Republic", "accuse",
                 "unsupported"),
                ("Ostrand", "rejected", "the claims", "deny", "none"),
                ("Marrow Republic", "said", "it doubted the claims", "assert", "none"),
                ("Veloria", "said", "the weather was fine", "assert", "none")])


def test_positions_parties_and_fallback() -> None:
    lg = build(TEXT)
    incident_of = {ev.id: "I1" for ev in lg.events}
    claims = {c.actor_code: c for c in article_claims(lg, incident_of)}
    assert set(claims) == {"VEL", "OST", "MAR"}  # the weather report is no responsibility claim
    assert claims["VEL"].position == "accuse"
    assert claims["VEL"].parties == ("OST",)  # not the victim, not the name after "not"
    assert claims["VEL"].evidence == "unsupported"
    assert (claims["OST"].position, claims["OST"].parties) == ("deny", ("OST",))
    assert claims["MAR"].position == "doubt"
    assert all(c.incident_id == "I1" for c in claims.values())  # statements without an event: the contested one
    content = claims["VEL"].spans["content"]
    assert isinstance(content, list) and lg.text[content[0]:content[1]].startswith("the attack was ordered")


def test_uncoded_noun_phrases_are_not_blamed() -> None:
    lg = build(TEXT)
    start = lg.text.index("the attack was ordered")
    phrase = Actor("a-np", "the attack", "OTHER", None, None, None, ((start, start + len("the attack")),))
    with_np = dataclasses.replace(lg, actors=(*lg.actors, phrase))
    claims = {c.actor_code: c for c in article_claims(with_np, {ev.id: "I1" for ev in lg.events})}
    assert claims["VEL"].parties == ("OST",)           # a participant phrase the events kept is no one to blame
