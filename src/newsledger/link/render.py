"""Terminal output of the cross-article commands (``incidents``, ``claims``, ``contradictions``): a rich
table, or one JSON object a line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table

from newsledger.errors import NotFoundError
from newsledger.link import reading
from newsledger.store import Store


def _jsonl(rows: Iterable[dict[str, Any]]) -> None:
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))


def _table(title: str, columns: list[str], rows: Iterable[list[str]]) -> None:
    table = Table(title=title, expand=True)
    for c in columns:
        if c == "id":  # whole, so that it can be copied into `newsledger incidents ID`
            table.add_column(c, no_wrap=True, min_width=16)
        else:
            table.add_column(c)
    for r in rows:
        table.add_row(*r)
    Console().print(table)


def print_incidents(store: Store, fmt: str, **filters: Any) -> None:
    rows = reading.list_incidents(store, **filters)
    if fmt == "jsonl":
        _jsonl(rows)
        return
    _table(f"{len(rows)} incidents", ["id", "incident", "who", "where", "plover", "date", "reports",
                                      "independent", "events", "conf"],
           ([r["id"], r["label"], r["participants"] or "", r["place"] or "", r["plover"] or "",
             r["first_date"] or "", str(r["n_reports"]),
             str(r["n_independent"]), str(r["n_events"]), f"{r['confidence']:.2f}"] for r in rows))


def print_incident(store: Store, incident_id: str, fmt: str) -> None:
    inc = reading.incident(store, incident_id)
    if inc is None:
        raise NotFoundError(what="incident", id=incident_id)
    if fmt == "jsonl":
        _jsonl([inc])
        return
    console = Console()
    console.print(f"[bold]{inc['label']}[/bold] ({inc['plover'] or '?'}, {inc['first_date'] or 'date unknown'}) "
                  f"— {inc['n_reports']} reports, {inc['n_independent']} independent, {inc['n_outlets']} outlets, "
                  f"confidence {inc['confidence']:.2f}")
    _table("who blames whom", ["who", "position", "parties", "evidence", "statements"],
           ([g["who"], g["position"], ", ".join(g["parties"]), ", ".join(g["evidence"]),
             " | ".join((s["content"] or "")[:100] for s in g["statements"][:3])] for g in inc["board"]))
    _table("reports", ["published", "source", "title", "events"],
           ([r["published"] or "", r["source"] or "", r["title"] or r["article_id"][:12],
             ", ".join(e["trigger"] for e in r["events"])] for r in inc["reports"]))


def print_claims(store: Store, fmt: str, **filters: Any) -> None:
    rows = reading.list_claims(store, **filters)
    if fmt == "jsonl":
        _jsonl(rows)
        return
    _table(f"{len(rows)} claims", ["claim", "reports", "independent", "statements", "speakers"],
           ([r["label"][:160], str(r["n_reports"]), str(r["n_independent"]), str(r["n_statements"]),
             ", ".join(sorted({s["actor_code"] or s["speaker_text"] or "?" for s in r["statements"]}))]
            for r in rows))


def print_contradictions(store: Store, fmt: str, **filters: Any) -> None:
    rows = reading.list_contradictions(store, **filters)
    if fmt == "jsonl":
        _jsonl(rows)
        return
    _table(f"{len(rows)} contradictions", ["kind", "note", "one side", "other side"],
           ([r["kind"], r["note"], (r["a_content"] or "")[:120], (r["b_content"] or "")[:120]] for r in rows))
