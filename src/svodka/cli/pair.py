"""svodka pair A [B]: the dossier of two countries (or the pairs one country belongs to)."""

from __future__ import annotations

from ..names.linking import with_country
from ..web.render import fmt_number
from .storeopts import add_store_options, dump, open_from


def add_parser(sub, name):
    p = sub.add_parser(
        name,
        help="dossier of two countries: timeline, figure series, commitments, officials, quotes",
        description="Countries in any form: Казахстан, РК, Казахстана, iso:KZ, KZ. With one country: "
        "the pairs it belongs to.",
    )
    p.add_argument("a", metavar="COUNTRY")
    p.add_argument("b", metavar="OTHER", nargs="?", default=None)
    p.add_argument("--as-of", metavar="DATE", default=None, help="status of commitments on this date (default today)")
    add_store_options(p)
    return p


def _sources(xs, n=4) -> str:
    # stories cite documents by `id`, tracked commitments by `doc_id`
    ids = list(dict.fromkeys(x.get("doc_id") or x.get("id") for x in xs))
    return ", ".join(ids[:n]) + (f" +{len(ids) - n}" if len(ids) > n else "")


def _who(story: dict) -> str:
    parts = []
    for role, xs in story["args"].items():
        names = ", ".join(with_country(x["name"], x.get("country"))
                          + (f" ({x['side']})" if x.get("side") and x["side"] != x["name"] else "")
                          for x in xs)
        parts.append(f"{role}: {names}")
    return "; ".join(parts)


def _value(p: dict, unit: str | None) -> str:
    return " ".join(x for x in (fmt_number(p["value"]), unit) if x)


def run(args) -> int:
    with open_from(args) as store:
        if args.b is None:
            d = store.pairs_of(args.a)
            if d is None:
                print(f"no country {args.a!r} in the corpus")
                return 1
            if args.json:
                dump(d)
                return 0
            c = d["country"]
            print(f"{c['name']}  [{c['link']}]  {c['documents']} documents; pairs:")
            for p in d["pairs"]:
                print(f"  {c['name']} – {p['name']}  {p['documents']} documents, {p['series']} series"
                      f"    svodka pair {c['link']} {p['link']}")
            return 0
        d = store.pair(args.a, args.b, as_of=args.as_of)
    if d is None:
        print(f"no pair {args.a!r} – {args.b!r}: both must be countries named in the corpus "
              "(svodka pair COUNTRY lists the pairs of one)")
        return 1
    if args.json:
        dump(d)
        return 0
    a, b = d["countries"]
    print(f"{a['name']} – {b['name']}  (as of {d['as_of']}; {len(d['documents'])} documents name both)")
    print("\ntimeline (visits, talks, agreements):")
    for s in d["timeline"]:
        when = s["first_date"] or "undated"
        if s["last_date"] and s["last_date"] != s["first_date"]:
            when += f"..{s['last_date']}"
        print(f"  {when:22} {s['type']:9} {_who(s)}  [{_sources(s['sources'])}]")
    if not d["timeline"]:
        print("  none")
    print("\nfigure series:")
    for s in d["series"]:
        what = " · ".join(x for x in (s.get("measure") or s.get("item"), s["kind"], s.get("unit")) if x)
        print(f"  #{s['id']} {what}")
        for p in s["points"]:
            print(f"      {p['date'] or '-':10}  {_value(p, s.get('unit')):>22}  «{p['text']}»  ({p['source']['id']})")
    if not d["series"]:
        print("  none")
    print("\ncommitments:")
    for c in d["commitments"]:
        done = c.get("done_source")
        print(f"  [{c.get('status')}] {c.get('deadline') or 'no deadline'}  {c.get('text')}"
              f"  ({_sources(c.get('sources') or [])})"
              + (f"  done: {done.get('doc_id') or done.get('id')}" if isinstance(done, dict) else ""))
    if not d["commitments"]:
        print("  none tracked")
    print("\nofficials:")
    for p in d["officials"]:
        posts = "; ".join(
            x["title"] + (f" ({with_country(x['of'], x.get('of_country'))})" if x.get("of") else "")
            + (f" [also: {', '.join(v for v in x['variants'] if v != x['title'])}]"
               if any(v != x["title"] for v in x.get("variants", [])) else "")
            for x in p["posts"])
        print(f"  {p['side']}: {p['name']} — {posts or 'post unknown'}  ({p['events']} events)")
    if not d["officials"]:
        print("  none")
    print("\nquotes:")
    for q in d["quotes"]:
        text = q["text"] if len(q["text"]) <= 160 else q["text"][:159] + "…"
        print(f"  {q['speaker']['name']}, {q['published'] or 'undated'}: «{text}»  ({q['doc_id']})")
    if not d["quotes"]:
        print("  none")
    return 0
