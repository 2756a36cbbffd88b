"""Links: `iso:XX` for UN member states, from the `countries` lexicon.

Any name form the gazetteer knows resolves: short and long names in any case, variants
(«Беларусь», «Туркмения»), abbreviations (РФ, РК, КНР) and English names. Only current
states are in the lexicon, so the USSR or a partly recognised state gets no link.
"""

from __future__ import annotations

from functools import cache, lru_cache

from razdel import tokenize

from .. import lexicons
from ..models import morph
from ..stages.morph import parses
from .gazetteer import Entry, entries, find


def lookup(text: str) -> Entry | None:
    """The gazetteer entry that `text` names as a whole, or None."""
    words = [t.text for t in tokenize(text)]
    matches = find(words, drop_state_form=False)
    if len(matches) == 1 and matches[0].start == 0 and matches[0].stop == len(words):
        return matches[0].entry
    return None


@lru_cache(maxsize=20_000)
def link(text: str) -> str | None:
    """`iso:XX` when `text` names a UN member state, else None."""
    # cached: every place entity asks, the same few names across a batch, and each answer
    # tokenises the name
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


ADJECTIVE_SUFFIXES = ("ский", "цкий", "ной", "ый", "ий", "ой")


class PlaceAdjectives:
    """The places of one document that its adjectives name, built once per document (the
    cast holds it: `cast_of(doc).place`): the LOC entities by link and by every prefix of their
    names (of four letters and more), so that each adjective costs a few look-ups whatever the
    number of places. An adjective names the place of its ISO code (`country_adjectives`),
    else the one whose name shares the longest stem with it (казахстанский → Казахстан)."""

    def __init__(self, doc):
        self.by_link: dict[str, object] = {}
        self.by_prefix: dict[str, object] = {}
        for e in doc.entities:
            if e.type != "LOC":
                continue
            if e.link:
                self.by_link.setdefault(e.link, e)
            name = e.name.lower()
            for n in range(4, len(name) + 1):
                self.by_prefix.setdefault(name[:n], e)  # the first in the document on a tie

    def entity(self, adj: str):
        """The entity an adjective lemma names, or None."""
        adj = adj.lower()
        iso = adjective_codes().get(adj)
        if iso and (e := self.by_link.get(f"iso:{iso}")) is not None:
            return e
        stem = adj
        for suffix in ADJECTIVE_SUFFIXES:
            if stem.endswith(suffix):
                stem = stem[: -len(suffix)]
                break
        if len(stem) < 3:
            return None
        # the longest shared prefix, of at least four letters and all but two of the stem
        for n in range(len(stem), max(4, len(stem) - 2) - 1, -1):
            if (e := self.by_prefix.get(stem[:n])) is not None:
                return e
        return None


PLACE_SUFFIXES = ("ский", "цкий")  # a place adjective's ending; «центральный» is none
# adjectives of a people and its language rather than of a place: «русский» is no «Русь»
PEOPLE_ADJECTIVES = frozenset({"русский"})


@cache
def place_of_adjective(adj: str) -> str | None:
    """The place a place adjective (lemma) is made from, by the dictionary: a geographical
    name that pymorphy3 knows and that the adjective's stem makes with a usual ending
    («римский» → «Рим», «сибирский» → «Сибирь», «московский» → «Москва», «чебоксарский» →
    «Чебоксары»); None for any other adjective («политический», «детский»)."""
    if adj in PEOPLE_ADJECTIVES or not adj.endswith(PLACE_SUFFIXES):
        return None
    stem = adj[:-4]
    if morph().word_is_known(stem) and any(
            p.tag.POS == "NOUN" and "Geox" not in p.tag and p.normal_form == stem for p in parses(stem)):
        return None  # made from a common noun or a person's name: «братский», «советский», «пушкинский»
    moved = (stem[:-2] + "ва",) if stem.endswith("ов") else ()  # «москов-» → «Москва»
    for cand in (stem, stem + "ск", stem + "ь", *moved, stem + "а", stem + "ы", stem + "и", stem + "ия", stem + "о"):
        if len(cand) < 3 or not morph().word_is_known(cand):
            continue
        for p in parses(cand):
            if p.tag.POS == "NOUN" and "Geox" in p.tag and p.normal_form == cand:
                return "-".join(w.capitalize() for w in cand.split("-"))
    return None
