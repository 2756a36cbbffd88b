"""The read path across articles: canonical entities and their dossiers, event stories and
figure series (owned by one entity or a pair of countries, keyed by what they measure)."""

from __future__ import annotations

import json
from collections import defaultdict

from . import linking


def occurrences(where: str) -> str:
    """Where canonical entities occur, as a FROM item (doc_id, canon_id): as an entity of a
    record, or as one of its generic bodies («правительство», record `bodies`), which the store
    links to canonical organisations too. `where` (on doc_id, canon_id; its parameters given
    twice) is inside both arms, so that each reads its table's index: SQLite does not push a
    join's condition into a UNION, it would scan both tables."""
    return (f"(SELECT doc_id, canon_id FROM entities WHERE {where}"
            f" UNION ALL SELECT doc_id, canon_id FROM bodies WHERE {where})")


class FactsMixin:
    """Entities, dossiers, stories, series; mixed into Store (base.py)."""

    def _canon_ids(self, entity) -> list[int]:
        if isinstance(entity, int) or (isinstance(entity, str) and entity.isascii() and entity.isdigit()):
            # an id past the 64-bit integers the database holds names no entity (not an overflow)
            return [int(entity)] if int(entity) < 2**63 else []
        found = self.find_entities(str(entity), limit=1)
        return [found[0]["id"]] if found else []

    def find_entities(self, name: str, limit: int = 20) -> list[dict]:
        """Canonical entities by name: exact key, then alias, then surname; most documents first."""
        name = name.strip()
        if not name:
            return []
        if name.startswith(("iso:", "wikidata:", linking.KIND)):
            rows = self._rows("SELECT id, type, name, link, n_docs, country FROM canon WHERE link = ?", (name,))
        else:
            keys = list(dict.fromkeys([linking.name_key(name, "PER"), linking.name_key(name, None)]))
            marks = ",".join("?" * len(keys))
            rows = self._rows(
                f"SELECT id, type, name, link, n_docs, country, 0 AS r FROM canon WHERE key IN ({marks})"
                f" UNION SELECT c.id, c.type, c.name, c.link, c.n_docs, c.country, 1 AS r FROM aliases a"
                f" JOIN canon c ON c.id = a.canon_id WHERE a.key IN ({marks})"
                # a kind of body («kind:полиция») is found by its link only: a name asks for a body
                f" UNION SELECT id, type, name, link, n_docs, country, 2 AS r FROM canon WHERE key LIKE ?"
                f" AND key NOT LIKE '{linking.KIND}%'"
                f" ORDER BY r, n_docs DESC, id LIMIT ?",
                keys + keys + ["%" + keys[0].split()[-1] + "%" if keys[0] else "", int(limit) * 3],
            )
        out, seen = [], set()
        for r in rows:
            if r[0] in seen:
                continue
            seen.add(r[0])
            out.append({"id": r[0], "type": r[1], "name": r[2], "link": r[3], "documents": r[4], "country": r[5]})
        return out[:limit]

    def entity(self, key) -> dict | None:
        """The dossier of a canonical entity (by id, link or name)."""
        ids = (
            self._canon_ids(key)
            if not (isinstance(key, str) and key.startswith(("iso:", "wikidata:", linking.KIND)))
            else [r["id"] for r in self.find_entities(key, 1)]
        )
        if not ids:
            return None
        cid = ids[0]
        row = self._one("SELECT id, type, name, link, n_docs, country FROM canon WHERE id = ?", (cid,))
        if row is None:
            return None
        out = {"id": row[0], "type": row[1], "name": row[2], "link": row[3], "documents": row[4],
               "country": row[5]}
        out["aliases"] = [
            {"name": a, "n": n}
            for a, n in self._rows(
                "SELECT alias, n FROM aliases WHERE canon_id = ? AND key NOT LIKE ? ORDER BY n DESC, alias",
                (cid, linking.ABBR + "%"),
            )
        ]
        out["posts"] = self._posts(cid)
        out["events"] = self.events(entity=cid, limit=50)
        out["quotes"] = [
            {"doc_id": d, "text": t, "published": p, "start": s, "stop": e}
            for d, t, p, s, e in self._rows(
                "SELECT q.doc_id, substr(d.text, q.start + 1, q.stop - q.start), d.published, q.start, q.stop"
                " FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE q.speaker_canon = ?"
                " ORDER BY d.published DESC NULLS LAST, q.doc_id, q.start LIMIT 50",
                (cid,),
            )
        ]
        its_docs = f"SELECT doc_id FROM {occurrences('canon_id = ?')} x"
        out["co_mentioned"] = [
            {"id": i, "name": n, "type": t, "documents": c, "country": co}
            for i, n, t, co, c in self._rows(
                "SELECT c.id, c.name, c.type, c.country, COUNT(DISTINCT b.doc_id) AS k"
                f" FROM {occurrences(f'doc_id IN ({its_docs})')} b"
                " JOIN canon c ON c.id = b.canon_id WHERE b.canon_id <> ?"
                " GROUP BY c.id, c.name, c.type, c.country ORDER BY k DESC, c.id LIMIT 20",
                (cid,) * 5,
            )
        ]
        out["sources"] = [
            {"id": i, "title": t, "published": p}
            for i, t, p in self._rows(
                "SELECT DISTINCT d.id, d.title, d.published FROM"
                f" {occurrences('canon_id = ?')} e JOIN documents d ON d.id = e.doc_id"
                " ORDER BY d.published DESC NULLS LAST, d.id LIMIT 50",
                (cid, cid),
            )
        ]
        if (row[3] or "").startswith(linking.KIND):
            out["bodies"] = self._kind_bodies(cid)
        return out

    def _kind_bodies(self, cid: int) -> list[dict]:
        """A kind of body's dossier: the countries' bodies its references were read as, named
        («полиция Армении») or inferred («полиция» in a text about Armenia), with how many
        documents."""
        return [
            {"id": i, "name": n, "country": c, "documents": k}
            for i, n, c, k in self._rows(
                "SELECT c.id, c.name, c.country, COUNT(DISTINCT m.doc_id) AS k FROM body_mentions m"
                " JOIN bodies b ON b.doc_id = m.doc_id AND b.bid = m.bid JOIN canon c ON c.id = b.canon_id"
                " WHERE COALESCE(m.kind_canon, m.canon_id) = ? GROUP BY c.id, c.name, c.country"
                " ORDER BY k DESC, c.id",
                (cid,),
            )
        ]

    def _posts(self, cid: int) -> list[dict]:
        posts: dict = {}
        for title, of_id, of_name, of_country, doc_id, published, doc_title in self._rows(
            "SELECT r.title, r.of_canon, c.name, c.country, r.doc_id, d.published, d.title FROM roles r"
            " JOIN documents d ON d.id = r.doc_id LEFT JOIN canon c ON c.id = r.of_canon"
            " WHERE r.canon_id = ? ORDER BY d.published, r.doc_id",
            (cid,),
        ):
            # wordings of one office («вице-премьер», «заместитель председателя правительства»)
            # are one post, its variants listed
            key = linking.post_key(title)
            p = posts.setdefault(
                (key, of_id),
                {
                    "title": key,
                    "variants": [],
                    "of": of_name,
                    "of_id": of_id,
                    "of_country": of_country,
                    "first_seen": None,
                    "last_seen": None,
                    "sources": [],
                },
            )
            if title not in p["variants"]:
                p["variants"].append(title)
            if published:
                p["first_seen"] = min(p["first_seen"] or published, published)
                p["last_seen"] = max(p["last_seen"] or published, published)
            if all(s["id"] != doc_id for s in p["sources"]):
                p["sources"].append({"id": doc_id, "title": doc_title, "published": published})
        # an article that names the post without whose it is («вице-премьер Соколов») reports
        # the same post as the one that names it with its country, when there is only one such
        for (key, of_id), p in list(posts.items()):
            owned = [q for (k, o), q in posts.items() if k == key and o is not None]
            if of_id is None and len(owned) == 1:
                q = owned[0]
                q["variants"] += [v for v in p["variants"] if v not in q["variants"]]
                q["sources"] += [x for x in p["sources"] if all(y["id"] != x["id"] for y in q["sources"])]
                for edge, pick in (("first_seen", min), ("last_seen", max)):
                    seen = [x for x in (p[edge], q[edge]) if x]
                    q[edge] = pick(seen) if seen else None
                del posts[key, of_id]
        return sorted(posts.values(), key=lambda p: (-len(p["sources"]), p["title"]))

    def events(self, type: str | None = None, entity=None, limit: int = 50) -> list[dict]:
        """Stories (events clustered across articles), each with its sources."""
        where, params = [], []
        if type:
            where.append("s.type = ?")
            params.append(type)
        if entity is not None:
            ids = self._canon_ids(entity)
            if not ids:
                return []
            where.append(
                "s.id IN (SELECT e.story_id FROM events e JOIN event_args a ON a.doc_id = e.doc_id"
                f" AND a.vid = e.vid WHERE a.canon_id IN ({','.join('?' * len(ids))}))"
            )
            params += ids
        stories = self._rows(
            "SELECT s.id, s.type, s.first_date, s.last_date, s.n FROM stories s"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY s.n DESC, s.last_date DESC NULLS LAST, s.id LIMIT ?",
            params + [int(limit)],
        )
        return self._story_dicts(stories)

    def _story_dicts(self, stories: list[tuple]) -> list[dict]:
        """Rows (id, type, first_date, last_date, n) of stories as dicts, with args and sources."""
        if not stories:
            return []
        marks = ",".join("?" * len(stories))
        sids = [s[0] for s in stories]
        sources = defaultdict(list)
        for sid, doc_id, vid, title, published, trigger, attrs in self._rows(
            "SELECT e.story_id, e.doc_id, e.vid, d.title, d.published, substr(d.text, e.start + 1,"
            " e.stop - e.start),"
            f" e.attrs FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.story_id IN ({marks})"
            " ORDER BY d.published, e.doc_id, e.start",
            sids,
        ):
            sources[sid].append(
                {
                    "id": doc_id,
                    "event": vid,
                    "title": title,
                    "published": published,
                    "trigger": trigger,
                    "attrs": json.loads(attrs or "{}"),
                }
            )
        args = defaultdict(lambda: defaultdict(dict))
        for sid, role, cid, name, country in self._rows(
            "SELECT e.story_id, a.role, c.id, c.name, c.country FROM event_args a JOIN events e ON e.doc_id = a.doc_id"
            f" AND e.vid = a.vid JOIN canon c ON c.id = a.canon_id WHERE e.story_id IN ({marks})",
            sids,
        ):
            args[sid][role][cid] = (name, country)
        return [
            {
                "id": sid,
                "type": t,
                "first_date": f,
                "last_date": la,
                "n": n,
                "args": {
                    role: [{"id": i, "name": nm, "country": co} for i, (nm, co) in xs.items()]
                    for role, xs in args[sid].items()
                },
                "sources": sources[sid],
            }
            for sid, t, f, la, n in stories
        ]

    def figures(
        self,
        item: str | None = None,
        entity=None,
        unit: str | None = None,
        limit: int = 50,
        measure: str | None = None,
    ) -> list[dict]:
        """Figure series: the same kind, unit and measure for the same owner (one entity, or a
        pair of countries), with dated points. `item` matches the item or the measure."""
        where, params = [], []
        if item:
            where.append("(s.item = ? OR s.item LIKE ? OR s.measure LIKE ?)")
            params += [item, f"%{item}%", f"%{item}%"]
        if measure:
            where.append("(s.measure = ? OR s.measure LIKE ?)")
            params += [measure, f"%{measure}%"]
        if unit:
            where.append("s.unit = ?")
            params.append(unit)
        if entity is not None:
            ids = self._canon_ids(entity)
            if not ids:
                return []
            where.append(
                f"s.id IN (SELECT series_id FROM series_owners WHERE canon_id IN ({','.join('?' * len(ids))}))"
            )
            params += ids
        series = self._rows(
            "SELECT s.id, s.owner_canon, s.kind, s.item, s.unit, s.measure, COUNT(f.fid) AS k FROM series s"
            " JOIN figures f ON f.series_id = s.id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " GROUP BY s.id, s.owner_canon, s.kind, s.item, s.unit, s.measure ORDER BY k DESC, s.id LIMIT ?",
            params + [int(limit)],
        )
        if not series:
            return []
        marks = ",".join("?" * len(series))
        sids = [s[0] for s in series]
        owners = defaultdict(list)
        for sid, cid, name, country in self._rows(
            "SELECT o.series_id, c.id, c.name, c.country FROM series_owners o JOIN canon c ON c.id = o.canon_id"
            f" WHERE o.series_id IN ({marks}) ORDER BY c.name, c.id",
            sids,
        ):
            owners[sid].append({"id": cid, "name": name, "country": country})
        points = defaultdict(list)
        published = {}
        for sid, date, value, approx, total, doc_id, fid, title, span, pub in self._rows(
            "SELECT f.series_id, f.date, f.value, f.approx, f.total, f.doc_id, f.fid, d.title,"
            " substr(d.text, f.start + 1, f.stop - f.start), d.published FROM figures f JOIN documents d"
            " ON d.id = f.doc_id"
            f" WHERE f.series_id IN ({marks}) ORDER BY f.date, f.doc_id, f.start",
            sids,
        ):
            published[doc_id] = str(pub or "")[:10] or None
            points[sid].append(
                {
                    "date": date,
                    "value": _num(value),
                    "approx": approx,
                    "total": _num(total),
                    "text": span,
                    "source": {"id": doc_id, "figure": fid, "title": title},
                }
            )
        for sid in points:
            points[sid] = _one_point_per_report(points[sid], published)
        return [
            {
                "id": sid,
                # a pair of countries is one owner named «Казахстан – Россия», with no single id
                "owner": {"id": oid, "name": " – ".join(o["name"] for o in owners[sid]) or None,
                          "country": owners[sid][0]["country"] if len(owners[sid]) == 1 else None},
                "owners": owners[sid],
                "kind": kind,
                "item": item or None,
                "unit": unit or None,
                "measure": measure or None,
                "points": points[sid],
            }
            for sid, oid, kind, item, unit, measure, _ in series
        ]


def _one_point_per_report(points: list[dict], published: dict) -> list[dict]:
    """An article that repeats its figure (a headline and the body) is one point: a repeat
    dated by the publication only gives way to the same value dated by its own time, or to an
    earlier mention with the same date. The dropped mentions are listed in `repeats`."""
    keep: dict[tuple, dict] = {}
    out = []
    for p in sorted(points, key=lambda p: p["date"] == published.get(p["source"]["id"])):
        key = (p["source"]["id"], p["value"], p["approx"])
        first = keep.get(key)
        if first is not None and (p["date"] == first["date"] or p["date"] == published.get(key[0])):
            first.setdefault("repeats", []).append(p["source"]["figure"])
            continue
        keep.setdefault(key, p)
        out.append(p)
    out.sort(key=lambda p: (p["date"] is None, p["date"] or ""))
    return out


def _num(x):
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x
