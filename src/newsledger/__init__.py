"""newsledger: a source-attributed ledger of who said what, who did what to whom, when and where.

    >>> import newsledger
    >>> ledger = newsledger.analyze(text, published="2023-05-04")
    >>> ledger.to_json()
    >>> with newsledger.open_ledger("ledger.db") as store:     # the store with its cross-article links
    ...     newsledger.store_and_link(store, [ledger])
"""

from newsledger._analysis import analyze, analyze_article, analyze_articles
from newsledger._version import __version__
from newsledger.errors import NewsledgerError
from newsledger.examples import example_article
from newsledger.ingest import Article, ReadFailure, read_inputs
from newsledger.link import open_ledger, store_and_link
from newsledger.records import (
                                Actor,
                                ArticleInfo,
                                Attribution,
                                Event,
                                Ledger,
                                PipelineInfo,
                                PlaceRef,
                                Speaker,
                                TextSpan,
                                TimeRef,
)
from newsledger.store import Store, open_store

__all__ = [
    "Actor",
    "Article",
    "ArticleInfo",
    "Attribution",
    "Event",
    "Ledger",
    "NewsledgerError",
    "PipelineInfo",
    "PlaceRef",
    "ReadFailure",
    "Speaker",
    "Store",
    "TextSpan",
    "TimeRef",
    "__version__",
    "analyze",
    "analyze_article",
    "analyze_articles",
    "example_article",
    "open_ledger",
    "open_store",
    "read_inputs",
    "store_and_link",
]
