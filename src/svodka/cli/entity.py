"""svodka entity NAME: the dossier of a person, body or place across the corpus."""

from __future__ import annotations

from ..names.linking import with_country
from .storeopts import add_store_options, dump, open_from


def add_parser(sub, name):
    p = sub.add_parser(
        name,
        help="dossier of an entity: posts with sources, events, quotes, co-mentioned",
        description="NAME in any case form, a canonical id, or a link (iso:RU).",
    )
    p.add_argument("name", nargs="+", help="name, canonical id or link")
    p.add_argument("--all", action="store_true", help="list every matching canonical entity, not the dossier")
    add_store_options(p)
    return p


def _src(sources, n=5) -> str:
    ids = list(dict.fromkeys(s["id"] for s in sources))  # a story may cite one article twice
    more = f" +{len(ids) - n}" if len(ids) > n else ""
    return ", ".join(ids[:n]) + more


def run(args) -> int:
    name = " ".join(args.name)
    with open_from(args) as store:
        if args.all:
            found = store.find_entities(name, limit=50)
            if args.json:
                dump(found)
            for e in found if not args.json else []:
                print(f"{e['id']}\t{e['type']}\t{with_country(e['name'], e.get('country'))}\t{e['link'] or ''}"
                      f"\t{e['documents']} documents")
            return 0 if found else 1
        d = store.entity(name)
    if d is None:
        print(f"no entity {name!r}")
        return 1
    if args.json:
        dump(d)
        return 0
    link = f", {d['link']}" if d["link"] else ""
    print(f"{with_country(d['name'], d.get('country'))}  [{d['type']}, id {d['id']}{link}]  {d['documents']} documents")
    others = [a["name"] for a in d["aliases"] if a["name"] != d["name"]]
    if others:
        print("also: " + "; ".join(others[:10]))
    if d["posts"]:
        print("posts:")
        for p in d["posts"]:
            seen = f" ({p['first_seen']} .. {p['last_seen']})" if p["first_seen"] else ""
            of = f" — {with_country(p['of'], p.get('of_country'))}" if p["of"] else ""
            variants = [v for v in p.get("variants", []) if v != p["title"]]
            written = f" [also written: {', '.join(variants)}]" if variants else ""
            print(f"  {p['title']}{of}{written}{seen}  sources: {_src(p['sources'])}")
    if d["events"]:
        print("events:")
        for v in d["events"][:15]:
            who = "; ".join(f"{r}: " + ", ".join(with_country(a["name"], a.get("country")) for a in xs)
                            for r, xs in v["args"].items())
            print(f"  {v['type']} {v['first_date'] or ''}  {who}  sources: {_src(v['sources'])}")
    if d["quotes"]:
        print("quotes:")
        for q in d["quotes"][:10]:
            text = q["text"] if len(q["text"]) <= 150 else q["text"][:149] + "…"
            print(f"  «{text}»  ({q['doc_id']})")
    if d["co_mentioned"]:
        print("co-mentioned: " + ", ".join(f"{with_country(c['name'], c.get('country'))} ({c['documents']})"
                                          for c in d["co_mentioned"][:12]))
    return 0
