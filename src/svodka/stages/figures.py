"""Figures: money, counts, percents and measures, read from the token stream.

For each number (numbers.py) the words after it decide the kind: «%»/«процентов» → percent,
a currency (symbol before or word after) → money, a unit → measure (with the genitive noun
after it as item), an agreeing noun phrase → count (items.py). Words before it give approx
(«более» → gt); «из 30» after a count gives the total. A bare number takes its kind from the
number it is joined to («от 3 до 5 тысяч рублей»), a bare «3 млрд» the currency named just
before, a bare «пятеро» the item counted just before. Numbers inside time expressions, after
«статья»/«№», before durations («19 лет»), ratios («в 2 раза») and parts are not figures.
All the words are data: currencies, units, scales, approx, figure_stops lexicons.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from .. import lexicons
from ..doc import Doc, Figure, TimeExpr, Token
from ..marks import DASHES
from . import Stage
from .items import CLOSE_QUOTES, OPEN_QUOTES, noun_before, noun_phrase
from .lexmatch import SYMBOLS, Phrases, abbr_dot, keys, norm
from .morph import parses
from .numbers import Number, numeral_starts, read_number, scale_of, word_numeral

CONNECTORS = frozenset({"до", "и", "или", ","}) | DASHES
# a clause boundary: a time beyond it dates another fact («…, а до конца 2027 года …»)
CLAUSE_JOINS = frozenset({"а", "но", "и", "однако", "тогда", "причём", "притом"})
SENTENCE_OPENING = 4  # tokens before a time that still opens its sentence
TARGET_REACH = 8  # tokens between a verb of change and its «до» («вырос на 12,5% до …»)
CLAUSE_END = frozenset({",", ";", ":", ".", "!", "?", "(", ")"})
FROM_REACH = 8  # tokens between «с» + number and the «до» of a change «с X до Y»
PERCENT = frozenset({"%", "процент", "проц"})
SCALE_STEMS = ("тысяч", "миллион", "миллиард", "триллион")  # for the cheap gate only
MIN_WORD_COUNT = 3  # «две страны», «один из» refer rather than count
CURRENCY_REACH = 2  # sentences a named currency carries over to a bare «3 млрд»
DEFAULT_COLL_ITEM = "человек"  # «пятеро выступили против» with nothing counted before


@cache
def _currencies() -> Phrases:
    return Phrases((r[0], (r[1], norm(r[2]) if len(r) > 2 else "")) for r in lexicons.load("currencies"))


@cache
def _units() -> Phrases:
    return Phrases((r[0], r[1]) for r in lexicons.load("units"))


@cache
def _approx() -> Phrases:
    return Phrases((r[0], (r[1], len(r) > 2 and r[2] == "post")) for r in lexicons.load("approx"))


@cache
def _stops() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {"before": set(), "after": set()}
    for word, where in lexicons.load("figure_stops"):
        out[where].add(norm(word))
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _change_verbs() -> frozenset[str]:
    return lexicons.words("change_verbs")


@cache
def _months() -> frozenset[str]:
    return lexicons.words("months")


@dataclass
class Cand:
    first: int  # first token of the figure's span (a currency symbol or the number)
    lead: int  # first token of the words that qualify it (approx)
    num: Number
    end: int = 0  # span end (exclusive token index)
    after: int = 0  # first token not consumed
    kind: str | None = None
    unit: str | None = None
    item: str | None = None
    approx: str | None = None
    total: Decimal | None = None
    drop: bool = False  # a number that is not a figure (its tokens are skipped)
    quoted: bool = False  # right after an opening quotation mark


def currency_at(toks: list[Token], j: int) -> tuple[str, int] | None:
    """(code, end) of a currency at toks[j]: «долларов», «долл.», «$», «канадских долларов»,
    «долларов США»."""
    if j >= len(toks):
        return None
    cur = _currencies()
    qual = None
    r = cur.at(toks, j)
    if r is None and toks[j].pos == "ADJF" and j + 1 < len(toks):
        qual, r = norm(toks[j].lemma), cur.at(toks, j + 1)
    if r is None:
        return None
    rows, end = r
    code = next((c for c, q in rows if q == ""), rows[0][0])
    if qual is not None:
        match = [c for c, q in rows if q == qual]
        if not match:
            return None
        code = match[0]
    elif end < len(toks):
        after = keys(toks[end])
        match = [c for c, q in rows if q and q in after]
        if match:
            code, end = match[0], end + 1
    return code, end


@lru_cache(maxsize=100_000)
def _may_start(text: str) -> bool:
    """Can a figure start at this word? A cheap gate: digits, symbols, codes, numerals."""
    # word_numeral's own first test asked here: most words start as no numeral does, and are
    # told without a call that would keep an answer for them
    return (text[:1].isdigit() or text in SYMBOLS or text.isupper()
            or (text.lower()[:2] in numeral_starts() and word_numeral(text) is not None)
            or norm(text).startswith(SCALE_STEMS))


def _is_percent(t: Token) -> bool:
    return any(k in PERCENT for k in keys(t))


def _percent_end(toks: list[Token], j: int) -> int | None:
    """End of «%», «процентов», «проц.», «процентных пункта» at toks[j], else None."""
    if j >= len(toks):
        return None
    if _is_percent(toks[j]):
        return j + 2 if abbr_dot(toks, j + 1) else j + 1
    if toks[j].lemma == "процентный" and j + 1 < len(toks) and toks[j + 1].lemma == "пункт":
        return j + 2
    return None


class _Reader:
    """Reads the figure candidates of one sentence."""

    def __init__(self, doc: Doc, toks: list[Token], in_time):
        self.doc, self.toks, self.n, self.in_time = doc, toks, len(toks), in_time

    def candidates(self) -> list[Cand]:
        out, i = [], 0
        while i < self.n:
            t = self.toks[i]
            c = self.read(i) if _may_start(t.text) and not self.in_time(t) else None
            if c is None:
                i += 1
                continue
            if not c.drop:
                out.append(c)
            i = max(c.after, i + 1)
        return out

    def read(self, i: int):
        """The candidate at toks[i] (drop: a number that is not a figure), None if no number."""
        toks = self.toks
        prefix = None
        if toks[i].text in SYMBOLS or toks[i].text.isupper():
            cur = currency_at(toks, i)
            if cur and cur[1] < self.n and (num := read_number(self.doc.text, toks, cur[1])):
                prefix = cur[0]
        if prefix is None:
            num = read_number(self.doc.text, toks, i) or self._scale_alone(i)
            if num is None:
                return None
        if any(self.in_time(t) for t in toks[num.i:num.j]):
            return None
        c = Cand(first=i, lead=i, num=num, end=num.j, after=num.j)
        before = toks[i - 1] if i else None
        if before is not None and any(k in _stops()["before"] for k in keys(before)):
            c.drop = True
            return c
        if before is not None and before.text in OPEN_QUOTES:
            c.quoted = True  # «16 тонн» as a whole quoted name is no figure (checked below)
        self._approx(c)
        if prefix:
            c.kind, c.unit = "money", prefix
        else:
            self._classify(c)
        k = max(c.end, c.num.j)
        if c.quoted and k < self.n and self.toks[k].text in CLOSE_QUOTES:
            c.drop = True
        return c

    def _scale_alone(self, i: int) -> Number | None:
        """«миллиард долларов», «около миллиона рублей»: a singular scale word before a
        currency is one of it («миллионы рублей» stays uncounted)."""
        t = self.toks[i]
        s = scale_of(t)
        if s is None or t.tag is None or t.tag.number != "sing" or (i and not t.text[:1].islower()):
            return None
        j = i + 2 if abbr_dot(self.toks, i + 1) else i + 1
        if currency_at(self.toks, j) is None:
            return None
        return Number(i, j, Decimal(s), Decimal(1), s, words=True, num_end=i)

    def _approx(self, c: Cand) -> None:
        r = _approx().before(self.toks, c.first)
        if r is None:
            return
        rows, start = r
        pre = [code for code, post in rows if not post]
        if not pre:
            return
        if norm(self.toks[start].text) == "до" and (self._after_change(start) or self._from_figure(start)):
            return  # «вырос до 5%», «с 2,5% до 2,8%»: the value reached, not a bound
        c.approx, c.lead = pre[0], start

    def _after_change(self, j: int) -> bool:
        """A verb of change governs the «до» at toks[j] («вырос на 12% до 5,3 млрд», «снизилась
        в 1,5 раза до …»): looked for back through the clause, past figures and their words."""
        for k in range(j - 1, max(-1, j - 1 - TARGET_REACH), -1):
            t = self.toks[k]
            if t.lemma in _change_verbs():
                return True
            if t.text in CLAUSE_END or (t.pos == "VERB" and k < j - 1):
                return False
        return False

    def _from_figure(self, j: int) -> bool:
        """A «с/со» + number just before toks[j] («с нынешних 7,1 млрд долларов до …»): a change
        from one value to another, not a range (a range is «от … до …»)."""
        for k in range(max(0, j - FROM_REACH), j - 1):
            if norm(self.toks[k].text) in ("с", "со"):
                m = k + 1
                while m < j and self.toks[m].pos == "ADJF":
                    m += 1
                if m < j and self.toks[m].text[:1].isdigit():
                    return True
        return False

    def _post_approx(self, c: Cand) -> None:
        r = _approx().at(self.toks, c.after)
        if r and any(post for _, post in r[0]) and c.approx is None:
            c.approx = next(code for code, post in r[0] if post)
            c.after = r[1]

    def _classify(self, c: Cand):
        toks, j = self.toks, c.num.j
        if (pe := _percent_end(toks, j)) is not None:
            c.kind, c.end = "percent", pe
        elif cur := currency_at(toks, j):
            c.kind, c.unit, c.end = "money", cur[0], cur[1]
        elif (u := _units().at(toks, j)) is not None:
            c.kind, c.unit, c.end = "measure", u[0][0], u[1]
            np = noun_phrase(toks, c.end, None)
            if np is not None and np.head not in _stops()["after"]:
                c.item, c.after = np.item, np.end
            elif (o := self._bracket_open(c.lead)) is not None:
                c.item = noun_before(toks, o - 1)  # «трубы (около 900 км)»: the pipe is measured
        else:
            self._count(c)
            return
        c.after = max(c.after, c.end)
        self._post_approx(c)

    def _bracket_open(self, i: int) -> int | None:
        """Index of the «(» that opens the bracket a figure at toks[i] begins, else None."""
        k = i - 1
        if k >= 0 and self.toks[k].text == "(":
            return k
        return None

    def _count(self, c: Cand):
        toks, num = self.toks, c.num
        j = num.j
        total = None
        if j + 1 < self.n and toks[j].text == "из" and (t := read_number(self.doc.text, toks, j + 1)):
            total, j = t, t.j  # «29 из 30 пунктов»
        np = noun_phrase(toks, j, (total or num).agree if j < self.n else None) if j < self.n else None
        if np is None:
            return  # bare: resolved against its neighbours later
        if np.head in _stops()["after"] or np.head in _months() or any(
                k in _stops()["after"] for k in keys(toks[j])):
            c.after, c.drop = np.end, True
            return
        if num.words and not num.coll and num.value < MIN_WORD_COUNT:
            c.drop = True
            return
        c.kind, c.item, c.after = "count", np.item, np.end
        if total is None and c.after + 1 < self.n and toks[c.after].text == "из":
            total = read_number(self.doc.text, toks, c.after + 1)  # «29 пунктов пропуска из 30»
            if total is not None:
                c.after = total.j
        if total is not None and total.value > num.value:
            c.total = total.value
        self._post_approx(c)


def _between_ok(toks: list[Token], a: int, b: int) -> bool:
    gap = toks[a:b]
    return 0 < len(gap) <= 2 and all(norm(t.text) in CONNECTORS for t in gap)


def _resolve(cands: list[Cand], toks: list[Token], currency: str | None) -> None:
    """Kinds for bare numbers: from the number they are joined to, from the currency named
    just before, or, for «пятеро», from what was counted before in the sentence."""
    for k, c in enumerate(cands):
        if c.kind is not None:
            continue
        nxt = cands[k + 1] if k + 1 < len(cands) else None
        gap_end = nxt.lead if nxt is not None and nxt.lead > c.num.j else nxt.first if nxt else 0
        if nxt is not None and nxt.kind and _between_ok(toks, c.num.j, gap_end):
            c.kind, c.unit, c.item = nxt.kind, nxt.unit, nxt.item
            if c.num.scale == 1 and nxt.num.scale > 1 and c.num.base <= nxt.num.base:
                c.num.value *= nxt.num.scale
                c.num.scale = nxt.num.scale
            if gap_end - c.num.j == 1 and toks[c.num.j].text in DASHES:  # «2 – 3 млн рублей»
                c.approx, nxt.approx = c.approx or "gt", nxt.approx or "lt"
        elif c.num.coll:
            prev = [p.item for p in cands[:k] if p.kind == "count" and p.item]
            c.kind, c.item = "count", prev[-1] if prev else DEFAULT_COLL_ITEM
        elif c.num.scale > 1 and not c.num.words and currency:
            c.kind, c.unit = "money", currency
        elif not c.num.words and (item := _counted_before_dash(toks, c.lead)):
            c.kind, c.item = "count", item  # «рабочих мест — более 11 тыс.»


def _counted_before_dash(toks: list[Token], lead: int) -> str | None:
    """What a bare number counts when a dash joins it to a noun in the genitive plural before
    it («рабочих мест — более 11 тыс.», «новых школ — 40»), as an item."""
    k = lead - 1
    if k < 1 or toks[k].text not in DASHES:
        return None
    if not any(p.tag.POS == "NOUN" and {"gent", "plur"} <= p.tag.grammemes for p in parses(toks[k - 1].text)):
        return None
    return noun_before(toks, k - 1)


def _figures(c: Cand, toks: list[Token]) -> list[Figure]:
    num = c.num
    stop = num.j if c.kind == "count" else c.end
    if c.kind != "count":
        stop = max(stop, num.j)
    start, stop = toks[c.first].start, toks[stop - 1].stop
    value = _plain(num.value)
    if num.hi is not None:  # «2–3 млн рублей»: two figures, the bounds of a range
        lo = Figure(c.kind, start, stop, value, c.unit, c.item, "gt", _plain(c.total))
        hi = Figure(c.kind, start, stop, _plain(num.hi), c.unit, c.item, "lt", _plain(c.total))
        return [lo, hi]
    return [Figure(c.kind, start, stop, value, c.unit, c.item, c.approx, _plain(c.total))]


def _plain(v: Decimal | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


def link_times(doc: Doc, figures: list[Figure]) -> None:
    """figure.time: the nearest time expression in the figure's sentence, not across brackets."""
    by_sent: dict[int, list[TimeExpr]] = {}
    for t in doc.times:
        s = doc.sent_at(t.start)
        if s is not None:
            by_sent.setdefault(s.i, []).append(t)
    for f in figures:
        s = doc.sent_at(f.start)
        if s is None or s.i not in by_sent:
            continue
        depth_f = _bracket_depth(doc.text, s.start, f.start)
        near = [t for t in by_sent[s.i] if _bracket_depth(doc.text, s.start, t.start) == depth_f
                and _reaches(doc, s, t, f)]
        if near:
            f.time = min(near, key=lambda t: min(abs(t.start - f.stop), abs(f.start - t.stop)))


def _reaches(doc: Doc, s, t: TimeExpr, f: Figure) -> bool:
    """Can time t date figure f of the same sentence s? Not over a clause boundary, unless the
    time opens the sentence («По состоянию на 1 января …, а …»), and never past «сегодня»."""
    a, b = min(f.stop, t.stop), max(f.start, t.start)
    if any(_is_now(k) for k in doc.tokens_in(a, b)):
        return False
    opens = t.start < f.start and len(doc.tokens_in(s.start, t.start)) <= SENTENCE_OPENING
    return opens or not _clause_between(doc, a, b)


def _is_now(t: Token) -> bool:
    return norm(t.text) in _now_words()


@cache
def _now_words() -> frozenset[str]:
    return frozenset(norm(r[0]) for r in lexicons.load("time_words") if r[1] == "now")


def _clause_between(doc: Doc, a: int, b: int) -> bool:
    """Is there «, а», «, но», «, и» … or «;» between character offsets a and b?"""
    toks = doc.tokens_in(a, b)
    return any(t.text == ";" or (t.text == "," and k + 1 < len(toks)
                                 and norm(toks[k + 1].text) in CLAUSE_JOINS)
               for k, t in enumerate(toks))


def _bracket_depth(text: str, lo: int, pos: int) -> int:
    seg = text[lo:pos]
    return seg.count("(") - seg.count(")")


class Figures(Stage):
    name = "figures"

    def __call__(self, doc: Doc) -> None:
        spans = sorted((t.start, t.stop) for t in doc.times)
        starts = [a for a, _ in spans]

        def in_time(tok: Token) -> bool:
            k = bisect_right(starts, tok.start) - 1
            return k >= 0 and spans[k][0] <= tok.start < spans[k][1]

        out: list[Figure] = []
        currency, currency_sent = None, -10
        measured: dict[str, str] = {}  # unit → last item measured in it
        for s in doc.sents:
            toks = doc.sent_tokens(s)
            cands = _Reader(doc, toks, in_time).candidates()
            reach = currency if s.i - currency_sent <= CURRENCY_REACH else None
            _resolve(cands, toks, reach)
            for c in cands:
                if c.kind is None:
                    continue
                if c.kind == "measure":  # «63 миллиарда кубометров» after «… кубометров газа»
                    c.item = c.item or measured.get(c.unit)
                    if c.item:
                        measured[c.unit] = c.item
                out.extend(_figures(c, toks))
                if c.kind == "money" and c.unit:
                    currency, currency_sent = c.unit, s.i
        link_times(doc, out)
        doc.figures = out
