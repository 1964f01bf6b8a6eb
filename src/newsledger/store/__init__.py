"""The ledger store (SQLite by default, PostgreSQL by URL)."""

from newsledger.store.engine import default_url, normalise_url
from newsledger.store.ledger_store import AddResult, Rejected, Store, open_store

__all__ = ["AddResult", "Rejected", "Store", "default_url", "normalise_url", "open_store"]
