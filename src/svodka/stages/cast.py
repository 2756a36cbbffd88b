"""The cast: who is who in one document, for everything that names a person or a body.

Built after `entities`, kept on the Doc (`doc.cast`). It holds the document's mentions in text
order and resolves the references that are not names:
- pronouns («он», «по её словам») and descriptors («министр», «актриса», «глава ведомства»)
  to a person: the last subject among the names and the speakers found so far, else the
  last name, within a few sentences, of the pronoun's gender (`recent`); a descriptor
  whose post a person holds in the text goes to that person (`by_role`); a descriptor with
  only one person in reach goes to that person (`descriptor`), else to the one of those in
  reach the text names most (`prominent`);
- body descriptors («ведомство», «холдинг», «банк») to the organisation last named;
- the organisation and the country the text is about at a point (`salient`, `focus_country`),
  for a post's `of` given by «страны» or a company noun, and the country a named body
  belongs to («МВД Кувейта» → Кувейт, `body_country`).
Roles, speakers (quotes, statements) and event arguments ask it; none keeps its own
coreference.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left
from collections.abc import Callable
from functools import cache

from ..doc import Doc, Entity, Mention, Token
from ..names.linking import PlaceAdjectives
from . import Stage
from .morph import parses

LOOKBACK_SENTS = 3  # how far back a pronoun or descriptor may find its referent
DESCRIPTOR_SENTS = 2  # how far back a bare descriptor looks for its one person
NEAREST_TOKENS = 120  # how far back `nearest` looks


class Cast(Stage):
    name = "cast"
    reads = ("entities",)

    def __call__(self, doc: Doc) -> None:
        doc.cast = People(doc)


def cast_of(doc: Doc) -> People:
    """The document's cast, built on first use where the pipeline ran without the stage."""
    if doc.cast is None:
        doc.cast = People(doc)
    return doc.cast


@cache
def _name_gender(word: str) -> str | None:
    for p in parses(word):
        if {"Name", "Surn"} & set(p.tag.grammemes):
            return p.tag.gender
    return None


def entity_gender(e: Entity) -> str | None:
    for m in e.mentions:
        for w in m.text.split():
            g = _name_gender(w)
            if g in ("masc", "femn"):
                return g
    return None


def token_gender(tok: Token) -> str | None:
    tag = tok.tag
    if tag is None:
        return None
    for g in ("masc", "femn"):
        if g in tag:
            return g
    return None


def is_subject_mention(doc: Doc, m: Mention) -> bool:
    """Whether a name is the subject of its clause (through appositions), or, unparsed, nominative."""
    toks = [t for t in doc.tokens_in(m.start, m.stop) if t.start >= m.start]
    if not toks:
        return False
    if not doc.sents[toks[0].sent].parsed:
        return any("nomn" in p.tag for p in parses(toks[-1].text))
    for t in toks:
        for _ in range(3):
            if t.rel in ("nsubj", "nsubj:pass"):
                return True
            if t.rel not in ("appos", "flat:name", "flat") or t.head is None:
                break
            t = doc.tokens[t.head]
    return False


def is_country(e: Entity) -> bool:
    return e.type == "LOC" and (e.link or "").startswith("iso:")


class People:
    """One document's cast: its mentions in text order and the references resolved to them."""

    def __init__(self, doc: Doc):
        # weak: the document holds its cast (doc.cast), and a cast that held its document would
        # make every document a reference cycle, all its tokens and layers left for the cyclic
        # collector to find (a full collection pausing a server for tens of milliseconds)
        self._doc = weakref.ref(doc)
        self._n = -1
        self._mentions: list[Mention] = []
        self._starts: list[int] = []
        self._genders: dict[int, str | None] = {}
        self._bodies: dict[int, Entity] | None = None
        self._places: PlaceAdjectives | None = None

    @property
    def doc(self) -> Doc:
        return self._doc()

    # --- the mention index (rebuilt when a later stage adds mentions, as quotes do) ---

    def mentions(self) -> tuple[list[Mention], list[int]]:
        if self._n != len(self.doc.mentions):
            self._mentions = sorted((m for m in self.doc.mentions if m.entity is not None), key=lambda m: m.start)
            self._starts = [m.start for m in self._mentions]
            self._n = len(self.doc.mentions)
        return self._mentions, self._starts

    def gender(self, e: Entity) -> str | None:
        if id(e) not in self._genders:
            self._genders[id(e)] = entity_gender(e)
        return self._genders[id(e)]

    def fits(self, e: Entity, types: tuple[str, ...], want_gender: str | None) -> bool:
        return e.type in types and (want_gender is None or e.type != "PER"
                                    or self.gender(e) in (None, want_gender))

    # --- pronouns and descriptors ---

    def recent(self, before: Token, types: tuple[str, ...], want_gender: str | None = None,
               speakers: list[tuple[int, list[Entity]]] = (),
               skip: Callable[[Mention], bool] | None = None) -> Entity | None:
        """The referent of a pronoun or descriptor, nearby: the last subject among the names
        and the speakers found so far, else the last name. A speaker given with no entities
        is a person the text does not name («— сказал собеседник агентства»): a pronoun
        after it, with no name in between, means that person (None). `skip` leaves mentions
        out (names inside someone's quoted words)."""
        doc = self.doc
        first = doc.sents[max(0, before.sent - LOOKBACK_SENTS)].start
        best_pos, best, unnamed_pos = -1, None, -1
        for pos, ents in speakers:
            if not first <= pos < before.start:
                continue
            if not ents and "PER" in types:
                unnamed_pos = max(unnamed_pos, pos)
            elif len(ents) == 1 and self.fits(ents[0], types, want_gender) and pos > best_pos:
                best_pos, best = pos, ents[0]
        fallback = None
        mentions, starts = self.mentions()
        for j in range(bisect_left(starts, before.start) - 1, -1, -1):
            m = mentions[j]
            if m.start < max(first, best_pos, unnamed_pos):
                break
            if (skip is not None and skip(m)) or not self.fits(m.entity, types, want_gender):
                continue
            if is_subject_mention(doc, m):
                return m.entity
            fallback = fallback or m.entity
        if unnamed_pos > best_pos:
            return fallback
        return best or fallback

    def nearest(self, before: Token, types: tuple[str, ...] = ("PER",)) -> Entity | None:
        """The entity of the nearest mention before a token, within NEAREST_TOKENS tokens."""
        mentions, starts = self.mentions()
        lo = self.doc.tokens[max(0, before.i - NEAREST_TOKENS + 1)].start
        for j in range(bisect_left(starts, before.start) - 1, -1, -1):
            m = mentions[j]
            if m.start < lo:
                break
            if m.entity.type in types:
                return m.entity
        return None

    def by_role(self, word: str, at: int, owners: set[Entity] | frozenset = frozenset()) -> Entity | None:
        """A person whose role title holds the descriptor's word (of one of `owners`, where
        given): the last one named before offset `at`, else the first after it."""
        found = []
        for e in self.doc.entities:
            if e.type != "PER":
                continue
            for r in e.roles:
                words = r.title.replace("-", " ").split()
                owned = not owners or r.of is None or r.of in owners
                if (word in words or word == r.title) and owned:
                    found.append(e)
                    break
        if not found:
            return None
        before = [e for e in found if e.start < at]
        if not before:
            return found[0]
        return max(before, key=lambda e: max(m.start for m in e.mentions if m.start < at))

    def descriptor(self, tok: Token, want_gender: str | None = None) -> Entity | None:
        """The one person in reach of a bare descriptor («актриса заявила», «министр
        подчеркнул»): the persons named in its sentence before it and in the
        DESCRIPTOR_SENTS sentences before; None when there are none or several."""
        doc = self.doc
        first = doc.sents[max(0, tok.sent - DESCRIPTOR_SENTS)].start
        mentions, starts = self.mentions()
        seen: list[Entity] = []
        for j in range(bisect_left(starts, tok.start) - 1, -1, -1):
            m = mentions[j]
            if m.start < first:
                break
            if m.entity.type == "PER" and m.entity not in seen:
                seen.append(m.entity)
        if len(seen) != 1 or not self.fits(seen[0], ("PER",), want_gender):
            return None
        return seen[0]

    def prominent(self, tok: Token, want_gender: str | None = None,
                  skip: Callable[[Mention], bool] | None = None) -> Entity | None:
        """The person a bare descriptor most likely means among several in reach («юбиляр»
        after the hero and the author of a play): of those named within LOOKBACK_SENTS
        sentences before it, the one named most often in the text so far, then the latest."""
        doc = self.doc
        first = doc.sents[max(0, tok.sent - LOOKBACK_SENTS)].start
        mentions, starts = self.mentions()
        end = bisect_left(starts, tok.start)
        near: dict[int, Entity] = {}
        for j in range(end - 1, -1, -1):
            m = mentions[j]
            if m.start < first:
                break
            if (skip is None or not skip(m)) and self.fits(m.entity, ("PER",), want_gender):
                near.setdefault(id(m.entity), m.entity)
        if not near:
            return None
        def weight(e: Entity) -> tuple[int, int]:
            seen = [m.start for m in e.mentions if m.start < tok.start]
            return len(seen), max(seen, default=-1)

        return max(near.values(), key=weight)

    # --- what the text is about ---

    def place(self, adjective: str) -> Entity | None:
        """The LOC entity a place adjective (lemma) names in this document, or None
        («японского» → Япония; names/linking.py's PlaceAdjectives, indexed once)."""
        if self._places is None:
            self._places = PlaceAdjectives(self.doc)
        return self._places.entity(adjective)

    def body_country(self, e: Entity) -> Entity | None:
        """The country a named body belongs to: a country named right after one of its
        mentions («МВД Кувейта» → Кувейт), else none."""
        if self._bodies is None:
            self._bodies = {}
            mentions, _ = self.mentions()
            for a, b in zip(mentions, mentions[1:]):
                if a.entity.type == "ORG" and is_country(b.entity) and 0 <= b.start - a.stop <= 1:
                    self._bodies.setdefault(id(a.entity), b.entity)
        return self._bodies.get(id(e))

    def focus_country(self, before: int) -> Entity | None:
        """The country the text is about at offset `before`: the last one named before it,
        directly or through a body of its own («в Египте», «МВД Кувейта»); None before any."""
        mentions, starts = self.mentions()
        for j in range(bisect_left(starts, before) - 1, -1, -1):
            e = mentions[j].entity
            if is_country(e):
                return e
            if e.type == "ORG" and (c := self.body_country(e)) is not None:
                return c
        return None

    def salient(self, before: int, types: tuple[str, ...] = ("ORG",),
                keep: Callable[[Entity], bool] | None = None) -> Entity | None:
        """The entity the text is about before offset `before`: most mentions, then latest."""
        best, score = None, (0, -1)
        for e in self.doc.entities:
            if e.type not in types or (keep is not None and not keep(e)):
                continue
            seen = [m.start for m in e.mentions if m.start < before]
            if seen and (len(seen), max(seen)) > score:
                best, score = e, (len(seen), max(seen))
        return best
