"""Reading articles: decoding, metadata, content hashing, and readers per input format."""

from newsledger.ingest.article import Article, parse_date
from newsledger.ingest.readers import ReadFailure, read_inputs

__all__ = ["Article", "ReadFailure", "parse_date", "read_inputs"]
