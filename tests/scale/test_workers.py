"""--workers N: the same ledgers, byte for byte and in input order, whatever N is."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsledger.ingest import Article, read_inputs
from newsledger.link import features_of
from newsledger.scale import WorkerStats, analyze_parallel
from newsledger.scale.workers import _chunks, analyze_with_features
from tests.conftest import shared_path

# Written for these tests.
SENTENCES = [
    "The defence minister said on Tuesday that the army had shelled the border town.",
    "\u201cWe did not attack anyone,\u201d a spokesman for the rebels told reporters.",
    "Officials in Paris accused the company of hiding losses, but offered no proof.",
    "The mayor promised to rebuild the bridge, according to a statement.",
]


def own_records(n: int) -> list[dict[str, str]]:
    return [{"id": f"own-{i}", "text": f"Story {i}.\n\n" + " ".join(SENTENCES[(i + k) % 4] for k in range(1 + i % 3)),
             "published": "2024-03-0" + str(1 + i % 9)} for i in range(n)]


def test_chunks_are_the_same_whatever_the_consumer() -> None:
    arts = [Article(text=f"text {i}") for i in range(7)]
    assert [[a.text for a in c] for c in _chunks(arts, 3)] == [["text 0", "text 1", "text 2"],
                                                               ["text 3", "text 4", "text 5"], ["text 6"]]
    assert list(_chunks([], 3)) == []
    sizes = [40, 50, 200, 10, 10, 10, 10]  # at most 100 characters a chunk, unless one article is longer
    chunks = _chunks([Article(text="x" * n) for n in sizes], 3, max_chars=100)
    assert [[len(a.text) for a in c] for c in chunks] == [[40, 50], [200], [10, 10, 10], [10]]


def test_bad_worker_count() -> None:
    with pytest.raises(ValueError, match="workers"):
        list(analyze_parallel([], workers=0))


@pytest.mark.model
def test_one_and_two_workers_agree_on_real_news() -> None:
    path = shared_path("data", "news", "wikinews_2019_2020.jsonl")
    articles = [a for a in itertools.islice(read_inputs([str(path)]), 24) if isinstance(a, Article)]
    one_stats, two_stats = WorkerStats(), WorkerStats()
    one = [led.to_json() for led in analyze_parallel(articles, workers=1, chunk_size=6, stats=one_stats)]
    two = [led.to_json() for led in analyze_parallel(articles, workers=2, chunk_size=6, stats=two_stats)]
    assert one == two
    assert [json.loads(x)["article"]["external_id"] for x in two] == [a.external_id for a in articles]
    assert sum(two_stats.articles.values()) == len(articles) == sum(one_stats.articles.values())
    assert len(two_stats.peak_rss) == 2  # both workers took chunks, and each reported its memory
    assert all(rss > 50_000_000 for rss in two_stats.peak_rss.values())


@pytest.mark.model
def test_link_features_from_the_workers_are_the_ones_computed_here() -> None:
    """What two worker processes hand back with each ledger (pickled) is what ``features_of`` computes of that
    ledger here, embeddings included, and the ledgers are those of ``analyze_parallel``."""
    articles = [Article(text=r["text"], published=r["published"], external_id=r["id"]) for r in own_records(8)]
    pairs = list(analyze_with_features(articles, workers=2, chunk_size=3))
    assert [lg.to_json() for lg, _ in pairs] == [lg.to_json() for lg in analyze_parallel(articles, chunk_size=3)]
    assert sum(len(f.mentions) for _, f in pairs) > 0
    for lg, got in pairs:
        here = features_of(lg)
        assert (got.article_id, got.profile, got.mentions) == (here.article_id, here.profile, here.mentions)
        assert got.lone_story == here.lone_story and here.lone_story is not None
        assert got.fingerprint.size == here.fingerprint.size
        assert (got.fingerprint.signature == here.fingerprint.signature).all()
        for a, b in zip(got.mentions, here.mentions, strict=True):
            assert a.head_vector is not None and b.head_vector is not None
            assert a.sentence_vector is not None and b.sentence_vector is not None
            assert (a.head_vector == b.head_vector).all() and (a.sentence_vector == b.sentence_vector).all()


def _cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "newsledger", *args], capture_output=True, timeout=600, check=False)


@pytest.mark.model
def test_cli_extract_and_ingest_with_two_workers(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [json.dumps(r) for r in own_records(70)]
    lines.insert(35, "{not json")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one, two = _cli("extract", str(src)), _cli("extract", str(src), "--workers", "2")
    assert one.returncode == two.returncode == 2  # the broken line is reported, the rest extracted
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    assert "line 36" in two.stderr.decode()
    ids = [json.loads(x)["article"]["external_id"] for x in two.stdout.decode().splitlines()]
    assert ids == [f"own-{i}" for i in range(70)]

    db = tmp_path / "two.db"
    proc = _cli("ingest", str(src), "--db", str(db), "--workers", "2")
    assert proc.returncode == 2
    assert "ingested 70" in proc.stderr.decode()
    from newsledger.store import open_store

    with open_store(str(db)) as store:  # what was stored is what one process extracts
        assert sorted(x.to_json() for x in store.ledgers()) == sorted(one.stdout.decode().splitlines())
    # and linked as one process links it: the link features the workers hand over change nothing
    alone = tmp_path / "one.db"
    assert _cli("ingest", str(src), "--db", str(alone)).returncode == 2
    assert _links(alone) == _links(db)
    assert _links(db)["incidents"]


def _links(db: Path) -> dict[str, list[tuple[object, ...]]]:
    from sqlalchemy import select

    from newsledger.link import open_ledger
    from newsledger.link.tables import LINK_TABLES

    with open_ledger(str(db)) as store, store.engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)))) for t in LINK_TABLES}
