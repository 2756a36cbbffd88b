"""The corpus store: records kept whole and by layer, searchable, linked across articles.

    from svodka.store import open_store
    store = open_store()                      # SVODKA_DB, else ./svodka.db (SQLite)
    store = open_store("postgresql://...")    # PostgreSQL
    store.ingest([{"id": "a1", "text": "..."}])
    store.search("визит", date_from="2024-01-01")
    store.entity("Владимир Путин")

Both backends share the schema (schema.py), the logic (base.Store, made of write.py,
crosslink.py, read.py and facts.py) and the linking rules (linking.py); see base.Store for
the API.
"""

from __future__ import annotations

import os

from .base import IngestSummary, Store

DEFAULT = "svodka.db"

__all__ = ["DEFAULT", "IngestSummary", "Store", "default_target", "open_store"]


def default_target() -> str:
    return os.environ.get("SVODKA_DB") or DEFAULT


def open_store(target: str | None = None) -> Store:
    """A SQLite file path or a ``postgresql://`` URL; None: SVODKA_DB or ./svodka.db."""
    target = target or default_target()
    if target.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(target)
    from .sqlite import SqliteStore

    return SqliteStore(target)
