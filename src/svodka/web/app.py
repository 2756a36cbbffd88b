"""The app factory: `create_app(db)` gives the REST API (/v1) and the web UI (/) in one app."""

from __future__ import annotations

import hmac
import os
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from .backend import Backend, StoreUnavailable
from .middleware import BodyLimit, JsonTwins

HERE = Path(__file__).resolve().parent
MAX_BODY = 5_000_000  # bytes; `create_app(max_body=...)` or SVODKA_MAX_BODY


def create_app(db: Any = None, *, token: str | None = None, max_body: int | None = None,
               pipeline=None, processes: int = 0) -> FastAPI:
    """The svodka web app.

    db: the corpus store: a SQLite path, a postgresql:// URL, None for the default, or an open
        store object (left open when the app stops).
    token: when set (default: $SVODKA_TOKEN), write endpoints need `Authorization: Bearer <token>`.
    max_body: request body cap in bytes (default: $SVODKA_MAX_BODY or 5 MB); larger gets 413.
    pipeline: the extraction pipeline (default: svodka.default_pipeline()).
    processes: extract in that many pipeline processes (default 0: on a thread of this one,
        with `pipeline`); see backend.py.
    """
    token = token if token is not None else os.environ.get("SVODKA_TOKEN") or None
    if max_body is None:
        max_body = int(os.environ.get("SVODKA_MAX_BODY") or MAX_BODY)
    backend = Backend(db, pipeline=pipeline, processes=processes)

    @asynccontextmanager
    async def lifespan(app):
        yield
        backend.close()

    app = FastAPI(
        title="svodka",
        version=__version__,
        description="Structured, verifiable facts from Russian-language news on government and the "
                    "economy: extract svodka records (schema svodka/1) and query a corpus of them.",
        lifespan=lifespan,
    )
    app.state.backend = backend
    app.state.token = token
    app.state.max_body = max_body

    _install_error_handlers(app)
    from . import api, ui

    app.include_router(api.router)
    app.include_router(ui.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    # outermost first: the cap sees every request, the twins rewrite paths before routing
    app.add_middleware(JsonTwins)
    app.add_middleware(BodyLimit, max_bytes=max_body)
    return app


def require_token(request: Request) -> None:
    """Dependency of the write endpoints: checks the bearer token when one is configured."""
    token = request.app.state.token
    if not token:
        return
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not value:
        raise HTTPException(401, "this endpoint needs an 'Authorization: Bearer <token>' header "
                                 "(the server has SVODKA_TOKEN set)",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise HTTPException(403, "the bearer token does not match the server's SVODKA_TOKEN",
                            headers={"WWW-Authenticate": "Bearer"})


def error_body(status: int, message: str, code: str, **extra) -> dict:
    return {"error": {"status": status, "code": code, "message": message, **extra}}


CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 413: "body_too_large", 422: "invalid_input",
         500: "internal_error", 503: "unavailable"}


def _install_error_handlers(app: FastAPI) -> None:
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from .ui import render_error, wants_html

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}; the API is described at /docs"
        if wants_html(request):
            return render_error(request, exc.status_code, message)
        return JSONResponse(error_body(exc.status_code, message, CODES.get(exc.status_code, "error")),
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "body"
            msg = e.get("msg", "invalid").removeprefix("Value error, ")
            problems.append({"field": where, "message": msg})
        summary = "; ".join(f"{p['field']}: {p['message']}" for p in problems[:5])
        message = f"invalid input: {summary}"
        if wants_html(request):
            return render_error(request, 422, message)
        return JSONResponse(error_body(422, message, "invalid_input", problems=problems), status_code=422)

    @app.exception_handler(StoreUnavailable)
    async def no_store(request: Request, exc: StoreUnavailable):
        message = f"{exc}; start the server with `svodka serve --db PATH` after `svodka ingest`"
        if wants_html(request):
            return render_error(request, 503, message)
        return JSONResponse(error_body(503, message, "store_unavailable"), status_code=503)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        message = f"internal error: {type(exc).__name__}: {exc}; this is a bug, please report it"
        return JSONResponse(error_body(500, message, "internal_error"), status_code=500)
