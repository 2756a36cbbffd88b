"""Links: `iso:XX` for UN member states, from the `countries` lexicon.

Any name form the gazetteer knows resolves: short and long names in any case, variants
(«Беларусь», «Туркмения»), abbreviations (РФ, РК, КНР) and English names. Only current
states are in the lexicon, so the USSR or a partly recognised state gets no link.
"""

from __future__ import annotations

from razdel import tokenize

from .gazetteer import Entry, entries, find


def lookup(text: str) -> Entry | None:
    """The gazetteer entry that `text` names as a whole, or None."""
    words = [t.text for t in tokenize(text)]
    matches = find(words)
    if len(matches) == 1 and matches[0].start == 0 and matches[0].stop == len(words):
        return matches[0].entry
    return None


def link(text: str) -> str | None:
    """`iso:XX` when `text` names a UN member state, else None."""
    e = lookup(text)
    return e.link if e is not None else None


def country(iso: str) -> Entry | None:
    """The country entry for an ISO 3166-1 alpha-2 code."""
    return entries().get(f"iso:{iso.upper()}")
