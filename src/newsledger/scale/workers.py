"""Analyse a stream of articles in several processes, in input order, byte for byte as in one process.

Articles are cut into chunks of :data:`CHUNK_SIZE` articles and at most :data:`CHUNK_CHARS` characters (an
article longer than that is a chunk of its own); each chunk is one ``nlp.pipe`` batch, in this process
(``workers=1``) or in one of ``workers`` worker processes (each loads the model once, when it starts). The
chunks are the same whatever the number of workers, so every article is parsed in the same batch and the
ledgers are identical; results are yielded in input order. :func:`analyze_with_features` also computes, in the
same processes, what linking needs of each article alone (``link.features_of``), for ``newsledger ingest``'s
single writer to take over with the ledgers. At most ``2 * workers`` chunks are in flight,
so memory stays flat however long the input, and the input is read in the calling thread (it may query a
database as it goes).
"""

from __future__ import annotations

import os
import resource
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

from newsledger._analysis import BATCH_SIZE, analyze_articles
from newsledger.ingest.article import Article
from newsledger.link.features import ArticleFeatures, features_of
from newsledger.records import Ledger

CHUNK_SIZE = BATCH_SIZE
# The parser and NER's memory grows with a batch's total length: one 100,000-character article alone takes a
# process from 150 to 630 MB, and a batch of 32 Wikinews articles with several 40,000-60,000-character ones
# reached 1.1 GB. Capping a chunk's characters keeps the peak near that of the longest single article; it
# changes no output (spaCy parses each text of a batch independently) and barely the speed (short news
# articles still go 32 to a batch).
CHUNK_CHARS = 120_000
MAX_WORKERS = 64
# One BLAS thread per worker process: N processes on N cores, not N x cores threads competing (OpenBLAS
# otherwise starts a thread per core in every process; measured: ~5% less CPU per article with one).
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
Usage = tuple[int, int, float]  # pid, peak RSS bytes, CPU seconds
Result = tuple[Ledger, ArticleFeatures | None]


@dataclass
class WorkerStats:
    """What the workers did, per process id: articles, peak resident memory (bytes), CPU seconds used
    (model loading included), and when the first chunk came back (``time.perf_counter()`` of the caller)."""

    articles: dict[int, int] = field(default_factory=dict)
    peak_rss: dict[int, int] = field(default_factory=dict)
    cpu: dict[int, float] = field(default_factory=dict)
    first_result: float | None = None

    def record(self, used: Usage, articles: int) -> None:
        pid, rss, cpu = used
        if self.first_result is None:
            self.first_result = time.perf_counter()
        self.articles[pid] = self.articles.get(pid, 0) + articles
        self.peak_rss[pid] = max(self.peak_rss.get(pid, 0), rss)
        self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu)


def usage() -> Usage:
    """This process's id, peak resident set size (bytes; Linux reports kilobytes) and CPU seconds so far."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return os.getpid(), ru.ru_maxrss * 1024, ru.ru_utime + ru.ru_stime


def _start_worker() -> None:
    from newsledger.nlp import get_nlp

    get_nlp()  # load the model once per worker, before the first chunk arrives


def _analyze_chunk(chunk: list[Article], with_features: bool = False) -> tuple[Usage, list[Result]]:
    ledgers = list(analyze_articles(chunk, batch_size=len(chunk)))
    return usage(), [(lg, features_of(lg) if with_features else None) for lg in ledgers]


def _chunks(articles: Iterable[Article], size: int, max_chars: int = CHUNK_CHARS) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    chars = 0
    for art in articles:
        if chunk and chars + len(art.text) > max_chars:
            yield chunk
            chunk, chars = [], 0
        chunk.append(art)
        chars += len(art.text)
        if len(chunk) >= size:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def analyze_parallel(articles: Iterable[Article], workers: int = 1, chunk_size: int = CHUNK_SIZE,
                     stats: WorkerStats | None = None) -> Iterator[Ledger]:
    """The ledger of every article, in input order, computed by ``workers`` processes."""
    for ledger, _ in _analyzed(articles, workers, chunk_size, stats, with_features=False):
        yield ledger


def analyze_with_features(articles: Iterable[Article], workers: int = 1, chunk_size: int = CHUNK_SIZE,
                          stats: WorkerStats | None = None) -> Iterator[tuple[Ledger, ArticleFeatures]]:
    """The ledger of every article with its link features (``link.features_of``), in input order, both computed
    by ``workers`` processes."""
    for ledger, features in _analyzed(articles, workers, chunk_size, stats, with_features=True):
        assert features is not None
        yield ledger, features


def _analyzed(articles: Iterable[Article], workers: int, chunk_size: int, stats: WorkerStats | None,
              with_features: bool) -> Iterator[Result]:
    if not 1 <= workers <= MAX_WORKERS:
        raise ValueError(f"workers must be between 1 and {MAX_WORKERS}, not {workers}")
    if workers == 1:
        for chunk in _chunks(articles, chunk_size):
            used, results = _analyze_chunk(chunk, with_features)
            if stats is not None:
                stats.record(used, len(results))
            yield from results
        return
    # spawn: workers start clean (no copy of this process's threads or open database connections), and
    # inherit the environment, where a user's own thread settings win
    for key, value in SINGLE_THREADED.items():
        os.environ.setdefault(key, value)
    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_start_worker)
    try:
        pending: deque[Future[tuple[Usage, list[Result]]]] = deque()
        for chunk in _chunks(articles, chunk_size):
            pending.append(pool.submit(_analyze_chunk, chunk, with_features))
            if len(pending) >= 2 * workers:
                yield from _collect(pending.popleft(), stats)
        while pending:
            yield from _collect(pending.popleft(), stats)
    finally:  # also when the caller stops early or is interrupted: drop the chunks not started
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(future: Future[tuple[Usage, list[Result]]], stats: WorkerStats | None) -> list[Result]:
    used, results = future.result()
    if stats is not None:
        stats.record(used, len(results))
    return results
