"""Commitments tracked across articles: the same promise reported again is one item, and a
later report of its result marks it done.

Written with each document (`_write_commitments`, called from write.py): a record's
commitment joins the tracked item with the same predicate key, the same deadline, sides that
overlap and objects that share a lemma (or either without one), else it starts a new item;
each report is a source. A record's results are kept as they are (`results`). The *sides* of a
commitment are the canonical entities of its parties, a person with the owners of their posts
(the country or body they speak for), so that «Бектенов и Мишустин» and «Казахстан и Россия»
are the same sides.

Read (`commitments`): each item's status against a date (default today): `reported done` when
a result with the same key, overlapping sides and object was published after the item's first
report and by that date; else `due` when its deadline has passed; else `open`.
"""

from __future__ import annotations

import json
from datetime import date

from ..stages.dates import last_day
from . import linking
from .text import lemmas

STATUSES = ("open", "due", "reported done")
_PREFIXES = ("по",)  # «построить» and «строительство» share the key «строи»
KEY_LETTERS = 5


def predicate_key(lemma: str) -> str:
    """What is to be done, coarsely: a verb and its noun share the key («реконструировать»,
    «реконструкция» → «рекон»; «создать», «создание» → «созда»)."""
    w = lemma.lower().replace("ё", "е")
    for p in _PREFIXES:
        if w.startswith(p) and len(w) > len(p) + KEY_LETTERS:
            w = w[len(p):]
    return w[:KEY_LETTERS]


def _ids(text: str | None) -> set[int]:
    return {int(x) for x in text.split(",") if x} if text else set()


def _join(ids) -> str:
    return ",".join(str(i) for i in sorted(ids))


def _meets(a: set, b: set) -> bool:
    return not a or not b or bool(a & b)


FIGURE_DRIFT = 1.25  # a figure reported again may be rounded or updated, not multiplied


def _figures_agree(a: dict, b: dict) -> bool:
    """Two reports' figures of the same kind, unit and item are close («более 11 тыс. рабочих
    мест» and «1200 рабочих мест» are two promises)."""
    for k in a.keys() & b.keys():
        x, y = abs(a[k]), abs(b[k])
        if min(x, y) == 0 or max(x, y) / min(x, y) > FIGURE_DRIFT:
            return False
    return True


class CommitmentsMixin:
    """Tracked commitments; mixed into Store (base.py)."""

    def _sides(self, rec: dict, canon: dict, eids: list[str]) -> set[int]:
        ents = {e["id"]: e for e in rec.get("entities") or []}
        out = set()
        for eid in eids:
            if canon.get(eid) is not None:
                out.add(canon[eid])
            for r in (ents.get(eid) or {}).get("roles") or []:
                if r.get("of") and canon.get(r["of"]) is not None:
                    out.add(canon[r["of"]])
        return out

    def _item_figures(self, item: int) -> dict:
        out = {}
        for doc_id, fids in self._rows("SELECT doc_id, figures FROM commitment_sources WHERE commitment_id = ?",
                                       (item,)):
            for fid in json.loads(fids or "[]"):
                row = self._one("SELECT kind, unit, item, value FROM figures WHERE doc_id = ? AND fid = ?",
                                (doc_id, fid))
                if row and row[3] is not None:
                    out.setdefault(tuple(row[:3]), row[3])
        return out

    def _write_commitments(self, doc_id: str, rec: dict, canon: dict, times: dict, day) -> None:
        when = day and day.isoformat()
        text = rec["text"]
        figures = {f["id"]: f for f in rec.get("figures") or []}
        for c in rec.get("commitments") or []:
            key = predicate_key(c["predicate"])
            deadline = last_day(times.get(c.get("deadline"))) or ""
            sides = self._sides(rec, canon, c.get("parties") or [])
            obj = lemmas(c.get("object"))
            figs = {(f["kind"], f.get("unit"), f.get("item")): f["value"]
                    for f in (figures.get(x) for x in c.get("figures") or []) if f and f.get("value") is not None}
            item = None
            for cid, parties, objs in self._rows(
                "SELECT id, parties, object_lemmas FROM commitments WHERE pkey = ? AND deadline = ? ORDER BY id",
                (key, deadline),
            ):
                if (_meets(sides, _ids(parties)) and _meets(set(obj.split()), set((objs or "").split()))
                        and _figures_agree(figs, self._item_figures(cid))):
                    item = cid
                    break
            if item is None:
                item = self._one(
                    "INSERT INTO commitments (pkey, predicate, object, object_lemmas, deadline, parties,"
                    " first_date, last_date, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id",
                    (key, c["predicate"], c.get("object"), obj, deadline, _join(sides), when, when),
                )[0]
            else:
                old = self._one("SELECT parties, first_date, last_date FROM commitments WHERE id = ?", (item,))
                dates = [d for d in (old[1], old[2], when) if d]
                self._x(
                    "UPDATE commitments SET parties = ?, first_date = ?, last_date = ? WHERE id = ?",
                    (_join(_ids(old[0]) | sides), min(dates) if dates else None,
                     max(dates) if dates else None, item),
                )
            self._x("UPDATE commitments SET n = n + 1 WHERE id = ?", (item,))
            self._x(
                "INSERT INTO commitment_sources (doc_id, cid, commitment_id, start, stop, date, text,"
                " source, figures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, c["id"], item, c["start"], c["stop"], when, text[c["start"]:c["stop"]],
                 c.get("source"), json.dumps(c.get("figures") or [])),
            )
        self._many(
            "INSERT INTO results (doc_id, rid, pkey, predicate, object_lemmas, parties, start, stop, date, text)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (doc_id, r["id"], predicate_key(r["predicate"]), r["predicate"], lemmas(r.get("object")),
                 _join(self._sides(rec, canon, r.get("parties") or [])), r["start"], r["stop"], when,
                 text[r["start"]:r["stop"]])
                for r in rec.get("results") or []
            ],
        )

    def commitments(
        self, pair: tuple[str, str] | None = None, country: str | None = None, as_of: str | None = None
    ) -> list[dict]:
        """Tracked commitments with their status on `as_of` (ISO date; default today), those
        between the two sides of `pair` or of one `country` (names or canonical ids). Each:
        id, text, predicate, object, figures, deadline (ISO date or null), parties, status,
        sources (document id, span, date) and done_source; soonest deadline first."""
        day = (linking.parse_date(as_of) if as_of else None) or date.today()
        if as_of and linking.parse_date(as_of) is None:
            raise ValueError(f"as_of is not an ISO date: {as_of!r}")
        on = day.isoformat()
        wanted: list[set[int]] = []
        for name in (pair or ()) if pair else ((country,) if country else ()):
            ids = set(self._canon_ids(name))
            if not ids:
                return []
            wanted.append(ids)
        names: dict[int, tuple[str, str]] = {}
        out = []
        rows = self._rows(
            "SELECT id, pkey, predicate, object, object_lemmas, deadline, parties FROM commitments"
            " WHERE first_date IS NULL OR first_date <= ? ORDER BY id",
            (on,),
        )
        for cid, key, pred, obj, objs, deadline, parties in rows:
            sides = _ids(parties)
            if any(not (w & sides) for w in wanted):
                continue
            sources = [
                {"doc_id": d, "cid": c, "start": s, "stop": e, "date": dt, "text": t, "source": src,
                 "figures": json.loads(f or "[]")}
                for d, c, s, e, dt, t, src, f in self._rows(
                    "SELECT doc_id, cid, start, stop, date, text, source, figures FROM commitment_sources"
                    " WHERE commitment_id = ? AND (date IS NULL OR date <= ?) ORDER BY date, doc_id",
                    (cid, on),
                )
            ]
            if not sources:
                continue
            first = min((s["date"] for s in sources if s["date"]), default=None)
            done = self._done(key, sides, set((objs or "").split()), first, on, {s["doc_id"] for s in sources})
            if done is not None:
                status = "reported done"
            elif deadline and deadline < on:
                status = "due"
            else:
                status = "open"
            for i in sides - names.keys():
                row = self._one("SELECT name, type FROM canon WHERE id = ?", (i,))
                names[i] = row if row else ("", "")
            out.append({
                "id": cid,
                "text": sources[0]["text"],
                "predicate": pred,
                "object": obj,
                "figures": self._commitment_figures(sources),
                "deadline": deadline or None,
                "parties": [{"id": i, "name": names[i][0], "type": names[i][1]} for i in sorted(sides)],
                "status": status,
                "sources": sources,
                "done_source": done,
            })
        out.sort(key=lambda x: (x["deadline"] or "9999", x["id"]))
        return out

    def _done(self, key: str, sides: set[int], objs: set[str], first: str | None, on: str,
              own_docs: set[str]) -> dict | None:
        """The first result of this commitment published after its first report, by `on`."""
        for d, r, s, e, dt, t, parties, robj in self._rows(
            "SELECT doc_id, rid, start, stop, date, text, parties, object_lemmas FROM results"
            " WHERE pkey = ? AND date IS NOT NULL AND date <= ? ORDER BY date, doc_id, start",
            (key, on),
        ):
            if d in own_docs or (first is not None and dt <= first):
                continue
            if _meets(sides, _ids(parties)) and _meets(objs, set((robj or "").split())):
                return {"doc_id": d, "rid": r, "start": s, "stop": e, "date": dt, "text": t}
        return None

    def _commitment_figures(self, sources: list[dict]) -> list[dict]:
        out = []
        for s in sources:
            for fid in s["figures"]:
                row = self._one(
                    "SELECT kind, value, unit, item, approx, total FROM figures WHERE doc_id = ? AND fid = ?",
                    (s["doc_id"], fid),
                )
                if row:
                    out.append({"doc_id": s["doc_id"], "fid": fid, "kind": row[0], "value": row[1],
                                "unit": row[2], "item": row[3], "approx": row[4], "total": row[5]})
        return out
