"""``insert_rows``: the bulk insert that storing and linking use, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Integer, MetaData, String, Table, select

from newsledger.store.engine import insert_rows, make_engine, write_transaction

metadata = MetaData()
sample = Table("sample", metadata, Column("id", Integer, primary_key=True, autoincrement=False),
               Column("name", String(16)), Column("score", Float), Column("flag", Boolean))


def test_rows_are_stored_as_sqlalchemy_would_store_them(store_url: str) -> None:
    rows = [{"flag": True, "id": 2, "name": "b", "score": 0.25},  # keys in any order, the same in every row
            {"flag": False, "id": 1, "name": None, "score": None},
            {"flag": True, "id": 3, "name": "ç", "score": -1e300}]
    engine = make_engine(store_url)
    try:
        with write_transaction(engine) as conn:
            sample.create(conn)
            insert_rows(conn, sample, rows)
            insert_rows(conn, sample, [])
            got = [dict(r._mapping) for r in conn.execute(select(sample).order_by(sample.c.id))]
    finally:
        engine.dispose()
    assert got == sorted(rows, key=lambda r: r["id"])
