"""The web UI in a real browser: Debian's chromium driven by playwright, against `svodka serve`'s app
on a free loopback port with the demo corpus. Screenshots of every page go to artifacts/screenshots/.

Never `playwright install`: the browser is the system's /usr/bin/chromium (`.ci/run` installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from conftest import SHARED  # noqa: E402
from svodka.inputs import read_paths  # noqa: E402
from svodka.web import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("SVODKA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
XSS = ('Заявление <script>window.pwned = 1</script> министра <img src=x onerror="window.pwned = 2"> '
       'о визите в Москву.')

GOVERNMENT = ("Правительство Казахстана утвердило программу ремонта дорог. По словам вице-министра, "
              "правительство рассчитывает завершить работы к 2027 году.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, nlp):
    """The app over the demo corpus, served by uvicorn on a free loopback port (in a thread)."""
    from svodka.store import open_store

    db = str(tmp_path_factory.mktemp("browser") / "demo.db")
    store = open_store(db)
    examples = sorted((ROOT / "examples").glob("*.txt"))
    # the seed too, read in place from the shared data when it is there (never copied here)
    seed = sorted((SHARED / "seed").glob("*.txt")) if (SHARED / "seed").is_dir() else []
    docs = list(read_paths(map(str, examples + seed)))  # with their front matter (published, title)
    docs.append({"id": "xss", "text": XSS})
    docs.append({"id": "gov-kz", "text": GOVERNMENT})
    store.ingest(docs)
    store.close()
    port = _free_port()
    config = uvicorn.Config(create_app(db, token="", pipeline=nlp), host="127.0.0.1", port=port,
                            log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 60
    while not srv.started:
        if time.time() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("SVODKA_REQUIRE_SHARED") == "1":  # CI installs chromium: its absence is a failure
            pytest.fail(f"no chromium at {CHROMIUM}")
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1360, "height": 900}, locale="ru-RU")
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    ctx.close()
    assert not errors, f"JavaScript errors: {errors}"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def analyse(page, server, text: str) -> None:
    page.goto(server + "/analyse")
    page.fill("#text-input", text)
    with page.expect_navigation():
        page.click("#analyse-btn")


def test_seed_analysed(page, server, shared):
    """The issue's acceptance check: the seed's person, its $26,5 млрд and its quote, as the UI shows them."""
    text = (shared / "seed" / "000_574d469178c51173.txt").read_text(encoding="utf-8")
    analyse(page, server, text)
    shot(page, "analyse-seed")
    person = page.locator("#text .mk.ent-PER", has_text="Олжас Бектенов").first
    assert person.count() and person.inner_text() == "Олжас Бектенов"
    figure = page.locator("#panel-figures li.item", has_text="$26,5 млрд")
    assert figure.count() == 1, page.locator("#panel-figures").inner_text()
    assert figure.locator(".value").inner_text().strip() == "26 500 000 000"
    assert figure.locator(".unit").inner_text().strip() == "USD"
    quotes = page.locator("#panel-quotes li.item .speaker")
    assert "Олжас Бектенов" in quotes.all_inner_texts(), page.locator("#panel-quotes").inner_text()
    # clicking the figure highlights its span in the text and scrolls it into view
    figure.click()
    span = page.locator(f'#text [data-ref="{figure.get_attribute("data-ref")}"]').first
    page.wait_for_function("el => el.classList.contains('hl')", arg=span.element_handle())
    assert span.inner_text() == "$26,5 млрд"
    assert span.is_visible() and _in_viewport(page, span)


def _in_viewport(page, locator) -> bool:
    page.wait_for_timeout(600)  # smooth scrolling
    return page.evaluate("el => { const r = el.getBoundingClientRect(); "
                         "return r.top >= 0 && r.bottom <= window.innerHeight; }", locator.element_handle())


def test_click_highlights_entity_mentions(page, server):
    text = ("Министр энергетики России Сергей Волков провёл переговоры в Ташкенте.\n\n" + "Абзац. " * 400
            + "\n\nПо итогам встречи Сергей Волков заявил о росте поставок газа.")
    analyse(page, server, text)
    item = page.locator("#panel-entities li.item", has_text="Сергей Волков")
    assert item.count() == 1
    item.click()
    marks = page.locator(f'#text [data-ref="{item.get_attribute("data-ref")}"]')
    assert marks.count() == 2
    page.wait_for_function("() => document.querySelectorAll('#text .mk.hl').length === 2")
    assert _in_viewport(page, marks.first)
    shot(page, "analyse-highlight")


def test_xss_stays_inert(page, server):
    analyse(page, server, XSS)
    assert page.evaluate("window.pwned") is None
    assert "<script>window.pwned = 1</script>" in page.locator("#text").inner_text()
    page.goto(server + "/documents/xss")
    assert page.evaluate("window.pwned") is None
    assert "<img src=x" in page.locator("#text").inner_text()
    shot(page, "document-xss")


def test_corpus_pages(page, server):
    page.goto(server + "/search?q=портфель")
    hits = page.locator("ul.hits li")
    assert hits.count() >= 4
    assert page.locator("ul.hits mark").count() >= 1
    shot(page, "search")
    # a facet narrows the search and shows as selected
    page.click("aside a.tag:text-is('visit')")
    assert page.locator("aside a.tag.on", has_text="visit").count() == 1
    assert 0 < page.locator("ul.hits li").count() <= hits.count()
    shot(page, "search-facet")

    page.goto(server + "/documents/02_commission_moscow")
    assert page.locator("#text .mk.ent-PER", has_text="Андрей Соколов").count() >= 1
    shot(page, "document")

    page.goto(server + "/entities?name=Соколов")
    shot(page, "entities")
    with page.expect_navigation():
        page.locator("table.t a", has_text="Андрей Соколов").first.click()
    assert page.locator("h1").inner_text() == "Андрей Соколов"
    assert page.locator("#co-mentioned a").count() >= 1
    shot(page, "entity")

    page.goto(server + "/events")
    assert page.locator(".story").count() >= 1
    shot(page, "events")

    page.goto(server + "/figures")
    shot(page, "figures")
    if page.locator("#series-title").count():  # a series needs figures linked to an owner
        assert page.locator("svg.chart circle.dot").count() >= 1


def test_json_twin_link(page, server):
    page.goto(server + "/events")
    with page.expect_response(lambda r: r.url.endswith("/events.json")) as resp:
        page.click("a.json")
    assert resp.value.headers["content-type"] == "application/json"


def test_landing_page(page, server):
    page.goto(server + "/")
    assert page.locator("nav a.on").inner_text() == "Overview"
    counts = page.locator("#counts").inner_text()
    assert re.search(r"\b1[2-9] documents", counts), counts
    assert page.locator("#latest li a").count() >= 5
    assert page.locator("#people a.ent-PER", has_text="Андрей Соколов").count() == 1
    assert page.locator("#events li").count() >= 3
    assert page.locator("#moved tr", has_text="портфель проектов").count() == 1
    shot(page, "overview")
    # the most mentioned pair leads to its dossier
    with page.expect_navigation():
        page.locator("#pairs a").first.click()
    assert page.locator("#pair-title").inner_text() in ("Россия – Казахстан", "Казахстан – Россия")
    # and the Analyse form is one click away from the landing page
    page.goto(server + "/")
    with page.expect_navigation():
        page.click("#analyse-link")
    assert page.locator("#text-input").is_visible()


def test_pair_dossier_page(page, server):
    page.goto(server + "/pairs")
    page.fill("#pair-form input[name=a]", "РК")
    page.fill("#pair-form input[name=b]", "Россия")
    with page.expect_navigation():
        page.click("#pair-form button")
    assert page.locator("#pair-title").inner_text() == "Казахстан – Россия"
    timeline = page.locator("#timeline li.ev")
    assert timeline.count() >= 6
    kinds = set(page.locator("#timeline li.ev .kind").all_inner_texts())
    assert {"visit", "talks", "agreement"} <= kinds
    # dated entries in order
    dates = [d for d in page.locator("#timeline li.ev .when").all_inner_texts() if d[:1].isdigit()]
    assert [d[:10] for d in dates] == sorted(d[:10] for d in dates)
    # the vice-premiers on their sides, with their posts
    officials = page.locator("#officials").inner_text()
    assert "Андрей Соколов" in officials and "Айдар Жумабаев" in officials
    assert page.locator("#officials .side-col", has_text="Андрей Соколов").locator("h3").inner_text().lower() \
        == "россия"
    # the project portfolio as a chart: five reports, five points, labels apart
    chart = page.locator("#series .series", has_text="портфель проектов").locator("svg.chart")
    assert chart.locator("circle.dot").count() == 5
    boxes = [b for b in (t.bounding_box() for t in chart.locator("text.axis[text-anchor=middle]").all()) if b]
    boxes.sort(key=lambda b: b["x"])
    assert all(a["x"] + a["width"] <= b["x"] for a, b in zip(boxes, boxes[1:])), boxes
    assert page.locator("#quotes li").count() >= 3
    assert page.locator("#commitments table").count() == 1
    rows = page.locator("#commitments tr", has_text="2027-12-31")
    if rows.count():  # where the store tracks commitments and the seed is in: its checkpoints
        assert "29" in rows.first.inner_text() and rows.first.locator(".tag").inner_text() in ("open", "due")
    shot(page, "pair-kazakhstan-russia")
    page.locator("#series details").first.click()
    assert page.locator("#series details table.points tr").first.is_visible()
    # its JSON twin
    with page.expect_response(lambda r: ".json" in r.url) as resp:
        page.click("a.json")
    assert resp.value.headers["content-type"] == "application/json"
    data = resp.value.json()
    assert [c["link"] for c in data["countries"]] == ["iso:KZ", "iso:RU"]
    # a country's own page lists its pairs
    page.goto(server + "/pairs/Казахстан")
    assert page.locator("#country-pairs a", has_text="Казахстан – Россия").count() == 1
    shot(page, "pairs-of-kazakhstan")
    page.goto(server + "/entities/iso:KZ")
    with page.expect_navigation():
        page.click("text=its pairs of countries")
    assert page.url.endswith("/pairs/iso%3AKZ")


def test_document_bodies(page, server):
    """A generic body on the document page: listed with its country, its mentions marked in their own
    style and highlighted by a click, its link leading to its canonical page."""
    page.goto(server + "/documents/gov-kz")
    item = page.locator("#panel-bodies li.item", has_text="правительство")
    assert item.count() == 1 and "Казахстан" in item.inner_text()
    marks = page.locator("#text .mk.body")
    assert marks.all_inner_texts() == ["Правительство", "правительство"]
    assert marks.first.evaluate("el => getComputedStyle(el).borderBottomStyle") == "dashed"
    item.locator(".mk.body").click()
    page.wait_for_function("() => document.querySelectorAll('#text .mk.body.hl').length === 2")
    shot(page, "document-bodies")
    with page.expect_navigation():
        page.locator(".entity-links a.mk.body").click()
    assert page.locator("h1").inner_text() == "Правительство · Казахстан"
    assert page.locator('#sources a[href="/documents/gov-kz"]').count() == 1
    shot(page, "entity-body")
