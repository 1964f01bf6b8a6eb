"""Kill -9 during an ingest of real news articles, twice at random points, then run it to the end: each
article stored exactly once (the small variant of bench/kill_resume.py, which kills 2,000 articles' ingest
ten times)."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT, shared_path


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kill_resume", ROOT / "bench" / "kill_resume.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.model
@pytest.mark.slow
def test_kill_during_ingest_then_resume(tmp_path: Path) -> None:
    shared_path("data", "news", "bbc_2004_2005.jsonl")
    seed = random.randrange(1_000_000)
    report = _script().run(articles=120, batch_size=10, seed=seed, workdir=tmp_path, poll=0.05,
                           names=("bbc_2004_2005.jsonl",), kills=2)      # the shorter articles: a quicker test
    assert report["killed"] == 2, report
    assert report["stored_before_final_run"] < report["distinct_articles"], report
    assert report["ok"], f"seed {seed}: {report}"
