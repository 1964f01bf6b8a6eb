"""The ledger's schema (SQLAlchemy Core), the same for SQLite and PostgreSQL.

``articles`` keeps each article's text and its full contract JSON (the source of truth for read-back);
``actors``, ``attributions`` and ``events`` hold the records in columns for querying. Record ids embed the
article id in their hash, so they are unique across the ledger. Tables of later stages (cross-article
links) belong to those stages (``migrations.Component``), not to this schema.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", String(32), nullable=False),
)

# the steps of the tables that later stages keep in the ledger (``migrations.Component``); since step 8
component_versions = Table(
    "component_versions", metadata,
    Column("component", String(32), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("applied_at", String(32), nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("id", String(64), primary_key=True),
    Column("external_id", Text),
    Column("title", Text),
    Column("published", String(10)),
    Column("source", Text),
    Column("url", Text),
    Column("text", Text, nullable=False),
    Column("ledger", Text, nullable=False),
    Column("pipeline_version", String(32), nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Column("seq", Integer, nullable=False),
)
Index("ix_articles_published", articles.c.published)
# ``seq`` is the ingestion order (1, 2, 3, ...), assigned under the write lock; unique since schema v2.
Index("ux_articles_seq", articles.c.seq, unique=True)

actors = Table(
    "actors", metadata,
    Column("id", String(16), primary_key=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
    Column("type", String(8), nullable=False),
    Column("country", Text),
    Column("sector", Text),       # may combine agent codes (GOVEDU)
    Column("code", Text),
)
Index("ix_actors_code", actors.c.code)
Index("ix_actors_country", actors.c.country)
Index("ix_actors_article", actors.c.article_id)

attributions = Table(
    "attributions", metadata,
    Column("id", String(16), primary_key=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("speaker_text", Text),
    Column("speaker_actor_id", String(16)),
    Column("cue_text", Text),
    Column("content_text", Text),
    Column("content_start", Integer),
    Column("content_end", Integer),
    Column("form", String(16), nullable=False),
    Column("stance", String(16), nullable=False),
    Column("evidence", String(16), nullable=False),
    # the judgment heads' calibrated confidences (0..1; NULL for statements stored before migration 5)
    Column("stance_confidence", Float),
    Column("evidence_confidence", Float),
    Column("statement_confidence", Float),  # the statement head's (NULL for statements stored before migration 9)
)
Index("ix_attributions_article", attributions.c.article_id)
Index("ix_attributions_speaker", attributions.c.speaker_actor_id)
Index("ix_attributions_stance", attributions.c.stance)

events = Table(
    "events", metadata,
    Column("id", String(16), primary_key=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("plover", String(16), nullable=False),
    Column("cameo", Text),
    Column("source_actor_id", String(16)),
    Column("target_actor_id", String(16)),
    Column("modality", String(16), nullable=False),
    Column("evidence", String(16), nullable=False, server_default="none"),  # since migration 6
    Column("attribution_id", String(16)),
    Column("time_value", Text),   # TIMEX3 values may carry a time of day
    Column("time_precision", String(8)),
    Column("place_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("place_country", String(2)),
    Column("event_confidence", Float),  # the event head's (NULL: the rules decided, or stored before migration 10)
    Column("root_confidence", Float),  # since migration 10
)
Index("ix_events_article", events.c.article_id)
Index("ix_events_plover", events.c.plover)
Index("ix_events_time", events.c.time_value)
