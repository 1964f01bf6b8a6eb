"""The link tables are the store's ``links`` component: created and upgraded by its own steps, kept when a
ledger made before components existed is opened, and in step with deletions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, inspect, select

from newsledger.errors import ComponentMissingError
from newsledger.link import LINKS, open_ledger, store_and_link
from newsledger.link.tables import incident_events, link_articles
from newsledger.store import open_store, schema
from newsledger.store.migrations import component_versions
from tests.link.ledgers import BRIDGE_A, BRIDGE_B, HARVEST, build


def _count(store: object, table: object) -> int:
    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def assert_keys_consistent(url: str) -> None:
    """The compact key tables hold exactly the rows of the linked articles: each one's key terms with its date
    and its band keys, under its ingestion number; nothing of an article that is not linked."""
    import json

    from newsledger.link.copies import Fingerprint, band_keys
    from newsledger.link.incidents import key_terms
    from newsledger.link.tables import article_copies, copy_keys, link_postings

    with open_ledger(url) as store, store.engine.connect() as conn:
        ar, la, ac = schema.articles, link_articles, article_copies
        seq = {r.id: r.seq for r in conn.execute(select(ar.c.id, ar.c.seq))}
        want_terms = {(t, r.published or "", seq[r.article_id]) for r in conn.execute(select(la))
                      for t in key_terms(json.loads(r.terms))}
        want_bands = {(k, seq[r.article_id]) for r in conn.execute(select(ac))
                      for k in band_keys(Fingerprint.from_text(r.signature, r.n_shingles))}
        assert set(map(tuple, conn.execute(select(link_postings)))) == want_terms
        assert set(map(tuple, conn.execute(select(copy_keys)))) == want_bands


def test_a_bare_store_has_no_link_tables_until_linking_needs_them(store_url: str) -> None:
    with open_store(store_url) as store:
        with store.engine.connect() as conn:
            assert component_versions(conn) == {}
        store_and_link(store, [build(BRIDGE_A)])   # installs the component on this store
        with store.engine.connect() as conn:
            assert component_versions(conn) == {"links": LINKS.latest}
        assert _count(store, link_articles) == 1


def test_deleting_without_the_links_component_is_refused_and_changes_nothing(store_url: str) -> None:
    ledgers = [build(BRIDGE_A), build(BRIDGE_B)]
    with open_ledger(store_url) as store:
        store_and_link(store, ledgers)
        events = _count(store, incident_events)
    with open_store(store_url) as bare:  # a program that does not know the links
        with pytest.raises(ComponentMissingError, match="'links'") as info:
            bare.delete(ledgers[0].article.id)
        assert "newsledger.link.open_ledger" in str(info.value) and "\n" not in str(info.value)
        assert bare.count() == 2
    with open_ledger(store_url) as store:
        assert _count(store, incident_events) == events
        assert store.delete(ledgers[0].article.id) is True
        assert _count(store, link_articles) == 1
        assert _count(store, incident_events) == len(ledgers[1].events)


def test_a_ledger_made_before_components_keeps_its_links(store_url: str) -> None:
    ledgers = [build(BRIDGE_A), build(BRIDGE_B)]
    with open_ledger(store_url) as store:
        store_and_link(store, ledgers)
        with store.engine.begin() as conn:  # as schema step 7 left it: link tables, no component_versions
            _as_before_step_7(conn)
            conn.execute(delete(schema.schema_version).where(schema.schema_version.c.version >= 8))
            schema.component_versions.drop(conn)
            conn.exec_driver_sql("DROP INDEX ix_claim_statements_article")
        events = _count(store, incident_events)
    with open_ledger(store_url) as store:
        with store.engine.connect() as conn:
            assert component_versions(conn) == {"links": LINKS.latest}  # adopted at step 2, then step 3 ran
            assert inspect(conn).has_index("claim_statements", "ix_claim_statements_article")
        assert _count(store, incident_events) == events > 0   # adopted, not dropped and relinked


def test_step_4_marks_the_stored_incidents_that_name_no_specific_happening(store_url: str) -> None:
    from newsledger.link import reading
    from newsledger.link.tables import incidents

    ledgers = [build(BRIDGE_A), build(BRIDGE_B)]
    with open_ledger(store_url) as store:
        store_and_link(store, ledgers)
        with store.engine.begin() as conn:  # as step 3 left it: no 'specific' column, one vague incident
            _as_before_step_7(conn)
            vague = conn.execute(select(incidents.c.id).order_by(incidents.c.n_independent.desc())).scalars().first()
            conn.execute(incidents.update().where(incidents.c.id == vague)
                         .values(label="pledged", participants=None, place=None, first_date=None))
            conn.exec_driver_sql("DROP INDEX ix_incidents_rank")
            conn.exec_driver_sql("ALTER TABLE incidents DROP COLUMN specific")
            conn.execute(delete(schema.component_versions).where(schema.component_versions.c.version >= 4))
    with open_ledger(store_url) as store:
        rows = reading.list_incidents(store, limit=100)
    assert [r["id"] for r in rows if not r["specific"]] == [vague]
    assert rows[-1]["id"] == vague            # listed after every specific one, however many sources it has


def test_step_5_marks_the_stored_incidents_placed_too_far_apart_for_one_happening(store_url: str) -> None:
    from newsledger.link import reading
    from newsledger.link.tables import incidents

    ledgers = [build(BRIDGE_A), build(BRIDGE_B)]
    with open_ledger(store_url) as store:
        store_and_link(store, ledgers)
        with store.engine.begin() as conn:  # as step 4 left it: its events placed 2,200 km apart
            _as_before_step_7(conn)
            top = conn.execute(select(incidents.c.id).where(incidents.c.n_articles == 2)).scalars().first()
            events = conn.execute(select(incident_events.c.event_id)
                                  .where(incident_events.c.incident_id == top)).scalars().all()
            for k, event_id in enumerate(events):
                conn.execute(schema.events.update().where(schema.events.c.id == event_id)
                             .values(lat=0.0, lon=20.0 * k))
            conn.execute(delete(schema.component_versions).where(schema.component_versions.c.version >= 5))
        assert len(events) > 1 and next(r for r in reading.list_incidents(store) if r["id"] == top)["specific"]
    with open_ledger(store_url) as store:
        rows = reading.list_incidents(store, limit=100)
    assert [r["id"] for r in rows if not r["specific"]] == [top]


def _as_before_step_7(conn: Any) -> None:
    """Turn a linked ledger's compact key tables back into those of steps 1 to 6 (``link_terms`` and
    ``copy_bands``, keyed by article id), with the same rows."""
    from newsledger.link.tables import copy_bands, copy_keys, link_postings, link_terms

    ar, lp = schema.articles, link_postings
    terms = conn.execute(select(lp.c.term, lp.c.published, ar.c.id).join(ar, ar.c.seq == lp.c.article_seq)).all()
    owners = conn.execute(select(copy_keys.c.band, ar.c.id).join(ar, ar.c.seq == copy_keys.c.article_seq)).all()
    link_postings.drop(conn)
    copy_keys.drop(conn)
    link_terms.create(conn)
    copy_bands.create(conn)
    conn.execute(link_terms.insert(), [{"term": t, "published": p or None, "article_id": a} for t, p, a in terms])
    conn.execute(copy_bands.insert(), [{"band": f"old:{b}", "article_id": a} for b, a in owners])
    conn.execute(delete(schema.component_versions).where(schema.component_versions.c.version >= 7))


def _key_rows(conn: Any) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    from newsledger.link.tables import copy_keys, link_postings

    return (sorted(map(tuple, conn.execute(select(link_postings)))),
            sorted(map(tuple, conn.execute(select(copy_keys)))))


def test_step_6_dates_the_key_terms_of_the_linked_articles(store_url: str) -> None:
    """A ledger linked before step 6 (key terms without dates, no window index) gets its terms dated when it is
    opened, and an article linked afterwards finds its neighbours through them."""
    from newsledger.link.tables import incidents, link_postings

    with open_ledger(store_url) as store:
        store_and_link(store, [build(BRIDGE_A)])
        with store.engine.begin() as conn:  # as step 5 left it
            _as_before_step_7(conn)
            conn.exec_driver_sql("DROP INDEX ix_link_terms_window")
            conn.exec_driver_sql("ALTER TABLE link_terms DROP COLUMN published")
            conn.execute(delete(schema.component_versions).where(schema.component_versions.c.version >= 6))
    with open_ledger(store_url) as store:
        with store.engine.connect() as conn:
            dates = set(conn.execute(select(link_postings.c.published)).scalars())
            assert dates == set(conn.execute(select(link_articles.c.published)).scalars()) == {"2031-03-04"}
        store_and_link(store, [build(BRIDGE_B)])
        with store.engine.connect() as conn:
            assert conn.execute(select(func.max(incidents.c.n_articles))).scalar_one() == 2


def test_step_7_moves_the_key_terms_and_band_keys_to_compact_tables(store_url: str) -> None:
    """A ledger linked before step 7 gets the same key terms and band keys in the compact tables (the band keys
    computed again from the stored fingerprints), its old tables dropped; linking and deleting go on as before."""
    from tests.link.test_linker import snapshot

    ledgers = [build(BRIDGE_A), build(HARVEST)]
    with open_ledger(store_url) as store:
        store_and_link(store, ledgers)
        with store.engine.begin() as conn:
            keys = _key_rows(conn)
            assert keys[0] and keys[1]
            _as_before_step_7(conn)
    with open_ledger(store_url) as store:
        with store.engine.connect() as conn:
            assert _key_rows(conn) == keys
            assert not {"link_terms", "copy_bands"} & set(inspect(conn).get_table_names())
        store_and_link(store, [build(BRIDGE_B)])
        assert store.delete(ledgers[1].article.id) is True
    assert_keys_consistent(store_url)
    with open_ledger(store_url) as store, store.engine.connect() as conn:
        left = _key_rows(conn)
    fresh = store_url + "-fresh" if store_url.startswith("sqlite") else None
    if fresh is not None:  # the same as linking the remaining articles into a new ledger
        _open_and_link(fresh, ["BRIDGE_A", "BRIDGE_B"])
        assert snapshot(store_url) == snapshot(fresh)
        with open_ledger(fresh) as other, other.engine.connect() as conn:
            assert [len(rows) for rows in _key_rows(conn)] == [len(rows) for rows in left]


def _open_and_link(url: str, names: list[str]) -> int:
    from tests.link import ledgers as specs

    with open_ledger(url) as store:
        return store_and_link(store, [build(getattr(specs, n)) for n in names]).added


def test_processes_opening_a_new_ledger_at_once_install_the_links_once(store_url: str, tmp_path: Path) -> None:
    """Three processes open one new ledger together (each runs the store's and the component's steps under the
    write lock) and store and link overlapping articles: each step is recorded once, each article stored and
    linked once, and the links are those of one process linking them all."""
    import multiprocessing

    from tests.link.test_linker import snapshot

    work = [["BRIDGE_A", "HARVEST"], ["BRIDGE_B", "BRIDGE_A"], ["HARVEST", "BRIDGE_B"]]
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        added = pool.starmap(_open_and_link, [(store_url, names) for names in work])
    assert sum(added) == 3
    with open_ledger(store_url) as store, store.engine.connect() as conn:
        steps = conn.execute(select(schema.component_versions.c.version)
                             .where(schema.component_versions.c.component == "links")).scalars().all()
        assert sorted(steps) == [n for n, _ in LINKS.migrations]
        assert conn.execute(select(func.count()).select_from(link_articles)).scalar_one() == 3
    fresh = f"sqlite:///{tmp_path / 'one.db'}"
    _open_and_link(fresh, ["BRIDGE_A", "BRIDGE_B", "HARVEST"])
    assert snapshot(store_url) == snapshot(fresh)
    assert_keys_consistent(store_url)
