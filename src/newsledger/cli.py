"""Command line: argument parsing and error-to-exit-code mapping only (see docs/design.md, "Command line").

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
from newsledger.records import EVIDENCE, MODALITIES, STANCES

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int) -> None:
    click.echo(f"newsledger: {message}", err=True)
    sys.exit(code)


def _failure_line(failure: Any) -> str:
    return f"newsledger: skipped [{failure.error.code}]: {failure.error.message}"


def _report_failure(failure: Any) -> None:
    click.echo(_failure_line(failure), err=True)


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
    return _date_option(value, "--published")


def _date_option(value: str | None, option: str) -> str | None:
    from newsledger.ingest import parse_date

    return parse_date(value, where=option)


published_option = click.option("--published", metavar="DATE",
                                help="Publication date (YYYY-MM-DD) for inputs that carry none.")
workers_option = click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
                              help="Worker processes (each loads the model once); output is the same for any N.")
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
@workers_option
def extract(inputs: tuple[str, ...], fmt: str, published: str | None, workers: int) -> None:
    """The JSON contract of every article in INPUTS (files, directories, JSONL, - for stdin)."""
    from newsledger.scale import extract_inputs

    date = _published(published)
    failures: list[Any] = []
    ledgers = extract_inputs(inputs, published=date, on_failure=_report_failure, failures=failures,
                             workers=workers)
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
@click.option("--batch-size", type=click.IntRange(1, 100000), default=256, show_default=True,
              help="Articles per transaction (a killed run loses at most one batch).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar with articles/s on stderr (default: when stderr is a terminal).")
@workers_option
def ingest(inputs: tuple[str, ...], db: str | None, published: str | None, batch_size: int,
           progress: bool | None, workers: int) -> None:
    """Analyse and store articles; idempotent (an article already stored is skipped), resumable."""
    from newsledger.link import open_ledger
    from newsledger.scale import ingest_inputs
    from newsledger.scale.progress import IngestProgress, wants_progress

    date = _published(published)
    with open_ledger(db) as store, IngestProgress(wants_progress(progress)) as bar:
        summary = ingest_inputs(inputs, store, published=date, batch_size=batch_size, on_progress=bar.update,
                                on_failure=lambda f: bar.echo(_failure_line(f)), workers=workers)
        total = store.count()
    click.echo(f"{summary.describe()}; the ledger holds {total} articles", err=True)
    if summary.failed:
        sys.exit(2)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, metavar="DIR",
              help="Directory for part-NNNNN.jsonl and .parquet (on a cluster: a path every worker reaches).")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://host:8786); default: a local cluster.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Worker processes of the local cluster (without --scheduler).")
@published_option
def distributed(inputs: tuple[str, ...], out_dir: str, scheduler: str | None, workers: int,
                published: str | None) -> None:
    """Run extraction on a Dask cluster: each JSONL or WARC file of INPUTS is a partition."""
    from newsledger.scale.distributed import run_job

    summary = run_job(inputs, out_dir, scheduler=scheduler, workers=workers, published=_published(published))
    for failure in summary.failures:
        click.echo(f"newsledger: skipped {failure}", err=True)
    click.echo(f"{summary.articles} articles from {len(summary.partitions)} partitions written to {out_dir}; "
               f"failed {len(summary.failures)}", err=True)
    if summary.failures:
        sys.exit(2)


@main.command()
@db_option
@click.option("--events", "events", is_flag=True, help="List events (who did what to whom) instead of statements.")
@click.option("--actor", help="Actor code prefix (RUS, RUSGOV) or exact name: the speaker of a statement, the "
                              "source or target of an event.")
@click.option("--stance", type=click.Choice(list(STANCES)), help="Statements with this stance.")
@click.option("--evidence", type=click.Choice(list(EVIDENCE)), help="Statements (or events) with this evidence "
                                                                  "status.")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), metavar="P",
              help="Statements whose confidences (a statement at all, its stance, its evidence), or events whose "
                   "confidences (an event at all, its root), are all at least P (0..1).")
@click.option("--plover", metavar="ROOT", help="Events of this PLOVER root (ASSAULT, ACCUSE, ...).")
@click.option("--modality", type=click.Choice(list(MODALITIES)), help="Events of this modality.")
@click.option("--from", "date_from", metavar="DATE",
              help="On or after DATE: an event's own date where known, else its article's publication date; a "
                   "statement's publication date.")
@click.option("--to", "date_to", metavar="DATE", help="On or before DATE (the same dates as --from).")
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def query(db: str | None, events: bool, actor: str | None, stance: str | None, evidence: str | None,
          min_confidence: float | None, plover: str | None, modality: str | None, date_from: str | None,
          date_to: str | None, limit: int, fmt: str) -> None:
    """Statements (or events) in the ledger, filtered by actor, stance, evidence, PLOVER root and dates."""
    from newsledger.link import open_ledger
    from newsledger.report import print_rows

    start = _date_option(date_from, "--from")
    end = _date_option(date_to, "--to")
    if events and stance:
        raise click.UsageError("--stance filters statements, not --events")
    if not events and (plover or modality):
        raise click.UsageError("--plover and --modality filter events; add --events")
    with open_ledger(db) as store:
        if events:
            rows = store.events(actor=actor, plover=plover, modality=modality, limit=limit, date_from=start,
                                date_to=end, evidence=evidence, min_confidence=min_confidence)
        else:
            rows = store.statements(actor=actor, stance=stance, evidence=evidence, limit=limit, date_from=start,
                                    date_to=end, min_confidence=min_confidence)
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    print_rows(rows, "events" if events else "statements")


@main.command(name="export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt"]), required=True,
              help="jsonl: the contract per article; csv/parquet: a table; gdelt: GDELT 2.0 event records.")
@db_option
@click.option("--table", type=click.Choice(["events", "statements"]), default="events", show_default=True,
              help="The table of a csv or parquet export.")
@click.option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout.")
def export_command(fmt: str, db: str | None, table: str, output: str | None) -> None:
    """Export the stored ledger (every article, in ingestion order)."""
    from newsledger.export import export, open_output
    from newsledger.link import open_ledger

    if fmt == "parquet" and output is None and sys.stdout.isatty():
        raise click.UsageError("parquet is binary: give --output FILE or redirect stdout")
    with open_ledger(db) as store:
        if output is None:
            stream: Any = sys.stdout.buffer if fmt == "parquet" else sys.stdout
            n = export(store, fmt, stream, table=table)
        else:
            with open_output(output, binary=fmt == "parquet") as stream:
                n = export(store, fmt, stream, table=table)
    what = {"jsonl": "articles", "gdelt": "GDELT event records"}.get(fmt, f"rows of {table}")
    click.echo(f"exported {n} {what}" + (f" to {output}" if output else ""), err=True)


format_option = click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
                             show_default=True)
limit_option = click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)


@main.command()
@click.argument("incident_id", required=False)
@db_option
@click.option("--actor", help="Only incidents with a responsibility claim by or against this actor code or name.")
@click.option("--min-articles", type=click.IntRange(1, None), default=1, show_default=True)
@click.option("--per-story", is_flag=True, help="Only the first incident of each story (the articles about one "
              "happening), as the home page lists them.")
@limit_option
@format_option
def incidents(incident_id: str | None, db: str | None, actor: str | None, min_articles: int, per_story: bool,
              limit: int, fmt: str) -> None:
    """Incidents across articles; with INCIDENT_ID, its reports and who blames whom."""
    from newsledger.link import open_ledger
    from newsledger.link.render import print_incident, print_incidents

    with open_ledger(db) as store:
        if incident_id is not None:
            print_incident(store, incident_id, fmt)
        else:
            print_incidents(store, fmt, limit=limit, min_articles=min_articles, actor=actor, per_story=per_story)


@main.command()
@db_option
def link(db: str | None) -> None:
    """Link every stored article not linked yet (copies, stories, incidents, claims); resumable. Ingest links
    what it stores; this rebuilds the links of a ledger whose linking was upgraded."""
    from newsledger.link import open_ledger, update_links

    with open_ledger(db) as store:
        summary = update_links(store)
    click.echo(f"linked {summary.articles} articles into {summary.blocks} blocks ({summary.incidents} incidents "
               "recomputed)", err=True)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
def serve(db: str | None, host: str, port: int) -> None:
    """Serve the web UI and REST API. Read-only unless NEWSLEDGER_TOKEN is set; an empty ledger first
    gets the bundled example, analysed."""
    from newsledger.api import serve as run

    run(db, host, port)


@main.command()
@db_option
@click.option("--actor", help="Only claims stated by this actor code prefix (RUS, RUSGOV).")
@click.option("--min-outlets", type=click.IntRange(1, None), default=1, show_default=True)
@click.option("--min-independent", type=click.IntRange(1, None), default=1, show_default=True,
              help="Only claims resting on at least N independent sources (copies and relayed reports count once).")
@limit_option
@format_option
def claims(db: str | None, actor: str | None, min_outlets: int, min_independent: int, limit: int, fmt: str) -> None:
    """Claims stated across articles, with how many reports and independent sources corroborate each."""
    from newsledger.link import open_ledger
    from newsledger.link.render import print_claims

    with open_ledger(db) as store:
        print_claims(store, fmt, actor=actor, min_outlets=min_outlets, min_independent=min_independent,
                     limit=limit)


@main.command()
@db_option
@click.option("--kind", type=click.Choice(["stance", "responsibility"]))
@limit_option
@format_option
def contradictions(db: str | None, kind: str | None, limit: int, fmt: str) -> None:
    """Statements that take opposite positions on the same proposition or incident."""
    from newsledger.link import open_ledger
    from newsledger.link.render import print_contradictions

    with open_ledger(db) as store:
        print_contradictions(store, fmt, kind=kind, limit=limit)
