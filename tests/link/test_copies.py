"""Copies: fingerprints, the copy decision, and copy groups kept by the store at linking time."""

from __future__ import annotations

from sqlalchemy import func, select

from newsledger.ids import article_id
from newsledger.link import copies, store_and_link
from newsledger.link.linker import open_ledger, update_links
from newsledger.link.tables import article_copies, copy_keys
from newsledger.records import ArticleInfo, Ledger, PipelineInfo
from newsledger.store import schema

WIRE = (
    "Firefighters spent the night battling a blaze that destroyed a grain warehouse on the edge of Norborough, "
    "the regional fire service said on Thursday.\n\n"
    "No one was hurt, but about four hundred tonnes of wheat stored for the winter were lost, according to the "
    "cooperative that owns the building.\n\n"
    "The fire started shortly after midnight in a loading bay and spread to the roof within an hour, a service "
    "spokeswoman told reporters at the scene, adding that the cause was not yet known.\n\n"
    "Farmers in the district had already warned that storage space was short after a record harvest, and the "
    "cooperative said it would ask neighbouring towns to take the remaining grain.\n\n"
    "Investigators are expected to visit the site on Friday once the ruins have cooled."
)
# the same story republished: another headline, a dateline and credit, boilerplate, the last paragraph cut and
# a few words edited
REPUBLISHED = (
    "Grain store lost in overnight fire\n\n"
    "NORBOROUGH (Example Wire) - Firefighters spent the night battling a blaze that destroyed a grain warehouse "
    "on the edge of Norborough, the regional fire service says.\n\n"
    "No one was hurt, but about 400 tonnes of wheat stored for the winter were lost, according to the "
    "cooperative that owns the building.\n\n"
    "Sign up for our morning briefing to get the day's top stories in your inbox.\n\n"
    "The fire started shortly after midnight in a loading bay and spread to the roof within an hour, a service "
    "spokeswoman told reporters at the scene, adding that the cause was not yet known.\n\n"
    "Farmers in the district had already warned that storage space was short after a record harvest, and the "
    "cooperative said it would ask neighbouring towns to take the remaining grain."
)
# the same happening, written by another reporter
INDEPENDENT = (
    "A warehouse full of wheat burned to the ground overnight near Norborough. Crews from three stations fought "
    "the flames until dawn, and nobody was injured, officials said on Thursday.\n\n"
    "The building belonged to a farmers' cooperative, which put its loss at roughly four hundred tonnes of grain. "
    "'We had nowhere else to keep it,' one member said, pointing to this year's unusually large harvest.\n\n"
    "The fire service has not said what caused the blaze, which began in a loading area after midnight. An "
    "investigation will start on Friday."
)


def bare(text: str, source: str) -> Ledger:
    return Ledger(ArticleInfo(article_id(text), source=source), (), (), (), PipelineInfo("t", "0", "none"), text=text)


def test_a_republished_story_is_a_copy_and_an_independent_report_is_not() -> None:
    wire, repub, own = (copies.fingerprint(t) for t in (WIRE, REPUBLISHED, INDEPENDENT))
    assert copies.is_copy(wire, repub) and copies.is_copy(repub, wire)
    assert copies.containment(wire, repub) > 0.6
    assert not copies.is_copy(wire, own)
    assert copies.containment(wire, own) < 0.2
    assert set(copies.band_keys(wire)) & set(copies.band_keys(repub))  # LSH makes them candidates


def test_fingerprints_survive_the_store_round_trip_and_short_texts_are_never_copies() -> None:
    fp = copies.fingerprint(WIRE)
    back = copies.Fingerprint.from_text(fp.to_text(), fp.size)
    assert (back.signature == fp.signature).all() and copies.jaccard(fp, back) == 1.0
    short = copies.fingerprint("Fire in Norborough.")
    assert copies.band_keys(short) == [] and not copies.is_copy(short, short)


def test_the_store_points_copies_to_the_earliest_stored_article_and_regroups_when_it_goes(store_url: str) -> None:
    # the copy is stored first; a second copy later: both point to the first stored article of the group
    second = REPUBLISHED.replace("Grain store lost in overnight fire", "Wheat warehouse burns down")
    ledgers = [bare(REPUBLISHED, "a"), bare(WIRE, "b"), bare(INDEPENDENT, "c"), bare(second, "d")]
    with open_ledger(store_url) as store:
        for lg in ledgers:
            store.add(lg)
            update_links(store, [lg.article.id])
        with store.engine.connect() as conn:
            copy_of = {r.article_id: r.copy_of for r in conn.execute(select(article_copies))}
        first, wire, own, later = (lg.article.id for lg in ledgers)
        assert copy_of == {first: None, wire: first, own: None, later: first}
        update_links(store, [wire])  # linking again changes nothing
        store.delete(first)
        with store.engine.connect() as conn:
            copy_of = {r.article_id: r.copy_of for r in conn.execute(select(article_copies))}
            owners = set(conn.execute(select(schema.articles.c.id)
                                      .join(copy_keys, copy_keys.c.article_seq == schema.articles.c.seq)).scalars())
            n_keys = conn.execute(select(func.count()).select_from(copy_keys)).scalar_one()
        assert copy_of == {wire: None, own: None, later: wire}
        assert owners == {wire, own, later} and n_keys == 3 * copies.BANDS  # the first's keys went with it


def test_upgrading_to_copies_drops_old_links_and_linking_rebuilds_them(store_url: str) -> None:
    from sqlalchemy import delete

    from newsledger.link.tables import COPY_TABLES, link_articles, link_postings, link_terms

    ledgers = [bare(WIRE, "a"), bare(REPUBLISHED, "b")]
    with open_ledger(store_url) as store:
        store.add_many(ledgers)
        update_links(store)
        with store.engine.begin() as conn:  # as a ledger of schema version 6 would be: links, but no copies
            conn.execute(delete(schema.schema_version).where(schema.schema_version.c.version >= 7))
            for table in (*COPY_TABLES, link_postings, schema.component_versions):
                table.drop(conn)
            link_terms.create(conn)  # (empty: linking is done again)
    with open_ledger(store_url) as store:
        with store.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(link_articles)).scalar_one() == 0
        assert update_links(store).articles == 2
        with store.engine.connect() as conn:
            copy_of = {r.article_id: r.copy_of for r in conn.execute(select(article_copies))}
    assert copy_of == {ledgers[0].article.id: None, ledgers[1].article.id: ledgers[0].article.id}


def test_a_story_of_copies_is_clustered_as_its_original_is(store_url: str) -> None:
    """A wire story republished many times: each copy's events join its original's incidents and its statements
    its original's claims (only the original is clustered), and copies add no contradiction of their own."""
    import dataclasses

    from newsledger.link import reading
    from newsledger.link.tables import contradictions, incident_events
    from tests.link.ledgers import BRIDGE_A, build

    original = build(BRIDGE_A)
    copies_of = [build(dataclasses.replace(BRIDGE_A, text=BRIDGE_A.text + f"\n\nRepublished by outlet {k}.",
                                           source=f"Outlet {k}")) for k in range(6)]
    with open_ledger(store_url) as store:
        store_and_link(store, [original])
        with store.engine.connect() as conn:
            alone = conn.execute(select(contradictions.c.kind)).scalars().all()
        store_and_link(store, copies_of[:3])
        store_and_link(store, copies_of[3:])
        with store.engine.connect() as conn:
            incident = dict(conn.execute(select(incident_events.c.event_id, incident_events.c.incident_id)).all())
            assert sorted(conn.execute(select(contradictions.c.kind)).scalars().all()) == sorted(alone)
            roots = {r.article_id: r.copy_of for r in conn.execute(select(article_copies))}
        for lg in copies_of:
            assert roots[lg.article.id] == original.article.id
            for mine, theirs in zip(lg.events, original.events, strict=True):
                assert incident[mine.id] == incident[theirs.id]
        top = reading.list_incidents(store, limit=1)[0]
        assert (top["n_reports"], top["n_independent"]) == (7, 1)
        claims = reading.list_claims(store, limit=10)
        assert claims and all(c["n_independent"] == 1 for c in claims)
        assert max(c["n_statements"] for c in claims) == 7
