"""Property-based tests of the readers: on any bytes, in any format, under any name, from stdin or a
directory, reading never raises; every failure is a ReadFailure with a one-line message that says where;
every article is storable text. A smoke run of bench/fuzz_readers.py's targets (which runs 10,000+)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT

SMOKE_EXAMPLES = 600     # shared among the targets; the script's default is 10,000


def _fuzz_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_readers", ROOT / "bench" / "fuzz_readers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_readers"] = module     # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


FUZZ = _fuzz_module()


@pytest.mark.parametrize("target", sorted(FUZZ.targets(FUZZ.Fuzzer(Path("."))).keys()))
def test_readers_never_crash(target: str, tmp_path: Path) -> None:
    weights = {name: w for name, (w, _) in FUZZ.targets(FUZZ.Fuzzer(tmp_path)).items()}
    examples = max(10, SMOKE_EXAMPLES * weights[target] // sum(weights.values()))
    report = FUZZ.run(examples, seed_value=0, workdir=tmp_path, only=target)
    assert report["failure"] is None, report["failure"]
    assert report["inputs"] >= examples // 2      # hypothesis ran (it stops early only when it runs out of ideas)


def test_contract_check_catches_what_it_should() -> None:
    from newsledger.errors import InputError
    from newsledger.ingest import Article, ReadFailure

    FUZZ.check_items([Article(text="Fine.", title="T", published="2024-05-06")], "x")
    for bad in ([Article(text="   ")], [Article(text="ok", title="a\x00")], [Article(text="ok", published="May")],
                [ReadFailure("x", InputError(where="x", reason="two\nlines"))],
                [ReadFailure("elsewhere", InputError(where="elsewhere", reason="r"))]):
        with pytest.raises((AssertionError, UnicodeError)):
            FUZZ.check_items(bad, "x")
