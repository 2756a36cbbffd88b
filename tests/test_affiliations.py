"""Affiliations: work or membership stated without a post (stages/affiliations.py). The
sentences are written for these tests."""

from __future__ import annotations

import json

import pytest

import svodka
from svodka.doc import Role
from svodka.record import Record
from svodka.stages.affiliations import Affiliations
from svodka.store import open_store
from test_roles import marked
from test_store import target  # noqa: F401  (the store fixture: SQLite, and PostgreSQL where set)


@pytest.fixture(scope="module")
def parse():
    return svodka.Pipeline(("segment", "morph", "syntax"))


def ties(parse, source: str) -> set[tuple[str, str, str]]:
    doc = marked(parse, source)
    Affiliations()(doc)
    return {(e.name, a.of.name, a.kind) for e in doc.entities for a in e.affiliations}


CASES = [
    ("[PER Иван Сомов|Сомов] много лет работал в компании «[ORG Вектор]».", {("Сомов", "Вектор", "works")}),
    ("[PER Анна Белова|Белова], работавшая в «[ORG Кедре|Кедр]», ушла на пенсию.", {("Белова", "Кедр", "works")}),
    ("[PER Олег Котов|Котов] выступает за «[ORG Ладогу|Ладога]».", {("Котов", "Ладога", "member")}),
    ("Раньше [PER Олег Котов|Котов] играл за «[ORG Ладогу|Ладога]», «[ORG Волну|Волна]» и «[ORG Сокол]».",
     {("Котов", "Ладога", "member"), ("Котов", "Волна", "member"), ("Котов", "Сокол", "member")}),
    ("[PER Пётр Лунин|Лунин] руководил фондом «[ORG Опора]» пять лет.", {("Лунин", "Опора", "leads")}),
    ("Партия «[ORG Рассвет]», которую возглавляет [PER Илья Громов|Громов], прошла в парламент.",
     {("Громов", "Рассвет", "leads")}),
    ("Партия «[ORG Рассвет]», возглавляемая [PER Ильёй Громовым|Громов], прошла в парламент.",
     {("Громов", "Рассвет", "leads")}),
    ("Партия «[ORG Рассвет]», возглавляемая нынешним премьер-министром [PER Ильёй Громовым|Громов], лидирует.",
     {("Громов", "Рассвет", "leads")}),
    ("Газета «[ORG Северный вестник]», где работал [PER Семён Глебов|Глебов], закрылась.",
     {("Глебов", "Северный вестник", "works")}),
    ("[PER Семён Глебов|Глебов] долго служил в [ORG МЧС], а затем перешёл в «[ORG Кедр]».",
     {("Глебов", "МЧС", "works"), ("Глебов", "Кедр", "works")}),
    ("Лучшим игроком стал [PER Олег Котов|Котов] из «[ORG Ладоги|Ладога]».", {("Котов", "Ладога", "member")}),
    ("Второе место занял [PER Олег Котов|Котов] («[ORG Ладога]»).", {("Котов", "Ладога", "member")}),
    ("Третьим стал [PER Олег Котов|Котов] («[ORG Ладога]»/«[ORG Сокол]»).",
     {("Котов", "Ладога", "member"), ("Котов", "Сокол", "member")}),
    ("[PER Анну Белову|Белова] пригласили на работу в «[ORG Кедр]».", {("Белова", "Кедр", "works")}),
    ("[PER Иван Сомов|Сомов] работал юристом в компании «[ORG Вектор]».", {("Сомов", "Вектор", "works")}),
    ("[PER Иван Сомов|Сомов] работал юристом в крупной американской инвестиционной компании [ORG Alpha Capital].",
     {("Сомов", "Alpha Capital", "works")}),
    ("[ORG Союз издателей] (СИР) во главе с [PER Никитой Котовым|Котов] подал иск.",
     {("Котов", "Союз издателей", "leads")}),
    ("Его брат [PER Олег Котов|Котов], правивший [LOC Кубой|Куба] много лет, ушёл.", {("Котов", "Куба", "leads")}),
    ("Работая в «[ORG Векторе|Вектор]», [PER Иван Петров|Петров] создал отдел.", {("Петров", "Вектор", "works")}),
    ("[PER Иван Петров|Петров] работал на радиостанциях [LOC Петербурга|Петербург] «[ORG Полис]» и «[ORG Модерн]».",
     {("Петров", "Полис", "works"), ("Петров", "Модерн", "works")}),
    ("Карьеру [PER Олег Котов|Котов] закончил в 2012 году. [PER Котов] выступал за команды: «[ORG Ладога]» "
     "и «[ORG Сокол]».",
     {("Котов", "Ладога", "member"), ("Котов", "Сокол", "member")}),
    # founding: an act, not a post
    ("В 2001 году [PER Иван Сомов|Сомов] основал компанию «[ORG Вектор]».", {("Сомов", "Вектор", "founded")}),
    ("Издательство «[ORG Кедр]», учреждённое [PER Анной Беловой|Белова], выпустило сборник.",
     {("Белова", "Кедр", "founded")}),
    ("Фонд «[ORG Опора]» был основан [PER Петром Луниным|Лунин].", {("Лунин", "Опора", "founded")}),
    ("Основатель «[ORG Ладоги|Ладога]» [PER Олег Котов|Котов] продал свою долю.", {("Котов", "Ладога", "founded")}),
    ("[PER Илья Громов|Громов] — известный меценат, соучредитель фонда «[ORG Опора]».",
     {("Громов", "Опора", "founded")}),
]

NOT_TIES = [
    "[PER Олег Котов|Котов] родом из [LOC Омска|Омск].",  # a place of origin is no club
    "[PER Иван Сомов|Сомов] работал над проектом для «[ORG Вектора|Вектор]».",  # not «в»
    "[PER Анна Белова|Белова] рассказала, что «[ORG Кедр]» откроет офис.",  # no cue at all
    # «где» with no organisation before its comma
    "Журналисты [ORG ТАСС] спросили, где работал [PER Иван Сомов|Сомов].",
    "[PER Олег Котов|Котов] работал в [LOC Омске|Омск].",  # a place, not an employer
    # brackets that hold more than organisations are no club
    "Третьим стал [PER Олег Котов|Котов] («[ORG Ладога]», 12 очков).",
    # one name after the plural is no list of its members
    "Болельщики «[ORG Ладоги|Ладога]» [PER Олег Котов|Котов] встретил в аэропорту.",
    # the name after is the lawyer's, not the founder's
    "Адвокат основателя «[ORG Ладоги|Ладога]» [PER Олег Котов|Котов] подал жалобу.",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_ties(parse, text, expected):
    assert ties(parse, text) == expected


@pytest.mark.parametrize("text", NOT_TIES)
def test_no_ties(parse, text):
    assert ties(parse, text) == set()


def test_a_role_with_that_owner_is_not_repeated(parse):
    doc = marked(parse, "Директор «[ORG Вектора|Вектор]» [PER Иван Сомов|Сомов] работает в «[ORG Векторе|Вектор]» "
                        "с 2010 года.")
    Affiliations()(doc)
    (person,) = [e for e in doc.entities if e.type == "PER"]
    assert [r.of.name for r in person.roles] == ["Вектор"]
    assert person.affiliations == []


def test_a_second_owner_joined_to_a_roles_owner(parse):
    doc = marked(parse, "Президент «[ORG Вектора|Вектор]» и «[ORG Кедра|Кедр]» [PER Иван Сомов|Сомов] выступил.")
    ents = {e.name: e for e in doc.entities}
    # a role has one owner: given the first, the second is the affiliation
    ents["Сомов"].roles[:] = [Role("президент", ents["Вектор"], 0, 9)]
    Affiliations()(doc)
    assert {(e.name, a.of.name) for e in doc.entities for a in e.affiliations} == {("Сомов", "Кедр")}


def test_two_owners_joined_where_the_role_has_none(parse):
    doc = marked(parse, "Директор «[ORG Вектора|Вектор]» и «[ORG Кедра|Кедр]» [PER Иван Сомов|Сомов] выступил.")
    ents = {e.name: e for e in doc.entities}
    ents["Сомов"].roles[:] = [Role("директор", None, 0, 8)]
    Affiliations()(doc)
    got = {(e.name, a.of.name) for e in doc.entities for a in e.affiliations}
    assert got == {("Сомов", "Вектор"), ("Сомов", "Кедр")}


def test_the_record_carries_them(nlp):
    doc = nlp("Инженер Максим Ветров с 2015 года работает в компании «Северсталь».")
    rec = Record.from_doc(doc).to_dict()
    ents = {e["id"]: e for e in rec["entities"]}
    got = [(e["name"], ents[a["of"]]["name"], a["kind"], rec["text"][a["start"]:a["stop"]])
           for e in rec["entities"] for a in e["affiliations"]]
    assert got == [("Максим Ветров", "Северсталь", "works", "работает")]
    back = Record.from_dict(json.loads(json.dumps(rec, ensure_ascii=False)))
    assert back.to_dict() == rec


def test_the_store_keeps_them(nlp, target):  # noqa: F811
    text = "Инженер Максим Ветров с 2015 года работает в компании «Северсталь»."
    rec = Record.from_doc(nlp(text)).to_dict()
    rec["id"] = "affil-1"
    s = open_store(target)
    try:
        s.add_records([rec])
        assert s.schema_version() >= 7 and s.stats()["affiliations"] == 1
        cols, rows = s.table("affiliations")
        got = [dict(zip(cols, r)) for r in rows]
        assert [(r["person"], r["kind"], r["of_name"]) for r in got] == [("Максим Ветров", "works", "Северсталь")]
    finally:
        s.close()


def test_a_plural_post_list_is_roles_not_repeated_as_ties(parse):
    # the roles stage gives each name the post with its owner; the tie is not repeated
    doc = marked(parse, "На турнир приехали игроки клуба «[ORG Ладога]» [PER Олег Котов|Котов] и "
                        "[PER Иван Белов|Белов].")
    Affiliations()(doc)
    assert {(e.name, r.of.name) for e in doc.entities for r in e.roles if r.of} == {
        ("Котов", "Ладога"), ("Белов", "Ладога")}
    assert all(not e.affiliations for e in doc.entities)
