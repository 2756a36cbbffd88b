"""The landing page, the pair dossier pages and their JSON twins, and the page defects a new user
met, through FastAPI's TestClient over the demo corpus (the fixture of test_web_api: SQLite and
PostgreSQL)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")

from test_web_api import bare, corpus  # noqa: E402,F401 - the fixtures


def html(client, path):
    r = client.get(path, headers={"accept": "text/html"})
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def twin(client, path):
    base, _, query = path.partition("?")
    r = client.get(base + ".json" + (f"?{query}" if query else ""))
    assert r.status_code == 200 and r.headers["content-type"] == "application/json", path
    assert r.json() == client.get(path + ("&" if query else "?") + "format=json").json()
    return r.json()


def test_landing_page(corpus):  # noqa: F811
    client, ids = corpus
    page = html(client, "/")
    assert 'href="/analyse"' in page and 'id="counts"' in page
    data = twin(client, "/index")
    assert data == client.get("/v1/overview").json()
    assert data["counts"]["documents"] == len(ids)
    assert data["latest"][0]["id"] == "12_moscow_meeting_followup"  # the latest published
    assert {"Андрей Соколов", "Айдар Жумабаев"} <= {p["name"] for p in data["people"][:3]}
    top = data["pairs"][0]
    assert {top["a"]["name"], top["b"]["name"]} == {"Россия", "Казахстан"}
    assert f'href="/pairs/{quote(top["a"]["link"], safe="")}/{quote(top["b"]["link"], safe="")}"' in page
    assert data["events"] and {e["type"] for e in data["events"]} <= {"visit", "talks", "agreement"}
    moved = {m["measure"]: m for m in data["moved"]}
    assert moved["портфель проектов"]["to"]["value"] == 18.2e9
    assert moved["портфель проектов"]["from"]["value"] == 16.8e9
    assert data["commitments_due"] == [] or all(c["status"] == "open" for c in data["commitments_due"])
    # the Analyse form, one click away, still works (and POST / as before)
    assert 'id="text-input"' in html(client, "/analyse")
    r = client.post("/analyse?format=json", data={"text": "Министр финансов Армении посетил Ереван."})
    assert r.status_code == 200 and r.json()["schema"] == "svodka/1"
    assert client.get("/?as_of=вчера").status_code == 422


def test_pair_page_and_twins(corpus):  # noqa: F811
    client, _ = corpus
    page = html(client, "/pairs/Казахстан/Россия")
    for section in ("timeline", "series", "commitments", "officials", "quotes", "documents"):
        assert f'id="{section}"' in page, section
    data = twin(client, "/pairs/Казахстан/Россия")
    assert data == client.get("/v1/pairs/РК/РФ").json()  # any form of the names
    assert [c["link"] for c in data["countries"]] == ["iso:KZ", "iso:RU"]
    types = [s["type"] for s in data["timeline"]]
    assert {"visit", "talks", "agreement"} <= set(types) and "statement" not in types
    for s in data["timeline"]:
        assert s["sources"] and all(x["id"] for x in s["sources"])
    portfolio = next(s for s in data["series"] if s["measure"] == "портфель проектов")
    # a chart per series with two dated values: the portfolio's five reports, each once
    block = page[page.index(f'data-series="{portfolio["id"]}"'):]
    block = block[:block.index("</svg>")]
    assert block.count('class="dot"') == len(portfolio["points"]) == 5
    sokolov = next(p for p in data["officials"] if p["name"] == "Андрей Соколов")
    assert sokolov["side"] == "Россия"
    assert [(x["title"], set(x["variants"])) for x in sokolov["posts"]] == [
        ("вице-премьер", {"заместитель председателя правительства", "вице-премьер"})]
    assert "also written: заместитель председателя правительства" in page
    assert data["quotes"] and all(q["speaker"]["side"] in ("Россия", "Казахстан") for q in data["quotes"])
    # one country: the pairs it belongs to
    country = twin(client, "/pairs/Казахстан")
    assert country == client.get("/v1/pairs/iso:KZ").json()
    assert country["pairs"][0]["name"] == "Россия"
    assert "/pairs/iso%3AKZ/iso%3ARU" in html(client, "/pairs/Казахстан")
    assert "/pairs/iso%3ARU/iso%3AKZ" in html(client, "/pairs") or "/pairs/iso%3AKZ/iso%3ARU" in html(client, "/pairs")
    assert twin(client, "/pairs")["results"][0]["documents"] >= 8
    r = client.get("/pairs?a=РК&b=Россия", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/pairs/%D0%A0%D0%9A/%D0%A0%D0%BE%D1%81%D1%81%D0%B8%D1%8F"


def test_pair_errors(corpus):  # noqa: F811
    client, _ = corpus
    r = client.get("/v1/pairs/Казахстан/Атлантида")
    assert r.status_code == 404 and "countries named in the corpus" in r.json()["error"]["message"]
    assert client.get("/pairs/Казахстан/Атлантида", headers={"accept": "text/html"}).status_code == 404
    assert client.get("/v1/pairs/Москва").status_code == 404
    assert client.get("/v1/pairs/KZ/RU", params={"as_of": "завтра"}).status_code == 422
    assert client.get("/pairs/KZ/RU", params={"as_of": "2025-13"}).status_code == 422
    assert client.get("/v1/pairs/KZ/RU", params={"as_of": "2025-01-31"}).json()["as_of"] == "2025-01-31"


def _nav_on(page: str) -> list[str]:
    return re.findall(r'<a href="[^"]*" class="on">([^<]+)</a>', page)


def test_nav_marks_the_page_it_is_on(corpus):  # noqa: F811
    client, _ = corpus
    assert _nav_on(html(client, "/documents/01_astana_visit")) == []  # was "Search"
    assert _nav_on(html(client, "/search?q=визит")) == ["Search"]
    assert _nav_on(html(client, "/")) == ["Overview"]
    assert _nav_on(html(client, "/analyse")) == ["Analyse"]
    assert _nav_on(html(client, "/pairs/KZ/RU")) == ["Pairs"]


def test_entity_page_also_and_posts(corpus):  # noqa: F811
    client, _ = corpus
    for key in ("iso:KZ", "Андрей Соколов", "Айдар Жумабаев"):
        d = client.get(f"/v1/entities/{key}").json()
        page = html(client, f"/entities/{key}")
        m = re.search(r'<span id="aliases">(.*?)</span>', page)
        others = {a["name"] for a in d["aliases"]} - {d["name"]}
        if others:
            assert m and d["name"] not in m.group(1).split(", ") and set(m.group(1).split(", ")) == others
        else:
            assert m is None and "also:" not in page
    d = client.get("/v1/entities/Андрей Соколов").json()
    assert [p["title"] for p in d["posts"]] == ["вице-премьер"]  # was two posts
    assert "as written: " in html(client, "/entities/Андрей Соколов")


def test_figures_chart_one_point_per_report(corpus):  # noqa: F811
    """10_portfolio_2025 gives $18,2 млрд in its headline and its body: one point, not two."""
    client, _ = corpus
    series = client.get("/v1/figures", params={"item": "портфель"}).json()["results"]
    portfolio = next(s for s in series if s["measure"] == "портфель проектов")
    dates = [p["date"] for p in portfolio["points"] if p["source"]["id"] == "10_portfolio_2025"]
    assert dates == ["2025-03-01"]  # the figure's own date, not the publication's
    page = html(client, f"/figures?series={portfolio['id']}")
    assert page.count('class="dot"') == 5


def test_search_page_blank_and_no_hits(corpus):  # noqa: F811
    client, ids = corpus
    assert "No documents match" in html(client, "/search?q=абракадабра")
    blank = client.get("/v1/search", params={"q": "   ", "limit": 100}).json()["results"]
    assert len(blank) == len(ids)
    hits = client.get("/v1/search", params={"q": "Казахстан"}).json()["results"]
    assert hits and all(h["score"] > 0 for h in hits)


def test_landing_page_without_a_store(bare):  # noqa: F811
    """A server with no corpus store still opens on its landing page, the Analyse form a click away."""
    page = html(bare, "/")
    assert 'id="no-store"' in page and 'href="/analyse"' in page
    assert bare.get("/v1/overview").status_code == 503
