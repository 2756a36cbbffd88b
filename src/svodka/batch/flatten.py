"""The output datasets' schemas, and records flattened into rows for analytics.

`records` keeps each record whole (its JSON); `entities`, `figures` and `events` have one row
per item with the document's id and publication date, so that a query engine (DuckDB, Spark,
pandas) can count and join without parsing JSON. Nested parts (roles, event arguments,
attributes, a figure's time value) stay JSON strings.
"""

from __future__ import annotations

import json


def _schemas():
    import pyarrow as pa

    s, i, f = pa.string(), pa.int64(), pa.float64()
    doc = [("doc_id", s), ("published", s)]
    return {
        "records": pa.schema([("id", s), ("record", s)]),
        "entities": pa.schema(
            doc + [("eid", s), ("type", s), ("name", s), ("link", s), ("mentions", i),
                   ("first", i), ("roles", s)]
        ),
        "figures": pa.schema(
            doc + [("fid", s), ("kind", s), ("value", f), ("unit", s), ("item", s), ("approx", s),
                   ("total", f), ("time", s), ("time_value", s), ("start", i), ("stop", i), ("span", s)]
        ),
        "events": pa.schema(
            doc + [("vid", s), ("type", s), ("start", i), ("stop", i), ("trigger", s), ("args", s),
                   ("attrs", s)]
        ),
        "errors": pa.schema([("id", s), ("reason", s), ("source", s)]),
    }


DATASETS = ("records", "entities", "figures", "events", "errors")
_SCHEMAS = None


def schema(name: str):
    global _SCHEMAS
    if _SCHEMAS is None:
        _SCHEMAS = _schemas()
    return _SCHEMAS[name]


def _json(x) -> str | None:
    return None if x is None else json.dumps(x, ensure_ascii=False)


def _num(x) -> float | None:
    try:
        return None if x is None else float(x)
    except (TypeError, ValueError):
        return None


def rows(rec: dict) -> dict[str, list[dict]]:
    """Rows of the flattened datasets for one record."""
    doc = {"doc_id": rec["id"], "published": (rec.get("meta") or {}).get("published")}
    text = rec["text"]
    times = {t["id"]: t.get("value") for t in rec.get("times") or []}
    entities = [
        {
            **doc,
            "eid": e["id"],
            "type": e["type"],
            "name": e["name"],
            "link": e.get("link"),
            "mentions": len(e.get("mentions") or []),
            "first": min((m["start"] for m in e.get("mentions") or []), default=None),
            "roles": _json(e.get("roles") or []),
        }
        for e in rec.get("entities") or []
    ]
    figures = [
        {
            **doc,
            "fid": f["id"],
            "kind": f["kind"],
            "value": _num(f.get("value")),
            "unit": f.get("unit"),
            "item": f.get("item"),
            "approx": f.get("approx"),
            "total": _num(f.get("total")),
            "time": f.get("time"),
            "time_value": _json(times.get(f.get("time"))),
            "start": f["start"],
            "stop": f["stop"],
            "span": text[f["start"] : f["stop"]],
        }
        for f in rec.get("figures") or []
    ]
    events = [
        {
            **doc,
            "vid": v["id"],
            "type": v["type"],
            "start": v["start"],
            "stop": v["stop"],
            "trigger": text[v["start"] : v["stop"]],
            "args": _json(v.get("args") or {}),
            "attrs": _json(v.get("attrs") or {}),
        }
        for v in rec.get("events") or []
    ]
    return {"entities": entities, "figures": figures, "events": events}
