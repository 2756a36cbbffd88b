"""Options shared by the store commands: --db and --json."""

from __future__ import annotations

import json
import sys


def add_store_options(p) -> None:
    p.add_argument(
        "--db",
        metavar="TARGET",
        default=None,
        help="SQLite file or postgresql:// URL (default: $SVODKA_DB, else ./svodka.db)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def open_from(args):
    from ..store import open_store

    return open_store(args.db)


def dump(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
