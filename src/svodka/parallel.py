"""Pipeline.pipe across processes: each worker loads the models once and takes batches.

The parent cuts the input into batches and keeps at most `2 × workers` of them in flight, so
memory stays bounded by that queue however long the input is; results come back in input
order. Workers are started with «spawn» (no inherited threads or locks from a server or a
Ray driver) and run the same stages as the parent's pipeline. A Doc comes back pickled
(doc.py: tokens travel with their tags as strings).

A document that fails in a worker is reported, with its id, as a DocumentError in the place
of its Doc (pipe_safe), while the rest of its batch goes through.
"""

from __future__ import annotations

import io
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from .record import write_json

IN_FLIGHT_PER_WORKER = 2

_nlp = None  # the worker process's own pipeline (one per process, set by _start)


class DocumentError(RuntimeError):
    """A document failed in a worker process: its id and the error, as text (picklable)."""

    def __init__(self, doc_id: str | None, error: str):
        super().__init__(f"{doc_id or '<document>'}: {error}")
        self.doc_id, self.error = doc_id, error

    def __reduce__(self):
        return DocumentError, (self.doc_id, self.error)


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_for(n_process: int) -> int:
    """n_process as given (0 or less: one per available core)."""
    return n_process if n_process > 0 else cpu_count()


def _start(stage_names: tuple[str, ...], section_chars: int) -> None:
    global _nlp
    from .pipeline import Pipeline

    _nlp = Pipeline(stage_names, section_chars=section_chars)


def _item_id(item) -> str | None:
    if isinstance(item, dict):
        return None if item.get("id") is None else str(item["id"])
    return getattr(item, "id", None)


def _finish(doc, output: str | None):
    """What a worker sends back for a Doc: the Doc itself, or its record already written as
    JSON (output="json" / "json-pretty"): a string crosses processes far cheaper than a Doc, and
    the parent has nothing left to do but write it."""
    if output is None:
        return doc
    if output == "json-pretty":
        return doc.record().to_json(pretty=True)
    buf = io.StringIO()
    write_json(doc, buf)
    return buf.getvalue()


def _run(batch: list, safe: bool, output: str | None = None) -> list:
    if not safe:
        return [_finish(d, output) for d in _nlp.pipe(batch, batch_size=len(batch))]
    out = []
    for item, result in _nlp.pipe_safe(batch, batch_size=len(batch)):
        if isinstance(result, Exception):
            result = DocumentError(_item_id(item) or _item_id(_nlp.make_doc(item)), repr(result))
        else:
            result = _finish(result, output)
        out.append(result)
    return out


class Workers:
    """A pool of pipeline worker processes, kept for the life of the Pipeline that made it."""

    def __init__(self, stage_names: tuple[str, ...], section_chars: int, n: int, start: str = "spawn"):
        """start: «spawn» (the default: safe beside threads, e.g. in a server or a Ray driver),
        or «fork» for a single-threaded command line: the models are loaded once here and the
        workers share them, instead of each loading its own."""
        self.n = n
        if start == "fork":
            _start(stage_names, section_chars)
            _nlp("Премьер-министр Олжас Бектенов посетил Москву.")  # loads every model here
            self.pool = mp.get_context("fork").Pool(n)
        else:
            self.pool = mp.get_context("spawn").Pool(n, initializer=_start, initargs=(stage_names, section_chars))

    def map(self, items: Iterable, batch_size: int, safe: bool,
            output: str | None = None) -> Iterator[tuple[object, object]]:
        """(item, Doc | DocumentError) for each item, in input order; with output="json" or
        "json-pretty", the record's JSON text instead of the Doc."""
        it = iter(items)
        pending: deque = deque()
        limit = self.n * IN_FLIGHT_PER_WORKER
        while True:
            while len(pending) < limit and (batch := list(islice(it, max(1, batch_size)))):
                pending.append((batch, self.pool.apply_async(_run, (batch, safe, output))))
            if not pending:
                return
            batch, job = pending.popleft()
            yield from zip(batch, job.get())

    def close(self) -> None:
        self.pool.close()
        self.pool.join()

    def terminate(self) -> None:
        self.pool.terminate()
        self.pool.join()
