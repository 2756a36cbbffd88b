"""A small on-disk cache for data derived from the lexicons at start-up.

Declining every country and organisation name with pymorphy3 takes over a second; the
result depends only on the lexicon files and the library versions, so it is kept in
$SVODKA_CACHE (default ~/.cache/svodka) under a key made of them. A cache that cannot be
read or written is rebuilt silently: it only saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from importlib import metadata, resources
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    base = os.environ.get("SVODKA_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "svodka")
    return Path(base)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


def lexicon_key(*names: str) -> str:
    """A digest of the named lexicon files and of the libraries that derive data from them."""
    h = hashlib.sha256()
    base = resources.files("svodka.lexicons")
    for name in names:
        for ext in (".tsv", ".txt"):
            p = base / (name + ext)
            if p.is_file():
                h.update(name.encode() + b"\0" + p.read_bytes())
    for dist in ("svodka", "pymorphy3", "pymorphy3-dicts-ru", "razdel"):
        h.update(f"{dist}={_version(dist)}".encode())
    return h.hexdigest()[:20]


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    path = cache_dir() / f"{name}-{key}.pickle"
    if os.environ.get("SVODKA_CACHE") != "off":
        try:
            with open(path, "rb") as f:
                return pickle.load(f)
        except Exception:  # noqa: BLE001 - missing or stale: rebuild
            pass
    value = build()
    if os.environ.get("SVODKA_CACHE") == "off":
        return value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
