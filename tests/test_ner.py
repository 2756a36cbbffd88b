"""Mentions: slovnet's spans corrected by the gazetteer and the lexicons (spec conventions)."""

from __future__ import annotations

import pytest

import svodka


@pytest.fixture(scope="module")
def ner():
    return svodka.Pipeline(("segment", "morph", "ner"))


def mentions(ner, text):
    return [(m.type, m.text) for m in ner(text).mentions]


CASES = [
    # a generic body in lower case is a descriptor: only the place is a mention
    ("Министр встретился с председателем правительства Российской Федерации Михаилом Мишустиным.",
     [("LOC", "Российской Федерации"), ("PER", "Михаилом Мишустиным")]),
    ("Премьер-министр республики Казахстан прибыл в Астану.",
     [("LOC", "Казахстан"), ("LOC", "Астану")]),
    # a state body named by its function is split from its country
    ("Об этом сообщили в МИД России.", [("ORG", "МИД"), ("LOC", "России")]),
    ("Представитель МИДа Японии ответил журналистам.", [("ORG", "МИДа"), ("LOC", "Японии")]),
    # legal forms and quotation marks stay outside the organisation
    ("Совет директоров ОАО «Северсталь» утвердил дивиденды.", [("ORG", "Северсталь")]),
    ('Акции ООО "Ромашка" подешевели.', [("ORG", "Ромашка")]),
    # abbreviations of organisations and countries
    ("Страны ЕАЭС и ШОС обсудили торговлю с КНР.", [("ORG", "ЕАЭС"), ("ORG", "ШОС"), ("LOC", "КНР")]),
    # facilities: a name in quotation marks after a facility word, with the countries inside it
    ("Стороны обсудили развитие коридора «Север-Юг» и участка «Казахстан – Туркменистан – Иран».",
     [("FAC", "Север-Юг"), ("FAC", "Казахстан – Туркменистан – Иран"), ("LOC", "Казахстан"),
      ("LOC", "Туркменистан"), ("LOC", "Иран")]),
    ("Строительство газопровода «Турецкий поток» завершено.", [("FAC", "Турецкий поток")]),
    # an organisation whose own name contains a country keeps it, with a nested place
    ("Акции купил Промышленный и коммерческий банк Китая.",
     [("ORG", "Промышленный и коммерческий банк Китая"), ("LOC", "Китая")]),
    # a name in parentheses is its own mention
    ("Решение принял Евразийский банк развития (ЕАБР) в Алма-Ате.",
     [("ORG", "Евразийский банк развития"), ("ORG", "ЕАБР"), ("LOC", "Алма-Ате")]),
    # no mentions: adjectives, capitalised common nouns, abbreviations that name no one
    ("Казахстанской стороной были озвучены предложения.", []),
    ("Российские СМИ сообщили о росте ВВП.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_mentions_follow_the_spec_conventions(ner, text, expected):
    assert mentions(ner, text) == expected


def test_spans_point_into_the_text(ner):
    text = "Глава МИД РФ Сергей Лавров прибыл в Соединённые Штаты Америки."
    doc = ner(text)
    assert all(text[m.start:m.stop] == m.text for m in doc.mentions)
    assert ("LOC", "Соединённые Штаты Америки") in [(m.type, m.text) for m in doc.mentions]


def test_state_body_remembers_its_country(ner):
    doc = ner("Глава МИД РФ ответил коллеге из МИД Японии.")
    bodies = [m for m in doc.mentions if m.type == "ORG"]
    assert [m.qualifier for m in bodies] == ["iso:RU", "iso:JP"]
