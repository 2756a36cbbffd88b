"""Sector codes on our own sentences."""

from __future__ import annotations

import pytest

CASES = [
    # a sector framed as a field of cooperation counts on one mention
    ("Стороны обсудили сотрудничество в области энергетики и сельского хозяйства.",
     ["energy", "agriculture"]),
    # a sector word in a sentence with a figure
    ("Экспорт зерна вырос на 15 процентов.", ["trade", "agriculture"]),
    # a portfolio in a post's title is not a topic
    ("Министр финансов Антон Силуанов выступил на форуме.", []),
    # one passing mention is not enough; two are
    ("Погода была хорошей, и гости посетили музей.", []),
    ("В городе открыли новый музей. Музей посвящен истории театра.", ["culture"]),
    # names do not give topics
    ("Газпромбанк открыл офис.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_topics(nlp, text, expected):
    assert nlp(text).topics == [c for c in
                                ("trade", "investment", "industry", "energy", "agriculture", "culture")
                                if c in expected]


def test_diplomacy_from_talks_between_states(nlp):
    doc = nlp("Президент России Владимир Путин провел переговоры с президентом Казахстана "
              "Касым-Жомартом Токаевым.")
    assert "diplomacy" in doc.topics


def test_no_diplomacy_without_states(nlp):
    doc = nlp("Директор завода Иван Петров провел встречу с рабочими.")
    assert "diplomacy" not in doc.topics


# --- evidence, what is built, acts on a sector, ministers of any portfolio ----------------------

ORDER = ("trade", "investment", "industry", "energy", "agriculture", "transport", "aviation", "machinery",
         "construction", "diplomacy")


@pytest.mark.parametrize(("text", "expected"), [
    # building something of another sector is that sector
    ("В регионе идёт строительство железной дороги стоимостью 2 млрд рублей.", ["transport"]),
    ("В городе продолжается строительство жилья для молодых семей. Строительство идёт по графику.",
     ["construction"]),
    # acts on a sector's goods frame it on one mention
    ("Стороны обсудили поставки авиационных двигателей.", ["trade", "aviation", "machinery"]),
    ("Завод наладил выпуск тракторов.", ["industry", "machinery"]),
])
def test_sectors_on_own_sentences(nlp, text, expected):
    got = nlp(text).topics
    assert [c for c in got if c in ORDER] == [c for c in ORDER if c in expected]


def test_each_topic_has_its_evidence(nlp):
    text = "Товарооборот двух стран вырос на 12%. Экспорт зерна удвоился."
    doc = nlp(text)
    assert "trade" in doc.topics
    assert [text[a:b] for a, b in doc.topic_evidence["trade"]] == ["Товарооборот", "Экспорт"]
    assert set(doc.topic_evidence) == set(doc.topics)
    rec = doc.record().to_dict()
    assert rec["topic_evidence"]["trade"] == [{"start": a, "stop": b} for a, b in doc.topic_evidence["trade"]]


def test_a_minister_of_any_portfolio_speaks_for_the_state(nlp):
    doc = nlp("Министр сельского хозяйства Сербии Драган Глишич провёл переговоры с министром "
              "сельского хозяйства Венгрии Иштваном Надем.")
    assert "diplomacy" in doc.topics
    assert doc.topic_evidence["diplomacy"]


# a sentence is skipped at once when it has no sector word, no phrase start and no hyphen
# (Topics.__call__): the sector read only from a phrase or a hyphenated word is still found
@pytest.mark.parametrize(("text", "code"), [
    ("Стороны расширят торгово-экономические связи. Торгово-экономические связи окрепли.", "trade"),
    ("Семья купила контрольный пакет. Через год семья продала контрольный пакет.", "investment"),
])
def test_sector_of_a_phrase_or_hyphenated_word_alone(nlp, text, code):
    doc = nlp(text)
    assert doc.topics == [code]
    assert len(doc.topic_evidence[code]) == 2
