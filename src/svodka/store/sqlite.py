"""The SQLite backend (stdlib sqlite3): one file, WAL mode, FTS5 over lemmas."""

from __future__ import annotations

import math
import os
import sqlite3
import time

from .base import Store

LOCK_WAIT = 60  # seconds a writer waits for another's lock


def _wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL. SQLite answers «database is locked» to this pragma at once, without
    waiting, while another process holds a lock on a new file (two ingests that create one
    store): wait for it here, as every other statement waits through the connection's timeout."""
    deadline = time.monotonic() + LOCK_WAIT
    delay = 0.01
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


class SqliteStore(Store):
    backend = "sqlite"

    def __init__(self, path: str):
        if path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        # autocommit mode: transactions are opened explicitly, one per batch
        conn = sqlite3.connect(path, isolation_level=None, timeout=LOCK_WAIT, check_same_thread=False)
        _wal(conn)
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        self.path = path
        super().__init__(conn, path)

    def _begin(self) -> None:
        # take the write lock now, so that two writers queue instead of failing mid-batch
        self.conn.execute("BEGIN IMMEDIATE")

    def _index(self, doc_id, rowid, title, body):
        self.conn.execute("INSERT INTO docs_fts (rowid, title, body) VALUES (?, ?, ?)", (rowid, title, body))

    def _fts(self, lems):
        terms = ['"' + w.replace('"', '""') + '"' for w in lems]
        weights = self._idf_fix(lems)
        # bm25 is smaller for better matches; the title weighs more than the body. FTS5 gives a
        # term found in over half the documents an idf of 1e-6 (every hit of «Казахстан» in a
        # corpus on Kazakhstan scored 0.000): each term's part is taken apart (a query of that
        # term alone on the same row) and weighed by the idf that stays positive.
        if len(terms) == 1:
            score, sparams = f"{weights[0]!r} * -bm25(docs_fts, 4.0, 1.0)", []
        else:
            score = " + ".join(
                # (FTS5 takes no alias: the inner docs_fts hides the outer one)
                f"{w!r} * (SELECT -bm25(docs_fts, 4.0, 1.0) FROM docs_fts WHERE docs_fts MATCH ?"
                " AND docs_fts.rowid = d.rowid)"
                for w in weights)
            sparams = terms
        return (
            "JOIN docs_fts ON docs_fts.rowid = d.rowid",
            "docs_fts MATCH ?",
            score,
            [*sparams, " ".join(terms)],
        )

    def _idf_fix(self, lems: list[str]) -> list[float]:
        """Per term: the idf of BM25 as Lucene has it, ln(1 + (N - n + 0.5) / (n + 0.5)), which
        stays positive, over the idf FTS5's bm25 used (clamped to 1e-6)."""
        self.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.docs_vocab USING fts5vocab(main, docs_fts, row)")
        total = self._one("SELECT COUNT(*) FROM documents")[0]
        out = []
        for w in lems:
            row = self._one("SELECT doc FROM temp.docs_vocab WHERE term = ?", (w,))
            n = min(row[0], total) if row else 0  # (a read outside a snapshot may see more)
            fts = math.log((total - n + 0.5) / (n + 0.5))
            out.append(math.log(1 + (total - n + 0.5) / (n + 0.5)) / (fts if fts > 0 else 1e-6))
        return out

    def size_bytes(self):
        if self.path == ":memory:":
            return None
        return sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p))
