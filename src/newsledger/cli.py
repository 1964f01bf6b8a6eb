"""Command line: argument parsing and error-to-exit-code mapping only (see DESIGN.md, "Command line").

Exit codes: 0 ok, 2 bad input or usage (one line on stderr), 1 internal error.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import click

from newsledger import __version__
from newsledger.errors import NewsledgerError

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int) -> None:
    click.echo(f"newsledger: {message}", err=True)
    sys.exit(code)


def _report_failure(failure: Any) -> None:
    click.echo(f"newsledger: skipped [{failure.error.code}]: {failure.error.message}", err=True)


class LedgerGroup(click.Group):
    """Maps newsledger's errors to one-line messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsledgerError as exc:
            _fail(f"error [{exc.code}]: {exc.message}", exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug: say so plainly, traceback only on request
            if os.environ.get("NEWSLEDGER_DEBUG"):
                traceback.print_exc()
            _fail(f"internal error: {type(exc).__name__}: {exc} (set NEWSLEDGER_DEBUG=1 for details)", 1)


def _published(value: str | None) -> str | None:
    from newsledger.ingest import parse_date

    return parse_date(value, where="--published")


published_option = click.option("--published", metavar="DATE",
                                help="Publication date (YYYY-MM-DD) for inputs that carry none.")
db_option = click.option("--db", metavar="URL", default=None,
                         help="Database URL or SQLite file (default: $NEWSLEDGER_DB or the user data dir).")


@click.group(cls=LedgerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsledger")
def main() -> None:
    """newsledger: who said what, who did what to whom, when and where, and on what evidence."""


@main.command()
@click.argument("file", required=False)
@published_option
@click.option("--json", "as_json", is_flag=True, help="Print the JSON contract instead of the report.")
def analyze(file: str | None, published: str | None, as_json: bool) -> None:
    """Readable report of one article (FILE, or - for stdin); no FILE: the bundled example."""
    from newsledger._analysis import analyze_article
    from newsledger.examples import example_article
    from newsledger.report import print_report
    from newsledger.scale import extract_inputs

    date = _published(published)
    if file is None:
        article = example_article()
        if date:
            article = dataclasses.replace(article, published=date)
        ledgers = iter([analyze_article(article)])
        failures: list[Any] = []
    else:
        failures = []
        ledgers = extract_inputs([file], published=date, failures=failures)
    shown = 0
    for ledger in ledgers:
        shown += 1
        if as_json:
            click.echo(ledger.to_json(indent=2))
        else:
            print_report(ledger)
    for f in failures:
        if shown == 0 and len(failures) == 1:
            raise f.error
        _report_failure(f)
    if failures:
        sys.exit(2)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True)
@published_option
def extract(inputs: tuple[str, ...], fmt: str, published: str | None) -> None:
    """The JSON contract of every article in INPUTS (files, directories, JSONL, - for stdin)."""
    from newsledger.scale import extract_inputs

    date = _published(published)
    failures: list[Any] = []
    ledgers = extract_inputs(inputs, published=date, on_failure=_report_failure, failures=failures)
    if fmt == "jsonl":
        for ledger in ledgers:
            click.echo(ledger.to_json())
    else:
        docs = [ledger.to_dict() for ledger in ledgers]
        click.echo(json.dumps(docs, ensure_ascii=False, indent=2))
    if failures:
        sys.exit(2)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@published_option
def ingest(inputs: tuple[str, ...], db: str | None, published: str | None) -> None:
    """Analyse and store articles; idempotent (an article already stored is skipped)."""
    from newsledger.scale import ingest_inputs
    from newsledger.store import open_store

    date = _published(published)
    with open_store(db) as store:
        summary = ingest_inputs(inputs, store, published=date, on_failure=_report_failure)
        total = store.count()
    click.echo(f"ingested {summary.ingested}, skipped {summary.duplicates} already stored, "
               f"failed {summary.failed}; the ledger holds {total} articles", err=True)
    if summary.failed:
        sys.exit(2)


@main.command()
@db_option
@click.option("--actor", help="Speaker actor code prefix (RUS, RUSGOV) or exact name.")
@click.option("--stance", type=click.Choice(["assert", "accuse", "deny", "threaten", "warn", "promise",
                                             "question", "other"]))
@click.option("--evidence", type=click.Choice(["stated", "unsupported", "unverified", "disputed", "none"]))
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def query(db: str | None, actor: str | None, stance: str | None, evidence: str | None, limit: int,
          fmt: str) -> None:
    """Statements in the ledger, filtered by speaker actor, stance and evidence."""
    from newsledger.store import open_store

    with open_store(db) as store:
        rows = store.statements(actor=actor, stance=stance, evidence=evidence, limit=limit)
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} statements", expand=True)
    for col in ("published", "speaker", "code", "stance", "evidence", "content"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["published"] or "", r["speaker_text"] or "", r["code"] or "", r["stance"], r["evidence"],
                      (r["content_text"] or "")[:160])
    Console().print(table)


format_option = click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
                             show_default=True)
limit_option = click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)


@main.command()
@click.argument("incident_id", required=False)
@db_option
@click.option("--actor", help="Only incidents with a responsibility claim by or against this actor code or name.")
@click.option("--min-articles", type=click.IntRange(1, None), default=1, show_default=True)
@limit_option
@format_option
def incidents(incident_id: str | None, db: str | None, actor: str | None, min_articles: int, limit: int,
              fmt: str) -> None:
    """Incidents across articles; with INCIDENT_ID, its reports and who blames whom."""
    from newsledger.link.render import print_incident, print_incidents
    from newsledger.store import open_store

    with open_store(db) as store:
        if incident_id is not None:
            print_incident(store, incident_id, fmt)
        else:
            print_incidents(store, fmt, limit=limit, min_articles=min_articles, actor=actor)


@main.command()
@db_option
@click.option("--actor", help="Only claims stated by this actor code prefix (RUS, RUSGOV).")
@click.option("--min-outlets", type=click.IntRange(1, None), default=1, show_default=True)
@limit_option
@format_option
def claims(db: str | None, actor: str | None, min_outlets: int, limit: int, fmt: str) -> None:
    """Claims stated across articles, with how many outlets corroborate each."""
    from newsledger.link.render import print_claims
    from newsledger.store import open_store

    with open_store(db) as store:
        print_claims(store, fmt, actor=actor, min_outlets=min_outlets, limit=limit)


@main.command()
@db_option
@click.option("--kind", type=click.Choice(["stance", "responsibility"]))
@limit_option
@format_option
def contradictions(db: str | None, kind: str | None, limit: int, fmt: str) -> None:
    """Statements that take opposite positions on the same proposition or incident."""
    from newsledger.link.render import print_contradictions
    from newsledger.store import open_store

    with open_store(db) as store:
        print_contradictions(store, fmt, kind=kind, limit=limit)
