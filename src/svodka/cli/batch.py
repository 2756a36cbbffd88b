"""svodka batch INPUT --out DIR [--address ADDR] [--num-cpus N]: an archive through Ray Data."""

from __future__ import annotations

import json
import sys

from .common import warn


def add_parser(sub, name):
    p = sub.add_parser(
        name,
        help="extract an archive (JSON Lines or Parquet) on Ray, into Parquet datasets",
        description="Run the pipeline over INPUT on a Ray Data actor pool and write DIR/records, "
        "DIR/entities, DIR/figures, DIR/events and DIR/errors as Parquet. Without --address Ray "
        "starts locally. Re-running skips the units (files, or pieces of large files) already done.",
    )
    p.add_argument("input", metavar="INPUT",
                   help="a .jsonl/.parquet file, a folder or a glob; local or any URL pyarrow reads (s3://...)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder or URL")
    p.add_argument("--address", metavar="ADDR", help="join this Ray cluster ('auto', or ray://host:10001)")
    p.add_argument("--num-cpus", type=int, metavar="N", help="CPUs of a local Ray (default: all)")
    p.add_argument("--workers", type=int, metavar="N",
                   help="actors, one CPU each (default: the cluster's CPUs)")
    p.add_argument("--batch-size", type=int, default=32, metavar="N",
                   help="documents per model batch (default 32)")
    p.add_argument("--chunk-mb", type=float, default=32, metavar="MB",
                   help="JSON Lines and Parquet files are cut into units of about this size (default 32)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    return p


def run(args) -> int:
    try:
        from ..batch import run_batch
    except ImportError as e:  # pragma: no cover - the batch extra is not installed
        warn(f"svodka batch needs Ray and pyarrow: pip install 'svodka[batch]' ({e})")
        return 1

    def report(info):
        print(f"svodka: done {info['path']} [{info['key']}]: {info['docs']} docs, {info['errors']} errors,"
              f" {info['seconds']:.1f} s", file=sys.stderr)

    try:
        summary = run_batch(
            args.input,
            args.out,
            address=args.address,
            num_cpus=args.num_cpus,
            workers=args.workers,
            batch_size=args.batch_size,
            chunk_bytes=max(1, int(args.chunk_mb * 1024 * 1024)),
            on_unit=report,
        )
    except (FileNotFoundError, ValueError) as e:
        warn(str(e))
        return 1
    for name in summary.ignored:
        warn(f"left out {name}: not JSON Lines (.jsonl, .ndjson) or Parquet (.parquet)")
    if args.json:
        d = {k: v for k, v in vars(summary).items() if k != "finished"}
        print(json.dumps(d, ensure_ascii=False))
    else:
        print(f"batch: {summary}", file=sys.stderr)
    return 2 if summary.errors else 0
