"""Running the stages over many articles: the batch runner (and, later, distributed engines)."""

from newsledger.scale.batch import IngestSummary, extract_inputs, ingest_inputs

__all__ = ["IngestSummary", "extract_inputs", "ingest_inputs"]
