"""`svodka extract --jobs N` against `--jobs 1` on this machine's cores: documents per second
(wall clock) and whether the output is byte-identical.

    python -m bench.scaling [--data DIR] [--docs N] [--jobs 2] [--json]

The texts are NEREL dev's (or any folder of .txt files with --texts). Each run is a fresh
`svodka extract` process, so model loading is included, as a user would see it; a longer
input makes that share smaller.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SVODKA_SHARED", ROOT / ".." / "shared"))


def run(files: list[Path], jobs: int, out: Path) -> float:
    t = time.monotonic()
    subprocess.run([sys.executable, "-m", "svodka", "extract", *map(str, files), "-o", str(out),
                    "--jobs", str(jobs)], check=True, capture_output=True)
    return time.monotonic() - t


def main(argv=None) -> dict:
    from svodka.parallel import cpu_count

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=SHARED / "data" / "NEREL" / "dev", help="a folder of .txt files")
    ap.add_argument("--docs", type=int, default=1000, help="documents per run (the folder repeated if smaller)")
    ap.add_argument("--jobs", type=int, default=cpu_count(), help="worker processes to compare with 1")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    files = sorted(a.texts.glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt files in {a.texts}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # copies under distinct names, so that a small folder still gives --docs documents
        inputs = []
        for i in range(a.docs):
            src = files[i % len(files)]
            dst = tmp / f"{i:05d}_{src.name}"
            dst.write_bytes(src.read_bytes())
            inputs.append(dst)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in inputs)
        one, many = tmp / "one.jsonl", tmp / "many.jsonl"
        t1 = run(inputs, 1, one)
        tn = run(inputs, a.jobs, many)
        same = one.read_bytes() == many.read_bytes()
    res = {"docs": len(inputs), "chars": chars, "jobs": a.jobs, "cpus": cpu_count(),
           "loadavg": os.getloadavg(), "wall_s_1": round(t1, 2), "wall_s_n": round(tn, 2),
           "docs_per_s_1": round(len(inputs) / t1, 2), "docs_per_s_n": round(len(inputs) / tn, 2),
           "speedup": round(t1 / tn, 2), "identical": same}
    if a.json:
        print(json.dumps(res))
    else:
        print(f"| jobs | docs/s (wall) | s |\n|---:|---:|---:|\n| 1 | {res['docs_per_s_1']} | {res['wall_s_1']} |\n"
              f"| {a.jobs} | {res['docs_per_s_n']} | {res['wall_s_n']} |\n\n"
              f"speed-up {res['speedup']}x on {res['cpus']} cores (load {res['loadavg'][0]:.1f}); "
              f"output byte-identical: {same}")
    return res


if __name__ == "__main__":
    main()
