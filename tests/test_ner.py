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


def _quoted_runs_word_by_word(w):
    from svodka.names.mentions import MAX_QUOTED, OPEN_CLOSE
    out, i = [], 0
    while i < len(w):
        close, j = OPEN_CLOSE.get(w[i]), None
        if close is not None:
            depth = 0
            for k in range(i + 1, min(len(w), i + MAX_QUOTED + 3)):
                if w[k] == close and depth == 0:
                    j = k
                    break
                if w[k] == close:
                    depth -= 1
                elif w[k] == w[i]:
                    depth += 1
        if j is not None and w[i + 1][:1].isalnum() and not w[i + 1][:1].islower() and 0 < j - i - 1 <= MAX_QUOTED:
            out.append((i, j))
            i = j + 1
        else:
            i += 1
    return out


def test_quoted_runs_are_those_a_word_by_word_pass_finds():
    from types import SimpleNamespace

    from razdel import tokenize

    from svodka.names.mentions import Builder
    text = ('Фонд «Наследие» и ОАО «Завод «Красный «Октябрь»» и « », "Ромашка" и «сад» '
            '«Один два три четыре пять шесть семь восемь девять» «А «Б» В» «Конец')
    words = [t.text for t in tokenize(text)]
    got = Builder._quoted_runs(SimpleNamespace(words=words))
    assert got == _quoted_runs_word_by_word(words)
    assert len(got) >= 4
