"""Event mentions: which definite mentions point back to an earlier happening of their article."""

from __future__ import annotations

import dataclasses

from newsledger.link.mentions import EventMention, anaphor_pairs, mention

ROOTS = frozenset({"ASSAULT"})


def _mentions(text: str, words: list[tuple[str, str | None, str]]) -> list[EventMention]:
    out = []
    at = 0
    for k, (word, plover, article) in enumerate(words):
        start = text.index(word, at)
        at = start + len(word)
        m = mention(text, article, f"m{k}", start, start + len(word))
        out.append(dataclasses.replace(m, plover=plover))
    return out


def test_the_attack_points_back_to_the_shelling_of_its_article() -> None:
    text = ("Artillery shelling hit the port on Sunday. The mayor said the attack killed two. "
            "Officials also denied an attack on a convoy.")
    ms = _mentions(text, [("shelling", "ASSAULT", "a"), ("attack", "ASSAULT", "a"), ("attack", "ASSAULT", "a")])
    assert [m.anaphoric for m in ms] == [False, True, False]       # "an attack" introduces another
    assert anaphor_pairs(ms, ROOTS) == [(0, 1)]


def test_no_antecedent_across_articles_roots_or_dates() -> None:
    text = "The shelling went on. Then the attack came. The protest grew."
    ms = _mentions(text, [("shelling", "ASSAULT", "a"), ("attack", "ASSAULT", "b"), ("protest", "PROTEST", "a")])
    assert anaphor_pairs(ms, ROOTS) == []                            # other article; a root not in ROOTS
    dated = [dataclasses.replace(ms[0], date="2024-05-01"),
             dataclasses.replace(ms[1], article_id="a", date="2024-05-03")]
    assert anaphor_pairs(dated, ROOTS) == []                         # "the attack" of another day
