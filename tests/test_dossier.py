"""The dossier of two countries, the pairs of one, the corpus overview, and the store-side fixes
the dossier needs (posts of one office merged, one point per reported figure, search scores),
on SQLite and PostgreSQL. The texts here are written for these tests."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from conftest import REQUIRE_SHARED, SHARED
from storecorpus import RECORDS
from svodka.cli import main
from svodka.store import open_store
from svodka.store.dossier import country_link, moved_series
from test_store import _pg_target

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shared_seed() -> list[str]:
    """The shared seed's files, read in place at test time (never copied here); [] without it."""
    seed = SHARED / "seed"
    if not seed.is_dir():
        if REQUIRE_SHARED:
            pytest.fail(f"SVODKA_REQUIRE_SHARED=1 but no seed at {seed}")
        return []
    return sorted(map(str, seed.glob("*.txt")))


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    s = open_store(str(tmp_path / "d.db") if request.param == "sqlite" else _pg_target())
    yield s
    s.close()


@pytest.fixture
def corpus(store):
    store.add_records(copy.deepcopy(RECORDS))
    return store


def _rec(doc_id, published, text, entities=(), figures=(), times=()):
    """A hand-made record; spans found by anchor text (the n-th occurrence with «anchor#n»)."""

    def at(anchor):
        s, _, n = anchor.partition("#")
        i = -1
        for _ in range(int(n or 1)):
            i = text.index(s, i + 1)
        return {"start": i, "stop": i + len(s)}

    return {
        "schema": "svodka/1", "id": doc_id, "text": text,
        "meta": {"title": text.split("\n")[0], "published": published, "source": None, "url": None},
        "entities": [{"id": eid, "type": t, "name": name, "link": link, "mentions": [at(m) for m in ms],
                      "roles": [{"title": title, "of": of, **at(a)} for title, of, a in roles]}
                     for eid, t, name, link, ms, roles in entities],
        "figures": [{"id": f"f{i}", "kind": kind, **at(anchor), "value": value, "unit": unit, "item": item,
                     "approx": None, "total": None, "time": time}
                    for i, (kind, anchor, value, unit, item, time) in enumerate(figures, 1)],
        "times": [{"id": tid, "kind": "date", **at(anchor), "value": value} for tid, anchor, value in times],
        "quotes": [], "events": [], "topics": [],
    }


# --- country names ---

@pytest.mark.parametrize("name", ["Казахстан", "Казахстана", "РК", "Республика Казахстан", "iso:KZ", "KZ"])
def test_country_link_any_form(name):
    assert country_link(name) == "iso:KZ"


@pytest.mark.parametrize("name", ["Москва", "Газпром", "", "iso:XX", "Атлантида"])
def test_country_link_not_a_country(name):
    assert country_link(name) is None


# --- the dossier ---

def test_pair_dossier(corpus):
    d = corpus.pair("РФ", "Казахстана")
    assert [c["name"] for c in d["countries"]] == ["Россия", "Казахстан"]
    assert corpus.pair("iso:KZ", "Россия")["timeline"] == corpus.pair("Казахстан", "RU")["timeline"]
    # the Kremlin talks (two reports) and the agreement; the call with Scholz is not between them
    types = [(s["type"], len(s["sources"])) for s in d["timeline"]]
    assert sorted(types) == [("agreement", 1), ("talks", 2)]
    talks = next(s for s in d["timeline"] if s["type"] == "talks")
    assert talks["first_date"] == "2024-03-04" and talks["last_date"] == "2024-03-05"
    sides = {x["name"]: x["side"] for x in talks["args"]["participants"]}
    assert sides == {"Владимир Путин": "Россия", "Касым-Жомарт Токаев": "Казахстан"}
    assert all(s["type"] != "statement" for s in d["timeline"])
    # officials with their posts, on their sides
    officials = {p["name"]: (p["side"], [x["title"] for x in p["posts"]]) for p in d["officials"]}
    assert officials == {"Владимир Путин": ("Россия", ["президент"]),
                         "Касым-Жомарт Токаев": ("Казахстан", ["президент"])}
    assert [q["text"] for q in d["quotes"]] == ["Мы намерены удвоить взаимную торговлю"]
    assert d["quotes"][0]["speaker"]["side"] == "Россия"
    # the joint projects counted in two articles: a series of the pair
    (series,) = [s for s in d["series"] if s.get("measure") == "совместный проект"]
    assert [p["value"] for p in series["points"]] == [150, 170]
    assert {o["name"] for o in series["owners"]} == {"Россия", "Казахстан"}
    assert {x["id"] for x in d["documents"]} == {"kz-talks-1", "kz-talks-2", "kz-projects"}
    assert d["commitments"] == []  # this store keeps none (yet)


def test_no_pair(corpus):
    assert corpus.pair("Казахстан", "Марс") is None
    assert corpus.pair("Казахстан", "РК") is None  # one country is no pair
    assert corpus.pair("Казахстан", "Япония") is None  # not in the corpus


def test_pairs_of_a_country(corpus):
    d = corpus.pairs_of("РК")
    assert d["country"]["name"] == "Казахстан"
    assert [(p["name"], p["documents"]) for p in d["pairs"]] == [("Россия", 3)]
    assert d["pairs"][0]["series"] == 1
    de = corpus.pairs_of("Германия")
    assert de["pairs"] == []  # Germany is named alone
    assert corpus.pairs_of("Москва") is None


def test_commitments_show_when_the_store_keeps_them(corpus):
    """The dossier and the overview call `store.commitments` when the store has it."""
    asked = []

    def commitments(pair=None, country=None, as_of=None):
        asked.append((pair, as_of))
        return [{"id": 1, "text": "построить мост до конца 2030 года", "deadline": "2030-12-31", "status": "open"},
                {"id": 2, "text": "создать рабочую группу", "deadline": "2024-01-01", "status": "due"},
                {"id": 3, "text": "увеличить поставки", "deadline": "2027-06-30", "status": "open"}]

    corpus.commitments = commitments
    d = corpus.pair("Казахстан", "Россия", as_of="2025-01-01")
    assert [c["id"] for c in d["commitments"]] == [1, 2, 3]
    assert asked[-1] == (("iso:KZ", "iso:RU"), "2025-01-01")
    due = corpus.overview(as_of="2025-01-01")["commitments_due"]
    assert [c["id"] for c in due] == [3, 1]  # open ones, the nearest deadline first


def test_overview(corpus):
    o = corpus.overview(as_of="2025-06-01")
    assert o["counts"]["documents"] == len(RECORDS)
    assert o["latest"][0]["id"] == "kz-farming"  # the latest published
    assert o["people"][0]["name"] == "Владимир Путин"
    assert o["organisations"][0]["name"] in {"Кремль", "Спартак"}
    assert (o["pairs"][0]["a"]["name"], o["pairs"][0]["b"]["name"], o["pairs"][0]["documents"]) \
        in {("Россия", "Казахстан", 3), ("Казахстан", "Россия", 3)}
    assert {s["type"] for s in o["events"]} <= {"visit", "talks", "agreement"}
    (moved,) = [m for m in o["moved"] if m.get("measure") == "совместный проект"]
    assert (moved["from"]["value"], moved["to"]["value"], moved["change"]) == (150, 170, 0.1333)


def test_moved_series_leaves_out_targets():
    s = {"id": 1, "owner": {}, "kind": "money", "item": None, "unit": "USD", "measure": "товарооборот",
         "points": [{"date": "2023", "value": 26}, {"date": "2024-02-01", "value": 28},
                    {"date": "2030", "value": 40}]}
    (m,) = moved_series([s], "2025-01-01")
    assert (m["from"]["value"], m["to"]["value"]) == (26, 28)
    assert moved_series([s], "2023-06-01") == []  # one value up to then


# --- the fixes behind it ---

VICE = ("Вице-премьер Казахстана Ержан Сатпаев открыл форум\n"
        "Вице-премьер Казахстана Ержан Сатпаев открыл форум в Караганде.")
DEPUTY = ("Сатпаев провёл совещание\n"
          "Заместитель председателя правительства Казахстана Ержан Сатпаев провёл совещание по углю.")


def test_posts_of_one_office_are_one_post(store):
    kz = ("e1", "LOC", "Казахстан", "iso:KZ", ["Казахстана"], [])
    store.add_records([
        _rec("vice", "2025-02-01", VICE, [kz, ("e2", "PER", "Ержан Сатпаев", None, ["Ержан Сатпаев#2"],
                                              [("вице-премьер", "e1", "Вице-премьер#2")])]),
        _rec("deputy", "2025-03-01", DEPUTY, [kz, ("e2", "PER", "Ержан Сатпаев", None, ["Ержан Сатпаев"],
                                                  [("заместитель председателя правительства", "e1",
                                                    "Заместитель председателя правительства")])]),
    ])
    (post,) = store.entity("Ержан Сатпаев")["posts"]
    assert post["title"] == "вице-премьер" and post["of"] == "Казахстан"
    assert post["variants"] == ["вице-премьер", "заместитель председателя правительства"]
    assert (post["first_seen"], post["last_seen"]) == ("2025-02-01", "2025-03-01")
    assert [s["id"] for s in post["sources"]] == ["vice", "deputy"]


HEADLINE = ("Экспорт Казахстана в Россию достиг $9,5 млрд\n"
            "По итогам января экспорт Казахстана в Россию достиг $9,5 млрд, сообщило министерство.")


def test_a_figure_in_the_headline_and_the_body_is_one_point(store):
    kz = ("e1", "LOC", "Казахстан", "iso:KZ", ["Казахстана", "Казахстана#2"], [])
    store.add_records([_rec(
        "export", "2025-02-10", HEADLINE, [kz],
        figures=[("money", "$9,5 млрд", 9.5e9, "USD", None, None),
                 ("money", "$9,5 млрд#2", 9.5e9, "USD", None, "t1")],
        times=[("t1", "январ", "2025-01")])])
    points = [p for s in store.figures(unit="USD") for p in s["points"]]
    assert [(p["date"], p["value"]) for p in points] == [("2025-01", 9500000000)]
    assert points[0]["repeats"] == ["f1"]


def test_search_scores_are_not_zero(corpus):
    """«Казахстан» is in over half the documents: FTS5's bm25 gave it an idf of 1e-6."""
    hits = corpus.search("Казахстан")
    assert len(hits) == 4
    scores = [h["score"] for h in hits]
    assert all(s >= 0.01 for s in scores), scores
    assert scores == sorted(scores, reverse=True)
    # two words: the documents with both, the rarer word weighing more
    both = corpus.search("Казахстан проект")
    assert {h["id"] for h in both} == {"kz-talks-2", "kz-projects"} and all(h["score"] > 0 for h in both)


def test_blank_query_is_no_query(corpus):
    assert [h["id"] for h in corpus.search("   ", limit=50)] == [h["id"] for h in corpus.search(None, limit=50)]
    assert len(corpus.search(" ", limit=50)) == len(RECORDS)


# --- the CLI ---

def test_cli_pair_and_search(tmp_path, capsys):
    db = str(tmp_path / "c.db")
    with open_store(db) as s:
        s.add_records(copy.deepcopy(RECORDS))
    assert main(["pair", "Казахстан", "Россия", "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Казахстан – Россия")
    assert "talks" in out and "Касым-Жомарт Токаев (Казахстан)" in out and "совместный проект" in out
    assert main(["pair", "РК", "РФ", "--db", db, "--json"]) == 0
    assert [c["link"] for c in json.loads(capsys.readouterr().out)["countries"]] == ["iso:KZ", "iso:RU"]
    assert main(["pair", "Казахстан", "--db", db]) == 0
    assert "Казахстан – Россия  3 documents" in capsys.readouterr().out
    assert main(["pair", "Казахстан", "Атлантида", "--db", db]) == 1

    # an entity's other names leave its own out
    assert main(["entity", "Путин", "--db", db]) == 0
    (also,) = [x for x in capsys.readouterr().out.splitlines() if x.startswith("also: ")]
    assert set(also[len("also: "):].split("; ")) == {"Путин", "В. Путин"}

    assert main(["search", "Казахстан", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "score 0.000" not in out and out.count("score ") == 4
    assert main(["search", "абракадабра", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == "no documents match 'абракадабра'"
    assert main(["search", "  ", "--from", "2030-01-01", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == "no documents match"


def test_cli_export_xlsx(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    db, path = str(tmp_path / "x.db"), tmp_path / "corpus.xlsx"
    with open_store(db) as s:
        s.add_records(copy.deepcopy(RECORDS))
    assert main(["export", "--format", "xlsx", "--db", db]) == 2  # a workbook needs a file
    capsys.readouterr()
    assert main(["export", "--format", "xlsx", "-o", str(path), "--db", db]) == 0
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["figures", "series", "commitments", "events", "people"]

    def rows(name):
        ws = wb[name]
        header = [c.value for c in ws[1]]
        return [dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]

    figs = rows("figures")
    assert {(f["doc_id"], f["value"], f["item"]) for f in figs} >= {("kz-talks-2", 150, "совместный проект"),
                                                                     ("petrov-minister", 9000000, "зерновые")}
    series = [r for r in rows("series") if r["measure"] == "совместный проект"]
    assert [(r["date"], r["value"], r["doc_id"]) for r in series] == [("2024-03-05", 150, "kz-talks-2"),
                                                                      ("2024-09-01", 170, "kz-projects")]
    assert series[0]["owner"] in {"Казахстан – Россия", "Россия – Казахстан"}
    assert rows("commitments") == []  # the header only: this store keeps no commitments
    assert [c.value for c in wb["commitments"][1]][:6] == ["id", "text", "predicate", "object", "figures",
                                                          "deadline"]
    talks = [r for r in rows("events") if r["type"] == "talks" and r["reports"] == 2]
    assert talks and talks[0]["sources"] == "kz-talks-1; kz-talks-2"
    assert "participants: Владимир Путин, Касым-Жомарт Токаев" in talks[0]["participants"]
    people = {r["name"]: r for r in rows("people")}
    assert people["Владимир Путин"]["posts"] == "президент (Россия)"
    assert people["Владимир Путин"]["aliases"] in ("Путин; В. Путин", "В. Путин; Путин")
    assert people["Владимир Путин"]["documents"] == 4
    assert wb["people"]["A1"].font.bold and wb["people"].freeze_panes == "A2"


# --- must show: the demo corpus ---

def _keeps_commitments(db: str) -> bool:
    """Whether this store tracks commitments (the commitments layer, merged separately)."""
    with open_store(db) as s:
        return callable(getattr(s, "commitments", None))


def test_demo_corpus_pair_kazakhstan_russia(tmp_path, nlp, shared_seed, capsys):
    """`svodka pair Казахстан Россия` on examples/ (and the seed where the shared data is)."""
    from svodka.inputs import read_paths

    db = str(tmp_path / "demo.db")
    paths = sorted(map(str, (ROOT / "examples").glob("*.txt"))) + shared_seed
    with open_store(db) as s:  # extracts with the process's pipeline (the nlp fixture's)
        summary = s.ingest(read_paths(paths))
        assert summary.added == len(paths)
    assert main(["pair", "Казахстан", "Россия", "--db", db, "--json", "--as-of", "2026-06-01"]) == 0
    d = json.loads(capsys.readouterr().out)
    if shared_seed and _keeps_commitments(db):
        # the seed's 29 of 30 checkpoints, rebuilt by the end of 2027: open on 2026-06-01
        (checkpoints,) = [c for c in d["commitments"] if c["deadline"] == "2027-12-31" and "29" in c["text"]]
        assert checkpoints["status"] == "open"
    types = {s["type"] for s in d["timeline"]}
    assert types == {"visit", "talks", "agreement"}
    dated = [s["first_date"] for s in d["timeline"] if s["first_date"]]
    assert dated == sorted(dated) and len(dated) >= 5
    # the vice-premiers' talks in Moscow, reported in two articles, are one entry with two sources
    moscow = [s for s in d["timeline"] if s["type"] == "talks" and s["first_date"] == "2025-03-03"]
    assert moscow and {x["id"] for x in moscow[0]["sources"]} == {"10_portfolio_2025", "12_moscow_meeting_followup"}
    (portfolio,) = [s for s in d["series"] if s["measure"] == "портфель проектов"]
    assert [p["value"] for p in portfolio["points"]] == [12.4e9, 13.9e9, 15.6e9, 16.8e9, 18.2e9]
    officials = {p["name"]: p["side"] for p in d["officials"]}
    assert officials["Андрей Соколов"] == "Россия" and officials["Айдар Жумабаев"] == "Казахстан"
    sokolov = next(p for p in d["officials"] if p["name"] == "Андрей Соколов")
    titles = [x["title"] for x in sokolov["posts"]]
    # «вице-премьер» and «заместитель председателя правительства» name one office: one post
    assert titles.count("вице-премьер") == 1 and "заместитель председателя правительства" not in titles
    assert any(q["speaker"]["name"] == "Айдар Жумабаев" for q in d["quotes"])
    assert main(["pair", "Казахстан", "Россия", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "портфель проектов · money · USD" in out and "visit" in out and "agreement" in out
