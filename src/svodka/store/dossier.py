"""The read path over two countries and over the whole corpus: the dossier of a pair of
countries, the pairs one country belongs to, and the overview behind the landing page.

A country is named in any form the gazetteer knows («Казахстан», «РК», «Казахстана»,
«iso:KZ», «KZ»). Its side in a relationship is the country itself and every person who holds
a post of it in some article (a Russian vice-premier is on Russia's side). An event is between
two countries when its participants stand on both sides, or on one side in an article that
names the other country.
"""

from __future__ import annotations

from datetime import date

from ..names.linking import country, lookup

# the event types of a relationship's timeline (statements are the quotes)
TIMELINE_TYPES = ("visit", "talks", "agreement")


def country_link(name: str) -> str | None:
    """`iso:XX` for any name form of a country, an `iso:XX` link or a bare ISO code; else None."""
    name = (name or "").strip()
    code = name[4:] if name.lower().startswith("iso:") else name
    if len(code) == 2 and code.isascii() and code.isalpha():
        e = country(code)
        if e is not None:
            return e.link
    e = lookup(name)
    return e.link if e is not None and e.type == "LOC" and e.link else None


def as_of_date(as_of: str | None) -> str:
    return str(as_of)[:10] if as_of else date.today().isoformat()


class DossierMixin:
    """pair, pairs_of, overview; mixed into Store (base.py)."""

    def _country(self, name: str) -> dict | None:
        """The canonical country entity a name form resolves to (None when not in the corpus)."""
        link = country_link(name)
        if link is None:
            return None
        row = self._one("SELECT id, name, link, n_docs FROM canon WHERE link = ? ORDER BY id LIMIT 1", (link,))
        return {"id": row[0], "name": row[1], "link": row[2], "documents": row[3]} if row else None

    def _side(self, cid: int) -> set[int]:
        """The country and the people who hold one of its posts."""
        return {cid} | {r[0] for r in self._rows(
            "SELECT DISTINCT canon_id FROM roles WHERE of_canon = ? AND canon_id IS NOT NULL", (cid,))}

    def _docs_naming(self, cid: int) -> set[str]:
        return {r[0] for r in self._rows("SELECT DISTINCT doc_id FROM entities WHERE canon_id = ?", (cid,))}

    def _commitments(self, **kw) -> list[dict]:
        """The tracked commitments when this store keeps them (commitments.py), else []."""
        fn = getattr(self, "commitments", None)
        return list(fn(**kw)) if callable(fn) else []

    def pair(self, a: str, b: str, as_of: str | None = None) -> dict | None:
        """The dossier of two countries: timeline, series, commitments, officials, quotes.
        None when either is not a country found in the corpus."""
        ca, cb = self._country(a), self._country(b)
        if ca is None or cb is None or ca["id"] == cb["id"]:
            return None
        sides = {ca["id"]: self._side(ca["id"]), cb["id"]: self._side(cb["id"])}
        # a person holding posts of both countries is left on neither side
        both = sides[ca["id"]] & sides[cb["id"]]
        side_of = {m: c for c, ms in sides.items() for m in ms - both}
        naming = {ca["id"]: self._docs_naming(ca["id"]), cb["id"]: self._docs_naming(cb["id"])}
        shared_docs = naming[ca["id"]] & naming[cb["id"]]

        # events with a participant of either side; kept when both sides take part, or one does
        # in an article naming the other country
        members = sorted(side_of)
        stories: dict[int, dict] = {}
        if members:
            marks = ",".join("?" * len(members))
            for sid, doc_id, cid in self._rows(
                "SELECT e.story_id, e.doc_id, a.canon_id FROM events e JOIN event_args a ON a.doc_id = e.doc_id"
                f" AND a.vid = e.vid WHERE a.canon_id IN ({marks}) AND e.type IN ('visit', 'talks', 'agreement')",
                members,
            ):
                st = stories.setdefault(sid, {"sides": set(), "docs": set()})
                st["sides"].add(side_of[cid])
                st["docs"].add(doc_id)
        kept = []
        for sid, st in stories.items():
            if len(st["sides"]) == 2:
                kept.append((sid, "participants"))
            else:
                other = next(c for c in sides if c not in st["sides"])
                if st["docs"] & naming[other]:
                    kept.append((sid, "article"))
        how = dict(kept)
        timeline = []
        if kept:
            marks = ",".join("?" * len(kept))
            rows = self._rows(
                f"SELECT id, type, first_date, last_date, n FROM stories WHERE id IN ({marks})", list(how)
            )
            timeline = self._story_dicts(rows)
            for s in timeline:
                s["between"] = how[s["id"]]
                for xs in s["args"].values():
                    for x in xs:
                        x["side"] = _side_name(side_of.get(x["id"]), ca, cb)
            timeline.sort(key=lambda s: (s["first_date"] is None, s["first_date"] or "", s["id"]))

        # officials: the people of either side in the timeline, with their posts
        people: dict[int, dict] = {}
        for s in timeline:
            for xs in s["args"].values():
                for x in xs:
                    side = side_of.get(x["id"])
                    if side is None or x["id"] in sides:  # the countries themselves
                        continue
                    p = people.setdefault(x["id"], {"id": x["id"], "name": x["name"],
                                                    "side": _side_name(side, ca, cb), "events": 0})
                    p["events"] += 1
        for p in people.values():
            p["posts"] = self._posts(p["id"])
        officials = sorted(people.values(), key=lambda p: (p["side"] != ca["name"], -p["events"], p["name"]))

        # their quotes, in the articles on the two countries or on their events
        docs = shared_docs | {src["id"] for s in timeline for src in s["sources"]}
        quotes = []
        if officials and docs:
            ids, dids = [p["id"] for p in officials], sorted(docs)
            quotes = [
                {"speaker": {"id": sp, "name": name, "side": _side_name(side_of.get(sp), ca, cb)},
                 "text": text, "doc_id": doc_id, "title": title, "published": published}
                for sp, name, text, doc_id, title, published in self._rows(
                    "SELECT q.speaker_canon, c.name, substr(d.text, q.start + 1, q.stop - q.start), d.id,"
                    " d.title, d.published FROM quotes q JOIN documents d ON d.id = q.doc_id"
                    " JOIN canon c ON c.id = q.speaker_canon"
                    f" WHERE q.speaker_canon IN ({','.join('?' * len(ids))})"
                    f" AND q.doc_id IN ({','.join('?' * len(dids))})"
                    " ORDER BY d.published DESC NULLS LAST, d.id, q.start",
                    ids + dids,
                )
            ]

        # series owned by the two together
        sids = [r[0] for r in self._rows(
            "SELECT a.series_id FROM series_owners a JOIN series_owners b ON b.series_id = a.series_id"
            " WHERE a.canon_id = ? AND b.canon_id = ?", (ca["id"], cb["id"]))]
        series = [s for s in self.figures(limit=500) if s["id"] in set(sids)] if sids else []

        sources = [
            {"id": i, "title": t, "published": p}
            for i, t, p in self._rows(
                "SELECT id, title, published FROM documents WHERE id IN ("
                + ",".join("?" * len(shared_docs)) + ") ORDER BY published DESC NULLS LAST, id",
                sorted(shared_docs),
            )
        ] if shared_docs else []
        as_of = as_of_date(as_of)
        return {
            "countries": [ca, cb],
            "as_of": as_of,
            "timeline": timeline,
            "series": series,
            "commitments": self._commitments(pair=(ca["link"], cb["link"]), as_of=as_of),
            "officials": officials,
            "quotes": quotes,
            "documents": sources,
        }

    def pairs_of(self, name, limit: int = 20) -> dict | None:
        """A country and the pairs it belongs to: every other country named in its articles,
        with the articles naming both, their events and their series."""
        c = self._country(name) if not isinstance(name, int) else None
        if c is None and isinstance(name, int | str) and str(name).isdigit():
            row = self._one("SELECT id, name, link, n_docs FROM canon WHERE id = ?", (int(name),))
            if row and str(row[2] or "").startswith("iso:"):
                c = {"id": row[0], "name": row[1], "link": row[2], "documents": row[3]}
        if c is None:
            return None
        pairs = {}
        for oid, oname, olink, k in self._rows(
            "SELECT o.id, o.name, o.link, COUNT(DISTINCT b.doc_id) FROM entities a"
            " JOIN entities b ON b.doc_id = a.doc_id AND b.canon_id <> a.canon_id"
            " JOIN canon o ON o.id = b.canon_id WHERE a.canon_id = ? AND o.link LIKE 'iso:%'"
            " GROUP BY o.id, o.name, o.link",
            (c["id"],),
        ):
            pairs[oid] = {"id": oid, "name": oname, "link": olink, "documents": k, "series": 0}
        for oid, k in self._rows(
            "SELECT b.canon_id, COUNT(*) FROM series_owners a JOIN series_owners b ON b.series_id = a.series_id"
            " AND b.canon_id <> a.canon_id WHERE a.canon_id = ? GROUP BY b.canon_id",
            (c["id"],),
        ):
            if oid in pairs:
                pairs[oid]["series"] = k
        out = sorted(pairs.values(), key=lambda p: (-p["documents"], -p["series"], p["name"]))[:limit]
        return {"country": c, "pairs": out}

    def overview(self, as_of: str | None = None, n: int = 8) -> dict:
        """What the landing page shows: counts, the latest documents, the most mentioned
        people, organisations and pairs, recent events, series that moved, commitments due."""
        st = self.stats()
        counts = {k: st[k] for k in ("documents", "entities", "events", "stories", "figures", "series", "quotes")}
        latest = [
            {"id": i, "title": t, "published": p}
            for i, t, p in self._rows(
                "SELECT id, title, published FROM documents ORDER BY published DESC NULLS LAST, added_at DESC, id"
                " LIMIT ?", (int(n),))
        ]

        def top(type_: str) -> list[dict]:
            return [{"id": i, "name": nm, "link": lk, "documents": k, "country": co} for i, nm, lk, k, co in self._rows(
                "SELECT id, name, link, n_docs, country FROM canon WHERE type = ? ORDER BY n_docs DESC, id LIMIT ?",
                (type_, int(n)))]

        as_of = as_of_date(as_of)
        due = [c for c in self._commitments(as_of=as_of) if c.get("status") == "open" and c.get("deadline")]
        due.sort(key=lambda c: c["deadline"])
        return {
            "as_of": as_of,
            "counts": counts,
            "latest": latest,
            "people": top("PER"),
            "organisations": top("ORG"),
            "pairs": self.top_pairs(n),
            "events": self._story_dicts(self._rows(
                "SELECT id, type, first_date, last_date, n FROM stories WHERE type IN ('visit', 'talks',"
                " 'agreement') ORDER BY last_date DESC NULLS LAST, id DESC LIMIT ?", (int(n),))),
            "moved": moved_series(self.figures(limit=500), as_of)[:n],
            "commitments_due": due[:n],
        }

    def people(self) -> list[dict]:
        """Every person of the corpus with their posts (one per office) and other names."""
        return _people_rows(self)

    def top_pairs(self, n: int = 20) -> list[dict]:
        """Pairs of countries named in the most articles together."""
        return [
            {"a": {"id": a, "name": an, "link": al}, "b": {"id": b, "name": bn, "link": bl}, "documents": k}
            for a, an, al, b, bn, bl, k in self._rows(
                "SELECT x.id, x.name, x.link, y.id, y.name, y.link, COUNT(DISTINCT ea.doc_id) AS k"
                " FROM entities ea JOIN entities eb ON eb.doc_id = ea.doc_id AND eb.canon_id > ea.canon_id"
                " JOIN canon x ON x.id = ea.canon_id JOIN canon y ON y.id = eb.canon_id"
                " WHERE x.link LIKE 'iso:%' AND y.link LIKE 'iso:%'"
                " GROUP BY x.id, x.name, x.link, y.id, y.name, y.link ORDER BY k DESC, x.id, y.id LIMIT ?",
                (int(n),))
        ]


def _people_rows(store) -> list[dict]:
    return [
        {"id": i, "name": nm, "documents": k,
         "aliases": [a for (a,) in store._rows("SELECT alias FROM aliases WHERE canon_id = ? ORDER BY n DESC, alias",
                                               (i,)) if a != nm],
         "posts": store._posts(i)}
        for i, nm, k in store._rows("SELECT id, name, n_docs FROM canon WHERE type = 'PER' ORDER BY n_docs DESC, id")
    ]


def moved_series(series: list[dict], as_of: str) -> list[dict]:
    """Series whose last value up to `as_of` differs from the one before, the latest change
    first (a value dated later is a target, not a report)."""
    out = []
    for s in series:
        pts = [p for p in s["points"] if p.get("date") and p["date"][:10] <= as_of
               and isinstance(p.get("value"), int | float)]
        if len(pts) < 2:
            continue
        last = pts[-1]
        prev = next((p for p in reversed(pts[:-1]) if p["date"] < last["date"]), None)
        if prev is None or prev["value"] == last["value"]:
            continue
        change = (last["value"] - prev["value"]) / abs(prev["value"]) if prev["value"] else None
        out.append({"id": s["id"], "owner": s["owner"], "kind": s["kind"], "item": s["item"],
                    "unit": s["unit"], "measure": s["measure"], "from": prev, "to": last,
                    "change": None if change is None else round(change, 4)})
    out.sort(key=lambda m: (m["to"]["date"], m["id"]), reverse=True)
    return out


def _side_name(cid, ca: dict, cb: dict) -> str | None:
    return ca["name"] if cid == ca["id"] else cb["name"] if cid == cb["id"] else None
