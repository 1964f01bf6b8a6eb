"""What the write side of the server does, over the public Python API: analyse a posted article, store it and
link it into the ledger's incidents, and put the bundled example into an empty ledger (analysed and linked)
so a fresh install opens on a populated page."""

from __future__ import annotations

import threading

from newsledger._analysis import analyze_article
from newsledger.examples import example_article
from newsledger.ingest.article import Article, clean_meta, parse_date
from newsledger.link import store_and_link
from newsledger.records import Ledger
from newsledger.store import Store

# One spaCy pipeline serves the process; requests analyse one at a time (reads are not held up by this).
_ANALYSIS_LOCK = threading.Lock()


def submitted(text: str, title: str | None = None, published: str | None = None, source: str | None = None,
              url: str | None = None, external_id: str | None = None) -> Article:
    """A posted article (the JSON body or the ingest form), checked as every entrance checks it
    (``Article.checked``); blank metadata count as none. Bad input raises an :class:`InputError`."""
    return Article.checked(text, "text", title=clean_meta(title), published=parse_date(published, where="published"),
                           source=clean_meta(source), url=clean_meta(url), external_id=clean_meta(external_id))


def analyse(article: Article) -> Ledger:
    """The ledger of a posted article (nothing stored)."""
    with _ANALYSIS_LOCK:
        return analyze_article(article)


def store_linked(store: Store, ledger: Ledger) -> bool:
    """Store an article and link it across the ledger (as ``newsledger ingest`` does); False when the ledger
    already held it (it is linked all the same, should an earlier run have stopped before linking it)."""
    result = store_and_link(store, [ledger])
    if result.rejected:
        raise result.rejected[0].error()
    return result.added == 1


def ingest(store: Store, article: Article) -> tuple[Ledger, bool]:
    """Analyse, store and link; the flag is False when the article was already in the ledger."""
    ledger = analyse(article)
    return ledger, store_linked(store, ledger)


def seed_example(store: Store) -> bool:
    """Analyse, store and link the bundled example when the ledger is empty; True when it did."""
    if store.count():
        return False
    with _ANALYSIS_LOCK:
        ledger = analyze_article(example_article())
    return store_linked(store, ledger)
