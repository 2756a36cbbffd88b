"""The store's logic, shared by both backends; they differ only in connection, placeholders
and the full-text index (see sqlite.py, postgres.py).

Writing is per batch, in one transaction: documents already stored (by id; a document without
one is identified by the hash of its text) are counted as duplicates and skipped; the rest
are extracted and written with all their layers and cross-article links, each under a
savepoint, so that one bad document is recorded in `failures` and the batch goes on. A process
killed mid-batch leaves the last committed batch and nothing of the next one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice

from ..doc import text_id
from ..inputs import Failure
from . import linking, schema
from .text import lemmas, query_lemmas, snippet


@dataclass
class IngestSummary:
    added: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return f"added {self.added}, duplicates {self.duplicates}, failed {len(self.failed)}"

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "duplicates": self.duplicates,
            "failed": [{"id": i, "error": e} for i, e in self.failed],
        }

    def __iadd__(self, other: IngestSummary) -> IngestSummary:
        self.added += other.added
        self.duplicates += other.duplicates
        self.failed.extend(other.failed)
        return self


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _title(rec: dict) -> str | None:
    t = (rec.get("meta") or {}).get("title")
    if t:
        return t
    for line in rec["text"].splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= 200 else line[:199] + "…"
    return None


class Store:
    backend = ""

    def __init__(self, conn, target: str):
        self.conn = conn
        self.target = target
        self._migrate()

    # --- backend hooks ---

    def _sql(self, q: str) -> str:
        return q

    def _begin(self) -> None:
        self._x("BEGIN")

    def _index(self, doc_id: str, rowid, title: str, body: str) -> None:
        raise NotImplementedError

    def _fts(self, lems: list[str]) -> tuple[str, str, str, list]:
        """(join clause, where clause, score expression, params) for a full-text query."""
        raise NotImplementedError

    def size_bytes(self) -> int | None:
        return None

    # --- small helpers ---

    def _x(self, q: str, params: Iterable = ()):
        return self.conn.execute(self._sql(q), tuple(params))

    def _rows(self, q: str, params: Iterable = ()) -> list[tuple]:
        return list(self._x(q, params).fetchall())

    def _one(self, q: str, params: Iterable = ()):
        return self._x(q, params).fetchone()

    def _many(self, q: str, rows: list) -> None:
        if rows:
            self.conn.cursor().executemany(self._sql(q), rows)

    def _migrate(self) -> None:
        self._x(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT,"
            " applied_at TEXT)"
        )
        self._begin()
        try:
            done = {r[0] for r in self._rows("SELECT version FROM schema_migrations")}
            for version, name, sql in schema.MIGRATIONS:
                if version in done:
                    continue
                for stmt in schema.statements(sql, self.backend):
                    self._x(stmt)
                self._x(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, _now()),
                )
            self._x("COMMIT")
        except BaseException:
            self._x("ROLLBACK")
            raise

    def schema_version(self) -> int:
        return self._one("SELECT MAX(version) FROM schema_migrations")[0] or 0

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- ingest ---

    def ingest(
        self,
        items: Iterable[dict | Failure],
        *,
        extract: bool = True,
        batch_size: int = 32,
        progress: bool = False,
        total: int | None = None,
    ) -> IngestSummary:
        """Store documents (dicts with `text`, optional id/title/published/source/url), finished
        records (dicts with a `schema` key) and reading failures. See the module docstring."""
        summary = IngestSummary()
        it: Iterator = iter(items)
        if progress:
            from ..cli.common import progress as bar

            it = iter(bar(it, total=total, desc="ingest"))
        nlp = None
        while batch := list(islice(it, max(1, batch_size))):
            todo, failed = self._triage(batch, summary)
            records: list[tuple[dict, bool]] = []
            plain = [x for x in todo if "schema" not in x]
            records += [(x, bool(x.get("entities") is not None)) for x in todo if "schema" in x]
            if plain and extract:
                if nlp is None:
                    from .. import default_pipeline

                    nlp = default_pipeline()
                for item, result in nlp.pipe_safe(plain, batch_size=len(plain)):
                    if isinstance(result, Exception):
                        failed.append((item["id"], f"extraction failed: {result!r}"))
                    else:
                        records.append((result.record().to_dict(), True))
            else:
                records += [(_bare(x), False) for x in plain]
            self._write_batch(records, failed, summary)
        return summary

    def add_records(self, records: Iterable[dict], *, batch_size: int = 64) -> IngestSummary:
        """Store records that are already extracted (svodka record v1 dicts)."""

        def tagged():
            for r in records:
                yield r if "schema" in r else {**r, "schema": "svodka/1"}

        return self.ingest(tagged(), extract=False, batch_size=batch_size)

    def _triage(self, batch: list, summary: IngestSummary) -> tuple[list[dict], list[tuple[str, str]]]:
        """New documents of a batch, with their ids; duplicates counted, bad items failed."""
        failed: list[tuple[str, str]] = []
        items = []
        for x in batch:
            if isinstance(x, Failure):
                failed.append((x.where, x.message))
            elif not isinstance(x, dict) or not isinstance(x.get("text"), str):
                failed.append(
                    (
                        str(x.get("id") if isinstance(x, dict) else type(x).__name__),
                        "a document needs a 'text' string",
                    )
                )
            else:
                x = dict(x)
                x["id"] = str(x["id"]) if x.get("id") not in (None, "") else text_id(x["text"])
                items.append(x)
        have = self._existing([x["id"] for x in items])
        todo, seen = [], set()
        for x in items:
            if x["id"] in have or x["id"] in seen:
                summary.duplicates += 1
            else:
                seen.add(x["id"])
                todo.append(x)
        return todo, failed

    def _existing(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        return {r[0] for r in self._rows(f"SELECT id FROM documents WHERE id IN ({marks})", ids)}

    def _write_batch(
        self, records: list[tuple[dict, bool]], failed: list[tuple[str, str]], summary: IngestSummary
    ) -> None:
        self._begin()
        try:
            for rec, extracted in records:
                self._x("SAVEPOINT doc")
                try:
                    self._write(rec, extracted)
                except Exception as e:  # noqa: BLE001 - recorded per document
                    self._x("ROLLBACK TO SAVEPOINT doc")
                    failed.append((str(rec.get("id")), f"could not store: {e!r}"))
                else:
                    summary.added += 1
                self._x("RELEASE SAVEPOINT doc")
            for where, error in failed:
                self._x("DELETE FROM failures WHERE id = ?", (where,))
                self._x("INSERT INTO failures (id, error, at) VALUES (?, ?, ?)", (where, error, _now()))
            self._x("COMMIT")
        except BaseException:
            self._x("ROLLBACK")
            raise
        summary.failed.extend(failed)

    def _write(self, rec: dict, extracted: bool) -> None:
        doc_id = str(rec["id"])
        text = rec["text"]
        meta = rec.get("meta") or {}
        title = _title(rec)
        rowid = self._one(
            "INSERT INTO documents (id, hash, title, published, source, url, text, record,"
            " extracted, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + self._rowid,
            (
                doc_id,
                text_id(text),
                title,
                meta.get("published"),
                meta.get("source"),
                meta.get("url"),
                text,
                json.dumps(rec, ensure_ascii=False),
                int(extracted),
                _now(),
            ),
        )[0]
        self._x("DELETE FROM failures WHERE id = ?", (doc_id,))
        self._index(doc_id, rowid, lemmas(title), lemmas(text))
        if extracted:
            self._write_layers(doc_id, rec)

    _rowid = "rowid"

    def _write_layers(self, doc_id: str, rec: dict) -> None:
        meta = rec.get("meta") or {}
        day = linking.parse_date(meta.get("published"))
        ents = rec.get("entities") or []
        canon = self._link_entities(doc_id, ents)
        self._many(
            "INSERT INTO entities (doc_id, eid, type, name, link, canon_id) VALUES (?, ?, ?, ?, ?, ?)",
            [(doc_id, e["id"], e["type"], e["name"], e.get("link"), canon.get(e["id"])) for e in ents],
        )
        self._many(
            "INSERT INTO mentions (doc_id, eid, start, stop) VALUES (?, ?, ?, ?)",
            [(doc_id, e["id"], m["start"], m["stop"]) for e in ents for m in e.get("mentions", [])],
        )
        self._many(
            "INSERT INTO roles (doc_id, eid, canon_id, title, of_eid, of_canon, start, stop)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    doc_id,
                    e["id"],
                    canon.get(e["id"]),
                    r["title"],
                    r.get("of"),
                    canon.get(r.get("of")),
                    r["start"],
                    r["stop"],
                )
                for e in ents
                for r in e.get("roles", [])
            ],
        )
        times = rec.get("times") or []
        self._many(
            "INSERT INTO times (doc_id, tid, kind, start, stop, value) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    doc_id,
                    t["id"],
                    t["kind"],
                    t["start"],
                    t["stop"],
                    json.dumps(t.get("value"), ensure_ascii=False),
                )
                for t in times
            ],
        )
        self._write_figures(doc_id, rec, canon, {t["id"]: t.get("value") for t in times}, day)
        self._many(
            "INSERT INTO quotes (doc_id, qid, start, stop, speaker_eid, speaker_canon) VALUES (?, ?,"
            " ?, ?, ?, ?)",
            [
                (doc_id, q["id"], q["start"], q["stop"], q.get("speaker"), canon.get(q.get("speaker")))
                for q in rec.get("quotes") or []
            ],
        )
        for v in rec.get("events") or []:
            args = {role: [canon.get(x) for x in xs] for role, xs in (v.get("args") or {}).items()}
            story = self._story(doc_id, v["type"], linking.story_key(args), day)
            self._x(
                "INSERT INTO events (doc_id, vid, type, start, stop, attrs, date, story_id) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc_id,
                    v["id"],
                    v["type"],
                    v["start"],
                    v["stop"],
                    json.dumps(v.get("attrs") or {}, ensure_ascii=False),
                    day and day.isoformat(),
                    story,
                ),
            )
            self._many(
                "INSERT INTO event_args (doc_id, vid, role, eid, canon_id) VALUES (?, ?, ?, ?, ?)",
                [
                    (doc_id, v["id"], role, x, canon.get(x))
                    for role, xs in (v.get("args") or {}).items()
                    for x in xs
                ],
            )
        self._many(
            "INSERT INTO topics (doc_id, topic) VALUES (?, ?)",
            [(doc_id, t) for t in dict.fromkeys(rec.get("topics") or [])],
        )

    # --- cross-article linking ---

    def _link_entities(self, doc_id: str, ents: list[dict]) -> dict[str, int]:
        """Record entity id -> canonical entity id. Places and bodies first: persons' posts
        refer to them, and a person is matched by name and posts."""
        canon: dict[str, int] = {}
        order = sorted(ents, key=lambda e: e["type"] == "PER")
        for e in order:
            key = linking.name_key(e["name"], e["type"])
            if e["type"] == "PER" and not e.get("link"):
                posts = {(r["title"], canon.get(r.get("of"))) for r in e.get("roles", [])}
                cid = self._person(key, posts, e["name"])
            else:
                cid = self._thing(e["type"], key, e.get("link"), e["name"])
            canon[e["id"]] = cid
            self._x(
                "INSERT INTO aliases (canon_id, alias, key, n) VALUES (?, ?, ?, 1)"
                " ON CONFLICT (canon_id, alias) DO UPDATE SET n = aliases.n + 1",
                (cid, e["name"], key),
            )
        for cid in set(canon.values()):
            # the display name: the most frequent alias, a full name before a bare surname
            self._x(
                "UPDATE canon SET n_docs = n_docs + 1, name = (SELECT alias FROM aliases WHERE canon_id = ?"
                " ORDER BY CASE WHEN alias LIKE '% %' THEN 1 ELSE 0 END DESC, n DESC, alias LIMIT 1)"
                " WHERE id = ?",
                (cid, cid),
            )
        return canon

    def _new_canon(self, type_: str, name: str, key: str, link: str | None) -> int:
        return self._one(
            "INSERT INTO canon (type, name, key, link) VALUES (?, ?, ?, ?) RETURNING id",
            (type_, name, key, link),
        )[0]

    def _thing(self, type_: str, key: str, link: str | None, name: str) -> int:
        if link:
            row = self._one("SELECT id FROM canon WHERE link = ? ORDER BY id LIMIT 1", (link,))
            if row:
                return row[0]
            # a name first seen unlinked and now linked: link that canonical entity
            row = self._one(
                "SELECT id FROM canon WHERE type = ? AND key = ? AND link IS NULL ORDER BY id LIMIT 1",
                (type_, key),
            )
            if row:
                self._x("UPDATE canon SET link = ? WHERE id = ?", (link, row[0]))
                return row[0]
            return self._new_canon(type_, name, key, link)
        row = self._one(
            "SELECT id FROM canon WHERE type = ? AND key = ? ORDER BY n_docs DESC, id LIMIT 1", (type_, key)
        )
        if row is None:  # an alias of a linked entity («РФ» seen before as a name of iso:RU)
            row = self._one(
                "SELECT a.canon_id FROM aliases a JOIN canon c ON c.id = a.canon_id"
                " WHERE a.key = ? AND c.type = ? ORDER BY a.n DESC LIMIT 1",
                (key, type_),
            )
        return row[0] if row else self._new_canon(type_, name, key, None)

    def _posts_of(self, cid: int) -> set:
        return {
            (t, o)
            for t, o in self._rows("SELECT DISTINCT title, of_canon FROM roles WHERE canon_id = ?", (cid,))
        }

    def _person(self, key: str, posts: set, name: str) -> int:
        # the same full name (or the same partial name), with compatible posts
        same = self._rows(
            "SELECT id FROM canon WHERE type = 'PER' AND key = ? ORDER BY n_docs DESC, id", (key,)
        )
        fits = [c for (c,) in same if linking.compatible(self._posts_of(c), posts)]
        if linking.is_partial(key):
            # a surname alone joins a full name when exactly one fits
            last = key.split()[-1]
            fulls = [
                c
                for c, k in self._rows(
                    "SELECT id, key FROM canon WHERE type = 'PER' AND key LIKE ?", ("% " + last,)
                )
                if linking.partial_fits(key, k) and linking.compatible(self._posts_of(c), posts)
            ]
            if len(fulls) == 1:
                return fulls[0]
        if fits:
            return fits[0]
        return self._new_canon("PER", name, key, None)

    def _story(self, doc_id: str, type_: str, key: str | None, day) -> int:
        if key:
            # the same event told twice in one article (undated articles too)
            row = self._one(
                "SELECT s.id FROM events e JOIN stories s ON s.id = e.story_id"
                " WHERE e.doc_id = ? AND s.type = ? AND s.key = ? LIMIT 1",
                (doc_id, type_, key),
            )
            if row:
                self._x("UPDATE stories SET n = n + 1 WHERE id = ?", (row[0],))
                return row[0]
        if key and day:
            for sid, first, last in self._rows(
                "SELECT id, first_date, last_date FROM stories WHERE type = ? AND key = ? ORDER BY id",
                (type_, key),
            ):
                f, la = linking.parse_date(first), linking.parse_date(last)
                if linking.close(day, f, la):
                    self._x(
                        "UPDATE stories SET first_date = ?, last_date = ?, n = n + 1 WHERE id = ?",
                        (min(f, day).isoformat(), max(la, day).isoformat(), sid),
                    )
                    return sid
        d = day.isoformat() if day else None
        return self._one(
            "INSERT INTO stories (type, key, first_date, last_date, n) VALUES (?, ?, ?, ?, 1) RETURNING id",
            (type_, key or "", d, d),
        )[0]

    def _write_figures(self, doc_id: str, rec: dict, canon: dict, times: dict, day) -> None:
        figs = rec.get("figures") or []
        if not figs:
            return
        ments = sorted(
            (m["start"], m["stop"], e["type"], e["id"])
            for e in rec.get("entities") or []
            for m in e.get("mentions", [])
        )
        sents = linking.sentence_spans(rec["text"])
        rows = []
        for f in figs:
            owner = canon.get(linking.figure_owner(f, ments, sents))
            t = times.get(f.get("time")) if f.get("time") else None
            if isinstance(t, dict):
                t = t.get("to") or t.get("from")
            when = str(t) if t else (day.isoformat() if day else None)
            series = None
            if owner is not None and (f.get("item") or f.get("unit")):
                series = self._series(owner, f["kind"], f.get("item") or "", f.get("unit") or "")
            rows.append(
                (
                    doc_id,
                    f["id"],
                    f["kind"],
                    f["start"],
                    f["stop"],
                    f.get("value"),
                    f.get("unit"),
                    f.get("item"),
                    f.get("approx"),
                    f.get("total"),
                    when,
                    owner,
                    series,
                )
            )
        self._many(
            "INSERT INTO figures (doc_id, fid, kind, start, stop, value, unit, item, approx, total, date,"
            " owner_canon, series_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def _series(self, owner: int, kind: str, item: str, unit: str) -> int:
        row = self._one(
            "SELECT id FROM series WHERE owner_canon = ? AND kind = ? AND item = ? AND unit = ?",
            (owner, kind, item, unit),
        )
        if row:
            return row[0]
        return self._one(
            "INSERT INTO series (owner_canon, kind, item, unit) VALUES (?, ?, ?, ?) RETURNING id",
            (owner, kind, item, unit),
        )[0]

    # --- reading ---

    def document(self, doc_id: str) -> dict | None:
        row = self._one("SELECT record FROM documents WHERE id = ?", (str(doc_id),))
        return json.loads(row[0]) if row else None

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
        lems = query_lemmas(q) if q else []
        if q and not lems:
            return []
        if lems:
            join, cond, score, fparams = self._fts(lems)
            where.append(cond)
            params += fparams
        if entity is not None:
            ids = self._canon_ids(entity)
            if not ids:
                return []
            where.append(
                f"d.id IN (SELECT doc_id FROM entities WHERE canon_id IN ({','.join('?' * len(ids))}))"
            )
            params += ids
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

    def _canon_ids(self, entity) -> list[int]:
        if isinstance(entity, int) or (isinstance(entity, str) and entity.isdigit()):
            return [int(entity)]
        found = self.find_entities(str(entity), limit=1)
        return [found[0]["id"]] if found else []

    def find_entities(self, name: str, limit: int = 20) -> list[dict]:
        """Canonical entities by name: exact key, then alias, then surname; most documents first."""
        name = name.strip()
        if not name:
            return []
        if name.startswith(("iso:", "wikidata:")):
            rows = self._rows("SELECT id, type, name, link, n_docs FROM canon WHERE link = ?", (name,))
        else:
            keys = list(dict.fromkeys([linking.name_key(name, "PER"), linking.name_key(name, None)]))
            marks = ",".join("?" * len(keys))
            rows = self._rows(
                f"SELECT id, type, name, link, n_docs, 0 AS r FROM canon WHERE key IN ({marks})"
                f" UNION SELECT c.id, c.type, c.name, c.link, c.n_docs, 1 AS r FROM aliases a JOIN canon c"
                f" ON c.id = a.canon_id WHERE a.key IN ({marks})"
                f" UNION SELECT id, type, name, link, n_docs, 2 AS r FROM canon WHERE key LIKE ?"
                f" ORDER BY r, n_docs DESC, id LIMIT ?",
                keys + keys + ["%" + keys[0].split()[-1] + "%" if keys[0] else "", int(limit) * 3],
            )
        out, seen = [], set()
        for r in rows:
            if r[0] in seen:
                continue
            seen.add(r[0])
            out.append({"id": r[0], "type": r[1], "name": r[2], "link": r[3], "documents": r[4]})
        return out[:limit]

    def entity(self, key) -> dict | None:
        """The dossier of a canonical entity (by id, link or name)."""
        ids = (
            self._canon_ids(key)
            if not (isinstance(key, str) and key.startswith(("iso:", "wikidata:")))
            else [r["id"] for r in self.find_entities(key, 1)]
        )
        if not ids:
            return None
        cid = ids[0]
        row = self._one("SELECT id, type, name, link, n_docs FROM canon WHERE id = ?", (cid,))
        if row is None:
            return None
        out = {"id": row[0], "type": row[1], "name": row[2], "link": row[3], "documents": row[4]}
        out["aliases"] = [
            {"name": a, "n": n}
            for a, n in self._rows(
                "SELECT alias, n FROM aliases WHERE canon_id = ? ORDER BY n DESC, alias", (cid,)
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
        out["co_mentioned"] = [
            {"id": i, "name": n, "type": t, "documents": c}
            for i, n, t, c in self._rows(
                "SELECT c.id, c.name, c.type, COUNT(DISTINCT b.doc_id) AS k FROM entities a"
                " JOIN entities b ON b.doc_id = a.doc_id AND b.canon_id <> a.canon_id"
                " JOIN canon c ON c.id = b.canon_id WHERE a.canon_id = ?"
                " GROUP BY c.id, c.name, c.type ORDER BY k DESC, c.id LIMIT 20",
                (cid,),
            )
        ]
        out["sources"] = [
            {"id": i, "title": t, "published": p}
            for i, t, p in self._rows(
                "SELECT DISTINCT d.id, d.title, d.published FROM entities e JOIN documents d ON d.id"
                " = e.doc_id"
                " WHERE e.canon_id = ? ORDER BY d.published DESC NULLS LAST, d.id LIMIT 50",
                (cid,),
            )
        ]
        return out

    def _posts(self, cid: int) -> list[dict]:
        posts: dict = {}
        for title, of_id, of_name, doc_id, published, doc_title in self._rows(
            "SELECT r.title, r.of_canon, c.name, r.doc_id, d.published, d.title FROM roles r"
            " JOIN documents d ON d.id = r.doc_id LEFT JOIN canon c ON c.id = r.of_canon"
            " WHERE r.canon_id = ? ORDER BY d.published, r.doc_id",
            (cid,),
        ):
            p = posts.setdefault(
                (title, of_id),
                {
                    "title": title,
                    "of": of_name,
                    "of_id": of_id,
                    "first_seen": None,
                    "last_seen": None,
                    "sources": [],
                },
            )
            if published:
                p["first_seen"] = min(p["first_seen"] or published, published)
                p["last_seen"] = max(p["last_seen"] or published, published)
            if all(s["id"] != doc_id for s in p["sources"]):
                p["sources"].append({"id": doc_id, "title": doc_title, "published": published})
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
        for sid, role, cid, name in self._rows(
            "SELECT e.story_id, a.role, c.id, c.name FROM event_args a JOIN events e ON e.doc_id = a.doc_id"
            f" AND e.vid = a.vid JOIN canon c ON c.id = a.canon_id WHERE e.story_id IN ({marks})",
            sids,
        ):
            args[sid][role][cid] = name
        return [
            {
                "id": sid,
                "type": t,
                "first_date": f,
                "last_date": la,
                "n": n,
                "args": {
                    role: [{"id": i, "name": nm} for i, nm in xs.items()] for role, xs in args[sid].items()
                },
                "sources": sources[sid],
            }
            for sid, t, f, la, n in stories
        ]

    def figures(
        self, item: str | None = None, entity=None, unit: str | None = None, limit: int = 50
    ) -> list[dict]:
        """Figure series: the same item and unit for the same owner, with dated points."""
        where, params = [], []
        if item:
            where.append("(s.item = ? OR s.item LIKE ?)")
            params += [item, f"%{item}%"]
        if unit:
            where.append("s.unit = ?")
            params.append(unit)
        if entity is not None:
            ids = self._canon_ids(entity)
            if not ids:
                return []
            where.append(f"s.owner_canon IN ({','.join('?' * len(ids))})")
            params += ids
        series = self._rows(
            "SELECT s.id, s.owner_canon, c.name, s.kind, s.item, s.unit, COUNT(f.fid) AS k FROM series s"
            " JOIN canon c ON c.id = s.owner_canon JOIN figures f ON f.series_id = s.id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " GROUP BY s.id, s.owner_canon, c.name, s.kind, s.item, s.unit ORDER BY k DESC, s.id LIMIT ?",
            params + [int(limit)],
        )
        if not series:
            return []
        marks = ",".join("?" * len(series))
        points = defaultdict(list)
        for sid, date, value, approx, total, doc_id, fid, title, span in self._rows(
            "SELECT f.series_id, f.date, f.value, f.approx, f.total, f.doc_id, f.fid, d.title,"
            " substr(d.text, f.start + 1, f.stop - f.start) FROM figures f JOIN documents d ON d.id"
            " = f.doc_id"
            f" WHERE f.series_id IN ({marks}) ORDER BY f.date, f.doc_id, f.start",
            [s[0] for s in series],
        ):
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
        return [
            {
                "id": sid,
                "owner": {"id": oid, "name": oname},
                "kind": kind,
                "item": item or None,
                "unit": unit or None,
                "points": points[sid],
            }
            for sid, oid, oname, kind, item, unit, _ in series
        ]

    def stats(self) -> dict:
        def count(q):
            return self._one(q)[0]

        out = {
            "backend": self.backend,
            "schema_version": self.schema_version(),
            "documents": count("SELECT COUNT(*) FROM documents"),
            "extracted": count("SELECT COUNT(*) FROM documents WHERE extracted = 1"),
            "entities": count("SELECT COUNT(*) FROM canon"),
            "entity_occurrences": count("SELECT COUNT(*) FROM entities"),
            "mentions": count("SELECT COUNT(*) FROM mentions"),
            "roles": count("SELECT COUNT(*) FROM roles"),
            "events": count("SELECT COUNT(*) FROM events"),
            "stories": count("SELECT COUNT(*) FROM stories"),
            "figures": count("SELECT COUNT(*) FROM figures"),
            "series": count("SELECT COUNT(*) FROM series"),
            "times": count("SELECT COUNT(*) FROM times"),
            "quotes": count("SELECT COUNT(*) FROM quotes"),
            "topics": count("SELECT COUNT(DISTINCT topic) FROM topics"),
            "failures": count("SELECT COUNT(*) FROM failures"),
        }
        out["by_type"] = dict(self._rows("SELECT type, COUNT(*) FROM canon GROUP BY type ORDER BY type"))
        out["size_bytes"] = self.size_bytes()
        return out

    def table(self, name: str) -> tuple[list[str], list[tuple]]:
        """Rows of one fact table for CSV export: entities, figures, events, roles, quotes, documents."""
        queries = {
            "documents": "SELECT id, title, published, source, url, extracted FROM documents ORDER BY id",
            "entities": "SELECT e.doc_id, e.eid, e.type, e.name, e.link, e.canon_id, c.name AS canonical"
            " FROM entities e LEFT JOIN canon c ON c.id = e.canon_id ORDER BY e.doc_id, e.eid",
            "roles": "SELECT r.doc_id, r.eid, c.name AS person, r.title, o.name AS of_name, r.start, r.stop"
            " FROM roles r LEFT JOIN canon c ON c.id = r.canon_id LEFT JOIN canon o ON o.id = r.of_canon"
            " ORDER BY r.doc_id, r.start",
            "figures": "SELECT f.doc_id, f.fid, f.kind, f.value, f.unit, f.item, f.approx, f.total, f.date,"
            " c.name AS owner, f.series_id, f.start, f.stop FROM figures f"
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


def _num(x):
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def _bare(item: dict) -> dict:
    """A record with the text and meta only (ingest without extraction)."""
    return {
        "schema": "svodka/1",
        "id": item["id"],
        "text": item["text"],
        "meta": {k: item.get(k) for k in ("title", "published", "source", "url")},
    }
