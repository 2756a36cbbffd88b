"""svodka export --format jsonl|csv|brat [-o PATH]: the stored corpus, for other tools.

jsonl: one record per line (as stored). csv: one fact table (--table). brat: a folder of
DOC.txt + DOC.ann (standoff: entity mentions, figures, times, event triggers and arguments).
"""

from __future__ import annotations

import csv
import os
import sys

from .common import output
from .storeopts import add_store_options, dump, open_from

TABLES = ("entities", "roles", "figures", "events", "quotes", "documents")


def add_parser(sub, name):
    p = sub.add_parser(name, help="export the store as JSON Lines, CSV or brat standoff")
    p.add_argument("--format", choices=("jsonl", "csv", "brat"), default="jsonl")
    p.add_argument(
        "--table", choices=TABLES, default="entities", help="for csv: which table (default entities)"
    )
    p.add_argument("-o", "--output", metavar="PATH", help="file (jsonl, csv) or folder (brat; required)")
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
