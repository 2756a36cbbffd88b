"""The local Ray dies with its driver, even after kill -9.

`ray.init()` ties the GCS and the raylet to the driver (the kernel kills them when it dies),
but the raylet's agents (ray::DashboardAgent, ray::RuntimeEnvAgent) linger for about a minute,
trying to report the raylet's death to a GCS that is gone, and a driver killed again and again
piles them up. So a local Ray is started with a reaper beside it: a small process in a session of
its own that holds the read end of a pipe from the driver and, once a second, notes the driver's
Ray processes (its descendants that are Ray's: an agent is re-parented to init when its raylet
dies, so it must be known before). When the pipe closes, because the driver shut Ray down or
because it died, the reaper kills the noted processes that still run, and removes Ray's
temporary folder. Processes are found through /proc (Linux); elsewhere Ray runs as it is.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator

GRACE_S = 3.0
TICK_S = 1.0
FOLDER_PREFIX = "svodka-ray-"


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, start time in clock ticks) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    # the command name (field 2) may hold spaces and parentheses: fields count from the last ')'
    fields = data[data.rindex(b")") + 2 :].split()
    return int(fields[1]), int(fields[19])


def _is_ray(pid: int) -> bool:
    """Ray's own process: its binaries and scripts live in the ray package; its workers and
    agents retitle themselves «ray::…»."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read()
    except OSError:
        return False
    return cmd.startswith(b"ray::") or b"/ray/" in cmd


def ray_descendants(root: int) -> dict[int, int]:
    """{pid: start time} of the Ray processes below `root`."""
    children: dict[int, list[int]] = {}
    starts: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit() and (st := _stat(int(name))) is not None:
            children.setdefault(st[0], []).append(int(name))
            starts[int(name)] = st[1]
    found, todo = {}, list(children.get(root, ()))
    while todo:
        pid = todo.pop()
        todo += children.get(pid, ())
        if pid != os.getpid() and _is_ray(pid):
            found[pid] = starts[pid]
    return found


def _alive(noted: dict[int, int]) -> list[int]:
    """The noted processes that still run (the same process: a reused pid has a new start time)."""
    return [pid for pid, start in noted.items() if (st := _stat(pid)) is not None and st[1] == start]


def kill_noted(noted: dict[int, int]) -> list[int]:
    """SIGTERM the noted processes that run, SIGKILL those left after GRACE_S; returns those
    still there after that (none, unless they are not ours to kill)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in _alive(noted):
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
        deadline = time.monotonic() + GRACE_S
        while _alive(noted) and time.monotonic() < deadline:
            time.sleep(0.1)
        if not _alive(noted):
            break
    return _alive(noted)


@contextlib.contextmanager
def reaped_ray(start: Callable[[str | None], None]) -> Iterator[None]:
    """Start a local Ray with `start(FOLDER)` (FOLDER: Ray's temporary folder for this run, for
    `ray.init(_temp_dir=...)`) and a reaper watching it (see the module docstring). On exit the
    reaper is released: it kills what Ray left and removes FOLDER."""
    if not os.path.isdir("/proc"):
        start(None)
        yield
        return
    # short: Ray's unix sockets live below it, and a socket path has at most 107 bytes
    folder = tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir="/tmp")
    reaper = subprocess.Popen(
        [sys.executable, "-c", "import sys; from svodka.batch.reaper import main; sys.exit(main(sys.argv[1:]))",
         str(os.getpid()), folder],
        stdin=subprocess.PIPE, start_new_session=True,
    )
    try:
        start(folder)
        yield
    finally:
        reaper.stdin.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            reaper.wait(timeout=30)


def main(argv: list[str]) -> int:
    """The reaper: `main([DRIVER_PID, FOLDER])`, its stdin the driver's pipe."""
    driver, folder = int(argv[0]), argv[1]
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C is the driver's to handle
    noted: dict[int, int] = {}
    fd = sys.stdin.fileno()
    while True:
        noted.update(ray_descendants(driver))
        ready, _, _ = select.select([fd], [], [], TICK_S)
        if ready and not os.read(fd, 4096):  # end of file: the driver closed the pipe or died
            break
    kill_noted(noted)
    if os.path.basename(folder).startswith(FOLDER_PREFIX):
        shutil.rmtree(folder, ignore_errors=True)
    return 0
