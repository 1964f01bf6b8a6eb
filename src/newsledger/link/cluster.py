"""Deterministic clustering: average-link agglomeration over a similarity matrix, and connected components.

Both depend only on the items and their pairwise similarities, never on the order the items arrived in:
callers sort items by id, and ties are broken by the lower index.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt


def average_link(sim: npt.NDArray[np.float64], threshold: float,
                 must: Iterable[tuple[int, int]] = ()) -> list[list[int]]:
    """Merge the two clusters of highest mean pairwise similarity while it is at least ``threshold``.

    ``sim`` is a symmetric ``n x n`` matrix; ``must`` are pairs of rows that start in one cluster whatever
    their similarity; returns clusters of row indices, each sorted, ordered by their first member.
    """
    n = sim.shape[0]
    if n == 0:
        return []
    total = np.array(sim, dtype=np.float64, copy=True)
    np.fill_diagonal(total, 0.0)
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    root = list(range(n))

    def merge(a: int, b: int) -> None:
        a, b = min(a, b), max(a, b)
        total[a, :] += total[b, :]
        total[:, a] += total[:, b]
        total[a, a] = 0.0
        size[a] += size[b]
        alive[b] = False
        members[a] = sorted(members[a] + members.pop(b))
        for m in members[a]:
            root[m] = a

    for i, j in sorted(must):
        if root[i] != root[j]:
            merge(root[i], root[j])
    while True:
        mean = total / np.outer(size, size)
        mean[~alive, :] = -np.inf
        mean[:, ~alive] = -np.inf
        np.fill_diagonal(mean, -np.inf)
        k = int(np.argmax(mean))
        a, b = divmod(k, n)
        if not np.isfinite(mean[a, b]) or mean[a, b] < threshold:
            break
        merge(a, b)
    return sorted(members.values())


def components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components (each sorted, ordered by first member) of an undirected graph."""
    parent: dict[str, str] = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for n in parent:
        groups.setdefault(find(n), []).append(n)
    return sorted(sorted(g) for g in groups.values())
