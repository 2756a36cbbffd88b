"""The work behind the endpoints: extraction and the corpus store, each on its own thread.

The pipeline and the store are not assumed thread-safe (a SQLite connection belongs to the
thread that opened it), so each lives on a single worker thread and requests queue for it.
Extraction requests that arrive while the pipeline is busy are run together as one batch,
so that the neural stages see many sentences at once under concurrent load.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

MAX_BATCH = 16
WRITES = frozenset({"add_records"})  # the store methods the server calls that write


class StoreUnavailable(RuntimeError):
    """The corpus store cannot be opened (not installed, bad target)."""


class Backend:
    def __init__(self, db: Any = None, *, pipeline=None):
        # db: a store target (SQLite path, postgresql:// URL, None = default) or an open store
        self._db = db
        self._store = None if db is None or isinstance(db, str) else db
        self._pipeline = pipeline
        self._nlp_thread = ThreadPoolExecutor(1, thread_name_prefix="svodka-nlp")
        self._store_thread = ThreadPoolExecutor(1, thread_name_prefix="svodka-store")
        self._pending: list[tuple[dict, asyncio.Future]] = []
        self._draining = False

    # --- extraction ---

    def _nlp(self):
        if self._pipeline is None:
            from .. import default_pipeline

            self._pipeline = default_pipeline()
        return self._pipeline

    def _extract_batch(self, items: list[dict]) -> list[dict | Exception]:
        return [r if isinstance(r, Exception) else r.record().to_dict()
                for _, r in self._nlp().pipe_safe(items, batch_size=len(items))]

    async def extract(self, item: dict) -> dict:
        """The record of one document ({text, id?, published?, ...}); raises what extraction raised."""
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        self._pending.append((item, fut))
        if not self._draining:
            self._draining = True
            loop.create_task(self._drain())
        return await fut

    async def extract_many(self, items: list[dict]) -> list[dict | Exception]:
        """The records of the documents, in order; a document that failed gives its exception."""
        return list(await asyncio.gather(*(self.extract(x) for x in items), return_exceptions=True))

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._pending:
                batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
                try:
                    results = await loop.run_in_executor(
                        self._nlp_thread, self._extract_batch, [x for x, _ in batch])
                except Exception as e:  # noqa: BLE001 - handed to every waiting request
                    results = [e] * len(batch)
                for (_, fut), r in zip(batch, results):
                    if fut.done():
                        continue
                    if isinstance(r, Exception):
                        fut.set_exception(r)
                    else:
                        fut.set_result(r)
        finally:
            self._draining = False

    def warm(self) -> None:
        """Load the models now rather than on the first request."""
        self._nlp_thread.submit(lambda: self._nlp()("Прогрев.")).result()

    # --- the store ---

    def _open(self):
        if self._store is None:
            try:
                from ..store import open_store
            except ImportError as e:
                raise StoreUnavailable(f"the corpus store is not available ({e})") from None
            try:
                self._store = open_store(self._db)
            except Exception as e:  # noqa: BLE001 - reported to the client
                where = self._db or "(default)"
                raise StoreUnavailable(f"cannot open the corpus store {where}: {e}") from None
        return self._store

    async def store(self, method: str, *args, **kwargs):
        """Call `store.<method>(*args, **kwargs)` on the store's thread."""
        loop = asyncio.get_running_loop()

        def call():
            store = self._open()
            if method in WRITES:
                return getattr(store, method)(*args, **kwargs)
            with store.snapshot():  # a read of several queries sees one state of the corpus
                return getattr(store, method)(*args, **kwargs)

        return await loop.run_in_executor(self._store_thread, call)

    def close(self) -> None:
        if self._store is not None and isinstance(self._db, str | None):
            store = self._store
            self._store_thread.submit(store.close).result()
            self._store = None
        self._nlp_thread.shutdown(wait=False)
        self._store_thread.shutdown(wait=False)
