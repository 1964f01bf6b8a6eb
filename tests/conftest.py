"""Shared fixtures. Tests marked ``model`` load the real spaCy model; the rest build what they need by hand.

Data from ``../shared`` (the seed article, the gold files) is read in place, never copied. When it is absent
the tests that need it are skipped, unless ``NEWSLEDGER_REQUIRE_SHARED=1`` (set by ``.ci/run``) makes its
absence a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.pg import Cluster, start_cluster

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("NEWSLEDGER_REQUIRE_SHARED"):
            pytest.fail(f"{path} is missing (../shared must sit beside the repository)")
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_path("data", "seed", "kremlin-drone.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(shared_path("data", "seed", "kremlin-drone.gold.json").read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def seed_ledger(seed_text: str) -> Any:
    import newsledger

    return newsledger.analyze(seed_text, published="2023-05-04", title="seed")


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A private PostgreSQL server for the session (skipped when PostgreSQL is not installed, unless
    ``NEWSLEDGER_REQUIRE_PG=1``, set by ``.ci/run``, makes that a failure)."""
    required = bool(os.environ.get("NEWSLEDGER_REQUIRE_PG"))
    try:
        cluster = start_cluster()
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        message = f"cannot start PostgreSQL: {exc} {detail.decode(errors='replace')[-500:]}"
        if required:
            pytest.fail(message)
        pytest.skip(message)
    if cluster is None:
        if required:
            pytest.fail("PostgreSQL is not installed (apt-get install -y postgresql)")
        pytest.skip("PostgreSQL is not installed")
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    url = pg_cluster.create_database()
    yield url
    pg_cluster.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty ledger database URL, once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    return str(request.getfixturevalue("pg_url"))
