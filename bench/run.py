"""The benchmark run: read the corpora, run every system in its own process, score, report.

    python -m bench [--data DIR] [--gold DIR] [--limit N] [--systems a,b] [--md F] [--json F]

Speed is measured on a common subset (`--subset N` texts per corpus, spread evenly), which every
system processes in a fresh process; the records of that pass are scored too. The other
systems then process the remaining texts in a second process, for quality only. Pullenti is
too slow for whole corpora on one core (hundreds of chars/s), so it is scored on the subset.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import corpora, tasks
from .report import markdown, targets

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SVODKA_SHARED", ROOT / ".." / "shared"))
ALL_SYSTEMS = ("svodka", "natasha", "natasha_ner", "pullenti")
SUBSET_ONLY = ("natasha_ner", "pullenti")  # timed on the subset, not run on the rest
TIMED_ONCE = ("pullenti",)  # ~50x slower than the rest: one timed run, whatever --repeat says
# which systems each task compares (Natasha's NER alone gives the same spans as its full
# pipeline, so it is timed but not scored twice)
TASK_SYSTEMS = {
    "factru_ner": ("svodka", "natasha", "pullenti"),
    "factru_facts": ("svodka", "pullenti"),
    "nerel": ("svodka", "natasha", "pullenti"),
    "slavic": ("svodka", "natasha", "pullenti"),
    "gold": ("svodka", "natasha", "pullenti"),
}


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--data",
        type=Path,
        default=SHARED / "data",
        help="folder with factRuEval-2016/, NEREL/, SlavicNER-ru/ (default: $SVODKA_SHARED/data)",
    )
    ap.add_argument(
        "--gold", type=Path, default=SHARED / "gold", help="svodka gold records (dev/*.json, seed.json)"
    )
    ap.add_argument("--score", type=Path, default=SHARED / "tools" / "score.py", help="the shared scorer")
    ap.add_argument("--factru-split", default="devset", help="factRuEval-2016 subfolder (devset, testset)")
    ap.add_argument("--nerel-split", default="dev", help="NEREL subfolder (dev, train, test)")
    ap.add_argument("--limit", type=int, default=None, help="at most N texts per corpus (spread evenly)")
    ap.add_argument(
        "--slavic-limit",
        type=int,
        default=150,
        help="at most N SlavicNER texts (default 150 of 784, to keep the run short; -1: all)",
    )
    ap.add_argument("--shortest", action="store_true", help="with --limit: the shortest texts (smoke runs)")
    ap.add_argument(
        "--subset",
        type=int,
        default=20,
        help="texts per corpus in the timed subset that every system runs (default 20)",
    )
    ap.add_argument(
        "--systems", default=",".join(ALL_SYSTEMS), help="comma-separated: " + ", ".join(ALL_SYSTEMS)
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timed runs of the subset per system, interleaved across the systems; each system's "
        "median run (by CPU time) is reported (default 3; Pullenti runs once)",
    )
    ap.add_argument("--timeout", type=float, default=1800, help="seconds one worker may run (default 1800)")
    ap.add_argument("--md", type=Path, default=None, help="write the Markdown report here")
    ap.add_argument("--json", type=Path, default=None, help="write the results here")
    ap.add_argument("--records", type=Path, default=None, help="also write each system's records here")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--render", type=Path, default=None, metavar="RESULTS_JSON",
                    help="only rebuild the Markdown (--md) from an earlier results file")
    return ap.parse_args(argv)


AVAILABLE: dict[str, int] = {}  # texts in each corpus folder, before any limit


def load_corpora(a: argparse.Namespace) -> dict[str, list[corpora.GoldDoc]]:
    slavic_limit = None if a.slavic_limit is not None and a.slavic_limit < 0 else a.slavic_limit
    if a.limit is not None:
        slavic_limit = a.limit if slavic_limit is None else min(a.limit, slavic_limit)
    found = {
        "factru": (a.data / "factRuEval-2016" / a.factru_split, corpora.read_factru, a.limit),
        "nerel": (a.data / "NEREL" / a.nerel_split, corpora.read_nerel, a.limit),
        "slavic": (a.data / "SlavicNER-ru", corpora.read_slavic, slavic_limit),
        "gold": (a.gold, corpora.read_gold, a.limit),
    }
    out = {}
    for name, (folder, reader, limit) in found.items():
        if not folder.is_dir():
            continue  # a corpus that is not there is left out of the report
        kw = {"countries": corpora.load_countries()} if name == "nerel" else {}
        kw["shortest"] = a.shortest
        docs = reader(folder, limit, **kw)
        if docs:
            out[name] = docs
            AVAILABLE[name] = corpora.available(name, folder)
    return out


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    with contextlib.suppress(ValueError, OSError, AttributeError):
        mem = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": mem,
        "python": platform.python_version(),
        "os": platform.platform(),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


def run_system(name: str, items_path: Path, tmp: Path, timeout: float) -> dict:
    """One worker process; a crash or timeout is reported as the system's error."""
    out = tmp / f"{name}.json"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    try:
        p = subprocess.run(
            [sys.executable, "-m", "bench.worker", name, str(items_path), str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"system": name, "error": f"timed out after {timeout:.0f} s"}
    if p.returncode != 0 or not out.is_file():
        return {"system": name, "error": f"worker exited {p.returncode}: {p.stderr[-500:]}"}
    return json.loads(out.read_text(encoding="utf-8"))


def speed(res: dict) -> dict:
    """Rates on CPU time (the process's own, one thread), with wall-clock ones beside them."""
    cpu = res["cpu_s"] or 1e-9
    el = res["elapsed_s"] or 1e-9
    return {
        "label": res["label"],
        "init_s": round(res["init_cpu_s"], 3),
        "init_wall_s": round(res["init_s"], 3),
        "cpu_s": round(cpu, 3),
        "elapsed_s": round(el, 3),
        "docs": res["docs"],
        "chars": res["chars"],
        "chars_per_s": round(res["chars"] / cpu, 1),
        "docs_per_s": round(res["docs"] / cpu, 3),
        "wall_chars_per_s": round(res["chars"] / el, 1),
        **({"stage_cpu_s": res["stage_cpu_s"]} if res.get("stage_cpu_s") else {}),
        "peak_rss_mb": round(res["peak_rss_mb"], 1),
        "failures": len(res["failures"]),
    }


def median_run(runs: list[dict]) -> dict:
    """The run with the median CPU time (of an even number, the slower middle one), with every
    run's CPU time beside it."""
    ordered = sorted(runs, key=lambda r: r["cpu_s"])
    return {**ordered[len(ordered) // 2], "runs_cpu_s": [r["cpu_s"] for r in runs]}


def ratios(sp: dict) -> dict:
    """svodka's ratio to each other system: chars/s (higher is better), init and RSS (lower)."""
    s = sp.get("svodka")
    if not s:
        return {}
    return {
        n: {
            "speed_x": round(s["chars_per_s"] / o["chars_per_s"], 2) if o["chars_per_s"] else None,
            "init_x": round(s["init_s"] / o["init_s"], 2) if o["init_s"] else None,
            "rss_x": round(s["peak_rss_mb"] / o["peak_rss_mb"], 2) if o["peak_rss_mb"] else None,
        }
        for n, o in sp.items()
        if n != "svodka"
    }


def score(docs: dict[str, list], records: dict[str, list], score_py: Path) -> dict:
    quality: dict = {}
    fns = {
        "factru_ner": ("factru", tasks.factru_ner),
        "factru_facts": ("factru", tasks.factru_facts),
        "nerel": ("nerel", tasks.nerel),
        "slavic": ("slavic", tasks.slavic),
        "gold": ("gold", lambda d, r: tasks.gold_records(d, r, score_py)),
    }
    for task, (corpus, fn) in fns.items():
        if corpus not in docs or (task == "gold" and not score_py.is_file()):
            continue
        for system in TASK_SYSTEMS[task]:
            if system in records:
                ds = [d for d in docs[corpus] if d.id in records[system]]  # the texts it was given
                quality.setdefault(task, {})[system] = fn(ds, [records[system][d.id] for d in ds])
    return quality


def main(argv=None) -> dict:
    a = parse_args(argv)
    if a.render:
        out = json.loads(a.render.read_text(encoding="utf-8"))
        (a.md or Path("docs/benchmarks.md")).write_text(markdown(out), encoding="utf-8")
        return out
    log = (lambda *x: None) if a.quiet else (lambda *x: print(*x, file=sys.stderr, flush=True))
    started = time.strftime("%Y-%m-%d %H:%M")
    mach = machine()
    docs = load_corpora(a)
    if not docs:
        raise SystemExit(f"no corpus found under {a.data} or {a.gold}")
    items, seen, timed = [], set(), set()
    for ds in docs.values():
        timed |= {d.id for d in corpora.pick(ds, a.subset)}
        for d in ds:
            if d.id not in seen:
                seen.add(d.id)
                items.append({"id": d.id, "text": d.text})
    subset = [i for i in items if i["id"] in timed]
    rest = [i for i in items if i["id"] not in timed]
    log(
        f"bench: {len(items)} texts, {sum(len(i['text']) for i in items)} chars from "
        + ", ".join(f"{k} {len(v)}" for k, v in docs.items())
        + f"; timed subset {len(subset)} texts"
    )
    systems = [s for s in a.systems.split(",") if s]
    unknown = [s for s in systems if s not in ALL_SYSTEMS]
    if unknown:
        raise SystemExit(f"unknown systems: {', '.join(unknown)}")
    results, records, errors, failures = {}, {}, {}, {}
    with tempfile.TemporaryDirectory(prefix="svodka-bench-") as tmp:
        tmp = Path(tmp)
        # the timed subset first, in rounds: each round runs every system once, so that a change
        # in the shared machine's load falls on all of them alike; then the rest, once each
        rounds = [("subset", subset, r) for r in range(max(1, a.repeat))] + [("rest", rest, 0)]
        runs: dict[str, list[dict]] = {}
        for part, part_items, round_ in rounds:
            path = tmp / f"{part}.jsonl"
            if round_ == 0:
                path.write_text(
                    "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in part_items), encoding="utf-8"
                )
            for name in systems:
                if not part_items or name in errors or (part == "rest" and name in SUBSET_ONLY):
                    continue
                if round_ and name in TIMED_ONCE:
                    continue
                log(f"bench: running {name} on the {part} ({len(part_items)} texts)"
                    + (f", round {round_ + 1}" if part == "subset" and a.repeat > 1 else "") + " ...")
                res = run_system(name, path, tmp, a.timeout)
                if "error" in res:
                    errors[name] = res["error"]
                    log(f"bench: {name} failed: {res['error']}")
                    continue
                if part == "subset":
                    runs.setdefault(name, []).append(speed(res))
                    r = runs[name][-1]
                    log(
                        f"bench: {name}: init {r['init_s']:.2f} s, {r['chars_per_s']:.0f} chars/s, "
                        f"{r['peak_rss_mb']:.0f} MB, {r['failures']} failures"
                    )
                    if round_:
                        continue  # the same texts again: records and failures as in round 1
                failures.setdefault(name, []).extend(res["failures"])
                # a text the system failed on is scored as an empty record
                records.setdefault(name, {}).update(
                    (i["id"], r if r is not None else {"id": i["id"], "failed": True})
                    for i, r in zip(part_items, res["records"])
                )
            if part == "subset" and round_ == max(1, a.repeat) - 1:
                results = {name: median_run(rs) for name, rs in runs.items() if name not in errors}
    quality = score(docs, records, a.score)
    if a.records:  # for looking at the errors: one JSON Lines file per system
        a.records.mkdir(parents=True, exist_ok=True)
        for name, recs in records.items():
            with open(a.records / f"{name}.jsonl", "w", encoding="utf-8") as f:
                f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in recs.values())
    out = {
        "command": "python -m bench "
        + " ".join(shlex.quote(x) for x in (argv if argv is not None else sys.argv[1:])),
        "started": started,
        "machine": mach,
        "corpora": {
            k: {"docs": len(v), "of": AVAILABLE.get(k), "chars": sum(len(d.text) for d in v)}
            for k, v in docs.items()
        },
        "texts": {"docs": len(items), "chars": sum(len(i["text"]) for i in items)},
        "timed": {"docs": len(subset), "chars": sum(len(i["text"]) for i in subset), "per_corpus": a.subset,
                  "repeat": max(1, a.repeat)},
        "scored_docs": {k: len(v) for k, v in records.items()},
        "speed": results,
        "ratios": ratios(results),
        "errors": errors,
        "failures": {k: [f["id"] + ": " + f["error"] for f in v] for k, v in failures.items()},
        "quality": quality,
    }
    out["targets"] = targets(out)
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        a.json.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if a.md:
        a.md.parent.mkdir(parents=True, exist_ok=True)
        a.md.write_text(markdown(out), encoding="utf-8")
    if not a.quiet:
        for name, r in ratios(results).items():
            print(f"svodka vs {name}: {r['speed_x']}x chars/s, init {r['init_x']}x, RSS {r['rss_x']}x")
        for t in out["targets"]:
            print(f"[{'met' if t['met'] else 'NOT met'}] {t['target']}: {t['value']}")
    return out
