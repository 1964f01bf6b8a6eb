"""What the operator sets for ``newsledger serve``: the database, the write token and the limits."""

from __future__ import annotations

import os
from dataclasses import dataclass

TOKEN_ENV = "NEWSLEDGER_TOKEN"
# An article may be MAX_ARTICLE_CHARS characters; UTF-8 and JSON escaping can make that up to ~6 bytes each
# in the worst case, but real text is close to 1 byte per character. 8 MiB admits every article the
# pipeline takes in plain text while keeping one request's memory bounded.
DEFAULT_MAX_BODY = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    """``token`` None means read-only: every write answers 403. ``write_rate`` is the number of POST /
    DELETE requests one client address may make per minute (analysis is the expensive part)."""

    db_url: str | None = None
    token: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY
    write_rate: int = 30
    seed_example: bool = True

    @classmethod
    def from_env(cls, db_url: str | None = None) -> Settings:
        """Settings with the token from ``$NEWSLEDGER_TOKEN`` (an empty value counts as none)."""
        return cls(db_url=db_url, token=os.environ.get(TOKEN_ENV, "").strip() or None)
