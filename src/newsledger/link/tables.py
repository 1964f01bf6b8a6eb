"""The ledger's cross-article tables, owned by linking (the store's ``links`` component, with steps of its own).

- ``link_articles``: each linked article's block, story, date and term profile; ``link_postings`` its key terms
  with its date and ingestion number (the inverted index that finds an article's neighbours in its date
  window, steps 6 and 7);
- ``incidents`` and ``incident_events(event_id PRIMARY KEY, incident_id, confidence)``: every event of a
  linked article belongs to exactly one incident;
- ``responsibility``: who blames whom for an incident, who denies, who doubts, from which statement;
- ``claims`` and ``claim_statements``: statements of the same proposition across articles;
- ``contradictions``: pairs of statements that take opposite positions on the same proposition;
- ``incidents.specific`` (step 4): whether an incident names a specific happening (``board.is_specific``;
  step 5 adds the rule that its events are not placed too far apart for one happening);
- ``article_copies`` (step 2): each linked article's MinHash fingerprint and ``copy_of``, the earliest stored
  article of its copy group (else NULL); ``copy_keys`` its LSH band keys (the index that finds an article's
  candidate copies, see ``newsledger.link.copies``).

The two indexes of an article's terms and band keys take some 70 rows an article, each at a random place of
its index; since step 7 they are compact (integer band keys, the article's ingestion number ``articles.seq``
rather than its 64-character id) and each is one B-tree (SQLite ``WITHOUT ROWID``), with no second index by
article: an article's rows are found from its stored profile and fingerprint. See ``compact_keys``.

Ledgers made before components existed had these tables from the store's steps 4 and 7; the store's step 8
records them at the component steps that now make them, so they are kept.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    inspect,
    select,
    true,
    update,
)

from newsledger.store import schema
from newsledger.store.engine import insert_rows

metadata = MetaData()
ARTICLE_ID = schema.articles.c.id

link_articles = Table(
    "link_articles", metadata,
    Column("article_id", String(64), ForeignKey(ARTICLE_ID, ondelete="CASCADE"), primary_key=True),
    Column("block_id", String(16)),
    Column("story_id", String(16)),
    Column("published", String(10)),
    Column("terms", Text, nullable=False),
)
Index("ix_link_articles_block", link_articles.c.block_id)
Index("ix_link_articles_story", link_articles.c.story_id)  # since step 3

# key terms as steps 1 to 6 kept them (step 7 moves them to ``link_postings``)
link_terms = Table(
    "link_terms", metadata,
    Column("term", String(64), primary_key=True),
    Column("article_id", String(64), ForeignKey(ARTICLE_ID, ondelete="CASCADE"), primary_key=True),
    Column("published", String(10)),  # the article's, since step 6
)
Index("ix_link_terms_article", link_terms.c.article_id)
Index("ix_link_terms_window", link_terms.c.term, link_terms.c.published)  # since step 6

# since step 7: an article's key terms, found by a range of (term, date); ``published`` is '' for an undated one
link_postings = Table(
    "link_postings", metadata,
    Column("term", String(64), primary_key=True),
    Column("published", String(10), primary_key=True),
    Column("article_seq", Integer, primary_key=True, autoincrement=False),  # articles.seq
    sqlite_with_rowid=False,
)

incidents = Table(
    "incidents", metadata,
    Column("id", String(16), primary_key=True),
    Column("block_id", String(16), nullable=False),
    Column("story_id", String(16), nullable=False),
    Column("label", Text, nullable=False),
    Column("plover", String(16)),
    Column("first_date", String(10)),
    Column("last_date", String(10)),
    Column("place", Text),
    Column("participants", Text),  # the actors its events name most (codes, else names); since step 7
    Column("n_events", Integer, nullable=False),
    Column("n_articles", Integer, nullable=False),
    Column("n_outlets", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    # reports (articles) and independent sources among them (``newsledger.link.independence``); since step 7
    Column("n_reports", Integer, nullable=False, server_default="0"),
    Column("n_independent", Integer, nullable=False, server_default="0"),
    # whether it names a specific happening (``board.is_specific``); the lists rank these first; since step 4
    Column("specific", Boolean, nullable=False, server_default=true()),
)
Index("ix_incidents_block", incidents.c.block_id)
Index("ix_incidents_story", incidents.c.story_id)
Index("ix_incidents_articles", incidents.c.n_articles)
Index("ix_incidents_independent", incidents.c.n_independent)
Index("ix_incidents_rank", incidents.c.specific, incidents.c.n_independent)  # since step 4

incident_events = Table(
    "incident_events", metadata,
    Column("event_id", String(16), primary_key=True),
    Column("incident_id", String(16), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("confidence", Float, nullable=False),
)
Index("ix_incident_events_incident", incident_events.c.incident_id)
Index("ix_incident_events_article", incident_events.c.article_id)

responsibility = Table(
    "responsibility", metadata,
    Column("incident_id", String(16), primary_key=True),
    Column("attribution_id", String(16), primary_key=True),
    Column("block_id", String(16), nullable=False),
    Column("story_id", String(16), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("actor", Text),
    Column("actor_code", String(16)),
    Column("position", String(8), nullable=False),
    Column("parties", Text, nullable=False),
    Column("stance", String(16), nullable=False),
    Column("evidence", String(16), nullable=False),
    Column("spans", Text, nullable=False),
)
Index("ix_responsibility_block", responsibility.c.block_id)
Index("ix_responsibility_story", responsibility.c.story_id)

claims = Table(
    "claims", metadata,
    Column("id", String(16), primary_key=True),
    Column("block_id", String(16), nullable=False),
    Column("story_id", String(16), nullable=False),
    Column("label", Text, nullable=False),
    Column("n_statements", Integer, nullable=False),
    Column("n_articles", Integer, nullable=False),
    Column("n_outlets", Integer, nullable=False),
    Column("n_speakers", Integer, nullable=False),
    Column("n_reports", Integer, nullable=False, server_default="0"),  # since step 7, as for incidents
    Column("n_independent", Integer, nullable=False, server_default="0"),
)
Index("ix_claims_block", claims.c.block_id)
Index("ix_claims_story", claims.c.story_id)

claim_statements = Table(
    "claim_statements", metadata,
    Column("attribution_id", String(16), primary_key=True),
    Column("claim_id", String(16), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("actor_code", String(16)),
    Column("similarity", Float, nullable=False),
)
Index("ix_claim_statements_claim", claim_statements.c.claim_id)
Index("ix_claim_statements_code", claim_statements.c.actor_code)
Index("ix_claim_statements_article", claim_statements.c.article_id)  # since step 3

contradictions = Table(
    "contradictions", metadata,
    Column("id", String(16), primary_key=True),
    Column("block_id", String(16), nullable=False),
    Column("story_id", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("incident_id", String(16)),
    Column("claim_id", String(16)),
    Column("a_attribution_id", String(16), nullable=False),
    Column("b_attribution_id", String(16), nullable=False),
    Column("a_article_id", String(64), nullable=False),
    Column("b_article_id", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("note", Text, nullable=False),
)
Index("ix_contradictions_block", contradictions.c.block_id)
Index("ix_contradictions_story", contradictions.c.story_id)

article_copies = Table(
    "article_copies", metadata,
    Column("article_id", String(64), ForeignKey(ARTICLE_ID, ondelete="CASCADE"), primary_key=True),
    Column("copy_of", String(64)),
    Column("signature", Text, nullable=False),
    Column("n_shingles", Integer, nullable=False),
)
Index("ix_article_copies_copy_of", article_copies.c.copy_of)

# band keys as steps 2 to 6 kept them (step 7 moves them to ``copy_keys``)
copy_bands = Table(
    "copy_bands", metadata,
    Column("band", String(24), primary_key=True),
    Column("article_id", String(64), ForeignKey(ARTICLE_ID, ondelete="CASCADE"), primary_key=True),
)
Index("ix_copy_bands_article", copy_bands.c.article_id)

# since step 7: the LSH band keys of an article (``copies.band_keys``)
copy_keys = Table(
    "copy_keys", metadata,
    Column("band", BigInteger, primary_key=True, autoincrement=False),
    Column("article_seq", Integer, primary_key=True, autoincrement=False),  # articles.seq
    sqlite_with_rowid=False,
)

COPY_TABLES = (article_copies, copy_keys)
LINK_TABLES = (link_articles, link_postings, incidents, incident_events, responsibility, claims, claim_statements,
               contradictions)
# the tables as the steps that made them knew them
_STEP1_TABLES = (link_articles, link_terms, *LINK_TABLES[2:])
_STEP2_TABLES = (article_copies, copy_bands)
STORY_TABLES = (incidents, responsibility, claims, contradictions)  # rows with block_id and story_id
ARTICLE_TABLES = (incident_events, claim_statements)  # rows found by article_id


def create_link_tables(conn: Connection) -> None:
    """Step 1: the cross-article tables (those of later steps are created by theirs)."""
    for table in _STEP1_TABLES:
        table.create(conn, checkfirst=True)


def create_copy_tables(conn: Connection) -> None:
    """Step 2: the copy tables; incidents and claims gain ``n_reports`` and ``n_independent``, incidents
    ``participants``. Linking changed with this step (copies, independent sources, names in article profiles),
    so the links made before it are dropped: ``update_links(store)`` (run by ``newsledger link`` and at the
    start of every ``newsledger ingest``) links the stored articles again, as if each had been linked when it
    was stored."""
    for table in _STEP2_TABLES:
        table.create(conn, checkfirst=True)
    for table in (incidents, claims):
        have = {c["name"] for c in inspect(conn).get_columns(table.name)}
        for name in ("n_reports", "n_independent"):
            if name not in have:  # a database made by step 4 of this version has them already
                conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {name} INTEGER NOT NULL DEFAULT 0")
    if "participants" not in {c["name"] for c in inspect(conn).get_columns("incidents")}:
        conn.exec_driver_sql("ALTER TABLE incidents ADD COLUMN participants TEXT")
    if not inspect(conn).has_index("incidents", "ix_incidents_independent"):
        Index("ix_incidents_independent", incidents.c.n_independent).create(conn)
    for table in (*_STEP2_TABLES, *reversed(_STEP1_TABLES)):
        conn.execute(delete(table))


# Indexes of step 3: relinking a story deletes its claim statements by article, and deleting an article
# finds the articles of its story; without them both scan their whole table, and linking slows as the ledger
# grows.
STEP3_INDEXES = ((claim_statements, "ix_claim_statements_article"), (link_articles, "ix_link_articles_story"))


def create_lookup_indexes(conn: Connection) -> None:
    """Step 3: the indexes that keep linking time per article flat as the ledger grows."""
    for table, name in STEP3_INDEXES:
        if not inspect(conn).has_index(table.name, name):
            next(ix for ix in table.indexes if ix.name == name).create(conn)


def date_terms(conn: Connection) -> None:
    """Step 6: each key term carries its article's publication date, indexed with the term, so that finding a
    new article's neighbours reads only the articles of its date window (``linker._neighbours``) instead of every
    article that ever used one of its key terms (a year, a common name: linking slowed as the ledger grew)."""
    if "published" not in {c["name"] for c in inspect(conn).get_columns("link_terms")}:
        conn.exec_driver_sql("ALTER TABLE link_terms ADD COLUMN published VARCHAR(10)")
    la = link_articles
    conn.execute(update(link_terms).values(published=select(la.c.published).where(
        la.c.article_id == link_terms.c.article_id).scalar_subquery()))
    if not inspect(conn).has_index("link_terms", "ix_link_terms_window"):
        next(ix for ix in link_terms.indexes if ix.name == "ix_link_terms_window").create(conn)


def mark_specific(conn: Connection) -> None:
    """Step 4: incidents say whether they name a specific happening (``specific``), computed for those stored
    from what their rows hold (``board.is_specific``)."""
    from newsledger.link.board import is_specific

    if "specific" not in {c["name"] for c in inspect(conn).get_columns("incidents")}:
        conn.exec_driver_sql(f"ALTER TABLE incidents ADD COLUMN specific {Boolean().compile(dialect=conn.dialect)} "
                             f"NOT NULL DEFAULT {'true' if conn.dialect.name == 'postgresql' else '1'}")
    if not inspect(conn).has_index("incidents", "ix_incidents_rank"):
        next(ix for ix in incidents.indexes if ix.name == "ix_incidents_rank").create(conn)
    vague = [r.id for r in conn.execute(select(incidents.c.id, incidents.c.label, incidents.c.participants,
                                               incidents.c.place, incidents.c.first_date))
             if not is_specific(r.label, r.participants, r.place, r.first_date)]
    for i in range(0, len(vague), 500):
        conn.execute(update(incidents).where(incidents.c.id.in_(vague[i:i + 500])).values(specific=False))


def mark_scattered(conn: Connection) -> None:
    """Step 5: a stored incident whose events are placed further apart than one happening can be
    (``board.MAX_HAPPENING_KM``) names no specific happening (``board.is_specific``); incidents linked since
    are marked so when they are made."""
    from newsledger.link.board import MAX_HAPPENING_KM, spread

    ev, ie = schema.events, incident_events
    points: dict[str, list[tuple[float, float]]] = {}
    for r in conn.execute(select(ie.c.incident_id, ev.c.lat, ev.c.lon)
                          .select_from(ie.join(ev, ev.c.id == ie.c.event_id))
                          .where(ev.c.lat.is_not(None), ev.c.lon.is_not(None))):
        points.setdefault(r.incident_id, []).append((r.lat, r.lon))
    scattered = sorted(i for i, pts in points.items() if spread(pts) > MAX_HAPPENING_KM)
    for i in range(0, len(scattered), 500):
        conn.execute(update(incidents).where(incidents.c.id.in_(scattered[i:i + 500])).values(specific=False))


def compact_keys(conn: Connection) -> None:
    """Step 7: the key terms (``link_terms``, three B-trees keyed by 64-character article ids) move to
    ``link_postings`` and the band keys (``copy_bands``, three B-trees of text keys) to ``copy_keys``: one
    B-tree each, of short keys, with the article's ingestion number. Each article adds some 70 rows to these,
    each at a random place of its index; once the indexes outgrow the page cache every row costs a page read
    and written, and linking slowed as the ledger grew. The band keys are computed again from the stored
    fingerprints (integers now)."""
    from newsledger.link.copies import Fingerprint, band_keys

    ar = schema.articles
    have = set(inspect(conn).get_table_names())
    for table in (link_postings, copy_keys):
        table.create(conn, checkfirst=True)
    if link_terms.name in have:
        lt = link_terms
        conn.execute(link_postings.insert().from_select(
            ["term", "published", "article_seq"],
            select(lt.c.term, func.coalesce(lt.c.published, ""), ar.c.seq).join(ar, ar.c.id == lt.c.article_id)))
        link_terms.drop(conn)
    if copy_bands.name in have:
        ac = article_copies
        last = -1
        while True:  # a chunk of articles at a time, in ingestion order
            chunk = conn.execute(select(ac.c.signature, ac.c.n_shingles, ar.c.seq).join(ar, ar.c.id == ac.c.article_id)
                                 .where(ar.c.seq > last).order_by(ar.c.seq).limit(2000)).all()
            if not chunk:
                break
            last = chunk[-1].seq
            insert_rows(conn, copy_keys, [{"band": k, "article_seq": r.seq} for r in chunk
                                          for k in band_keys(Fingerprint.from_text(r.signature, r.n_shingles))])
        copy_bands.drop(conn)
