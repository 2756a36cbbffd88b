"""The PostgreSQL backend (psycopg 3): tsvector ('russian') over lemmas, GIN-indexed.

Writers take a transaction-level advisory lock, so that two ingests into one database link
entities one batch at a time instead of creating the same canonical entity twice.
"""

from __future__ import annotations

from .base import Store

# an arbitrary constant naming the store's writer lock
WRITE_LOCK = 5_000_005


class PostgresStore(Store):
    backend = "postgresql"
    _rowid = "id"

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError as e:  # pragma: no cover - the store extra is not installed
            raise RuntimeError("PostgreSQL needs psycopg: pip install 'svodka[store]'") from e
        conn = psycopg.connect(url, autocommit=True)
        super().__init__(conn, url)

    def _sql(self, q: str) -> str:
        # DB-API placeholders: the shared SQL is written with '?'; '%' must be doubled for psycopg
        return q.replace("%", "%%").replace("?", "%s")

    SNAPSHOT = "BEGIN ISOLATION LEVEL REPEATABLE READ"

    def _begin(self) -> None:
        self.conn.execute("BEGIN")
        self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))

    def _index(self, doc_id, rowid, title, body):
        self._x(
            "UPDATE documents SET tsv = setweight(to_tsvector('russian', ?), 'A') ||"
            " to_tsvector('russian', ?)"
            " WHERE id = ?",
            (title, body, doc_id),
        )

    def _fts(self, lems):
        q = " ".join(lems)
        return (
            "",
            "d.tsv @@ plainto_tsquery('russian', ?)",
            "ts_rank(d.tsv, plainto_tsquery('russian', ?))",
            [q, q],
        )

    def size_bytes(self):
        return self._one("SELECT pg_database_size(current_database())")[0]
