"""The write path: documents and records into the store, a batch per transaction.

A batch is triaged (reading failures recorded, documents already stored counted as
duplicates), extracted with the pipeline where asked, and written in one transaction, each
document under a savepoint: the record whole, its lemmas in the full-text index, and its layers
(entities, mentions, roles, times, figures, quotes, events, topics) linked across articles
(crosslink.py).

Several writers may ingest into one store at once: the transaction takes the store's write lock,
and under it a document that another writer stored since the triage is a duplicate, not a
failure. A document that is stored has no row in `failures`, whatever an earlier run recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice

from ..doc import text_id
from ..inputs import Failure
from ..parallel import workers_for
from . import linking
from .series import FigureKeys
from .text import lemmas


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


class WriteMixin:
    """Ingest and its layers; mixed into Store (base.py), which gives the SQL helpers."""

    def ingest(
        self,
        items: Iterable[dict | Failure],
        *,
        extract: bool = True,
        batch_size: int = 32,
        progress: bool = False,
        total: int | None = None,
        jobs: int = 1,
    ) -> IngestSummary:
        """Store documents (dicts with `text`, optional id/title/published/source/url), finished
        records (dicts with a `schema` key) and reading failures. See the module docstring.

        jobs != 1 extracts each batch in that many worker processes (0: one per core); this
        process stays the only writer, one transaction per batch, as with jobs=1."""
        summary = IngestSummary()
        it: Iterator = iter(items)
        if progress:
            from ..cli.common import progress as bar

            it = iter(bar(it, total=total, desc="ingest"))
        nlp = None
        while batch := list(islice(it, max(1, batch_size))):
            todo, failed, stored = self._triage(batch, summary)
            records: list[tuple[dict, bool]] = []
            plain = [x for x in todo if "schema" not in x]
            records += [(x, bool(x.get("entities") is not None)) for x in todo if "schema" in x]
            if plain and extract:
                if nlp is None:
                    from .. import default_pipeline

                    nlp = default_pipeline()
                n = workers_for(jobs)
                per_worker = -(-len(plain) // n)  # the batch split evenly over the workers
                for item, result in nlp.pipe_safe(plain, batch_size=per_worker, n_process=jobs):
                    if isinstance(result, Exception):
                        failed.append((item["id"], f"extraction failed: {result!r}"))
                    else:
                        records.append((result.record().to_dict(), True))
            else:
                records += [(_bare(x), False) for x in plain]
            self._write_batch(records, failed, summary, stored)
        if nlp is not None:
            nlp.close()  # the worker processes, if jobs started any (at exit otherwise)
        return summary

    def add_records(self, records: Iterable[dict | Failure], *, batch_size: int = 64) -> IngestSummary:
        """Store records that are already extracted (svodka record v1 dicts); Failures among
        them are recorded as ingest records them."""

        def tagged():
            for r in records:
                yield r if not isinstance(r, dict) or "schema" in r else {**r, "schema": "svodka/1"}

        return self.ingest(tagged(), extract=False, batch_size=batch_size)

    def _triage(
        self, batch: list, summary: IngestSummary
    ) -> tuple[list[dict], list[tuple[str, str]], list[str]]:
        """(new documents of a batch with their ids, failed items, ids already stored);
        duplicates counted."""
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
        return todo, failed, sorted(have)

    def _existing(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        return {r[0] for r in self._rows(f"SELECT id FROM documents WHERE id IN ({marks})", ids)}

    def _write_batch(
        self,
        records: list[tuple[dict, bool]],
        failed: list[tuple[str, str]],
        summary: IngestSummary,
        stored: list[str],
    ) -> None:
        self._begin()  # takes the store's write lock (sqlite.py, postgres.py)
        try:
            # another writer may have stored some of these documents since _triage (while this
            # one extracted them): under the lock, they are duplicates, not failures
            have = self._existing([str(rec["id"]) for rec, _ in records])
            stored = [*stored, *sorted(have)]
            for rec, extracted in records:
                if str(rec["id"]) in have:
                    summary.duplicates += 1
                    continue
                self._x("SAVEPOINT doc")
                try:
                    self._write(rec, extracted)
                except Exception as e:  # noqa: BLE001 - recorded per document
                    self._x("ROLLBACK TO SAVEPOINT doc")
                    failed.append((str(rec.get("id")), f"could not store: {e!r}"))
                else:
                    summary.added += 1
                self._x("RELEASE SAVEPOINT doc")
            # a document that is stored has no failure, whatever an earlier run recorded
            if stored:
                self._x(f"DELETE FROM failures WHERE id IN ({','.join('?' * len(stored))})", stored)
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

    def _write_layers(self, doc_id: str, rec: dict) -> None:
        meta = rec.get("meta") or {}
        day = linking.parse_date(meta.get("published"))
        ents = rec.get("entities") or []
        bodies = rec.get("bodies") or []
        # a generic body is linked as an organisation of its country («правительство», iso:RU),
        # under its name as a name («Министерство внутренних дел» is the lexicon's МВД)
        canon = self._link_entities(doc_id, ents + [
            {"id": b["id"], "type": "ORG", "name": _body_name(b, rec.get("text") or ""), "link": None,
             "country": b.get("country"), "mentions": []} for b in bodies])
        self._many(
            "INSERT INTO entities (doc_id, eid, type, name, link, canon_id, country) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, e["id"], e["type"], e["name"], e.get("link"), canon.get(e["id"]), e.get("country"))
             for e in ents],
        )
        self._many(
            "INSERT INTO bodies (doc_id, bid, name, country, canon_id) VALUES (?, ?, ?, ?, ?)",
            [(doc_id, b["id"], b["name"], b.get("country"), canon.get(b["id"])) for b in bodies],
        )
        # a reference that names its country or place, to that body; a bare one, to the kind;
        # the common noun of either, to the kind (looked up once per kind, not per reference)
        kinds = {b["name"]: self._kind_canon(b["name"]) for b in bodies if b.get("mentions")}
        rows = []
        for b in bodies:
            kind = kinds.get(b["name"])
            for m in b.get("mentions", []):
                noun, phrase = m.get("noun") or m, m.get("phrase") or {}
                named = bool(m.get("country_named") or phrase)
                rows.append((doc_id, b["id"], m["start"], m["stop"], int(bool(m.get("country_named"))),
                             canon.get(b["id"]) if named else kind, noun["start"], noun["stop"],
                             phrase.get("start"), phrase.get("stop"), kind))
        self._many(
            "INSERT INTO body_mentions (doc_id, bid, start, stop, country_named, canon_id, noun_start,"
            " noun_stop, phrase_start, phrase_stop, kind_canon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self._many(
            "INSERT INTO place_refs (doc_id, start, stop, kind, eid, link, name, canon_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, r["start"], r["stop"], r["kind"], r.get("entity"), r.get("link"), r["name"],
              self._reference_canon(r, canon)) for r in rec.get("references") or []],
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
        self._many(
            "INSERT INTO affiliations (doc_id, eid, canon_id, of_eid, of_canon, kind, start, stop)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (doc_id, e["id"], canon.get(e["id"]), a["of"], canon.get(a["of"]), a["kind"], a["start"], a["stop"])
                for e in ents
                for a in e.get("affiliations") or []
                if a.get("of")
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
        self._write_commitments(doc_id, rec, canon, {t["id"]: t.get("value") for t in times}, day)
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

    def _write_figures(self, doc_id: str, rec: dict, canon: dict, times: dict, day) -> None:
        figs = rec.get("figures") or []
        if not figs:
            return
        keys = FigureKeys(rec)
        rows = []
        for f in figs:
            owners = [c for c in dict.fromkeys(canon.get(e) for e in keys.owners(f)) if c is not None]
            measure = keys.measure(f)
            t = times.get(f.get("time")) if f.get("time") else None
            if isinstance(t, dict):
                t = t.get("to") or t.get("from")
            when = str(t) if t else (day.isoformat() if day else None)
            series = None
            if owners and (measure or f.get("item") or f.get("unit")):
                series = self._series(owners, f["kind"], f.get("unit") or "", measure, f.get("item") or "")
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
                    owners[0] if len(owners) == 1 else None,
                    series,
                    measure or None,
                )
            )
        self._many(
            "INSERT INTO figures (doc_id, fid, kind, start, stop, value, unit, item, approx, total, date,"
            " owner_canon, series_id, measure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def _bare(item: dict) -> dict:
    """A record with the text and meta only (ingest without extraction)."""
    return {
        "schema": "svodka/1",
        "id": item["id"],
        "text": item["text"],
        "meta": {k: item.get(k) for k in ("title", "published", "source", "url")},
    }


def _body_name(body: dict, text: str) -> str:
    """A generic body's name as a canonical entity's: «Правительство»; a region's or city's
    body with the place as the text names it after the noun: «Правительство Москвы»."""
    name = body["name"][:1].upper() + body["name"][1:]
    if body.get("place"):
        for m in body.get("mentions", []):
            phrase = m.get("phrase")
            if phrase and phrase["stop"] > m["stop"]:
                return f"{name} {text[m['stop']:phrase['stop']].strip()}"
    return name
