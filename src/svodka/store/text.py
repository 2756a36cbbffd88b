"""Lemmas for the full-text index and snippets for search results.

Documents and queries go through the same `lemmas` function, so «визитом в Москву» finds
«визит в Москве». Snippets are cut from the original text (not the lemma index) around the
first word whose lemma the query asks for.
"""

from __future__ import annotations

import re

from ..stages.morph import lemma

# words as the FTS5 tokenizer (unicode61) and PostgreSQL see them: hyphens split
_WORD = re.compile(r"\w+")


def _lemma(word: str) -> str:
    return lemma(word.lower()).replace("ё", "е")


def words(text: str):
    """(start, stop, lemma) of each word of a text."""
    for m in _WORD.finditer(text):
        yield m.start(), m.end(), _lemma(m.group())


def lemmas(text: str | None) -> str:
    """The text as space-separated lemmas (what the full-text index holds)."""
    if not text:
        return ""
    return " ".join(lem for _, _, lem in words(text))


def query_lemmas(q: str) -> list[str]:
    seen: dict[str, None] = {}
    for _, _, lem in words(q):
        seen.setdefault(lem, None)
    return list(seen)


def snippet(text: str, wanted: set[str] | None, width: int = 200) -> tuple[str, list[tuple[int, int]]]:
    """A window of the text around the first match, and the matches' spans inside it."""
    hits = []
    if wanted:
        # only words that begin like a wanted lemma are lemmatised (pymorphy is the cost here)
        heads = {w[:3] for w in wanted}
        for m in _WORD.finditer(text):
            w = m.group()
            if w[:3].lower().replace("ё", "е") in heads and _lemma(w) in wanted:
                hits.append((m.start(), m.end()))
                if m.start() - hits[0][0] > width:
                    break
    anchor = hits[0][0] if hits else 0
    lo = max(0, anchor - width // 3)
    if lo:
        space = text.rfind(" ", 0, lo)
        lo = space + 1 if space >= 0 and lo - space < 30 else lo
    hi = min(len(text), lo + width)
    if hi < len(text):
        space = text.find(" ", hi)
        hi = space if 0 <= space - hi < 30 else hi
    prefix = "…" if lo else ""
    suffix = "…" if hi < len(text) else ""
    body = " ".join(text[lo:hi].split("\n"))
    spans = [(s - lo + len(prefix), e - lo + len(prefix)) for s, e in hits if lo <= s and e <= hi]
    return prefix + body + suffix, spans
