"""Figure series keys (store/series.py): what a figure measures and who owns it, on hand-made
records of our own sentences; and series across three articles in the store, on both backends."""

from __future__ import annotations

import pytest

from svodka.store.series import FigureKeys


def rec(text: str, figures=(), entities=()) -> dict:
    """A record: figures as (kind, anchor, item), entities as (id, type, link, [anchors], of)."""

    def span(anchor: str) -> tuple[int, int]:
        i = text.index(anchor)
        return i, i + len(anchor)

    figs = []
    for n, (kind, anchor, item) in enumerate(figures, 1):
        a, b = span(anchor)
        figs.append({"id": f"f{n}", "kind": kind, "start": a, "stop": b, "item": item})
    ents = []
    for eid, type_, link, anchors, of in entities:
        ments = [dict(zip(("start", "stop"), span(x), strict=True)) for x in anchors]
        roles = [{"title": "министр", "of": of, "start": 0, "stop": 0}] if of else []
        ents.append({"id": eid, "type": type_, "name": anchors[0], "link": link, "mentions": ments, "roles": roles})
    return {"text": text, "figures": figs, "entities": ents}


# (sentence, anchor of a money or percent figure, expected measure)
MEASURES = [
    ("Товарооборот двух стран в прошлом году составил $12,5 млрд.", "$12,5 млрд", "товарооборот"),
    ("Портфель совместных инвестиционных проектов достиг $7,3 млрд.", "$7,3 млрд", "портфель проектов"),
    ("Компания получит инвестиции в размере 500 млн евро.", "500 млн евро", "инвестиция"),
    ("Аналитики ожидают рост на 15%.", "15%", "рост"),
    ("Рост цен замедлился до 4%.", "4%", "рост цен"),
    ("Стоимость строительства моста оценивается в 40 млрд рублей.", "40 млрд рублей", "строительство"),
    ("Объём инвестиций в экономику региона превысил 2 трлн рублей.", "2 трлн рублей", "инвестиция"),
    ("Экспорт пшеницы из страны вырос до $3 млрд.", "$3 млрд", "экспорт пшеницы"),
    ("Доля импорта в потреблении снизилась до 20%.", "20%", "доля импорта"),
    ("Бюджет программы на следующий год составит 80 млрд рублей.", "80 млрд рублей", "бюджет"),
    ("ВВП страны в 2024 году вырос на 3,6%.", "3,6%", "ввп"),
    ("Выручка компании составила 1,2 трлн рублей, а чистая прибыль — 300 млрд рублей.", "1,2 трлн рублей", "выручка"),
    ("Выручка компании составила 1,2 трлн рублей, а чистая прибыль — 300 млрд рублей.", "300 млрд рублей", "прибыль"),
    ("Банк выделил кредит на $500 млн.", "$500 млн", "кредит"),
    ("Соглашение заключено на сумму $2 млрд.", "$2 млрд", "соглашение"),
    ("Кампания по ремонту обошлась в 3 млрд рублей.", "3 млрд рублей", "кампания"),
    ("Правительство направит 5 млрд рублей на ремонт дорог.", "5 млрд рублей", ""),
]


@pytest.mark.parametrize(("text", "anchor", "expected"), MEASURES)
def test_measure_of_money_and_percents(text, anchor, expected):
    kind = "percent" if anchor.endswith("%") else "money"
    r = rec(text, [(kind, anchor, None)])
    assert FigureKeys(r).measure(r["figures"][0]) == expected


def test_measure_of_counts_and_sums_of_what_is_counted():
    text = "Стороны отобрали 67 совместных проектов на $14 млрд, из них 12 уже запущены."
    r = rec(text, [("count", "67", "совместный проект"), ("money", "$14 млрд", None)])
    keys = FigureKeys(r)
    assert [keys.measure(f) for f in r["figures"]] == ["совместный проект", "совместный проект"]


RU = ("ru", "LOC", "iso:RU", ["России"], None)
KZ = ("kz", "LOC", "iso:KZ", ["Казахстана"], None)

# (text, figures, entities, expected owners of the last figure)
OWNERS = [
    # two countries named together in the measure's phrase
    ("Товарооборот России и Казахстана составил $20 млрд.", [("money", "$20 млрд", None)], [RU, KZ], ["kz", "ru"]),
    (
        "Товарооборот между Россией и Китаем вырос на 10%.",
        [("percent", "10%", None)],
        [("ru", "LOC", "iso:RU", ["Россией"], None), ("cn", "LOC", "iso:CN", ["Китаем"], None)],
        ["cn", "ru"],
    ),
    # «совместных»: the pair is in the previous sentence
    (
        "Россия и Индия провели переговоры. Портфель совместных проектов достиг $5 млрд.",
        [("money", "$5 млрд", None)],
        [("ru", "LOC", "iso:RU", ["Россия"], None), ("in", "LOC", "iso:IN", ["Индия"], None)],
        ["in", "ru"],
    ),
    # one country owns its budget
    (
        "Бюджет России на 2025 год составит 40 трлн рублей.",
        [("money", "40 трлн рублей", None)],
        [RU],
        ["ru"],
    ),
    # the subject, not the place after a preposition
    (
        "Китай вложит в Казахстан $3 млрд.",
        [("money", "$3 млрд", None)],
        [("cn", "LOC", "iso:CN", ["Китай"], None), ("kz", "LOC", "iso:KZ", ["Казахстан"], None)],
        ["cn"],
    ),
    # a person gives way to the country of his post
    (
        "Министр Казахстана прибыл в Москву. Иван Петров сообщил, что расходы составят $1 млрд.",
        [("money", "$1 млрд", None)],
        [("kz", "LOC", "iso:KZ", ["Казахстана"], None), ("p", "PER", None, ["Иван Петров"], "kz")],
        ["kz"],
    ),
    # a named body in the nominative before a person
    (
        "Газпром увеличил выручку до 8 трлн рублей, сообщил Иван Петров.",
        [("money", "8 трлн рублей", None)],
        [("g", "ORG", None, ["Газпром"], None), ("p", "PER", None, ["Иван Петров"], None)],
        ["g"],
    ),
]


@pytest.mark.parametrize(("text", "figures", "entities", "expected"), OWNERS)
def test_owners(text, figures, entities, expected):
    r = rec(text, figures, entities)
    assert FigureKeys(r).owners(r["figures"][-1]) == expected


# --- across articles, in the store (both backends) ---

ARTICLES = [
    (
        "uz-1",
        "2024-03-01",
        "Россия и Узбекистан расширяют сотрудничество\n\n"
        "Вице-премьер России Олег Матвеев провёл переговоры в Ташкенте с министром инвестиций "
        "Узбекистана Бахтиером Саидовым. Портфель совместных проектов двух стран достиг $9,5 млрд. "
        "Товарооборот России и Узбекистана в 2023 году составил $11 млрд.",
    ),
    (
        "uz-2",
        "2024-07-10",
        "Саидов: портфель проектов с Россией растёт\n\n"
        "Министр инвестиций Узбекистана Бахтиер Саидов встретился в Москве с вице-премьером России "
        "Олегом Матвеевым. По словам Бахтиера Саидова, портфель совместных инвестиционных проектов "
        "вырос до $10,2 млрд.",
    ),
    (
        "uz-3",
        "2024-12-05",
        "Межправкомиссия России и Узбекистана подвела итоги года\n\n"
        "В Ташкенте прошло заседание межправительственной комиссии России и Узбекистана. Портфель "
        "совместных проектов России и Узбекистана составляет $11,7 млрд, а двусторонний "
        "товарооборот за девять месяцев превысил $9 млрд.",
    ),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path) -> str:
    from test_store import _pg_target

    return str(tmp_path / "series.db") if request.param == "sqlite" else _pg_target()


def test_series_across_articles(target):
    from svodka.store import open_store

    with open_store(target) as store:
        docs = [{"id": i, "published": p, "text": t} for i, p, t in ARTICLES]
        assert store.ingest(docs).added == 3
        portfolio = store.figures(measure="портфель")
        assert len(portfolio) == 1, portfolio
        s = portfolio[0]
        assert s["owner"]["name"] == "Россия – Узбекистан" and s["owner"]["id"] is None
        assert sorted(o["name"] for o in s["owners"]) == ["Россия", "Узбекистан"]
        assert (s["kind"], s["unit"], s["measure"], s["item"]) == ("money", "USD", "портфель проектов", None)
        assert [(p["source"]["id"], p["value"]) for p in s["points"]] == [
            ("uz-1", 9500000000),
            ("uz-2", 10200000000),
            ("uz-3", 11700000000),
        ]
        trade = store.figures(measure="товарооборот")
        assert len(trade) == 1 and trade[0]["id"] != s["id"]
        assert trade[0]["owner"]["name"] == "Россия – Узбекистан"
        assert {p["source"]["id"] for p in trade[0]["points"]} == {"uz-1", "uz-3"}
        # the pair's series are found from either country
        assert {x["id"] for x in store.figures(entity="Узбекистан")} >= {s["id"], trade[0]["id"]}
        assert {x["id"] for x in store.figures(entity="Россия")} >= {s["id"], trade[0]["id"]}


def test_migration_keeps_series_of_an_older_store(target, monkeypatch):
    from svodka.store import open_store, schema

    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
        with open_store(target) as old:  # a store of schema version 2 with two series
            old._x("INSERT INTO canon (id, type, name, key, link) VALUES (1, 'LOC', 'Казахстан', 'казахстан', NULL)")
            old._x("INSERT INTO series (id, owner_canon, kind, item, unit) VALUES (1, 1, 'count', 'проект', '')")
            old._x("INSERT INTO series (id, owner_canon, kind, item, unit) VALUES (2, 1, 'money', '', 'USD')")
    with open_store(target) as store:
        assert store.schema_version() >= 3
        rows = store._rows("SELECT id, owners, measure FROM series ORDER BY id")
        assert rows == [(1, "1", "проект"), (2, "1", "")]
        assert store._rows("SELECT series_id, canon_id FROM series_owners ORDER BY series_id") == [(1, 1), (2, 1)]
