"""Bodies and their countries: which country's government, police or ministry the text means.

Built after the cast. Two things, both for linking across articles (the store keeps the
Russian and the Singapore МВД apart, and joins «правительство» of one country in every
article that names it):
- an organisation entity's `country`: the country named with it («МВД Сингапура», «Сенат
  США», «российского МИДа»), else, for a body named by its function only («Министерство
  обороны», «МВД», «Верховный суд»), the country the text is about at its mention
  (`cast.focus_country`); a named company or party gets none from the context;
- the generic bodies the text names in common words («правительство», «полиции», «кабмин»,
  «апелляционный суд»; lexicon `bodies`): no name mentions (the spec), but `doc.bodies`, one
  per body and country, with every reference to it. A body's country is the one named with
  it (a country after it in the genitive, a country adjective before it, which is then part
  of the reference: «британского правительства»), else that of the
  same body named last («правительство России … правительство»), else the country in focus.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache

from .. import lexicons
from ..doc import Body, Doc, Entity
from ..names.forms import key, known
from ..names.linking import adjective_codes
from . import Stage
from .cast import cast_of, is_country
from .morph import lemma, parses

MAX_PHRASE = 4  # words in a body's phrase
FOCUS_MENTIONS = 3  # an organisation's mentions asked for the country in focus
PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"}


@cache
def _phrases() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Body phrases by their first lemma: [(lemmas, normal name)], longest first."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for row in lexicons.load("bodies"):
        words = tuple(key(w) for w in row[0].split())
        out.setdefault(words[0], []).append((words[:MAX_PHRASE], row[1] if len(row) > 1 else row[0]))
    for xs in out.values():
        xs.sort(key=lambda x: -len(x[0]))
    return out


@cache
def _function_words() -> frozenset[str]:
    """Lemmas of the words a body is named by when it is named by its function («министерство»,
    «МВД», «суд», «сенат»): the state bodies of `state_bodies` and the heads of `bodies`."""
    return frozenset(key(r[0]) for r in lexicons.load("state_bodies")) | frozenset(
        p[0] for xs in _phrases().values() for p, _ in xs)


@cache
def _common(word: str) -> bool:
    """A dictionary word that is no proper name («Федерации», «обороны»), or lower case."""
    if word[:1].islower():
        return True
    return known(word) and not any(PROPER & set(p.tag.grammemes) for p in parses(word)[:2])


def function_named(name: str) -> bool:
    """«Министерство обороны», «МВД», «Верховный суд», «Совет Федерации»: a function word and
    common words only; «Агентство Франс Пресс», «Газпром», «Сенат Латвии» are not."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    keys = [key(w) if w.isupper() else key(lemma(w)) for w in words]
    if not words or not any(k in _function_words() for k in keys):
        return False
    return all(k in _function_words() or _common(w) for w, k in zip(words, keys))


def _only_plural(word: str) -> bool:
    ps = parses(word)
    return bool(ps) and all(p.tag.number == "plur" for p in ps)


@cache
def _plural_name(normal: str) -> bool:
    """A body whose name is plural («вооружённые силы», «сухопутные войска»): a plural in the
    text is that one body, not several («правительства соседних стран»)."""
    return any(p.tag.number == "plur" and p.tag.case == "nomn" for p in parses(normal.split()[0]))


class Bodies(Stage):
    name = "bodies"
    reads = ("entities", "cast")

    def __call__(self, doc: Doc) -> None:
        finder = _Finder(doc)
        for e in doc.entities:
            if e.type == "ORG":
                e.country = finder.entity_country(e)
        doc.bodies = finder.bodies()


class _Finder:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.cast = cast_of(doc)
        self.mentions, self.starts = self.cast.mentions()

    # --- countries named with a body ---

    def _place_after(self, stop: int):
        """The mention of a place named right after offset `stop` («… России», «… Москвы»), or None."""
        j = bisect_left(self.starts, stop)
        if j < len(self.mentions):
            m = self.mentions[j]
            if m.start - stop <= 1 and m.entity.type == "LOC":
                return m
        return None

    def _country_before(self, tok: int) -> str | None:
        """A country adjective just before token `tok` («российского», «британское»)."""
        if tok == 0:
            return None
        t = self.doc.tokens[tok - 1]
        if t.sent != self.doc.tokens[tok].sent or not t.text[:1].isalpha():
            return None
        code = adjective_codes().get(key(t.lemma or lemma(t.text)))
        return f"iso:{code}" if code else None

    def _country_inside(self, start: int, stop: int) -> str | None:
        """A country nested at the end of a name («Сенат США»)."""
        j = bisect_left(self.starts, start + 1)
        while j < len(self.mentions) and self.mentions[j].start < stop:
            m = self.mentions[j]
            if m.stop == stop and is_country(m.entity):
                return m.entity.link
            j += 1
        return None

    def entity_country(self, e: Entity) -> str | None:
        for m in e.mentions:
            q = getattr(m, "qualifier", None)
            if q and q.startswith("iso:"):
                return q
        c = self.cast.body_country(e)
        if c is not None:
            return c.link
        for m in e.mentions:
            found = self._country_inside(m.start, m.stop)
            if found is None:
                tok = self.doc.token_at(m.start)
                found = self._country_before(tok) if tok is not None else None
            if found:
                return found
        if not function_named(e.name):
            return None
        # the first few mentions only: each look goes back through the text (linear, not
        # quadratic, in a long text that names no country)
        for m in sorted(e.mentions, key=lambda m: m.start)[:FOCUS_MENTIONS]:
            c = self.cast.focus_country(m.start)
            if c is not None:
                return c.link
        return None

    # --- generic bodies ---

    def bodies(self) -> list[Body]:
        doc, toks = self.doc, self.doc.tokens
        named = {t.i for m in self.mentions for t in doc.tokens_in(m.start, m.stop)}  # inside a name
        phrases = _phrases()
        out: list[Body] = []
        last: dict[str, Body] = {}  # a body's name → the body named last
        i = 0
        while i < len(toks):
            lem = key(toks[i].lemma or lemma(toks[i].text))
            hit = None
            if i not in named and lem in phrases and toks[i].text[:1].isalpha():
                for words, normal in phrases[lem]:
                    j = i + len(words)
                    if j <= len(toks) and all(
                        k not in named and toks[k].sent == toks[i].sent
                        and key(toks[k].lemma or lemma(toks[k].text)) == w
                        for k, w in zip(range(i, j), words)
                    ):
                        hit = (j, normal)
                        break
            if hit is None or (_only_plural(toks[i].text) and not _plural_name(hit[1])):
                i += 1
                continue
            j, normal = hit
            start, stop = toks[i].start, toks[j - 1].stop
            noun_start, phrase_stop = start, stop
            after = self._place_after(stop)
            place = after.entity if after is not None and not is_country(after.entity) else None
            country = after.entity.link if after is not None and place is None else None
            if after is not None:
                phrase_stop = after.stop  # «правительства России», «правительства Москвы»
            elif (country := self._country_before(i)) is not None:
                start = toks[i - 1].start  # «российской армии»: the adjective names it too
            country_named = country is not None
            body = None
            if country is None and place is None:
                body = last.get(normal)
                if body is None:
                    c = self.cast.focus_country(start)
                    country = c.link if c is not None else None
            if body is None:
                body = next((b for b in out if b.name == normal and b.country == country and b.place is place),
                            None)
            if body is None:
                body = Body(normal, country, place)
                out.append(body)
            body.spans.append((start, stop))
            if country_named or place is not None:
                body.named[start] = (noun_start, phrase_stop)
            last[normal] = body
            i = j
        return out
