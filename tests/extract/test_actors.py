"""The article's actors: which mentions are one actor, and of what type (hand-built docs: the entity labels
are the test's, as a statistical recogniser may give them)."""

from __future__ import annotations

from newsledger.extract.actors import ActorIndex
from tests.extract.docs import make_doc


def test_a_name_after_a_personal_title_is_a_person_and_the_person_named_before() -> None:
    doc = make_doc([
        ("Vince", "Vince", "PROPN", "compound", 1), ("Cable", "Cable", "PROPN", "nsubj", 2),
        ("spoke", "speak", "VERB", "ROOT", 2), (".", ".", "PUNCT", "punct", 2),
        ("Mr", "Mr", "PROPN", "compound", 5), ("Cable", "Cable", "PROPN", "nsubj", 6),
        ("left", "leave", "VERB", "ROOT", 6), (".", ".", "PUNCT", "punct", 6)],
        ents=[(0, 2, "PERSON"), (4, 6, "ORG")])  # the recogniser took "Mr Cable" for an organisation
    actors = ActorIndex(doc, "a", None)
    full, titled = actors.key_at(doc[1]), actors.key_at(doc[5])
    assert full is not None and full == titled
    assert actors.info(full)[0] == "PER"


def test_an_organisation_with_a_persons_role_in_apposition_is_a_person() -> None:
    doc = make_doc([
        ("Ann", "Ann", "PROPN", "compound", 1), ("Lowe", "Lowe", "PROPN", "nsubj", 6),
        (",", ",", "PUNCT", "punct", 1), ("the", "the", "DET", "det", 4),
        ("spokeswoman", "spokeswoman", "NOUN", "appos", 1), (",", ",", "PUNCT", "punct", 1),
        ("left", "leave", "VERB", "ROOT", 6), (".", ".", "PUNCT", "punct", 6)],
        ents=[(0, 2, "ORG")])
    actors = ActorIndex(doc, "a", None)
    key = actors.key_at(doc[0])
    assert key is not None and actors.info(key)[0] == "PER"


def test_an_organisation_stays_an_organisation() -> None:
    doc = make_doc([
        ("Oxfam", "Oxfam", "PROPN", "nsubj", 1), ("left", "leave", "VERB", "ROOT", 1), (".", ".", "PUNCT", "punct", 1)],
        ents=[(0, 1, "ORG")])
    actors = ActorIndex(doc, "a", None)
    key = actors.key_at(doc[0])
    assert key is not None and actors.info(key)[0] == "ORG"


def test_a_date_is_never_an_event_participant() -> None:
    doc = make_doc([
        ("Rebels", "rebel", "NOUN", "nsubj", 1), ("struck", "strike", "VERB", "ROOT", 1),
        ("Wednesday", "Wednesday", "PROPN", "dobj", 1), (".", ".", "PUNCT", "punct", 1)],
        ents=[(2, 3, "DATE")])  # the parser took the day for the object
    actors = ActorIndex(doc, "a", None)
    assert actors.participant(doc[2:3]) is None
    assert actors.participant(doc[0:1]) is not None  # an uncoded noun phrase still is one
