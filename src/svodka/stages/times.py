"""Times: dates, periods and deadlines, read from the token stream of each sentence.

A *core* names a stretch of time: «3 апреля 2017 года», «декабре 2013 года», «2018 году»,
«втором квартале 2014 года», «весной 2002 года», «03.04.2017», «2025–2026 годах», and, when
meta.published is given, «вчера», «в прошлом году», «на следующей неделе», «в понедельник»,
«7 февраля». Wrappers around cores make the kinds: «с A по B» / «между A и B» / «A – B» a
period, «с A» an open start (a date), «до (конца) A» / «к A» / «не позднее A» a deadline.
Words are data: months, ordinals, time_words lexicons.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

from .. import lexicons
from ..doc import Doc, TimeExpr, Token
from ..marks import DASHES
from . import Stage
from .dates import (
    Point,
    Span,
    day_point,
    month_shift,
    nearest_year,
    parse_published,
    week_span,
    weekday_date,
)
from .lexmatch import abbr_dot, norm
from .morph import lemma, parses
from .numbers import numeral_starts, word_numeral

YEAR_RE = re.compile(r"^(\d{4})(?:-(?:го|м|й|е|х|ого|ом))?$")
YEAR_RANGE_RE = re.compile(r"^(\d{4})[-–—](\d{2}|\d{4})$")
DECADE_RE = re.compile(r"^(\d{3}0)-(?:х|е|ых|ые)$")
DAY_RE = re.compile(r"^(\d{1,2})(?:-(?:го|е|ое))?$")
DAY_RANGE_RE = re.compile(r"^(\d{1,2})[-–—](\d{1,2})$")
NUM_DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
ORD_SUFFIX_RE = re.compile(r"^(\d)-(?:й|м|го|ом|ое|е|ый|ого)$")
MONTH_PAIR_RE = re.compile(r"[-–—]")
MONTHS_PRECEDE = frozenset({"за", "первые", "первых"})  # «за девять месяцев 2024 года»
YEAR_WORDS = frozenset({"г", "гг"})
PERIOD_TO = frozenset({"по", "до"})
LIST_JOIN = frozenset({"и", "или", ",", "по", "до"}) | DASHES
# a month without a year is a time only after one of these («в апреле», «в начале мая»)
SHOULD_PRECEDE_MONTH = frozenset({"в", "во", "с", "со", "до", "к", "по",
                                  "начало", "середина", "конец", "окончание"})
DEADLINE_LOOKBACK = 4
# the words before a core that `_Sentence.expr` reads («с 2019 года», «между … и …», «до», «к»,
# «не позднее»)
WRAPPERS = frozenset({"с", "со", "c", "между", "до", "к", "не"})


@cache
def _months() -> dict[str, int]:
    return {r[0]: int(r[1]) for r in lexicons.load("months")}


@cache
def _ordinals() -> dict[str, int]:
    return {norm(r[0]): int(r[1]) for r in lexicons.load("ordinals")}


@cache
def _time_words() -> dict[str, dict[str, str]]:
    """kind → {word: value} from the time_words lexicon."""
    out: dict[str, dict[str, str]] = {}
    for word, kind, value in lexicons.load("time_words"):
        out.setdefault(kind, {})[norm(word)] = value
    return out


@cache
def _time_word_keys() -> frozenset[str]:
    """Every word of the time_words lexicon, of any kind."""
    return frozenset(k for table in _time_words().values() for k in table)


@lru_cache(maxsize=100_000)
def _tw_all(text: str, lemma: str) -> dict[str, str]:
    """kind → value of every time_words row this word form (by lemma or text) belongs to."""
    out: dict[str, str] = {}
    keys = (norm(lemma or text), norm(text))
    words = _time_word_keys()
    if keys[0] not in words and keys[1] not in words:
        return out  # most words: no table is looked at
    for kind, table in _time_words().items():
        for k in keys:
            if k in table:
                out[kind] = table[k]
                break
    return out


def _tw(kind: str, t: Token) -> str | None:
    return _tw_all(t.text, t.lemma).get(kind)


@cache
def _month_stems() -> frozenset[str]:
    return frozenset(m[:2] for m in _months())


def _month_form(text: str) -> bool:
    """A form of a month name whose first parse is another word's («маю»); the first two
    letters are checked first, so that most words are never parsed here."""
    if text[:2].lower() not in _month_stems():
        return False
    return any(p.tag.POS == "NOUN" and p.normal_form in _months() for p in parses(text))


@cache
def _start_letters() -> frozenset[str]:
    """The first two letters of every word `_may_start` looks up (months, ordinals, time words,
    numerals, as written and with «ё» read as «е»): a word whose text and lemma begin with none of
    them, and that holds no dash (a month pair), cannot start a core."""
    words = [*_months(), *_ordinals(), *_time_word_keys()]
    return (frozenset(w[:2] for w in words) | frozenset(norm(w)[:2] for w in words)
            | _month_stems() | numeral_starts())


@lru_cache(maxsize=100_000)
def _may_start(text: str, lemma: str) -> bool:
    """Can a time core start at this word? Digits, months, ordinals, time words: a cheap
    gate so that most tokens are passed over at once."""
    if text[:1].isdigit():
        return True
    low = norm(text)
    starts = _start_letters()
    if (low[:2] not in starts and text[:2].lower() not in starts and (lemma or text)[:2] not in starts
            and norm(lemma or text)[:2] not in starts and not MONTH_PAIR_RE.search(low)):
        return False  # most words: none of the lookups below could succeed
    if _month_pair(low) or word_numeral(low) is not None:  # «январе–июне», «за девять месяцев»
        return True
    return (lemma in _months() or low in _months() or low in _ordinals() or norm(lemma) in _ordinals()
            or bool(_tw_all(text, lemma)) or _month_form(text))


@lru_cache(maxsize=100_000)
def _may_begin(text: str, lemma: str) -> bool:
    """Can a time expression begin at this word: a core, or a wrapper read before one («с»,
    «между», «до», «к», «не позднее»)? Asked of every token: one cached answer per word form."""
    return _may_start(text, lemma) or text.lower() in WRAPPERS


def _is_year_word(t: Token) -> bool:
    """«год», «году», «года», «гг.», «г.» but not «лет» (a duration)."""
    low = t.text.lower()
    return low in YEAR_WORDS or (t.lemma == "год" and low != "лет")


def _month(t: Token, abbr_ok: bool) -> int | None:
    if not t.text[:1].islower():
        return None
    months = _months()
    if t.lemma in months and t.pos == "NOUN":
        return months[t.lemma]
    low = t.text.lower()
    for p in parses(t.text):  # «маю»: pymorphy3's first parse is not always the month's
        if p.tag.POS == "NOUN" and p.normal_form in months and p.normal_form != low:
            return months[p.normal_form]
    if abbr_ok and low in months and len(low) <= 5:
        return months[low]
    return None


@lru_cache(maxsize=10_000)
def _month_pair(low: str) -> tuple[int, int] | None:
    """«январе–сентябре», «январь-июнь» (razdel keeps them one token): the two months."""
    parts = MONTH_PAIR_RE.split(low)
    if len(parts) != 2:
        return None
    months = _months()
    a, b = (months.get(lemma(x)) for x in parts)
    return (a, b) if a and b and a != b else None


def _year(t: Token) -> int | None:
    m = YEAR_RE.match(t.text)
    if m and 1000 <= int(m.group(1)) <= 2100:
        return int(m.group(1))
    return None


class _Sentence:
    """Matching state for one sentence's tokens."""

    def __init__(self, toks: list[Token], published):
        self.toks = toks
        self.n = len(toks)
        self.published = published
        self.at = 0  # where the expression being read starts

    # --- helpers ---

    def text(self, i: int) -> str:
        return self.toks[i].text.lower() if i < self.n else ""

    def skip_dot(self, i: int) -> int:
        return i + 1 if abbr_dot(self.toks, i) else i

    def year_tail(self, i: int) -> int:
        """End of an optional «года»/«г.» after a year at i - 1."""
        if i < self.n and _is_year_word(self.toks[i]):
            return self.skip_dot(i + 1)
        return i

    def tense(self, i: int) -> str | None:
        """Tense of the verb nearest to token i («past», «futr»; present gives None)."""
        best = None
        for k, t in enumerate(self.toks):
            if (t.tag is not None and t.tag.tense in ("past", "futr") and t.pos in ("VERB", "PRTS")
                    and (best is None or abs(k - i) < best[0])):
                best = (abs(k - i), t.tag.tense)
        return best[1] if best else None

    # --- cores ---

    def core(self, i: int, bare_year: bool = False):
        """(Span, end) of a time core at token i, or None. Spans may lack their year."""
        if i >= self.n or not _may_start(self.toks[i].text, self.toks[i].lemma):
            return None
        for f in (self._numeric, self._day_month, self._month_year, self._month_range,
                  self._months_of_year, self._part, self._season, self._year, self._relative):
            r = f(i, bare_year)
            if r:
                return r
        return None

    def _numeric(self, i, _):
        t = self.toks[i].text
        m = NUM_DATE_RE.match(t)
        if m:
            p = Point(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        else:
            m = ISO_DATE_RE.match(t)
            if not m:
                return None
            p = Point(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return (Span(p, p), i + 1) if p.valid() else None

    def _year_after(self, j: int) -> tuple[int | None, int]:
        """An optional year (with «года») at j: (year, end)."""
        if j < self.n:
            y = _year(self.toks[j])
            if y:
                return y, self.year_tail(j + 1)
            rel = _tw("rel", self.toks[j])  # «в июне прошлого года»
            if rel is not None and j + 1 < self.n and _tw("unit", self.toks[j + 1]) == "year":
                if self.published is None:
                    return None, j + 2
                return self.published.year + int(rel), j + 2
        return None, j

    def _day_month(self, i, _):
        t = self.toks[i].text
        m, r = DAY_RE.match(t), DAY_RANGE_RE.match(t)
        if not (m or r) or i + 1 >= self.n:
            return None
        month = _month(self.toks[i + 1], abbr_ok=True)
        if not month:
            return None
        year, end = self._year_after(self.skip_dot(i + 2))
        if m:
            first = last = Point(year, month, int(m.group(1)))
        else:
            first, last = Point(year, month, int(r.group(1))), Point(year, month, int(r.group(2)))
        return Span(first, last), end

    def _month_year(self, i, _):
        month = _month(self.toks[i], abbr_ok=False)
        after = i + 1
        if not month and abbr_dot(self.toks, i + 1):  # «в сент. 2019 года»: an abbreviation with its dot
            month = _month(self.toks[i], abbr_ok=True)
            after = i + 2
        if not month:
            return None
        year, end = self._year_after(after)
        if year is None and after > i + 1:
            return None
        if year is None:
            prev = self.toks[i - 1] if i else None
            if prev is None or (norm(prev.text) not in SHOULD_PRECEDE_MONTH
                                and prev.lemma not in SHOULD_PRECEDE_MONTH):
                return None
        p = Point(year, month)
        return Span(p, p), end

    def _month_range(self, i, _):
        """«январе–сентябре 2024 года» as one token: a period of months."""
        pair = _month_pair(norm(self.toks[i].text))
        if not pair:
            return None
        year, end = self._year_after(i + 1)
        a, b = pair
        first_year = year - 1 if year is not None and a > b else year
        return Span(Point(first_year, a), Point(year, b)), end

    def _months_of_year(self, i, _):
        """«за девять месяцев 2024 года», «за 5 месяцев 2025 г.»: January to the N-th month."""
        if not i or self.text(i - 1) not in MONTHS_PRECEDE or i + 2 >= self.n:
            return None
        if self.toks[i + 1].lemma != "месяц":
            return None
        t = self.toks[i].text
        num = int(t) if t.isdigit() else (int(w[0]) if (w := word_numeral(t)) else 0)
        year = _year(self.toks[i + 2])
        if not 1 <= num <= 12 or year is None:
            return None
        return Span(Point(year, 1), Point(year, num)), self.year_tail(i + 3)

    def _ordinal(self, t: Token) -> int | None:
        ords = _ordinals()
        m = ORD_SUFFIX_RE.match(t.text)
        if m:
            return ords.get(m.group(1))
        for k in (norm(t.text), norm(t.lemma or "")):
            if k in ords and not k.isdigit():
                return ords[k]
        return None

    def _part(self, i, _):
        """«втором квартале 2014 года», «первое полугодие 2009 года», «I квартал»."""
        if i + 1 >= self.n:
            return None
        k = self._ordinal(self.toks[i])
        size = _tw("part", self.toks[i + 1])
        if not k or not size:
            return None
        size = int(size)
        if k * size > 12:
            return None
        year, end = self._year_after(i + 2)
        if year is None and self.toks[i + 2:i + 3] and _is_year_word(self.toks[i + 2]):
            return None  # «первом квартале прошлого года» and the like: not handled
        return Span(Point(year, (k - 1) * size + 1), Point(year, k * size)), end

    def _season(self, i, _):
        if _tw("season", self.toks[i]) is None:
            return None
        year, end = self._year_after(i + 1)
        if year is None:
            return None
        p = Point(year)
        return Span(p, p), end

    def _year(self, i, bare_year):
        t = self.toks[i]
        m = DECADE_RE.match(t.text)
        if m:
            y = int(m.group(1))
            if 1000 <= y <= 2090:
                return Span(Point(y), Point(y + 9)), self.year_tail(i + 1)
            return None
        m = YEAR_RANGE_RE.match(t.text)
        if m:
            a, b = int(m.group(1)), m.group(2)
            b = int(b) if len(b) == 4 else a // 100 * 100 + int(b)
            if 1000 <= a < b <= 2100 and i + 1 < self.n and _is_year_word(self.toks[i + 1]):
                return Span(Point(a), Point(b)), self.year_tail(i + 1)
            return None
        y = _year(t)
        if y is None:
            return None
        end = self.year_tail(i + 1)
        if end > i + 1 or "-" in t.text or bare_year or self._year_list_follows(i + 1):
            return Span(Point(y), Point(y)), end
        return None

    def _year_list_follows(self, j: int) -> bool:
        """«2017 и 2018 годах», «2024 – 2027 годы»: a bare year joined to a year with «год»."""
        return (j + 2 < self.n and self.text(j) in LIST_JOIN and _year(self.toks[j + 1]) is not None
                and _is_year_word(self.toks[j + 2]))

    def _relative(self, i, _):
        pub = self.published
        if pub is None:
            return None
        t = self.toks[i]
        off = _tw("day", t)
        if off is not None:
            if t.lemma == "накануне" and i + 1 < self.n and self.toks[i + 1].pos in ("NOUN", "ADJF"):
                return None  # «накануне визита»: the eve of something else
            p = day_point(pub + dt.timedelta(days=int(off)))
            return Span(p, p), i + 1
        rel = _tw("rel", t)
        if rel is not None and i + 1 < self.n:
            unit, wd = _tw("unit", self.toks[i + 1]), _tw("weekday", self.toks[i + 1])
            rel = int(rel)
            if unit == "year":
                p = Point(pub.year + rel)
                return Span(p, p), i + 2
            if unit == "month":
                p = month_shift(pub, rel)
                return Span(p, p), i + 2
            if unit == "week":
                return week_span(pub, rel), i + 2
            if wd is not None:
                d = weekday_date(int(wd), pub, future=rel > 0)
                p = day_point(d + dt.timedelta(weeks=rel if rel <= 0 else rel - 1))
                return Span(p, p), i + 2
            return None
        wd = _tw("weekday", t)
        if wd is not None and i and self.text(i - 1) in ("в", "во"):
            j = i + 1 + (self.text(i + 1) == ",")
            if self._day_month(j, False) if j < self.n else None:
                return None  # «в среду, 3 октября»: the date says it
            p = day_point(weekday_date(int(wd), pub, self.tense(i) == "futr"))
            return Span(p, p), i + 1
        return None

    # --- wrappers ---

    def fill_year(self, span: Span, year: int | None = None) -> Span | None:
        """Supply a missing year from a neighbour or from meta.published, else None."""
        if span.last.year is not None:
            return span
        if year is None:
            if self.published is None:
                return None
            f = span.first
            if f.month:
                year = nearest_year(f.month, f.day, self.published, self.tense(self.at))
            else:
                year = self.published.year
        return span.with_year(year)

    def expr(self, i: int):
        """(kind, value, start, end) of a time expression starting at token i, or None."""
        t = self.toks[i]
        if not _may_begin(t.text, t.lemma):
            return None  # no core starts here and no wrapper is read below
        self.at = i
        w = self.text(i)
        if w in ("с", "со", "c"):  # a Latin «c» typed for the preposition happens
            r = self._from(i)
            if r:
                return r
        if w == "между":
            a = self.core(i + 1, bare_year=True)
            if a and self.text(a[1]) == "и":
                b = self.core(a[1] + 1)
                if b:
                    return self._period(a[0], b[0], i, b[1])
        if w in ("до", "к") or (w == "не" and self.text(i + 1) in ("позднее", "позже")):
            r = self._deadline(i, i + (2 if w == "не" else 1))
            if r:
                return r
        a = self.core(i)
        if not a:
            return None
        span, end = a
        if self.text(end) in DASHES:
            b = self.core(end + 1)
            if b and (span.last.year is None or b[0].first.year is not None):
                return self._period(span, b[0], i, b[1])
        span = self.fill_year(span)
        if span is None or not span.first.valid() or not span.last.valid():
            return None
        if span.is_point:
            lo = max(0, i - DEADLINE_LOOKBACK)
            if any(_tw("deadline", t) is not None for t in self.toks[lo:i]):
                return "deadline", span.last.last_day(), i, end
            return "date", span.first.iso(), i, end
        return "period", {"from": span.first.iso(), "to": span.last.iso()}, i, end

    def _from(self, i: int):
        a = self.core(i + 1, bare_year=True)
        if not a:
            return None
        span, end = a
        if self.text(end) in PERIOD_TO:
            b = self.core(end + 1)
            if b:
                return self._period(span, b[0], i, b[1])
        if end == i + 2 and YEAR_RE.match(self.toks[i + 1].text) and "-" not in self.toks[i + 1].text:
            return None  # «с 2024» with no «года» and no end: too weak
        span = self.fill_year(span)
        if span is None or not span.first.valid():
            return None
        return "date", span.first.iso(), i, end

    def _period(self, a: Span, b: Span, start: int, end: int):
        b = self.fill_year(b)
        if b is None:
            return None
        ay = a.first.year
        if ay is None:
            ay = b.first.year
            if a.first.month and b.first.month and a.first.month > b.first.month:
                ay -= 1
            a = a.with_year(ay)
        first, last = a.first, b.last
        if not (first.valid() and last.valid()):
            return None
        return "period", {"from": first.iso(), "to": last.iso()}, start, end

    def _deadline(self, i: int, j: int):
        to_end = j < self.n and _tw("edge", self.toks[j]) == "end"
        if to_end:
            j += 1
        a = self.core(j)
        if a is None and to_end and self.published is not None and j < self.n:
            a = self._this_unit(j)
        if a is None:
            return None
        span = self.fill_year(a[0])
        if span is None or not span.last.valid():
            return None
        # the last day the deadline allows: «к 2030 году», «до конца 2027 года» → the year's last
        # day; a day named as the limit («до 1 марта») is that day
        return "deadline", span.last.last_day(), i, a[1]

    def _this_unit(self, j: int):
        """«до конца года», «до конца месяца»: the unit that contains the publication date."""
        unit = _tw("unit", self.toks[j])
        pub = self.published
        if unit == "year":
            return Span(Point(pub.year), Point(pub.year)), j + 1
        if unit == "month":
            p = Point(pub.year, pub.month)
            return Span(p, p), j + 1
        return None


class Times(Stage):
    name = "times"

    def __call__(self, doc: Doc) -> None:
        published = parse_published(doc.meta.published)
        out = []
        for s in doc.sents:
            toks = doc.sent_tokens(s)
            # expr's own gate, asked here once per token: most sentences have no position where
            # an expression may start, and the rest only a few
            starts = [k for k, t in enumerate(toks) if _may_begin(t.text, t.lemma)]
            if not starts:
                continue
            m = _Sentence(toks, published)
            end = 0  # the end of the last expression read: the next one starts after it
            for i in starts:
                if i < end:
                    continue
                r = m.expr(i)
                if r is not None:
                    kind, value, a, end = r
                    out.append(TimeExpr(kind, m.toks[a].start, m.toks[end - 1].stop, value))
        doc.times = out
