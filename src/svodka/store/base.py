"""The store's logic, shared by both backends; they differ only in connection, placeholders
and the full-text index (see sqlite.py, postgres.py).

Writing is per batch, in one transaction: documents already stored (by id; a document without
one is identified by the hash of its text) are counted as duplicates and skipped; the rest
are extracted and written with all their layers and cross-article links, each under a
savepoint, so that one bad document is recorded in `failures` and the batch goes on. A process
killed mid-batch leaves the last committed batch and nothing of the next one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from . import schema
from .commitments import CommitmentsMixin
from .crosslink import CrossLinkMixin
from .dossier import DossierMixin
from .facts import FactsMixin
from .read import ReadMixin
from .write import IngestSummary, WriteMixin, _now

__all__ = ["IngestSummary", "Store"]


class Store(WriteMixin, CrossLinkMixin, ReadMixin, FactsMixin, DossierMixin, CommitmentsMixin):
    """The store's API: ingest and add_records (write.py, crosslink.py); document, records,
    failures, search, stats, table, canonical_ids (read.py); find_entities, entity, events, figures
    (facts.py); pair, pairs_of, overview (dossier.py); commitments (commitments.py). This class
    holds the connection, the backend hooks and the migrations."""

    backend = ""

    def __init__(self, conn, target: str):
        self.conn = conn
        self.target = target
        self._migrate()

    # --- backend hooks ---

    def _sql(self, q: str) -> str:
        return q

    def _begin(self) -> None:
        self._x("BEGIN")

    def _index(self, doc_id: str, rowid, title: str, body: str) -> None:
        raise NotImplementedError

    def _fts(self, lems: list[str]) -> tuple[str, str, str, list]:
        """(join clause, where clause, score expression, params) for a full-text query."""
        raise NotImplementedError

    def size_bytes(self) -> int | None:
        return None

    # the documents' row id column, returned by INSERT for the full-text index
    _rowid = "rowid"

    # --- small helpers ---

    # how a read snapshot opens (PostgreSQL: repeatable read, so that every query sees one state)
    SNAPSHOT = "BEGIN"

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """One consistent view of the store for a read that takes several queries, while
        another process writes: a search counted the documents, then a term's documents, with
        a batch committed in between (n > N: a math domain error in the idf)."""
        self._x(self.SNAPSHOT)
        try:
            yield self
        finally:
            self._x("COMMIT")

    def _x(self, q: str, params: Iterable = ()):
        return self.conn.execute(self._sql(q), tuple(params))

    def _rows(self, q: str, params: Iterable = ()) -> list[tuple]:
        return list(self._x(q, params).fetchall())

    def _one(self, q: str, params: Iterable = ()):
        return self._x(q, params).fetchone()

    def _many(self, q: str, rows: list) -> None:
        if rows:
            self.conn.cursor().executemany(self._sql(q), rows)

    def _migrate(self) -> None:
        # under the writer lock: two processes opening a new database at once would both create
        # the migrations table (PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe concurrently)
        self._begin()
        try:
            self._x(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT,"
                " applied_at TEXT)"
            )
            done = {r[0] for r in self._rows("SELECT version FROM schema_migrations")}
            for version, name, sql in schema.MIGRATIONS:
                if version in done:
                    continue
                for stmt in schema.statements(sql, self.backend):
                    self._x(stmt)
                self._x(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, _now()),
                )
            self._x("COMMIT")
        except BaseException:
            self._x("ROLLBACK")
            raise

    def schema_version(self) -> int:
        return self._one("SELECT MAX(version) FROM schema_migrations")[0] or 0

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
