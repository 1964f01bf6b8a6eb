"""Batch jobs over inputs: extract (ledgers in input order) and ingest (into a store, in transactions).

Unreadable inputs do not stop a batch: each is passed to ``on_failure`` (the CLI prints it) and counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from newsledger._analysis import analyze_articles
from newsledger.ingest import Article, ReadFailure, read_inputs
from newsledger.records import Ledger
from newsledger.store import Store
from newsledger.store.links import update_links

FailureHandler = Callable[[ReadFailure], None]
INGEST_BATCH = 64


@dataclass
class IngestSummary:
    ingested: int = 0
    duplicates: int = 0
    failures: list[ReadFailure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


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
                   failures: list[ReadFailure] | None = None) -> Iterator[Ledger]:
    """The ledger of every readable article of ``inputs``, in input order."""
    sink = failures if failures is not None else []
    yield from analyze_articles(_articles(inputs, published, sink, on_failure))


def ingest_inputs(inputs: Iterable[str], store: Store, published: str | None = None,
                  on_failure: FailureHandler | None = None, batch_size: int = INGEST_BATCH) -> IngestSummary:
    """Analyse and store every readable article; articles already stored are skipped before analysis."""
    summary = IngestSummary()
    update_links(store)  # articles a killed run stored but did not get to link

    def fresh() -> Iterator[Article]:
        for art in _articles(inputs, published, summary.failures, on_failure):
            if store.has(art.id):
                summary.duplicates += 1
                continue
            yield art

    pending: list[Ledger] = []
    for ledger in analyze_articles(fresh()):
        pending.append(ledger)
        if len(pending) >= batch_size:
            _commit(store, pending, summary)
    _commit(store, pending, summary)
    return summary


def _commit(store: Store, pending: list[Ledger], summary: IngestSummary) -> None:
    if not pending:
        return
    result = store.add_many(pending)
    update_links(store, [lg.article.id for lg in pending])  # cross-article links, in a following transaction
    summary.ingested += result.added
    summary.duplicates += result.skipped
    pending.clear()
