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
        length = dict(scope.get("headers", ())).get(b"content-length")
        if length is not None:
            try:
                if int(length) > self.max_bytes:
                    return await self._reject(send)
            except ValueError:
                pass
            return await self.app(scope, receive, send)
        # no length (chunked): read the body here, up to the cap, then hand it on whole
        if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
            return await self.app(scope, receive, send)
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                return await self._reject(send)
            if not message.get("more_body"):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


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
