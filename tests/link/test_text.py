from __future__ import annotations

import math

from newsledger.link import text as lt


def test_sentences_keep_abbreviations_together() -> None:
    s = "Mr. Arden met Gov. Lisle on Friday. They spoke! Then:\nA new paragraph starts here."
    parts = [s[a:b] for a, b in lt.sentence_bounds(s)]
    assert parts == ["Mr. Arden met Gov. Lisle on Friday.", "They spoke!", "Then:", "A new paragraph starts here."]
    assert lt.sentence_at(lt.sentence_bounds(s), s.index("spoke")) == (36, 47)


def test_head_word_and_stem() -> None:
    assert lt.head_word("launched a drone strike") == "strike"
    assert lt.head_word("made the accusation") == "accusation"
    assert lt.head_word("the") == "the"
    assert lt.stem("arrested") == lt.stem("arrest")


def test_term_weights_are_unit_length_and_prefer_rare_words() -> None:
    w = lt.term_weights("The Kessel bridge was bombed. The bridge over the Kessel is gone, and the road too.")
    assert math.isclose(math.sqrt(sum(v * v for v in w.values())), 1.0, rel_tol=1e-4)
    assert w["kessel"] > w["road"]
    assert "the" not in w
    assert lt.cosine(w, w) > 0.999
    assert lt.cosine(w, lt.term_weights("Wheat harvest prices fell.")) == 0.0


def test_name_terms() -> None:
    assert lt.name_terms("Saboteurs hit Veloria on Monday, 2031.") == {"veloria", "monday", "2031"}
