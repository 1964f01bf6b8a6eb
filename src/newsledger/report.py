"""The readable terminal report of one article's ledger (``newsledger analyze``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from newsledger.records import Actor, Ledger, TextSpan, lower_confidence

STANCE_STYLE = {"accuse": "bold red", "deny": "bold cyan", "threaten": "bold magenta", "warn": "magenta",
                "promise": "green", "question": "yellow", "assert": "", "other": "dim"}
EVIDENCE_STYLE = {"unsupported": "bold red", "unverified": "yellow", "disputed": "yellow", "stated": "green",
                  "none": "dim"}


def _evidence_cell(status: str, cues: Sequence[TextSpan]) -> Text:
    """An evidence status, coloured, with the words that show it."""
    cell = Text(status, style=EVIDENCE_STYLE.get(status, ""))
    if cues:
        cell.append("\n" + "; ".join(f"“{c.text}”" for c in cues), style="italic")
    return cell


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _actor_label(actor: Actor | None) -> str:
    if actor is None:
        return "?"
    return f"{actor.name} ({actor.code})" if actor.code else actor.name


def render(ledger: Ledger) -> Group:
    """The report as a rich renderable: header, statements, events, actors."""
    art = ledger.article
    head = Text()
    head.append(art.title or "(untitled)", style="bold")
    head.append(f"\npublished {art.published or 'unknown'}   id {art.id[:12]}")
    if art.source:
        head.append(f"   source {art.source}")

    statements = Table(title="Statements: who said what, with what stance and evidence", expand=True,
                       show_lines=False)
    for col, kw in (("speaker", {"ratio": 2}), ("stance", {"no_wrap": True}), ("evidence", {"no_wrap": True}),
                    ("cue", {"ratio": 1, "min_width": 9}), ("what was said", {"ratio": 5})):
        statements.add_column(col, overflow="fold", **kw)
    for at in ledger.attributions:
        actor = ledger.actor(at.speaker.actor_id) if at.speaker else None
        who = at.speaker.text if at.speaker else "—"
        if actor is not None and actor.name not in who:
            who = f"{who} → {_actor_label(actor)}"
        elif actor is not None and actor.code:
            who = f"{who} ({actor.code})"
        evidence = _evidence_cell(at.evidence, at.evidence_cues)
        content = _clip(at.content.text, 220) if at.content else ""
        if at.hedges:
            content += "  [hedged: " + ", ".join(h.text for h in at.hedges) + "]"
        stance = Text(at.stance, style=STANCE_STYLE.get(at.stance, ""))
        if at.stance_confidence is not None and at.evidence_confidence is not None:
            sure = f"{at.stance_confidence:.2f} / {at.evidence_confidence:.2f}"
            if at.statement_confidence is not None:
                sure = f"{at.statement_confidence:.2f} · {sure}"
            stance.append(f"\n{sure}", style="dim")
        statements.add_row(who, stance, evidence,
                           at.cue.text if at.cue else "", content)

    events = Table(title="Events: who did what to whom, when", expand=True)
    for col in ("event", "PLOVER / CAMEO", "source", "target", "modality", "evidence", "when", "where"):
        events.add_column(col, overflow="fold", min_width=10 if col == "when" else None)
    for ev in ledger.events:
        when = f"{ev.time.value or '?'} ({ev.time.text})" if ev.time else ""
        where = ev.place.name or ev.place.text if ev.place else ""
        src = _actor_label(ledger.actor(ev.source_actor_id)) if ev.source_actor_id else ""
        tgt = _actor_label(ledger.actor(ev.target_actor_id)) if ev.target_actor_id else ""
        evidence = _evidence_cell(ev.evidence, ev.evidence_cues) if ev.evidence != "none" else Text("")
        events.add_row(ev.trigger.text, f"{ev.plover} / {ev.cameo}", src, tgt, ev.modality, evidence, when,
                       where or "")

    actors = Table(title="Actors", expand=True)
    for col in ("actor", "type", "code", "mentions"):
        actors.add_column(col)
    for ac in ledger.actors:
        actors.add_row(ac.name, ac.type, ac.code or "", str(len(ac.mentions)))
    return Group(head, statements, events, actors)


def print_report(ledger: Ledger, console: Console | None = None) -> None:
    """Print the report; when stdout is not a terminal (a pipe, a file) use a wide page, not 80 columns."""
    _console(console).print(render(ledger))


def _console(console: Console | None) -> Console:
    """The given console, or stdout's: a wide page, not 80 columns, when it is not a terminal."""
    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=160)
    return console


STATEMENT_FIELDS = (("published", "published"), ("speaker", "speaker_text"), ("code", "code"),
                    ("stance", "stance"), ("evidence", "evidence"), ("conf.", "confidence"),
                    ("content", "content_text"))
EVENT_FIELDS = (("published", "published"), ("event", "trigger_text"), ("PLOVER", "plover"),
                ("source", "source_code"), ("target", "target_code"), ("modality", "modality"),
                ("evidence", "evidence"), ("when", "time_value"), ("where", "place_name"))


def _cell(row: dict[str, Any], key: str) -> str:
    if key == "confidence":
        conf = lower_confidence(row.get("statement_confidence"), row.get("stance_confidence"),
                                row.get("evidence_confidence"))
        return "" if conf is None else f"{conf:.2f}"
    return str(row.get(key) or "")[:160]


def print_rows(rows: list[dict[str, Any]], kind: str, console: Console | None = None) -> None:
    """A table of query results: ``kind`` is ``statements`` or ``events``."""
    fields = EVENT_FIELDS if kind == "events" else STATEMENT_FIELDS
    table = Table(title=f"{len(rows)} {kind}", expand=True)
    for title, _ in fields:
        table.add_column(title)
    for r in rows:
        table.add_row(*[_cell(r, key) for _, key in fields])
    _console(console).print(table)
