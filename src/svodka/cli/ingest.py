"""svodka ingest PATH... [--db TARGET]: extract and store documents; re-running adds nothing new."""

from __future__ import annotations

import sys

from .common import add_jobs_option, warn
from .storeopts import add_store_options, dump, open_from


def add_parser(sub, name):
    p = sub.add_parser(
        name,
        help="store documents (.txt, .jsonl, .html, RSS/Atom, folders) in the corpus",
        description="Extract records and store them. A document already stored (same id, or "
        "same text hash when it has no id) is skipped; failures are reported and "
        "recorded. Safe to interrupt and run again.",
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="files or folders (recursive); '-' for JSON Lines on stdin"
    )
    add_store_options(p)
    p.add_argument(
        "--batch-size", type=int, default=32, help="documents per batch and transaction (default 32)"
    )
    p.add_argument(
        "--no-extract",
        action="store_true",
        help="store texts without extraction (full-text search only); finished records are stored as given",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_jobs_option(p)
    return p


def run(args) -> int:
    from ..inputs import read_stream
    from ..store.readers import FEED, JSONL, expand, read

    paths = [p for p in args.paths if p != "-"]
    files = expand(paths)

    def items():
        if "-" in args.paths:
            yield from read_stream(sys.stdin.buffer, jsonl=True)
        yield from read(paths)

    # one document per file, unless a file holds many (JSON Lines, feeds)
    multi = "-" in args.paths or any(f.lower().endswith(JSONL + FEED) for f in files)
    store = open_from(args)
    try:
        summary = store.ingest(
            items(),
            extract=not args.no_extract,
            batch_size=args.batch_size,
            progress=not args.quiet,
            total=None if multi else len(files),
            jobs=args.jobs,
        )
    finally:
        store.close()
    if args.json:
        dump(summary.to_dict())
    else:
        for where, error in summary.failed:
            warn(f"{where}: {error}")
        print(f"ingest: {summary}", file=sys.stderr)
    return 2 if summary.failed else 0
