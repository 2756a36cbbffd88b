"""svodka extract [PATH ...] [-o FILE] [--pretty] [--jsonl]: records as JSON Lines."""

from __future__ import annotations

import sys

from ..inputs import Failure, read_paths, read_stream
from ..record import write_json
from .common import add_jobs_option, output, progress, warn


def add_parser(sub, name):
    p = sub.add_parser(name, help="extract records from texts (.txt, .jsonl, or stdin)",
                       description="Write one svodka record per document, as JSON Lines.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help=".txt (one document) or .jsonl (one a line); '-' or none: stdin")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--pretty", action="store_true", help="indented JSON (one record per block)")
    p.add_argument("--jsonl", action="store_true", help="stdin holds JSON Lines, not plain text")
    p.add_argument("--batch-size", type=int, default=None,
                   help="documents per batch, or per worker task with --jobs (default 128)")
    add_jobs_option(p)
    return p


def _inputs(args):
    paths = args.paths or ["-"]
    for p in paths:
        if p == "-":
            yield from read_stream(sys.stdin.buffer, jsonl=args.jsonl)
        else:
            yield from read_paths([p])


def run(args) -> int:
    from .. import default_pipeline
    from ..pipeline import BATCH_SIZE

    failures = 0

    def good():
        nonlocal failures
        for x in _inputs(args):
            if isinstance(x, Failure):
                failures += 1
                warn(str(x))
            else:
                yield x

    total = len(args.paths) if args.paths and all(p.endswith(".txt") for p in args.paths) else None
    nlp = default_pipeline()
    with nlp, output(args.output) as out:
        if args.jobs != 1:  # the workers write each record's JSON; this process only copies it out
            # a command line has no other threads: the workers fork from this process and share
            # its models (loaded once) instead of each loading its own
            results = nlp.workers(args.jobs, start="fork").map(good(), args.batch_size or BATCH_SIZE, safe=True,
                                                 output="json-pretty" if args.pretty else "json")
        else:
            results = nlp.pipe_safe(good(), batch_size=args.batch_size)
        for item, result in progress(results, total=total):
            if isinstance(result, Exception):
                failures += 1
                warn(f"{item.get('id') or '<document>'}: extraction failed: {result!r}")
                continue
            if isinstance(result, str):
                out.write(result)
            elif args.pretty:
                out.write(result.record().to_json(pretty=True))
            else:
                write_json(result, out)  # the same JSON, never built whole in memory
            out.write("\n")
    return 2 if failures else 0
