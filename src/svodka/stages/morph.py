"""Lemmas and grammatical tags, with pymorphy3.

Analyses are cached per word form: news reuses a small vocabulary, so most lookups hit.
"""

from __future__ import annotations

from functools import lru_cache

from .. import models
from ..doc import Doc
from . import Stage


@lru_cache(maxsize=200_000)
def parses(word: str) -> tuple:
    """All pymorphy3 parses of a word form, best first."""
    return tuple(models.morph().parse(word))


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
