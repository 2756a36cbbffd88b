"""Runs one system over the benchmark texts in its own process, on one core.

    python -m bench.worker SYSTEM IN.jsonl OUT.json

A fresh process per system keeps the measurements clean: init time counts the imports and
model loading of that system alone, and peak RSS (ru_maxrss) is that system's own. Thread
pools are limited to one thread and the process is pinned to one CPU. Both wall-clock and
CPU time (process_time) are recorded: on a shared, busy machine the wall clock mostly
measures the other processes, while the CPU time of a one-thread process is its own.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy is imported

import faulthandler  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402


def pin_one_core() -> int | None:
    """Pin this process to one of the CPUs it may use; the CPU's number, or None."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
        return cpus[-1]
    except (AttributeError, OSError):
        return None


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main(argv: list[str]) -> int:
    name, src, dst = argv
    if hasattr(signal, "SIGUSR1"):  # `kill -USR1 PID` prints where a slow worker is
        faulthandler.register(signal.SIGUSR1)
    cpu = pin_one_core()
    with open(src, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    t0, c0 = time.perf_counter(), time.process_time()
    from .systems import SYSTEMS

    system = SYSTEMS[name]()
    out: dict = {"system": name, "label": system.label, "cpu": cpu}
    try:
        system.load()
        system.warm()
    except Exception as e:  # noqa: BLE001 - a system that cannot start is reported, not fatal
        out.update(error=f"{type(e).__name__}: {e}", trace=traceback.format_exc(limit=5))
        with open(dst, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False)
        return 0
    init, init_cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_init = peak_rss_mb()
    records, failures = [], []
    t1, c1 = time.perf_counter(), time.process_time()
    for item, res in zip(items, system.run(items)):
        if isinstance(res, Exception):
            failures.append({"id": item["id"], "error": f"{type(res).__name__}: {str(res)[:200]}"})
            records.append(None)
        else:
            records.append(res)
    elapsed, cpu_s = time.perf_counter() - t1, time.process_time() - c1
    if hasattr(system, "profile"):
        out["stage_cpu_s"] = system.profile()
    ok_chars = sum(len(it["text"]) for it, r in zip(items, records) if r is not None)
    out.update(
        init_s=init,
        init_cpu_s=init_cpu,
        elapsed_s=elapsed,
        cpu_s=cpu_s,
        docs=len(items),
        chars=sum(len(it["text"]) for it in items),
        ok_docs=sum(r is not None for r in records),
        ok_chars=ok_chars,
        peak_rss_mb=peak_rss_mb(),
        rss_after_init_mb=rss_init,
        failures=failures,
        records=[r and {k: v for k, v in r.items() if k != "text"} for r in records],
    )
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
