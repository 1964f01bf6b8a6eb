"""Extraction: pure functions from a parsed ``Doc`` (and its article) to the records of a :class:`Ledger`."""

from newsledger.extract.ledger import build_ledger

__all__ = ["build_ledger"]
