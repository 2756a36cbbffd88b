"""Extraction processes for `svodka serve --workers N`: each with its models and its own pipe.

multiprocessing.Pool shares one task queue among its processes, and a process waiting for a
task holds the queue's lock: a process killed there (kill -9, the out-of-memory killer) leaves
the lock held and the pool hangs for good, and a task a dead process held is never answered.
Here every process has a pipe of its own, read by a thread of its own: a process that dies is
seen at once (the pipe closes), the one batch it held fails with `ExtractionLost`, and a new
process takes its place.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import threading
import time
from collections import deque
from collections.abc import Callable


class ExtractionLost(RuntimeError):
    """An extraction process died while it held the request: the request may be sent again."""


MAX_FAILED_STARTS = 3  # processes in a row that die before they are ready: the group gives up


def _serve(conn, start: Callable[[], Callable]) -> None:
    """A process: load the pipeline (`start` gives the function that runs a batch), say so,
    then answer each batch it is sent until its pipe closes."""
    run = start()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        try:
            out = run(batch)
        except Exception as e:  # noqa: BLE001 - the whole batch failed: its requests are told
            out = RuntimeError(f"extraction failed: {e!r}")
        conn.send(out)


class _Process:
    def __init__(self, group: Workers):
        ours, theirs = mp.get_context("spawn").Pipe()
        # spawn: no threads or locks inherited from the server
        self.proc = mp.get_context("spawn").Process(target=_serve, args=(theirs, group.start), daemon=True)
        self.proc.start()
        theirs.close()
        self.conn = ours
        self.ready = False
        self.task = None  # (batch, callback, error_callback) while it works on one
        threading.Thread(target=group._read, args=(self,), daemon=True, name="svodka-worker-pipe").start()


class Workers:
    """N extraction processes. `apply_async(fn, (batch,), callback, error_callback)` as
    multiprocessing.Pool's (`fn` is the processes' own: `start()` gave it), each callback
    called on a reader thread; a batch waits for a free process."""

    def __init__(self, n: int, start: Callable[[], Callable]):
        self.start = start
        self._lock = threading.Lock()
        self._waiting: deque = deque()
        self._closed = False
        self._failed_starts = 0  # processes in a row that died before they were ready
        self._ready = threading.Condition(self._lock)
        self._procs = [_Process(self) for _ in range(n)]

    def pids(self) -> set[int]:
        return {p.proc.pid for p in self._procs}

    def wait_ready(self, timeout: float) -> int:
        """Wait until every process has loaded its models (or the group gave up on starting
        them); the number that have."""
        deadline = time.monotonic() + timeout
        with self._ready:
            while not all(p.ready for p in self._procs) and not self._closed and time.monotonic() < deadline:
                self._ready.wait(max(0.0, deadline - time.monotonic()))
            return sum(p.ready for p in self._procs)

    def apply_async(self, fn, args, callback, error_callback) -> None:
        with self._lock:
            if self._closed:
                gave_up = True
            else:
                gave_up = False
                self._waiting.append((args[0], callback, error_callback))
                self._next()
        if gave_up:
            error_callback(ExtractionLost("the extraction processes cannot start"))

    def _next(self) -> None:
        """Hand the waiting batches to the free processes (the lock held)."""
        for p in self._procs:
            if not self._waiting:
                return
            if p.ready and p.task is None:
                p.task = self._waiting.popleft()
                with contextlib.suppress(OSError, ValueError):  # a closed pipe: the reader sees it die
                    p.conn.send(p.task[0])

    def _read(self, p: _Process) -> None:
        while True:
            try:
                msg = p.conn.recv()
            except (EOFError, OSError):
                self._lost(p)
                return
            with self._lock:
                if not p.ready:  # ("ready", pid): the models are loaded
                    p.ready = True
                    self._failed_starts = 0
                    self._ready.notify_all()
                    task = None
                else:
                    task, p.task = p.task, None
                self._next()
            if task is not None:
                (task[2] if isinstance(msg, Exception) else task[1])(msg)

    def _lost(self, p: _Process) -> None:
        """The process died (or the group closed): fail its batch, start another in its place;
        where processes die before they are ready (the models cannot load), fail what waits
        instead of starting them again and again."""
        failed = []
        with self._lock:
            task, p.task = p.task, None
            if not p.ready:
                self._failed_starts += 1
            if self._failed_starts >= MAX_FAILED_STARTS:
                self._closed = True
                failed, self._waiting = list(self._waiting), deque()
            if p in self._procs and not self._closed:
                self._procs[self._procs.index(p)] = _Process(self)
            self._ready.notify_all()
        p.conn.close()
        p.proc.join(1)  # reaped: no zombie left behind
        if task is not None:
            task[2](ExtractionLost("an extraction process stopped; send the request again"))
        for t in failed:
            t[2](ExtractionLost(f"the extraction processes cannot start (exit code {p.proc.exitcode})"))

    def terminate(self) -> None:
        with self._lock:
            self._closed = True
            procs = list(self._procs)
        for p in procs:
            p.proc.kill()
        for p in procs:
            p.proc.join(5)
