"""svodka export --format jsonl|csv|xlsx|brat [-o PATH]: the stored corpus, for other tools.

jsonl: one record per line (as stored). csv: one fact table (--table). xlsx: a workbook for
analysts, one sheet each for figures, series, commitments, events and people (openpyxl).
brat: a folder of DOC.txt + DOC.ann (standoff: entity mentions, figures, times, event
triggers and arguments).
"""

from __future__ import annotations

import csv
import os
import sys

from .common import output
from .storeopts import add_store_options, dump, open_from

TABLES = ("entities", "roles", "affiliations", "figures", "events", "quotes", "documents")


def add_parser(sub, name):
    p = sub.add_parser(name, help="export the store as JSON Lines, CSV, an Excel workbook or brat standoff")
    p.add_argument("--format", choices=("jsonl", "csv", "xlsx", "brat"), default="jsonl")
    p.add_argument(
        "--table", choices=TABLES, default="entities", help="for csv: which table (default entities)"
    )
    p.add_argument(
        "-o", "--output", metavar="PATH", help="file (jsonl, csv; xlsx: required) or folder (brat; required)"
    )
    add_store_options(p)
    return p


def brat(rec: dict) -> str:
    """The .ann of one record: T lines for spans, E lines for events, A for figure values."""
    lines, n = [], 0
    text = rec["text"]

    def t(type_, start, stop):
        nonlocal n
        n += 1
        frag = text[start:stop].replace("\n", " ")
        lines.append(f"T{n}\t{type_} {start} {stop}\t{frag}")
        return f"T{n}"

    first = {}
    for e in rec.get("entities") or []:
        for m in e.get("mentions") or []:
            tid = t(e["type"], m["start"], m["stop"])
            first.setdefault(e["id"], tid)
    for f in rec.get("figures") or []:
        tid = t(f["kind"].upper(), f["start"], f["stop"])
        note = " ".join(str(x) for x in (f["value"], f.get("unit"), f.get("item")) if x is not None)
        lines.append(f"#{len(lines)}\tAnnotatorNotes {tid}\t{note}")
    for x in rec.get("times") or []:
        t("DATE", x["start"], x["stop"])
    for i, v in enumerate(rec.get("events") or [], 1):
        trig = t(v["type"].capitalize(), v["start"], v["stop"])
        args = " ".join(
            f"{role.capitalize()}:{first[a]}"
            for role, xs in (v.get("args") or {}).items()
            for a in xs
            if a in first
        )
        lines.append(f"E{i}\t{v['type'].capitalize()}:{trig}" + (f" {args}" if args else ""))
    return "\n".join(lines) + ("\n" if lines else "")


class _Book:
    def __init__(self, wb, rows: int):
        self.wb, self.rows = wb, rows

    def save_to(self, path: str) -> int:
        self.wb.save(path)
        return self.rows


def _cell(v):
    """A value a sheet cell holds: numbers and text as they are, lists joined, dicts as JSON."""
    import json

    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, list | tuple):
        return "; ".join(str(_cell(x)) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v


def _named(xs) -> list[str]:
    return [x.get("name") or str(x.get("id")) if isinstance(x, dict) else str(x) for x in xs or []]


def _doc(source):
    """The document a source names: a tracked commitment's {doc_id, ...}, a story's {id, ...}."""
    if isinstance(source, dict):
        return source.get("doc_id") or source.get("id")
    return source


def workbook(store) -> _Book:
    """The workbook of `svodka export --format xlsx`: figures, series, commitments, events, people."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError as e:  # pragma: no cover - the store extra is not installed
        raise SystemExit("svodka export --format xlsx needs openpyxl: pip install 'svodka[store]'") from e
    sheets: dict[str, tuple[list[str], list[list]]] = {}
    sheets["figures"] = store.table("figures")
    series = store.figures(limit=100_000)
    sheets["series"] = (
        ["series_id", "owner", "kind", "measure", "unit", "date", "value", "approx", "as_written", "doc_id"],
        [[s["id"], s["owner"]["name"], s["kind"], s.get("measure") or s.get("item"), s.get("unit"), p["date"],
          p["value"], p["approx"], p["text"], p["source"]["id"]] for s in series for p in s["points"]],
    )
    commitments = getattr(store, "commitments", None)
    items = commitments() if callable(commitments) else []
    sheets["commitments"] = (
        ["id", "text", "predicate", "object", "figures", "deadline", "parties", "status", "sources", "done_source"],
        [[c.get("id"), c.get("text"), c.get("predicate"), c.get("object"), c.get("figures"), c.get("deadline"),
          _named(c.get("parties")), c.get("status"),
          [_doc(x) for x in c.get("sources") or []], _doc(c.get("done_source"))]
         for c in items],
    )
    stories = store.events(limit=1_000_000)
    sheets["events"] = (
        ["story_id", "type", "first_date", "last_date", "reports", "participants", "sources"],
        [[s["id"], s["type"], s["first_date"], s["last_date"], s["n"],
          "; ".join(f"{role}: " + ", ".join(_named(xs)) for role, xs in s["args"].items()),
          list(dict.fromkeys(x["id"] for x in s["sources"]))] for s in stories],
    )
    sheets["people"] = (
        ["id", "name", "documents", "posts", "also_written", "aliases"],
        [[p["id"], p["name"], p["documents"],
          [x["title"] + (f" ({x['of']})" if x.get("of") else "") for x in p["posts"]],
          sorted({v for x in p["posts"] for v in x.get("variants", []) if v != x["title"]}),
          p["aliases"]] for p in store.people()],
    )
    wb = Workbook()
    wb.remove(wb.active)
    total = 0
    for name, (header, rows) in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(list(header))
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in rows:
            ws.append([_cell(v) for v in r])
        ws.freeze_panes = "A2"
        for i, h in enumerate(header):
            width = max([len(str(h)), *(len(str(_cell(r[i]) or "")) for r in rows[:200])])
            ws.column_dimensions[ws.cell(1, i + 1).column_letter].width = min(60, width + 2)
        total += len(rows)
    return _Book(wb, total)


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "doc"


def run(args) -> int:
    n = 0
    with open_from(args) as store:
        if args.format == "jsonl":
            import json

            with output(args.output) as out:
                for rec in store.records():
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    n += 1
        elif args.format == "csv":
            header, rows = store.table(args.table)
            with output(args.output) as out:
                w = csv.writer(out)
                w.writerow(header)
                w.writerows(rows)
            n = len(rows)
        elif args.format == "xlsx":
            if not args.output or args.output == "-":
                print("svodka export --format xlsx needs -o FILE.xlsx", file=sys.stderr)
                return 2
            n = workbook(store).save_to(args.output)
        else:
            if not args.output:
                print("svodka export --format brat needs -o FOLDER", file=sys.stderr)
                return 2
            os.makedirs(args.output, exist_ok=True)
            for rec in store.records():
                base = os.path.join(args.output, _safe(str(rec["id"])))
                with open(base + ".txt", "w", encoding="utf-8", newline="") as f:
                    f.write(rec["text"])
                with open(base + ".ann", "w", encoding="utf-8") as f:
                    f.write(brat(rec))
                n += 1
    if args.json:
        dump({"format": args.format, "exported": n, "output": args.output})
    return 0
