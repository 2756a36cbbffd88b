"""Commitments: the stage on our own sentences, the layer against its gold, and tracking
across articles in the store (SQLite, and PostgreSQL where SVODKA_TEST_PG names a server)."""

from __future__ import annotations

import json

import pytest

from svodka.eval import commitments as ev
from svodka.stages.dates import last_day
from svodka.store.commitments import predicate_key


def found(nlp, text: str, published: str | None = "2025-02-01") -> list[dict]:
    rec = nlp(text, published=published).record().to_dict()
    times = {t["id"]: t["value"] for t in rec["times"]}
    figs = {f["id"]: rec["text"][f["start"]:f["stop"]] for f in rec["figures"]}
    # a deadline as the last day it allows (the times layer may write «к 2029 году» as 2029)
    return [{**c, "deadline": last_day(times.get(c["deadline"])), "figures": [figs[f] for f in c["figures"]],
             "span": text[c["start"]:c["stop"]]} for c in rec["commitments"]]


@pytest.mark.parametrize("text, predicate, deadline, figures", [
    ("Власти области намерены до конца 2027 года построить в Тюмени новый аэропорт.",
     "построить", "2027-12-31", []),
    ("К 2029 году в регионе будут открыты 15 новых поликлиник.", "открыть", "2029", ["15"]),
    ("Компания планирует в 2026 году запустить вторую очередь завода.", "запустить", "2026", []),
    ("Министерство обязалось закупить 200 новых трамваев до 1 сентября 2026 года.",
     "закупить", "2026-09-01", ["200"]),
    ("До конца 2028 года будет проведена модернизация трех портов.", "модернизация", "2028-12-31", []),
    ("Банк договорился с правительством создать фонд поддержки экспорта.", "создать", None, []),
])
def test_commitments_in_own_sentences(nlp, text, predicate, deadline, figures):
    got = found(nlp, text)
    assert len(got) == 1, got
    c = got[0]
    assert (c["predicate"], c["deadline"]) == (predicate, last_day(deadline))
    assert all(any(f in g for g in c["figures"]) for f in figures), c


@pytest.mark.parametrize("text", [
    "В прошлом году в области построили новый аэропорт.",              # a past result
    "Власти не планируют строить новый аэропорт до 2030 года.",         # negated
    "При наличии средств регион мог бы построить новый аэропорт.",      # hypothetical
    "Возможно, аэропорт будет построен к 2030 году.",                   # hedged
    "Если будет найден инвестор, аэропорт построят к 2030 году.",        # conditional
    "По прогнозу, пассажиропоток составит 5 млн человек в 2026 году.",   # a forecast
    "Новая техника позволит сократить сроки ремонта.",                  # a consequence
    "Сейчас в городе реализуют 40 проектов.",                           # a present, two-aspect verb
    "Экономика страны со временем окрепнет.",                           # a bare prediction
    "Неизвестно, согласится ли компания к 2027 году открыть завод.",     # a question
    "Встреча, которая состоится в мае, будет посвящена экономике.",     # a relative clause
])
def test_not_commitments(nlp, text):
    assert found(nlp, text) == []


def test_coordinated_infinitives_are_two_commitments(nlp):
    got = found(nlp, "Компания планирует до 2027 года построить завод и создать 500 рабочих мест.")
    assert [(c["predicate"], c["object"], c["deadline"], c["figures"]) for c in got] == [
        ("построить", "завод", "2027-12-31", []),
        ("создать", "рабочих мест", "2027-12-31", ["500"]),  # the plan's deadline holds for both
    ]


def test_headline_is_not_counted_again(nlp):
    text = ("Область построит новый аэропорт\n\n"
            "Власти области намерены до конца 2027 года построить новый аэропорт.")
    got = found(nlp, text)
    assert [(c["predicate"], c["deadline"]) for c in got] == [("построить", "2027-12-31")]
    assert got[0]["start"] > text.index("\n")


def test_source_parties_and_quote(nlp):
    text = ("Министр экономики Казахстана Арман Сулейменов провел переговоры с министром экономики Киргизии "
            "Данияром Асановым. Министры договорились создать совместный фонд. "
            "«Мы построим новый терминал к 2027 году», — заявил Сулейменов.")
    rec = nlp(text, published="2025-02-01").record().to_dict()
    names = {e["id"]: e["name"] for e in rec["entities"]}
    by_pred = {c["predicate"]: c for c in rec["commitments"]}
    assert by_pred["создать"]["source"] == "agreement"
    assert by_pred["построить"]["source"] == "statement"
    assert {"Арман Сулейменов", "Данияр Асанов"} <= {names[e] for e in by_pred["создать"]["parties"]}


def test_results_are_kept_for_tracking(nlp):
    rec = nlp("В Омске завершена реконструкция моста через Иртыш.").record().to_dict()
    assert rec["commitments"] == []
    assert [(r["predicate"], r["object"]) for r in rec["results"]] == [("реконструкция", "моста")]


def test_keys_and_deadline_days():
    assert predicate_key("реконструировать") == predicate_key("реконструкция")
    assert predicate_key("построить") == predicate_key("строительство")
    assert predicate_key("создать") != predicate_key("построить")
    assert last_day("2027") == "2027-12-31"
    assert last_day("2028-02") == "2028-02-29"
    assert last_day("2026-09-01") == "2026-09-01"
    assert last_day({"from": "2025-04", "to": "2025-06"}) == "2025-06-30"
    assert last_day(None) is None


def test_figures_tell_two_promises_apart():
    from svodka.store.commitments import _figures_agree

    jobs = ("count", None, "рабочее место")
    assert _figures_agree({jobs: 11000}, {jobs: 12000})
    assert not _figures_agree({jobs: 11000}, {jobs: 1200})
    assert _figures_agree({jobs: 11000}, {("money", "USD", None): 5e9})


# --- the layer against its gold ---

def test_gold_own_articles(nlp):
    golds = [g for g in ev.load(ev.DEFAULT_GOLD, shared=None) if g["id"] != "seed"] \
        if (ev.shared_dir() / "seed").is_dir() else None
    if golds is None:  # without the shared folder, read only our own articles
        data = json.loads(ev.DEFAULT_GOLD.read_text(encoding="utf-8"))
        data["docs"] = [d for d in data["docs"] if not d["path"].startswith("shared:")]
        tmp = ev.DEFAULT_GOLD.parent / "gold.json"
        golds = [g for g in ev.load(tmp) if g["id"] != "seed"]
    assert len(golds) == 12
    res = ev.score(golds, ev.extract(golds, nlp))
    assert res["all"]["f1"] >= 0.85, res["all"]


def test_gold_seed(nlp, shared):
    golds = [g for g in ev.load(ev.DEFAULT_GOLD, shared=shared) if g["id"] == "seed"]
    res = ev.score(golds, ev.extract(golds, nlp))
    assert res["all"]["f1"] >= 0.85, res["docs"]["seed"]["errors"]


def test_scorer_counts_a_wrong_deadline_and_a_spurious_item():
    gold = {"id": "x", "text": "Завод построят к 2030 году. Мост откроют в мае.",
            "commitments": [{"span": "Завод построят к 2030 году", "start": 0, "stop": 26, "deadline": "2030",
                             "figures": [], "figure_spans": [], "predicate": "построить", "parties": [],
                             "source": None}]}
    rec = {"times": [{"id": "t1", "value": "2031"}], "figures": [], "entities": [],
           "commitments": [
               {"start": 0, "stop": 26, "deadline": "t1", "figures": [], "predicate": "построить",
                "parties": [], "source": None},
               {"start": 28, "stop": 46, "deadline": None, "figures": [], "predicate": "открыть",
                "parties": [], "source": None}]}
    t = ev.compare(gold, rec)
    assert (t["gold"], t["pred"], t["matched"], t["right"]) == (1, 2, 1, 0)
    rec["times"][0]["value"] = "2030"
    assert ev.compare(gold, rec)["right"] == 1


# --- tracking across articles ---

FIRST = ("Вице-премьер Казахстана Нурлан Абенов и вице-премьер России Игорь Самойлов провели переговоры "
         "в Астане. Стороны договорились, что до конца 2026 года будет проведена реконструкция 12 мостов "
         "на границе двух стран.")
AGAIN = ("Министр транспорта Казахстана Ерлан Досов сообщил, что реконструкция 12 мостов на границе с "
         "Россией будет завершена до конца 2026 года. Кроме того, в 2029 году в Павлодаре построят новый вокзал.")
DONE = "На границе Казахстана и России завершена реконструкция 12 мостов. Работы обошлись в 40 млрд тенге."


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path) -> str:
    from test_store import _pg_target

    return str(tmp_path / "commitments.db") if request.param == "sqlite" else _pg_target()


def bridges(store, **kw) -> list[dict]:
    return [c for c in store.commitments(**kw) if c["predicate"] == "реконструкция"]


def test_tracking_across_articles(target):
    from svodka.store import open_store

    with open_store(target) as store:
        assert store.schema_version() >= 4
        store.ingest([{"id": "a", "published": "2025-03-01", "text": FIRST},
                      {"id": "b", "published": "2025-05-10", "text": AGAIN}])
        # reported twice: one item, both reports its sources
        items = bridges(store, as_of="2025-06-01")
        assert len(items) == 1, items
        item = items[0]
        assert [s["doc_id"] for s in item["sources"]] == ["a", "b"]
        assert item["deadline"] == "2026-12-31" and item["status"] == "open"
        assert {"Казахстан", "Россия"} <= {p["name"] for p in item["parties"]}
        assert [f["value"] for f in item["figures"]][:1] == [12]
        # before the second report only the first counts
        assert [s["doc_id"] for s in bridges(store, as_of="2025-04-01")[0]["sources"]] == ["a"]
        # after its deadline, with no report of the result: due
        assert bridges(store, as_of="2027-01-15")[0]["status"] == "due"
        # a later report of the result: done from then on, with the source
        store.ingest([{"id": "c", "published": "2026-09-01", "text": DONE}])
        assert bridges(store, as_of="2026-06-01")[0]["status"] == "open"
        done = bridges(store, as_of="2027-01-15")[0]
        assert done["status"] == "reported done"
        assert done["done_source"]["doc_id"] == "c" and "завершена" in done["done_source"]["text"]
        # by pair and by country
        assert len(bridges(store, pair=("Казахстан", "Россия"), as_of="2027-01-15")) == 1
        assert bridges(store, pair=("Казахстан", "Китай")) == []
        assert len(bridges(store, country="Россия", as_of="2027-01-15")) == 1
        # the station in Pavlodar is another item, with its own deadline
        others = [c for c in store.commitments(as_of="2028-01-01") if c["predicate"] == "построить"]
        assert [(c["status"], c["deadline"]) for c in others] == [("open", "2029-12-31")]
        with pytest.raises(ValueError):
            store.commitments(as_of="вчера")


def test_cli_commitments(tmp_path, capsys):
    from svodka.cli import main
    from svodka.store import open_store

    db = str(tmp_path / "cli.db")
    with open_store(db) as store:
        store.ingest([{"id": "a", "published": "2025-03-01", "text": FIRST}])
    assert main(["commitments", "--db", db, "--as-of", "2027-01-15", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [(c["predicate"], c["status"], c["deadline"]) for c in items] == [
        ("реконструкция", "due", "2026-12-31")]
    assert main(["commitments", "--db", db, "--pair", "Казахстан", "Россия", "--as-of", "2025-04-01"]) == 0
    out = capsys.readouterr().out
    assert "[open]" in out and "2026-12-31" in out
    assert main(["commitments", "--db", db, "--pair", "Казахстан", "Китай"]) == 0
    assert "no commitments match" in capsys.readouterr().out


def test_different_figures_are_different_promises(target):
    from svodka.store import open_store

    docs = [
        {"id": "j1", "published": "2025-01-10",
         "text": "Правительство Казахстана сообщило, что в Актау будет создано 1200 рабочих мест."},
        {"id": "j2", "published": "2025-02-10",
         "text": "Правительство Казахстана сообщило, что в стране будет создано более 11 тыс. рабочих мест."},
        {"id": "j3", "published": "2025-03-10",
         "text": "Правительство Казахстана подтвердило, что в Актау будет создано около 1250 рабочих мест."},
    ]
    with open_store(target) as store:
        store.ingest(docs)
        items = [c for c in store.commitments(as_of="2025-06-01") if c["predicate"] == "создать"]
        assert sorted([s["doc_id"] for s in c["sources"]] for c in items) == [["j1", "j3"], ["j2"]]


def test_seed_checkpoints_between_kazakhstan_and_russia(target, shared):
    """The pair dossier's commitment: the seed's 29 of 30 checkpoints by the end of 2027."""
    from svodka.store import open_store

    text = (shared / "seed" / "000_574d469178c51173.txt").read_text(encoding="utf-8")
    with open_store(target) as store:
        store.ingest([{"id": "seed", "text": text}])
        items = store.commitments(pair=("Казахстан", "Россия"), as_of="2026-06-01")
        checkpoints = [c for c in items if c["deadline"] == "2027-12-31"]
        assert len(checkpoints) == 1, items
        c = checkpoints[0]
        assert c["status"] == "open" and c["predicate"] == "реконструкция"
        assert [(f["value"], f["total"]) for f in c["figures"]] == [(29, 30)]
        assert store.commitments(pair=("Казахстан", "Россия"), as_of="2028-01-01")[0]["status"] == "due"
