"""The public entry points: analyse one text or a stream of articles into :class:`Ledger` objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsledger.extract import build_ledger
from newsledger.ingest.article import Article, parse_date
from newsledger.nlp import get_nlp, model_info
from newsledger.records import Ledger

BATCH_SIZE = 32


def analyze(text: str, published: str | None = None, title: str | None = None) -> Ledger:
    """Extract the ledger of one article. ``published`` (``YYYY-MM-DD``) anchors relative dates."""
    article = Article.checked(text, "text", title=title, published=parse_date(published, where="published"))
    return analyze_article(article)


def analyze_article(article: Article) -> Ledger:
    nlp = get_nlp()
    return build_ledger(nlp(article.text), article, model_info())


def analyze_articles(articles: Iterable[Article], batch_size: int = BATCH_SIZE) -> Iterator[Ledger]:
    """Ledgers of many articles, in input order, parsed in batches."""
    nlp = get_nlp()
    model = model_info()
    buffered: list[Article] = []

    def flush() -> Iterator[Ledger]:
        for art, doc in zip(buffered, nlp.pipe([a.text for a in buffered], batch_size=batch_size),
                            strict=True):
            yield build_ledger(doc, art, model)
        buffered.clear()

    for art in articles:
        buffered.append(art)
        if len(buffered) >= batch_size:
            yield from flush()
    yield from flush()
