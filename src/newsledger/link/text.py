"""Text features for linking across articles, from a ledger's text alone (no parser at link time).

- ``sentence_bounds``: sentences by end punctuation and line breaks;
- ``head_word``: the last content word of a trigger ("launched a drone strike" -> "strike");
- ``stem``: Snowball English stems, so "arrested" and "arrest" meet;
- ``term_weights``: an article's profile, stems weighted by ``(1 + log tf) * idf`` where idf comes from the
  fixed English word frequencies of ``wordfreq`` (not from the stored articles), so the similarity of two
  articles never depends on which other articles were ingested, or in what order; names (capitalised words
  not opening a sentence) may weigh ``name_boost`` times more: they tell one happening from another of its
  kind (two earthquakes, two arrests) where the common words cannot;
- ``name_terms``: capitalised words inside a sentence and numbers: the names and figures of a sentence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt
import Stemmer
from wordfreq import zipf_frequency

from newsledger import resources

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|\d{4}")
TOKEN = re.compile(r"[\w'’-]+")
NAME = re.compile(r"(?<![\n.!?] )(?<!^)\b[A-Z][a-z]+|\b\d+\b", re.MULTILINE)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])|\n+")
MAX_ZIPF = 7.0  # idf = MAX_ZIPF - zipf frequency: 0 for the commonest words, about 7 for unseen names
PROFILE_TERMS = 200  # the strongest terms kept in an article's profile
MAX_WORD = 40  # longer "words" are noise (URLs, glued tokens), and must fit the store's term column


def stopwords() -> frozenset[str]:
    return resources.word_file("link/stopwords.txt")


_STEMMER = Stemmer.Stemmer("english")  # the Snowball English stemmer, in C (PyStemmer)


@cache
def stem(word: str) -> str:
    stemmed: str = _STEMMER.stemWord(word.lower().replace("’", "'"))
    return stemmed


@cache
def idf(word: str) -> float:
    return max(0.0, MAX_ZIPF - zipf_frequency(word.lower(), "en"))


def head_word(trigger: str) -> str:
    """The lower-cased last content word of a trigger (its head in English noun and verb phrases)."""
    toks: list[str] = [str(t).lower() for t in TOKEN.findall(trigger)]
    content = [t for t in toks if t not in stopwords()]
    return (content or toks or [trigger.lower().strip()])[-1]


@cache
def abbreviations() -> tuple[str, ...]:
    text = resources.read_text("link/abbreviations.txt")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence of ``text``."""
    bounds = []
    start = 0
    abbrev = abbreviations()
    for m in SENTENCE_END.finditer(text):
        if text[m.start() - 1] == "." and text[max(start, m.start() - 5):m.start()].endswith(abbrev) and \
                "\n" not in m.group():
            continue
        if m.start() > start:
            bounds.append((start, m.start()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds or [(0, len(text))]


def sentence_at(bounds: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence holding ``offset`` (the last one starting at or before it)."""
    lo, hi = 0, len(bounds) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if bounds[mid][0] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return bounds[lo]


def term_weights(text: str, limit: int = PROFILE_TERMS, name_boost: float = 1.0) -> dict[str, float]:
    """An article's profile: its strongest content stems, L2-normalised ``(1 + log tf) * idf`` weights (a
    stem's idf times ``name_boost`` where it stands as a name)."""
    counts: Counter[str] = Counter()
    weight: dict[str, float] = {}
    for m in WORD.finditer(text):
        word = m.group()
        term = _term(word.lower())
        if term is None:
            continue
        s, w = term
        counts[s] += 1
        if name_boost != 1.0 and word[0].isupper() and not _opens_sentence(text, m.start()):
            w *= name_boost
        if w > weight.get(s, -1.0):
            weight[s] = w
    scored = {s: (1.0 + math.log(n)) * weight[s] for s, n in counts.items() if weight[s] > 0}
    top = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return {s: round(v / norm, 6) for s, v in top}


@lru_cache(maxsize=1 << 18)
def _term(word: str) -> tuple[str, float] | None:
    """A lower-cased word's stem and idf; None for a stop word or a word too short or too long to weigh."""
    if word in stopwords() or not 3 <= len(word) <= MAX_WORD:
        return None
    return stem(word), idf(word)


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n:"


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """The dot product of two L2-normalised profiles (exactly rounded, so independent of the order of terms)."""
    return math.fsum(a[k] * b[k] for k in a.keys() & b.keys())


def term_matrix(profiles: Sequence[Mapping[str, float]]) -> npt.NDArray[np.float64]:
    """``profiles`` as the rows of a dense matrix over their joint vocabulary (columns in order of appearance)."""
    vocabulary: dict[str, int] = {}
    rows, cols, values = [], [], []
    for i, p in enumerate(profiles):
        for term, weight in p.items():
            rows.append(i)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
            values.append(weight)
    dense = np.zeros((len(profiles), len(vocabulary)))
    dense[rows, cols] = values
    return dense


def cosine_matrix(profiles: Sequence[Mapping[str, float]]) -> npt.NDArray[np.float64]:
    """The cosines of every pair of ``profiles`` (one matrix product over their joint vocabulary)."""
    dense = term_matrix(profiles)
    return np.asarray(dense @ dense.T, dtype=np.float64)


def name_terms(sentence: str) -> frozenset[str]:
    """Stems of the capitalised words (not opening the sentence) and the numbers of a sentence."""
    return frozenset(stem(m.group()) for m in NAME.finditer(sentence.strip()))
