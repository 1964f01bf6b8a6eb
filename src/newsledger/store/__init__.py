"""The ledger store (SQLite by default, PostgreSQL by URL)."""

from newsledger.store.ledger_store import AddResult, Store, default_url, normalise_url, open_store

__all__ = ["AddResult", "Store", "default_url", "normalise_url", "open_store"]
