"""svodka stats [--json]: what the store holds."""

from __future__ import annotations

from .storeopts import add_store_options, dump, open_from


def add_parser(sub, name):
    p = sub.add_parser(name, help="counts of documents, entities, events, figures, ... in the store")
    add_store_options(p)
    return p


def run(args) -> int:
    with open_from(args) as store:
        st = store.stats()
    if args.json:
        dump(st)
        return 0
    for k, v in st.items():
        if isinstance(v, dict):
            v = ", ".join(f"{a} {b}" for a, b in v.items())
        print(f"{k:20} {v}")
    return 0
