"""svodka commitments [--as-of DATE] [--pair A B] [--country C]: promises tracked across articles."""

from __future__ import annotations

import sys

from .storeopts import add_store_options, dump, open_from


def add_parser(sub, name):
    p = sub.add_parser(name, help="commitments tracked across articles: deadline, sides, status, sources")
    p.add_argument("--as-of", metavar="DATE", help="status on this ISO date (default today)")
    p.add_argument("--pair", nargs=2, metavar=("A", "B"), help="only those between two sides (names or ids)")
    p.add_argument("--country", metavar="C", help="only those with this side (name or id)")
    add_store_options(p)
    return p


def run(args) -> int:
    with open_from(args) as store:
        try:
            items = store.commitments(pair=tuple(args.pair) if args.pair else None, country=args.country,
                                      as_of=args.as_of)
        except ValueError as e:
            print(f"svodka commitments: {e}", file=sys.stderr)
            return 2
    if args.json:
        dump(items)
        return 0
    if not items:
        print("no commitments match")
        return 0
    for c in items:
        sides = ", ".join(p["name"] for p in c["parties"]) or "-"
        print(f"#{c['id']} [{c['status']}] до {c['deadline'] or '-'}  {c['predicate']} {c['object'] or ''}  ({sides})")
        print(f"    «{c['text']}»")
        for s in c["sources"]:
            print(f"    source {s['doc_id']} {s['date'] or '-'} [{s['start']}:{s['stop']}]")
        if c["done_source"]:
            d = c["done_source"]
            print(f"    done: {d['doc_id']} {d['date']} «{d['text']}»")
    return 0
