"""The web UI: server-rendered pages, each with a JSON twin (`/PAGE.json` or `?format=json`)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from ..names.linking import with_country
from . import render
from .api import MAX_OFFSET
from .chart import line_chart

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
templates.env.filters["num"] = render.fmt_number
templates.env.filters["urlpart"] = lambda s: quote(str(s), safe="")
# only web links become hrefs: a javascript: URL in a document's meta stays text
templates.env.filters["http_url"] = lambda u: (
    u if isinstance(u, str) and u.lower().startswith(("http://", "https://")) else None)
templates.env.globals["entity_types"] = render.ENTITY_TYPES
# an organisation's country beside its name: {{ e.name | with_country(e.country) }} → «Правительство · Россия»
templates.env.filters["with_country"] = with_country

EVENT_TYPES = ("visit", "talks", "agreement", "statement")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TOPICS = ("trade", "investment", "industry", "energy", "agriculture", "transport", "aviation",
          "customs_border", "finance", "defense", "security", "health", "education", "culture",
          "science", "digital", "tourism", "ecology", "labour", "construction", "mining_metals",
          "chemicals", "machinery", "diplomacy", "law", "elections", "sports", "disasters")


def wants_json(request: Request) -> bool:
    return request.query_params.get("format") == "json"


def wants_html(request: Request) -> bool:
    if wants_json(request) or request.url.path.startswith("/v1/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def json_url(request: Request) -> str:
    """This page's JSON twin."""
    path = request.url.path.rstrip("/") or "/index"
    return path + ".json" + (f"?{request.url.query}" if request.url.query else "")


def page(request: Request, template: str, data, status: int = 200, **context):
    if wants_json(request):
        return JSONResponse(data, status_code=status)
    context.setdefault("json_url", json_url(request))
    return templates.TemplateResponse(request, template, {"data": data, **context}, status_code=status)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message,
                                                              "json_url": None}, status_code=status)


def bounded_int(value: str | None, name: str, default: int, most: int) -> int:
    """A whole-number query parameter in [0, most] (the API's bounds), else 422 naming it."""
    if value in (None, ""):
        return default
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(most)) or int(value) > most:
        raise HTTPException(422, f"{name} must be a whole number from 0 to {most}, not {value[:40]!r}")
    return int(value)


def backend(request: Request):
    return request.app.state.backend


def record_view(record: dict) -> dict:
    """What a page showing one record needs: the marked text and the panel."""
    return {"html": render.marked_text(record["text"], render.marks(record)), "panel": render.panel(record)}


# --- the landing page ---

@router.get("/", response_class=HTMLResponse)
@router.get("/index", response_class=HTMLResponse)
async def overview(request: Request):
    from .backend import StoreUnavailable

    as_of = request.query_params.get("as_of") or None
    if as_of and not ISO_DAY.match(as_of):
        raise HTTPException(422, f"as_of must be an ISO date like 2025-01-31, not {as_of!r}")
    try:
        data = await backend(request).store("overview", as_of=as_of)
    except StoreUnavailable as e:
        # no corpus behind this server: the page still leads to the Analyse form
        data = {"as_of": as_of, "counts": None, "store_error": str(e)}
    return page(request, "overview.html", data, series_name=series_name)


# --- Analyse ---

@router.get("/analyse", response_class=HTMLResponse)
async def analyse_form(request: Request):
    return page(request, "analyse.html", {"record": None}, text="", published="", view=None)


@router.post("/", response_class=HTMLResponse)
@router.post("/analyse", response_class=HTMLResponse)
async def analyse(request: Request):
    from .api import DocumentIn, extract_record

    form = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    text = (form.get("text") or [""])[0].replace("\r\n", "\n")
    published = (form.get("published") or [""])[0].strip() or None
    try:
        doc = DocumentIn(text=text, published=published)
    except ValidationError as e:
        message = "; ".join(err["msg"].removeprefix("Value error, ") for err in e.errors())
        if wants_json(request):
            raise HTTPException(422, message) from None
        return page(request, "analyse.html", {"record": None}, status=422, text=text,
                    published=published or "", view=None, error=message)
    record = await extract_record(request, doc)
    # a POST result has no GET twin: the JSON button posts the text again with format=json
    return page(request, "analyse.html", record, text=text, published=published or "",
                view=record_view(record), json_url=None)


# --- Corpus ---

@router.get("/search", response_class=HTMLResponse)
async def search(request: Request):
    p = request.query_params
    query = {k: (p.get(k) or None) for k in ("q", "entity", "event", "topic", "from", "to")}
    offset = bounded_int(p.get("offset"), "offset", 0, MAX_OFFSET)
    hits = await backend(request).store(
        "search", query["q"], entity=query["entity"], event=query["event"], topic=query["topic"],
        date_from=query["from"], date_to=query["to"], limit=20, offset=offset)
    entity_name = None
    if query["entity"]:
        dossier = await backend(request).store("entity", query["entity"])
        entity_name = _entity_name(dossier) if dossier else query["entity"]
    for h in hits:
        h["snippet_html"] = render.highlighted(h.get("snippet") or "", h.get("highlights") or [])
    data = {"query": query, "offset": offset,
            "results": [{k: v for k, v in h.items() if k != "snippet_html"} for h in hits]}
    return page(request, "search.html", data, hits=hits, event_types=EVENT_TYPES, topics=TOPICS,
                entity_name=entity_name, facet_url=facet_url(query))


def facet_url(query: dict):
    """url(key, value): this search with one facet set (or cleared with None), from the first page."""
    def url(key: str, value) -> str:
        q = {k: v for k, v in query.items() if v and k != key}
        if value:
            q[key] = value
        return "/search" + ("?" + urlencode(q) if q else "")
    return url


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
async def document(request: Request, doc_id: str):
    doc = await backend(request).store("document", doc_id)
    if doc is None:
        raise HTTPException(404, f"no document with id {doc_id!r}; search the corpus at /search")
    # the pages of its entities and bodies by canonical id: a name may be two bodies of two countries
    canon = await backend(request).store("canonical_ids", doc_id)
    return page(request, "document.html", doc, record=doc, view=record_view(doc), canon=canon)


def _entity_name(dossier: dict) -> str:
    return with_country(dossier.get("name") or str(dossier.get("id", "")), dossier.get("country"))


@router.get("/entities", response_class=HTMLResponse)
async def entities(request: Request):
    name = request.query_params.get("name") or ""
    found = await backend(request).store("find_entities", name, limit=50) if name else []
    return page(request, "entities.html", {"name": name, "results": found})


@router.get("/entities/{key:path}", response_class=HTMLResponse)
async def entity(request: Request, key: str):
    dossier = await backend(request).store("entity", key)
    if dossier is None:
        raise HTTPException(404, f"no entity {key!r}; find one by name at /entities?name=...")
    return page(request, "entity.html", dossier, name=_entity_name(dossier))


@router.get("/figures", response_class=HTMLResponse)
async def figures(request: Request):
    p = request.query_params
    query = {k: (p.get(k) or None) for k in ("item", "entity", "unit", "series")}
    series = await backend(request).store("figures", item=query["item"], entity=query["entity"],
                                          unit=query["unit"], limit=100)
    chosen = next((s for s in series if str(s["id"]) == query["series"]), None) if query["series"] else None
    if chosen is None:
        # the series with the most dated points: the one worth a chart
        chosen = max(series, key=lambda s: sum(1 for x in s["points"] if x.get("date")), default=None)
    chart = series_chart(chosen) if chosen else None
    return page(request, "figures.html", {"query": query, "results": series}, chosen=chosen, chart=chart,
                series_name=series_name)


def series_chart(s: dict, **kw):
    unit = " ".join(str(x) for x in (s.get("unit"), s.get("item")) if x)
    return line_chart([(x.get("date"), x["value"], unit) for x in s["points"]
                       if isinstance(x.get("value"), int | float)], label=series_name(s), **kw)


def series_name(s: dict) -> str:
    """'Казахстан – Россия · товарооборот · USD', 'Газпром · газ · кубометр', 'Казахстан · проект · count'."""
    what = s.get("measure") or s.get("item")
    unit = s.get("unit") or ("%" if s.get("kind") == "percent" else s.get("kind"))
    owner = s.get("owner") or {}
    return " · ".join(str(x) for x in (with_country(owner.get("name") or "?", owner.get("country")), what, unit)
                      if x)


@router.get("/events", response_class=HTMLResponse)
async def events(request: Request):
    p = request.query_params
    query = {"type": p.get("type") or None, "entity": p.get("entity") or None}
    rows = await backend(request).store("events", type=query["type"], entity=query["entity"], limit=200)
    return page(request, "events.html", {"query": query, "results": rows}, event_types=EVENT_TYPES)


# --- pairs of countries ---

@router.get("/pairs", response_class=HTMLResponse)
async def pairs(request: Request):
    a, b = (request.query_params.get(k, "").strip() for k in ("a", "b"))
    if a and b:  # the form: on to the dossier
        return RedirectResponse(f"/pairs/{quote(a, safe='')}/{quote(b, safe='')}", status_code=303)
    if a:
        return RedirectResponse(f"/pairs/{quote(a, safe='')}", status_code=303)
    found = await backend(request).store("top_pairs", 50)
    return page(request, "pairs.html", {"results": found})


@router.get("/pairs/{a}", response_class=HTMLResponse)
async def country_pairs(request: Request, a: str):
    found = await backend(request).store("pairs_of", a, limit=50)
    if found is None:
        raise HTTPException(404, f"no country {a!r} in the corpus; any form works: Казахстан, РК, iso:KZ")
    return page(request, "country.html", found)


@router.get("/pairs/{a}/{b}", response_class=HTMLResponse)
async def pair(request: Request, a: str, b: str):
    as_of = request.query_params.get("as_of") or None
    if as_of and not ISO_DAY.match(as_of):
        raise HTTPException(422, f"as_of must be an ISO date like 2025-01-31, not {as_of!r}")
    d = await backend(request).store("pair", a, b, as_of=as_of)
    if d is None:
        raise HTTPException(404, f"no pair {a!r} – {b!r}: both must be countries named in the corpus "
                                 "(any form: Казахстан, РК, iso:KZ); /pairs lists the pairs")
    # a chart for a series with two dated values or more; the others are single values
    charts = {s["id"]: series_chart(s, width=640, height=220) for s in d["series"]
              if len({x["date"] for x in s["points"] if x.get("date")}) >= 2}
    return page(request, "pair.html", d, charts=charts, series_name=series_name)
