"""Headless Chromium through Playwright: Debian's /usr/bin/chromium, with the flags that work as root.

(``playwright install`` downloads a browser build and cannot work here; the system package is used.)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("NEWSLEDGER_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]


def launch(playwright: Any) -> Any:
    """A headless Chromium browser from the system package."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
