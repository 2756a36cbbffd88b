"""The SQLite backend (stdlib sqlite3): one file, WAL mode, FTS5 over lemmas."""

from __future__ import annotations

import os
import sqlite3

from .base import Store


class SqliteStore(Store):
    backend = "sqlite"

    def __init__(self, path: str):
        if path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        # autocommit mode: transactions are opened explicitly, one per batch
        conn = sqlite3.connect(path, isolation_level=None, timeout=60, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
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
        match = " ".join('"' + w.replace('"', '""') + '"' for w in lems)
        # bm25 is smaller for better matches; the title weighs more than the body
        return (
            "JOIN docs_fts ON docs_fts.rowid = d.rowid",
            "docs_fts MATCH ?",
            "-bm25(docs_fts, 4.0, 1.0)",
            [match],
        )

    def size_bytes(self):
        if self.path == ":memory:":
            return None
        return sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p))
