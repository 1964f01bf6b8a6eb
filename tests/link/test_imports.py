"""Every linking module imports on its own, first, in a fresh interpreter (no import cycle)."""

from __future__ import annotations

import subprocess
import sys

import pytest

MODULES = ["newsledger.store.links", "newsledger.link", "newsledger.link.board"]


@pytest.mark.parametrize("module", MODULES)
def test_imports_alone(module: str) -> None:
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr.decode()[-500:]
