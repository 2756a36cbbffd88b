"""The corpus store on a real corpus: ingest docs/s, search latency p50/p95, database size.

    .venv/bin/python bench/corpus_store.py ../shared/data/NEREL --db /tmp/nerel.db  # with extraction
    .venv/bin/python bench/corpus_store.py ../shared/data/NEREL --db /tmp/nerel0.db --no-extract

The database is created afresh. Queries are general news words (any corpus), each run
--repeat times after one warm-up; latency is per `store.search` call, snippets included.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

QUERIES = [
    "президент", "переговоры", "министр финансов", "выборы", "нефть", "санкции", "суд", "землетрясение",
    "вирус", "компания", "правительство", "полиция задержала", "чемпионат мира", "умер", "назначен",
    "заявил", "экономика", "банк", "газ", "премьер-министр",
]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p * (len(xs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--db", required=True, help="SQLite file (removed first) or an empty postgresql:// URL")
    ap.add_argument("--no-extract", action="store_true")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--entity", default="Владимир Путин")
    args = ap.parse_args()

    from svodka.store import open_store
    from svodka.store.readers import read

    if not args.db.startswith("postgres"):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(args.db + suffix):
                os.remove(args.db + suffix)
    store = open_store(args.db)
    if not args.no_extract:
        import svodka

        svodka.default_pipeline()("Модели загружаются до замера.")
    t0 = time.perf_counter()
    summary = store.ingest(read(args.paths), extract=not args.no_extract, batch_size=args.batch_size)
    dt = time.perf_counter() - t0
    # the second run: everything is a duplicate
    t1 = time.perf_counter()
    again = store.ingest(read(args.paths), extract=not args.no_extract, batch_size=args.batch_size)
    dt_again = time.perf_counter() - t1

    lat = []
    for q in QUERIES:
        store.search(q)
        for _ in range(args.repeat):
            t = time.perf_counter()
            store.search(q)
            lat.append(time.perf_counter() - t)
    filt = []
    for q in QUERIES[:5]:
        for _ in range(args.repeat):
            t = time.perf_counter()
            store.search(q, entity=args.entity)
            filt.append(time.perf_counter() - t)
    t = time.perf_counter()
    dossier = store.entity(args.entity)
    dt_dossier = time.perf_counter() - t
    st = store.stats()
    out = {
        "extract": not args.no_extract,
        "documents": summary.added,
        "failed": len(summary.failed),
        "ingest_s": round(dt, 2),
        "docs_per_s": round(summary.added / dt, 2) if dt else None,
        "rerun_added": again.added,
        "rerun_duplicates": again.duplicates,
        "rerun_s": round(dt_again, 2),
        "search_p50_ms": round(statistics.median(lat) * 1000, 2),
        "search_p95_ms": round(pct(lat, 0.95) * 1000, 2),
        "search_entity_filter_p50_ms": round(statistics.median(filt) * 1000, 2),
        "search_entity_filter_p95_ms": round(pct(filt, 0.95) * 1000, 2),
        "dossier_ms": round(dt_dossier * 1000, 1),
        "db_bytes": st["size_bytes"],
        "stats": {k: v for k, v in st.items() if k != "by_type"},
        "entity": None if dossier is None else {
            "name": dossier["name"], "documents": dossier["documents"],
            "posts": [(p["title"], p["of"], len(p["sources"])) for p in dossier["posts"]],
        },
    }
    store.close()
    if not args.db.startswith("postgres"):
        out["db_bytes"] = os.path.getsize(args.db)  # after the WAL is checkpointed on close
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
