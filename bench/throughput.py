#!/usr/bin/env python3
"""Throughput of full extraction against bare spaCy, on the real news corpora, in the same run.

    python bench/throughput.py [--limit N] [--workers 2] [--rounds 1]

Reads ../shared/data/news/*.jsonl (BBC 2004-2005 and Wikinews 2019-2020, interleaved; ``--limit`` keeps
the first N articles) and measures, each in a fresh process so that peak memory is its own:

- ``spacy``: bare ``nlp.pipe`` of the same model with its full default pipeline, same texts, same batches;
- ``newsledger``: full extraction (``analyze_parallel``, one process: the pipeline, every extractor, and
  the JSON contract of each article);
- ``newsledger xN``: the same with ``--workers N`` worker processes (wall time includes starting them;
  the CPU column sums the workers' CPU, model loading included).

It prints articles/s, words/s, tokens/s, CPU seconds, the cores obtained (CPU s / wall s: on a shared
machine, what the other processes left) and peak RSS of each, the ratio of full extraction
to bare spaCy (wall and CPU; >= 0.8 is the target), the speed-up from 1 to N workers, and the projected
time of a 250,000-article day with N workers: from the rate measured once the workers have started, and
from the workers' CPU time per article (what the day takes when the N cores are not shared). The machine
may be shared: ratios from the same run are what to compare; ``--rounds R`` repeats the measurements
interleaved and keeps each one's best.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news"
CORPORA = ("bbc_2004_2005.jsonl", "wikinews_2019_2020.jsonl")
DAY = 250_000
BATCH = 32
WARM_UP = ("Police arrested two men in Lyon on Monday after an attack on a depot, the French interior minister "
           "said. “We will not tolerate this,” he told reporters, adding that the army denied any role.")


def load_records(limit: int) -> list[dict[str, Any]]:
    """The corpora's records, interleaved one by one (so any prefix mixes both), the first ``limit``."""
    per_file = []
    for name in CORPORA:
        with (NEWS / name).open(encoding="utf-8") as f:
            per_file.append([json.loads(line) for line in f if line.strip()])
    mixed = [r for group in itertools.zip_longest(*per_file) for r in group if r is not None]
    return mixed[:limit] if limit else mixed


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def child(mode: str, limit: int, workers: int) -> dict[str, Any]:
    """One measurement, in this (fresh) process."""
    records = load_records(limit)
    texts = [r["text"] for r in records]
    result: dict[str, Any] = {"articles": len(texts), "words": sum(len(t.split()) for t in texts)}
    if mode == "spacy":
        import spacy

        from newsledger.nlp import MODEL_NAME

        nlp = spacy.load(MODEL_NAME)
        list(nlp.pipe(["Warm up the model, he said."]))
        result["pipes"] = nlp.pipe_names
        wall, cpu = time.perf_counter(), time.process_time()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=BATCH))
        result["tokens"] = tokens
    else:
        from newsledger.ingest.readers import record_to_article
        from newsledger.nlp import get_nlp
        from newsledger.nlp.encoder import get_encoder
        from newsledger.scale import WorkerStats, analyze_parallel

        articles = [record_to_article(r, "bench", i, None) for i, r in enumerate(records, 1)]
        if workers == 1:  # load what a long-running process loads once (models, heads, lexicons, gazetteer), as
            # bare spaCy's warm-up does for its pipeline
            list(analyze_parallel([record_to_article({"text": WARM_UP}, "bench", 0, None)], 1, BATCH, WorkerStats()))
            result["pipes"] = get_nlp().pipe_names
            get_encoder().seconds, get_encoder().subwords = 0.0, 0  # count the measured articles only
        stats = WorkerStats()
        wall, cpu = time.perf_counter(), time.process_time()
        digest = hashlib.sha256()
        out_bytes = 0
        for ledger in analyze_parallel(articles, workers, BATCH, stats):
            data = ledger.to_json().encode("utf-8")
            digest.update(data)
            out_bytes += len(data)
        end = time.perf_counter()
        result["output_bytes"] = out_bytes
        result["output_sha256"] = digest.hexdigest()
        if workers == 1:  # the shared encoder's part of the time (it runs in this process)
            result["encoder_seconds"] = get_encoder().seconds
            result["encoder_subwords"] = get_encoder().subwords
        result["worker_peak_rss"] = sorted(stats.peak_rss.values())
        if workers > 1:  # the workers' CPU (model loading included); the steady rate after the first chunk
            result["worker_cpu"] = sum(stats.cpu.values())
            first = stats.first_result or wall
            result["startup"] = first - wall
            after = len(articles) - BATCH
            result["steady_rate"] = after / (end - first) if after > 0 else len(articles) / (end - wall)
    result["wall"] = time.perf_counter() - wall
    result["cpu"] = time.process_time() - cpu
    result["peak_rss"] = peak_rss()
    return result


def measure(mode: str, limit: int, workers: int) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--child", mode, "--limit", str(limit), "--workers",
                           str(workers)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"bench child {mode} failed:\n{proc.stderr}")
    data: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return data


def autogroup_on() -> bool:
    """Whether Linux schedules by session (autogroup) rather than by process."""
    flag = Path("/proc/sys/kernel/sched_autogroup_enabled")
    return flag.exists() and flag.read_text().strip() == "1"


def mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="first N articles (0: all)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes for the parallel run")
    ap.add_argument("--rounds", type=int, default=1, help="repeat the measurements, keep each one's best")
    ap.add_argument("--child", choices=["spacy", "newsledger"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.limit, args.workers if args.child == "newsledger" else 1)))
        return 0
    if not NEWS.is_dir():
        sys.exit(f"{NEWS} not found: ../shared must sit beside the repository")

    runs: dict[str, dict[str, Any]] = {}
    plan = [("spacy", "spacy", 1), ("newsledger", "newsledger", 1),
            (f"newsledger x{args.workers}", "newsledger", args.workers)]
    for _ in range(args.rounds):
        for label, mode, workers in plan:
            r = measure(mode, args.limit, workers)
            if label not in runs or r["wall"] < runs[label]["wall"]:
                runs[label] = r
    bare, ours, par = runs["spacy"], runs["newsledger"], runs[f"newsledger x{args.workers}"]
    tokens = bare["tokens"]
    n, words = bare["articles"], bare["words"]
    print(f"corpus: {n:,} articles, {words:,} words, {tokens:,} spaCy tokens "
          f"({', '.join(CORPORA)}; limit {args.limit or 'none'}, rounds {args.rounds})")
    print(f"bare spaCy pipes: {', '.join(bare['pipes'])}")
    print(f"newsledger pipes: {', '.join(ours['pipes'])}")
    print(f"{'run':<16}{'articles/s':>11}{'words/s':>10}{'tokens/s':>10}{'wall s':>9}{'CPU s':>8}{'cores':>7}"
          "  peak RSS")
    for label, r in runs.items():
        rss = mb(r["peak_rss"])
        if r.get("worker_peak_rss") and label != "newsledger":
            rss = "parent " + rss + ", workers " + " / ".join(mb(x) for x in r["worker_peak_rss"])
        cpu = r.get("worker_cpu", r["cpu"])
        print(f"{label:<16}{n / r['wall']:>11.1f}{words / r['wall']:>10,.0f}{tokens / r['wall']:>10,.0f}"
              f"{r['wall']:>9.1f}{cpu:8.1f}{cpu / r['wall']:7.2f}  {rss}")
    ratio_wall = bare["wall"] / ours["wall"]
    ratio_cpu = bare["cpu"] / ours["cpu"]
    speedup = ours["wall"] / par["wall"]
    print(f"full extraction / bare spaCy throughput: {ratio_wall:.2f}x (wall), {ratio_cpu:.2f}x (CPU time)"
          "   target >= 0.50x")
    print(f"shared encoder: {ours['encoder_seconds']:.1f} s of the {ours['wall']:.1f} s of full extraction "
          f"({ours['encoder_seconds'] / ours['wall']:.0%}), {ours['encoder_subwords']:,} subwords encoded "
          f"({ours['encoder_subwords'] / max(ours['encoder_seconds'], 1e-9):,.0f}/s)")
    same = ours["output_sha256"] == par["output_sha256"]
    print(f"output of --workers 1 and --workers {args.workers}: {'byte-identical' if same else 'DIFFERENT'} "
          f"(sha256 {ours['output_sha256'][:16]}…, {ours['output_bytes']:,} bytes)")
    if autogroup_on():
        print("note: this kernel shares CPU between sessions (autogroup), not processes: while other sessions "
              "keep the cores busy, N workers of one session get that session's share, as one process does")
    rate = par["steady_rate"]
    print(f"speed-up from 1 to {args.workers} workers: {speedup:.2f}x (wall, worker start-up included), "
          f"{rate / (n / ours['wall']):.2f}x after start-up ({par['startup']:.1f} s to the first chunk); "
          f"the work itself: {ours['cpu']:.1f} CPU s in one process, {par['worker_cpu']:.1f} in {args.workers} "
          "(the 'cores' column is what the machine gave each run)")
    hours = DAY / rate / 3600
    cpu_hours = DAY * (par["worker_cpu"] / n) / args.workers / 3600
    print(f"projection: a {DAY:,}-article day of articles like these takes {hours:.1f} h on this machine "
          f"with --workers {args.workers} ({rate:.1f} articles/s measured after start-up; from the workers' "
          f"CPU time, {cpu_hours:.1f} h on {args.workers} free cores)   target <= 3 h")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
