"""svodka figures [--item X] [--measure M] [--entity NAME] [--unit U]: figure series across articles."""

from __future__ import annotations

from ..names.linking import with_country
from .storeopts import add_store_options, dump, open_from


def add_parser(sub, name):
    p = sub.add_parser(name, help="figure series: the same item and unit for the same owner over time")
    p.add_argument("--item", help="what is counted or measured (lemma, e.g. «проект»)")
    p.add_argument("--measure", help="what a sum or percent is of (e.g. «товарооборот»)")
    p.add_argument("--entity", help="owner (name or canonical id)")
    p.add_argument("--unit", help="USD, RUB, тонна, ...")
    p.add_argument("-n", "--limit", type=int, default=50)
    add_store_options(p)
    return p


def run(args) -> int:
    with open_from(args) as store:
        series = store.figures(
            item=args.item, entity=args.entity, unit=args.unit, limit=args.limit, measure=args.measure
        )
    if args.json:
        dump(series)
        return 0
    for s in series:
        what = " ".join(x for x in (s["kind"], s["unit"]) if x)
        owner = s["owner"]["name"] and with_country(s["owner"]["name"], s["owner"].get("country"))
        name = " · ".join(x for x in (owner, s.get("measure") or s["item"], what) if x)
        print(f"#{s['id']} {name}")
        for p in s["points"]:
            print(f"    {p['date'] or '-'}  {p['value']}  «{p['text']}»  ({p['source']['id']})")
    return 0
