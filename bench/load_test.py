#!/usr/bin/env python3
"""A bounded load test of `newsledger serve` on loopback: N requests, C at a time, zero errors expected.

    python bench/load_test.py [--requests 10000] [--concurrency 20] [--stories 300] [--json]

Builds an SQLite ledger in a temporary directory (``--stories`` hand-built articles from tests/web/fakes.py,
linked into incidents, and one article of hostile markup), starts ``newsledger serve`` on it as a real
process (uvicorn, one worker, on 127.0.0.1 and a free port, read-only), and sends ``--requests`` GET
requests through ``--concurrency`` connections (httpx, asyncio) over a mix of every page and JSON twin:
lists with filters, text search, pagination, articles, incidents and their boards, actors, the network,
the map, the timeline, and a static asset. Then it reports:

- errors: any answer other than 200, any connection failure or timeout (the script exits 1 if there is one);
- throughput (requests/s) and latency percentiles p50 / p90 / p99 / max, in all and per kind of page;
- the p99 of the static asset, served by the same server, as a reference: the other pages' cost reads as
  a ratio to it;
- whether the server is still up and logged no error.

The client runs on the same machine as the server, so both share its cores; the figures are for this
machine, load generator included.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def build_ledger(url: str, stories: int) -> tuple[list[str], list[str]]:
    """Fill an empty ledger with hand-built stories (no model needed), linked; their article ids and the
    ids of the incidents linking made of them."""
    from tests.web.fakes import hostile_text_ledger, store_linked, story

    from newsledger.store import open_store

    ledgers = [story(i) for i in range(stories)]
    from newsledger.link import reading

    with open_store(url) as store:
        store_linked(store, [*ledgers, hostile_text_ledger()])      # linked, as ingest links
        incidents = [r["id"] for r in reading.list_incidents(store, limit=1000)]
    return [lg.article.id for lg in ledgers], incidents


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(db: str, log: Path, token: str | None = None, timeout: float = 120.0) -> Iterator[str]:
    """``newsledger serve`` on a free port of 127.0.0.1 as a child process; yields its base URL."""
    import httpx

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "NEWSLEDGER_TOKEN"}
    if token:
        env["NEWSLEDGER_TOKEN"] = token
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "newsledger", "serve", "--db", db, "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"newsledger serve exited with {proc.returncode}: {log.read_text()[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/openapi.json", timeout=5).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"newsledger serve did not answer within {timeout:.0f} s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def url_mix(article_ids: list[str], incident_ids: list[str], n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` (kind, path) pairs over every kind of page, in a shuffled order."""
    rng = random.Random(seed)
    kinds: dict[str, list[str]] = {
        "home": ["/", "/index.json"],
        "article list": ["/articles", "/articles.json", "/articles.json?page=3&size=20", "/articles?page=2"],
        "filtered list": ["/articles.json?actor=RUS&stance=accuse", "/articles?evidence=unsupported",
                          "/articles.json?plover=ASSAULT&modality=denied",
                          "/articles.json?from=2024-03-05&to=2024-03-09",
                          "/statements.json?stance=deny", "/statements?actor=UKRGOV"],
        "text search": ["/articles.json?q=odesa", "/articles?q=restraint", "/statements.json?q=shelling"],
        "article": [], "incident board": [],
        "incident list": ["/incidents", "/incidents.json"],
        "actors": ["/actors", "/actors.json", "/actors/RUSGOV", "/actors/UKRGOV.json"],
        "network, map, timeline": ["/network", "/network.json", "/map", "/map.json", "/timeline", "/timeline.json"],
        "static asset": ["/static/app.css", "/static/app.js"],
    }
    weights = {"home": 1, "article list": 2, "filtered list": 2, "text search": 1, "article": 3, "incident board": 1,
               "incident list": 1, "actors": 1, "network, map, timeline": 1, "static asset": 1}
    out = []
    names = list(weights)
    for _ in range(n):
        kind = rng.choices(names, [weights[k] for k in names])[0]
        if kind == "article":
            aid = rng.choice(article_ids)
            path = f"/articles/{aid}" + rng.choice(["", ".json"])
        elif kind == "incident board":
            path = f"/incidents/{rng.choice(incident_ids)}" + rng.choice(["", ".json"])
        else:
            path = rng.choice(kinds[kind])
        out.append((kind, path))
    return out


async def _load(base: str, urls: list[tuple[str, str]], concurrency: int, timeout: float
                ) -> list[tuple[str, str, int, float]]:
    import httpx

    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in urls:
        queue.put_nowait(item)
    results: list[tuple[str, str, int, float]] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        async def worker() -> None:
            while True:
                try:
                    kind, path = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                start = time.perf_counter()
                try:
                    resp = await client.get(path)
                    await resp.aread()
                    status = resp.status_code
                except httpx.HTTPError:
                    status = 0
                results.append((kind, path, status, time.perf_counter() - start))

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results


def _percentiles(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    if len(ms) < 2:
        return {"p50": ms[0], "p90": ms[0], "p99": ms[0], "max": ms[0]} if ms else {}
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50": round(q[49], 1), "p90": round(q[89], 1), "p99": round(q[98], 1), "max": round(ms[-1], 1)}


def load(base: str, urls: list[tuple[str, str]], concurrency: int, timeout: float = 30.0) -> dict[str, Any]:
    """Send the requests and summarise: counts, errors, throughput, latency percentiles (ms)."""
    started = time.perf_counter()
    results = asyncio.run(_load(base, urls, concurrency, timeout))
    wall = time.perf_counter() - started
    errors = [(path, status) for _, path, status, _ in results if status != 200]
    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, _, _, seconds in results:
        by_kind[kind].append(seconds)
    statuses: dict[int, int] = defaultdict(int)
    for _, _, status, _ in results:
        statuses[status] += 1
    report = {"requests": len(results), "concurrency": concurrency, "errors": len(errors),
              "first_errors": errors[:5], "statuses": dict(statuses), "seconds": round(wall, 1),
              "requests_per_second": round(len(results) / wall, 1),
              "latency_ms": _percentiles([s for _, _, _, s in results]),
              "by_kind": {k: {"requests": len(v), **_percentiles(v)} for k, v in sorted(by_kind.items())}}
    static = report["by_kind"].get("static asset")
    if static:
        report["p99_vs_static_asset"] = round(report["latency_ms"]["p99"] / max(static["p99"], 0.1), 1)
    return report


def server_errors(log: Path) -> list[str]:
    """Lines of the server's log that tell of an error (tracebacks, 5xx answers)."""
    bad = []
    for line in log.read_text(errors="replace").splitlines():
        if "Traceback" in line or "ERROR" in line or '" 50' in line:
            bad.append(line)
    return bad


def run(requests: int, concurrency: int, stories: int, workdir: Path | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        db = f"sqlite:///{Path(tmp) / 'ledger.db'}"
        ids, incidents = build_ledger(db, stories)
        log = Path(tmp) / "serve.log"
        with serving(db, log) as base:
            report = load(base, url_mix(ids, incidents, requests), concurrency)
            with contextlib.suppress(Exception):
                import httpx

                report["server_up_after"] = httpx.get(f"{base}/openapi.json", timeout=10).status_code == 200
        report["server_log_errors"] = server_errors(log)[:5]
    report["ok"] = (report["errors"] == 0 and not report["server_log_errors"]
                    and report.get("server_up_after", False))
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--stories", type=int, default=300)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    report = run(args.requests, args.concurrency, args.stories)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0 if report["ok"] else 1
    lat = report["latency_ms"]
    print(f"{report['requests']:,} requests, {report['concurrency']} at a time, in {report['seconds']} s "
          f"({report['requests_per_second']} requests/s); errors: {report['errors']} {report['first_errors'] or ''}")
    print(f"latency ms: p50 {lat['p50']}  p90 {lat['p90']}  p99 {lat['p99']}  max {lat['max']}   "
          f"(p99 / static asset's p99: {report.get('p99_vs_static_asset')})")
    for kind, k in report["by_kind"].items():
        print(f"  {kind:<24} {k['requests']:>6}  p50 {k['p50']:>7}  p90 {k['p90']:>7}  p99 {k['p99']:>7}  "
              f"max {k['max']:>7}")
    print(f"server up after: {report.get('server_up_after')}; errors in its log: {report['server_log_errors'] or 0}")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
