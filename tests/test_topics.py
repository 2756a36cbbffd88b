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
