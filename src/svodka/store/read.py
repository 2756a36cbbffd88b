"""The read path for documents: stored records, failures, full-text search, counts and
fact tables for export."""

from __future__ import annotations

import json
from collections.abc import Iterator

from .facts import occurrences
from .text import query_lemmas, snippet


class ReadMixin:
    """Documents, search, stats, tables; mixed into Store (base.py)."""

    def document(self, doc_id: str) -> dict | None:
        row = self._one("SELECT record FROM documents WHERE id = ?", (str(doc_id),))
        return json.loads(row[0]) if row else None

    def canonical_ids(self, doc_id: str) -> dict[str, int]:
        """The canonical entity of each entity and generic body of a stored record, by its
        record id ("e1", "b1"): where a page links them (a name may be two bodies of two
        countries)."""
        return {ref: cid for ref, cid in self._rows(
            "SELECT eid, canon_id FROM entities WHERE doc_id = ? AND canon_id IS NOT NULL"
            " UNION ALL SELECT bid, canon_id FROM bodies WHERE doc_id = ? AND canon_id IS NOT NULL",
            (str(doc_id), str(doc_id)))}

    def records(self) -> Iterator[dict]:
        """Every stored record, in id order (for export)."""
        last = ""
        while True:
            rows = self._rows("SELECT id, record FROM documents WHERE id > ? ORDER BY id LIMIT 500", (last,))
            if not rows:
                return
            for _, rec in rows:
                yield json.loads(rec)
            last = rows[-1][0]

    def failures(self) -> list[dict]:
        return [
            {"id": i, "error": e, "at": a}
            for i, e, a in self._rows("SELECT id, error, at FROM failures ORDER BY id")
        ]

    def search(
        self,
        q: str | None = None,
        *,
        entity=None,
        event: str | None = None,
        topic: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[dict]:
        where, params, join, score = [], [], "", "NULL"
        # a query without a word (blank, punctuation) is no query: the filters alone apply
        lems = query_lemmas(q) if q else []
        if lems:
            join, cond, score, fparams = self._fts(lems)
            where.append(cond)
            params += fparams
        if entity is not None:
            ids = self._canon_ids(entity)
            if not ids:
                return []
            where.append(
                f"d.id IN (SELECT doc_id FROM {occurrences('canon_id IN (' + ','.join('?' * len(ids)) + ')')} o)"
            )
            params += ids * 2
        if event:
            where.append("d.id IN (SELECT doc_id FROM events WHERE type = ?)")
            params.append(event)
        if topic:
            where.append("d.id IN (SELECT doc_id FROM topics WHERE topic = ?)")
            params.append(topic)
        if date_from:
            where.append("substr(d.published, 1, 10) >= ?")
            params.append(str(date_from)[:10])
        if date_to:
            where.append("substr(d.published, 1, 10) <= ?")
            params.append(str(date_to)[:10])
        order = "score DESC, d.id" if lems else "d.published DESC NULLS LAST, d.id"
        sql = (
            f"SELECT d.id, d.title, d.published, d.source, d.url, d.text, {score} AS score"
            f" FROM documents d {join}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {order} LIMIT ? OFFSET ?"
        )
        out = []
        wanted = set(lems)
        for doc_id, title, published, source, url, text, sc in self._rows(
            sql, params + [int(limit), int(offset)]
        ):
            snip, spans = snippet(text, wanted)
            out.append(
                {
                    "id": doc_id,
                    "title": title,
                    "published": published,
                    "source": source,
                    "url": url,
                    "snippet": snip,
                    "highlights": spans,
                    "score": None if sc is None else round(float(sc), 4),
                }
            )
        return out

    def stats(self) -> dict:
        def count(q):
            return self._one(q)[0]

        out = {
            "backend": self.backend,
            "schema_version": self.schema_version(),
            "documents": count("SELECT COUNT(*) FROM documents"),
            "extracted": count("SELECT COUNT(*) FROM documents WHERE extracted = 1"),
            # a place only referred to by an adjective (record `references`) is no entity seen
            "entities": count("SELECT COUNT(*) FROM canon WHERE n_docs > 0"),
            "entity_occurrences": count("SELECT COUNT(*) FROM entities"),
            "mentions": count("SELECT COUNT(*) FROM mentions"),
            "roles": count("SELECT COUNT(*) FROM roles"),
            "affiliations": count("SELECT COUNT(*) FROM affiliations"),
            "events": count("SELECT COUNT(*) FROM events"),
            "stories": count("SELECT COUNT(*) FROM stories"),
            "figures": count("SELECT COUNT(*) FROM figures"),
            "series": count("SELECT COUNT(*) FROM series"),
            "times": count("SELECT COUNT(*) FROM times"),
            "quotes": count("SELECT COUNT(*) FROM quotes"),
            "topics": count("SELECT COUNT(DISTINCT topic) FROM topics"),
            "failures": count("SELECT COUNT(*) FROM failures"),
        }
        out["by_type"] = dict(self._rows(
            "SELECT type, COUNT(*) FROM canon WHERE n_docs > 0 GROUP BY type ORDER BY type"))
        out["size_bytes"] = self.size_bytes()
        return out

    def table(self, name: str) -> tuple[list[str], list[tuple]]:
        """Rows of one fact table for CSV export: entities, figures, events, roles, affiliations, quotes,
        documents."""
        queries = {
            "documents": "SELECT id, title, published, source, url, extracted FROM documents ORDER BY id",
            "entities": "SELECT e.doc_id, e.eid, e.type, e.name, e.link, e.canon_id, c.name AS canonical,"
            " e.country"
            " FROM entities e LEFT JOIN canon c ON c.id = e.canon_id ORDER BY e.doc_id, e.eid",
            "roles": "SELECT r.doc_id, r.eid, c.name AS person, r.title, o.name AS of_name, r.start, r.stop"
            " FROM roles r LEFT JOIN canon c ON c.id = r.canon_id LEFT JOIN canon o ON o.id = r.of_canon"
            " ORDER BY r.doc_id, r.start",
            "affiliations": "SELECT a.doc_id, a.eid, c.name AS person, a.kind, o.name AS of_name, a.start, a.stop"
            " FROM affiliations a LEFT JOIN canon c ON c.id = a.canon_id LEFT JOIN canon o ON o.id = a.of_canon"
            " ORDER BY a.doc_id, a.start",
            "figures": "SELECT f.doc_id, f.fid, f.kind, f.value, f.unit, f.item, f.approx, f.total, f.date,"
            " c.name AS owner, f.series_id, f.start, f.stop, f.measure FROM figures f"
            " LEFT JOIN canon c ON c.id = f.owner_canon ORDER BY f.doc_id, f.start",
            "events": "SELECT e.doc_id, e.vid, e.type, e.date, e.story_id, e.attrs, e.start, e.stop"
                      " FROM events e"
            " ORDER BY e.doc_id, e.start",
            "quotes": "SELECT q.doc_id, q.qid, c.name AS speaker, substr(d.text, q.start + 1, q.stop"
                      " - q.start) AS text"
            " FROM quotes q JOIN documents d ON d.id = q.doc_id LEFT JOIN canon c ON c.id = q.speaker_canon"
            " ORDER BY q.doc_id, q.start",
        }
        if name not in queries:
            raise ValueError(f"unknown table {name!r}; one of: {', '.join(queries)}")
        cur = self._x(queries[name])
        return [d[0] for d in cur.description], list(cur.fetchall())

