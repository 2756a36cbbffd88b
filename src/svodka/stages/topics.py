"""Topics: the spec's sector codes for what a document reports on substantively.

Sector words come from `sectors.tsv` (lemmas, matched outside name mentions). A sector
counts when the text comes back to it (two or more hits), or when its one hit stands in a
sentence that reports something: a figure, an event, or a cooperation frame («в области
энергетики», «промышленной кооперации»). `diplomacy` is given by visits, talks and
agreements between states (state actors of two different countries).
"""

from __future__ import annotations

from functools import cache

from .. import lexicons
from ..doc import Doc, Entity, Event, Token
from ..posts import canon_title, post_heads, state_posts
from . import Stage
from .lexmatch import norm

# nouns that frame a sector as the subject of cooperation or of a plan
FRAMES = frozenset({"область", "сфера", "отрасль", "сотрудничество", "кооперация", "взаимодействие",
          "проект", "сектор", "направление",
          # acts on a sector's goods or works: «поставки авиационных комплектующих»
          "поставка", "выпуск", "закупка", "модернизация", "создание", "развитие"})
# a word of building is the construction sector only when what is built belongs to no other
# sector («строительство жилья», not «строительство железной дороги»: that is transport)
BUILDING = "construction"
BUILT_REACH = 3
ORDER = ("trade", "investment", "industry", "energy", "agriculture", "transport", "aviation",
         "customs_border", "finance", "defense", "security", "health", "education", "culture",
         "science", "digital", "tourism", "ecology", "labour", "construction", "mining_metals",
         "chemicals", "machinery", "diplomacy", "law", "elections", "sports", "disasters")


@cache
def sectors() -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    words, phrases = {}, {}
    for row in lexicons.load("sectors"):
        key = tuple(norm(w) for w in row[0].split())
        if len(key) == 1:
            words[key[0]] = row[1]
        else:
            phrases[key] = row[1]
    return words, phrases


@cache
def phrase_starts() -> frozenset[str]:
    """First words of the sector phrases: a phrase is looked up only at such a word."""
    return frozenset(k[0] for k in sectors()[1])


class Topics(Stage):
    name = "topics"

    def __call__(self, doc: Doc) -> None:
        words, phrases = sectors()
        firsts = phrase_starts()
        inside = set()
        for m in doc.mentions:
            inside.update(t.i for t in doc.tokens_in(m.start, m.stop))
        busy = set()  # sentences that report a figure or an event
        for x in [*doc.figures, *doc.events]:
            s = doc.sent_at(x.start)
            if s is not None:
                busy.add(s.i)
        hits: dict[str, list[int]] = {}
        spans: dict[str, list[tuple[int, int]]] = {}  # the words behind each sector
        for s in doc.sents:
            toks = doc.sent_tokens(s)
            lem = [norm(t.lemma) for t in toks]
            if words.keys().isdisjoint(lem) and firsts.isdisjoint(lem) and "-" not in doc.text[s.start:s.stop]:
                continue  # no sector word, no hyphenated word (most sentences): nothing to find
            framed = s.i in busy or not FRAMES.isdisjoint(lem)
            used = set()  # words of a matched phrase do not count again alone
            for j in range(len(toks)):
                if lem[j] not in firsts:
                    continue
                for n in (3, 2):
                    key = tuple(lem[j:j + n])
                    if len(key) == n and key in phrases and not used & set(range(j, j + n)) \
                            and toks[j].i not in inside:
                        used.update(range(j, j + n))
                        hits.setdefault(phrases[key], []).append(s.i if framed else -1)
                        spans.setdefault(phrases[key], []).append((toks[j].start, toks[j + n - 1].stop))
            for j, t in enumerate(toks):
                if j in used or t.i in inside:
                    continue
                # a hyphenated word also by its first part; most words by their lemma alone
                if "-" in t.text:
                    codes = [words[w] for w in {lem[j], norm(t.text).split("-")[0]} if w in words]
                elif lem[j] in words:
                    codes = [words[lem[j]]]
                else:
                    continue
                if not codes or titled(doc, t, toks[j - 1] if j else None):
                    continue  # most words are no sector's: asked about a post only for those that are
                if BUILDING in codes and builds_other(lem, j, words, phrases):
                    codes.remove(BUILDING)
                for c in codes:
                    hits.setdefault(c, []).append(s.i if framed else -1)
                    spans.setdefault(c, []).append((t.start, t.stop))
        found = {c for c, where in hits.items() if len(where) >= 2 or any(w >= 0 for w in where)}
        states = [e for e in doc.events if between_states(e)]
        if states:
            found.add("diplomacy")
            spans.setdefault("diplomacy", []).extend((e.start, e.stop) for e in states)
        doc.topics = [c for c in ORDER if c in found]
        doc.topic_evidence = {c: sorted(set(spans[c])) for c in doc.topics if c in spans}


def builds_other(lem: list[str], j: int, words: dict, phrases: dict) -> bool:
    """Whether the words right after a building word name another sector's object."""
    for k in range(j + 1, min(len(lem), j + 1 + BUILT_REACH)):
        if words.get(lem[k], BUILDING) != BUILDING or any(
                phrases.get(tuple(lem[k:k + n]), BUILDING) != BUILDING for n in (2, 3)):
            return True
    return False


def titled(doc: Doc, t: Token, prev: Token | None) -> bool:
    """A sector word that only names a post's portfolio («министр финансов»)."""
    heads = post_heads()
    h = doc.tokens[t.head] if t.head is not None else None
    return any(x is not None and x.pos == "NOUN" and x.lemma in heads and x.i < t.i for x in (prev, h))


def country_of(e: Entity) -> Entity | None:
    """The state an entity stands for: a country itself, or the country of a state post."""
    if e.type == "LOC" and (e.link or "").startswith("iso:"):
        return e
    if e.type == "PER":
        for r in e.roles:
            if r.of is not None and r.of.type == "LOC" and (r.of.link or "").startswith("iso:") \
                    and state_post(r.title):
                return r.of
    return None


@cache
def state_canon() -> frozenset[str]:
    return frozenset(state_posts()) | {canon_title(p) for p in state_posts()}


def state_post(title: str) -> bool:
    """A post that speaks for a state: one of posts.state_posts, or a minister of any portfolio."""
    canon = canon_title(title)
    return canon in state_canon() or canon.split()[0] in ("министр", "замминистра", "вице-премьер")


def between_states(ev: Event) -> bool:
    if ev.type not in ("visit", "talks", "agreement"):
        return False
    states = set()
    for role, ents in ev.args.items():
        for e in ents:
            c = country_of(e)
            if c is not None:
                states.add(c.link)
            elif role == "place" and ev.type == "visit" and e.type == "LOC":
                states.add("place:" + e.name)  # a city abroad: counted as another state below
    if ev.type == "visit":
        visitor = [country_of(e) for e in ev.args.get("visitor", [])]
        home = {c.link for c in visitor if c is not None}
        return bool(home) and bool(states - home)
    return len(states) >= 2
