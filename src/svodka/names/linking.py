"""Links: `iso:XX` for UN member states, from the `countries` lexicon.

Any name form the gazetteer knows resolves: short and long names in any case, variants
(«Беларусь», «Туркмения»), abbreviations (РФ, РК, КНР) and English names. Only current
states are in the lexicon, so the USSR or a partly recognised state gets no link.
"""

from __future__ import annotations

from functools import cache

from razdel import tokenize

from .. import lexicons
from .gazetteer import Entry, entries, find


def lookup(text: str) -> Entry | None:
    """The gazetteer entry that `text` names as a whole, or None."""
    words = [t.text for t in tokenize(text)]
    matches = find(words, drop_state_form=False)
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


def country_name(link: str | None) -> str | None:
    """The short name of the country an `iso:XX` link names («iso:RU» → «Россия»), else None."""
    e = entries().get(link) if link else None
    return e.name if e is not None and e.type == "LOC" else None


def with_country(name: str, link: str | None) -> str:
    """A name with its country beside it, as lists show an organisation («Правительство ·
    Россия»), so that two bodies of one name in two countries are told apart."""
    where = country_name(link) or link
    return f"{name} · {where}" if where else name


@cache
def adjective_codes() -> dict[str, str]:
    """Country adjective lemma → ISO code («японский» → JP), from `country_adjectives`."""
    return {r[0]: r[1] for r in lexicons.load("country_adjectives") if len(r) > 1}


def country_by_adjective(doc, adj: str):
    """The LOC entity of `doc` that a country adjective (lemma) names: by the ISO code of the
    `country_adjectives` lexicon, else by the longest shared stem (казахстанский → Казахстан).
    None when the document names no such place."""
    adj = adj.lower()
    iso = adjective_codes().get(adj)
    if iso:
        for e in doc.entities:
            if e.type == "LOC" and e.link == f"iso:{iso}":
                return e
    stem = adj
    for suffix in ("ский", "цкий", "ной", "ый", "ий", "ой"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    if len(stem) < 3:
        return None
    best, best_len = None, 0
    for e in doc.entities:
        if e.type != "LOC":
            continue
        name = e.name.lower()
        n = 0
        while n < min(len(name), len(stem)) and name[n] == stem[n]:
            n += 1
        if n >= max(4, len(stem) - 2) and n > best_len:
            best, best_len = e, n
    return best
