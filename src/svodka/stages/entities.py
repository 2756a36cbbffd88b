"""Mentions grouped into entities, each with a nominative name and, for countries, a link.

One entity per real thing in the document:
- countries by their gazetteer key (Казахстан, Республики Казахстан, РК → iso:KZ);
- organisations known to the lexicon by their key (ООН, Организации Объединённых Наций),
  a name in parentheses with the name before it («… (Роскомнадзора)»), other names by their
  nominative form; a state body followed by different countries makes different entities
  (МИД Японии, МИД РФ), and the same body named alone joins the last one named;
- persons: a full name opens an entity, a surname alone or an initial joins the entity with
  that surname (the last one named before it, else the first after it), a first name alone
  joins the only entity with that first name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..doc import Doc, Entity, Mention
from ..names import gazetteer, linking, normal
from ..names.forms import key
from . import Stage
from .morph import parses


@dataclass(eq=False)
class _Group:
    mentions: list[Mention] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    key: str | None = None
    person: normal.PersonName | None = None
    last_forms: set[str] = field(default_factory=set)
    positions: list[int] = field(default_factory=list)  # where the group's persons are named


def mention_name(doc: Doc, m: Mention) -> str:
    """The nominative name of one ORG/LOC/FAC mention («Евразийского банка развития» →
    «Евразийский банк развития»; a country → its short name)."""
    k = getattr(m, "key", None)
    entry = gazetteer.entries().get(k) if k else None
    if entry is not None and entry.type == "LOC":
        return entry.name
    toks = doc.tokens_in(m.start, m.stop)
    words = normal.phrase([t.text for t in toks])
    return normal.rebuild(doc.text, [(t.start, t.stop) for t in toks], words)


def person_name(doc: Doc, m: Mention) -> normal.PersonName:
    return normal.person([t.text for t in doc.tokens_in(m.start, m.stop)])


class Entities(Stage):
    name = "entities"

    def __call__(self, doc: Doc) -> None:
        things = _join_initials(self._things(doc, [m for m in doc.mentions if m.type != "PER"]))
        persons = self._persons(doc, [m for m in doc.mentions if m.type == "PER"])
        groups = things + _join_misread(persons, things)
        ents = []
        for g in groups:
            e = self._entity(g)
            for m in g.mentions:
                m.entity = e
                m.type = e.type
            ents.append(e)
        doc.entities = sorted(ents, key=lambda e: e.start)

    # --- organisations, places, facilities -------------------------------------------------

    def _things(self, doc: Doc, mentions: list[Mention]) -> list[_Group]:
        by_key: dict[str, _Group] = {}
        latest: dict[str, _Group] = {}  # a body's name → the last qualified group with it
        groups: list[_Group] = []
        of: dict[int, _Group] = {}
        for m in mentions:
            name = mention_name(doc, m)
            k = getattr(m, "key", None) or f"name:{key(name)}"
            qualifier = getattr(m, "qualifier", None)
            alias = getattr(m, "alias", None)
            if alias is not None and id(alias) in of:
                g = of[id(alias)]
            elif qualifier:
                g = by_key.get(f"{k}|{qualifier}")
            else:
                g = latest.get(k) or by_key.get(k) or _by_lemma(by_key, m)
            if g is None:
                g = _Group(key=k)
                groups.append(g)
            by_key.setdefault(f"{k}|{qualifier}" if qualifier else k, g)
            by_key.setdefault(k, g)
            if qualifier:
                latest[k] = g
            # an abbreviation and its full name share the lexicon key; the text's own form keys too
            by_key.setdefault(f"name:{key(name)}", g)
            g.mentions.append(m)
            g.names.append(name)
            of[id(m)] = g
        return groups

    # --- persons -----------------------------------------------------------------------------

    def _persons(self, doc: Doc, mentions: list[Mention]) -> list[_Group]:
        names = [(m, person_name(doc, m)) for m in mentions]
        groups: list[_Group] = []
        owner: dict[int, _Group] = {}
        # full names first: each opens an entity or joins one with the same first and last name
        for m, n in names:
            if not (n.first and n.last) or n.initial:
                continue
            g = next((g for g in groups if g.last_forms & n.last_forms and _same_first(g.person, n)), None)
            if g is None:
                g = _Group(person=n)
                groups.append(g)
            g.last_forms |= n.last_forms
            g.positions.append(m.start)
            owner[id(m)] = g
        # then surnames alone (and initials), and first names alone
        for m, n in names:
            if id(m) in owner:
                continue
            g = None
            if n.last and not n.plural:
                cands = [g for g in groups if g.last_forms & n.last_forms and _same_first(g.person, n)]
                g = _nearest(cands, m.start)
            elif n.first and not n.last:
                cands = [g for g in groups if g.person.first and key(g.person.first) == key(n.first)]
                g = cands[0] if len(cands) == 1 else None
            if g is None:
                g = _Group(person=n, last_forms=set(n.last_forms))
                groups.append(g)
            g.positions.append(m.start)
            owner[id(m)] = g
        for m, _ in names:
            owner[id(m)].mentions.append(m)
        return groups

    # --- the entity ----------------------------------------------------------------------------

    def _entity(self, g: _Group) -> Entity:
        if g.person is not None:
            return Entity("PER", g.person.full, list(g.mentions))
        entry = gazetteer.entries().get(g.key or "")
        rank = {"gazetteer": 2, "quoted": 2}
        typed = [m.type for m in g.mentions if rank.get(m.source)]
        kind = typed[0] if typed else Counter(m.type for m in g.mentions).most_common(1)[0][0]
        if entry is not None and entry.type == "LOC":
            return Entity("LOC", entry.name, list(g.mentions), entry.link)
        # the most frequent name, a full name before an abbreviation («ЕАБР»)
        counts = Counter(g.names)
        name = max(counts, key=lambda n: (not n.isupper(), counts[n], -g.names.index(n)))
        link = linking.link(name) if kind == "LOC" else None
        return Entity(kind, name, list(g.mentions), link)


def _same_first(have: normal.PersonName, new: normal.PersonName) -> bool:
    """First names that may be the same person's: equal, an initial of it, or one missing."""
    a, b = have.first, new.first
    if not a or not b:
        return True
    if have.initial or new.initial:
        return key(a)[:1] == key(b)[:1]
    return key(a) == key(b)


def _nearest(groups: list[_Group], pos: int) -> _Group | None:
    """The group named last before `pos`, else the one named first after it."""
    before = [(max(p for p in g.positions if p < pos), i)
              for i, g in enumerate(groups) if any(p < pos for p in g.positions)]
    if before:
        return groups[max(before)[1]]
    after = [(min(g.positions), i) for i, g in enumerate(groups) if g.positions]
    return groups[min(after)[1]] if after else None


def _by_lemma(by_key: dict[str, _Group], m: Mention) -> _Group | None:
    """A one-word name whose nominative was misread joins a group named by another reading of
    it («Росатома» read as a feminine «Росатома» beside «Росатом»)."""
    if " " in m.text:
        return None
    for p in parses(m.text):
        if p.tag.POS == "NOUN" and (g := by_key.get(f"name:{key(p.normal_form)}")) is not None:
            return g
    return None


SKIP_INITIALS = {"и", "по", "в", "на", "для", "с", "о", "об", "при"}


def _initials(name: str) -> str:
    """«Северо-Кавказский федеральный округ» → «СКФО»."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in SKIP_INITIALS]
    return "".join(w[0] for w in words).upper() if len(words) > 1 else ""


def _join_initials(groups: list[_Group]) -> list[_Group]:
    """An abbreviation the lexicon does not know joins the name it abbreviates in the text."""
    by_initials = {}
    for g in groups:
        for n in g.names:
            by_initials.setdefault(_initials(n), g)
    by_initials.pop("", None)
    out = []
    for g in groups:
        target = None
        known = (g.key or "").startswith(("iso:", "org:"))
        if not known and all(n.isupper() and " " not in n for n in g.names):
            target = by_initials.get(g.names[0])
        if target is not None and target is not g:
            target.mentions += g.mentions
            target.names += g.names
        else:
            out.append(g)
    return out


def _join_misread(persons: list[_Group], things: list[_Group]) -> list[_Group]:
    """A single word tagged as a person that names an organisation or place of the text
    («Твиттеру грозит штраф» beside «Твиттера») joins it."""
    names = {}
    for g in things:
        for n in g.names:
            names.setdefault(key(n), g)
    out = []
    for g in persons:
        p = g.person
        target = names.get(key(p.full)) if not p.first or not p.last else None
        if target is not None and all(len(m.text.split()) == 1 for m in g.mentions):
            target.mentions += g.mentions
            target.names += [p.full] * len(g.mentions)
        else:
            out.append(g)
    return out
