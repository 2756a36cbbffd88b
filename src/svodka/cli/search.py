"""svodka search QUERY [filters]: ranked full-text search over lemmas, with snippets."""

from __future__ import annotations

from .storeopts import add_store_options, dump, open_from


def add_parser(sub, name):
    p = sub.add_parser(
        name, help="search the corpus", description="Full-text search (any word form) with filters."
    )
    p.add_argument("query", nargs="?", default=None, help="words to find (all of them); omit to filter only")
    p.add_argument("--entity", help="documents mentioning this entity (name or canonical id)")
    p.add_argument(
        "--event", help="documents with an event of this type (visit, talks, agreement, statement)"
    )
    p.add_argument("--topic", help="documents on this topic code")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="published on or after (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="published on or before (YYYY-MM-DD)")
    p.add_argument("-n", "--limit", type=int, default=20)
    p.add_argument("--offset", type=int, default=0)
    add_store_options(p)
    return p


def run(args) -> int:
    with open_from(args) as store:
        hits = store.search(
            args.query,
            entity=args.entity,
            event=args.event,
            topic=args.topic,
            date_from=args.date_from,
            date_to=args.date_to,
            limit=args.limit,
            offset=args.offset,
        )
    if args.json:
        dump(hits)
        return 0
    if not hits:
        # an answer, not an error: the query ran and found nothing
        print("no documents match" + (f" {args.query.strip()!r}" if args.query and args.query.strip() else ""))
        return 0
    for h in hits:
        score = f"  score {h['score']:.3f}" if h["score"] is not None else ""
        print(f"{h['id']}  {h['published'] or '-'}{score}  {h['title'] or ''}")
        print(f"    {h['snippet']}")
    return 0
