"""Lemmas and grammatical tags, with pymorphy3.

Analyses are cached per word form: news reuses a small vocabulary, so most lookups hit.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .. import models
from ..doc import Doc
from . import Stage

# A named letter that is neither Latin nor Cyrillic: what pymorphy3 is shown instead of a letter
# without a Unicode name (see parses).
NAMED_STAND_IN = "\ua000"  # YI SYLLABLE IT


def _unnamed(ch: str) -> bool:
    return ch.isalpha() and not unicodedata.name(ch, "")


@lru_cache(maxsize=200_000)
def parses(word: str) -> tuple:
    """All pymorphy3 parses of a word form, best first."""
    try:
        return tuple(models.morph().parse(word))
    except ValueError:
        # pymorphy3 2.0 asks unicodedata.name() of every letter to tell Latin words, which raises
        # for the 6,145 letters that have no name (Tangut U+17000...): such a word is analysed with
        # a named stand-in letter and keeps its own spelling as word and lemma
        # (docs/upstream/pymorphy3-unnamed-letters.patch fixes it at the source)
        if not any(_unnamed(ch) for ch in word):
            raise
        shown = "".join(NAMED_STAND_IN if _unnamed(ch) else ch for ch in word)
        low = word.lower()
        return tuple(p._replace(word=low, normal_form=low) for p in models.morph().parse(shown))


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
            p = best(t.text)
            t.lemma = p.normal_form
            t.pos = p.tag.POS
            t.tag = p.tag
