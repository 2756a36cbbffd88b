"""Lemmas and grammatical tags, with pymorphy3.

Analyses are cached per word form: news reuses a small vocabulary, so most lookups hit.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import NamedTuple

from pymorphy3.units.by_lookup import DictionaryAnalyzer

from .. import models
from ..doc import Doc
from . import Stage

# A named letter that is neither Latin nor Cyrillic: what pymorphy3 is shown instead of a word it
# cannot take (see parses); its analysis is UNKN.
NAMED_STAND_IN = "\ua000"  # YI SYLLABLE IT
# No Russian word form is this long; pymorphy3 strips known prefixes recursively, so a very long
# token («нененене…», 2,000 letters) would recurse past Python's limit.
MAX_WORD_CHARS = 100


def _unnamed(ch: str) -> bool:
    return ch.isalpha() and not unicodedata.name(ch, "")


def _unknown(word: str) -> tuple:
    """The parses of a word that pymorphy3 is not shown: an unknown word (UNKN), lemma = itself."""
    low = word.lower()
    return tuple(p._replace(word=low, normal_form=low) for p in models.morph().parse(NAMED_STAND_IN))


@lru_cache(maxsize=200_000)
def parses(word: str) -> tuple:
    """All pymorphy3 parses of a word form, best first."""
    if len(word) > MAX_WORD_CHARS and not word.isdigit():
        return _unknown(word)
    try:
        return tuple(models.morph().parse(word))
    except ValueError:
        # pymorphy3 2.0 asks unicodedata.name() of every letter to tell Latin words, which raises
        # for the 6,145 letters that have no name (Tangut U+17000...): such a word is unknown
        # (docs/upstream/pymorphy3-unnamed-letters.patch fixes it at the source)
        if not any(_unnamed(ch) for ch in word):
            raise
        return _unknown(word)


@lru_cache(maxsize=200_000)
def best(word: str):
    """The most probable parse of a word form."""
    return parses(word)[0]


def lemma(word: str) -> str:
    return best(word).normal_form


class Morph(Stage):
    name = "morph"

    def __call__(self, doc: Doc) -> None:
        for t in doc.tokens:
            t.lemma, t.pos, t.tag = reading(t.text)


@lru_cache(maxsize=200_000)
def reading(word: str) -> tuple:
    """(lemma, part of speech, tag) of the best parse: read once per word form, not per token."""
    p = best(word)
    return p.normal_form, p.tag.POS, p.tag


@lru_cache(maxsize=20_000)
def lexeme(parse) -> tuple:
    """`parse.lexeme`, built once per parse (pymorphy3 builds it anew on every call, and its
    `inflect` builds it too)."""
    return tuple(parse.lexeme)


class Form(NamedTuple):
    """A form of a word's lexeme: its spelling and pymorphy3's tag."""
    word: str
    tag: object


def lexeme_forms(parse) -> list[Form]:
    """The forms of the lexeme of `parse`, in pymorphy3's order. A word the dictionary knows
    (nearly every word the rules inflect) is read from its paradigm with the dictionary's own
    build_stem and build_paradigm_info, as pymorphy3's DictionaryAnalyzer.get_lexeme reads it,
    without a Parse object per form: those were most of the cost of inflecting a name, and of
    the collector's passes over them after. Other parses go through `lexeme`."""
    stack = parse.methods_stack
    unit = stack[0][0]
    if len(stack) == 1 and type(unit) is DictionaryAnalyzer:
        _, _, para_id, idx = stack[0]
        d = unit.dict
        stem = d.build_stem(d.paradigms[para_id], idx, parse.word)
        return [Form(prefix + stem + suffix, tag) for prefix, tag, suffix in _paradigm_info(d, para_id)]
    return [Form(f.word, f.tag) for f in lexeme(parse)]


@lru_cache(maxsize=5_000)
def _paradigm_info(dictionary, para_id: int) -> tuple:
    """(prefix, tag, suffix) of each form of a paradigm: pymorphy3 builds the list anew for
    every word, and the words inflected in a batch share a few paradigms (126 in 543 words)."""
    return tuple(dictionary.build_paradigm_info(para_id))


@lru_cache(maxsize=20_000)
def inflected(parse, grammemes: frozenset[str]) -> Form | None:
    """`parse.inflect(grammemes)` as a Form: pymorphy3's choice of form (MorphAnalyzer._inflect)
    among `lexeme_forms` (pymorphy3 builds the whole lexeme of Parse objects at every call).
    Cached: the rules inflect the same words across a batch."""
    return choose_form(parse, grammemes, lexeme_forms(parse))


def choose_form(parse, grammemes: frozenset[str], forms: list[Form]) -> Form | None:
    """pymorphy3's choice of the form in `grammemes` among `forms`, the lexeme of `parse`."""
    possible = [f for f in forms if grammemes <= f.tag.grammemes]
    if not possible:
        grammemes = models.morph().TagClass.fix_rare_cases(grammemes)
        possible = [f for f in forms if grammemes <= f.tag.grammemes]
    wanted = parse.tag.updated_grammemes(grammemes)

    def similarity(f: Form) -> float:
        g = f.tag.grammemes
        return len(wanted & g) - 0.1 * len(wanted ^ g)

    return max(possible, key=similarity) if possible else None  # the first best, as heapq.nlargest
