"""A progress line for long runs, on stderr: articles done, articles/s, stored, duplicates, failed.

Shown when stderr is a terminal, or when asked (``--progress``); never mixed into stdout. Messages printed
through :meth:`IngestProgress.echo` appear above the bar instead of tearing it.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TaskID, TextColumn, TimeElapsedColumn
from rich.text import Text

if TYPE_CHECKING:
    from newsledger.scale.batch import IngestSummary


def wants_progress(flag: bool | None) -> bool:
    """``--progress``/``--no-progress`` when given, else whether stderr is a terminal."""
    return flag if flag is not None else sys.stderr.isatty()


class RateColumn(ProgressColumn):
    """Articles per second over the whole run so far."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.1f} articles/s")


class IngestProgress:
    """Context manager: ``update(summary)`` as the batch advances, ``echo(line)`` for messages."""

    def __init__(self, enabled: bool, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.enabled = enabled
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> IngestProgress:
        if self.enabled:
            self._progress = Progress(SpinnerColumn(), TextColumn("{task.completed:,.0f} articles"), RateColumn(),
                                      TextColumn("{task.fields[counts]}"), TimeElapsedColumn(),
                                      console=self.console, transient=False)
            self._progress.start()
            self._task = self._progress.add_task("ingest", total=None, counts="")
        return self

    def update(self, summary: IngestSummary) -> None:
        if self._progress is not None and self._task is not None:
            counts = f"stored {summary.ingested:,}, duplicates {summary.duplicates:,}, failed {summary.failed:,}"
            self._progress.update(self._task, completed=summary.done, counts=counts)

    def echo(self, line: str) -> None:
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=sys.stderr, flush=True)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()
