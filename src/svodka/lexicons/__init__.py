"""Lexicons are data files beside this module: tab-separated, '#' starts a comment.

    load("countries")  -> list of rows (lists of fields) from countries.tsv
    words("speech_verbs") -> set of the first fields of speech_verbs.txt
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of `name`.tsv (or .txt): fields split on tabs, blank lines and comments skipped."""
    base = resources.files(__package__)
    for ext in (".tsv", ".txt"):
        path = base / (name + ext)
        if path.is_file():
            break
    else:
        raise FileNotFoundError(f"no lexicon {name!r} in {base}")
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
        if line.strip():
            rows.append(tuple(f.strip() for f in line.split("\t")))
    return tuple(rows)


@cache
def words(name: str) -> frozenset[str]:
    """The first field of every row of a lexicon, as a set."""
    return frozenset(r[0] for r in load(name))
