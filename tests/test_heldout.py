"""Held-out gold: 8 own articles (tests/heldout/), annotated before svodka was run on them.

The floors sit a little below what svodka reaches after the held-out fixes (docs/heldout.md),
so a regression on unseen text fails here even when the seed and dev scores hold. The tables
below pin the general gaps those articles showed, on other sentences of our own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import svodka
from gold import extract_gold_texts, score

HELDOUT = Path(__file__).parent / "heldout" / "gold"

# category → floor, a few points under what svodka reaches (make eval: docs/quality.md)
FLOORS = {
    "entities": 0.95,
    "names": 0.92,
    "roles": 0.89,
    "figures": 0.94,
    "times": 0.97,
    "quotes": 0.84,
    "events": 0.80,
    "event_args": 0.80,
    "fact_score": 0.89,
}


def heldout_gold() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(HELDOUT.glob("*.json"))]


@pytest.fixture(scope="module")
def heldout_result(nlp, shared):
    golds = heldout_gold()
    assert len(golds) == 8
    return score(shared, golds, extract_gold_texts(nlp, golds))


@pytest.mark.parametrize(("category", "floor"), FLOORS.items())
def test_heldout_floor(heldout_result, category, floor):
    got = heldout_result[category] if category == "fact_score" else heldout_result[category]["f1"]
    assert got >= floor, f"{category}: {got:.3f} < {floor}"


def _figures(text: str) -> list[tuple]:
    return [(f["kind"], f["value"], f["unit"], f["approx"]) for f in svodka.extract(text).to_dict()["figures"]]


FIGURES = [
    # a national currency named with its country's adjective, and forms pymorphy3 mis-lemmatises
    ("Банки обсуждают своп на 20 млрд турецких лир.", [("money", 20_000_000_000, "TRY", None)]),
    ("Выручка составит 8 млрд египетских фунтов.", [("money", 8_000_000_000, "EGP", None)]),
    ("Кредит в размере 1 трлн вон выделен на больницы.", [("money", 1_000_000_000_000, "KRW", None)]),
    ("Проект стоит 300 млн индийских рупий.", [("money", 300_000_000, "INR", None)]),
    ("Заём составил 500 млн сомов.", [("money", 500_000_000, "KGS", None)]),
    # «превысил N» is more than N; «с X до Y» is a change, not a range
    ("Экспорт превысил 2,4 млрд долларов.", [("money", 2_400_000_000, "USD", "gt")]),
    ("Пенсия превысит 25 тыс. рублей.", [("money", 25_000, "RUB", "gt")]),
    ("Ставку подняли с 7,5% до 8%.", [("percent", 7.5, None, None), ("percent", 8, None, None)]),
    ("Цена составит от 3 до 5 тысяч рублей.", [("money", 3000, "RUB", "gt"), ("money", 5000, "RUB", "lt")]),
]


@pytest.mark.parametrize(("text", "expected"), FIGURES)
def test_heldout_gap_figures(text, expected):
    assert _figures(text) == expected


TIMES = [
    ("В январе–сентябре 2023 года выпуск вырос.", [("period", {"from": "2023-01", "to": "2023-09"})]),
    ("В марте-мае 2022 г. продажи упали.", [("period", {"from": "2022-03", "to": "2022-05"})]),
    ("За девять месяцев 2021 года прибыль выросла.", [("period", {"from": "2021-01", "to": "2021-09"})]),
    ("За 4 месяца 2020 года экспорт сократился.", [("period", {"from": "2020-01", "to": "2020-04"})]),
    ("В январе–мае дефицит вырос.", []),  # no year, no meta.published
    ("Ремонт займёт девять месяцев.", []),
]


@pytest.mark.parametrize(("text", "expected"), TIMES)
def test_heldout_gap_times(text, expected):
    assert [(t["kind"], t["value"]) for t in svodka.extract(text).to_dict()["times"]] == expected


MENTIONS = [
    # «Республики X»: the mention is the name (spec), the post still reaches its owner
    ("Президент Республики Казахстан прибыл в Баку.", [("LOC", "Казахстан"), ("LOC", "Баку")]),
    ("Посол Арабской Республики Египет выступил.", [("LOC", "Египет")]),
    ("Делегация Республики Корея прибыла.", [("LOC", "Корея")]),
    # a state body named by function is split from its country; a bank keeps it in its name
    ("По данным Министерства финансов Турции, долг вырос.", [("ORG", "Министерства финансов"), ("LOC", "Турции")]),
    ("Экспортно-импортный банк Индии выделил кредит.",
     [("ORG", "Экспортно-импортный банк Индии"), ("LOC", "Индии")]),
]


@pytest.mark.parametrize(("text", "expected"), MENTIONS)
def test_heldout_gap_mentions(text, expected):
    doc = svodka.extract(text).to_dict()
    got = sorted((e["type"], text[m["start"]:m["stop"]]) for e in doc["entities"] for m in e["mentions"]
                 if e["type"] != "PER")
    assert got == sorted(expected)


def test_republic_post_keeps_its_country():
    doc = svodka.extract("Премьер-министр Республики Узбекистан Абдулла Арипов прибыл в Пекин.").to_dict()
    names = {e["id"]: e["name"] for e in doc["entities"]}
    roles = [(e["name"], r["title"], names.get(r["of"])) for e in doc["entities"] for r in e["roles"]]
    assert roles == [("Абдулла Арипов", "премьер-министр", "Узбекистан")]


EVENTS = [
    # nouns signed under «подписать»; «министры», «стороны» are the sides of the talks before
    ("Министр экономики Сербии Милан Петрович провёл переговоры с министром торговли Индии Рахулом Вармой. "
     "По итогам встречи министры подписали 9 документов о сотрудничестве.",
     [("talks", {"Милан Петрович", "Рахул Варма"}), ("agreement", {"Милан Петрович", "Рахул Варма"})]),
    ("Компания Embraer и корпорация Airbus подписали дорожную карту по сотрудничеству.",
     [("agreement", {"Embraer", "Airbus"})]),
]


@pytest.mark.parametrize(("text", "expected"), EVENTS)
def test_heldout_gap_events(text, expected):
    doc = svodka.extract(text).to_dict()
    names = {e["id"]: e["name"] for e in doc["entities"]}
    got = [(v["type"], {names[x] for xs in v["args"].values() for x in xs})
           for v in doc["events"] if v["type"] != "statement"]
    assert got == expected
