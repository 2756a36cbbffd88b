"""The corpus store on both backends: idempotent and resumable ingest, search, dossiers,
stories, figure series, bad input. PostgreSQL runs where SVODKA_TEST_PG names a server
(.ci/run starts one); without it those tests skip, and fail in CI (CI=true)."""

from __future__ import annotations

import copy
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from storecorpus import RECORDS, documents
from svodka.store import open_store
from svodka.store.linking import compatible, name_key, partial_fits

PG = os.environ.get("SVODKA_TEST_PG")


def _pg_target() -> str:
    if not PG:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but SVODKA_TEST_PG is unset: .ci/run should start PostgreSQL")
        pytest.skip("SVODKA_TEST_PG not set (no PostgreSQL server for the tests)")
    import psycopg

    # a clean database for each test
    with psycopg.connect(PG, autocommit=True) as c:
        c.execute("DROP SCHEMA public CASCADE")
        c.execute("CREATE SCHEMA public")
    return PG


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return _pg_target()


@pytest.fixture
def store(target):
    s = open_store(target)
    yield s
    s.close()


@pytest.fixture
def corpus(store):
    summary = store.add_records(copy.deepcopy(RECORDS))
    assert (summary.added, summary.duplicates, summary.failed) == (len(RECORDS), 0, [])
    return store


def counts(store) -> dict:
    st = store.stats()
    return {
        k: st[k]
        for k in (
            "documents",
            "entities",
            "entity_occurrences",
            "mentions",
            "roles",
            "events",
            "stories",
            "figures",
            "series",
            "quotes",
            "failures",
        )
    }


# --- ingest ---


def test_ingest_twice_adds_nothing(corpus):
    before = counts(corpus)
    again = corpus.add_records(copy.deepcopy(RECORDS))
    assert (again.added, again.duplicates, again.failed) == (0, len(RECORDS), [])
    assert counts(corpus) == before


def test_plain_texts_twice_and_hash_identity(store):
    docs = documents()
    first = store.ingest(docs, extract=False)
    assert first.added == len(docs)
    assert store.ingest(docs, extract=False).duplicates == len(docs)
    # without an id, a document is identified by its text: the same text twice is one document
    anon = [{"text": "Текст без идентификатора."}, {"text": "Текст без идентификатора."}]
    s = store.ingest(anon, extract=False)
    assert (s.added, s.duplicates) == (1, 1)
    assert store.stats()["documents"] == len(docs) + 1


def test_document_is_the_stored_record(corpus):
    rec = corpus.document("kz-talks-1")
    assert rec == RECORDS[0]
    assert corpus.document("no-such-id") is None


def test_ingest_extracts_with_the_pipeline(tmp_path):
    store = open_store(str(tmp_path / "x.db"))
    s = store.ingest(documents()[:2], batch_size=2)
    assert (s.added, s.failed) == (2, [])
    rec = store.document("kz-talks-1")
    assert rec["schema"] == "svodka/1" and rec["entities"], "the pipeline's record is stored"
    assert store.stats()["extracted"] == 2


CHILD = textwrap.dedent("""
    import json, sys, time
    from svodka.store import open_store
    target, path = sys.argv[1], sys.argv[2]
    def slow():
        for line in open(path, encoding="utf-8"):
            time.sleep(0.01)
            yield json.loads(line)
    open_store(target).ingest(slow(), extract=False, batch_size=4)
""")


def test_killed_ingest_resumes_exactly_once(target, tmp_path):
    import json

    # 30 copies of the corpus under new ids: 210 records with all their layers
    recs = []
    for k in range(30):
        for r in RECORDS:
            r = copy.deepcopy(r)
            r["id"] = f"{r['id']}-{k}"
            recs.append(r)
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    watch = open_store(target)
    child = subprocess.Popen([sys.executable, "-c", CHILD, target, str(path)])
    try:
        deadline = time.time() + 120
        while watch.stats()["documents"] < 40:
            assert child.poll() is None, "the ingest ended before it could be killed"
            assert time.time() < deadline
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
    done = watch.stats()["documents"]
    assert 0 < done < len(recs), "killed halfway"
    summary = watch.ingest(
        (json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()), extract=False
    )
    assert summary.added == len(recs) - done and summary.duplicates == done and not summary.failed
    st = watch.stats()
    assert st["documents"] == len(recs)
    assert st["entity_occurrences"] == sum(len(r["entities"]) for r in recs)
    assert st["mentions"] == sum(len(e["mentions"]) for r in recs for e in r["entities"])
    assert st["events"] == sum(len(r["events"]) for r in recs)
    assert st["figures"] == sum(len(r["figures"]) for r in recs)
    ids = [r[0] for r in watch._rows("SELECT id FROM documents")]
    assert sorted(ids) == sorted(r["id"] for r in recs)
    watch.close()


def test_bad_input_is_reported_and_loses_nothing(store, tmp_path):
    from svodka.store.readers import read

    store.add_records(copy.deepcopy(RECORDS[:2]))
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Глава МИД России провёл переговоры в Анкаре.", encoding="utf-8")
    (folder / "sub" / "blob.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (folder / "lines.jsonl").write_text(
        '{"id": "j1", "text": "Первая строка."}\n{"id": "j2", "text": \n'
        '{"id": "j3", "text": "Третья строка."}\n',
        encoding="utf-8",
    )
    (folder / "notes.ann").write_text("T1\tPER 0 5\tИгнор", encoding="utf-8")  # not a document type
    summary = store.ingest(read([str(folder)]), extract=False)
    assert summary.added == 3  # good, j1, j3
    failed = dict(summary.failed)
    assert any(k.endswith("blob.txt") and "binary" in v for k, v in failed.items())
    assert any(k.endswith("lines.jsonl:2") and "malformed JSON" in v for k, v in failed.items())
    assert len(failed) == 2
    assert {f["id"] for f in store.failures()} == set(failed)
    assert store.stats()["documents"] == 5
    assert store.document("kz-talks-1") == RECORDS[0]


def test_a_record_that_cannot_be_stored_fails_alone(store):
    broken = copy.deepcopy(RECORDS[2])
    broken["id"] = "broken"
    del broken["entities"][0]["mentions"][0]["start"]
    s = store.add_records([copy.deepcopy(RECORDS[0]), broken, copy.deepcopy(RECORDS[1])])
    assert s.added == 2 and [i for i, _ in s.failed] == ["broken"]
    assert store.document("broken") is None
    assert store._rows("SELECT COUNT(*) FROM entities WHERE doc_id = 'broken'")[0][0] == 0


# --- search ---

SEARCHES = [
    # (query, filters, expected ids in any order)
    ("переговорами", {}, {"kz-talks-1", "kz-talks-2"}),
    ("переговоры Кремль", {}, {"kz-talks-1"}),
    ("проект", {}, {"kz-projects", "kz-talks-2"}),
    ("проект", {"date_from": "2024-06-01"}, {"kz-projects"}),
    ("сельское хозяйство", {}, {"petrov-minister", "kz-farming"}),
    ("сельского хозяйства", {"date_to": "2024-12-31"}, {"petrov-minister"}),
    (None, {"entity": "Иван Петров"}, {"petrov-minister"} | set()),  # the better-known namesake first
    (None, {"event": "agreement"}, {"kz-talks-1"}),
    (None, {"topic": "agriculture"}, {"petrov-minister", "kz-farming"}),
    ("переговоры", {"entity": "Олаф Шольц"}, set()),
    ("разговор", {"entity": "Олаф Шольц"}, {"scholz-call"}),
    ("несуществующееслово", {}, set()),
]


@pytest.mark.parametrize("q,filters,expected", SEARCHES)
def test_search(corpus, q, filters, expected):
    hits = corpus.search(q, **filters)
    if filters.get("entity") == "Иван Петров":
        assert {h["id"] for h in hits} <= {"petrov-minister", "petrov-football"} and len(hits) == 1
        return
    assert {h["id"] for h in hits} == expected
    for h in hits:
        assert set(h) >= {"id", "title", "published", "snippet", "score"}


def test_search_ranks_and_snips(corpus):
    hits = corpus.search("переговоры")
    assert hits[0]["score"] >= hits[-1]["score"]
    h = next(h for h in hits if h["id"] == "kz-talks-2")
    assert "переговор" in h["snippet"].lower()
    for a, b in h["highlights"]:
        assert h["snippet"][a:b].lower().startswith("переговор")
    assert corpus.search("переговоры", limit=1, offset=1)[0]["id"] == hits[1]["id"]


# --- across articles ---


def test_dossier_posts_events_quotes(corpus):
    for name in ("Владимир Путин", "Путина", "владимира путина"):
        assert corpus.entity(name)["name"] == "Владимир Путин", name
    d = corpus.entity("Путин")
    # full name, surname alone and initial: one person
    assert {a["name"] for a in d["aliases"]} == {"Владимир Путин", "Путин", "В. Путин"}
    assert d["documents"] == 4
    post = d["posts"][0]
    assert (post["title"], post["of"], post["first_seen"]) == ("президент", "Россия", "2024-03-04")
    assert [s["id"] for s in post["sources"]] == ["kz-talks-1"]
    talks = [v for v in d["events"] if v["type"] == "talks"]
    # the Kremlin talks reported twice are one story; the call with Scholz is another
    assert sorted(len(v["sources"]) for v in talks) == [1, 2]
    story = next(v for v in talks if len(v["sources"]) == 2)
    assert {s["id"] for s in story["sources"]} == {"kz-talks-1", "kz-talks-2"}
    assert {a["name"] for a in story["args"]["participants"]} == {"Владимир Путин", "Касым-Жомарт Токаев"}
    assert d["quotes"][0]["text"] == "Мы намерены удвоить взаимную торговлю"
    co = {c["name"]: c["documents"] for c in d["co_mentioned"]}
    assert co["Казахстан"] == 3 and co["Касым-Жомарт Токаев"] == 2


def test_countries_by_link(corpus):
    d = corpus.entity("iso:KZ")
    assert d["name"] == "Казахстан" and d["documents"] == 4
    assert corpus.entity("Казахстана")["id"] == d["id"]


def test_namesakes_are_kept_apart(corpus):
    found = corpus.find_entities("Иван Петров")
    petrovs = [e for e in found if e["name"] == "Иван Петров"]
    assert len(petrovs) == 2
    posts = {corpus.entity(e["id"])["posts"][0]["title"] for e in petrovs}
    assert posts == {"министр сельского хозяйства", "нападающий"}


def test_stories_by_type_and_entity(corpus):
    assert {s["type"] for s in corpus.events()} == {"talks", "agreement", "statement"}
    talks = corpus.events(type="talks")
    assert len(talks) == 2 and talks[0]["n"] == 2
    assert [s["type"] for s in corpus.events(entity="Олаф Шольц")] == ["talks"]
    assert corpus.events(entity="Нет Такого") == []


def test_figure_series(corpus):
    series = corpus.figures(item="совместный проект")
    assert len(series) == 1
    s = series[0]
    assert [(p["date"], p["value"]) for p in s["points"]] == [("2024-03-05", 150), ("2024-09-01", 170)]
    assert [p["source"]["id"] for p in s["points"]] == ["kz-talks-2", "kz-projects"]
    assert corpus.figures(unit="тонна")[0]["points"][0]["value"] == 9000000


def test_stats_keys(corpus):
    st = corpus.stats()
    assert st["documents"] == len(RECORDS)
    assert st["events"] == 7 and st["figures"] == 3
    assert st["entities"] == len(
        {
            "ru",
            "kz",
            "putin",
            "tokaev",
            "kremlin",
            "moscow",
            "de",
            "scholz",
            "by",
            "petrov1",
            "petrov2",
            "spartak",
        }
    )


# --- linking rules (pure functions) ---

KEYS = [
    ("Владимиром Путиным", "PER", "владимир путин"),
    ("Владимир Путин", "PER", "владимир путин"),
    ("В. Путин", "PER", "в. путин"),
    ("Касым-Жомартом Токаевым", "PER", name_key("Касым-Жомарт Токаев")),
    ("Казахстана", "LOC", "казахстан"),
    ("МИД", "ORG", "мид"),
]


@pytest.mark.parametrize("name,type_,key", KEYS)
def test_name_key(name, type_, key):
    assert name_key(name, type_) == key


@pytest.mark.parametrize(
    "partial,full,fits",
    [
        ("путин", "владимир путин", True),
        ("в. путин", "владимир путин", True),
        ("л. путин", "владимир путин", False),
        ("путин", "путин", False),
        ("токаев", "владимир путин", False),
    ],
)
def test_partial_fits(partial, full, fits):
    assert partial_fits(partial, full) is fits


@pytest.mark.parametrize(
    "a,b,same",
    [
        (set(), {("президент", 1)}, True),
        ({("президент", 1)}, {("президент", 1)}, True),
        ({("министр", 1)}, {("нападающий", 2)}, False),
        ({("министр финансов", 1)}, {("премьер-министр", 1)}, True),  # a career in one country
    ],
)
def test_compatible_posts(a, b, same):
    assert compatible(a, b) is same


def test_schema_is_migrated_once(target):
    s = open_store(target)
    v = s.schema_version()
    s.close()
    s = open_store(target)
    assert s.schema_version() == v >= 2
    s.close()


def test_open_store_default_from_env(tmp_path, monkeypatch):
    monkeypatch.setenv("SVODKA_DB", str(tmp_path / "env.db"))
    s = open_store()
    s.close()
    assert Path(tmp_path / "env.db").exists()


def test_undated_events_cluster_only_within_an_article(store):
    def rec(doc_id):
        r = copy.deepcopy(RECORDS[2])  # В. Путин and Олаф Шольц: a phone call
        r["id"], r["meta"]["published"] = doc_id, None
        r["events"].append({**r["events"][0], "id": "v2"})  # the same call told twice
        return r

    store.add_records([rec("call-a"), rec("call-b")])
    stories = store.events(type="talks")
    # one story per article: twice told in each; undated articles are not joined by date
    got = sorted((sorted({x["id"] for x in s["sources"]}), s["n"]) for s in stories)
    assert got == [(["call-a"], 2), (["call-b"], 2)]


def test_front_matter_dates_reach_published_and_stories(store, tmp_path):
    from svodka.store.readers import read

    talks = (
        "Президент России Владимир Путин провёл переговоры с президентом Казахстана "
        "Касым-Жомартом Токаевым."
    )
    for name, day in (("first", "2024-03-04"), ("next-day", "2024-03-05"), ("summer", "2024-07-01")):
        (tmp_path / f"{name}.txt").write_text(
            f"---\npublished: {day}\ntitle: Переговоры ({name})\n---\n{talks}\n", encoding="utf-8"
        )
    s = store.ingest(read([str(tmp_path)]))
    assert (s.added, s.failed) == (3, [])
    assert store.document("first")["meta"]["published"] == "2024-03-04"
    assert store.document("first")["text"] == talks + "\n"  # the front matter is not the text
    assert [h["published"] for h in store.search("переговоры", date_from="2024-06-01")] == ["2024-07-01"]
    stories = sorted((s["first_date"], s["last_date"], sorted(x["id"] for x in s["sources"]))
                     for s in store.events(type="talks"))
    # a day apart: one story with two sources; four months later: another story
    assert stories == [
        ("2024-03-04", "2024-03-05", ["first", "next-day"]),
        ("2024-07-01", "2024-07-01", ["summer"]),
    ]


def _with_bodies(doc_id: str, text: str, places: list[tuple], bodies: list[tuple]) -> dict:
    """A record of `text` with places (name, link, written) and generic bodies (name, country, [written])."""
    def at(s):
        i = text.index(s)
        return {"start": i, "stop": i + len(s)}

    return {"schema": "svodka/1", "id": doc_id, "text": text,
            "meta": {"title": None, "published": "2025-03-01", "source": "test", "url": None},
            "entities": [{"id": f"e{i}", "type": "LOC", "name": n, "link": link, "mentions": [at(w)], "roles": []}
                         for i, (n, link, w) in enumerate(places, 1)],
            "bodies": [{"id": f"b{i}", "name": n, "country": c, "mentions": [at(w) for w in ws]}
                       for i, (n, c, ws) in enumerate(bodies, 1)],
            "figures": [], "times": [], "quotes": [], "events": [], "topics": []}


def test_bodies_by_country_are_listed_apart(store):
    store.add_records([
        _with_bodies("police-by", "Полиция Беларуси задержала двоих. Вскоре полиция их отпустила.",
                     [("Беларусь", "iso:BY", "Беларуси")], [("полиция", "iso:BY", ["Полиция", "полиция"])]),
        _with_bodies("police-am", "В Ереване полиция Армении перекрыла проспект.",
                     [("Ереван", None, "Ереване"), ("Армения", "iso:AM", "Армении")],
                     [("полиция", "iso:AM", ["полиция"])]),
    ])
    found = [e for e in store.find_entities("Полиция") if e["type"] == "ORG"]
    assert sorted((e["name"], e["country"], e["documents"]) for e in found) == [
        ("Полиция", "iso:AM", 1), ("Полиция", "iso:BY", 1)]
    by = next(e["id"] for e in found if e["country"] == "iso:BY")
    assert store.canonical_ids("police-by")["b1"] == by
    d = store.entity(by)
    assert (d["country"], [s["id"] for s in d["sources"]]) == ("iso:BY", ["police-by"])
    assert [c["name"] for c in d["co_mentioned"]] == ["Беларусь"]
    assert [h["id"] for h in store.search(entity=by)] == ["police-by"]
    cols, rows = store.table("entities")
    assert cols[-1] == "country" and len(rows) == 3
