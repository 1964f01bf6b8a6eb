"""Exports of the stored ledger: JSONL (the contract), CSV and Parquet tables, and a GDELT events table.

- ``jsonl``: one contract object per stored article, in ingestion order; each article keeps ``external_id``
  and carries ``story_id`` (the story it was linked into) and ``copy_of`` (the first stored article of its copy
  group, else null); each event carries ``incident_id`` (the cross-article incident it was linked to, else null).
- ``csv`` / ``parquet``: one row per event (``table="events"``) or per statement (``"statements"``);
  columns in :mod:`newsledger.export.tables`.
- ``gdelt``: GDELT 2.0 event records (see :mod:`newsledger.export.gdelt`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from newsledger.errors import InputError
from newsledger.export.gdelt import format_row, gdelt_rows
from newsledger.export.tables import TABLES, Row, event_rows, statement_rows
from newsledger.link import reading
from newsledger.records import Ledger
from newsledger.store import Store

FORMATS = ("jsonl", "csv", "parquet", "gdelt")
PAGE = 200
PARQUET_ROW_GROUP = 50_000

__all__ = ["FORMATS", "TABLES", "export", "open_output", "stored"]


@dataclass(frozen=True, slots=True)
class Links:
    """What linking says of a page of stored articles: each linked event's incident, and each linked article's
    ``story_id`` and ``copy_of``."""

    incidents: dict[str, str] = field(default_factory=dict)  # event id -> incident id
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)  # article id -> {"story_id", "copy_of"}


def stored(store: Store, page: int = PAGE) -> Iterator[tuple[Ledger, str, Links]]:
    """Every stored article: its ledger, when it was stored, and its links (the incident of each linked event,
    the article's story and copy group)."""
    buffer: list[tuple[Ledger, str]] = []

    def flush() -> Iterator[tuple[Ledger, str, Links]]:
        links = Links(store.incident_ids([ev.id for lg, _ in buffer for ev in lg.events]),
                      reading.article_links(store, [lg.article.id for lg, _ in buffer]))
        for lg, added in buffer:
            yield lg, added, links
        buffer.clear()

    for item in store.stored_ledgers(batch=page):
        buffer.append(item)
        if len(buffer) >= page:
            yield from flush()
    yield from flush()


def contract_object(lg: Ledger, links: Links) -> dict[str, Any]:
    """The JSON contract of a stored article, with its ``story_id`` and ``copy_of`` and each event's
    ``incident_id``."""
    d = lg.to_dict()
    linked = links.articles.get(lg.article.id, {})
    d["article"]["story_id"] = linked.get("story_id")
    d["article"]["copy_of"] = linked.get("copy_of")
    for ev in d["events"]:
        ev["incident_id"] = links.incidents.get(ev["id"])
    return d


def _rows(store: Store, table: str) -> Iterator[Row]:
    make = event_rows if table == "events" else statement_rows
    for lg, _, links in stored(store):
        yield from make(lg, links.incidents)


def export(store: Store, fmt: str, out: IO[Any], table: str = "events") -> int:
    """Write the ledger in ``fmt`` to ``out`` (a text stream; a binary one for Parquet); returns the
    number of objects or rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLES)}, not {table!r}")
    n = 0
    if fmt == "jsonl":
        for lg, _, links in stored(store):
            out.write(json.dumps(contract_object(lg, links), ensure_ascii=False, separators=(",", ":")) + "\n")
            n += 1
    elif fmt == "gdelt":
        for lg, added, _ in stored(store):
            for record in gdelt_rows(lg, added):
                out.write(format_row(record) + "\n")
                n += 1
    elif fmt == "csv":
        names = [name for name, _ in TABLES[table]]
        writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        for row in _rows(store, table):
            writer.writerow(row)
            n += 1
    else:
        n = _write_parquet(_rows(store, table), table, out)
    return n


def _write_parquet(rows: Iterator[Row], table: str, out: IO[Any]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
    schema = pa.schema([(name, types[kind]) for name, kind in TABLES[table]])
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        chunk: list[Row] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= PARQUET_ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk.clear()
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


@contextmanager
def open_output(path: str, binary: bool) -> Iterator[IO[Any]]:
    """The export's output file, opened for writing (UTF-8 text unless ``binary``)."""
    try:
        stream: IO[Any] = open(path, "wb") if binary else open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        raise InputError(where=path, reason=f"cannot write the export ({exc.strerror or exc})") from None
    with stream:
        yield stream
