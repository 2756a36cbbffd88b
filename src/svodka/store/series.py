"""What keys a figure series: the figure's owner(s) and what it measures.

A record's figure carries `item` for counts and measures only; a money or percent figure says
nothing of what it is the value of, and «$26,8 млрд» of trade turnover and «$18,2 млрд» of a
project portfolio are different series. The extractor's Doc is not stored, so this module
re-reads the figure's sentence (razdel tokens, cached pymorphy3 parses):

- measure: the count's or measure's item; for money and percents the noun the number belongs
  to, from the `measure_nouns` lexicon (nearest before the figure, not inside a prepositional
  phrase; «стоимость проекта» → «проект», «портфель совместных проектов» → «портфель
  проектов»), the item of a count in the same phrase («67 проектов на $14 млрд» → «проект»),
  else the nearest preceding noun of the clause.
- owners: two countries when the figure is between them («товарооборот России и Казахстана»,
  «портфель совместных проектов» in an article on two countries), else the country or body
  the sentence is about, else a person's country or body (from their roles), else the nearest
  named entity.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache

from .. import lexicons
from ..marks import CLOSING, DASHES, OPENING

_CLAUSE = frozenset(",;:()") | (DASHES - {"-"}) | OPENING | CLOSING  # a hyphen joins, a dash splits
_NAME_TAGS = ("Name", "Surn", "Patr", "Geox", "Orgn", "Trad")
_OWNER_TYPES = ("ORG", "LOC")


def _fold(s: str) -> str:
    return s.lower().replace("ё", "е")


@cache
def measure_nouns() -> dict[str, tuple[str, bool]]:
    """lemma -> (kind, pair) from the `measure_nouns` lexicon."""
    return {r[0]: (r[1], len(r) > 2 and r[2] == "pair") for r in lexicons.load("measure_nouns")}


@cache
def _pair_cues() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    single, double = set(), set()
    for cue, *_ in lexicons.load("pair_cues"):
        words = cue.split()
        (double.add(tuple(words)) if len(words) == 2 else single.add(words[0]))
    return frozenset(single), frozenset(double)


@cache
def _skip_lemmas() -> frozenset[str]:
    """Nouns that are no measure by themselves: months, currencies, scale words."""
    out = {_fold(r[0]) for name in ("months", "currencies", "scales") for r in lexicons.load(name)}
    return frozenset(out)


@dataclass
class Tok:
    start: int
    stop: int
    text: str
    lemma: str
    pos: str | None
    tag: object
    fig: bool  # inside a figure's span
    eid: str | None  # the entity whose mention covers it

    def gent(self) -> bool:
        from ..stages.morph import parses

        return any(p.tag.POS == "NOUN" and "gent" in p.tag for p in parses(self.text))

    def nomn(self) -> bool:
        from ..stages.morph import parses

        return any("nomn" in p.tag for p in parses(self.text))

    def named(self) -> bool:
        return self.eid is not None or any(t in self.tag for t in _NAME_TAGS)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences, never across a line break (a title or a paragraph ends a sentence)."""
    from razdel import sentenize

    out = []
    for m in re.finditer(r"[^\n]+", text):
        out += [(m.start() + s.start, m.start() + s.stop) for s in sentenize(m.group())]
    return out


class FigureKeys:
    """Measure and owners of the figures of one record (a dict of svodka record v1)."""

    def __init__(self, rec: dict):
        self.text = rec["text"]
        self.figs = rec.get("figures") or []
        self.ents = {e["id"]: e for e in rec.get("entities") or []}
        self.ments = sorted(
            (m["start"], m["stop"], e["id"]) for e in self.ents.values() for m in e.get("mentions", [])
        )
        self.sents = sentence_spans(self.text)
        self._starts = [s for s, _ in self.sents]
        self._toks: dict[int, list[Tok]] = {}
        # countries of the article, most mentioned first: «двух стран» names these
        n = Counter(
            e["id"]
            for e in self.ents.values()
            if e["type"] == "LOC" and str(e.get("link") or "").startswith("iso:")
            for _ in e.get("mentions", [])
        )
        self.countries = [eid for eid, _ in n.most_common()]
        self._by_iso = {self.ents[e]["link"]: e for e in self.countries}

    # --- sentences and tokens ---

    def _sent(self, pos: int) -> int:
        return max(0, bisect_right(self._starts, pos) - 1)

    def tokens(self, si: int) -> list[Tok]:
        if si not in self._toks:
            from razdel import tokenize

            from ..stages.morph import best

            s0, s1 = self.sents[si] if self.sents else (0, len(self.text))
            spans = [(f["start"], f["stop"]) for f in self.figs if f["start"] < s1 and f["stop"] > s0]
            ments = [m for m in self.ments if m[0] < s1 and m[1] > s0]
            toks = []
            for t in tokenize(self.text[s0:s1]):
                a, b = s0 + t.start, s0 + t.stop
                p = best(t.text)
                eid = next((m[2] for m in ments if m[0] <= a and b <= m[1]), None)
                fig = any(x <= a and b <= y for x, y in spans)
                toks.append(Tok(a, b, t.text, _fold(p.normal_form), p.tag.POS, p.tag, fig, eid))
            self._toks[si] = toks
        return self._toks[si]

    # --- measure ---

    def measure(self, fig: dict) -> str:
        return self._measure(fig)[0]

    def _measure(self, fig: dict) -> tuple[str, int | None]:
        """(measure, index of its measure noun in the sentence's tokens or None)."""
        toks = self.tokens(self._sent(fig["start"]))
        i0, i1 = _span(toks, fig)
        m, j = self._lexical(toks, i0, i1)
        if fig["kind"] in ("count", "measure"):
            return fig.get("item") or "", j
        item = self._count_item(fig, toks, i0)
        if item:
            return item, None
        if m:
            return m, j
        # the nearest preceding noun of the clause, one outside a prepositional phrase first
        clause = []
        for j in range(i0 - 1, -1, -1):
            t = toks[j]
            if t.text in _CLAUSE:
                break
            if t.pos == "NOUN" and not (t.fig or t.named()) and self._plain(t):
                clause.append(j)
        clause.sort(key=lambda j: _in_pp(toks, j))
        return (toks[clause[0]].lemma, clause[0]) if clause else ("", None)

    def _lexical(self, toks: list[Tok], i0: int, i1: int) -> tuple[str, int | None]:
        """The nearest measure noun before the figure, else after it in its clause."""
        lex = measure_nouns()
        after = []
        for j in range(i1, len(toks)):
            if toks[j].text in _CLAUSE:
                break
            after.append(j)
        for j in [*range(i0 - 1, -1, -1), *after]:
            t = toks[j]
            if t.fig or t.named() or t.pos != "NOUN" or t.lemma not in lex:
                continue
            j = self._governor(toks, j)
            if _in_pp(toks, j):
                continue
            m = self._phrase(toks, j)
            if m:
                return m, j
        return "", None

    def _plain(self, t: Tok) -> bool:
        return t.lemma not in _skip_lemmas() and measure_nouns().get(t.lemma, ("",))[0] != "not"

    def _phrase(self, toks: list[Tok], j: int, depth: int = 0) -> str:
        """The measure named by the noun at j: itself, with its genitive complement, or the
        complement alone (a wrapper); '' for a wrapper without one or a `not` noun."""
        kind = measure_nouns().get(toks[j].lemma, ("", False))[0]
        if kind == "not":
            return ""
        c = self._complement(toks, j)
        if kind == "wrap":
            if c is None or depth > 2:
                return ""
            return self._phrase(toks, c, depth + 1) or toks[c].lemma
        if kind == "gen" and c is not None:
            return f"{toks[j].lemma} {_fold(toks[c].text)}"
        return toks[j].lemma

    def _governor(self, toks: list[Tok], j: int) -> int:
        """The measure noun whose genitive complement the noun at j is («портфеля» in
        «портфеля совместных проектов» for «проектов», «бюджет программы»), else j."""
        while True:
            k = j - 1
            while k >= 0 and toks[k].pos in ("ADJF", "PRTF", "NUMR") and not toks[k].fig:
                k -= 1
            kind = measure_nouns().get(toks[k].lemma, ("not",))[0] if k >= 0 else "not"
            if kind == "not" or toks[k].pos != "NOUN" or self._complement(toks, k) != j:
                return j
            j = k

    def _complement(self, toks: list[Tok], j: int) -> int | None:
        """The genitive noun right after the noun at j (adjectives between), not a name."""
        k = j + 1
        while k < len(toks) and toks[k].pos in ("ADJF", "PRTF", "NUMR") and not toks[k].fig:
            k += 1
        if k < len(toks):
            t = toks[k]
            if t.pos == "NOUN" and not (t.fig or t.named()) and self._plain(t) and t.gent():
                return k
        return None

    def _count_item(self, fig: dict, toks: list[Tok], i0: int) -> str | None:
        """«67 совместных проектов на $14 млрд»: money of the projects counted just before."""
        glue = {"на", "общий", "совокупный", "суммарный", "стоимость", "сумма", "объем"}
        for c in self.figs:
            if c["kind"] != "count" or not c.get("item") or c["stop"] > fig["start"]:
                continue
            gap = [t for t in toks[:i0] if t.start >= c["stop"]]
            if not gap or len(gap) > 6:
                continue
            words = {_fold(w) for w in c["item"].split()}
            if any(t.lemma in words for t in gap) and all(
                t.lemma in words or t.lemma in glue or t.pos in ("ADJF", "PRTF") for t in gap
            ):
                return c["item"]
        return None

    # --- owners ---

    def owners(self, fig: dict) -> list[str]:
        """Record entity ids owning the figure: two countries, or one entity; [] if none."""
        si = self._sent(fig["start"])
        toks = self.tokens(si)
        i0, i1 = _span(toks, fig)
        _, head = self._measure(fig)
        lo = min(head, i0) if head is not None else i0
        # the phrase from the measure noun to the figure (and a count's item after it)
        window = range(max(0, lo - 2), min(len(toks), i1 + 3) if fig["kind"] == "count" else i0)
        lex = measure_nouns()
        pair_noun = head is not None and lex.get(toks[head].lemma, ("", False))[1]
        cue = self._cue(toks, window)
        # two countries named together: «России и Казахстана», «между Россией и Казахстаном»
        coord = _coordinated(toks, self._country)
        if coord and (cue or pair_noun or any(lo <= i < i0 for i in coord[2])):
            return sorted(coord[:2])
        if cue or pair_noun:
            near = self._countries_near(toks, fig)
            # «совместных», «двух стран», or turnover with no country named: the pair is in
            # the previous sentence, or the article's two countries
            wide = cue or not near
            if len(near) < 2 and wide and si > 0:
                near += [c for c in self._countries_near(self.tokens(si - 1), fig) if c not in near]
            if len(near) < 2 and wide:
                near += [c for c in self.countries if c not in near]
            if len(near) >= 2:
                return sorted(near[:2])
        one = self._single(toks, fig, i0, lo)
        return [one] if one else []

    def _cue(self, toks: list[Tok], window: range) -> bool:
        single, double = _pair_cues()
        for i in window:
            if toks[i].lemma in single:
                return True
            if i + 1 < len(toks) and (toks[i].lemma, toks[i + 1].lemma) in double:
                return True
        return False

    def _country(self, t: Tok) -> str | None:
        """The country entity a token names: a mention of it or its adjective («российских»)."""
        if t.eid is not None:
            e = self.ents[t.eid]
            return t.eid if e["type"] == "LOC" and str(e.get("link") or "").startswith("iso:") else None
        if t.pos in ("ADJF", "ADJS"):
            from ..names.linking import adjective_codes

            iso = adjective_codes().get(t.lemma)
            return self._by_iso.get(f"iso:{iso}") if iso else None
        return None

    def _countries_near(self, toks: list[Tok], fig: dict) -> list[str]:
        found: dict[str, int] = {}
        for t in toks:
            c = self._country(t)
            if c is not None:
                d = abs(t.start - fig["start"])
                found[c] = min(found.get(c, d), d)
        return sorted(found, key=found.get)

    def _single(self, toks: list[Tok], fig: dict, i0: int, lo: int) -> str | None:
        """The one entity the figure belongs to (see the module docstring)."""
        # a country or body in the measure's phrase, not after a preposition («бюджет России»)
        for i in range(lo, i0):
            t = toks[i]
            if not t.fig and not _in_pp(toks, i):
                c = self._country(t) or (t.eid if self._type(t.eid) in _OWNER_TYPES else None)
                if c:
                    return c
        # the subject: a country or body in the nominative, not after a preposition, nearest
        for i in range(i0 - 1, -1, -1):
            t = toks[i]
            if t.eid and self._type(t.eid) in _OWNER_TYPES and not t.fig:
                first = self._mention_start(toks, i)
                if toks[first].nomn() and not _in_pp(toks, first):
                    return t.eid
        # a person's country or body (persons are poor owners of sums)
        people = [t for t in toks if t.eid and self._type(t.eid) == "PER"]
        people.sort(key=lambda t: abs(t.start - fig["start"]))
        for t in people:
            for r in self.ents[t.eid].get("roles") or []:
                if r.get("of") in self.ents:
                    return r["of"]
        # the nearest named entity
        best = None
        for t in toks:
            if t.eid and not t.fig and self._type(t.eid) in ("ORG", "LOC", "PER"):
                rank = (abs(t.start - fig["start"]), ("ORG", "LOC", "PER").index(self._type(t.eid)))
                if best is None or rank < best[0]:
                    best = (rank, t.eid)
        return best[1] if best else None

    def _type(self, eid: str | None) -> str | None:
        return self.ents[eid]["type"] if eid in self.ents else None

    @staticmethod
    def _mention_start(toks: list[Tok], i: int) -> int:
        while i > 0 and toks[i - 1].eid == toks[i].eid:
            i -= 1
        return i


def _span(toks: list[Tok], fig: dict) -> tuple[int, int]:
    """Indices of the figure's first token and of the first token after it."""
    i0 = next((i for i, t in enumerate(toks) if t.stop > fig["start"]), len(toks))
    i1 = next((i for i, t in enumerate(toks) if t.start >= fig["stop"]), len(toks))
    return i0, i1


def _in_pp(toks: list[Tok], j: int) -> bool:
    """The word at j is governed by a preposition (adjectives and its own name between)."""
    k = j - 1
    own = toks[j].eid
    while k >= 0 and (toks[k].pos in ("ADJF", "PRTF", "NUMR") or own is not None and toks[k].eid == own):
        k -= 1
    return k >= 0 and toks[k].pos == "PREP"


def _coordinated(toks: list[Tok], country) -> tuple[str, str, list[int]] | None:
    """Two countries joined by «и» or a comma: (country, country, their token indices)."""
    last, last_i = None, -1
    for i, t in enumerate(toks):
        c = country(t)
        if c is not None:
            if last is not None and c != last and all(
                toks[k].lemma in ("и", ",") or toks[k].eid == toks[last_i].eid for k in range(last_i + 1, i)
            ):
                return last, c, [last_i, i]
            last, last_i = c, i
        elif t.lemma not in ("и", ",") and t.eid is None:
            last = None
    return None
