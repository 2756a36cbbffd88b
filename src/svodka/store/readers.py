"""Documents for ingest: .txt, .jsonl (documents or finished records), .html, RSS/Atom, folders.

Everything yields either a document dict (id, text, title, published, source, url), a
finished record dict (``schema`` key; stored as it is) or a `Failure` naming the input, and
reading goes on past a bad file or line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from ..errors import InputError
from ..inputs import Failure, decode_bytes
from ..inputs.readers import _from_json_line, read_path

TEXT = (".txt",)
JSONL = (".jsonl", ".ndjson")
HTML = (".html", ".htm")
FEED = (".rss", ".atom", ".xml")
KNOWN = TEXT + JSONL + HTML + FEED


def expand(paths: Iterable[str]) -> list[str]:
    """Files named, and the known document files inside folders named (recursively, sorted)."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                out.extend(os.path.join(root, f) for f in sorted(files) if f.lower().endswith(KNOWN))
        else:
            out.append(p)
    return out


def read(paths: Iterable[str]) -> Iterator[dict | Failure]:
    for path in expand(paths):
        yield from read_file(path)


def read_file(path: str) -> Iterator[dict | Failure]:
    low = path.lower()
    if low.endswith(JSONL):
        yield from _jsonl(path)
    elif low.endswith(HTML):
        yield from _guard(path, _html)
    elif low.endswith(FEED):
        yield from _guard(path, _feed)
    else:
        yield from read_path(path)


def _guard(path: str, reader) -> Iterator[dict | Failure]:
    try:
        with open(path, "rb") as f:
            data = f.read()
        yield from reader(path, data)
    except InputError as e:
        yield Failure(e.where, e.message)
    except OSError as e:
        yield Failure(path, e.strerror or str(e))


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def is_record(obj) -> bool:
    return isinstance(obj, dict) and str(obj.get("schema", "")).startswith("svodka/") and "text" in obj


def _jsonl(path: str) -> Iterator[dict | Failure]:
    try:
        with open(path, "rb") as f:
            data = f.read()
        text = decode_bytes(data, path)
    except InputError as e:
        yield Failure(e.where, e.message)
        return
    except OSError as e:
        yield Failure(path, e.strerror or str(e))
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield Failure(where, f"malformed JSON ({e.msg} at column {e.colno})")
            continue
        if is_record(obj):
            if not isinstance(obj.get("text"), str) or not obj.get("id"):
                yield Failure(where, "a record needs 'id' and 'text'")
            else:
                yield obj
            continue
        try:
            yield _from_json_line(line, where)
        except InputError as e:
            yield Failure(e.where, e.message)


def _html(path: str, data: bytes) -> Iterator[dict]:
    import trafilatura

    html = decode_bytes(data, path)
    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if found is None:
        raise InputError(path, "no main text found in the HTML")
    get = found.get if isinstance(found, dict) else lambda k: getattr(found, k, None)
    text = get("text")
    if not text or not text.strip():
        raise InputError(path, "no main text found in the HTML")
    yield {
        "id": _stem(path),
        "text": text,
        "title": get("title"),
        "published": get("date"),
        "source": get("sitename") or get("hostname"),
        "url": get("url"),
    }


def _plain(html: str) -> str:
    """Text of an HTML fragment (a feed entry's summary or content)."""
    if "<" not in html:
        return html.strip()
    import lxml.html

    try:
        return lxml.html.fromstring(html).text_content().strip()
    except Exception:  # noqa: BLE001 - an unparsable fragment is kept as it is
        return html.strip()


def _iso(struct) -> str | None:
    if not struct:
        return None
    return datetime(*struct[:6], tzinfo=UTC).date().isoformat()


def _feed(path: str, data: bytes) -> Iterator[dict | Failure]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        if feed.get("bozo"):
            raise InputError(path, f"not an RSS/Atom feed ({feed.get('bozo_exception')})")
        raise InputError(path, "a feed without entries")
    source = feed.feed.get("title")
    for n, e in enumerate(feed.entries, 1):
        body = ""
        if e.get("content"):
            body = "\n".join(_plain(c.get("value", "")) for c in e.content)
        if not body:
            body = _plain(e.get("summary", ""))
        title = e.get("title")
        text = "\n".join(x for x in (title, body) if x)
        if not text.strip():
            yield Failure(f"{path}#{n}", "a feed entry without text")
            continue
        yield {
            "id": e.get("id") or e.get("link") or None,
            "text": text,
            "title": title,
            "published": _iso(e.get("published_parsed") or e.get("updated_parsed")),
            "source": source,
            "url": e.get("link"),
        }
