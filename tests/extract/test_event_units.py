"""Event candidates and their features, on hand-built parses (no statistical model)."""

from __future__ import annotations

from newsledger.extract.event_units import codes, features, units
from newsledger.extract.events import _irrealis, classify
from tests.extract.docs import make_doc


def threat_doc(act: str = "attack"):  # type: ignore[no-untyped-def]
    # Ruritania threatened to attack Freedonia .
    return make_doc([("Ruritania", "Ruritania", "PROPN", "nsubj", 1), ("threatened", "threaten", "VERB", "ROOT", 1),
                     ("to", "to", "PART", "aux", 3), (act, act, "VERB", "xcomp", 1),
                     ("Freedonia", "Freedonia", "PROPN", "dobj", 3), (".", ".", "PUNCT", "punct", 1)],
                    ents=[(0, 1, "GPE"), (4, 5, "GPE")])


def test_a_verb_and_its_xcomp_are_one_unit() -> None:
    doc = threat_doc()
    found = units(doc[:])
    assert len(found) == 1
    u = found[0]
    assert [t.text for t in u.chain] == ["threatened", "attack"]
    assert u.source is not None and u.source.text == "Ruritania"
    assert u.target is not None and u.target.text == "Freedonia"
    # the classifier reads the complement: another verb in it gives other features
    other = units(threat_doc("blockade")[:])[0]
    assert set(features(u)) != set(features(other))
    assert features(u) == features(units(threat_doc()[:])[0])  # and the same parse the same ones


def test_the_governing_verb_decides_the_root() -> None:
    u = units(threat_doc()[:])[0]
    coded = classify(u)
    assert coded is not None and coded[0] == "THREATEN"
    assert coded[1] is not None and coded[1].startswith("13")


def light_verb_doc():  # type: ignore[no-untyped-def]
    # Rebels launched an attack on the base .
    return make_doc([("Rebels", "rebel", "NOUN", "nsubj", 1), ("launched", "launch", "VERB", "ROOT", 1),
                     ("an", "an", "DET", "det", 3), ("attack", "attack", "NOUN", "dobj", 1),
                     ("on", "on", "ADP", "prep", 3), ("the", "the", "DET", "det", 6),
                     ("base", "base", "NOUN", "pobj", 4), (".", ".", "PUNCT", "punct", 1)])


def test_a_support_verb_and_its_event_noun_are_one_unit() -> None:
    found = units(light_verb_doc()[:])
    assert len(found) == 1, [u.head.text for u in found]
    u = found[0]
    assert u.noun is not None and u.noun.text == "attack"
    assert u.source is not None and u.source.text == "Rebels"
    assert u.target is not None and u.target.text == "base"
    coded = classify(u)
    assert coded is not None and coded[0] == "ASSAULT"


def test_an_event_noun_alone_is_a_unit() -> None:
    # The drone strike on the palace .
    doc = make_doc([("The", "the", "DET", "det", 2), ("drone", "drone", "NOUN", "compound", 2),
                    ("strike", "strike", "NOUN", "ROOT", 2), ("on", "on", "ADP", "prep", 2),
                    ("the", "the", "DET", "det", 5), ("palace", "palace", "NOUN", "pobj", 3),
                    (".", ".", "PUNCT", "punct", 2)])
    found = units(doc[:])
    assert [u.head.text for u in found] == ["strike"]
    assert found[0].target is not None and found[0].target.text == "palace"


def test_dictionary_patterns_of_verbs_without_a_code() -> None:
    # The ministry reserves the right to respond .
    doc = make_doc([("The", "the", "DET", "det", 1), ("ministry", "ministry", "NOUN", "nsubj", 2),
                    ("reserves", "reserve", "VERB", "ROOT", 2), ("the", "the", "DET", "det", 4),
                    ("right", "right", "NOUN", "dobj", 2), ("to", "to", "PART", "aux", 6),
                    ("respond", "respond", "VERB", "acl", 4), (".", ".", "PUNCT", "punct", 2)])
    u = next(u for u in units(doc[:]) if u.head.text == "reserves")
    assert "130" in codes(u)


def test_a_statement_carries_its_complement() -> None:
    # Ruritania says Freedonia must end the blockade .
    doc = make_doc([("Ruritania", "Ruritania", "PROPN", "nsubj", 1), ("says", "say", "VERB", "ROOT", 1),
                    ("Freedonia", "Freedonia", "PROPN", "nsubj", 4), ("must", "must", "AUX", "aux", 4),
                    ("end", "end", "VERB", "ccomp", 1), ("the", "the", "DET", "det", 6),
                    ("blockade", "blockade", "NOUN", "dobj", 4), (".", ".", "PUNCT", "punct", 1)],
                   ents=[(0, 1, "GPE"), (2, 3, "GPE")])
    said = next(u for u in units(doc[:]) if u.head.text == "says")
    assert [t.text for t in said.comp] == ["end"]
    assert said.source is not None and said.source.text == "Ruritania"
    assert said.target is not None and said.target.text == "Freedonia"
    # the complement is among the classifier's inputs: a statement with another complement reads differently
    plain = next(u for u in units(make_doc([("Ruritania", "Ruritania", "PROPN", "nsubj", 1),
                                            ("says", "say", "VERB", "ROOT", 1), (".", ".", "PUNCT", "punct", 1)],
                                           ents=[(0, 1, "GPE")])[:]) if u.head.text == "says")
    assert set(features(said)) - set(features(plain))


def test_no_verb_no_unit() -> None:
    doc = make_doc([("Chaos", "chaos", "NOUN", "ROOT", 0), (".", ".", "PUNCT", "punct", 0)])
    assert units(doc[:]) == []


def _complement(rows: list[tuple[str, str, str, str, int]]) -> list:  # type: ignore[type-arg]
    doc = make_doc(rows, ents=[(0, 1, "GPE"), (2, 3, "GPE")])
    return next(u for u in units(doc[:]) if u.head.text == "says").comp


def test_a_demand_or_promise_is_about_what_will_be() -> None:
    # Ruritania says Freedonia must end the blockade .
    must = _complement([("Ruritania", "Ruritania", "PROPN", "nsubj", 1), ("says", "say", "VERB", "ROOT", 1),
                        ("Freedonia", "Freedonia", "PROPN", "nsubj", 4), ("must", "must", "AUX", "aux", 4),
                        ("end", "end", "VERB", "ccomp", 1), ("the", "the", "DET", "det", 6),
                        ("blockade", "blockade", "NOUN", "dobj", 4), (".", ".", "PUNCT", "punct", 1)])
    assert _irrealis(must)
    # Ruritania says Freedonia ended the blockade .
    ended = _complement([("Ruritania", "Ruritania", "PROPN", "nsubj", 1), ("says", "say", "VERB", "ROOT", 1),
                         ("Freedonia", "Freedonia", "PROPN", "nsubj", 3), ("ended", "end", "VERB", "ccomp", 1),
                         ("the", "the", "DET", "det", 5), ("blockade", "blockade", "NOUN", "dobj", 3),
                         (".", ".", "PUNCT", "punct", 1)])
    assert not _irrealis(ended)
