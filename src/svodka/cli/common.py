"""Helpers shared by subcommands: output files, progress bars, error lines."""

from __future__ import annotations

import contextlib
import sys
from typing import TextIO


@contextlib.contextmanager
def output(path: str | None) -> TextIO:
    if path in (None, "-"):
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8") as f:
            yield f


def progress(iterable, *, total: int | None = None, desc: str = "", min_items: int = 20):
    """A progress bar on stderr when it is a terminal and there is enough to show."""
    if not sys.stderr.isatty() or (total is not None and total < min_items):
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="doc", file=sys.stderr)


def add_jobs_option(p) -> None:
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                   help="worker processes for extraction (default 1; 0: one per core)")


def warn(message: str) -> None:
    print(f"svodka: {message}", file=sys.stderr)
