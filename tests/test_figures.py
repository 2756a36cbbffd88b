"""Figures: one row per notation, (text, expected figures).

A figure is written as (kind, span text, value, unit, item, approx, total); the tables use
sentences written for these tests.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from svodka.pipeline import Pipeline
from svodka.stages.numbers import parse_digits


@pytest.fixture(scope="module")
def light() -> Pipeline:
    # figures need tokens, lemmas and times only: no neural model is loaded
    return Pipeline(["segment", "morph", "times", "figures"])


def figures(light, text):
    doc = light(text)
    return [(f.kind, text[f.start:f.stop], f.value, f.unit, f.item, f.approx, f.total) for f in doc.figures]


def money(span, value, unit, approx=None):
    return ("money", span, value, unit, None, approx, None)


def count(span, value, item, approx=None, total=None):
    return ("count", span, value, None, item, approx, total)


def percent(span, value, approx=None):
    return ("percent", span, value, None, None, approx, None)


def measure(span, value, unit, item=None, approx=None):
    return ("measure", span, value, unit, item, approx, None)


MONEY = [
    ("Инвестиции составили $26,5 млрд.", [money("$26,5 млрд", 26_500_000_000, "USD")]),
    ("Фонд получит €40 млн на развитие.", [money("€40 млн", 40_000_000, "EUR")]),
    ("Билет стоит 500 ₽ в один конец.", [money("500 ₽", 500, "RUB")]),
    ("Контракт оценён в ¥300 млн юаней не был.", [money("¥300 млн", 300_000_000, "CNY")]),
    ("Бюджет составит 1,2 трлн рублей в год.", [money("1,2 трлн рублей", 1_200_000_000_000, "RUB")]),
    ("Ущерб оценили в 5,3млн. рублей по данным следствия.",
     [money("5,3млн. рублей", 5_300_000, "RUB")]),
    ("Сумма иска — 1.844.036.360,12 руб. без учёта пени.",
     [money("1.844.036.360,12 руб.", 1844036360.12, "RUB")]),
    ("Премия составила 1 000 000 тенге каждому.", [money("1 000 000 тенге", 1_000_000, "KZT")]),
    ("Премия составила 1\u00a0000 тенге каждому.", [money("1\u00a0000 тенге", 1000, "KZT")]),
    ("Товар продан за 700 юаней вчера.", [money("700 юаней", 700, "CNY")]),
    ("Пакет стоит 20 евро за штуку.", [money("20 евро", 20, "EUR")]),
    ("Выручка достигла 15 млн долл. в прошлом квартале.", [money("15 млн долл.", 15_000_000, "USD")]),
    ("Кредит на сумму 3\u00a0млрд долларов США выдан Украине.",
     [money("3\u00a0млрд долларов США", 3_000_000_000, "USD")]),
    ("Сделка оценивается в 76 долларов за акцию.", [money("76 долларов", 76, "USD")]),
    ("Проект стоил 40 млн канадских долларов.", [money("40 млн канадских долларов", 40_000_000, "CAD")]),
    ("Гранты составят 250 тыс. белорусских рублей.",
     [money("250 тыс. белорусских рублей", 250_000, "BYN")]),
    ("Банку двух миллиардов долларов не хватило.",
     [money("двух миллиардов долларов", 2_000_000_000, "USD")]),
    ("Штраф составит до 5000 гривен за нарушение.", [money("5000 гривен", 5000, "UAH", "lt")]),
    ("Зарплата выросла до 5000 гривен в месяц.", [money("5000 гривен", 5000, "UAH")]),
    # the value reached after a verb of change, however far its «до» is: no upper bound
    ("Экспорт зерна увеличился на 7,5% до 4,1 млрд долларов.",
     [percent("7,5%", 7.5), money("4,1 млрд долларов", 4_100_000_000, "USD")]),
    ("Выпуск сократился в два раза до 300 млн рублей.", [money("300 млн рублей", 300_000_000, "RUB")]),
    ("Компания потратила около миллиарда долларов на заводы.",
     [money("миллиарда долларов", 1_000_000_000, "USD", "about")]),
    ("Миллионы рублей ушли впустую.", []),
]

COUNTS = [
    ("Стороны реализуют 135 проектов в регионе.", [count("135", 135, "проект")]),
    ("Прорабатываются 67 совместных проектов в энергетике.", [count("67", 67, "совместный проект")]),
    ("Будет создано более 11 тыс. рабочих мест в регионе.",
     [count("11 тыс.", 11_000, "рабочее место", "gt")]),
    ("Обновят 29 пунктов пропуска из 30 на границе.", [count("29", 29, "пункт пропуска", total=30)]),
    ("Поддержали 26 из 30 депутатов городской думы.", [count("26", 26, "депутат", total=30)]),
    ("Банк управляет 13-ю филиалами в стране.", [count("13-ю", 13, "филиал")]),
    ("Поправку одобрили 112 депутатов, четверо голосовали против, двое не голосовали.",
     [count("112", 112, "депутат"), count("четверо", 4, "депутат"), count("двое", 2, "депутат")]),
    ("Япония требует вернуть четыре спорных острова уже давно.", [count("четыре", 4, "спорный остров")]),
    ("Митинг собрал более 1000 человек у здания.", [count("1000", 1000, "человек", "gt")]),
    ("В посёлке живёт менее 300 человек сегодня.", [count("300", 300, "человек", "lt")]),
    ("В стране осталось три часовых пояса вместо пяти.", [count("три", 3, "часовой пояс")]),
    ("Построено 22 новых моста через реки.", [count("22", 22, "новый мост")]),
    ("Предлагается проложить четырех ниток газопровода.", [count("четырех", 4, "нитка")]),
    ("Пострадали около 2 млн человек в регионе.", [count("2 млн", 2_000_000, "человек", "about")]),
    ("Турнир соберёт двадцать пять команд со всего мира.", [count("двадцать пять", 25, "команда")]),
    ("Погибли около 80 его последователей.", [count("80", 80, "последователь", "about")]),
    # what is counted stands before a dash
    ("За этот год построенных школ — 12.", [count("12", 12, "построенная школа")]),
    ("Планируется открыть рабочих мест — около 3 тыс.", [count("3 тыс", 3_000, "рабочее место", "about")]),
]

PERCENTS = [
    ("Цены выросли на 18,3% за год.", [percent("18,3%", 18.3)]),
    ("Банк купит 80 процентов акций компании.", [percent("80 процентов", 80)]),
    ("Доплата составит 18\u00a0% суммы пенсии.", [percent("18\u00a0%", 18)]),
    ("Доля выросла до 10 процентов рынка.", [percent("10 процентов", 10)]),
    ("Поставки сократят на 85% от планового объёма.", [percent("85%", 85)]),
    ("Инфляция составила около 7,5 % в регионе.", [percent("7,5 %", 7.5, "about")]),
    ("Ставку подняли на 2 процентных пункта в марте.", [percent("2 процентных пункта", 2)]),
]

MEASURES = [
    ("Добыча составляет примерно 370 тысяч тонн нефти в год.",
     [measure("370 тысяч тонн", 370_000, "тонна", "нефть", "about")]),
    ("Мощность трубы — около 15,75 миллиарда кубометров газа в год.",
     [measure("15,75 миллиарда кубометров", 15_750_000_000, "кубометр", "газ", "about")]),
    ("Длина дороги — 900 километров по степи.", [measure("900 километров", 900, "километр")]),
    ("Трасса протяжённостью 5 км пройдёт по парку.", [measure("5 км", 5, "километр")]),
    ("Засеяно 120 тыс. гектаров пшеницы в области.",
     [measure("120 тыс. гектаров", 120_000, "гектар", "пшеница")]),
    ("Станция мощностью 2,5 МВт построена в горах.", [measure("2,5 МВт", 2.5, "мегаватт")]),
    ("Прокладку морской части «Северного пути» (около 900 километров по дну) начнут весной.",
     [measure("900 километров", 900, "километр", "морская часть", "about")]),
]

RANGES_AND_IMPLICIT = [
    ("Штраф составит от 3 до 5 тысяч рублей для граждан.",
     [money("3", 3000, "RUB", "gt"), money("5 тысяч рублей", 5000, "RUB", "lt")]),
    ("Бег на 50 и 30 метров входит в норматив.",
     [measure("50", 50, "метр"), measure("30 метров", 30, "метр")]),
    ("Стоимость — 2–3 млн рублей за квартиру.",
     [money("2–3 млн рублей", 2_000_000, "RUB", "gt"), money("2–3 млн рублей", 3_000_000, "RUB", "lt")]),
    ("Цена — 2 – 3 млн рублей за квартиру.",
     [money("2", 2_000_000, "RUB", "gt"), money("3 млн рублей", 3_000_000, "RUB", "lt")]),
    ("Сумма составила 1 млрд 200 млн рублей в итоге.",
     [money("1 млрд 200 млн рублей", 1_200_000_000, "RUB")]),
    ("Россия дала кредит в 3 млрд долларов. Долг в 3 млрд и 75 млн надо вернуть.",
     [money("3 млрд долларов", 3_000_000_000, "USD"), money("3 млрд", 3_000_000_000, "USD"),
      money("75 млн", 75_000_000, "USD")]),
]

NOT_FIGURES = [
    "В 2019 году экспорт вырос, а в 2020 году упал.",
    "Встреча прошла 3 апреля 2017 года в Москве.",
    "Он занял 2-е место, а его 89-летний отец приехал.",
    "Он умер в возрасте 19 лет после того, как в течение двух лет болел.",
    "Работал в течение 65 лет на заводе.",
    "Цены выросли в 2-3 раза, а потом в два раза упали.",
    "Нарушение по статье 19.7 КоАП, закон № 53-ФЗ.",
    "Введена 10-процентную надбавка к 75-летию Победы и 100-долларовой купюре.",
    "Половина жителей и две трети депутатов против.",
    "Две страны подписали договор, а двух компаний не было.",
    "Самолёт Boeing 737 приземлился в Москве.",
    "Группа выступит в клубе «16 тонн» в субботу.",
    "Пенсионный возраст поднимут до 60 лет для женщин, а не в 55 лет.",
]


@pytest.mark.parametrize(("text", "expected"), MONEY + COUNTS + PERCENTS + MEASURES + RANGES_AND_IMPLICIT)
def test_notation(light, text, expected):
    assert figures(light, text) == expected


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_a_figure(light, text):
    assert figures(light, text) == []


@pytest.mark.parametrize(("text", "value"), [
    ("26,5", Decimal("26.5")),
    ("1.844.036.360,12", Decimal("1844036360.12")),
    ("13-ю", Decimal(13)),
    ("1000", Decimal(1000)),
    ("19-й", None),
    ("53-ФЗ", None),
])
def test_parse_digits(text, value):
    assert parse_digits(text) == value


def test_figure_time_is_the_time_of_its_sentence(light):
    text = "Доходы компании за 2018 год составили 3,04 млрд долларов. В 2019 году она наняла 50 человек."
    doc = light(text)
    assert [(text[f.start:f.stop], text[f.time.start:f.time.stop]) for f in doc.figures] == [
        ("3,04 млрд долларов", "2018 год"), ("50", "2019 году")]


def test_time_not_linked_across_brackets(light):
    text = "Стройку трубы (около 900 километров) начнут во втором квартале 2014 года."
    doc = light(text)
    assert len(doc.figures) == 1 and doc.figures[0].time is None


@pytest.mark.parametrize(("text", "linked"), [
    # a time in another clause dates another fact
    ("Будет создано 500 рабочих мест, а до конца 2027 года откроют завод.", [None]),
    # a time that opens the sentence dates all of it
    ("По состоянию на 1 января 2016 года пенсия составляет 5000 рублей, а доплата — 700 рублей.",
     ["1 января 2016 года", "1 января 2016 года"]),
    # «сегодня» marks the figure as current
    ("В 1850 году семья покинула деревню, население которой сегодня составляет 300 человек.", [None]),
])
def test_figure_time_scope(light, text, linked):
    doc = light(text)
    assert [text[f.time.start:f.time.stop] if f.time else None for f in doc.figures] == linked


def test_every_numeral_form_passes_the_first_letters_gate():
    """word_numeral parses only words that start as a numeral does: every form of every numeral
    of the lexicon (pymorphy3's lexeme) starts so, and is read."""
    from svodka import models
    from svodka.stages.numbers import _numerals, numeral_starts, word_numeral

    forms = {f.word for lemma in _numerals() for p in models.morph().parse(lemma) if p.normal_form == lemma
             for f in p.lexeme}
    assert len(forms) > 150
    assert all(f[:2] in numeral_starts() for f in forms)
    assert word_numeral("восьмерых") is not None and word_numeral("полутора") is not None
    assert word_numeral("после") is None
