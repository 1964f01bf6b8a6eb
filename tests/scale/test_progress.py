from __future__ import annotations

import io

from rich.console import Console

from newsledger.scale.batch import IngestSummary
from newsledger.scale.progress import IngestProgress, wants_progress


def test_progress_line_shows_rate_and_counts() -> None:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=120)
    with IngestProgress(True, console=console) as bar:
        bar.update(IngestSummary(ingested=3, duplicates=1, done=5))
        bar.echo("newsledger: skipped [NL101]: x.txt: not UTF-8")
    out = buf.getvalue()
    assert "5 articles" in out and "articles/s" in out
    assert "stored 3, duplicates 1, failed 0" in out
    assert "skipped [NL101]" in out


def test_no_bar_unless_asked_or_a_terminal() -> None:
    assert wants_progress(True) is True
    assert wants_progress(False) is False
    buf = io.StringIO()
    with IngestProgress(False, console=Console(file=buf)) as bar:
        bar.update(IngestSummary(ingested=1, done=1))
    assert buf.getvalue() == ""
