"""A record as HTML: the text with its items marked, and the lists of the side panel.

Every piece of article text goes through `escape`; only the tags written here are markup.
Marks may nest (a name inside a quote) or cross (a quote ending inside a name); a crossing
mark is closed and reopened, so one item can be several elements sharing its `data-ref`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..names.linking import country_name, with_country

ENTITY_TYPES = {"PER": "person", "ORG": "organisation", "LOC": "place", "FAC": "facility"}
EVENT_ROLES = {"visitor": "visitor", "host": "host", "place": "place", "participants": "participants",
               "parties": "parties", "speaker": "speaker"}
# which marks open first at the same offset: the wider layers outside
LAYER_ORDER = {"quote": 0, "event": 1, "role": 2, "figure": 3, "time": 4, "entity": 5, "body": 5}


@dataclass
class Mark:
    start: int
    stop: int
    layer: str  # entity, body, role, figure, time, quote, event
    ref: str  # item id shared by the pieces of one item and its panel entry
    css: str
    title: str


def fmt_number(x) -> str:
    """26500000000 → '26 500 000 000'; 2.5 → '2,5' (Russian decimal comma)."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return str(x)
    if isinstance(x, float) and not x.is_integer():
        whole, _, frac = f"{x:,.6f}".rstrip("0").partition(".")
        return whole.replace(",", " ") + ("," + frac if frac else "")
    return f"{int(x):,}".replace(",", " ")


def fmt_time(value) -> str:
    if isinstance(value, dict):
        return f"{value.get('from') or '…'} – {value.get('to') or '…'}"
    return str(value)


def marks(record: dict) -> list[Mark]:
    names = {e["id"]: e["name"] for e in record.get("entities", [])}
    out: list[Mark] = []
    for e in record.get("entities", []):
        kind = ENTITY_TYPES.get(e["type"], e["type"])
        for m in e.get("mentions", []):
            out.append(Mark(m["start"], m["stop"], "entity", e["id"], f"ent ent-{e['type']}",
                            f"{kind}: {e['name']}"))
        for i, r in enumerate(e.get("roles", []), 1):
            of = names.get(r.get("of"))
            out.append(Mark(r["start"], r["stop"], "role", f"{e['id']}r{i}", "role",
                            f"post: {r['title']}" + (f" ({of})" if of else "") + f" — {e['name']}"))
    for b in record.get("bodies") or []:
        # a generic body («правительство»): no name, so its own style beside the entities'
        for m in b.get("mentions", []):
            # a reader checking the record sees which countries the text did not state
            inferred = b.get("country") and not m.get("country_named", True)
            where = names.get(b.get("place"))  # a region's or city's body
            out.append(Mark(m["start"], m["stop"], "body", b["id"], "body",
                            f"body: {b['name']} · {where}" if where else
                            f"body: {with_country(b['name'], b.get('country'))}"
                            + (" (country from context)" if inferred else "")))
    for f in record.get("figures", []):
        what = " ".join(x for x in (fmt_number(f["value"]), f.get("unit"), f.get("item")) if x)
        out.append(Mark(f["start"], f["stop"], "figure", f["id"], f"fig fig-{f['kind']}",
                        f"{f['kind']}: {what}"))
    for t in record.get("times", []):
        out.append(Mark(t["start"], t["stop"], "time", t["id"], f"time time-{t['kind']}",
                        f"{t['kind']}: {fmt_time(t['value'])}"))
    for q in record.get("quotes", []):
        who = names.get(q.get("speaker")) or "speaker unknown"
        out.append(Mark(q["start"], q["stop"], "quote", q["id"], "quote", f"quote: {who}"))
    for v in record.get("events", []):
        out.append(Mark(v["start"], v["stop"], "event", v["id"], f"ev ev-{v['type']}", f"event: {v['type']}"))
    return out


def _open(m: Mark) -> str:
    return (f'<span class="mk {escape(m.css)}" data-ref="{escape(m.ref)}" data-layer="{m.layer}" '
            f'title="{escape(m.title)}">')


def marked_text(text: str, items: list[Mark]) -> Markup:
    """`text` escaped, with a <span> around each mark (split where marks cross)."""
    n = len(text)
    items = [m for m in items if 0 <= m.start < m.stop <= n]
    items.sort(key=lambda m: (m.start, -m.stop, LAYER_ORDER.get(m.layer, 9)))
    starts: dict[int, list[Mark]] = defaultdict(list)
    for m in items:
        starts[m.start].append(m)
    points = sorted({0, n, *(m.start for m in items), *(m.stop for m in items)})
    out: list[str] = []
    stack: list[Mark] = []
    pos = 0
    for p in points:
        out.append(str(escape(text[pos:p])))
        pos = p
        ending = [i for i, m in enumerate(stack) if m.stop == p]
        if ending:
            # close everything above the lowest ending mark; reopen those that go on
            cut = ending[0]
            reopen = [m for m in stack[cut:] if m.stop != p]
            out.append("</span>" * (len(stack) - cut))
            del stack[cut:]
            for m in reopen:
                out.append(_open(m))
                stack.append(m)
        for m in starts.get(p, ()):
            out.append(_open(m))
            stack.append(m)
    out.append("</span>" * len(stack))
    return Markup("".join(out))


def highlighted(text: str, spans) -> Markup:
    """A search snippet, escaped, with the matched words in <mark>."""
    out, pos = [], 0
    for start, stop in sorted((int(a), int(b)) for a, b in spans):
        if start < pos or stop > len(text):
            continue
        out.append(f"{escape(text[pos:start])}<mark>{escape(text[start:stop])}</mark>")
        pos = stop
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def panel(record: dict) -> dict:
    """What the side panel lists, each entry with the `ref` of its marks and its text span."""
    text = record.get("text", "")
    ents = {e["id"]: e for e in record.get("entities", [])}

    def name(eid):
        return ents[eid]["name"] if eid in ents else eid

    def span(x):
        return text[x["start"]:x["stop"]]

    entities = defaultdict(list)
    posts = []
    for e in record.get("entities", []):
        entities[e["type"]].append({"ref": e["id"], "name": e["name"], "link": e.get("link"),
                                    "country": country_name(e.get("country")) or e.get("country"),
                                    "count": len(e.get("mentions", []))})
        for i, r in enumerate(e.get("roles", []), 1):
            posts.append({"ref": f"{e['id']}r{i}", "person": e["name"], "title": r["title"],
                          "of": name(r["of"]) if r.get("of") else None})
    times = {t["id"]: t for t in record.get("times", [])}
    figures = [{"ref": f["id"], "kind": f["kind"], "text": span(f), "value": fmt_number(f["value"]),
                "unit": f.get("unit"), "item": f.get("item"), "approx": f.get("approx"),
                "total": fmt_number(f["total"]) if f.get("total") is not None else None,
                "time": fmt_time(times[f["time"]]["value"]) if f.get("time") in times else None}
               for f in record.get("figures", [])]
    return {
        "entities": {t: entities[t] for t in sorted(entities, key=lambda t: list(ENTITY_TYPES).index(t)
                                                    if t in ENTITY_TYPES else 99)},
        # a region's or city's body shows its place where another shows its country
        "bodies": [{"ref": b["id"], "name": b["name"],
                    "country": name(b["place"]) if b.get("place")
                    else country_name(b.get("country")) or b.get("country"),
                    "count": len(b.get("mentions", []))} for b in record.get("bodies") or []],
        "posts": posts,
        "figures": figures,
        "times": [{"ref": t["id"], "kind": t["kind"], "text": span(t), "value": fmt_time(t["value"])}
                  for t in record.get("times", [])],
        "quotes": [{"ref": q["id"], "speaker": name(q["speaker"]) if q.get("speaker") else None,
                    "speaker_ref": q.get("speaker"), "text": span(q)} for q in record.get("quotes", [])],
        "events": [{"ref": v["id"], "type": v["type"], "trigger": span(v),
                    "args": [(role, [name(x) for x in xs]) for role, xs in v.get("args", {}).items() if xs],
                    "attrs": {k: a for k, a in v.get("attrs", {}).items() if a}}
                   for v in record.get("events", [])],
        "topics": list(record.get("topics", [])),
        # the words behind each topic, shown on hover («торговли, товарооборот»)
        "topic_evidence": {c: ", ".join(dict.fromkeys(span(x) for x in xs))
                           for c, xs in (record.get("topic_evidence") or {}).items()},
    }
