"""Running the stages over many articles: the batch runner, worker processes, and the Dask job
(``newsledger.scale.distributed``, imported on demand: dask is the optional ``[distributed]`` extra)."""

from newsledger.scale.batch import IngestSummary, extract_inputs, ingest_inputs
from newsledger.scale.workers import WorkerStats, analyze_parallel

__all__ = ["IngestSummary", "WorkerStats", "analyze_parallel", "extract_inputs", "ingest_inputs"]
