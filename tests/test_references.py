"""Places referred to by an adjective (stages/references.py, record `references`) and how the
store links them across articles, on both backends. Sentences are our own."""

from __future__ import annotations

import svodka
from svodka.doc import Doc, Entity
from svodka.names.linking import PlaceAdjectives, place_of_adjective
from svodka.stages.cast import cast_of
from svodka.store import open_store
from test_store import target  # noqa: F401 - the backend fixture (SQLite, PostgreSQL)


def _refs(text: str) -> tuple[dict, list[tuple[str, str | None, str | None, str]]]:
    rec = svodka.extract(text).to_dict()
    names = {e["id"]: e["name"] for e in rec["entities"]}
    return rec, [(text[r["start"]:r["stop"]], r["link"], names.get(r["entity"]), r["name"])
                 for r in rec["references"]]


def test_an_adjective_refers_to_its_country_named_or_not():
    _, refs = _refs("Венгерские фермеры вывезли зерно в Грецию. Греческие порты приняли его.")
    assert ("Венгерские", "iso:HU", None, "Венгрия") in refs  # the text never names Hungary
    assert ("Греческие", "iso:GR", "Греция", "Греция") in refs  # the entity of the named country
    assert all(r["kind"] == "adjective" for r in svodka.extract("Венгерские фермеры.").to_dict()["references"])


def test_an_adjective_inside_a_name_is_no_reference():
    rec, refs = _refs("Российская Федерация и Чешская Республика обменялись нотами.")
    assert [r for r in refs if r[0] in ("Российская", "Чешская")] == []
    assert {e["link"] for e in rec["entities"]} >= {"iso:RU", "iso:CZ"}


def test_a_compound_refers_to_each_country_and_a_direction_to_none():
    _, refs = _refs("Российско-чешские переговоры прошли при северо-западном ветре.")
    assert refs == [("Российско", "iso:RU", None, "Россия"), ("чешские", "iso:CZ", None, "Чехия")]


def test_a_place_adjective_reaches_a_place_the_text_names():
    _, refs = _refs("Новосибирск принял форум. Новосибирские власти обещали открыть его снова.")
    assert ("Новосибирские", None, "Новосибирск", "Новосибирск") in refs
    # with no such place in the text, the dictionary's place; an ordinary adjective is none
    _, refs = _refs("Центральный банк и курские учёные обсудили политический отчёт.")
    assert refs == [("курские", None, None, "Курск")]
    _, refs = _refs("Русский язык сдавали в детской школе.")
    assert refs == []


def test_place_of_adjective():
    assert [place_of_adjective(a) for a in ("римский", "сибирский", "московский", "курский",
                                            "русский", "политический", "городской", "братский")] == [
        "Рим", "Сибирь", "Москва", "Курск", None, None, None, None]


def test_place_adjectives_by_code_and_by_stem():
    doc = Doc("")
    kz, ural, uy = (Entity("LOC", "Казахстан", link="iso:KZ"), Entity("LOC", "Урал"),
                    Entity("LOC", "Уругвай", link="iso:UY"))
    doc.entities = [kz, ural, uy, Entity("PER", "Иван Уралов")]
    places = PlaceAdjectives(doc)
    got = {adj: places.entity(adj) for adj in ("казахстанский", "уральский", "уругвайский", "японский", "новый")}
    assert got == {"казахстанский": kz, "уральский": ural, "уругвайский": uy, "японский": None, "новый": None}
    assert cast_of(doc).place("уральский") is ural  # the cast holds one index per document


def _record(doc: str, text: str, refs: list[tuple[str, str, str]], ents=()) -> dict:
    """A record of `text` with adjective references [(word, link, name)] and LOC entities
    [(word, link)]."""
    def span(word):
        a = text.index(word)
        return a, a + len(word)

    entities = [{"id": f"e{i}", "type": "LOC", "name": w, "link": lk, "mentions": [
        dict(zip(("start", "stop"), span(w)))], "roles": []} for i, (w, lk) in enumerate(ents, 1)]
    return {"schema": "svodka/1", "id": doc, "text": text, "meta": {}, "entities": entities,
            "references": [{"start": span(w)[0], "stop": span(w)[1], "kind": "adjective",
                            "entity": next((e["id"] for e in entities if e["link"] == lk), None),
                            "link": lk, "name": nm} for w, lk, nm in refs]}


def test_store_links_a_country_referred_to_only_by_an_adjective(target):  # noqa: F811
    s = open_store(target)
    try:
        s.add_records([
            _record("a", "Словацкие шахтёры бастуют.", [("Словацкие", "iso:SK", "Словакия")]),
            _record("b", "Словакия и словацкие банки.", [("словацкие", "iso:SK", "Словакия")],
                    [("Словакия", "iso:SK")]),
            _record("c", "Мальтийские яхты.", [("Мальтийские", "iso:MT", "Мальта")]),
            _record("d", "Пермские заводы.", [("Пермские", None, "Пермь")]),
            _record("e", "Пермь и пермские музеи.", [("пермские", None, "Пермь")], [("Пермь", None)]),
        ])
        canon = dict(s._rows("SELECT doc_id, canon_id FROM place_refs"))
        named = s._one("SELECT canon_id FROM entities WHERE doc_id = 'b' AND eid = 'e1'")[0]
        assert canon["a"] == canon["b"] == named != canon["c"]
        # a place with no link: by its name, the canonical entity a later name mention takes
        assert canon["d"] == canon["e"] == s._one(
            "SELECT canon_id FROM entities WHERE doc_id = 'e' AND eid = 'e1'")[0]
        # a country only ever referred to by an adjective is no entity seen in the counts
        n_docs = dict(s._rows("SELECT name, n_docs FROM canon"))
        assert n_docs == {"Словакия": 1, "Мальта": 0, "Пермь": 1}
        assert s.stats()["entities"] == 2 and s.stats()["by_type"] == {"LOC": 2}
        assert s.schema_version() >= 6
    finally:
        s.close()


def test_references_survive_sections():
    from svodka.pipeline import Pipeline
    from svodka.record import Record

    text = "Польша закупила зерно. Польские фермеры недовольны. " * 30
    whole = Record.from_doc(Pipeline()(text)).to_dict()
    parts = Record.from_doc(Pipeline(section_chars=400)(text)).to_dict()
    assert len(whole["references"]) == 30 and parts["references"] == whole["references"]
    assert {r["entity"] for r in parts["references"]} == {"e1"}
