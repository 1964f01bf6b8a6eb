"""Batch jobs over inputs: extract (ledgers in input order) and ingest (into a store, in transactions).

Unreadable inputs do not stop a batch: each is passed to ``on_failure`` (the CLI prints it) and counted.
Ingest commits every ``batch_size`` articles: a run that is killed loses only its uncommitted batch, and
running it again skips what was stored (before analysis) and stores the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from newsledger.errors import RejectedError
from newsledger.ingest import Article, ReadFailure, read_inputs
from newsledger.link import ArticleFeatures, store_and_link, update_links
from newsledger.records import Ledger
from newsledger.scale.workers import WorkerStats, analyze_parallel, analyze_with_features
from newsledger.store import Store

FailureHandler = Callable[[ReadFailure], None]
# Articles a transaction. Linking a batch dirties a page of each index for most of its rows (record and link ids
# are hashes): the more articles a transaction holds, the more of them share a page, and a story that several
# of them join is recomputed once. 256 rather than 64 took storing and linking 10,000 articles from 150 to 182
# articles/s (bench/link_scale.py); a killed run loses at most one batch's analysis (about a minute of CPU).
INGEST_BATCH = 256


@dataclass
class IngestSummary:
    ingested: int = 0
    duplicates: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    done: int = 0          # inputs dealt with so far: analysed, skipped or failed (for progress)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def describe(self) -> str:
        """One line: ingested, skipped as duplicate, failed (by reason)."""
        line = f"ingested {self.ingested}, skipped {self.duplicates} as duplicate, failed {self.failed}"
        if self.failures:
            kinds = Counter(f"{f.error.code} {f.error.kind}" for f in self.failures)
            line += " (" + ", ".join(f"{kind}: {n}" for kind, n in sorted(kinds.items())) + ")"
        return line


def _articles(inputs: Iterable[str], published: str | None, failures: list[ReadFailure],
              on_failure: FailureHandler | None) -> Iterator[Article]:
    for item in read_inputs(inputs, published=published):
        if isinstance(item, ReadFailure):
            failures.append(item)
            if on_failure is not None:
                on_failure(item)
        else:
            yield item


def extract_inputs(inputs: Iterable[str], published: str | None = None,
                   on_failure: FailureHandler | None = None,
                   failures: list[ReadFailure] | None = None, workers: int = 1,
                   stats: WorkerStats | None = None) -> Iterator[Ledger]:
    """The ledger of every readable article of ``inputs``, in input order (the same for any ``workers``)."""
    sink = failures if failures is not None else []
    yield from analyze_parallel(_articles(inputs, published, sink, on_failure), workers, stats=stats)


def ingest_inputs(inputs: Iterable[str], store: Store, published: str | None = None,
                  on_failure: FailureHandler | None = None, batch_size: int = INGEST_BATCH,
                  on_progress: Callable[[IngestSummary], None] | None = None, workers: int = 1) -> IngestSummary:
    """Analyse and store every readable article (in ``workers`` processes); articles already stored (or met
    before in this run) are skipped before analysis. ``on_progress`` is called with the running summary as
    articles are done."""
    summary = IngestSummary()
    seen: set[str] = set()

    def step() -> None:
        summary.done += 1
        if on_progress is not None:
            on_progress(summary)

    def unreadable(failure: ReadFailure) -> None:
        if on_failure is not None:
            on_failure(failure)
        step()
    update_links(store)  # articles a killed run stored but did not get to link

    def fresh() -> Iterator[Article]:
        for art in _articles(inputs, published, summary.failures, unreadable):
            if art.id in seen or store.has(art.id):
                summary.duplicates += 1
                step()
                continue
            seen.add(art.id)
            yield art

    pending: list[Ledger] = []
    features: list[ArticleFeatures] = []  # what linking needs of each article, computed by the workers too
    for ledger, feats in analyze_with_features(fresh(), workers):
        pending.append(ledger)
        features.append(feats)
        if len(pending) >= batch_size:
            _commit(store, pending, features, summary, on_failure)
        step()
    _commit(store, pending, features, summary, on_failure)
    if on_progress is not None:
        on_progress(summary)
    return summary


def _commit(store: Store, pending: list[Ledger], features: list[ArticleFeatures], summary: IngestSummary,
            on_failure: FailureHandler | None) -> None:
    if not pending:
        return
    result = store_and_link(store, pending, features)  # cross-article links in a transaction following the batch's
    summary.ingested += result.added
    summary.duplicates += result.skipped
    for r in result.rejected:
        where = next((lg.article.source or lg.article.external_id or r.article_id
                      for lg in pending if lg.article.id == r.article_id), r.article_id)
        failure = ReadFailure(where, RejectedError(where=where, reason=r.reason))
        summary.failures.append(failure)
        if on_failure is not None:
            on_failure(failure)
    pending.clear()
    features.clear()
