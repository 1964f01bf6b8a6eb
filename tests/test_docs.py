"""The documentation's examples run (docs/README.md, "Runnable examples"): each page's ``console`` blocks, command
by command, from the repository root with a fresh ``$TMP``, every command exiting 0; its ``python`` blocks in
one namespace. And every link between the pages points at a page that exists."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


def blocks(page: Path, language: str) -> list[str]:
    return [m.group(2) for m in FENCE.finditer(page.read_text(encoding="utf-8")) if m.group(1) == language]


def commands(page: Path) -> list[str]:
    return [line[2:] for block in blocks(page, "console") for line in block.splitlines() if line.startswith("$ ")]


RUNNABLE = [p for p in PAGES if commands(p) or blocks(p, "python")]


def test_the_docs_have_runnable_examples() -> None:
    assert len(RUNNABLE) >= 2
    assert sum(len(commands(p)) for p in PAGES) >= 5


def test_every_link_between_pages_resolves() -> None:
    broken = [(p.name, target) for p in PAGES for target in LINK.findall(p.read_text(encoding="utf-8"))
              if not target.startswith("http") and not (p.parent / target).resolve().is_file()]
    assert broken == []


@pytest.mark.model
@pytest.mark.parametrize("page", RUNNABLE, ids=lambda p: p.name)
def test_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "TMP": str(tmp_path), "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
           "NEWSLEDGER_DB": str(tmp_path / "default.db")}
    for command in commands(page):
        proc = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=600, check=False)
        assert proc.returncode == 0, f"{page.name}: {command}\n{proc.stderr[-2000:]}"
    monkeypatch.setenv("TMP", str(tmp_path))
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for source in blocks(page, "python"):
        exec(compile(source, f"{page.name} (python block)", "exec"), namespace)
