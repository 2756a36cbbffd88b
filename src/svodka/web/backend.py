"""The work behind the endpoints: extraction and the corpus store, each on its own thread.

The pipeline and the store are not assumed thread-safe (a SQLite connection belongs to the
thread that opened it), so each lives on a single worker thread and requests queue for it.
Extraction requests that arrive while the pipeline is busy are run together as one batch,
so that the neural stages see many sentences at once under concurrent load.

With `processes=N` (`svodka serve --workers N`) extraction runs in N pipeline processes
instead, each with its own models, behind this one HTTP process: the waiting requests are
shared out among the processes that are free, so every process gets its part of the load
(N server processes would each keep the connections they happened to accept: 16 clients
split 11 and 5, and the clients of the busier one wait twice as long). The store stays
here, on its thread. The processes are web/workers.py's: a process that dies (killed, out of
memory) fails the one batch it held with `ExtractionLost` (the API answers 503: send again) and
another takes its place.
"""

from __future__ import annotations

import asyncio
import json
import pickle
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .workers import ExtractionLost, Workers

__all__ = ["Backend", "ExtractionLost", "StoreUnavailable"]

MAX_BATCH = 16
# With several pipeline processes: how long a free process waits for the requests its clients
# are about to send while the others work (a batch of one costs half again as much per document
# as a batch of eight): as long as they keep coming at most GATHER_GAP_S apart, GATHER_S in all
GATHER_S = 0.020
GATHER_GAP_S = 0.003
# ... and how much lower their priority is than this process's: the HTTP side (parsing
# requests, writing responses, the UI, the store) goes first, so that the requests reach the
# extraction processes without waiting behind them
NICE = 10
WARM_TIMEOUT_S = 180  # for the extraction processes to load their models (~3 s each)
WRITES = frozenset({"add_records"})  # the store methods the server calls that write


class StoreUnavailable(RuntimeError):
    """The corpus store cannot be opened (not installed, bad target)."""


# What the warm-up extracts: a short text that every stage has something in, so that the
# models and the lexicons that load on first use are loaded before the first request.
WARM_TEXT = ("Премьер-министр России Михаил Мишустин 12 марта 2024 года провёл в Астане переговоры "
             "с президентом Казахстана Касым-Жомартом Токаевым. Стороны подписали соглашение о "
             "поставках зерна на 1,5 млрд рублей. «Мы договорились расширить торговлю», — заявил "
             "Мишустин. Министерство финансов до конца года подготовит программу развития.")


def warm_and_freeze(nlp) -> None:
    """Run the warm-up text, then move everything the process holds now (models, lexicons,
    tables) out of the collector's sight: a full collection would otherwise walk the models'
    vocabularies every time, a 70 ms pause in the middle of a request now and then."""
    import gc

    nlp(WARM_TEXT)
    gc.collect()
    gc.freeze()


def _start_process():
    """A pipeline process: the default pipeline, its models loaded now; what runs a batch."""
    import os

    from .. import default_pipeline

    if NICE:
        os.nice(NICE)
    warm_and_freeze(default_pipeline())
    return _records_in_process


def _picklable(e: Exception) -> Exception:
    try:
        pickle.dumps(e)
        return e
    except Exception:  # noqa: BLE001 - an exception that cannot cross processes goes as text
        return RuntimeError(repr(e))


def record_json(record: dict) -> bytes:
    """A record as the API writes it (the JSON of starlette's JSONResponse)."""
    return json.dumps(record, ensure_ascii=False, allow_nan=False, indent=None,
                      separators=(",", ":")).encode("utf-8")


def _records_in_process(items: list[dict]) -> list[bytes | Exception]:
    from .. import default_pipeline

    return [_picklable(r) if isinstance(r, Exception) else record_json(r.record().to_dict())
            for _, r in default_pipeline().pipe_safe(items, batch_size=len(items))]


def _settle(batch: list[tuple[dict, asyncio.Future]], results: list) -> None:
    """Each waiting request its record or its exception (one it gave up on is left alone)."""
    for (_, fut), r in zip(batch, results):
        if not fut.done():
            (fut.set_exception if isinstance(r, Exception) else fut.set_result)(r)


class Backend:
    def __init__(self, db: Any = None, *, pipeline=None, processes: int = 0):
        # db: a store target (SQLite path, postgresql:// URL, None = default) or an open store
        # processes: 0 = extract on a thread of this process; N = in N pipeline processes
        self._db = db
        self._store = None if db is None or isinstance(db, str) else db
        self._pipeline = pipeline
        self._nlp_thread = ThreadPoolExecutor(1, thread_name_prefix="svodka-nlp")
        self._store_thread = ThreadPoolExecutor(1, thread_name_prefix="svodka-store")
        self._pending: list[tuple[dict, asyncio.Future]] = []
        self._draining = False
        self.processes = processes
        self._pool = None
        self._free = processes  # pipeline processes without a batch
        self._in_flight = 0  # requests in the processes' batches
        self._waiting = None  # a dispatch called for later, while requests gather
        self._gather_until = 0.0

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
        r = await self._extracted(item)
        return json.loads(r) if isinstance(r, bytes) else r

    async def extract_json(self, item: dict) -> bytes:
        """The record of one document as JSON (what FastAPI's JSONResponse would write)."""
        r = await self._extracted(item)
        return r if isinstance(r, bytes) else record_json(r)

    async def _extracted(self, item: dict) -> dict | bytes:
        # a dict from the thread, JSON from a process (a string crosses processes cheaper than
        # a dict, and the HTTP process, through which every request passes, has less to do)
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        self._pending.append((item, fut))
        if self.processes:
            self._dispatch(loop)
        elif not self._draining:
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
                _settle(batch, results)
        finally:
            self._draining = False

    def _processes(self):
        if self._pool is None:
            self._pool = Workers(self.processes, _start_process)
        return self._pool

    def _dispatch(self, loop, late: bool = False) -> None:
        """Hand the waiting requests to the free pipeline processes: each takes its share of
        all the requests waiting or in progress (at most MAX_BATCH). Taking every waiting
        request would keep the clients that arrived together together for good: with 16
        clients one process would go on with 11 at a time and the other with 5."""
        if late:
            self._waiting = None
        while self._pending and self._free > 0:
            share = -(-(len(self._pending) + self._in_flight) // self.processes)
            if len(self._pending) < share and self._in_flight and not late:
                # the other processes are busy, so more requests are likely on their way (the
                # clients just answered): gather them while they keep coming, GATHER_GAP_S apart
                # at most, for GATHER_S in all, rather than run a small batch
                now = loop.time()
                if self._waiting is None:
                    self._gather_until = now + GATHER_S
                else:
                    self._waiting.cancel()
                self._waiting = loop.call_at(min(now + GATHER_GAP_S, self._gather_until),
                                             self._dispatch, loop, True)
                return
            if self._waiting is not None:
                self._waiting.cancel()
                self._waiting = None
            n = max(1, min(MAX_BATCH, share, len(self._pending)))
            batch, self._pending = self._pending[:n], self._pending[n:]
            self._free -= 1
            self._in_flight += n

            def done(results, batch=batch):
                loop.call_soon_threadsafe(self._finish, loop, batch, results)

            def failed(e, batch=batch):
                loop.call_soon_threadsafe(self._finish, loop, batch, [e] * len(batch))

            # the callbacks run on the pool's result thread
            self._processes().apply_async(_records_in_process, ([x for x, _ in batch],),
                                          callback=done, error_callback=failed)

    def _finish(self, loop, batch: list[tuple[dict, asyncio.Future]], results: list) -> None:
        self._free += 1
        self._in_flight -= len(batch)
        _settle(batch, results)
        self._dispatch(loop)

    def warm(self) -> None:
        """Load the models now rather than on the first request."""
        if self.processes:
            # each process loads its models as it starts (_start_process)
            ready = self._processes().wait_ready(WARM_TIMEOUT_S)
            if ready < self.processes:
                raise RuntimeError(f"only {ready} of {self.processes} extraction processes "
                                   f"started in {WARM_TIMEOUT_S} s")
            return
        self._nlp_thread.submit(lambda: warm_and_freeze(self._nlp())).result()

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
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None
        self._nlp_thread.shutdown(wait=False)
        self._store_thread.shutdown(wait=False)
