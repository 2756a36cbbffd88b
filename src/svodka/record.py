"""The svodka record v1 (the public output contract, see the spec, svodka record v1).

Typed, and serialising to exactly the spec's JSON. Built from a finished Doc: items are put
in text order and given ids (e1, f1, t1, q1, v1); references become ids.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field, fields, is_dataclass
from functools import partial
from typing import Any, TextIO

SCHEMA = "svodka/1"

_LEAVES = frozenset((str, int, float, bool, type(None)))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def plain(obj):
    """dataclasses.asdict for the record's items (the same dicts, lists and values, keys in
    field order) in a fraction of its time: asdict deep-copies every leaf and looks up every
    class's fields each time; strings and numbers need no copy, and the field names are read
    once per class."""
    t = type(obj)
    if t in _LEAVES:
        return obj
    # below, a leaf is taken as it is without a call: most values of a record are leaves
    if t is list:
        return [x if type(x) in _LEAVES else plain(x) for x in obj]
    if t is dict:
        return {plain(k): plain(v) for k, v in obj.items()}
    names = _FIELD_NAMES.get(t)
    if names is None and is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELD_NAMES[t] = tuple(f.name for f in fields(obj))
    if names is not None:
        out = {}
        for n in names:
            v = getattr(obj, n)
            out[n] = v if type(v) in _LEAVES else plain(v)
        return out
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # a namedtuple, as asdict keeps it
        return t(*[plain(x) for x in obj])
    if isinstance(obj, (list, tuple)):
        return t(plain(x) for x in obj)
    if isinstance(obj, dict):
        return t((plain(k), plain(v)) for k, v in obj.items())
    return copy.deepcopy(obj)  # as asdict does (a set, any other object)


@dataclass
class Span:
    start: int
    stop: int
    normal: str | None = None  # a mention's own words in the nominative («Бориса» → «Борис»)


@dataclass
class Evidence:
    """A piece of text behind an item (topic_evidence): its offsets only."""

    start: int
    stop: int


@dataclass
class RoleRec:
    title: str
    of: str | None
    start: int
    stop: int
    also: list[Evidence] = field(default_factory=list)  # the other places the text gives this post
    # added to v1: the id of the generic body (`bodies`) the post belongs to where `of` is null
    # («спикер парламента»)
    body: str | None = None
    # added to v1: where `of` is null, the country adjective that places the post («британский
    # премьер» in a text that never names Britain; its link is in `references`)
    place: Evidence | None = None


@dataclass
class AffiliationRec:
    """Added to v1: a person's tie to an organisation stated without a post."""

    of: str | None
    start: int
    stop: int
    kind: str


@dataclass
class EntityRec:
    id: str
    type: str
    name: str
    link: str | None
    mentions: list[Span]
    roles: list[RoleRec] = field(default_factory=list)
    country: str | None = None  # added to v1: an organisation's country ("iso:RU")
    # added to v1 (PER): work or membership stated without a post («работал в компании X»)
    affiliations: list[AffiliationRec] = field(default_factory=list)


@dataclass
class BodyMentionRec:
    """A reference to a generic body: its offsets, and whether it names the body's country
    itself («правительства России», «британского правительства») or the country is inferred
    («правительство» in a text about Russia)."""

    start: int
    stop: int
    country_named: bool = False
    # the body's own words («правительства» in «британского правительства»), which name the
    # kind of body whatever the country, and, where the reference names its country, the whole
    # phrase with it («правительства России», «британского правительства»), which names that
    # country's body: entity linking links the two apart (store/crosslink.py)
    noun: Evidence | None = None
    phrase: Evidence | None = None

    @classmethod
    def from_dict(cls, d: dict) -> BodyMentionRec:
        return cls(d["start"], d["stop"], d.get("country_named", False),
                   Evidence(**d["noun"]) if d.get("noun") else None,
                   Evidence(**d["phrase"]) if d.get("phrase") else None)


@dataclass
class BodyRec:
    """Added to v1: a generic body named in common words («правительство»), no entity."""

    id: str
    name: str
    country: str | None
    mentions: list[BodyMentionRec]
    # the record entity of the region or city it belongs to («правительства Москвы»), or None
    place: str | None = None


@dataclass
class ReferenceRec:
    """Added to v1: a word that refers to a place without naming it («российских»)."""

    start: int
    stop: int
    kind: str  # "adjective"
    entity: str | None  # the record entity of that place, where the text names it
    link: str | None  # "iso:RU", where known
    name: str  # the place's nominative name


@dataclass
class FigureRec:
    id: str
    kind: str
    start: int
    stop: int
    value: int | float
    unit: str | None = None
    item: str | None = None
    approx: str | None = None
    total: int | float | None = None
    time: str | None = None


@dataclass
class TimeRec:
    id: str
    kind: str
    start: int
    stop: int
    value: Any


@dataclass
class QuoteRec:
    id: str
    start: int
    stop: int
    speaker: str | None


@dataclass
class EventRec:
    id: str
    type: str
    start: int
    stop: int
    args: dict[str, list[str]]
    attrs: dict[str, Any]


@dataclass
class CommitmentRec:
    id: str
    start: int
    stop: int
    predicate: str
    object: str | None
    figures: list[str]
    deadline: str | None
    parties: list[str]
    source: str | None


@dataclass
class ResultRec:
    id: str
    start: int
    stop: int
    predicate: str
    object: str | None
    figures: list[str]
    time: str | None
    parties: list[str]


@dataclass
class MetaRec:
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass
class Record:
    id: str
    text: str
    meta: MetaRec = field(default_factory=MetaRec)
    entities: list[EntityRec] = field(default_factory=list)
    figures: list[FigureRec] = field(default_factory=list)
    times: list[TimeRec] = field(default_factory=list)
    quotes: list[QuoteRec] = field(default_factory=list)
    events: list[EventRec] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    commitments: list[CommitmentRec] = field(default_factory=list)
    results: list[ResultRec] = field(default_factory=list)
    # added to v1: why each topic was given, as spans of the text (code -> spans)
    topic_evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    # added to v1: generic bodies («правительство», «полиция»), each of one country
    bodies: list[BodyRec] = field(default_factory=list)
    # added to v1: places referred to by an adjective («российских» → Россия)
    references: list[ReferenceRec] = field(default_factory=list)
    schema: str = SCHEMA

    # --- serialisation ---

    def to_dict(self) -> dict:
        d = plain(self)
        # the spec's key order: schema first
        return {"schema": d.pop("schema"), **d}

    def to_json(self, *, pretty: bool = False) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2 if pretty else None)

    @classmethod
    def from_dict(cls, d: dict) -> Record:
        return cls(
            schema=d.get("schema", SCHEMA),
            id=str(d["id"]),
            text=d["text"],
            meta=MetaRec(**(d.get("meta") or {})),
            entities=[
                EntityRec(
                    id=e["id"], type=e["type"], name=e["name"], link=e.get("link"),
                    mentions=[Span(**m) for m in e.get("mentions", [])],
                    roles=[RoleRec(**{**r, "also": [Evidence(**x) for x in r.get("also", [])],
                                     "place": Evidence(**r["place"]) if r.get("place") else None})
                           for r in e.get("roles", [])],
                    country=e.get("country"),
                    affiliations=[AffiliationRec(**a) for a in e.get("affiliations") or []],
                )
                for e in d.get("entities", [])
            ],
            figures=[FigureRec(**f) for f in d.get("figures", [])],
            times=[TimeRec(**t) for t in d.get("times", [])],
            quotes=[QuoteRec(**q) for q in d.get("quotes", [])],
            events=[EventRec(**v) for v in d.get("events", [])],
            topics=list(d.get("topics", [])),
            commitments=[CommitmentRec(**c) for c in d.get("commitments", [])],
            results=[ResultRec(**r) for r in d.get("results", [])],
            topic_evidence={c: [Evidence(**x) for x in xs] for c, xs in (d.get("topic_evidence") or {}).items()},
            bodies=[BodyRec(id=b["id"], name=b["name"], country=b.get("country"),
                            mentions=[BodyMentionRec.from_dict(x) for x in b.get("mentions", [])],
                            place=b.get("place"))
                    for b in d.get("bodies", [])],
            references=[ReferenceRec(**r) for r in d.get("references", [])],
        )

    # --- building from a Doc ---

    @classmethod
    def from_doc(cls, doc) -> Record:
        return cls(**{k: list(v) if k in LAYERS else v for k, v in _from_doc(doc).items()})


LAYERS = ("entities", "figures", "times", "quotes", "events", "topics", "commitments", "results", "bodies",
          "references")
TEXT_PIECE = 1 << 20  # characters of the text escaped at a time by write_json


def _from_doc(doc) -> dict[str, Any]:
    """The record's fields; the layers are generators of their items, so that a record can be
    written item by item (`write_json`) without all of it being built at once."""
    ents = sorted((e for e in doc.entities if e.mentions), key=lambda e: e.start)
    eid = {id(e): f"e{i}" for i, e in enumerate(ents, 1)}

    def ref(e):
        return eid.get(id(e)) if e is not None else None

    times = sorted(doc.times, key=lambda t: (t.start, t.stop))
    tid = {id(t): f"t{i}" for i, t in enumerate(times, 1)}
    figs = sorted(doc.figures, key=lambda f: (f.start, f.stop))
    fid = {id(f): f"f{i}" for i, f in enumerate(figs, 1)}

    def refs(xs, ids):
        return [r for r in (ids.get(id(x)) for x in xs) if r]

    def tref(t):
        return tid.get(id(t)) if t is not None else None
    bodies = sorted(doc.bodies, key=lambda b: b.start)
    bid = {id(b): f"b{i}" for i, b in enumerate(bodies, 1)}
    entities = (
        EntityRec(
            id=eid[id(e)], type=e.type, name=e.name, link=e.link,
            mentions=[Span(m.start, m.stop, m.normal) for m in sorted(e.mentions, key=lambda m: m.start)],
            roles=[RoleRec(r.title, ref(r.of), r.start, r.stop, [Evidence(a, b) for a, b in r.also],
                           bid.get(id(r.body)), Evidence(*r.place) if r.place else None)
                   for r in e.roles],
            country=e.country,
            affiliations=[AffiliationRec(ref(a.of), a.start, a.stop, a.kind) for a in e.affiliations],
        )
        for e in ents
    )
    figures = (
        FigureRec(
            id=f"f{i}", kind=f.kind, start=f.start, stop=f.stop, value=_num(f.value), unit=f.unit,
            item=f.item, approx=f.approx, total=_num(f.total),
            time=tref(f.time),
        )
        for i, f in enumerate(figs, 1)
    )
    return dict(
        id=str(doc.id),
        text=doc.text,
        meta=MetaRec(**plain(doc.meta)),
        entities=entities,
        figures=figures,
        times=(TimeRec(tid[id(t)], t.kind, t.start, t.stop, t.value) for t in times),
        quotes=(
            QuoteRec(f"q{i}", q.start, q.stop, ref(q.speaker))
            for i, q in enumerate(sorted(doc.quotes, key=lambda q: q.start), 1)
        ),
        events=(
            EventRec(
                f"v{i}", v.type, v.start, v.stop,
                {role: [r for r in (ref(x) for x in xs) if r] for role, xs in v.args.items()},
                dict(v.attrs),
            )
            for i, v in enumerate(sorted(doc.events, key=lambda v: v.start), 1)
        ),
        topics=iter(doc.topics),
        commitments=(
            CommitmentRec(f"c{i}", c.start, c.stop, c.predicate, c.object, refs(c.figures, fid),
                          tref(c.deadline), refs(c.parties, eid), c.source)
            for i, c in enumerate(sorted(doc.commitments, key=lambda c: c.start), 1)
        ),
        results=(
            ResultRec(f"r{i}", r.start, r.stop, r.predicate, r.object, refs(r.figures, fid),
                      tref(r.deadline), refs(r.parties, eid))
            for i, r in enumerate(sorted(doc.results, key=lambda r: r.start), 1)
        ),
        topic_evidence={c: [Evidence(a, b) for a, b in xs] for c, xs in doc.topic_evidence.items()},
        bodies=(
            BodyRec(bid[id(b)], b.name, b.country, [_body_mention(b, a, z) for a, z in b.spans], ref(b.place))
            for b in bodies
        ),
        references=(
            ReferenceRec(r.start, r.stop, r.kind, ref(r.entity), r.link, r.name)
            for r in sorted(doc.references, key=lambda r: r.start)
        ),
    )


def _body_mention(body, start: int, stop: int) -> BodyMentionRec:
    named = body.named.get(start)
    if named is None:
        return BodyMentionRec(start, stop, False, Evidence(start, stop))
    noun_start, phrase_stop = named
    return BodyMentionRec(start, stop, body.place is None, Evidence(noun_start, stop), Evidence(start, phrase_stop))


def write_json(doc, out: TextIO) -> None:
    """Write the record of `doc` to `out` as `Record.from_doc(doc).to_json()` would, item by
    item: the record of a very long text is never held whole, as objects, a dict or a string."""
    fields = _from_doc(doc)
    dumps = partial(json.dumps, ensure_ascii=False)
    out.write(f'{{"schema": {dumps(SCHEMA)}')
    for k, v in fields.items():
        out.write(f", {dumps(k)}: ")
        if k == "meta":
            out.write(dumps(plain(v)))
        elif k == "topic_evidence":
            out.write(dumps({c: [plain(x) for x in xs] for c, xs in v.items()}))
        elif k == "text":  # in pieces: escaping is per character
            out.write('"')
            for i in range(0, len(v), TEXT_PIECE):
                out.write(dumps(v[i:i + TEXT_PIECE])[1:-1])
            out.write('"')
        elif k in LAYERS:
            out.write("[")
            for i, x in enumerate(v):
                out.write((", " if i else "") + dumps(plain(x)))
            out.write("]")
        else:
            out.write(dumps(v))
    out.write("}")


def _num(x):
    """Whole numbers as int, so 26500000000 is written without '.0'."""
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x
