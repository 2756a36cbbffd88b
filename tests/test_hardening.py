"""Hostile inputs that once broke extraction or the API (issue 13), each pinned by a test.

1. a letter without a Unicode name (pymorphy3 asked unicodedata.name() of it and raised);
2. a long list of scaled numbers (read recursively: quadratic, then RecursionError);
3. a publication date near year 1 (the relative-date arithmetic overflowed), and dates that do
   not exist accepted as `published`;
5. numeric query parameters past what the database holds (500 instead of 422).
(4, concurrent writers, is in test_concurrent_writers.py; 6, batch, in test_batch.py.)
"""

from __future__ import annotations

import copy
import io
import json
import sys
from decimal import Decimal

import pytest

from storecorpus import RECORDS
from svodka.stages.morph import parses

TANGUT = "\U00017000"  # a letter (category Lo) that has no Unicode name


def _spans_in_text(rec: dict) -> None:
    n = len(rec["text"])
    spans = [m for e in rec["entities"] for m in e["mentions"]]
    spans += [x for layer in ("times", "figures", "quotes", "events") for x in rec[layer]]
    for s in spans:
        assert 0 <= s["start"] <= s["stop"] <= n, s


# --- 1. letters without a name ---

def test_unnamed_letter_does_not_fail_the_document(nlp):
    text = f"Президент Путин посетил {TANGUT} Москву, а затем Тверь{TANGUT}{TANGUT}."
    rec = nlp(text).record().to_dict()
    assert rec["text"] == text
    names = {e["name"] for e in rec["entities"]}
    assert {"Путин", "Москва"} <= names
    _spans_in_text(rec)
    moscow = next(e for e in rec["entities"] if e["name"] == "Москва")
    m = moscow["mentions"][0]
    assert text[m["start"]:m["stop"]] == "Москву"  # offsets count in the original text


def test_unnamed_letter_keeps_its_spelling_as_lemma():
    word = f"Слово{TANGUT}"
    p = parses(word)[0]
    assert p.word == word.lower() and p.normal_form == word.lower()
    assert parses("Москву")[0].normal_form == "москва"  # other words analysed as before


# --- 2. lists of scaled numbers ---

def test_long_list_of_scaled_numbers(nlp):
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)  # the interpreter's default: the old reader recursed once per item
    try:
        doc = nlp(" ".join(["1 тыс."] * 1200))
    finally:
        sys.setrecursionlimit(limit)
    assert doc.text.count("тыс.") == 1200


def test_scaled_number_chain_still_adds_up(nlp):
    from svodka.stages.numbers import read_number

    doc = nlp("Бюджет программы составит 1 млрд 200 млн 300 тыс. рублей, а затем 5 млн 2 млрд.")
    toks = doc.tokens
    first = read_number(doc.text, toks, next(i for i, t in enumerate(toks) if t.text == "1"))
    assert first.value == Decimal(1_200_300_000)
    assert toks[first.j].text == "рублей"
    # a larger scale after a smaller one starts a new number
    five = read_number(doc.text, toks, next(i for i, t in enumerate(toks) if t.text == "5"))
    assert five.value == Decimal(5_000_000) and toks[five.j].text == "2"


# --- 3. publication dates ---

@pytest.mark.parametrize("published", ["0001-01-01", "0001-01-07", "9999-12-31"])
@pytest.mark.parametrize("text", [
    "Вчера министр посетил Москву.", "Завтра министр посетит Москву.", "На следующей неделе пройдут переговоры.",
    "30 декабря соглашение вступило в силу.", "В понедельник министр прибыл в Казань.",
])
def test_publication_date_at_the_ends_of_the_calendar(nlp, published, text):
    rec = nlp(text, published=published).record().to_dict()
    assert rec["times"] == []  # nothing resolves against such a date, and nothing raises


def test_relative_dates_still_resolve(nlp):
    rec = nlp("Вчера министр посетил Москву.", published="2024-05-20").record().to_dict()
    assert [t["value"] for t in rec["times"]] == ["2024-05-19"]


@pytest.mark.parametrize("value, ok", [
    ("2024", True), ("2024-05", True), ("2024-05-20", True), ("2024-05-20T09:30:00+05:00", True),
    ("0001-01-01", True), ("2024-13-45", False), ("0000-00-00", False), ("2024-02-30", False),
    ("20.05.2024", False), ("2024-05-20 и позже", False), ("", False),
])
def test_check_published(value, ok):
    from svodka.inputs import check_published

    if ok:
        assert check_published(value) == value
    else:
        with pytest.raises(ValueError, match="ISO date"):
            check_published(value)


def test_jsonl_and_front_matter_refuse_dates_that_do_not_exist():
    from svodka.inputs import Failure, read_stream

    lines = [{"id": "a", "text": "Текст.", "published": "2024-13-45"},
             {"id": "b", "text": "Текст.", "published": "2024-05-20"}]
    out = list(read_stream(io.BytesIO("\n".join(json.dumps(x) for x in lines).encode()), jsonl=True))
    assert isinstance(out[0], Failure) and out[0].where == "<stdin>:1" and "published" in out[0].message
    assert out[1]["published"] == "2024-05-20"
    [bad] = read_stream(io.BytesIO("---\npublished: 0000-00-00\n---\nТекст.".encode()))
    assert isinstance(bad, Failure) and "published" in bad.message


# --- the API: 1, 2, 3 through HTTP, and 5 ---

@pytest.fixture(scope="module")
def api(nlp, tmp_path_factory):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from svodka.batch.worker import FailOn
    from svodka.store import open_store
    from svodka.web import create_app

    db = str(tmp_path_factory.mktemp("hard") / "h.db")
    with open_store(db) as store:
        store.add_records(copy.deepcopy(RECORDS))
    # the extraction pipeline, plus a stage that fails on one marker (a document that cannot be
    # extracted, whatever the pipeline's state of repair)
    failing = copy.copy(nlp)
    failing.stages = [*nlp.stages, FailOn("НЕИЗВЛЕКАЕМО")]
    with TestClient(create_app(db, token="", pipeline=failing)) as client:
        yield client


def test_api_extracts_what_once_failed(api):
    for body in ({"text": f"Путин посетил {TANGUT} Москву."},
                 {"text": " ".join(["1 тыс."] * 1200)},
                 {"text": "Вчера Путин посетил Москву.", "published": "0001-01-01"}):
        r = api.post("/v1/extract", json=body)
        assert r.status_code == 200, r.text
        _spans_in_text(r.json())


@pytest.mark.parametrize("published", ["2024-13-45", "0000-00-00", "2024-02-30"])
def test_api_published_must_be_a_real_date(api, published):
    r = api.post("/v1/extract", json={"text": "Вчера Путин посетил Москву.", "published": published})
    assert r.status_code == 422
    err = r.json()["error"]
    assert [p["field"] for p in err["problems"]] == ["published"]
    assert "published" in err["message"] and published in err["message"]
    r = api.post("/", data={"text": "Вчера Путин посетил Москву.", "published": published},
                 headers={"accept": "text/html"})
    assert r.status_code == 422 and "published" in r.text


def test_one_bad_document_does_not_reject_the_list(api):
    docs = [{"id": "list-ok-1", "text": "Министр финансов провёл совещание в Туле."},
            {"id": "list-tangut", "text": f"Губернатор посетил {TANGUT} Омск."},
            {"id": "list-bad", "text": "Этот документ НЕИЗВЛЕКАЕМО испорчен."},
            {"text": "Глава ведомства прибыл в Самару."}]
    r = api.post("/v1/documents", json=docs)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["added"] == 3 and body["failed"] == 1
    assert body["ids"][:3] == ["list-ok-1", "list-tangut", "list-bad"] and len(body["ids"]) == 4
    assert [e["id"] for e in body["errors"]] == ["list-bad"]
    assert "extraction failed" in body["errors"][0]["error"]
    for i in (0, 1, 3):
        assert api.get(f"/v1/documents/{body['ids'][i]}").status_code == 200
    assert api.get("/v1/documents/list-bad").status_code == 404


HUGE = "1" + "0" * 20
BOUNDED = [
    "/v1/search?offset=1e20", f"/v1/search?offset={HUGE}", "/v1/search?offset=-1", f"/v1/search?limit={HUGE}",
    "/v1/search?limit=0", f"/v1/entities?name=Путин&limit={HUGE}", "/v1/events?limit=1e3",
    f"/v1/figures?limit={HUGE}", f"/search?offset={HUGE}", "/search?offset=1e20", "/search?offset=-5",
    "/search?offset=²", f"/search.json?offset={HUGE}",
]
NOT_FOUND = [f"/v1/entities/{HUGE}", "/v1/entities/²", f"/entities/{HUGE}"]
EMPTY = [f"/v1/search?entity={HUGE}", "/v1/search?entity=²", f"/v1/events?entity={HUGE}",
         f"/v1/figures?entity={HUGE}", f"/search?entity={HUGE}&format=json", f"/events?entity={HUGE}&format=json"]


@pytest.mark.parametrize("path", BOUNDED)
def test_numeric_parameters_are_bounded(api, path):
    r = api.get(path)
    assert r.status_code == 422, (path, r.status_code, r.text[:300])
    name = "offset" if "offset" in path else "limit"
    assert name in r.json()["error"]["message"]


@pytest.mark.parametrize("path", NOT_FOUND + EMPTY)
def test_huge_ids_are_not_found_not_an_overflow(api, path):
    r = api.get(path)
    assert r.status_code == (404 if path in NOT_FOUND else 200), (path, r.status_code, r.text[:300])


def test_bounds_admit_the_largest_value(api):
    assert api.get("/v1/search?offset=100000&limit=500").status_code == 200
    assert api.get("/search?offset=100000&format=json").status_code == 200


# --- found by the long fuzzer (make fuzz) ---

def test_a_day_that_some_years_lack(nlp):
    rec = nlp("29 февраля министр посетил Казань.", published="2025-03-10").record().to_dict()
    assert [t["value"] for t in rec["times"]] == ["2024-02-29"]  # the leap year nearest
    rec = nlp("31 июня министр посетил Казань.", published="2025-03-10").record().to_dict()
    assert rec["times"] == []  # a day no June has


def test_a_very_long_token(nlp):
    word = "не" * 1500  # pymorphy3 strips the prefix «не» recursively
    rec = nlp(f"Министр сказал {word} и уехал.").record().to_dict()
    assert rec["text"].count(word) == 1
    assert parses(word)[0].normal_form == word and parses("1" * 3000)[0].tag.POS is None
