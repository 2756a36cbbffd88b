"""Very long texts are processed in sections and merged back into one document.

A section ends at a paragraph break where one lies in its last half, else at a sentence end,
else at a space: no mention, figure or quote is cut in two except in a text without breaks.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from .doc import Body, Doc, Entity

_SENT_END = re.compile(r"[.!?…]\s")


def split_sections(text: str, size: int) -> Iterator[tuple[int, str]]:
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + size)
        if end < len(text):
            window = text[pos + size // 2:end]
            cut = window.rfind("\n")
            if cut < 0:
                ends = [m.end() for m in _SENT_END.finditer(window)]
                cut = ends[-1] - 1 if ends else window.rfind(" ")
            if cut >= 0:
                end = pos + size // 2 + cut + 1
        yield pos, text[pos:end]
        pos = end


def layers_only(part: Doc) -> Doc:
    """A finished section's layers in a Doc of their own: its text, tokens and whatever the
    stages keep per document (caches keyed by the Doc) are freed at once, and the strings that
    recur from section to section (names, figure items) are kept once."""
    kept = Doc("", id=part.id, meta=part.meta)
    for m in part.mentions:
        m.text = sys.intern(m.text)
    for f in part.figures:
        if f.item is not None:
            f.item = sys.intern(f.item)
    for layer in ("mentions", "entities", "bodies", "references", "figures", "times", "quotes", "events", "commitments",
                  "results", "topics", "topic_evidence"):
        setattr(kept, layer, getattr(part, layer))
    return kept


def _shift(item, offset: int) -> None:
    item.start += offset
    item.stop += offset


def merge_sections(doc: Doc, parts: list[tuple[int, Doc]]) -> None:
    """Move the layers of each section into `doc`, shifting offsets and joining entities."""
    by_key: dict[tuple, Entity] = {}
    bodies: dict[tuple, Body] = {}
    for offset, part in parts:
        for m in part.mentions:
            _shift(m, offset)
        doc.mentions.extend(part.mentions)
        for e in part.entities:
            for r in e.roles:
                _shift(r, offset)
            for a in e.affiliations:
                _shift(a, offset)
            key = (e.type, e.link or e.name.lower(), e.country)
            if key in by_key:
                into = by_key[key]
                into.mentions.extend(e.mentions)
                for m in e.mentions:
                    m.entity = into
                seen = {(r.title, id(r.of)) for r in into.roles}
                into.roles.extend(r for r in e.roles if (r.title, id(r.of)) not in seen)
                tied = {id(a.of) for a in into.affiliations}
                into.affiliations.extend(a for a in e.affiliations if id(a.of) not in tied)
            else:
                by_key[key] = e
                doc.entities.append(e)
        for layer in ("references", "figures", "times", "quotes", "events", "commitments", "results"):
            for x in getattr(part, layer):
                _shift(x, offset)
            getattr(doc, layer).extend(getattr(part, layer))
        for b in part.bodies:  # one body of one country across sections
            spans = [(a + offset, z + offset) for a, z in b.spans]
            named = {a + offset: (n + offset, z + offset) for a, (n, z) in b.named.items()}
            place = b.place and (b.place.type, b.place.link or b.place.name.lower(), b.place.country)
            into = bodies.setdefault((b.name, b.country, place), b)
            if into is b:
                b.spans, b.named = spans, named
                doc.bodies.append(b)
            else:
                into.spans.extend(spans)
                into.named.update(named)
        doc.topics.extend(t for t in part.topics if t not in doc.topics)
        for code, spans in part.topic_evidence.items():
            doc.topic_evidence.setdefault(code, []).extend((a + offset, b + offset) for a, b in spans)
    # references to entities that were joined into another one
    canon = {id(e): by_key[(e.type, e.link or e.name.lower(), e.country)] for _, p in parts for e in p.entities}
    for e in doc.entities:
        for r in e.roles:
            if r.of is not None:
                r.of = canon.get(id(r.of), r.of)
        for a in e.affiliations:
            a.of = canon.get(id(a.of), a.of)
    for b in doc.bodies:
        if b.place is not None:
            b.place = canon.get(id(b.place), b.place)
    for ref in doc.references:
        if ref.entity is not None:
            ref.entity = canon.get(id(ref.entity), ref.entity)
    for q in doc.quotes:
        if q.speaker is not None:
            q.speaker = canon.get(id(q.speaker), q.speaker)
    for v in doc.events:
        v.args = {k: list(dict.fromkeys(canon.get(id(x), x) for x in xs)) for k, xs in v.args.items()}
    for c in doc.commitments + doc.results:
        c.parties = list(dict.fromkeys(canon.get(id(x), x) for x in c.parties))
