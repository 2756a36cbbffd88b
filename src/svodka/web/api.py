"""The REST API, /v1: extract records and query the corpus store."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..doc import text_id
from ..inputs import Failure, check_published
from .backend import ExtractionLost

router = APIRouter(prefix="/v1", tags=["v1"])

ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class DocumentIn(BaseModel):
    """One article: its text and what is known about it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"text": "Премьер-министр Казахстана Олжас Бектенов посетил Москву.", "published": "2024-05-20"}]})

    text: str = Field(min_length=1, description="the article text (plain text, UTF-8)")
    published: str | None = Field(None, description="publication date, ISO 8601: 2024-05-20 (resolves "
                                                     "relative dates such as «вчера»)")
    id: str | None = Field(None, description="document id; default: a hash of the text")
    title: str | None = None
    source: str | None = None
    url: str | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text is blank; send the article text")
        return v

    @field_validator("published")
    @classmethod
    def _iso(cls, v: str | None) -> str | None:
        return v if v is None else check_published(v)

    def item(self) -> dict:
        return self.model_dump()


class Ingested(BaseModel):
    ids: list[str] = Field(description="ids of the documents sent, in order")
    added: int = Field(description="documents new to the corpus")
    duplicates: int = Field(description="documents already stored (same id, or same text without an id)")
    failed: int
    errors: list[dict] = Field(default_factory=list, description="[{id, error}] of the documents that failed")


def _backend(request: Request):
    return request.app.state.backend


def _write_access(request: Request) -> None:
    from .app import require_token

    require_token(request)


async def extract_record(request: Request, doc: DocumentIn, as_json: bool = False) -> dict | bytes:
    """The document's record (as JSON with `as_json`); 422 for a document it cannot be made of."""
    backend = _backend(request)
    try:
        return await (backend.extract_json if as_json else backend.extract)(doc.item())
    except (ValueError, TypeError) as e:
        raise HTTPException(422, f"cannot extract from this document: {e}") from None
    except ExtractionLost as e:
        raise HTTPException(503, str(e), headers={"Retry-After": "5"}) from None


@router.post("/extract", summary="Extract the svodka record of one article",
             response_description="the svodka record (schema svodka/1)",
             response_model=dict[str, Any])
async def extract(request: Request, doc: DocumentIn) -> Response:
    # returned as is: the record is already plain JSON, no need to validate it again
    return Response(await extract_record(request, doc, as_json=True), media_type="application/json")


def _count(x) -> int:
    return len(x) if isinstance(x, list | tuple | set) else int(x or 0)


@router.post("/documents", summary="Extract and add one article or a list to the corpus",
             dependencies=[Depends(_write_access)])
async def add_documents(request: Request, docs: DocumentIn | list[DocumentIn]) -> Ingested:
    docs = docs if isinstance(docs, list) else [docs]
    if not docs:
        raise HTTPException(422, "the list is empty; send at least one document")
    backend = _backend(request)
    results = await backend.extract_many([d.item() for d in docs])
    # a document that cannot be extracted is a failure of its own (recorded in the store's
    # failures, as `svodka ingest` records it); the others are stored
    ids = [r["id"] if isinstance(r, dict) else d.id or text_id(d.text) for d, r in zip(docs, results)]
    items = [r if isinstance(r, dict) else Failure(i, f"extraction failed: {r!r}") for i, r in zip(ids, results)]
    summary = await backend.store("add_records", items)
    failed = [f for f in (summary.failed if isinstance(summary.failed, list) else []) if len(f) == 2]
    return Ingested(ids=ids, added=_count(summary.added),
                    duplicates=_count(summary.duplicates), failed=_count(summary.failed),
                    errors=[{"id": str(i), "error": str(e)} for i, e in failed])


@router.get("/documents/{doc_id}", summary="A stored document's record")
async def document(request: Request, doc_id: str) -> dict[str, Any]:
    doc = await _backend(request).store("document", doc_id)
    if doc is None:
        raise HTTPException(404, f"no document with id {doc_id!r}; find ids with GET /v1/search?q=...")
    return doc


# every numeric query parameter is bounded: a value past the bound is a 422 naming it, never a
# number the database cannot hold (a 500)
MAX_LIMIT = 500
MAX_OFFSET = 100_000
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description=f"results to skip (at most {MAX_OFFSET})")]


@router.get("/search", summary="Search the corpus: full text and facets")
async def search(
    request: Request,
    q: str | None = Query(None, description="words to find (full text)"),
    entity: str | None = Query(None, description="an entity id or name"),
    event: str | None = Query(None, description="event type: visit, talks, agreement, statement"),
    topic: str | None = Query(None, description="sector code, e.g. trade, energy"),
    date_from: str | None = Query(None, alias="from", pattern=ISO_DATE.pattern,
                                  description="published on or after (ISO date)"),
    date_to: str | None = Query(None, alias="to", pattern=ISO_DATE.pattern,
                                description="published on or before (ISO date)"),
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    hits = await _backend(request).store("search", q, entity=entity, event=event, topic=topic,
                                         date_from=date_from, date_to=date_to, limit=limit, offset=offset)
    return {"query": {"q": q, "entity": entity, "event": event, "topic": topic, "from": date_from,
                      "to": date_to, "limit": limit, "offset": offset},
            "results": hits}


@router.get("/entities", summary="Find entities by name")
async def entities(request: Request, name: str = Query(min_length=1), limit: Limit = 20) -> dict[str, Any]:
    return {"results": await _backend(request).store("find_entities", name, limit=limit)}


@router.get("/entities/{key:path}", summary="An entity's dossier: posts, events, quotes, co-mentions")
async def entity(request: Request, key: str) -> dict[str, Any]:
    dossier = await _backend(request).store("entity", key)
    if dossier is None:
        raise HTTPException(404, f"no entity {key!r}; find entity ids with GET /v1/entities?name=...")
    return dossier


@router.get("/events", summary="Events in the corpus")
async def events(request: Request,
                 type: str | None = Query(None, description="visit, talks, agreement, statement"),
                 entity: str | None = None, limit: Limit = 50) -> dict[str, Any]:
    return {"results": await _backend(request).store("events", type=type, entity=entity, limit=limit)}


@router.get("/figures", summary="Figures in the corpus")
async def figures(request: Request, item: str | None = None, entity: str | None = None,
                  unit: str | None = None, limit: Limit = 50) -> dict[str, Any]:
    return {"results": await _backend(request).store("figures", item=item, entity=entity, unit=unit,
                                                     limit=limit)}


@router.get("/stats", summary="Corpus size")
async def stats(request: Request) -> dict[str, Any]:
    return await _backend(request).store("stats")


# --- pairs of countries and the corpus overview ---

AsOf = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$",
                                   description="the date commitments' status is judged on (default today)")]


@router.get("/pairs/{a}/{b}", summary="The dossier of two countries: timeline, series, commitments, "
                                       "officials, quotes")
async def pair(request: Request, a: str, b: str, as_of: AsOf = None) -> dict[str, Any]:
    d = await _backend(request).store("pair", a, b, as_of=as_of)
    if d is None:
        raise HTTPException(404, f"no pair {a!r} – {b!r}: both must be countries named in the corpus "
                                 "(any form: Казахстан, РК, iso:KZ); GET /v1/pairs/{a} lists one's pairs")
    return d


@router.get("/pairs/{a}", summary="A country and the pairs it belongs to")
async def country_pairs(request: Request, a: str, limit: Limit = 50) -> dict[str, Any]:
    d = await _backend(request).store("pairs_of", a, limit=limit)
    if d is None:
        raise HTTPException(404, f"no country {a!r} in the corpus; any form works: Казахстан, РК, iso:KZ")
    return d


@router.get("/overview", summary="The corpus at a glance: counts, latest documents, most mentioned, "
                                 "recent events, series that moved, commitments due")
async def overview(request: Request, as_of: AsOf = None) -> dict[str, Any]:
    return await _backend(request).store("overview", as_of=as_of)
