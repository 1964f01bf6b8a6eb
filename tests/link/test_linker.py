"""Linking through the store: incidents across articles, order independence, idempotence, the board."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from newsledger.link import reading
from newsledger.link.linker import open_ledger, update_links
from newsledger.link.mentions import EventMention
from newsledger.link.tables import (
    claim_statements,
    claims,
    contradictions,
    incident_events,
    incidents,
    link_articles,
    responsibility,
)
from newsledger.records import Ledger
from tests.link.ledgers import BRIDGE_A, BRIDGE_B, HARVEST, build


def partition(url: str) -> set[frozenset[str]]:
    with open_ledger(url) as store, store.engine.connect() as conn:
        rows = conn.execute(select(incident_events.c.event_id, incident_events.c.incident_id)).all()
    groups: dict[str, set[str]] = {}
    for r in rows:
        groups.setdefault(r.incident_id, set()).add(r.event_id)
    return {frozenset(g) for g in groups.values()}


def ingest(url: str, specs: list, batch: int = 1) -> None:  # type: ignore[type-arg]
    ledgers = [build(s) for s in specs]
    with open_ledger(url) as store:
        for i in range(0, len(ledgers), batch):
            chunk = ledgers[i:i + batch]
            store.add_many(chunk)
            update_links(store, [lg.article.id for lg in chunk])


def test_same_happening_in_two_outlets_is_one_incident(db_url: str) -> None:
    ingest(db_url, [BRIDGE_A, BRIDGE_B, HARVEST])
    a, b, h = build(BRIDGE_A), build(BRIDGE_B), build(HARVEST)
    groups = partition(db_url)
    attack = next(g for g in groups if a.events[0].id in g)
    assert b.events[0].id in attack
    assert not attack & {e.id for e in h.events}
    with open_ledger(db_url) as store:
        top = reading.list_incidents(store, limit=1)[0]
        assert (top["n_articles"], top["n_outlets"]) == (2, 2)
        assert top["plover"] == "ASSAULT" and top["first_date"] == "2031-03-03"


def snapshot(url: str) -> dict[str, set[tuple[object, ...]]]:
    """Every row of the link tables (what the ledger shows), as sets."""
    with open_ledger(url) as store, store.engine.connect() as conn:
        return {t.name: {tuple(r) for r in conn.execute(select(t))}
                for t in (incidents, incident_events, responsibility, claims, claim_statements, contradictions,
                          link_articles)}


def test_order_and_batches_do_not_change_the_links(tmp_path: Path) -> None:
    urls = [f"sqlite:///{tmp_path / f'{k}.db'}" for k in range(3)]
    ingest(urls[0], [BRIDGE_A, BRIDGE_B, HARVEST], batch=1)
    ingest(urls[1], [HARVEST, BRIDGE_B, BRIDGE_A], batch=1)
    ingest(urls[2], [BRIDGE_B, HARVEST, BRIDGE_A], batch=3)
    assert partition(urls[0]) == partition(urls[1]) == partition(urls[2])
    assert snapshot(urls[0]) == snapshot(urls[1]) == snapshot(urls[2])


def test_features_computed_by_the_workers_give_the_same_links(tmp_path: Path) -> None:
    """``store_and_link`` given each article's link features (as ingest's workers compute them) writes what it
    writes when it computes them itself; features of an article not stored are ignored."""
    from newsledger.link import features_of, store_and_link

    specs = [BRIDGE_A, BRIDGE_B, HARVEST]
    urls = [f"sqlite:///{tmp_path / f'{k}.db'}" for k in range(2)]
    for url, given in zip(urls, (True, False), strict=True):
        with open_ledger(url) as store:
            for spec in specs:
                lg = build(spec)
                store_and_link(store, [lg], [features_of(lg), features_of(build(HARVEST))] if given else [])
    assert snapshot(urls[0]) == snapshot(urls[1])
    assert len(snapshot(urls[0])["incidents"]) >= 2


def test_a_story_of_its_own_stores_the_rows_computed_with_the_features(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """An article that starts a story of its own and is no copy is linked with the rows its features carry
    (``board.lone_story_rows``, computed where it was analysed): the writer computes no story, and stores what it
    would have computed. An article that joins another's story is computed by the writer."""
    from newsledger.link import features_of, linker, store_and_link

    urls = [f"sqlite:///{tmp_path / f'{k}.db'}" for k in range(2)]
    with open_ledger(urls[1]) as store:
        store_and_link(store, [build(HARVEST)])
    lg = build(HARVEST)
    features = features_of(lg)
    assert features.lone_story is not None and features.lone_story["incidents"]

    def computed(*args: object, **kwargs: object) -> object:
        raise AssertionError("the writer computed a story of one article")

    with monkeypatch.context() as patch, open_ledger(urls[0]) as store:
        patch.setattr(linker, "block_rows", computed)
        store_and_link(store, [lg], [features])
        assert linker._recent_of(store.engine).lone.get(lg.article.id) is None  # not kept once linked
    assert snapshot(urls[0]) == snapshot(urls[1])
    with monkeypatch.context() as patch, open_ledger(urls[0]) as store:
        calls: list[int] = []
        block_rows = linker.block_rows
        patch.setattr(linker, "block_rows", lambda *a, **k: calls.append(1) or block_rows(*a, **k))
        store_and_link(store, [build(BRIDGE_A), build(BRIDGE_B)], [features_of(build(BRIDGE_A))])
    assert calls  # the bridge's two articles tell one story


def test_relinking_is_idempotent(db_url: str) -> None:
    ingest(db_url, [BRIDGE_A, BRIDGE_B])
    before = partition(db_url)
    with open_ledger(db_url) as store:
        assert update_links(store).articles == 0
        assert update_links(store, [build(BRIDGE_A).article.id]).articles == 0
        with store.engine.connect() as conn:
            n_resp = conn.execute(select(func.count()).select_from(responsibility)).scalar_one()
            n_claims = conn.execute(select(func.count()).select_from(claim_statements)).scalar_one()
    assert partition(db_url) == before
    assert n_resp > 0 and n_claims > 0


def test_unlinked_articles_are_caught_up(db_url: str) -> None:
    with open_ledger(db_url) as store:
        store.add_many([build(BRIDGE_A), build(BRIDGE_B)])  # stored, then the process "died" before linking
        summary = update_links(store)
    assert summary.articles == 2
    assert len(partition(db_url)) < len(build(BRIDGE_A).events) + len(build(BRIDGE_B).events)


def test_board_blames_denies_and_doubts(db_url: str) -> None:
    ingest(db_url, [BRIDGE_A, BRIDGE_B, HARVEST])
    with open_ledger(db_url) as store:
        top = reading.list_incidents(store, limit=1)[0]
        inc = reading.incident(store, top["id"])
        assert inc is not None
        board = {(g["who"], g["position"]): g for g in inc["board"]}
        assert board[("VEL", "accuse")]["parties"] == ["OST"]
        assert set(board[("VEL", "accuse")]["evidence"]) == {"unsupported", "none"}
        assert board[("OST", "deny")]["parties"] == ["OST"]
        assert board[("MAR", "doubt")]["statements"][0]["content"] == "it was treating the claims cautiously"
        assert len(inc["reports"]) == 2
        assert reading.list_incidents(store, actor="OST")[0]["id"] == top["id"]
        contra = reading.list_contradictions(store, kind="responsibility")
        assert [c["note"] for c in contra] == ["VEL blames OST; OST denies"]
        spans = json.loads(json.dumps(board[("OST", "deny")]["statements"][0]["spans"]))
        assert spans["content"][0] < spans["content"][1]


def test_articles_months_apart_are_not_linked(db_url: str) -> None:
    late = dataclasses.replace(BRIDGE_B, published="2031-06-20")
    ingest(db_url, [BRIDGE_A, late])
    a, b = build(BRIDGE_A), build(late)
    assert not any(a.events[0].id in g and b.events[0].id in g for g in partition(db_url))
    with open_ledger(db_url) as store:
        assert update_links(store, ["not-an-article-id"]).articles == 0


def test_two_linkers_at_once_queue_for_the_write_lock(store_url: str) -> None:
    """Linking is a writer like any other (a server links every article it stores, on several threads): a
    second linker waits for the first to commit and then finds nothing left to do. Without the write lock it
    reads the same unlinked articles and fails when it writes ("database is locked" on SQLite, a duplicate
    key on PostgreSQL)."""
    from newsledger.link.mentions import mentions_of

    ledgers = [build(s) for s in (BRIDGE_A, BRIDGE_B)]
    mentions_of(ledgers[0])  # load the embedding model outside the timing

    def slow_mentions(ledger: Ledger) -> list[EventMention]:
        time.sleep(0.4)  # the first linker is busy inside its transaction
        return mentions_of(ledger)

    with open_ledger(store_url) as store:
        store.add_many(ledgers)
        results: list[object] = []

        def link() -> None:
            try:
                results.append(update_links(store, mentions_for=slow_mentions))
            except Exception as exc:
                results.append(exc)

        threads = [threading.Thread(target=link) for _ in range(2)]
        threads[0].start()
        time.sleep(0.2)
        threads[1].start()
        for t in threads:
            t.join(60)
    assert sorted(r.articles for r in results if not isinstance(r, Exception)) == [0, 2], results
    a, b = ledgers
    assert any(a.events[0].id in g and b.events[0].id in g for g in partition(store_url))


def test_deleting_an_article_relinks_its_block(store_url: str, tmp_path: Path) -> None:
    """After a delete the links are what linking the remaining articles from scratch gives: no incident, event,
    claim or board row of the deleted article is left, and the block it joined falls apart without it."""
    ingest(store_url, [BRIDGE_A, BRIDGE_B, HARVEST])
    b = build(BRIDGE_B)
    with open_ledger(store_url) as store:
        assert store.delete(b.article.id) is True
        assert store.delete(b.article.id) is False
        assert store.get(b.article.id) is None
        assert store.counts()["events"] == len(build(BRIDGE_A).events) + len(build(HARVEST).events)
        left = reading.list_incidents(store, limit=1000)
    assert left and all(r["n_articles"] == 1 for r in left)  # the bridge bombing has one report left
    after = snapshot(store_url)
    gone = {b.article.id, *(e.id for e in b.events), *(a.id for a in b.attributions)}
    assert not any(gone & set(map(str, row)) for rows in after.values() for row in rows)
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    ingest(fresh, [BRIDGE_A, HARVEST])
    assert after == snapshot(fresh)


def test_neighbours_are_found_in_the_date_window_or_undated(store_url: str, tmp_path: Path) -> None:
    """A report of the same happening joins it when dated within the window or undated, never when dated
    further away (the key terms' (term, date) index, links step 6)."""
    from newsledger.link import store_and_link

    def joined(published: str | None, url: str) -> bool:
        with open_ledger(url) as store:
            store_and_link(store, [build(BRIDGE_A)])
            store_and_link(store, [build(dataclasses.replace(BRIDGE_B, published=published))])
            return max(r["n_articles"] for r in reading.list_incidents(store, limit=100)) == 2

    assert joined("2031-03-10", store_url)
    assert joined(None, f"sqlite:///{tmp_path / 'undated.db'}")
    assert not joined("2031-05-01", f"sqlite:///{tmp_path / 'far.db'}")


def test_articles_dated_at_the_ends_of_the_calendar_are_linked(tmp_path: Path) -> None:
    from tests.store.factory import make_article_ledger

    ledgers = [make_article_ledger(n, published=day) for n, day in enumerate(["9999-12-31", "9999-12-30",
                                                                              "0001-01-01"])]
    with open_ledger(f"sqlite:///{tmp_path / 'ends.db'}") as store:
        store.add_many(ledgers)
        assert update_links(store).articles == 3     # the 14-day window stops at the calendar's ends
        linked = store.incident_ids([ev.id for lg in ledgers for ev in lg.events])
        assert linked[ledgers[0].events[0].id] == linked[ledgers[1].events[0].id]
        assert linked[ledgers[2].events[0].id] != linked[ledgers[0].events[0].id]
