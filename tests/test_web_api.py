"""The REST API and the UI's JSON twins, through FastAPI's TestClient, on SQLite and PostgreSQL.

The corpus is the demo corpus (examples/*.txt), posted through POST /v1/documents.
PostgreSQL runs when SVODKA_TEST_PG names a server (CI starts one), each run in a fresh database.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from svodka.inputs import read_paths  # noqa: E402
from svodka.web import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
# the examples open with front matter (published, title): read as `svodka ingest` reads them
EXAMPLE_DOCS = list(read_paths(map(str, EXAMPLES)))
OWN = "Министр финансов Армении Гурген Саакян провёл переговоры в Ереване с делегацией Всемирного банка."
XSS = "<script>window.pwned = 1</script> Глава <b>МИД</b> Казахстана посетил Пекин & Шанхай."


def _pg_database():
    """A fresh database on the SVODKA_TEST_PG server; dropped afterwards."""
    url = os.environ.get("SVODKA_TEST_PG")
    if not url:
        pytest.skip("PostgreSQL tests need SVODKA_TEST_PG (a postgresql:// URL)")
    psycopg = pytest.importorskip("psycopg")
    name = f"svodka_web_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}", lambda: _pg_drop(url, name)


def _pg_drop(url, name):
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def corpus(request, tmp_path_factory, nlp):
    """(client, ids): an app over a store holding the demo corpus and one XSS document."""
    drop = None
    if request.param == "sqlite":
        target = str(tmp_path_factory.mktemp("web") / "web.db")
    else:
        target, drop = _pg_database()
    app = create_app(target, token="", pipeline=nlp)
    try:
        with TestClient(app) as client:
            docs = [dict(d) for d in EXAMPLE_DOCS]
            docs.append({"id": "xss", "text": XSS, "url": "javascript:alert(1)"})
            r = client.post("/v1/documents", json=docs)
            assert r.status_code == 200, r.text
            assert r.json()["added"] == len(docs)
            yield client, r.json()["ids"]
    finally:
        if drop:
            drop()


@pytest.fixture(scope="module")
def bare(nlp):
    """An app with no corpus store behind it (extraction only)."""
    with TestClient(create_app(os.devnull + "/no/such/dir/x.db", token="", pipeline=nlp)) as c:
        yield c


# --- extraction ---

def test_extract_own_text(bare):
    r = bare.post("/v1/extract", json={"text": OWN, "published": "2024-03-01", "id": "own-1"})
    assert r.status_code == 200, r.text
    rec = r.json()
    assert rec["schema"] == "svodka/1" and rec["id"] == "own-1" and rec["text"] == OWN
    assert rec["meta"]["published"] == "2024-03-01"
    for layer in ("entities", "figures", "times", "quotes", "events", "topics"):
        assert isinstance(rec[layer], list)
    spans = {OWN[m["start"]:m["stop"]] for e in rec["entities"] for m in e["mentions"]}
    assert "Гурген Саакян" in spans


def test_seed_through_api_is_the_cli_record(bare, shared, tmp_path):
    seed = shared / "seed" / "000_574d469178c51173.txt"
    out = tmp_path / "cli.jsonl"
    cli = subprocess.run([sys.executable, "-m", "svodka", "extract", str(seed), "-o", str(out)],
                         capture_output=True, timeout=300)
    assert cli.returncode == 0, cli.stderr.decode()
    cli_rec = json.loads(out.read_text(encoding="utf-8"))
    r = bare.post("/v1/extract", json={"text": seed.read_text(encoding="utf-8"), "id": seed.stem})
    assert r.status_code == 200, r.text
    assert r.json() == cli_rec
    # and so it scores the same
    api_out = tmp_path / "api.jsonl"
    api_out.write_text(json.dumps(r.json(), ensure_ascii=False) + "\n", encoding="utf-8")
    scores = [subprocess.run([sys.executable, str(shared / "tools" / "score.py"), "--gold",
                              str(shared / "gold" / "seed.json"), "--pred", str(p), "--json"],
                             capture_output=True, text=True, timeout=120).stdout for p in (out, api_out)]
    assert scores[0] and scores[0] == scores[1]


@pytest.mark.parametrize("body, field, words", [
    ({}, "text", "required"),
    ({"text": "   "}, "text", "blank"),
    ({"text": 42}, "text", "string"),
    ({"text": "Текст.", "published": "20 мая 2024"}, "published", "ISO date"),
    ({"text": "Текст.", "txt": "опечатка"}, "txt", "not permitted"),
    ([{"text": "список"}], "body", "object"),
])
def test_invalid_input_is_422_with_a_message(bare, body, field, words):
    r = bare.post("/v1/extract", json=body)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid_input"
    assert any(p["field"] == field for p in err["problems"]), err
    assert words.lower() in err["message"].lower()


def test_malformed_json_is_422(bare):
    r = bare.post("/v1/extract", content=b'{"text": "obrez', headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert "json" in r.json()["error"]["message"].lower()


def test_body_cap_413(nlp):
    with TestClient(create_app(None, max_body=2000, token="", pipeline=nlp)) as c:
        big = {"text": "Слово " * 1000}
        r = c.post("/v1/extract", json=big)
        assert r.status_code == 413
        err = r.json()["error"]
        assert err["code"] == "body_too_large" and "2000 bytes" in err["message"]

        # no Content-Length (chunked): counted as it arrives
        def chunks():
            yield b'{"text": "'
            for _ in range(100):
                yield "Слово ".encode() * 10
            yield b'"}'

        r = c.post("/v1/extract", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413
        assert c.post("/v1/extract", json={"text": "Слово."}).status_code == 200


def test_default_cap_is_5_mb(nlp):
    app = create_app(None, token="", pipeline=nlp)
    assert app.state.max_body == 5_000_000


def test_token_guards_write_endpoints(nlp, tmp_path):
    with TestClient(create_app(str(tmp_path / "t.db"), token="s3cret", pipeline=nlp)) as c:
        doc = {"text": "Премьер-министр Казахстана посетил Москву.", "id": "t1"}
        r = c.post("/v1/documents", json=doc)
        assert r.status_code == 401 and "Authorization: Bearer" in r.json()["error"]["message"]
        assert r.headers["www-authenticate"] == "Bearer"
        r = c.post("/v1/documents", json=doc, headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 403
        r = c.post("/v1/documents", json=doc, headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 200 and r.json()["ids"] == ["t1"]
        # reading and extracting stay open
        assert c.get("/v1/documents/t1").status_code == 200
        assert c.post("/v1/extract", json=doc).status_code == 200


def test_token_from_environment(nlp, monkeypatch):
    monkeypatch.setenv("SVODKA_TOKEN", "from-env")
    assert create_app(None, pipeline=nlp).state.token == "from-env"


def test_no_store_is_503_with_advice(bare):
    r = bare.get("/v1/search", params={"q": "визит"})
    assert r.status_code == 503
    assert "svodka serve --db" in r.json()["error"]["message"]


def test_openapi_and_docs(bare):
    spec = bare.get("/openapi.json").json()
    for path in ("/v1/extract", "/v1/documents", "/v1/documents/{doc_id}", "/v1/search",
                 "/v1/entities/{key}", "/v1/events", "/v1/figures"):
        assert path in spec["paths"], path
    assert "from" in {p["name"] for p in spec["paths"]["/v1/search"]["get"]["parameters"]}
    assert "swagger" in bare.get("/docs").text.lower()


def test_unknown_path_is_json_404(bare):
    r = bare.get("/v1/nothing")
    assert r.status_code == 404 and "/docs" in r.json()["error"]["message"]


# --- the corpus ---

def test_documents_added_and_duplicates(corpus):
    client, ids = corpus
    assert ids == [p.stem for p in EXAMPLES] + ["xss"]
    r = client.post("/v1/documents", json={"id": EXAMPLES[0].stem, "text": "другой текст"})
    assert r.status_code == 200
    assert r.json() | {"errors": []} == {"ids": [EXAMPLES[0].stem], "added": 0, "duplicates": 1,
                                         "failed": 0, "errors": []}
    assert client.post("/v1/documents", json=[]).status_code == 422


def test_get_document(corpus):
    client, ids = corpus
    rec = client.get(f"/v1/documents/{ids[1]}").json()
    assert rec["id"] == ids[1] and rec["schema"] == "svodka/1"
    assert rec["text"] == EXAMPLE_DOCS[1]["text"]
    assert rec["meta"]["published"] == EXAMPLE_DOCS[1]["published"]
    r = client.get("/v1/documents/no-such-doc")
    assert r.status_code == 404 and "/v1/search" in r.json()["error"]["message"]


def test_search(corpus):
    client, _ = corpus
    hits = client.get("/v1/search", params={"q": "портфель проектов"}).json()["results"]
    assert hits and all("портфел" in h["snippet"].lower() for h in hits)
    ids = {h["id"] for h in hits}
    assert {"01_astana_visit", "10_portfolio_2025"} <= ids
    assert "05_minsk_industry" not in ids
    # an entity facet narrows it
    narrowed = client.get("/v1/search", params={"q": "соглашение", "entity": "iso:BY"}).json()["results"]
    assert [h["id"] for h in narrowed] == ["05_minsk_industry"]
    assert client.get("/v1/search", params={"from": "вчера"}).status_code == 422


def test_entities_and_dossier(corpus):
    client, _ = corpus
    found = client.get("/v1/entities", params={"name": "Айдар Жумабаев"}).json()["results"]
    # how well the store links one person across articles is tested with the store
    found = [e for e in found if e["name"] == "Айдар Жумабаев" and e["type"] == "PER"]
    assert found
    dossier = client.get(f"/v1/entities/{found[0]['id']}").json()
    assert dossier["name"] == "Айдар Жумабаев" and dossier["documents"] >= 2
    for key in ("posts", "events", "quotes", "co_mentioned", "sources"):
        assert isinstance(dossier[key], list), key
    assert "Андрей Соколов" in {c["name"] for c in dossier["co_mentioned"]}
    r = client.get("/v1/entities/Никто Никакович")
    assert r.status_code == 404 and "/v1/entities?name=" in r.json()["error"]["message"]


def test_events_and_figures_lists(corpus):
    client, _ = corpus
    for path in ("/v1/events", "/v1/figures", "/v1/events?type=visit", "/v1/figures?unit=USD"):
        r = client.get(path)
        assert r.status_code == 200 and isinstance(r.json()["results"], list), path
    assert client.get("/v1/events", params={"limit": 0}).status_code == 422


# --- UI pages and their JSON twins ---

@pytest.mark.parametrize("path", ["/search?q=портфель", "/events", "/figures", "/entities?name=Казахстан",
                                  "/documents/01_astana_visit", "/entities/Айдар Жумабаев"])
def test_pages_and_json_twins(corpus, path):
    client, _ = corpus
    html = client.get(path, headers={"accept": "text/html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    base, _, query = path.partition("?")
    twin = client.get(base + ".json" + (f"?{query}" if query else ""))
    fmt = client.get(path + ("&" if query else "?") + "format=json")
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    assert twin.json() == fmt.json()
    assert 'href="' + base.replace(" ", "%20") in html.text or ".json" in html.text


def test_document_twin_is_the_record(corpus):
    client, _ = corpus
    assert client.get("/documents/02_commission_moscow.json").json() == \
        client.get("/v1/documents/02_commission_moscow").json()


def test_article_text_is_escaped(corpus):
    client, _ = corpus
    page = client.get("/documents/xss").text
    assert "<script>window.pwned" not in page and "<b>МИД</b>" not in page
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page
    assert "Пекин &amp; Шанхай" in page
    assert "javascript:alert" not in page  # a non-web url is not made a link


def test_analyse_form_post(bare):
    r = bare.post("/", data={"text": XSS, "published": ""}, headers={"accept": "text/html"})
    assert r.status_code == 200
    assert "&lt;script&gt;" in r.text and "<script>window" not in r.text
    r = bare.post("/?format=json", data={"text": OWN})
    assert r.json()["text"] == OWN
    r = bare.post("/", data={"text": " "}, headers={"accept": "text/html"})
    assert r.status_code == 422 and "blank" in r.text


# --- generic bodies and organisations by country ---

GOVERNMENTS = [
    {"id": "gov-ru", "published": "2025-02-03",
     "text": "Правительство России одобрило план поддержки малого бизнеса. Кабмин выделит на него 20 млрд рублей."},
    {"id": "gov-kz", "published": "2025-02-04",
     "text": "Правительство Казахстана утвердило программу ремонта дорог. По словам вице-министра, "
             "правительство рассчитывает завершить работы к 2027 году."},
    {"id": "gov-ru-2", "published": "2025-02-05", "text": "Правительство России продлило льготную ипотеку ещё на год."},
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def governments(request, tmp_path_factory, nlp):
    """(client, {country: canonical id of its government}): two governments of two countries."""
    drop = None
    if request.param == "sqlite":
        target = str(tmp_path_factory.mktemp("web") / "gov.db")
    else:
        target, drop = _pg_database()
    try:
        with TestClient(create_app(target, token="", pipeline=nlp)) as client:
            assert client.post("/v1/documents", json=GOVERNMENTS).json()["added"] == 3
            found = client.get("/v1/entities", params={"name": "Правительство"}).json()["results"]
            yield client, {e["country"]: e["id"] for e in found if e["name"] == "Правительство"}
    finally:
        if drop:
            drop()


def test_two_governments_are_two_entities_with_their_countries(governments):
    client, ids = governments
    assert set(ids) == {"iso:RU", "iso:KZ"} and ids["iso:RU"] != ids["iso:KZ"]
    ru = client.get(f"/v1/entities/{ids['iso:RU']}").json()
    kz = client.get(f"/v1/entities/{ids['iso:KZ']}").json()
    assert (ru["country"], ru["documents"], kz["country"], kz["documents"]) == ("iso:RU", 2, "iso:KZ", 1)
    # a body's dossier is an organisation's: the documents that mention it
    assert {s["id"] for s in ru["sources"]} == {"gov-ru", "gov-ru-2"}
    assert [s["id"] for s in kz["sources"]] == ["gov-kz"]
    assert "Казахстан" in {c["name"] for c in kz["co_mentioned"]}
    hits = client.get("/v1/search", params={"entity": ids["iso:KZ"]}).json()["results"]
    assert [h["id"] for h in hits] == ["gov-kz"]
    # the list tells them apart by country
    page = client.get("/entities", params={"name": "правительство"}, headers={"accept": "text/html"}).text
    assert "Правительство · Россия" in page and "Правительство · Казахстан" in page
    page = client.get(f"/entities/{ids['iso:KZ']}", headers={"accept": "text/html"}).text
    assert "Правительство · Казахстан" in page and "/documents/gov-kz" in page and "/documents/gov-ru" not in page


def test_a_bare_reference_leads_to_the_kind_of_body(governments):
    client, ids = governments
    kind = client.get("/v1/entities/kind:правительство").json()
    # every reference's common noun names the kind, whether the country is named with it
    # («правительство России», two articles) or inferred («Кабмин», the second «правительство»)
    assert (kind["name"], kind["documents"]) == ("правительство", 0)
    assert sorted((b["country"], b["documents"]) for b in kind["bodies"]) == [("iso:KZ", 1), ("iso:RU", 2)]
    assert {b["id"] for b in kind["bodies"]} == {ids["iso:KZ"], ids["iso:RU"]}
    page = client.get("/entities/kind:правительство", headers={"accept": "text/html"}).text
    assert 'id="kind-bodies"' in page
    assert f'href="/entities/{ids["iso:KZ"]}" class="mk body">Правительство · Казахстан' in page
    # the page marks the reference whose country is inferred
    page = client.get("/documents/gov-kz", headers={"accept": "text/html"}).text
    assert "правительство · Казахстан (country from context)" in page


def test_document_page_lists_and_marks_its_bodies(governments):
    client, ids = governments
    assert client.get("/documents/gov-kz.json").json()["bodies"][0]["country"] == "iso:KZ"
    page = client.get("/documents/gov-kz", headers={"accept": "text/html"}).text
    assert f'<a href="/entities/{ids["iso:KZ"]}" class="mk body">правительство · Казахстан</a>' in page
    # both mentions marked in the text as a body, not as an entity
    marks = re.findall(r'<span class="mk body" data-ref="(b\d+)" data-layer="body"[^>]*>([^<]*)</span>', page)
    assert [m for _, m in marks] == ["Правительство", "правительство"] and len({r for r, _ in marks}) == 1
    assert 'id="panel-bodies"' in page and f'<a href="/entities/{ids["iso:KZ"]}">dossier</a>' in page


def test_series_name_shows_its_owners_country():
    from svodka.web.ui import series_name

    own = {"owner": {"id": 7, "name": "Правительство", "country": "iso:KZ"}, "kind": "money",
           "measure": "расходы", "item": None, "unit": "KZT"}
    assert series_name(own) == "Правительство · Казахстан · расходы · KZT"
    pair = {"owner": {"id": None, "name": "Казахстан – Россия", "country": None}, "kind": "money",
            "measure": "товарооборот", "item": None, "unit": "USD"}
    assert series_name(pair) == "Казахстан – Россия · товарооборот · USD"
