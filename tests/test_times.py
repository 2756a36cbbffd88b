"""Times: one row per notation, (text, published, expected [(kind, span text, value)])."""

from __future__ import annotations

import pytest

from svodka.pipeline import Pipeline
from svodka.stages.dates import Point, nearest_year, parse_published, weekday_date


@pytest.fixture(scope="module")
def light() -> Pipeline:
    # times need only tokens and lemmas: no neural model is loaded
    return Pipeline(["segment", "morph", "times"])


def times(light, text, published=None):
    doc = light(text, published=published)
    return [(t.kind, text[t.start:t.stop], t.value) for t in doc.times]


P = "2024-05-20"  # a Monday

CASES = [
    # dates at any precision
    ("Договор подписан 3 апреля 2017 года в Москве.", None,
     [("date", "3 апреля 2017 года", "2017-04-03")]),
    ("Кредит выдан в декабре 2013 года.", None, [("date", "декабре 2013 года", "2013-12")]),
    ("Это случилось в 2008 году.", None, [("date", "2008 году", "2008")]),
    ("Доходы за 2018 год выросли.", None, [("date", "2018 год", "2018")]),
    ("Декларация 1942 года стала основой.", None, [("date", "1942 года", "1942")]),
    ("Встреча прошла в апреле 1945-го.", None, [("date", "апреле 1945-го", "1945-04")]),
    ("Закон вступил в силу в 2014 г. и действует.", None, [("date", "2014 г.", "2014")]),
    ("Федеральный закон от 03.04.2017 № 53-ФЗ принят.", None, [("date", "03.04.2017", "2017-04-03")]),
    ("Отчёт 2013-01-10 опубликован.", None, [("date", "2013-01-10", "2013-01-10")]),
    # open-ended start
    ("С 2019 года пенсии растут.", None, [("date", "С 2019 года", "2019")]),
    ("Сначала с 1 января 2016 года выплаты растут.", None, [("date", "с 1 января 2016 года", "2016-01-01")]),
    # periods
    ("Программа рассчитана с 2024 по 2027 год.", None,
     [("period", "с 2024 по 2027 год", {"from": "2024", "to": "2027"})]),
    ("Средства выделят в 2025–2026 годах.", None,
     [("period", "2025–2026 годах", {"from": "2025", "to": "2026"})]),
    ("Матч пройдёт с 21 сентября по 13 октября 2006 года.", None,
     [("period", "с 21 сентября по 13 октября 2006 года", {"from": "2006-09-21", "to": "2006-10-13"})]),
    ("Форум прошёл 12–14 мая 2019 года.", None,
     [("period", "12–14 мая 2019 года", {"from": "2019-05-12", "to": "2019-05-14"})]),
    ("Рост продолжался в 1990-х годах.", None, [("period", "1990-х годах", {"from": "1990", "to": "1999"})]),
    # quarters and halves: periods of months; seasons keep the year
    ("Стройку начнут во втором квартале 2014 года.", None,
     [("period", "втором квартале 2014 года", {"from": "2014-04", "to": "2014-06"})]),
    ("Цены выросли за первое полугодие 2009 года.", None,
     [("period", "первое полугодие 2009 года", {"from": "2009-01", "to": "2009-06"})]),
    ("В I квартале 2016 г. начнутся поставки.", None,
     [("period", "I квартале 2016 г.", {"from": "2016-01", "to": "2016-03"})]),
    ("Решение принято весной 2002 года.", None, [("date", "весной 2002 года", "2002")]),
    # deadlines
    ("Работы завершат до конца 2027 года.", None, [("deadline", "до конца 2027 года", "2027-12-31")]),
    # a deadline's value is the last day it allows
    ("Мост построят к 2030 году.", None, [("deadline", "к 2030 году", "2030-12-31")]),
    ("Цех модернизируют к маю 2026 года.", None, [("deadline", "к маю 2026 года", "2026-05-31")]),
    # abbreviated months, with their dots («февр.» does not end the sentence)
    ("Протокол подписан 14 февр. 2019 г. в Минске.", None, [("date", "14 февр. 2019 г.", "2019-02-14")]),
    ("Заседание перенесли на сент. 2025 года.", None, [("date", "сент. 2025 года", "2025-09")]),
    ("Цены перерегистрируют до 1 марта 2010 года.", None,
     [("deadline", "до 1 марта 2010 года", "2010-03-01")]),
    ("Долг погасят до конца февраля 2024 года.", None,
     [("deadline", "до конца февраля 2024 года", "2024-02-29")]),
    ("Отменена конечная дата моратория — 1 июля 2016 года.", None,
     [("deadline", "1 июля 2016 года", "2016-07-01")]),
    ("Заявки принимают до 1 июля.", P, [("deadline", "до 1 июля", "2024-07-01")]),
    ("Заявки принимают до 1 июля.", None, []),
    ("Программу выполнят до конца года.", P, [("deadline", "до конца года", "2024-12-31")]),
    # day and month without a year: only with published
    ("Это было 7 февраля.", None, []),
    ("Это было 7 февраля.", P, [("date", "7 февраля", "2024-02-07")]),
    ("Сделка закрыта 30 декабря.", "2025-01-03", [("date", "30 декабря", "2024-12-30")]),
    # relative expressions: only with published
    ("Вчера министр прибыл в Астану.", P, [("date", "Вчера", "2024-05-19")]),
    ("Вчера министр прибыл в Астану.", None, []),
    ("В прошлом году экспорт вырос.", P, [("date", "прошлом году", "2023")]),
    ("В этом месяце цены выросли.", P, [("date", "этом месяце", "2024-05")]),
    ("В июне прошлого года суд вынес решение.", P, [("date", "июне прошлого года", "2023-06")]),
    ("В июне прошлого года суд вынес решение.", None, []),
    ("В августе в доме стреляли.", P, [("date", "августе", "2023-08")]),
    ("В августе он приедет в Москву.", P, [("date", "августе", "2024-08")]),
    ("Переговоры пройдут на следующей неделе.", P,
     [("period", "следующей неделе", {"from": "2024-05-27", "to": "2024-06-02"})]),
    ("Об этом он заявил в пятницу.", P, [("date", "пятницу", "2024-05-17")]),
    ("Он прилетит в среду.", P, [("date", "среду", "2024-05-22")]),
    ("Об этом сообщили в среду, 3 октября 2018 года.", P, [("date", "3 октября 2018 года", "2018-10-03")]),
    # not times
    ("Долг составил 2007 рублей, а возраст — 1500 лет.", None, []),
    ("Штраф составит до 5000 рублей.", None, []),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_notation(light, text, published, expected):
    assert times(light, text, published) == expected


def test_nearest_year_crosses_new_year():
    pub = parse_published("2025-01-03")
    assert nearest_year(12, 30, pub) == 2024
    assert nearest_year(1, 10, pub) == 2025


def test_weekday_past_and_future():
    pub = parse_published("2024-05-20")  # Monday
    assert weekday_date(0, pub, future=False).isoformat() == "2024-05-20"
    assert weekday_date(0, pub, future=True).isoformat() == "2024-05-27"


def test_point_last_day():
    assert Point(2027).last_day() == "2027-12-31"
    assert Point(2024, 2).last_day() == "2024-02-29"
    assert Point(2010, 3, 1).last_day() == "2010-03-01"


def test_start_gate_passes_every_form_of_a_time_word():
    """`_may_start` turns away words by their first letters: every form of every month, ordinal,
    time word and numeral, in any case and with «ё» or «е», must still get through it."""
    from svodka.stages import times
    from svodka.stages.morph import best, lexeme
    from svodka.stages.numbers import _numerals

    words = {*times._months(), *times._ordinals(), *times._time_word_keys(), *_numerals()}
    forms = {f.word for w in words if " " not in w for f in lexeme(best(w))} | words
    missed = []
    for form in forms:
        for text in {form, form.capitalize(), form.upper(), form.replace("е", "ё")}:
            lemma = best(text).normal_form
            if not times._may_start(text, lemma) and (
                    times._tw_all(text, lemma) or lemma in times._months() or form in times._months()
                    or times.word_numeral(text.lower()) is not None):
                missed.append(text)
    assert not missed, missed[:10]
    # and a word of no such kind is turned away
    assert not times._may_start("трактор", "трактор")
