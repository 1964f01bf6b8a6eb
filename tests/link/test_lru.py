"""The thread-safe least-recently-used map linking keeps its recent ledgers, mentions and profiles in."""

from __future__ import annotations

from newsledger.link.lru import LRU


def test_the_least_recently_used_item_goes_first() -> None:
    lru: LRU[int] = LRU(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # "b" is now the least recently used
    lru.put("c", 3)
    assert (lru.get("a"), lru.get("b"), lru.get("c")) == (1, None, 3)
    lru.drop(["a"])
    assert lru.get("a") is None


def test_fetch_loads_only_what_it_does_not_hold() -> None:
    lru: LRU[str] = LRU(10)
    lru.put("x", "held")
    asked: list[list[str]] = []

    def load(missing: list[str]) -> list[tuple[str, str]]:
        asked.append(missing)
        return [(k, f"loaded {k}") for k in missing]

    assert lru.fetch(["x", "y"], load) == {"x": "held", "y": "loaded y"}
    assert asked == [["y"]]
    assert lru.get("y") == "loaded y"
