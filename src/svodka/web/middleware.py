"""ASGI middleware: the request body cap and the `.json` twins of the UI pages."""

from __future__ import annotations

import json


def _json_error(status: int, message: str, code: str) -> tuple[dict, bytes]:
    body = json.dumps({"error": {"status": status, "code": code, "message": message}},
                      ensure_ascii=False).encode()
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"),
                         (b"content-length", str(len(body)).encode())]}
    return start, body


class BodyLimit:
    """Answers 413 (JSON) when a request body exceeds `max_bytes`.

    Checks Content-Length up front, and counts the bytes of a chunked body as it is read,
    so that a client cannot get past the cap by leaving the length out.
    """

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def _message(self) -> str:
        mb = self.max_bytes / 1_000_000
        return (f"request body too large: the limit is {self.max_bytes} bytes ({mb:g} MB); "
                "send fewer or shorter documents per request")

    async def _reject(self, send) -> None:
        start, body = _json_error(413, self._message(), "body_too_large")
        await send(start)
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = False
                if too_big:
                    return await self._reject(send)
        seen = 0
        started = False

        class TooLarge(Exception):
            pass

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise TooLarge
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except TooLarge:
            if not started:
                await self._reject(send)


class JsonTwins:
    """`/PAGE.json` is served as `/PAGE?format=json` (the UI pages' JSON twins, as in Datasette)."""

    SKIP = ("/v1/", "/static/", "/openapi.json", "/docs", "/redoc")

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if (scope["type"] == "http" and path.endswith(".json") and len(path) > len("/.json")
                and not path.startswith(self.SKIP)):
            scope = dict(scope)
            scope["path"] = path[: -len(".json")]
            raw = scope.get("raw_path")
            if raw and raw.endswith(b".json"):
                scope["raw_path"] = raw[: -len(b".json")]
            qs = scope.get("query_string", b"")
            scope["query_string"] = (qs + b"&" if qs else b"") + b"format=json"
        return await self.app(scope, receive, send)
