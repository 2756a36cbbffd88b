"""Mentions grouped into entities, with a nominative name and a link.

First cut: mentions with the same lemmatised text form one entity. (Extraction core I
replaces this with names/linking/coreference proper.)
"""

from __future__ import annotations

from ..doc import Doc, Entity
from . import Stage
from .morph import lemma


class Entities(Stage):
    name = "entities"

    def __call__(self, doc: Doc) -> None:
        by_key: dict[tuple[str, str], Entity] = {}
        for m in doc.mentions:
            key = (m.type, " ".join(lemma(w) for w in m.text.split()))
            e = by_key.get(key)
            if e is None:
                e = by_key[key] = Entity(m.type, m.text)
                doc.entities.append(e)
            e.mentions.append(m)
            m.entity = e
