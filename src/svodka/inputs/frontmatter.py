"""Front matter of a plain-text document: its publication date, title, source, url and id.

    ---
    published: 2024-02-12
    title: Вице-премьер прибыл в Астану
    ---
    Текст статьи…

A first line `---`, then `key: value` lines, then a line `---`; the document text is what
follows the closing line (offsets count from there). A text whose first line is not `---` has
no front matter and is taken whole. Anything else wrong (no closing line, an unknown key, a
date that is not ISO 8601) is an InputError naming the line, so that a typo is not silently
stored as article text.
"""

from __future__ import annotations

from ..errors import InputError
from .published import check_published

KEYS = ("published", "title", "source", "url", "id")
FENCE = "---"


def split_front_matter(text: str, where: str) -> tuple[dict[str, str], str]:
    """(fields, body) of a text; ({}, text) when it has no front matter."""
    if not text.startswith(FENCE):  # the common case, without splitting a long text
        return {}, text
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip() != FENCE:
        return {}, text
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if end is None:
        raise InputError(f"{where}:1", "front matter opened with '---' is never closed by a '---' line")
    fields: dict[str, str] = {}
    for n, line in enumerate(lines[1:end], 2):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        at = f"{where}:{n}"
        if not sep or not key:
            raise InputError(at, f"front matter: expected 'key: value', got {line!r}")
        if key not in KEYS:
            raise InputError(at, f"front matter: unknown key {key!r} (one of: {', '.join(KEYS)})")
        if key in fields:
            raise InputError(at, f"front matter: {key!r} given twice")
        if not value:
            raise InputError(at, f"front matter: no value for {key!r}")
        if key == "published":
            value = _iso(value, at)
        fields[key] = value
    return fields, "".join(lines[end + 1 :])


def _iso(value: str, where: str) -> str:
    """An ISO 8601 date (2024-02-12) or date-time (2024-02-12T09:30:00+05:00), kept as written."""
    try:
        return check_published(value)
    except ValueError:
        raise InputError(
            where, f"front matter: 'published' must be an ISO date such as 2024-02-12, got {value!r}"
        ) from None
