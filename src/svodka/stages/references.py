"""References: the places a text refers to by an adjective («российских», «болгарской»,
«новосибирского»), which are no name mentions (the spec) but say which place the text is
about all the same: the store links them across articles as it links the place's name.

An adjective refers to a place when it is a country adjective of the `country_adjectives`
lexicon (the country, whether or not the text names it: its `iso:` link and gazetteer name),
or a place adjective («-ский», «-цкий») whose stem begins the name of a place the document
names («уральский» → «Урал», «европейский» → «Европа»; names/linking.py's PlaceAdjectives).
An adjective inside the name mention of a place or person («Российская Федерация») is part
of that name and no reference of its own; one inside an organisation's name («Болгарская
социалистическая партия») refers to its place all the same, as a place named inside an
organisation's name is a mention of its own (the spec).
"""

from __future__ import annotations

from ..doc import Doc, Reference
from ..names.forms import key
from ..names.linking import PLACE_SUFFIXES, adjective_codes, country_name, place_of_adjective
from . import Stage
from .cast import cast_of
from .morph import lemma

OWN_NAMES = ("LOC", "PER")  # name mentions whose adjectives are no references of their own


class References(Stage):
    name = "references"
    reads = ("tokens", "mentions", "entities", "cast")

    def __call__(self, doc: Doc) -> None:
        doc.references = list(_adjectives(doc))


def _named(doc: Doc) -> set[int]:
    """Token indexes inside the name mention of a place or person («Российская Федерация»,
    «Южная Корея»): the adjective is that name's own word. One inside an organisation's or a
    facility's name («Болгарская социалистическая партия») still refers to its place, as the
    spec nests a place named in an organisation's name («банк Китая» and «Китая»)."""
    return {t.i for m in doc.mentions if m.type in OWN_NAMES for t in doc.tokens_in(m.start, m.stop)}


def _parts(t) -> list[tuple[int, int, str]]:
    """(start, stop, lemma) of the adjectives in a token: itself, or each part of a compound
    («российско-китайских»: «российско» → «российский», «китайских» → «китайский»)."""
    whole = key(t.lemma or lemma(t.text))
    if "-" not in t.text or whole in adjective_codes() or place_of_adjective(whole):
        return [(t.start, t.stop, whole)]  # «нью-йоркский», «южно-африканский» as a whole
    out, pos = [], t.start
    words = t.text.split("-")
    for n, w in enumerate(words):
        if n < len(words) - 1:  # a first part: «российско», «американо»; a country's only
            # («северо-западный» is no place)
            adj = key(w)[:-1] + ("ий" if w.endswith(("ско", "цко")) else "ский") if w.endswith("о") else ""
            adj = adj if adj in adjective_codes() else ""
        else:
            adj = key(lemma(w))
        if adj:
            out.append((pos, pos + len(w), adj))
        pos += len(w) + 1
    return out


def _adjectives(doc: Doc):
    named = None
    codes = adjective_codes()
    for i, t in enumerate(doc.tokens):
        if t.pos != "ADJF" or not t.text[:1].isalpha():
            continue
        for start, stop, adj in _parts(t):
            iso = codes.get(adj)
            if iso is None and not adj.endswith(PLACE_SUFFIXES):
                continue
            if named is None:  # built at the first candidate only: most tokens are none
                named = _named(doc)
            if i in named:
                break
            e = cast_of(doc).place(adj)
            if e is not None:
                yield Reference(start, stop, "adjective", e, e.link, e.name)
            elif iso is not None and (name := country_name(f"iso:{iso}")):
                yield Reference(start, stop, "adjective", None, f"iso:{iso}", name)
            elif (t.tag is None or "Surn" not in t.tag) and (name := place_of_adjective(adj)):
                # a place the text does not name: by the dictionary's name of it, no link
                yield Reference(start, stop, "adjective", None, None, name)
