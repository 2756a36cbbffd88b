"""svodka events [--type T] [--entity NAME]: stories (the same event across articles)."""

from __future__ import annotations

from ..names.linking import with_country
from .storeopts import add_store_options, dump, open_from


def add_parser(sub, name):
    p = sub.add_parser(name, help="stories: events clustered across articles, with their sources")
    p.add_argument("--type", help="visit, talks, agreement, statement")
    p.add_argument("--entity", help="stories with this participant (name or canonical id)")
    p.add_argument("-n", "--limit", type=int, default=50)
    add_store_options(p)
    return p


def run(args) -> int:
    with open_from(args) as store:
        stories = store.events(type=args.type, entity=args.entity, limit=args.limit)
    if args.json:
        dump(stories)
        return 0
    for s in stories:
        when = s["first_date"] or "-"
        if s["last_date"] and s["last_date"] != s["first_date"]:
            when += f"..{s['last_date']}"
        who = "; ".join(f"{r}: " + ", ".join(with_country(a["name"], a.get("country")) for a in xs)
                        for r, xs in s["args"].items())
        ids = list(dict.fromkeys(x["id"] for x in s["sources"]))
        print(
            f"#{s['id']} {s['type']} {when}  {who}  [{len(ids)} sources: "
            + ", ".join(ids[:5])
            + "]"
        )
    return 0
