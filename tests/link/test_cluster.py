from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.link.cluster import average_link, components


def test_average_link_merges_only_above_threshold() -> None:
    sim = np.array([[1, .9, .1, .0], [.9, 1, .2, .0], [.1, .2, 1, .8], [.0, .0, .8, 1]], dtype=float)
    assert average_link(sim, 0.5) == [[0, 1], [2, 3]]
    assert average_link(sim, 0.95) == [[0], [1], [2], [3]]
    assert average_link(sim, 0.0) == [[0, 1, 2, 3]]
    assert average_link(np.zeros((0, 0)), 0.5) == []


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=2, max_value=9), st.randoms(use_true_random=False))
def test_average_link_does_not_depend_on_order(n: int, rnd: object) -> None:
    rng = np.random.default_rng(n)
    points = rng.random((n, 3))
    sim = points @ points.T / 3.0
    perm = list(range(n))
    rnd.shuffle(perm)  # type: ignore[attr-defined]
    base = {frozenset(c) for c in average_link(sim, 0.3)}
    shuffled = average_link(sim[np.ix_(perm, perm)], 0.3)
    assert {frozenset(perm[i] for i in c) for c in shuffled} == base


def test_components() -> None:
    assert components("abcde", [("a", "b"), ("d", "c")]) == [["a", "b"], ["c", "d"], ["e"]]


def test_must_pairs_start_together_and_the_rest_is_average_link() -> None:
    sim = np.array([[1.0, 0.1, 0.9, 0.0], [0.1, 1.0, 0.0, 0.9], [0.9, 0.0, 1.0, 0.1], [0.0, 0.9, 0.1, 1.0]])
    assert average_link(sim, 0.5) == [[0, 2], [1, 3]]
    # 0 and 1 must be one: the pairs {0,1}, {2}, {3} then merge by mean similarity (0.45 < 0.5: not at all)
    assert average_link(sim, 0.5, must=[(0, 1)]) == [[0, 1], [2], [3]]
    assert average_link(sim, 0.4, must=[(0, 1)]) == [[0, 1, 2], [3]]
    assert average_link(sim, 0.5, must=[(0, 1), (2, 3)]) == [[0, 1], [2, 3]]
