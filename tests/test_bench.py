"""A smoke run of bench/throughput.py (the full run is not part of the test suite): it runs and reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, shared_path


@pytest.mark.model
@pytest.mark.slow
def test_throughput_bench_smoke() -> None:
    shared_path("data", "news", "bbc_2004_2005.jsonl")
    script = Path(ROOT, "bench", "throughput.py")
    proc = subprocess.run([sys.executable, str(script), "--limit", "6", "--workers", "2"], capture_output=True,
                          text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "corpus: 6 articles" in out
    for needle in ("full extraction / bare spaCy throughput:", "speed-up from 1 to 2 workers:",
                   "projection: a 250,000-article day", "newsledger x2"):
        assert needle in out
