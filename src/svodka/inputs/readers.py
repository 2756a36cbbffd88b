"""Documents from paths and streams.

A `.txt` file is one document (id = the file stem), optionally opened by front matter giving
its `published` date, `title`, `source`, `url` or `id` (frontmatter.py); a `.jsonl` file holds
one document a line (`id`, `text`, optional `published`, `title`, `source`, `url`). Anything
that cannot be read comes out as a Failure naming the file (and line), and reading goes on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..errors import InputError
from .decode import decode_bytes
from .frontmatter import split_front_matter
from .published import check_published

META = ("published", "title", "source", "url")


@dataclass
class Failure:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _from_json_line(line: str, where: str) -> dict:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(where, f"malformed JSON ({e.msg} at column {e.colno})") from None
    return as_document(obj, where)


def as_document(obj, where: str) -> dict:
    """A document dict (id, text and the meta fields, as strings) from a parsed JSON object
    or table row, or InputError naming `where`."""
    if not isinstance(obj, dict):
        raise InputError(where, "expected a JSON object with a 'text' field")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError(where, "no 'text' string in the object")
    doc = {"id": None if obj.get("id") is None else str(obj["id"]), "text": text}
    for k in META:
        v = obj.get(k)
        doc[k] = None if v is None else str(v)
    if doc["published"] is not None:
        try:
            check_published(doc["published"])
        except ValueError as e:
            raise InputError(where, str(e)) from None
    return doc


def _from_text(text: str, id: str | None, where: str) -> dict:
    """A plain-text document; its front matter, if any, gives the meta and may rename it."""
    fields, body = split_front_matter(text, where)
    return {"id": id, **fields, "text": body}


def read_jsonl_text(text: str, name: str) -> Iterator[dict | Failure]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield _from_json_line(line, f"{name}:{n}")
        except InputError as e:
            yield Failure(e.where, e.message)


def read_path(path: str) -> Iterator[dict | Failure]:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        yield Failure(path, e.strerror or str(e))
        return
    try:
        text = decode_bytes(data, path)
    except InputError as e:
        yield Failure(e.where, e.message)
        return
    del data  # not held while the document is processed (a very long text's bytes)
    if path.endswith((".jsonl", ".ndjson")):
        yield from read_jsonl_text(text, path)
    else:
        stem = os.path.splitext(os.path.basename(path))[0]
        try:
            doc = _from_text(text, stem, path)
        except InputError as e:
            doc = Failure(e.where, e.message)
        yield doc


def read_paths(paths: Iterable[str]) -> Iterator[dict | Failure]:
    for p in paths:
        yield from read_path(p)


def read_stream(stream: BinaryIO, *, jsonl: bool = False, name: str = "<stdin>") -> Iterator[dict | Failure]:
    if jsonl:
        # line by line, so that a long stream is not held in memory
        for n, raw in enumerate(stream, 1):
            where = f"{name}:{n}"
            try:
                line = decode_bytes(raw, where)
                if line.strip():
                    yield _from_json_line(line, where)
            except InputError as e:
                yield Failure(e.where, e.message)
        return
    try:
        doc = _from_text(decode_bytes(stream.read(), name), None, name)
    except InputError as e:
        doc = Failure(e.where, e.message)
    yield doc
