"""Every linking module imports on its own, first, in a fresh interpreter (no import cycle), and the store never
imports linking: ``link/`` depends on ``store/``, never the reverse."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import newsledger.store

MODULES = ["newsledger.link.linker", "newsledger.link.tables", "newsledger.link", "newsledger.link.board",
           "newsledger.store"]


@pytest.mark.parametrize("module", MODULES)
def test_imports_alone(module: str) -> None:
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr.decode()[-500:]


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_store_never_imports_linking() -> None:
    package = Path(newsledger.store.__file__).parent
    found = {p.name: sorted(m for m in _imported(p) if m.startswith("newsledger.link"))
             for p in package.glob("*.py")}
    assert {name: mods for name, mods in found.items() if mods} == {}
    assert len(found) >= 5  # the files were read

