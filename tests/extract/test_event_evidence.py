"""Evidence status and cues of events (extract/event_evidence.py), on the real pipeline (sentences written
for these tests). The events are the rules' (``heads=False``), so that what is tested is the evidence, not
which candidates the event head keeps."""

from __future__ import annotations

from newsledger.extract.ledger import build_ledger
from newsledger.ingest import Article
from newsledger.nlp import get_nlp
from newsledger.records import Event


def events(text: str) -> dict[str, Event]:
    lg = build_ledger(get_nlp()(text), Article(text), "test", heads=False)
    return {e.trigger.text: e for e in lg.events}


def cues(e: Event) -> list[str]:
    return [c.text for c in e.evidence_cues]


def test_a_hedge_on_the_trigger_leaves_the_event_unverified() -> None:
    evs = events("The guard allegedly stabbed a prisoner in the yard. The warden then arrested two guards.")
    stab = next(e for t, e in evs.items() if "stabbed" in t)
    assert (stab.evidence, cues(stab)) == ("unverified", ["allegedly"])
    arrest = next(e for t, e in evs.items() if "arrested" in t)
    assert (arrest.evidence, cues(arrest)) == ("none", [])


def test_a_hedge_on_the_phrase_the_trigger_hangs_from_counts() -> None:
    evs = events("Unconfirmed reports of an attack on the convoy reached the capital late on Friday.")
    attack = next(e for t, e in evs.items() if "attack" in t)
    assert attack.evidence == "unverified" and cues(attack) == ["Unconfirmed"]


def test_an_event_takes_the_evidence_of_the_statement_reporting_it() -> None:
    text = "The ministry accused Ruritania of bombing the bridge, but it did not offer proof."
    evs = events(text)
    bombing = next(e for t, e in evs.items() if "bombing" in t)
    assert bombing.modality == "alleged"
    assert (bombing.evidence, cues(bombing)) == ("unsupported", ["did not offer proof"])
    assert bombing.evidence_cues[0].start == text.index("did not offer proof")


def test_a_hedge_elsewhere_in_the_sentence_does_not_qualify_the_event() -> None:
    evs = events("Police arrested the alleged leader of the gang on Tuesday.")
    arrest = next(e for t, e in evs.items() if "arrested" in t)
    assert arrest.evidence == "none"


def test_an_event_in_a_denial_is_disputed_by_it() -> None:
    evs = events("The rebel commander denied that his men attacked the convoy.")
    attack = next(e for t, e in evs.items() if "attacked" in t)
    assert attack.modality == "denied"
    assert (attack.evidence, cues(attack)) == ("disputed", ["denied"])
