"""svodka load DIR [--db TARGET]: the records of a `svodka batch` output into the store.

Only complete units (those in DIR/_manifest) are read. Records go through the store's
`add_records`, so loading keeps ingest's idempotency: a document already stored (same id) is
counted as a duplicate and skipped, and loading twice adds nothing. Bulk means large
transactions: `--batch-size` records per transaction (default 1000, against ingest's 32).
The store links entities across articles row by row (canonical ids looked up as it goes), so
PostgreSQL COPY into the final tables would skip that linking; it is not used.
"""

from __future__ import annotations

import json
import sys

from .common import progress, warn
from .storeopts import add_store_options, dump, open_from


def add_parser(sub, name):
    p = sub.add_parser(
        name,
        help="load a `svodka batch` output folder into the store",
        description="Store the records of DIR (its complete units). Documents already stored are "
        "skipped; safe to interrupt and run again.",
    )
    p.add_argument("dir", metavar="DIR", help="the --out folder (or URL) of svodka batch")
    add_store_options(p)
    p.add_argument("--batch-size", type=int, default=1000, metavar="N",
                   help="records per transaction (default 1000)")
    return p


def run(args) -> int:
    try:
        from ..batch import OutDir
    except ImportError as e:  # pragma: no cover - the batch extra is not installed
        warn(f"svodka load needs pyarrow: pip install 'svodka[batch]' ({e})")
        return 1
    out = OutDir(args.dir)
    done = out.done()
    if not done:
        warn(f"{args.dir}: no complete units (no {args.dir}/_manifest/*.json)")
        return 1
    total = sum(info.get("docs", 0) for info in done.values())
    batch_errors = sum(info.get("errors", 0) for info in done.values())
    records = (json.loads(row["record"]) for row in out.read("records", list(done)))
    store = open_from(args)
    try:
        summary = store.add_records(progress(records, total=total, desc="load"), batch_size=args.batch_size)
    finally:
        store.close()
    if args.json:
        dump({**summary.to_dict(), "units": len(done), "batch_errors": batch_errors})
    else:
        for where, error in summary.failed:
            warn(f"{where}: {error}")
        print(f"load: {summary} ({len(done)} units; {batch_errors} documents had failed in the batch,"
              f" see {args.dir}/errors)", file=sys.stderr)
    return 2 if summary.failed else 0
