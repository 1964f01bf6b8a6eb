"""`newsledger serve` as a real process (uvicorn on loopback): a small bounded load with zero errors (the
smoke variant of bench/load_test.py, which sends 10,000 requests), and the guards over real HTTP: body
size (with and without a Content-Length), the write rate, and the token."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from tests.conftest import ROOT

TOKEN = "serve-token-5f2c"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("load_test", ROOT / "bench" / "load_test.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_test"] = module
    spec.loader.exec_module(module)
    return module


LOAD = _script()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str], list[str], Path]]:
    tmp = tmp_path_factory.mktemp("serve")
    db = f"sqlite:///{tmp / 'ledger.db'}"
    ids, incidents = LOAD.build_ledger(db, 40)
    log = tmp / "serve.log"
    with LOAD.serving(db, log, token=TOKEN) as base:
        yield base, ids, incidents, log


def test_bounded_load_has_no_errors(server: tuple[str, list[str], list[str], Path]) -> None:
    base, ids, incidents, log = server
    assert incidents
    report = LOAD.load(base, LOAD.url_mix(ids, incidents, 400), concurrency=20)
    assert report["errors"] == 0, report["first_errors"]
    assert report["requests"] == 400 and set(report["by_kind"]) >= {"article", "incident board", "text search"}
    assert LOAD.server_errors(log) == []
    print(f"\n400 requests, 20 at a time: p99 {report['latency_ms']['p99']} ms, "
          f"{report['requests_per_second']} requests/s")


def test_guards_over_real_http(server: tuple[str, list[str], list[str], Path]) -> None:
    base, ids, _, log = server
    with httpx.Client(base_url=base, timeout=60) as client:
        big = b'{"text": "' + b"a" * (8 * 1024 * 1024) + b'"}'
        declared = client.post("/api/analyze", content=big, headers={"content-type": "application/json"})
        assert declared.status_code == 413 and "content-security-policy" in declared.headers

        def chunks() -> Iterator[bytes]:            # no Content-Length: refused while it streams
            yield b'{"text": "'
            for _ in range(9):
                yield b"a" * (1024 * 1024)
            yield b'"}'

        streamed = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413
        victim = ids[0]
        codes = [client.delete(f"/api/articles/{victim}", headers=h).status_code
                 for h in ({}, {"Authorization": "Bearer nope"}, {"Authorization": TOKEN}) * 5]
        assert codes == [401] * 15                                      # the token, over real HTTP
        assert client.get(f"/articles/{victim}.json").status_code == 200
        missing = "0" * 64
        rest = [client.delete(f"/api/articles/{missing}", headers={"Authorization": f"Bearer {TOKEN}"})
                for _ in range(34)]
        # 30 writes a minute per address (refilled at one per 2 s): the streamed POST and the 15 refused
        # deletes counted, so 14 more get through, and then the client is told to wait
        codes = [r.status_code for r in rest]
        assert codes[:14] == [404] * 14
        assert 429 in codes[14:18] and codes[14:].count(429) >= 15, codes     # (a slow machine refills a few)
        assert int(rest[codes.index(429)].headers["retry-after"]) >= 1
        assert client.get("/articles.json").status_code == 200          # reads are not limited
    assert LOAD.server_errors(log) == []
