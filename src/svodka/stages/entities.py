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
from ..names.forms import initials as _initials
from ..names.forms import key, known
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
    normals: dict[int, str] = field(default_factory=dict)  # id(mention) → its own nominative
    surname_only: set[int] = field(default_factory=set)  # one-word mentions joined by the surname


def mention_name(doc: Doc, m: Mention) -> str:
    """The nominative name of one ORG/LOC/FAC mention («Евразийского банка развития» →
    «Евразийский банк развития»; a country → its short name)."""
    k = getattr(m, "key", None)
    entry = gazetteer.entries().get(k) if k else None
    if entry is not None and entry.type == "LOC":
        return entry.name
    return own_name(doc, m)


def own_name(doc: Doc, m: Mention) -> str:
    """The mention's own words in the nominative («Соединённых Штатов» → «Соединённые Штаты»,
    «РФ» stays «РФ»)."""
    toks = doc.tokens_in(m.start, m.stop)
    words = normal.phrase([t.text for t in toks])
    return normal.rebuild(doc.text, [(t.start, t.stop) for t in toks], words)


def person_name(doc: Doc, m: Mention) -> normal.PersonName:
    return normal.person([t.text for t in doc.tokens_in(m.start, m.stop)])


class Entities(Stage):
    name = "entities"

    def __call__(self, doc: Doc) -> None:
        things = _join_forms(_join_initials(self._things(doc, [m for m in doc.mentions if m.type != "PER"])))
        for g in things:
            _agree_forms(g)
        persons = self._persons(doc, [m for m in doc.mentions if m.type == "PER"])
        groups = things + _join_misread(persons, things)
        ents = []
        for g in groups:
            if g.person is not None:
                _canonical(doc, g)
            e = self._entity(g)
            for m in g.mentions:
                m.entity = e
                m.type = e.type
                if g.person is None:
                    m.normal = g.normals.get(id(m))
                    if _one_word(g) and m.normal != e.name and key(m.text) in _forms(e.name):
                        m.normal = e.name  # «Росатома» beside «Росатом»: a case of the name
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
            own = name if getattr(m, "key", None) is None else own_name(doc, m)
            k = getattr(m, "key", None) or f"name:{key(name)}"
            qualifier = getattr(m, "qualifier", None)
            alias = getattr(m, "alias", None)
            if alias is not None and id(alias) in of:
                g = of[id(alias)]
            elif qualifier:
                g = by_key.get(f"{k}|{qualifier}")
            else:
                g = latest.get(k) or by_key.get(k) or _by_lemma(by_key, m)
            bare = gazetteer.without_state_form(name) if m.type == "LOC" else None
            if g is None and bare:  # «Республике Башкортостан» beside «Башкортостана»
                g = by_key.get(f"name:{key(bare)}")
            if g is None:
                g = _Group(key=k)
                groups.append(g)
            by_key.setdefault(f"{k}|{qualifier}" if qualifier else k, g)
            by_key.setdefault(k, g)
            if qualifier:
                latest[k] = g
            # an abbreviation and its full name share the lexicon key; the text's own form keys too
            by_key.setdefault(f"name:{key(name)}", g)
            if bare:
                by_key.setdefault(f"name:{key(bare)}", g)
            g.mentions.append(m)
            g.names.append(name)
            g.normals[id(m)] = own
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
            g.last_forms |= n.last_forms | _declined(n.last)
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
                if g is None and not n.first and " " not in n.last:
                    # a foreign first name pymorphy3 does not know, read as a surname («Серена»
                    # after «Серена Уильямс»): the one person of that first name
                    cands = [g for g in groups if g.person.first and g.person.last
                             and key(g.person.first) in n.last_forms]
                    g = cands[0] if len(cands) == 1 else None
            elif n.first and not n.last:
                # a word pymorphy3 reads as a first name may be the surname of a person named in
                # full («Джонсон» after «Борис Джонсон»): the surname is the likelier reading
                # the written word too: pymorphy3 may take an unknown surname for the plural
                # of a first name («Тэплин» read as «Тэплины»)
                forms = _word_forms(n.first) | {key(m.text)}
                cands = [g for g in groups if g.person.first and g.person.last and g.last_forms & forms]
                g = _nearest(cands, m.start)
                if g is not None:
                    g.surname_only.add(id(m))
                else:
                    cands = [g for g in groups if g.person.first and _same_first(g.person, n, loose=False)]
                    g = cands[0] if len(cands) == 1 else None
            if g is None:
                g = _Group(person=n, last_forms=set(n.last_forms))
                groups.append(g)
            g.positions.append(m.start)
            owner[id(m)] = g
        groups = _join_spelled(doc, names, owner, groups)
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


def _declined(last: str) -> set[str]:
    """The case forms of a surname by its ending, for the names pymorphy3 does not know
    («Мандела» → «Манделы», «Манделу»; «Делон» → «Делона»): a later mention by the surname
    alone, in any case, joins the person named in full."""
    w = key(last)
    if "-" in w:  # «Диас-Канель»: the last part declines
        head, _, tail = w.rpartition("-")
        return {f"{head}-{f}" for f in _declined(tail)}
    if len(w) < 3 or not w.isalpha():
        return set()
    if w[-1] == "а":
        return {w[:-1] + e for e in ("ы", "и", "е", "у", "ой", "ою")}
    if w[-1] == "я":
        return {w[:-1] + e for e in ("и", "е", "ю", "ей")}
    if w[-1] in "йь":
        return {w[:-1] + e for e in ("я", "ю", "ем", "ём", "е")}
    if w[-1] in "еёиоуыэю":
        return set()  # «Кенни», «Шарло»: indeclinable
    return {w + e for e in ("а", "у", "ом", "ым", "е")}


def _latin(text: str) -> bool:
    return any("a" <= c.lower() <= "z" for c in text) and not any("а" <= c.lower() <= "я" for c in text)


def _join_spelled(doc: Doc, names: list, owner: dict[int, _Group], groups: list[_Group]) -> list[_Group]:
    """A name in Latin letters in brackets right after a person's name is that person's own
    spelling («Иван Петров (Ivan Petrov)»): its group joins the person's."""
    prev = None
    for m, _ in names:
        if prev is not None and _latin(m.text) and not _latin(prev.text) \
                and doc.text[prev.stop:m.start].strip() == "(" and owner[id(m)] is not owner[id(prev)]:
            latin, into = owner[id(m)], owner[id(prev)]
            for k, g in owner.items():
                if g is latin:
                    owner[k] = into
            into.positions += latin.positions
            groups = [g for g in groups if g is not latin]
        prev = m
    return groups


def _same_first(have: normal.PersonName, new: normal.PersonName, loose: bool = True) -> bool:
    """First names that may be the same person's: equal, an initial of it, or one missing;
    `loose`: also two readings of one name that differ in the ending only («Асие», «Асия»)."""
    a, b = have.first, new.first
    if not a or not b:
        return loose
    if have.initial or new.initial:
        return key(a)[:1] == key(b)[:1]
    a, b = key(a), key(b)
    if a == b:
        return True
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return loose and min(len(a), len(b)) >= 3 and n >= max(len(a), len(b)) - 2 and n >= 3


def _word_forms(word: str) -> set[str]:
    """The word and the lemmas pymorphy3 gives it, in lower case."""
    return {key(word), *(key(p.normal_form) for p in parses(word))}


SUBJECT = ("nsubj", "nsubj:pass")
CLAUSE_OPENERS = ("CONJ", "PRCL", "ADVB")  # words after which a clause's subject may stand


def _subject(doc: Doc, toks) -> tuple[bool, str | None]:
    """Whether the mention is the subject of its clause (its words are in the nominative as
    written), and the gender of its verb where the verb shows one («Асия Биби покинула»).
    Without a parse: a singular verb right after it, no preposition right before it."""
    inside = {t.i for t in toks}
    if any(t.rel in SUBJECT and t.head is not None and t.head not in inside for t in toks):
        head = next(t.head for t in toks if t.rel in SUBJECT)
        tag = doc.tokens[head].tag
        return True, (str(tag.gender) if tag is not None and tag.POS == "VERB" and tag.gender else None)
    i, j = toks[0].i, toks[-1].i + 1
    before = doc.tokens[i - 1] if i > 0 and doc.tokens[i - 1].sent == toks[0].sent else None
    # at the start of its clause: not after a preposition or a noun it would depend on
    # («клан Шаймиевых расширяет», «правительство Медведева внесло»)
    if j >= len(doc.tokens) or (before is not None and before.text.isalnum() and before.pos not in CLAUSE_OPENERS):
        return False, None
    tag = doc.tokens[j].tag
    if tag is None or tag.POS != "VERB" or tag.number != "sing" or tag.mood != "indc":
        return False, None
    return True, str(tag.gender) if tag.gender else None


def _canonical(doc: Doc, g: _Group) -> None:
    """The group's name chosen from all its mentions, and each mention's own nominative.

    The gender is the one its full names are read in, or that its verbs agree in; every
    mention is read again in it. Each part of the name (first, last) takes the nominative most
    mentions propose, where a full name counts double and a mention that is the subject of its
    clause gives its words as written (a nominative in the text beats a guess from an oblique
    case)."""
    readings = []
    genders: Counter = Counter()
    for m in g.mentions:
        toks = doc.tokens_in(m.start, m.stop)
        n = normal.person([t.text for t in toks])
        subject, verb_gender = _subject(doc, toks) if toks else (False, None)
        readings.append((m, toks, subject))
        if len(n.parts) > 1 and n.gender:
            genders[n.gender] += 1
        if verb_gender in ("masc", "femn"):
            genders[verb_gender] += 4  # the verb's agreement is the text's own word on it
    gender = genders.most_common(1)[0][0] if genders else None
    best, parts_of = _vote(doc, g, readings, gender)
    p = g.person
    first = best.get("first") if p.first and not p.initial else p.first
    name = normal.PersonName(first=first, middle=p.middle,
                             last=best.get("last") if p.last else None, last_forms=p.last_forms,
                             plural=p.plural, gender=gender or p.gender)
    if not (name.first or name.last):
        return
    g.person = name
    for m, toks, _ in readings:
        parts = iter(parts_of[id(m)])
        words = []
        for t in toks:
            part = next(parts, None) if normal._word(t.text) else None
            if part is None or part[3]:
                words.append(t.text)
            else:
                words.append(best.get(part[2], part[1]) if part[2] != "middle" else part[1])
        m.normal = normal.rebuild(doc.text, [(t.start, t.stop) for t in toks], words)


def _vote(doc: Doc, g: _Group, readings: list, gender: str | None):
    """({slot: chosen nominative}, {id(mention): [(written, nominative, slot, initial)]}) with
    every mention read in `gender`."""
    votes: dict[str, Counter] = {"first": Counter(), "middle": Counter(), "last": Counter()}
    order: dict[str, int] = {}
    parts_of = {}
    for m, toks, subject in readings:
        n = normal.person([t.text for t in toks], gender)
        words = [t for t in toks if normal._word(t.text)]
        # an initial: one letter, or two before a full stop («Дж. Буш»)
        initial = [len(t.text) == 1 or (len(t.text) == 2 and t.i + 1 < len(doc.tokens)
                                        and doc.tokens[t.i + 1].text == ".") for t in words]
        parts = [(w, nom, slot, init) for (w, nom, slot), init in zip(n.parts, initial)]
        if id(m) in g.surname_only and len(parts) == 1:
            parts = [(parts[0][0], parts[0][1], "last", parts[0][3])]
        parts_of[id(m)] = parts
        for written, nom, slot, init in parts:
            if init:
                continue
            votes[slot][nom] += 2 if len(parts) > 1 else 1
            order.setdefault(nom, len(order))
            if subject:
                votes[slot][written] += 3
                order.setdefault(written, len(order))
    best = {slot: max(c, key=lambda x: (c[x], -order[x])) for slot, c in votes.items() if c}
    return best, parts_of


PARADIGMS = {  # nominative ending → the endings of its other cases (one-word names)
    "а": ("а", "ы", "и", "е", "у", "ой", "ою"),
    "я": ("я", "и", "е", "ю", "ей", "ею"),
    "ь": ("ь", "я", "ю", "ем", "е", "и"),
    "й": ("й", "я", "ю", "ем", "е", "и"),
    "": ("", "а", "у", "ом", "е"),
}


def _forms(word: str) -> set[str]:
    """The case forms of a one-word name in the nominative, by its ending (keys)."""
    low = key(word)
    end = low[-1:] if low[-1:] in PARADIGMS else "" if low[-1:].isalpha() and low[-1:] not in "еиоуыэю" else None
    if end is None:
        return {low}
    stem = low[: len(low) - len(end)]
    return {stem + e for e in PARADIGMS[end]}


def _one_word(g: _Group) -> bool:
    """A group named by one word only, not known to the gazetteer."""
    return (not g.key or g.key.startswith("name:")) and not any(" " in m.text or "-" in m.text
                                                                for m in g.mentions)


def _join_forms(groups: list[_Group]) -> list[_Group]:
    """Groups of a one-word name read apart because pymorphy3 took their cases for different
    words («Невады» apart from «Неваде», «Невада»): one group where one written form is the
    nominative that all the others are cases of."""
    ones = [g for g in groups if _one_word(g)]
    by_form: dict[str, list[_Group]] = {}
    for g in ones:
        for m in g.mentions:
            by_form.setdefault(key(m.text), [])
            if g not in by_form[key(m.text)]:
                by_form[key(m.text)].append(g)
    gone: set[int] = set()
    for g in ones:
        if id(g) in gone:
            continue
        for m in list(g.mentions):
            if not m.text[:1].isupper() or m.text.isupper():
                continue
            forms = _forms(m.text)
            for other in (o for f in sorted(forms) for o in by_form.get(f, ())):
                if other is g or id(other) in gone or other.mentions[0].type != g.mentions[0].type:
                    continue
                if all(key(x.text) in forms for x in other.mentions):
                    pairs = sorted(zip(g.mentions + other.mentions, g.names + other.names),
                                   key=lambda x: x[0].start)
                    g.mentions, g.names = [x for x, _ in pairs], [n for _, n in pairs]
                    g.normals.update(other.normals)
                    gone.add(id(other))
    return [g for g in groups if id(g) not in gone]


def _agree_forms(g: _Group) -> None:
    """A one-word name written in several cases: the nominative is the form that the text
    writes and that all the others are cases of («Невада», «Неваде», «Невады» → «Невада»,
    where pymorphy3 guesses «Невад» for each), unless pymorphy3's lemma of every form is
    itself written or a dictionary word that all of them are cases of."""
    if not _one_word(g):
        return
    written = {key(m.text): m.text for m in g.mentions if m.text[:1].isupper() and not m.text.isupper()}
    if len(written) < 2 or len(written) != len({key(m.text) for m in g.mentions}):
        return
    lemmas = set.intersection(*({key(p.normal_form) for p in parses(w) if p.tag.POS == "NOUN"}
                                for w in written.values()))
    if lemmas & set(written) or any(known(x) and set(written) <= _forms(x) for x in lemmas):
        return  # a dictionary word whose cases these are («Татарстана», «Татарстане»)
    fits = [w for k, w in written.items() if set(written) <= _forms(w)]
    if len(fits) != 1:
        return
    g.names = [fits[0]] * len(g.names)
    for m in g.mentions:
        g.normals[id(m)] = fits[0]


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
