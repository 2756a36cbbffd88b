"""Entities: one per real thing, a nominative name, iso links."""

from __future__ import annotations

import pytest

import svodka


@pytest.fixture(scope="module")
def nlp():
    return svodka.Pipeline(("segment", "morph", "ner", "entities"))


def entities(nlp, text):
    return {(e.type, e.name, e.link, tuple(m.text for m in e.mentions)) for e in nlp(text).entities}


CASES = [
    # declined forms, long names and abbreviations of a country are one entity
    # (spec: «Республики Казахстан» → the mention is «Казахстан»)
    ("Президент Республики Казахстан посетил Россию. Делегация РК встретилась с коллегами из РФ, "
     "а затем вернулась в Казахстан.",
     {("LOC", "Казахстан", "iso:KZ", ("Казахстан", "РК", "Казахстан")),
      ("LOC", "Россия", "iso:RU", ("Россию", "РФ"))}),
    # a surname alone joins the full name; names in the nominative
    ("Касым-Жомарт Токаев провёл встречу с Шавкатом Мирзиёевым. Токаев отметил успехи.",
     {("PER", "Касым-Жомарт Токаев", None, ("Касым-Жомарт Токаев", "Токаев")),
      ("PER", "Шавкат Мирзиёев", None, ("Шавкатом Мирзиёевым",))}),
    # natasha#101
    ("Премьер-министр Нидерландов прибыл в Берлин.",
     {("LOC", "Нидерланды", "iso:NL", ("Нидерландов",)), ("LOC", "Берлин", None, ("Берлин",))}),
    # an abbreviation and the full name of an organisation are one entity
    ("Евразийский экономический союз расширяется. Страны ЕАЭС обсудили тарифы.",
     {("ORG", "Евразийский экономический союз", None, ("Евразийский экономический союз", "ЕАЭС"))}),
    # a one-word name whose case pymorphy3 can only guess joins its nominative
    ("Госкорпорация «Росатом» построит станцию. Глава «Росатома» сообщил об этом.",
     {("ORG", "Росатом", None, ("Росатом", "Росатома"))}),
    # a foreign surname pymorphy3 does not know joins the full name in any case, by its ending
    ("Кофи Мбека выступил в ООН. Речь Мбеки длилась час.",
     {("PER", "Кофи Мбека", None, ("Кофи Мбека", "Мбеки")), ("ORG", "ООН", None, ("ООН",))}),
    ("Жерар Дюпон прилетел в Москву. Встречу с Дюпоном перенесли.",
     {("PER", "Жерар Дюпон", None, ("Жерар Дюпон", "Дюпоном")), ("LOC", "Москва", None, ("Москву",))}),
    # a foreign first name alone, read as a surname, joins the one person of that first name
    ("Маргарет Олдридж выиграла турнир. Маргарет поблагодарила болельщиков.",
     {("PER", "Маргарет Олдридж", None, ("Маргарет Олдридж", "Маргарет"))}),
    # an honorific or a title before a name is not part of it
    ("Сэр Джон Смит открыл выставку. Вечером Джон Смит уехал.",
     {("PER", "Джон Смит", None, ("Джон Смит", "Джон Смит"))}),
    # a person's name spelled in Latin letters in brackets is the same person
    ("Вратарь Мартин Берковец (Martin Berkovec) получил травму.",
     {("PER", "Мартин Берковец", None, ("Мартин Берковец", "Martin Berkovec"))}),
    # a name in parentheses joins the name before it
    ("Кредит выдал Евразийский банк развития (ЕАБР). Представитель ЕАБР уточнил сроки.",
     {("ORG", "Евразийский банк развития", None, ("Евразийский банк развития", "ЕАБР", "ЕАБР"))}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_one_entity_per_thing(nlp, text, expected):
    assert entities(nlp, text) == expected


def test_bodies_of_different_countries_stay_apart(nlp):
    doc = nlp("Глава МИД РФ ответил МИД Японии. В МИД России добавили, что ответ дан.")
    mids = [e for e in doc.entities if e.type == "ORG"]
    assert len(mids) == 2
    assert [len(e.mentions) for e in mids] == [2, 1]


def test_initial_and_surname_join_the_full_name(nlp):
    doc = nlp("Алексей Кудрин выступил в Москве. А. Кудрин напомнил, что Кудрина поддержали.")
    pers = [e for e in doc.entities if e.type == "PER"]
    assert [(e.name, len(e.mentions)) for e in pers] == [("Алексей Кудрин", 3)]


def test_every_mention_belongs_to_its_entity(nlp):
    doc = nlp("Владимир Путин и Си Цзиньпин встретились в Пекине. Путин прибыл в КНР накануне.")
    for e in doc.entities:
        assert e.mentions and all(m.entity is e and m.type == e.type for m in e.mentions)
    assert {e.name for e in doc.entities} >= {"Владимир Путин", "Си Цзиньпин", "Китай"}


@pytest.mark.parametrize("text, name", [
    ("Режиссер-постановщик Иван Петров представил спектакль.", "Иван Петров"),
    ("Журналист Пётр Седов задал вопрос министру.", "Пётр Седов"),
])
def test_a_post_before_the_name_at_the_sentence_start_is_no_part_of_it(nlp, text, name):
    got = [(e.name, [m.text for m in e.mentions]) for e in nlp(text).entities if e.type == "PER"]
    assert got == [(name, [name])]
