"""The Dask job: WARC and JSONL partitions, and a 2-worker LocalCluster giving the single-process output."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import pytest

from newsledger.errors import ClusterError, InputNotFoundError
from newsledger.ingest import Article, ReadFailure
from newsledger.scale.distributed import list_partitions, read_partition, run_job

# Written for these tests.
PAGE = """<html><head><title>Port reopens</title><meta name="date" content="2024-03-05"></head><body>
<nav>Home | World | Sport</nav><article><h1>Port reopens after strike</h1>
<p>The harbour authority said on Tuesday that the port would reopen after a week-long strike by dock workers.</p>
<p>\u201cWe have reached an agreement with the union,\u201d the authority's director told reporters.</p>
<p>The union accused the government of threatening to send in the army, a claim officials denied.</p>
</article><footer>All rights reserved</footer></body></html>"""


def write_warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    """A WARC file with an HTTP response record per (url, content type, body), and a request record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=path.suffix == ".gz")
        for url, ctype, body in pages:
            req = writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                            http_headers=StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True))
            writer.write_record(req)
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()),
                                                          http_headers=headers))


def test_partitions_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/2.jsonl", "b/1.warc.gz", "a.jsonl", "b/notes.md"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    parts = list_partitions([str(tmp_path / "b"), str(tmp_path / "a.jsonl")])
    assert [Path(p).name for p in parts] == ["1.warc.gz", "2.jsonl", "a.jsonl"]
    with pytest.raises(InputNotFoundError):
        list_partitions([str(tmp_path / "missing")])


def test_warc_partition(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, [("https://example.org/port", "text/html; charset=utf-8", PAGE),
                      ("https://example.org/logo.png", "image/png", "PNG"),
                      ("https://example.org/empty", "text/html", "<html><body></body></html>")])
    items = list(read_partition(str(warc), published="2024-01-01"))
    assert len(items) == 2
    art, failure = items
    assert isinstance(art, Article) and isinstance(failure, ReadFailure)
    assert art.url == "https://example.org/port" and art.published == "2024-03-05"
    assert "week-long strike by dock workers" in art.text and "All rights reserved" not in art.text
    assert art.external_id and art.external_id.startswith("<urn:uuid:")
    assert "https://example.org/empty" in failure.error.message


def test_not_a_warc(tmp_path: Path) -> None:
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"<html>not a web archive</html>\n" * 3)
    (item,) = list(read_partition(str(bad)))
    assert isinstance(item, ReadFailure) and "not a readable WARC archive" in item.error.message


def test_unreachable_scheduler(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"text": "Nothing to see."}) + "\n", encoding="utf-8")
    with pytest.raises(ClusterError, match=r"127\.0\.0\.1:9"):
        run_job([str(src)], str(tmp_path / "out"), scheduler="tcp://127.0.0.1:9", connect_timeout=1)


@pytest.mark.model
@pytest.mark.slow
def test_local_cluster_equals_single_process(tmp_path: Path) -> None:
    import pyarrow.parquet as pq
    from dask.distributed import Client, LocalCluster

    from newsledger.scale import extract_inputs
    from tests.conftest import shared_path

    news = shared_path("data", "news", "wikinews_2019_2020.jsonl")
    with news.open(encoding="utf-8") as f:
        lines = list(itertools.islice(f, 30))
    inputs = []
    for i in range(3):  # three JSONL partitions of the real corpus (read in place, written only to tmp)
        part = tmp_path / "in" / f"news-{i}.jsonl"
        part.parent.mkdir(exist_ok=True)
        part.write_text("".join(lines[i * 10:(i + 1) * 10]), encoding="utf-8")
        inputs.append(str(part))
    warc = tmp_path / "in" / "news-3.warc.gz"
    write_warc(warc, [("https://example.org/port", "text/html", PAGE)])
    inputs.append(str(warc))

    out = tmp_path / "out"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        summary = run_job(inputs, str(out), client=client)
        from newsledger.nlp.pipeline import get_nlp

        loads = client.run(get_nlp.cache_info)
    assert [p.articles for p in summary.partitions] == [10, 10, 10, 1]
    assert len({p.worker_pid for p in summary.partitions}) == 2  # both workers took partitions
    assert all(info.misses == 1 for info in loads.values())  # the model loaded once per worker

    distributed = [ln for i in range(4) for ln in (out / f"part-{i:05d}.jsonl").read_text("utf-8").splitlines()]
    from newsledger.scale.distributed import read_partition as reader

    single = []
    for path in inputs:  # the single-process run of the same partitions: extract, and the WARC reader
        if path.endswith(".jsonl"):
            single += [x.to_json() for x in extract_inputs([path])]
        else:
            from newsledger.scale import analyze_parallel

            single += [x.to_json() for x in analyze_parallel(a for a in reader(path) if isinstance(a, Article))]
    assert distributed == single
    table = pq.read_table(out / "part-00001.parquet")
    assert table.column("ledger").to_pylist() == distributed[10:20]
    assert table.column("external_id").to_pylist() == [json.loads(x)["id"] for x in lines[10:20]]


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "newsledger", "distributed", *args], capture_output=True,
                              text=True, timeout=300, check=False)

    missing = run(str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "out"))
    assert missing.returncode == 2 and "no such file" in missing.stderr and "Traceback" not in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
