"""Name mentions: slovnet's spans corrected and completed by the gazetteer and lexicons.

Candidates come from four sources, each with a priority; the higher one wins where two
overlap, except that a place may sit inside an organisation or facility name (nested LOC:
«Единой России» + «России», «Казахстан – Туркменистан – Иран» + its countries).

- gazetteer: countries in any case, short or long, abbreviations (РФ, РК); organisations known
  by an abbreviation (ООН, МИДа) or by their full name;
- quoted names: «...» after a facility word is a FAC (коридор «Север-Юг»), after an
  organisation word or a legal form an ORG (ОАО «Газпром»); the same name in quotation marks
  elsewhere in the text gets the same type;
- slovnet, corrected: legal forms, quotation marks and lower-case descriptors stripped
  («правительства Российской Федерации» → only the place), parentheses split
  («Роскомнадзора» in «Федеральной службы … (Роскомнадзора)»), a state body split from its
  country («МИД России» → МИД + России), spans that are no names dropped.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import compress
from operator import attrgetter, not_

from .. import lexicons
from ..doc import Doc, Mention
from ..marks import NAME_PAIRS
from ..posts import honorific_words, lemma_forms, post_heads
from ..stages.morph import best, lemma, parses
from . import gazetteer, normal
from .forms import key

OPEN_CLOSE = NAME_PAIRS
CLOSERS = set(OPEN_CLOSE.values())
PUNCT = set(",.;:!?()[]{}—–-/")
PROPER_TAGS = {"Geox", "Orgn", "Name", "Surn", "Patr", "Abbr", "Trad"}
MAX_QUOTED = 8  # words in a quoted name
MAX_UNIT_LETTERS = 3  # «ГУ», «ЦК», «УВД»: the abbreviation of a unit before its body's («ГУ МВД»)

_TEXT, _LEMMA = attrgetter("text"), attrgetter("lemma")

P_SLOVNET, P_CITY, P_GAZ_LOC, P_PERSON, P_LEXICON = 1.0, 1.5, 2.0, 2.5, 3.0


@dataclass(slots=True, eq=False)
class NameMention(Mention):
    key: str | None = None  # gazetteer key: "iso:KZ", "org:ООН"
    qualifier: str | None = None  # the country after a state body («МИД России» → "iso:RU")
    alias: Mention | None = None  # the name this one repeats in parentheses: «Роскомнадзора»


@dataclass(eq=False)
class Cand:
    a: int  # token range [a, b)
    b: int
    type: str
    source: str
    prio: float
    key: str | None = None
    qualifier: str | None = None
    tail: list = field(default_factory=list)  # places split off this candidate


@cache
def _lex(name: str) -> frozenset[str]:
    return frozenset(key(w) for w in lexicons.words(name))


@cache
def _bodies() -> dict[str, str]:
    """State bodies by lemma: "body", or "generic" for a descriptor («правительство»)."""
    return {key(r[0]): (r[1] if len(r) > 1 else "body") for r in lexicons.load("state_bodies")}


@lru_cache(maxsize=100_000)
def _surname_lemmas(word: str) -> frozenset[str]:
    """Keys of the lemmas of the surname readings of a word form (read once per form)."""
    return frozenset(key(p.normal_form) for p in parses(word) if "Surn" in p.tag)


def _line_starts(doc: Doc) -> frozenset[int]:
    """Indexes of the tokens (after the first) with a line break in the gap before them: found
    from the text's line breaks, not by slicing every gap between tokens."""
    toks, out = doc.tokens, set()
    starts = [t.start for t in toks]
    at = doc.text.find("\n")
    while at >= 0:
        i = bisect_right(starts, at)  # the first token after the break
        if 0 < i < len(toks) and toks[i - 1].stop <= at:
            out.add(i)
        at = doc.text.find("\n", at + 1)
    return frozenset(out)


def _short_abbreviation(w: str) -> bool:
    return 2 <= len(w) <= MAX_UNIT_LETTERS and w.isalpha() and w.isupper()


def _lower_word(w: str) -> bool:
    return w[:1].isalpha() and w[:1].islower()


class Builder:
    """Builds the mentions of one document from slovnet's (first, stop, type) token spans."""

    def __init__(self, doc: Doc, spans: list[tuple[int, int, str]]):
        self.doc = doc
        self.words = list(map(_TEXT, doc.tokens))
        lemmas = list(map(_LEMMA, doc.tokens))
        if not all(lemmas):  # no morph stage before this one
            lemmas = [x or lemma(w) for x, w in zip(lemmas, self.words)]
        self.lemmas = list(map(key, lemmas))
        # sentence starts, and words at the start of a line (after a headline without a full stop)
        self.sent_start = frozenset(s.tok_start for s in doc.sents) | _line_starts(doc)
        self.spans = spans
        self.cands: list[Cand] = []
        self.matches = gazetteer.find(self.words, self.sent_start)
        self.match_ending = {m.stop: m for m in self.matches}
        self.match_starting = {m.start: m for m in self.matches}

    # --- sources -----------------------------------------------------------------------------

    def gazetteer(self) -> None:
        for m in self.matches:
            prio = P_GAZ_LOC if m.entry.type == "LOC" else P_LEXICON
            self.cands.append(Cand(m.start, m.stop, m.entry.type, "gazetteer", prio, m.entry.key))

    def quoted(self) -> None:
        """Names in quotation marks after a facility word, an organisation word or a legal form."""
        fac, org, legal = _lex("facility_words"), _lex("org_words"), _lex("legal_forms")
        runs = self._quoted_runs()
        typed: dict[tuple[str, ...], str] = {}
        for q, c in runs:
            if q == 0:
                continue
            prev = self.lemmas[q - 1]
            kind = "FAC" if prev in fac else "ORG" if prev in org or key(self.words[q - 1]) in legal else None
            if kind:
                typed.setdefault(tuple(self.lemmas[q + 1:c]), kind)
                # a capitalised word before the marks belongs to the name: «Фонде «Наследие»»
                own = self.words[q - 1][:1].isupper() and q - 1 not in self.sent_start and prev not in legal
                self.cands.append(Cand(q - 1, c + 1, kind, "quoted", P_LEXICON) if own
                                  else Cand(q + 1, c, kind, "quoted", P_LEXICON))
        # the same name in quotation marks elsewhere: «оператора морской части «Южного потока»»
        for q, c in runs:
            kind = typed.get(tuple(self.lemmas[q + 1:c]))
            if kind:
                self.cands.append(Cand(q + 1, c, kind, "quoted", P_LEXICON))

    def _quoted_runs(self) -> list[tuple[int, int]]:
        """(opening, closing) token indexes of short capitalised names in quotation marks."""
        w, out, i = self.words, [], 0
        # only the opening marks start a run: found by a C-level pass, not a Python step per word
        for s in compress(range(len(w)), map(OPEN_CLOSE.__contains__, w)):
            if s < i:
                continue  # inside the run before
            i = s
            close, j, depth = OPEN_CLOSE[w[i]], None, 0
            for k in range(i + 1, min(len(w), i + MAX_QUOTED + 3)):
                if w[k] == close and depth == 0:
                    j = k
                    break
                if w[k] == close:
                    depth -= 1
                elif w[k] == w[i]:
                    depth += 1
            named = j is not None and w[i + 1][:1].isalnum() and not w[i + 1][:1].islower()
            if named and 0 < j - i - 1 <= MAX_QUOTED:
                out.append((i, j))
                i = j + 1
        return out

    def slovnet(self) -> None:
        for a, b, kind in self.spans:
            for pa, pb in self._paren_parts(a, b):
                c = self._correct(pa, pb, kind)
                if c is not None:
                    self.cands.extend(c.tail)
                    self.cands.append(c)

    def _paren_parts(self, a: int, b: int) -> list[tuple[int, int]]:
        """«X (Y)» tagged as one span → X and Y."""
        parts, start = [], a
        for i in range(a, b):
            if self.words[i] in "()":
                if i > start:
                    parts.append((start, i))
                start = i + 1
        if b > start:
            parts.append((start, b))
        return parts

    # --- slovnet corrections -------------------------------------------------------------------

    def _correct(self, a: int, b: int, kind: str) -> Cand | None:
        w = self.words
        legal = _lex("legal_forms")
        a, b = self._trim(a, b, kind, legal)
        if a >= b or not any(x[:1].isupper() or x[:1].isdigit() for x in w[a:b]):
            return None
        if self._not_a_name(a, b, kind):
            return None
        if kind == "ORG" and a > 0 and w[a - 1][:1].isdigit() and w[a - 1].count("-") == 1:
            a -= 1  # «1-го Украинского фронта»
        cand = Cand(a, b, kind, "ner", P_PERSON if kind == "PER" and b - a > 1 else P_SLOVNET)
        if kind in ("ORG", "LOC"):
            self._split_body(cand)
        if kind == "ORG" and not cand.tail and cand.b > cand.a:
            self._own_country(cand)
        if cand.type != "PER" and cand.b - cand.a > 1 and self.lemmas[cand.b - 1] in _lex("facility_words"):
            cand.type = "FAC"  # «Арлингтонском кладбище»
        return cand

    @staticmethod
    @lru_cache(maxsize=20_000)  # per word form: the first words of persons' names recur
    def _title_word(word: str) -> bool:
        """A capitalised honorific or post head that no reading takes for a name."""
        ps = parses(word)
        if not word[:1].isupper() or any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in ps):
            return False
        # a compound's post counts: «Режиссер-постановщик Иван Петров» (posts.lemma_forms)
        return any(p.tag.POS == "NOUN" and (p.normal_form in honorific_words()
                                            or lemma_forms(p.normal_form) & post_heads()) for p in ps)

    def _trim(self, a: int, b: int, kind: str, legal: frozenset[str]) -> tuple[int, int]:
        w = self.words
        while a < b and (w[a] in PUNCT or key(w[a]) in legal or w[a] in CLOSERS - set(OPEN_CLOSE)
                         or (kind != "PER" and _lower_word(w[a]))):
            a += 1
        while b > a and (w[b - 1] in PUNCT or key(w[b - 1]) in legal):
            b -= 1
        while kind == "PER" and b - a > 1 and self._title_word(w[a]):
            a += 1  # «Сэр Алекс Фергюсон», «Князь Голицын»: a title or an honorific, not the name
        # quotation marks: «Газпром» → Газпром; Фонде «Наследие» keeps its marks
        if a < b and w[a] in OPEN_CLOSE:
            if w[b - 1] == OPEN_CLOSE[w[a]] and OPEN_CLOSE[w[a]] not in w[a + 1:b - 1]:
                return self._trim(a + 1, b - 1, kind, legal)
            if OPEN_CLOSE[w[a]] not in w[a + 1:b]:
                return self._trim(a + 1, b, kind, legal)
        if a < b and w[b - 1] in CLOSERS:
            opener = [o for o, c in OPEN_CLOSE.items() if c == w[b - 1]]
            if not any(o in w[a:b - 1] for o in opener):
                return self._trim(a, b - 1, kind, legal)
        return a, b

    def _not_a_name(self, a: int, b: int, kind: str) -> bool:
        w = self.words
        if " ".join(w[a:b]) in lexicons.words("not_names"):
            return True
        first = best(w[a])
        proper = not PROPER_TAGS.isdisjoint(first.tag.grammemes)
        if b - a == 1:
            if first.tag.POS in ("ADJF", "PRTF") and not proper:
                return True  # an adjective is not a name («Актанышского»)
            if a in self.sent_start and not proper and first.tag.POS == "NOUN" and w[a][1:].islower():
                # «Внук бывшего президента…», «Американцы смогут…»: a dictionary common noun
                return kind == "PER" or (kind != "ORG" and first.is_known)
            return False
        # «Казахстанской стороной»: a sentence-initial adjective and lower-case words after it
        if a in self.sent_start and first.tag.POS in ("ADJF", "PRTF") and not proper:
            m = self.match_starting.get(b)
            if self.lemmas[b - 1] in _lex("org_words") and m is not None and m.entry.type == "LOC":
                return False  # «Экспортно-импортный банк» + «Китая»: a name that ends in its country
            return all(not x[:1].isupper() for x in w[a + 1:b])
        return False

    def _split_body(self, c: Cand) -> None:
        """«МИД России» → ORG «МИД» + LOC «России»; «Правительство РФ» → only the place."""
        m = self.match_ending.get(c.b)
        tail = None
        if m is not None and m.start > c.a and m.entry.type == "LOC":
            tail = m.start
        elif c.b - c.a > 1 and self._city(c.b - 1):
            tail = c.b - 1
        body = next((i for i in range(c.a, tail or c.b) if self._noun(i)), c.a)
        kind = self._body_kind(body)
        if kind is None or (tail is None and (kind != "generic" or c.a not in self.sent_start)):
            return
        if tail is not None and (m is None or m.start != tail):
            c.tail.append(Cand(tail, c.b, "LOC", "ner", P_CITY))
        if kind == "generic":
            c.b = c.a  # a descriptor: only the place in it is a mention
        elif tail is not None:
            c.b, c.type = tail, "ORG"
            c.qualifier = m.entry.key if m is not None and m.start == tail else f"loc:{self.lemmas[tail]}"

    def _own_country(self, c: Cand) -> None:
        """«Промышленный и коммерческий банк» + «Китая»: a name ending in a common word takes the
        country after it in the genitive (the place stays a nested mention)."""
        m = self.match_starting.get(c.b)
        if m is None or m.entry.type != "LOC" or not _lower_word(self.words[c.b - 1]):
            return
        if any(self._body_kind(i) == "body" for i in range(c.a, c.b)):
            return  # «Министерства торговли» + «Турции»: a state body stays split from its country
        first = self.words[m.start]
        # «Индии», «Турции» read as dative or locative first: a genitive reading is enough here
        if first.isupper() or any(p.tag.case == "gent" for p in parses(first)[:3]):
            c.b = m.stop

    def _noun(self, i: int) -> bool:
        t = self.doc.tokens[i]
        return t.pos == "NOUN" or self.words[i].isupper()

    def _body_kind(self, i: int) -> str | None:
        rows = _bodies()
        return rows.get(self.lemmas[i]) or rows.get(key(self.words[i]))

    def _city(self, i: int) -> bool:
        w = self.words[i]
        if not w[:1].isupper():
            return False
        p = best(w)
        return "Geox" in p.tag and p.tag.case == "gent"

    # --- resolution ----------------------------------------------------------------------------

    def resolve(self) -> list[NameMention]:
        accepted: list[Cand] = []
        cover: dict[int, list[Cand]] = {}  # token → accepted candidates over it (a conflict overlaps)
        for c in sorted(self.cands, key=lambda c: (-c.prio, -(c.b - c.a), c.a)):
            if c.a >= c.b or any(_conflict(c, x) for i in range(c.a, c.b) for x in cover.get(i, ())):
                continue
            accepted.append(c)
            for i in range(c.a, c.b):
                cover.setdefault(i, []).append(c)
        accepted.sort(key=lambda c: (c.a, -c.b))
        accepted = self._bodies(self._units(accepted))
        made: dict[int, NameMention] = {}
        out = []
        toks, text = self.doc.tokens, self.doc.text
        for c in accepted:
            start, stop = toks[c.a].start, toks[c.b - 1].stop
            m = NameMention(start, stop, c.type, text[start:stop], c.source, key=c.key, qualifier=c.qualifier)
            made[id(c)] = m
            out.append(m)
        # «Федеральной службы … (Роскомнадзора)»: the name in parentheses repeats the one before
        starts = {c.a: c for c in accepted}
        for c in accepted:
            if c.b + 1 < len(self.words) and self.words[c.b] == "(":
                d = starts.get(c.b + 1)
                if d is not None and d.type == c.type and d.b < len(self.words) and self.words[d.b] == ")":
                    if d.type == "LOC" and (d.key or "").startswith("iso:") and d.key != c.key:
                        continue  # «Сан-Франциско (США)»: the country the place lies in
                    made[id(d)].alias = made[id(c)]
        return out

    def _units(self, accepted: list[Cand]) -> list[Cand]:
        """«ГУ МВД», «ЦК КПК»: a short abbreviation right before an organisation's abbreviation
        names a unit of it, one organisation (not the body it belongs to)."""
        out: list[Cand] = []
        for c in accepted:
            prev = out[-1] if out else None
            if (prev is not None and prev.type == c.type == "ORG" and prev.b == c.a and prev.b - prev.a == 1
                    and prev.key is None
                    and _short_abbreviation(self.words[prev.a]) and self.words[c.a].isupper()):
                out[-1] = Cand(prev.a, c.b, "ORG", "ner", max(prev.prio, c.prio))
                continue
            out.append(c)
        return out

    def _bodies(self, accepted: list[Cand]) -> list[Cand]:
        """A state body followed by a place gets it as its qualifier (the Japanese and the
        Russian МИД are two entities); a generic body («Правительство») is no mention."""
        starts = {c.a: c for c in accepted if c.type == "LOC"}
        out = []
        for c in accepted:
            if c.type == "ORG":
                body = next((i for i in range(c.a, c.b) if self._noun(i)), c.a)
                kind = self._body_kind(body)
                if kind == "generic" and body == c.a:
                    continue
                place = starts.get(c.b)
                if kind == "body" and place is not None and c.qualifier is None:
                    c.qualifier = place.key or f"loc:{self.lemmas[place.a]}"
            out.append(c)
        return out

    def surnames(self) -> None:
        """A surname of a person named in full is a mention wherever it recurs, in any case
        («Касым-Жомарт Токаев … Токаев отметил»), where slovnet missed it."""
        known = set()
        for c in self.cands:
            if c.type == "PER" and c.b - c.a > 1:
                known |= normal.person(self.words[c.a:c.b]).last_forms
        if not known:
            return
        covered = {i for c in self.cands for i in range(c.a, c.b)}
        words = self.words
        # a word with a capital first letter is not all lower case: the lower-case words, most
        # of a text, are passed over by a C-level pass
        for i in compress(range(len(words)), map(not_, map(str.islower, words))):
            w = words[i]
            if i in covered or len(w) < 3 or not w[:1].isupper() or w.isupper():
                continue
            if key(w) in known or not known.isdisjoint(_surname_lemmas(w)):
                self.cands.append(Cand(i, i + 1, "PER", "ner", P_SLOVNET))

    def build(self) -> list[NameMention]:
        self.gazetteer()
        self.quoted()
        self.slovnet()
        self.surnames()
        return self.resolve()


def _conflict(c: Cand, x: Cand) -> bool:
    """Whether `c` may not stand beside the accepted `x`."""
    if c.b <= x.a or x.b <= c.a:
        return False
    if (c.a, c.b) == (x.a, x.b):
        return True
    return not (_nests(c, x) or _nests(x, c))


def _nests(inner: Cand, outer: Cand) -> bool:
    """A place inside an organisation or facility name, or a facility inside a quoted name."""
    return (outer.a <= inner.a and inner.b <= outer.b and outer.type in ("ORG", "FAC")
            and inner.type == "LOC" and inner.source == "gazetteer")


def build(doc: Doc, spans: list[tuple[int, int, str]]) -> list[NameMention]:
    """The mentions of `doc`, given slovnet's spans as (first token, stop token, type)."""
    return Builder(doc, spans).build()
