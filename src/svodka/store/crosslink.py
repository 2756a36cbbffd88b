"""Cross-article links, made while a document is written: canonical entities (with aliases),
event stories and figure series. The rules (name keys, compatible posts, close dates) are in
linking.py, a figure's owners and measure in series.py; this is their SQL.
"""

from __future__ import annotations

from . import linking


class CrossLinkMixin:
    """Canonical entities, stories and series; mixed into Store (base.py)."""

    def _link_entities(self, doc_id: str, ents: list[dict]) -> dict[str, int]:
        """Record entity id -> canonical entity id. Places and bodies first: persons' posts
        refer to them, and a person is matched by name and posts. An organisation with a
        `country` (and a record's generic body, given here as one) is matched within that
        country."""
        canon: dict[str, int] = {}
        order = sorted(ents, key=lambda e: e["type"] == "PER")
        for e in order:
            country = e.get("country") if e["type"] == "ORG" else None
            name = linking.without_country(e["name"], country) if country else e["name"]
            key = linking.thing_key(name, e["type"]) or linking.name_key(name, e["type"])
            if e["type"] == "PER" and not e.get("link"):
                posts = {(r["title"], canon.get(r.get("of"))) for r in e.get("roles", [])}
                cid = self._person(key, posts, e["name"])
            else:
                forms = [(f, linking.name_key(f, e["type"])) for f in linking.other_names(e)]
                cid = self._thing(e["type"], key, e.get("link"), e["name"], [k for _, k in forms], country)
                for f, k in forms:
                    # the entity's other names in this article answer for it in later ones
                    # (n = 0: never its display name)
                    self._x("INSERT INTO aliases (canon_id, alias, key, n) VALUES (?, ?, ?, 0)"
                            " ON CONFLICT (canon_id, alias) DO NOTHING", (cid, f, k))
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
                " ORDER BY CASE WHEN n > 0 THEN 1 ELSE 0 END DESC,"
                " CASE WHEN alias LIKE '% %' THEN 1 ELSE 0 END DESC, n DESC, alias LIMIT 1)"
                " WHERE id = ?",
                (cid, cid),
            )
        return canon

    def _reference_canon(self, ref: dict, canon: dict[str, int]) -> int | None:
        """The canonical entity of a place the text refers to by an adjective (record
        `references`): its entity's where the text names it too, else the one with its link
        (or, with none, its name), made where none is yet, as for a mention of the place. Such
        a reference counts no document for it (n_docs, aliases): a place only ever referred to
        stays out of the lists ranked by documents and out of the store's entity counts."""
        if ref.get("entity") in canon:
            return canon[ref["entity"]]
        key = linking.thing_key(ref["name"], "LOC") or linking.name_key(ref["name"], "LOC")
        return self._thing("LOC", key, ref.get("link"), ref["name"])

    def _kind_canon(self, name: str) -> int:
        """The canonical entity of a kind of body («правительство», link "kind:правительство"),
        which a bare common noun names whatever country the text means (schema.py,
        BODY_MENTION_LINKS). It counts no document (n_docs stays 0): the lists ranked by
        documents show each country's body, not the kind."""
        link = linking.KIND + name
        row = self._one("SELECT id FROM canon WHERE link = ?", (link,))
        return row[0] if row else self._new_canon("ORG", name, link, link)

    def _new_canon(self, type_: str, name: str, key: str, link: str | None, country: str | None = None) -> int:
        return self._one(
            "INSERT INTO canon (type, name, key, link, country) VALUES (?, ?, ?, ?, ?) RETURNING id",
            (type_, name, key, link, country),
        )[0]

    def _thing(self, type_: str, key: str, link: str | None, name: str, others: list[str] = (),
               country: str | None = None) -> int:
        """The canonical entity of a place, body or facility: by its link, else by its name's
        key, an alias with that key, the keys of its other names (`others`), an abbreviation.
        With a `country`, only one of that country, else one of no country yet (which takes
        it: the same name seen before with no country named); without, one of any country."""
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
        row = None
        for where, args in ((" AND c.country = ?", (country,)), (" AND c.country IS NULL", ())) if country \
                else (("", ()),):
            for k in (key, *others):
                row = self._one(
                    "SELECT id FROM canon c WHERE type = ? AND key = ?" + where + " ORDER BY n_docs DESC, id LIMIT 1",
                    (type_, k, *args),
                )
                if row is None:  # an alias of a linked entity («РФ» seen before as a name of iso:RU)
                    row = self._one(
                        "SELECT a.canon_id FROM aliases a JOIN canon c ON c.id = a.canon_id"
                        " WHERE a.key = ? AND c.type = ?" + where + " ORDER BY a.n DESC, a.canon_id LIMIT 1",
                        (k, type_, *args),
                    )
                if row is not None:
                    break
            if row is None and type_ == "ORG":
                row = self._abbreviation(key, name, where, args)
            if row is not None:
                break
        if row is not None and country:
            self._x("UPDATE canon SET country = ? WHERE id = ? AND country IS NULL", (country, row[0]))
        cid = row[0] if row else self._new_canon(type_, name, key, None, country)
        abbr = linking.abbreviation_key(name)
        if abbr and type_ == "ORG":
            # the full name answers for its abbreviation in later articles (a key only: the
            # text did not write it, so the dossier does not list it)
            self._x("INSERT INTO aliases (canon_id, alias, key, n) VALUES (?, ?, ?, 0)"
                    " ON CONFLICT (canon_id, alias) DO NOTHING", (cid, abbr, abbr))
        return cid

    def _abbreviation(self, key: str, name: str, where: str = "", args: tuple = ()):
        """An organisation named by its abbreviation in one article and in full in another
        («МВД», «Министерство внутренних дел»): the canonical entity of the other form (of the
        country `where` asks for). Two letters are too few to tell («ГУ»)."""
        if linking.is_abbreviation(name):
            if len(key) < linking.MIN_ABBREVIATION:
                return None
            return self._one(
                "SELECT a.canon_id FROM aliases a JOIN canon c ON c.id = a.canon_id"
                " WHERE a.key = ? AND c.type = 'ORG'" + where + " ORDER BY a.canon_id LIMIT 1",
                (linking.ABBR + key, *args),
            )
        abbr = linking.abbreviation_key(name)
        if not abbr:
            return None
        return self._one(
            "SELECT id FROM canon c WHERE type = 'ORG' AND key = ?" + where + " ORDER BY n_docs DESC, id LIMIT 1",
            (abbr[len(linking.ABBR):], *args),
        )

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
        if not linking.is_partial(key):
            # a surname seen alone in earlier articles, before any full name: the first full
            # name that fits takes it over, when only one such canonical entity is there
            alone = [c for (c,) in self._rows("SELECT id FROM canon WHERE type = 'PER' AND key = ?",
                                              (key.split()[-1],))
                     if linking.compatible(self._posts_of(c), posts)]
            if len(alone) == 1:
                self._x("UPDATE canon SET key = ? WHERE id = ?", (key, alone[0]))
                return alone[0]
            # the same name with and without a patronymic («Владимир Вольфович Жириновский»)
            same = [c for c, k in self._rows("SELECT id, key FROM canon WHERE type = 'PER' AND key LIKE ?",
                                             (key.split()[0] + " %",))
                    if linking.same_but_patronymic(key, k) and linking.compatible(self._posts_of(c), posts)]
            if len(same) == 1:
                return same[0]
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

    def _series(self, owners: list[int], kind: str, unit: str, measure: str, item: str) -> int:
        """The series of (owners, kind, unit, measure); owners: one canonical id, or two for a
        figure between two countries (series.py)."""
        key = ",".join(map(str, sorted(set(owners))))
        row = self._one(
            "SELECT id FROM series WHERE owners = ? AND kind = ? AND unit = ? AND measure = ?",
            (key, kind, unit, measure),
        )
        if row:
            return row[0]
        single = owners[0] if len(set(owners)) == 1 else None
        sid = self._one(
            "INSERT INTO series (owner_canon, kind, item, unit, measure, owners) VALUES (?, ?, ?, ?, ?, ?)"
            " RETURNING id",
            (single, kind, item, unit, measure, key),
        )[0]
        self._many(
            "INSERT INTO series_owners (series_id, canon_id) VALUES (?, ?)", [(sid, c) for c in sorted(set(owners))]
        )
        return sid
