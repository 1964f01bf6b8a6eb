"""The Dask job: the same stage functions over partitions of an archive, on a cluster.

Every input file is a partition: a JSONL file of article records, or a WARC file (``.warc``, ``.warc.gz``;
HTML responses, e.g. a Common Crawl news crawl). :func:`run_partition` reads one partition, analyses it
with the very function ``newsledger extract`` uses (:func:`newsledger.scale.workers.analyze_parallel`, in
the worker's own process, the same chunks as one ``nlp.pipe`` batch each; the model is loaded once per
worker process and kept), and writes
``part-NNNNN.jsonl`` (the JSON contract, one article a line, in input order) and ``part-NNNNN.parquet``
(one row per article: its metadata, record counts, the actor codes and the whole contract object as JSON)
into the output directory, which must be reachable by every worker under the same path (a shared file
system) on a real cluster.

:func:`run_job` maps it over the partitions on a Dask cluster: the scheduler at ``scheduler`` (``tcp://host:
8786``, started with ``dask-scheduler``; workers started with ``dask-worker tcp://host:8786 --nthreads 1``)
or, without one, a ``LocalCluster`` of ``workers`` processes on this machine. Reading the part files in
order gives exactly what ``newsledger extract`` prints for the same files.

Needs the ``[distributed]`` extra. Scripts that start a LocalCluster need an ``if __name__ == "__main__"``
guard (the workers are spawned processes that import the main module).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.errors import ClusterError, ExtraMissingError, InputNotFoundError
from newsledger.ingest import Article, ReadFailure, read_inputs
from newsledger.ingest.readers import JSONL_SUFFIXES
from newsledger.ingest.warc import WARC_SUFFIXES
from newsledger.records import Ledger
from newsledger.scale.workers import SINGLE_THREADED, analyze_parallel, usage

PARTITION_SUFFIXES = JSONL_SUFFIXES + WARC_SUFFIXES


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What one partition gave: where it was written, how many articles, which inputs failed and why."""

    source: str
    index: int
    articles: int
    failures: tuple[str, ...]
    jsonl: str
    parquet: str
    worker_pid: int
    worker_peak_rss: int


@dataclass
class JobSummary:
    partitions: list[PartitionResult] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return sum(p.articles for p in self.partitions)

    @property
    def failures(self) -> list[str]:
        return [f for p in self.partitions for f in p.failures]


def list_partitions(inputs: Iterable[str]) -> list[str]:
    """Input files in order: each file itself, each directory's JSONL and WARC files by name (recursively)."""
    parts: list[str] = []
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            parts += sorted(str(p) for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(
                PARTITION_SUFFIXES))
        elif path.is_file():
            parts.append(str(path))
        else:
            raise InputNotFoundError(where=name)
    return parts


def read_partition(path: str, published: str | None = None) -> Iterator[Article | ReadFailure]:
    """The articles of one partition (JSONL, text, or WARC, read as a stream), in order."""
    yield from read_inputs([path], published=published)


def run_partition(path: str, index: int, out_dir: str, published: str | None = None) -> PartitionResult:
    """Analyse one partition and write its JSONL and Parquet part files (runs on a worker)."""
    failures: list[str] = []

    def articles() -> Iterator[Article]:
        for item in read_partition(path, published):
            if isinstance(item, ReadFailure):
                failures.append(f"[{item.error.code}] {item.error.message}")
            else:
                yield item

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    jsonl, parquet = out / f"part-{index:05d}.jsonl", out / f"part-{index:05d}.parquet"
    count = 0
    with _PartWriter(jsonl, parquet) as writer:  # streamed: a partition may be a 1 GB WARC file
        for ledger in analyze_parallel(articles()):  # in this worker, chunked as extract chunks
            writer.add(ledger)
            count += 1
    pid, rss, _ = usage()
    return PartitionResult(path, index, count, tuple(failures), str(jsonl), str(parquet), pid, rss)


class _PartWriter:
    """Writes a partition's JSONL and Parquet files under temporary names, renamed into place when complete."""

    ROW_GROUP = 1000

    def __init__(self, jsonl: Path, parquet: Path) -> None:
        import pyarrow.parquet as pq

        self.paths = [(jsonl.with_name(jsonl.name + ".tmp"), jsonl), (parquet.with_name(parquet.name + ".tmp"),
                                                                       parquet)]
        self.jsonl = self.paths[0][0].open("w", encoding="utf-8", newline="\n")
        self.parquet = pq.ParquetWriter(self.paths[1][0], parquet_schema())
        self.rows: list[tuple[Ledger, str]] = []

    def add(self, ledger: Ledger) -> None:
        line = ledger.to_json()
        self.jsonl.write(line + "\n")
        self.rows.append((ledger, line))
        if len(self.rows) >= self.ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.parquet.write_table(parquet_table([r[0] for r in self.rows], [r[1] for r in self.rows]))
            self.rows.clear()

    def __enter__(self) -> _PartWriter:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self._flush()
        self.jsonl.close()
        self.parquet.close()
        for tmp, final in self.paths:
            if exc_type is None:
                tmp.replace(final)
            else:
                tmp.unlink(missing_ok=True)


def parquet_schema() -> Any:
    import pyarrow as pa

    return pa.schema([
        ("article_id", pa.string()), ("external_id", pa.string()), ("title", pa.string()),
        ("published", pa.string()), ("source", pa.string()), ("url", pa.string()),
        ("actors", pa.int32()), ("attributions", pa.int32()), ("events", pa.int32()),
        ("actor_codes", pa.list_(pa.string())), ("ledger", pa.string()),
    ])


def parquet_table(ledgers: Sequence[Ledger], lines: Sequence[str]) -> Any:
    """One row per article; ``ledger`` is the article's contract object, exactly its JSONL line."""
    import pyarrow as pa

    columns: dict[str, list[Any]] = {
        "article_id": [x.article.id for x in ledgers], "external_id": [x.article.external_id for x in ledgers],
        "title": [x.article.title for x in ledgers], "published": [x.article.published for x in ledgers],
        "source": [x.article.source for x in ledgers], "url": [x.article.url for x in ledgers],
        "actors": [len(x.actors) for x in ledgers], "attributions": [len(x.attributions) for x in ledgers],
        "events": [len(x.events) for x in ledgers],
        "actor_codes": [sorted({a.code for a in x.actors if a.code}) for x in ledgers], "ledger": list(lines),
    }
    return pa.table(columns, schema=parquet_schema())


def _load_model() -> str:
    from newsledger.nlp import get_nlp, model_info

    get_nlp()
    return model_info()


def run_job(inputs: Iterable[str], out_dir: str, scheduler: str | None = None, workers: int = 2,
            published: str | None = None, client: Any = None, connect_timeout: float = 20.0) -> JobSummary:
    """Run every partition of ``inputs`` on a Dask cluster; part files in ``out_dir``, results in order.

    ``client``: an existing ``dask.distributed.Client`` (then ``scheduler`` and ``workers`` are unused).
    ``connect_timeout``: seconds to wait for the scheduler at ``scheduler``.
    """
    parts = list_partitions(inputs)
    try:
        import dask.distributed
    except ImportError as exc:
        raise ExtraMissingError(feature="the Dask job", extra="distributed", reason=str(exc)) from None
    dd: Any = dask.distributed  # its constructors are untyped
    out = str(Path(out_dir).resolve()) if scheduler is None and client is None else out_dir
    address = scheduler or (client.scheduler.address if client is not None else f"a local cluster of {workers}")
    own: list[Any] = []
    try:
        if client is None:
            if scheduler is not None:
                client = dd.Client(scheduler, timeout=f"{connect_timeout}s")
            else:
                cluster = dd.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                          dashboard_address=None, silence_logs=logging.ERROR,
                                          env=SINGLE_THREADED)
                own.append(cluster)
                client = dd.Client(cluster)
            own.insert(0, client)
        client.run(_load_model)  # the model, once per worker, before any partition
        futures = client.map(run_partition, parts, range(len(parts)), [out] * len(parts),
                             [published] * len(parts), pure=False)
        return JobSummary(list(client.gather(futures)))
    except (OSError, TimeoutError) as exc:
        raise ClusterError(address=address, reason=f"{type(exc).__name__}: {exc}".splitlines()[0]) from None
    finally:
        for thing in own:
            thing.close()
