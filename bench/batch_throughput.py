"""Throughput of `svodka batch` with 1 and 2 Ray workers, and a sizing for a large archive.

    .venv/bin/python bench/batch_throughput.py --data ../shared/data/NEREL/train --docs 300

The texts are read from the corpus at run time and written as JSON Lines into a temporary
folder (never into the repository), cut into --files files (the units of work). One local Ray
session (--num-cpus) runs the same job with 1 worker and then with 2, each into a fresh output
folder. Two rates per run:
  - wall: documents and characters over the job's wall time, actor start and model loading
    included (what a user waits for);
  - per core: the characters of the units over the CPU seconds the workers spent on them,
    summed over workers (steady state, and robust to other processes on a shared machine:
    what sizing a cluster needs). The same over the workers' wall seconds is shown too.
Scaling efficiency = wall rate with 2 workers / (2 x wall rate with 1 worker). With --repeat R
the runs alternate (1, 2, 1, 2, ...) and the best of each is kept, to damp other load.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def texts(folder: Path, n: int) -> list[dict]:
    paths = sorted(folder.glob("*.txt"), key=lambda p: (len(p.stem), p.stem))[:n]
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in paths]


def write_inputs(docs: list[dict], folder: Path, files: int) -> None:
    for k in range(files):
        with open(folder / f"part{k:03d}.jsonl", "w", encoding="utf-8") as f:
            for d in docs[k::files]:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")


def one_run(inp: Path, out: Path, workers: int, batch_size: int) -> dict:
    from svodka.batch import run_batch

    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    s = run_batch(str(inp / "*.jsonl"), str(out), workers=workers, batch_size=batch_size)
    wall = time.perf_counter() - t0
    busy = sum(i["seconds"] for i in s.finished)
    cpu = sum(i["cpu_seconds"] for i in s.finished)
    return {
        "workers": s.workers,
        "units": s.done,
        "docs": s.docs,
        "chars": s.chars,
        "errors": s.errors,
        "wall_s": round(wall, 2),
        "docs_per_s": round(s.docs / wall, 2),
        "chars_per_s": round(s.chars / wall),
        "worker_busy_s": round(busy, 2),
        "worker_cpu_s": round(cpu, 2),
        "chars_per_s_per_core": round(s.chars / cpu),
        "chars_per_busy_s_per_worker": round(s.chars / busy),
        "loadavg_before": round(load0, 2),
        "loadavg_after": round(os.getloadavg()[0], 2),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="a folder of .txt texts (NEREL train or dev)")
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--files", type=int, default=8, help="input files = units of work")
    ap.add_argument("--num-cpus", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each setting (best kept)")
    ap.add_argument("--article-chars", type=int, default=3000,
                    help="average article length assumed for the sizing")
    ap.add_argument("--archive", type=int, default=10_000_000, help="articles in the archive to size for")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)

    from svodka.batch import ray_session

    docs = texts(args.data, args.docs)
    if not docs:
        print(f"no .txt files in {args.data}", file=sys.stderr)
        return 1
    runs = []
    with (
        tempfile.TemporaryDirectory(prefix="svodka-batch-bench-") as tmp,
        ray_session(num_cpus=args.num_cpus),
    ):
        inp = Path(tmp) / "in"
        inp.mkdir()
        write_inputs(docs, inp, args.files)
        for k in range(args.repeat):
            for workers in (1, 2):
                r = one_run(inp, Path(tmp) / f"out{workers}-{k}", workers, args.batch_size)
                runs.append(r)
                print(json.dumps(r), file=sys.stderr)
    one, two = (max((r for r in runs if r["workers"] == w), key=lambda r: r["docs_per_s"]) for w in (1, 2))
    per_core = one["chars_per_s_per_core"]
    core_hours = args.archive * args.article_chars / per_core / 3600
    result = {
        "corpus": str(args.data),
        "docs": len(docs),
        "avg_chars": round(sum(len(d["text"]) for d in docs) / len(docs)),
        "cpus": os.cpu_count(),
        "runs": runs,
        "best": [one, two],
        "scaling_efficiency": round(two["docs_per_s"] / (2 * one["docs_per_s"]), 3),
        "sizing": {
            "articles": args.archive,
            "avg_article_chars": args.article_chars,
            "chars_per_s_per_core": per_core,
            "core_hours": round(core_hours),
        },
    }
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
