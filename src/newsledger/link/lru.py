"""A small thread-safe least-recently-used map, for what linking keeps between batches (``linker``'s recent
ledgers, mentions, profiles and fingerprints; ``claims``' proposition profiles)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class LRU(Generic[T]):
    """A small thread-safe least-recently-used map from strings (article ids, texts) to values."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[str, T] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> T | None:
        with self.lock:
            item = self.items.get(key)
            if item is not None:
                self.items.move_to_end(key)
            return item

    def put(self, key: str, value: T) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def drop(self, keys: Iterable[str]) -> None:
        with self.lock:
            for k in keys:
                self.items.pop(k, None)

    def fetch(self, keys: Iterable[str], load: Callable[[list[str]], Iterable[tuple[str, T]]]) -> dict[str, T]:
        """The values of ``keys``: those held from memory, the others from ``load(missing)`` (then held)."""
        out: dict[str, T] = {}
        missing: list[str] = []
        for k in keys:
            value = self.get(k)
            if value is None:
                missing.append(k)
            else:
                out[k] = value
        for k, value in load(missing):
            out[k] = value
            self.put(k, value)
        return out
