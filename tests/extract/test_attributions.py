"""Attribution extraction on hand-built parses (see docs.py): each form, speakers and stance."""

from __future__ import annotations

from newsledger.extract.ledger import build_ledger
from newsledger.ingest import Article
from newsledger.records import Ledger
from tests.extract.docs import make_doc
from tests.spans import slices


def ledger_of(rows: list[tuple[str, str, str, str, int]], ents: list[tuple[int, int, str]] = (),  # type: ignore[assignment]
              published: str | None = "2023-05-04") -> Ledger:
    doc = make_doc(rows, ents)
    return build_ledger(doc, Article(doc.text, published=published), "hand-built", heads=False)  # the rules


def test_indirect_speech_with_that() -> None:
    lg = ledger_of([
        ("Peskov", "Peskov", "PROPN", "nsubj", 1), ("claimed", "claim", "VERB", "ROOT", 1),
        ("that", "that", "SCONJ", "mark", 5), ("Washington", "Washington", "PROPN", "nsubj", 5),
        ("was", "be", "AUX", "aux", 5), ("responsible", "responsible", "ADJ", "ccomp", 1),
        (".", ".", "PUNCT", "punct", 1)], ents=[(0, 1, "PERSON"), (3, 4, "GPE")])
    (att,) = lg.attributions
    assert att.speaker is not None and att.speaker.text == "Peskov"
    assert att.cue is not None and att.cue.text == "claimed"
    assert att.content is not None and att.content.text == "that Washington was responsible"
    assert att.form == "indirect"
    assert att.stance == "accuse"  # "responsible" in the content raises "claimed" to an accusation
    speaker = lg.actor(att.speaker.actor_id)
    assert speaker is not None and speaker.name == "Peskov"
    usa = next(a for a in lg.actors if a.name == "Washington")
    assert usa.code == "USA"


def test_direct_quote_with_trailing_cue_and_pronoun_speaker() -> None:
    lg = ledger_of([
        ("Zelensky", "Zelensky", "PROPN", "nsubj", 1), ("spoke", "speak", "VERB", "ROOT", 1),
        (".", ".", "PUNCT", "punct", 1),
        ("“_", "“", "PUNCT", "punct", 5), ("We", "we", "PRON", "nsubj", 5), ("fight_", "fight", "VERB", "ccomp", 9),
        (",", ",", "PUNCT", "punct", 9), ("”", "”", "PUNCT", "punct", 9), ("he", "he", "PRON", "nsubj", 9),
        ("said", "say", "VERB", "ROOT", 9), (".", ".", "PUNCT", "punct", 9)], ents=[(0, 1, "PERSON")])
    (att,) = lg.attributions
    assert att.form == "direct"
    assert att.content is not None and att.content.text == "We fight,"
    assert att.speaker is not None and att.speaker.text == "he"
    actor = lg.actor(att.speaker.actor_id)
    assert actor is not None and actor.name == "Zelensky"


def test_according_to() -> None:
    lg = ledger_of([
        ("According", "accord", "VERB", "prep", 6), ("to", "to", "ADP", "prep", 0),
        ("officials", "official", "NOUN", "pobj", 1), (",", ",", "PUNCT", "punct", 6),
        ("the", "the", "DET", "det", 5), ("drones", "drone", "NOUN", "nsubjpass", 6),
        ("crashed", "crash", "VERB", "ROOT", 6), (".", ".", "PUNCT", "punct", 6)])
    (att,) = lg.attributions
    assert att.form == "according_to"
    assert att.cue is not None and att.cue.text == "According to"
    assert att.speaker is not None and att.speaker.text == "officials"
    assert att.content is not None and att.content.text == "the drones crashed"


def test_denial_takes_the_refuted_claim_as_content() -> None:
    lg = ledger_of([
        ("Kyiv", "Kyiv", "PROPN", "nsubj", 2), ("has", "have", "AUX", "aux", 2),
        ("refuted", "refute", "VERB", "ROOT", 2), ("claims", "claim", "NOUN", "dobj", 2),
        ("that", "that", "SCONJ", "mark", 6), ("it", "it", "PRON", "nsubj", 6),
        ("attacked", "attack", "VERB", "acl", 3), (".", ".", "PUNCT", "punct", 2)], ents=[(0, 1, "GPE")])
    att = next(a for a in lg.attributions if a.cue and a.cue.text == "has refuted")
    assert att.stance == "deny"
    assert att.content is not None and att.content.text == "claims that it attacked"
    ev = next(e for e in lg.events if e.trigger.text == "attacked")
    assert ev.modality == "denied"
    assert ev.attribution_id == att.id


def test_evidence_cue_in_next_sentence_reaches_the_statement() -> None:
    lg = ledger_of([
        ("Peskov", "Peskov", "PROPN", "nsubj", 1), ("said", "say", "VERB", "ROOT", 1),
        ("Washington", "Washington", "PROPN", "nsubj", 3), ("ordered", "order", "VERB", "ccomp", 1),
        ("it_", "it", "PRON", "dobj", 3), (".", ".", "PUNCT", "punct", 1),
        ("He", "he", "PRON", "nsubj", 9), ("did", "do", "AUX", "aux", 9), ("not", "not", "PART", "neg", 9),
        ("offer", "offer", "VERB", "ROOT", 9), ("proof_", "proof", "NOUN", "dobj", 9), (".", ".", "PUNCT", "punct", 9)],
        ents=[(0, 1, "PERSON"), (2, 3, "GPE")])
    (att,) = lg.attributions
    assert att.stance == "accuse"
    assert att.evidence == "unsupported"
    assert [c.text for c in att.evidence_cues] == ["did not offer proof"]


def test_spans_equal_their_slices() -> None:
    lg = ledger_of([
        ("Officials", "official", "NOUN", "nsubj", 1), ("said", "say", "VERB", "ROOT", 1),
        ("an", "an", "DET", "det", 3), ("attack", "attack", "NOUN", "nsubj", 4),
        ("happened_", "happen", "VERB", "ccomp", 1),
        (".", ".", "PUNCT", "punct", 1)])
    text = lg.text
    for att in lg.attributions:
        for part in (att.speaker, att.cue, att.content):
            if part is not None:
                assert slices(text, part) == part.text
    for ev in lg.events:
        assert text[ev.trigger.start:ev.trigger.end] == ev.trigger.text
        assert ev.modality == "alleged"
