"""The document object that flows through the pipeline.

Each stage reads the layers before it and adds its own: tokens and sentences (segment),
lemmas and tags (morph), heads and relations (syntax), name mentions (ner), entities with
names, links and roles, then figures, times, quotes, events, commitments and topics. Items reference each
other as Python objects; ids are assigned only when the record is built (see record.py).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=10_000)
def _tag(s: str):
    from .models import morph

    return morph().TagClass(s)


def text_id(text: str) -> str:
    """A document's default id: a short, stable hash of its text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(slots=True, eq=False)
class Token:
    i: int  # index in doc.tokens
    start: int
    stop: int
    text: str
    sent: int  # index in doc.sents
    lemma: str = ""
    pos: str | None = None  # pymorphy3 POS (NOUN, VERB, ADJF, ...)
    tag: Any = None  # pymorphy3 tag of the chosen parse
    head: int | None = None  # doc-level index of the syntactic head; None for root / unparsed
    rel: str | None = None  # Universal Dependencies relation

    def __repr__(self) -> str:
        return f"Token({self.text!r}@{self.start})"

    # A Doc crosses process boundaries (Pipeline.pipe with n_process > 1): pymorphy3's tag
    # objects do not pickle, so a token travels with its tag as a string and gets the tag
    # object back from the analyser's tag class (one object per distinct tag string).
    def __getstate__(self):
        return (self.i, self.start, self.stop, self.text, self.sent, self.lemma,
                None if self.pos is None else str(self.pos),  # a grammeme: a str of a local class
                None if self.tag is None else str(self.tag), self.head, self.rel)

    def __setstate__(self, state):
        (self.i, self.start, self.stop, self.text, self.sent, self.lemma, self.pos,
         tag, self.head, self.rel) = state
        self.tag = None if tag is None else _tag(tag)


@dataclass(slots=True, eq=False)
class Sent:
    i: int
    start: int
    stop: int
    tok_start: int  # tokens[tok_start:tok_stop] belong to this sentence
    tok_stop: int
    parsed: bool = False  # syntax was run on it


@dataclass(slots=True, eq=False)
class Mention:
    start: int
    stop: int
    type: str  # PER, ORG, LOC, FAC
    text: str
    source: str = "ner"  # which stage proposed it: ner, gazetteer, quotes-name, ...
    entity: Entity | None = None
    normal: str | None = None  # the mention's own words in the nominative («Бориса» → «Борис»)

    def __repr__(self) -> str:
        return f"Mention({self.type} {self.text!r}@{self.start})"


@dataclass(slots=True, eq=False)
class Role:
    title: str
    of: Entity | None
    start: int
    stop: int
    source: str = ""  # the rule that found the holder (roles.py), for the ranker; not in the record
    # the other places the rules read the same post of the same person (roles.choose), so that
    # the ranker does not add a piece of it as a second post; not in the record
    also: list[tuple[int, int]] = field(default_factory=list)
    # the generic body the title names where no organisation is named («спикер парламента»,
    # «генерал полиции»): stages/bodies.py has it, with no name mention to be `of`
    body: Body | None = None
    # where `of` is null: the country adjective of a state's title whose country the text never
    # names («британский премьер»), a place all the same (its link is in doc.references)
    place: tuple[int, int] | None = None


@dataclass(slots=True, eq=False)
class Affiliation:
    """A person's tie to an organisation stated without a post («работал в компании X»):
    stages/affiliations.py. start/stop: the words that state it."""

    of: Entity
    start: int
    stop: int
    kind: str  # works, member, leads (lexicon affiliation_words)


@dataclass(slots=True, eq=False)
class Entity:
    type: str
    name: str
    mentions: list[Mention] = field(default_factory=list)
    link: str | None = None
    roles: list[Role] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)  # PER: ties without a post
    # an organisation's country, as a link ("iso:RU"): the Russian and the Singapore МВД are
    # two bodies across articles (stages/bodies.py)
    country: str | None = None

    @property
    def start(self) -> int:
        return min(m.start for m in self.mentions) if self.mentions else -1

    def __repr__(self) -> str:
        return f"Entity({self.type} {self.name!r} x{len(self.mentions)})"


@dataclass(slots=True, eq=False)
class Body:
    """A generic body the text names in common words («правительство», «полиции», «кабмин»):
    no name mention (the spec), but one body of one country all the same (stages/bodies.py)."""

    name: str  # its normal name in the nominative: «правительство», «апелляционный суд»
    country: str | None  # "iso:RU", or None where the text does not say
    # the region or city it belongs to, where a reference names one («правительства Москвы»):
    # then it is that place's body, not its country's
    place: Entity | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)  # every reference to it
    # the references that name the country or the place themselves («правительства России»,
    # «британского правительства», «правительства Москвы»), by start: (start of the body's own
    # words, end of the phrase with the country): «британского правительства» → the start of
    # «правительства»; «правительства России» → the end of «России». In the other references
    # the country is inferred.
    named: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.spans[0][0]


@dataclass(slots=True, eq=False)
class Reference:
    """A word that refers to a place without naming it («российских», «болгарской»): no name
    mention (the spec), but a reference all the same (stages/references.py)."""

    start: int
    stop: int
    kind: str  # "adjective"
    entity: Entity | None  # the document's entity of that place, where it names it
    link: str | None  # "iso:BG", where known
    name: str  # the nominative name of the place: «Болгария»


@dataclass(slots=True, eq=False)
class TimeExpr:
    kind: str  # date, period, deadline
    start: int
    stop: int
    value: Any  # "2027", "2027-05-20" or {"from": ..., "to": ...}


@dataclass(slots=True, eq=False)
class Figure:
    kind: str  # money, count, percent, measure
    start: int
    stop: int
    value: float | int
    unit: str | None = None
    item: str | None = None
    approx: str | None = None  # gt, lt, about
    total: float | int | None = None
    time: TimeExpr | None = None


@dataclass(slots=True, eq=False)
class Quote:
    start: int
    stop: int
    speaker: Entity | None = None


@dataclass(slots=True, eq=False)
class Event:
    type: str  # visit, talks, agreement, statement
    start: int
    stop: int
    args: dict[str, list[Entity]] = field(default_factory=dict)
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Meta:
    title: str | None = None
    published: str | None = None  # ISO date
    source: str | None = None
    url: str | None = None


@dataclass(eq=False)
class Doc:
    text: str
    id: str | None = None
    meta: Meta = field(default_factory=Meta)
    tokens: list[Token] = field(default_factory=list)
    sents: list[Sent] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)  # generic bodies (stages/bodies.py)
    references: list[Reference] = field(default_factory=list)  # places named by an adjective
    figures: list[Figure] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    # stages/commitments.py: what is to be done (Commitment), and reports that it was done
    commitments: list[Any] = field(default_factory=list)
    results: list[Any] = field(default_factory=list)
    # the words (and events) that made each topic: code -> [(start, stop)]
    topic_evidence: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    cast: Any = None  # who is who in this document: stages/cast.py's People, built after entities

    def __post_init__(self) -> None:
        if self.id is None:
            self.id = text_id(self.text)

    def __getstate__(self) -> dict:
        # a Doc crosses processes finished (Pipeline.pipe with n_process > 1): the cast is the
        # stages' working state (pronoun and descriptor lookups), not a layer of the record
        state = {**self.__dict__, "cast": None}
        state.pop("_bounds", None)  # a lookup table, rebuilt on demand
        return state

    # --- navigation helpers shared by the stages ---

    def sent_tokens(self, sent: Sent | int) -> list[Token]:
        s = self.sents[sent] if isinstance(sent, int) else sent
        return self.tokens[s.tok_start:s.tok_stop]

    def tokens_in(self, start: int, stop: int) -> list[Token]:
        """Tokens that overlap the character span [start, stop)."""
        starts, stops = self._token_bounds()
        # tokens are in order and never overlap: from the first that ends after `start` (the
        # token covering it, else the first after it) up to the first that starts at `stop`
        lo = bisect_right(stops, start)
        return self.tokens[lo:bisect_left(starts, stop, lo)]

    def token_at(self, offset: int) -> int | None:
        """Index of the token covering character `offset`, or None."""
        i = self._first_token_from(offset)
        if i is not None and self.tokens[i].start <= offset < self.tokens[i].stop:
            return i
        return None

    def _first_token_from(self, offset: int) -> int | None:
        # binary search: first token whose stop > offset
        stops = self._token_bounds()[1]
        lo = bisect_right(stops, offset)
        return lo if lo < len(stops) else None

    def _token_bounds(self) -> tuple[list[int], list[int]]:
        """The tokens' start and stop offsets, in order (tokens never overlap), for bisection:
        built once per token list, not walked through Token objects at each lookup."""
        toks = self.tokens
        cached = self.__dict__.get("_bounds")
        if cached is None or cached[0] is not toks or len(cached[2]) != len(toks):
            cached = self.__dict__["_bounds"] = (toks, [t.start for t in toks], [t.stop for t in toks])
        return cached[1], cached[2]

    def sent_at(self, offset: int) -> Sent | None:
        lo, hi = 0, len(self.sents)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sents[mid].stop <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.sents) and self.sents[lo].start <= offset:
            return self.sents[lo]
        return None

    def children(self, token: Token) -> list[Token]:
        """Syntactic dependents of `token` (its sentence must be parsed)."""
        return [t for t in self.sent_tokens(token.sent) if t.head == token.i]

    def mention_at(self, start: int, stop: int) -> Mention | None:
        for m in self.mentions:
            if m.start <= start and stop <= m.stop:
                return m
        return None

    def mentions_in(self, start: int, stop: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.stop <= stop]

    def record(self):
        from .record import Record

        return Record.from_doc(self)
