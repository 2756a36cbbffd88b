"""FastParser gives what pymorphy3's own parse gives, object for object."""

from __future__ import annotations

import pytest

from svodka import lexicons, models
from svodka.fastparse import FastParser
from svodka.stages.morph import _parser


@pytest.fixture(scope="module")
def parser():
    return FastParser(models.morph())


def vocabulary() -> list[str]:
    """Every form of the lexicons' words (the lexemes pymorphy3 builds for their parses), each
    also capitalised, in capitals and with ё written as е; and words no dictionary holds."""
    analyzer = models.morph()
    lemmas = set()
    for name in ("posts", "speech_verbs", "event_triggers", "countries", "country_adjectives", "months",
                 "numerals", "units", "bodies"):
        for row in lexicons.load(name):
            lemmas.update(w for w in row[0].split() if w.isalpha())
    forms = set()
    for lemma in sorted(lemmas):
        for p in analyzer.parse(lemma)[:2]:
            forms.update(f.word for f in p.lexeme)
    words = set()
    for f in forms:
        words.update((f, f.capitalize(), f.upper(), f.replace("ё", "е")))
    words.update(("А", "Б", "я", "Ё", "ёлка", "елка", "Путину", "кто-то", "по-русски", "экс-министр",
                  "вице-премьером", "2024", "3,5", "XIV", "iPhone", "«", "—", "...", "Шмыргальцев",
                  "квазибанками", "сверхзвуковых", "ъъъ", "", "ФСБ", "МИДа", "госкорпорацией"))
    return sorted(words)


def test_same_parses_as_pymorphy(parser):
    analyzer = models.morph()
    words = vocabulary()
    assert len(words) > 5000
    for w in words:
        expected, got = analyzer.parse(w), parser.parse(w)
        assert got == expected, w
        assert [type(p) for p in got] == [type(p) for p in expected], w
        assert [p.methods_stack for p in got] == [p.methods_stack for p in expected], w


def test_parses_inflect_and_give_their_lexeme(parser):
    p = parser.parse("министрами")[0]
    assert p.normal_form == "министр" and p.tag.case == "ablt"
    assert p.inflect({"gent", "sing"}).word == "министра"
    assert [f.word for f in p.lexeme] == [f.word for f in models.morph().parse("министрами")[0].lexeme]


def test_the_pipeline_parses_with_it():
    assert _parser().enabled
