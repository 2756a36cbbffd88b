"""The batch job: plan units, skip those done, run the rest on a Ray Data actor pool."""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .output import OutDir
from .reaper import reaped_ray
from .units import CHUNK_BYTES, plan_input
from .worker import FAIL_ENV, Extractor

# the local object store only carries unit descriptions and summaries
LOCAL_OBJECT_STORE = 128 * 1024 * 1024


@dataclass
class BatchSummary:
    units: int = 0
    skipped: int = 0
    done: int = 0
    docs: int = 0
    errors: int = 0
    chars: int = 0
    seconds: float = 0.0
    workers: int = 0
    ignored: list[str] = field(default_factory=list)  # files of the input that are neither format
    finished: list[dict] = field(default_factory=list)

    def __str__(self) -> str:
        rate = f", {self.docs / self.seconds:.1f} docs/s, {self.chars / self.seconds:,.0f} chars/s" \
            if self.seconds and self.docs else ""
        return (f"units {self.units} (done now {self.done}, skipped {self.skipped}), docs {self.docs}, "
                f"errors {self.errors}, {self.seconds:.1f} s, {self.workers} workers{rate}")


def quiet_ray_env() -> None:
    """No usage reporting, no log deduplication banners; set before Ray starts."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")


@contextlib.contextmanager
def ray_session(address: str | None = None, num_cpus: int | None = None):
    """Join the cluster at `address`, or start Ray locally in-process; reuse a running one."""
    quiet_ray_env()
    import ray
    import ray.data

    ray.data.DataContext.get_current().enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    if ray.is_initialized():
        yield ray
        return
    if address:
        ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
        try:
            yield ray
        finally:
            ray.shutdown()
        return

    def start(temp_dir: str | None) -> None:
        # address="local": a new Ray, never one that `ray start` left running on this machine
        ray.init(address="local", num_cpus=num_cpus, object_store_memory=LOCAL_OBJECT_STORE, include_dashboard=False,
                 log_to_driver=False, logging_level=logging.WARNING,
                 **({"_temp_dir": temp_dir} if temp_dir else {}))

    # a local Ray goes when this process goes, by kill -9 too (reaper.py)
    with reaped_ray(start):
        try:
            yield ray
        finally:
            ray.shutdown()


def run_batch(
    input: str,
    out: str,
    *,
    address: str | None = None,
    num_cpus: int | None = None,
    workers: int | None = None,
    batch_size: int = 32,
    chunk_bytes: int = CHUNK_BYTES,
    on_unit: Callable[[dict], None] | None = None,
) -> BatchSummary:
    """Extract every document of INPUT into OUT (see output.py); units already done are skipped."""
    if "://" not in out:
        out = os.path.abspath(out)  # actors may run in another folder, or on another node
    units, ignored = plan_input(input, chunk_bytes=chunk_bytes)
    outdir = OutDir(out)
    outdir.prepare()
    done = outdir.done()
    todo = [u for u in units if u.key not in done]
    summary = BatchSummary(units=len(units), skipped=len(units) - len(todo), ignored=ignored)
    if not todo:
        return summary
    t0 = time.perf_counter()
    with ray_session(address, num_cpus) as ray:
        from ray.data import ActorPoolStrategy

        cpus = int(ray.cluster_resources().get("CPU", 1))
        if not address:  # a local pool larger than its CPUs would wait forever for them
            workers = min(workers or cpus, cpus)
        summary.workers = max(1, min(workers or cpus, len(todo)))
        # one block per unit, one unit in flight per actor: long units spread evenly
        ds = ray.data.from_items([u.to_row() for u in todo], override_num_blocks=len(todo))
        ds = ds.map_batches(
            Extractor,
            batch_size=1,
            compute=ActorPoolStrategy(size=summary.workers, max_tasks_in_flight_per_actor=1),
            fn_constructor_kwargs={"out": out, "batch_size": batch_size,
                                   "fail_on": os.environ.get(FAIL_ENV) or None},
            num_cpus=1,
        )
        for row in ds.iter_rows():
            info = {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
            summary.done += 1
            summary.docs += info["docs"]
            summary.errors += info["errors"]
            summary.chars += info["chars"]
            summary.finished.append(info)
            if on_unit:
                on_unit(info)
    summary.seconds = time.perf_counter() - t0
    return summary
