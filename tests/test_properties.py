"""Property-based tests: records round-trip losslessly, and extraction on arbitrary text never crashes and
only ever returns spans that lie inside the text and equal their slice."""

from __future__ import annotations

import string
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from tests.pg import Cluster
from tests.spans import slices

texts = st.text(min_size=0, max_size=40)
ints = st.integers(min_value=0, max_value=10**6)
ids = st.text(alphabet=string.hexdigits.lower(), min_size=1, max_size=16)
maybe = st.one_of(st.none(), texts)


@st.composite
def spans(draw: st.DrawFn) -> TextSpan:
    s = draw(ints)
    return TextSpan(draw(texts), s, s + draw(st.integers(0, 100)))


@st.composite
def ledgers(draw: st.DrawFn, fit_schema: bool = False) -> Ledger:
    """Any ledger; with ``fit_schema``, one whose references, dates, country codes and pipeline version have
    the shapes the store's columns hold (as every ledger the pipeline makes does): PostgreSQL enforces
    column widths, and refuses what does not fit (RejectedError) rather than storing it."""
    ref = st.one_of(st.none(), ids) if fit_schema else maybe
    published = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())) if fit_schema else maybe
    country = st.one_of(st.none(), st.text(string.ascii_uppercase, min_size=2, max_size=2)) if fit_schema else maybe
    version = st.text(max_size=32) if fit_schema else texts
    actors = tuple(Actor(f"a{i}", draw(texts), draw(st.sampled_from(["PER", "ORG", "GPE", "NORP", "OTHER"])),
                         draw(maybe), draw(maybe), draw(maybe), tuple(draw(st.lists(st.tuples(ints, ints),
                                                                                    max_size=3))))
                   for i in range(draw(st.integers(0, 3))))
    atts = tuple(Attribution(f"t{i}", draw(st.one_of(st.none(), st.builds(Speaker, texts, ints, ints, ref))),
                             draw(st.one_of(st.none(), spans())), draw(st.one_of(st.none(), spans())),
                             draw(st.sampled_from(["direct", "indirect", "mixed", "according_to"])),
                             draw(st.sampled_from(["assert", "accuse", "deny", "threaten"])),
                             draw(st.sampled_from(["stated", "unsupported", "unverified", "disputed", "none"])),
                             tuple(draw(st.lists(spans(), max_size=2))), tuple(draw(st.lists(spans(), max_size=2))))
                 for i in range(draw(st.integers(0, 3))))
    times = st.one_of(st.none(), st.builds(TimeRef, texts, maybe, st.sampled_from(["day", "week", "unknown"]),
                                           ints, ints))
    places = st.one_of(st.none(), st.builds(PlaceRef, texts, ints, ints, maybe, st.one_of(st.none(), ints),
                                            st.one_of(st.none(), st.floats(-90, 90)),
                                            st.one_of(st.none(), st.floats(-180, 180)), country))
    events = tuple(Event(f"e{i}", draw(spans()), draw(st.sampled_from(["ASSAULT", "ACCUSE"])), draw(maybe),
                         draw(ref), draw(ref), draw(st.sampled_from(["actual", "alleged", "denied"])),
                         draw(ref), draw(times), draw(places))
                   for i in range(draw(st.integers(0, 3))))
    return Ledger(ArticleInfo(draw(ids), draw(maybe), draw(published), draw(maybe), draw(maybe), draw(maybe)),
                  actors, atts, events, PipelineInfo("newsledger", draw(version), draw(texts)), draw(texts))


@given(ledgers())
def test_ledger_json_round_trip_is_lossless(lg: Ledger) -> None:
    again = Ledger.from_json(lg.to_json(include_text=True))
    assert again == lg
    assert again.text == lg.text
    assert again.to_json() == lg.to_json()


# Text drawn to look a little like news: words, quote marks of every style, punctuation, newlines, and
# arbitrary unicode, so the quote scanner, the parser and the extractors meet odd shapes.
NEWSY = st.lists(st.one_of(
    st.sampled_from(["said", "claimed", "denied", "He", "She", "According to", "officials", "Russia", "attack",
                     "“", "”", "‘", "’", '"', "'", "«", "»", "\n\n", "\n", ".", ",", ":", "—", "on Wednesday",
                     "did not offer proof", "unconfirmed", "that", "the", "Kremlin", "Peskov", "threatened to"]),
    st.text(max_size=12)), max_size=60).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(NEWSY, st.text(max_size=300)))
def test_extraction_never_crashes_and_spans_are_slices(text: str) -> None:
    import newsledger
    from newsledger.errors import DecodeError

    if not text.strip():
        return
    if "\x00" in text or any("\ud800" <= c <= "\udfff" for c in text):  # no text: refused, on one line
        with pytest.raises(DecodeError) as err:
            newsledger.analyze(text, published="2023-05-04")
        assert "\n" not in err.value.message
        return
    lg = newsledger.analyze(text, published="2023-05-04")
    n = len(text)
    for a in lg.attributions:
        for part in (a.speaker, a.cue, a.content, *a.evidence_cues, *a.hedges):
            if part is not None:
                assert 0 <= part.start <= part.end <= n
                assert slices(text, part) == part.text
    for e in lg.events:
        assert text[e.trigger.start:e.trigger.end] == e.trigger.text
        if e.time is not None:
            assert text[e.time.start:e.time.end] == e.time.text
        if e.place is not None:
            assert text[e.place.start:e.place.end] == e.place.text
    for ac in lg.actors:
        for s, e in ac.mentions:
            assert 0 <= s <= e <= n


@settings(max_examples=30, deadline=None)
@given(ledgers())
def test_store_round_trip_is_lossless(lg: Ledger) -> None:
    import tempfile
    from pathlib import Path

    from newsledger.store import open_store

    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "p.db")) as store:
        assert store.add(lg)
        back = store.get(lg.article.id)
        assert back == lg
        assert back is not None and back.text == lg.text
        assert store.add(lg) is False


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers(fit_schema=True))
def test_store_round_trip_is_lossless_on_postgresql(pg_database: str, lg: Ledger) -> None:
    from newsledger.store import open_store

    # Readers and the API refuse NUL characters (PostgreSQL stores none); everything else must come back
    lg = Ledger.from_json(lg.to_json(include_text=True).replace("\\u0000", "\\ufffd"))
    with open_store(pg_database) as store:
        try:
            assert store.add(lg)
            back = store.get(lg.article.id)
            assert back == lg
            assert back is not None and back.text == lg.text
            assert store.add(lg) is False
        finally:
            store.delete(lg.article.id)


@pytest.fixture(scope="module")
def pg_database(pg_cluster: Cluster) -> Iterator[str]:
    """One database for the module's examples (each removes its article again)."""
    url = pg_cluster.create_database()
    yield url
    pg_cluster.drop_database(url)
