"""Copies: syndicated and near-duplicate articles (a wire story republished under another headline, with a
dateline and an agency credit, boilerplate added, paragraphs cut or lightly edited).

An article's *fingerprint* is a MinHash signature (``datasketch``) of its word shingles: every run of
``SHINGLE`` consecutive words of the lower-cased text, punctuation dropped. Two articles are compared by their
estimated *containment*, the share of the smaller article's shingles found in the larger: a copy that keeps half
of the paragraphs and adds boilerplate still has most of its shingles in the original, while two independent
reports of one happening share only a few phrases (names, quotes, "police said on Tuesday").

Finding candidates is incremental: the signature is cut into ``BANDS`` bands of ``ROWS`` values, and articles
sharing a band (locality-sensitive hashing) are compared; the store keeps the band keys in an indexed table,
so a new article is compared with its candidates only, never with the whole ledger.

    >>> a, b = fingerprint(original), fingerprint(republished)
    >>> is_copy(a, b)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from newsledger.link.text import stopwords

SHINGLE = 4  # words per shingle
NUM_PERM = 128  # MinHash permutations (signature length)
BANDS = 42  # LSH bands of ROWS values: candidate probability 0.5 near Jaccard 0.29, 0.94 at 0.4
ROWS = 3
SEED = 1  # the MinHash permutations; changing it (or SCHEME) changes every stored signature
SCHEME = "affine32"  # datasketch's hashing scheme, named so that a new default never mixes signatures
MIN_SHINGLES = 12  # texts with fewer shingles (a headline, a one-line brief) are never copies of anything
MIN_CONTAINMENT = 0.6  # estimated share of the smaller article's shingles found in the larger one

WORD = re.compile(r"\w+")

Signature = npt.NDArray[np.uint32]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """An article's MinHash signature and its number of distinct shingles."""

    signature: Signature
    size: int

    def to_text(self) -> str:
        """The signature as hex text (for the store): ``NUM_PERM`` 8-digit values."""
        return self.signature.astype(">u4").tobytes().hex()

    @classmethod
    def from_text(cls, text: str, size: int) -> Fingerprint:
        return cls(np.frombuffer(bytes.fromhex(text), dtype=">u4").astype(np.uint32), size)


@cache
def _minhash_template() -> object:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)


def shingles(text: str) -> set[bytes]:
    """The distinct ``SHINGLE``-word runs of ``text`` (lower-cased words, punctuation dropped), less the runs of
    stop words only ("one of the most", "it was the first"), which any two English texts share."""
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    stops = stopwords()
    content = [w not in stops for w in words]
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)
            if any(content[i:i + SHINGLE])}


def fingerprint(text: str) -> Fingerprint:
    """The MinHash fingerprint of ``text``."""
    from datasketch import MinHash

    grams = shingles(text)
    template = _minhash_template()
    m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=template.permutations,  # type: ignore[attr-defined]
                scheme=SCHEME)
    if grams:
        m.update_batch(sorted(grams))
    return Fingerprint(np.asarray(m.hashvalues, dtype=np.uint32), len(grams))


def band_keys(fp: Fingerprint) -> list[int]:
    """The LSH keys of a fingerprint, sorted and distinct: one per band, a signed 64-bit hash of the band's
    number and values (the store's integer key); none for a text too short to be a copy."""
    if fp.size < MIN_SHINGLES:
        return []
    out = []
    for b in range(BANDS):
        rows = fp.signature[b * ROWS:(b + 1) * ROWS].astype(">u4")
        digest = hashlib.blake2b(bytes([b]) + rows.tobytes(), digest_size=8).digest()
        out.append(int.from_bytes(digest, "big", signed=True))
    return sorted(set(out))


def jaccard(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of the two shingle sets (share of equal signature values)."""
    return float(np.mean(a.signature == b.signature))


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of the smaller article's shingles that the other holds:
    ``|A & B| / min(|A|, |B|)`` with ``|A & B| = J (|A| + |B|) / (1 + J)``."""
    if not a.size or not b.size:
        return 0.0
    j = jaccard(a, b)
    return min(1.0, j * (a.size + b.size) / ((1.0 + j) * min(a.size, b.size)))


def is_copy(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether one article is a copy of the other (in either direction)."""
    return min(a.size, b.size) >= MIN_SHINGLES and containment(a, b) >= MIN_CONTAINMENT


def twins(items: Mapping[str, Sequence[T]], roots: Mapping[str, str], key: Callable[[T], Hashable],
          ident: Callable[[T], str]) -> dict[str, str]:
    """Items of copies matched to the same item of their copy group's first article: ``items`` by article,
    ``roots`` a copy's first article (copies only). An item matches the first unmatched item of its root with
    the same ``key`` (an event's trigger and sentence, a statement's cue and content); returns the copy item's
    id (``ident``) -> its twin's. Clustering the twins' originals alone, and giving each twin its original's
    place, is what clustering them all would give, at the cost of the originals only: a wire story republished
    three hundred times is clustered once."""
    out: dict[str, str] = {}
    for article, root in sorted(roots.items()):
        if root == article or root not in items or article not in items:
            continue
        free: dict[Hashable, list[T]] = {}
        for it in items[root]:
            free.setdefault(key(it), []).append(it)
        for it in items[article]:
            match = free.get(key(it))
            if match:
                out[ident(it)] = ident(match.pop(0))
    return out
