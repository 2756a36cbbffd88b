"""Organisations by country and generic bodies (stages/bodies.py), and how the store links
them across articles (store/crosslink.py), on both backends. Sentences are our own."""

from __future__ import annotations

import pytest

import svodka
from svodka.stages.bodies import function_named
from svodka.store import open_store
from svodka.store.linking import abbreviation_key, without_country
from test_store import target  # noqa: F401 - the backend fixture (SQLite, PostgreSQL)


def _record(text: str) -> dict:
    return svodka.extract(text).to_dict()


def _bodies(rec: dict) -> list[tuple[str, str | None, list[str]]]:
    return [(b["name"], b["country"], [rec["text"][m["start"]:m["stop"]] for m in b["mentions"]])
            for b in rec["bodies"]]


def _org(rec: dict, name: str) -> dict:
    return next(e for e in rec["entities"] if e["type"] == "ORG" and e["name"] == name)


# --- the stage ----------------------------------------------------------------------------


def test_a_body_takes_the_country_after_it_and_its_later_references():
    rec = _record("Правительство Эстонии утвердило бюджет на будущий год. Позже кабмин обсудил "
                  "налоги, и правительство пообещало снизить их.")
    assert _bodies(rec) == [("правительство", "iso:EE", ["Правительство", "кабмин", "правительство"])]


def test_a_country_adjective_and_the_country_in_focus():
    rec = _record("Японское правительство одобрило план. В Канаде полиция задержала двух "
                  "подозреваемых, а прокуратура предъявила им обвинения.")
    assert ("правительство", "iso:JP", ["Японское правительство"]) in _bodies(rec)
    assert ("полиция", "iso:CA", ["полиция"]) in _bodies(rec)
    assert ("прокуратура", "iso:CA", ["прокуратура"]) in _bodies(rec)


def test_two_countries_make_two_bodies_and_a_bare_one_goes_to_the_last():
    rec = _record("Парламент Латвии принял закон, а парламент Литвы его отклонил. "
                  "Теперь парламент ждёт ответа соседей.")
    assert _bodies(rec) == [("парламент", "iso:LV", ["Парламент"]),
                            ("парламент", "iso:LT", ["парламент", "парламент"])]


def test_a_phrase_is_one_body_and_a_plural_is_none():
    rec = _record("Во Франции конституционный суд оставил закон в силе. "
                  "Правительствам соседних стран это не понравилось.")
    assert _bodies(rec) == [("конституционный суд", "iso:FR", ["конституционный суд"])]


def test_a_reference_says_whether_it_names_the_country_itself():
    rec = _record("Итальянское правительство одобрило закон. Правительство Греции его раскритиковало, "
                  "и греческая полиция усилила охрану. Позже правительство Греции смягчило тон, "
                  "а полиция сняла посты.")
    named = {(b["name"], b["country"]): [m["country_named"] for m in b["mentions"]] for b in rec["bodies"]}
    assert named == {("правительство", "iso:IT"): [True],
                     ("правительство", "iso:GR"): [True, True],
                     ("полиция", "iso:GR"): [True, False]}
    assert svodka.Record.from_dict(rec).to_dict() == rec  # the flag survives a round trip


def test_a_reference_gives_its_noun_and_the_phrase_that_names_its_country():
    text = ("Парламент Чили принял поправки, шведское правительство их приветствовало, "
            "а парламент взял паузу.")
    rec = _record(text)
    spans = {(b["name"], b["country"]): [(text[m["noun"]["start"]:m["noun"]["stop"]],
                                          m["phrase"] and text[m["phrase"]["start"]:m["phrase"]["stop"]])
                                         for m in b["mentions"]] for b in rec["bodies"]}
    assert spans == {("парламент", "iso:CL"): [("Парламент", "Парламент Чили"), ("парламент", None)],
                     ("правительство", "iso:SE"): [("правительство", "шведское правительство")]}
    assert svodka.Record.from_dict(rec).to_dict() == rec  # both survive a round trip


def test_a_body_of_a_region_or_city_is_that_places_not_its_countrys():
    text = ("Президент России подписал указ. Правительство Самарской области выделило деньги, "
            "и правительство России это одобрило. Полиция Чикаго задержала двоих, полиция их допросила.")
    rec = _record(text)
    names = {e["id"]: e["name"] for e in rec["entities"]}
    got = [(b["name"], b["country"], names.get(b["place"]), [m["country_named"] for m in b["mentions"]],
            [text[m["phrase"]["start"]:m["phrase"]["stop"]] if m["phrase"] else None for m in b["mentions"]])
           for b in rec["bodies"]]
    assert got == [
        ("правительство", None, "Самарская область", [False], ["Правительство Самарской области"]),
        ("правительство", "iso:RU", None, [True], ["правительство России"]),
        ("полиция", None, "Чикаго", [False, False], ["Полиция Чикаго", None]),
    ]


def test_no_country_named_gives_none():
    assert _bodies(_record("Полиция просит откликнуться свидетелей происшествия.")) == [
        ("полиция", None, ["Полиция"])]


def test_an_organisation_takes_its_country():
    rec = _record("В Сингапуре министр выступил с речью. МВД Сингапура сообщило о задержании. "
                  "В Бразилии Министерство обороны закупило вертолёты, а компания Ростех промолчала.")
    assert _org(rec, "МВД")["country"] == "iso:SG"
    assert _org(rec, "Министерство обороны")["country"] == "iso:BR"  # by its function, in focus
    assert all(e["country"] is None for e in rec["entities"] if e["type"] != "ORG")


@pytest.mark.parametrize("name, generic", [
    ("Министерство обороны", True), ("МВД", True), ("Верховный суд", True), ("Совет Федерации", True),
    ("Агентство Франс Пресс", False), ("Газпром", False), ("Единая Россия", False),
])
def test_function_named(name, generic):
    assert function_named(name) is generic


# --- the store ------------------------------------------------------------------------------


def _org_rec(doc: str, name: str, country: str | None, bodies=()) -> dict:
    text = f"{name} и другие. " + " ".join(b for b, _ in bodies)
    out, pos = [], len(name) + len(" и другие. ")
    for i, (b, c) in enumerate(bodies, 1):
        out.append({"id": f"b{i}", "name": b, "country": c, "mentions": [{"start": pos, "stop": pos + len(b)}]})
        pos += len(b) + 1
    return {"schema": "svodka/1", "id": doc, "text": text, "meta": {},
            "entities": [{"id": "e1", "type": "ORG", "name": name, "link": None, "country": country,
                          "mentions": [{"start": 0, "stop": len(name)}], "roles": []}],
            "bodies": out}


def _canon(s, doc: str, eid: str) -> int:
    table, col = ("bodies", "bid") if eid.startswith("b") else ("entities", "eid")
    return s._one(f"SELECT canon_id FROM {table} WHERE doc_id = ? AND {col} = ?", (doc, eid))[0]


def test_store_links_organisations_and_bodies_within_their_country(target):  # noqa: F811
    s = open_store(target)
    try:
        s.add_records([
            _org_rec("a", "МВД", None, [("правительство", "iso:RU")]),
            _org_rec("b", "МВД", "iso:RU", [("правительство", "iso:RU"), ("министерство внутренних дел", "iso:RU")]),
            _org_rec("c", "Министерство внутренних дел", "iso:SG", [("правительство", "iso:UA")]),
            _org_rec("d", "МВД", "iso:SG", []),
            _org_rec("e", "Сенат США", "iso:US", []),
            _org_rec("f", "Сенат", "iso:US", []),
        ])
        # no country yet, then Russia's: one; Singapore's МВД in full and abbreviated: another
        assert _canon(s, "a", "e1") == _canon(s, "b", "e1") != _canon(s, "c", "e1") == _canon(s, "d", "e1")
        # a generic body joins the organisation of its name and country
        assert _canon(s, "b", "b2") == _canon(s, "b", "e1")
        assert _canon(s, "a", "b1") == _canon(s, "b", "b1") != _canon(s, "c", "b1")
        assert _canon(s, "e", "e1") == _canon(s, "f", "e1")  # «Сенат США» is the Senate of the USA
        assert s._one("SELECT country FROM canon WHERE id = ?", (_canon(s, "c", "e1"),))[0] == "iso:SG"
        assert s._one("SELECT COUNT(*) FROM body_mentions WHERE doc_id = 'b'")[0] == 2
    finally:
        s.close()


def test_a_bare_reference_links_to_the_kind_and_a_named_one_to_the_country(target):  # noqa: F811
    def rec(doc_id, text, country, refs):
        at = [(text.index(w), text.index(w) + len(w), named) for w, named in refs]
        return {"schema": "svodka/1", "id": doc_id, "text": text,
                "meta": {"title": None, "published": "2025-03-01", "source": "test", "url": None},
                "entities": [], "figures": [], "times": [], "quotes": [], "events": [], "topics": [],
                "bodies": [{"id": "b1", "name": "полиция", "country": country,
                            "mentions": [{"start": a, "stop": z, "country_named": n} for a, z, n in at]}]}

    s = open_store(target)
    try:
        s.add_records([
            rec("by", "Полиция Беларуси задержала двоих. Вскоре полиция их отпустила.", "iso:BY",
                [("Полиция", True), ("полиция", False)]),
            rec("am", "В Ереване полиция перекрыла проспект.", "iso:AM", [("полиция", False)]),
        ])
        links = {(d, a): c for d, a, c in s._rows("SELECT doc_id, start, canon_id FROM body_mentions")}
        kind = s.find_entities("kind:полиция")[0]
        assert links[("by", 0)] == _canon(s, "by", "b1") != kind["id"]
        assert links[("by", 41)] == links[("am", 10)] == kind["id"]
        # the kind counts no document and is not what a name asks for; its dossier lists the
        # countries its bare references were read as
        assert kind["documents"] == 0
        assert all(e["id"] != kind["id"] for e in s.find_entities("Полиция"))
        assert sorted((b["country"], b["documents"]) for b in s.entity("kind:полиция")["bodies"]) == [
            ("iso:AM", 1), ("iso:BY", 1)]
    finally:
        s.close()


def test_a_named_references_noun_links_to_the_kind_and_its_phrase_to_the_country(target):  # noqa: F811
    texts = {"fi": "Правительство Финляндии ушло в отставку.",
             "ee": "Эстонское правительство промолчало. Правительство Тарту возразило."}
    with open_store(target) as s:
        s.add_records([_record(t) | {"id": k} for k, t in texts.items()])
        kind = s.find_entities("kind:правительство")[0]["id"]
        rows = {(d, texts[d][a:z], texts[d][na:nz], texts[d][pa:pz] if pa is not None else None): (c, k)
                for d, a, z, na, nz, pa, pz, c, k in s._rows(
                    "SELECT doc_id, start, stop, noun_start, noun_stop, phrase_start, phrase_stop, canon_id,"
                    " kind_canon FROM body_mentions")}
        fi = rows[("fi", "Правительство", "Правительство", "Правительство Финляндии")]
        ee = rows[("ee", "Эстонское правительство", "правительство", "Эстонское правительство")]
        tartu = rows[("ee", "Правительство", "Правительство", "Правительство Тарту")]
        assert fi[1] == ee[1] == tartu[1] == kind  # the noun: the kind, whichever country
        assert len({fi[0], ee[0], tartu[0], kind}) == 4  # the phrase: each its own body
        assert s.entity(tartu[0])["name"] == "Правительство Тарту"
        # the kind's dossier lists the bodies its references were read as, named ones too
        assert {b["country"] for b in s.entity("kind:правительство")["bodies"]} == {"iso:FI", "iso:EE", None}


def test_references_stored_before_their_links_keep_their_body(target, monkeypatch):  # noqa: F811
    from svodka.store import schema

    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", [x for x in schema.MIGRATIONS if x[0] <= 7])
        with open_store(target) as old:  # a store of schema version 7 with one body's reference
            old._x("INSERT INTO documents (id, hash, text, record, extracted, added_at)"
                   " VALUES ('old', 'h', 'полиция', '{}', 1, '2025-01-01')")
            old._x("INSERT INTO body_mentions (doc_id, bid, start, stop) VALUES ('old', 'b1', 0, 7)")
    with open_store(target) as store:
        assert store.schema_version() >= 8
        assert store._rows("SELECT country_named, canon_id FROM body_mentions WHERE doc_id = 'old'") == [(0, None)]
        store.add_records([_org_rec("new", "МВД", "iso:RU", [("полиция", "iso:RU")])])
        assert store._rows("SELECT country_named, canon_id FROM body_mentions WHERE doc_id = 'new'") == [
            (0, store.find_entities("kind:полиция")[0]["id"])]


def test_two_letters_are_no_abbreviation_to_link(target):  # noqa: F811
    s = open_store(target)
    try:
        s.add_records([_org_rec("a", "ГУ", None), _org_rec("b", "Горный университет", None),
                       _org_rec("c", "Гуманитарный университет", None)])
        assert len({_canon(s, d, "e1") for d in "abc"}) == 3
    finally:
        s.close()
    assert abbreviation_key("Горный университет") is None
    assert abbreviation_key("Министерство внутренних дел") == "abbr:мвд"


def test_without_country():
    assert without_country("Сенат США", "iso:US") == "Сенат"
    assert without_country("Верховный суд Российской Федерации", "iso:RU") == "Верховный суд"
    assert without_country("Сенат США", "iso:FR") == "Сенат США"
    assert without_country("США", "iso:US") == "США"


def test_a_unit_abbreviation_before_its_body_is_one_organisation():
    rec = _record("Сотрудники ГУ МВД задержали угонщика. Об этом сообщили в ЦК КПК и в МВД.")
    names = [e["name"] for e in rec["entities"] if e["type"] == "ORG"]
    assert names == ["ГУ МВД", "ЦК КПК", "МВД"]


def test_a_body_a_country_has_many_of_is_not_linked_by_country():
    # a district court or a city hall is one of many in a country: not a body of the country
    rec = _record("В Латвии районный суд вынес решение, а мэрия подала апелляцию.")
    assert _bodies(rec) == []
