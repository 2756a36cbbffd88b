"""Numbers in the token stream: digits in any notation and numerals in words, with a scale.

    «26,5» «1.844.036.360,12» «1 000 000» (groups split by razdel, joined back here) «13-ю»
    «2–3» (a range) «двух» «двадцать пять» «пятеро» «полтора» + «тыс.» «млн» «миллиардов»

Values are Decimals, so that «15,75 миллиарда» is exactly 15750000000. Numeral lemmas come
from pymorphy3 (via morph.parses) and the numerals lexicon; scale words from scales.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from .. import lexicons
from ..doc import Token
from .lexmatch import abbr_dot, norm
from .morph import parses

# «1.844.036.360,12»: dots group thousands; «26,5» / «26.5»: one decimal separator
DOTTED_RE = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
PLAIN_RE = re.compile(r"^\d+(?:[.,]\d+)?$")
# a cardinal's case ending after a hyphen: «13-ю» (тринадцатью), «2-х», «5-ти», «7-ми»
CASE_SUFFIX_RE = re.compile(r"^(\d+)-(?:ю|х|ти|ми|ью|ух|ех|ёх|мя|ьмя|умя|ем|ём|ум)$")
RANGE_RE = re.compile(r"^(\d+(?:,\d+)?)[-–—](\d+(?:,\d+)?)$")
GROUP_RE = re.compile(r"^\d{3}(?:,\d+)?$")
GROUP_GAP = frozenset(" \u00a0\u202f\u2009")


@dataclass
class Number:
    i: int  # first token (index into the sentence's token list)
    j: int  # end (exclusive), after the scale word and its dot
    value: Decimal  # scaled
    base: Decimal  # as written, before the scale
    scale: int = 1
    words: bool = False  # written in words
    coll: bool = False  # a collective numeral («пятеро»)
    hi: Decimal | None = None  # upper end of a range token «2–3», scaled
    num_end: int = 0  # end of the number before its scale

    @property
    def agree(self) -> str:
        """The noun form the number asks for: one, few (gen. sg.), many (gen. pl.), frac."""
        if self.coll:
            return "many"
        if self.scale > 1:
            return "many"
        if self.base != self.base.to_integral_value():
            return "frac"
        n = int(self.base)
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"


def parse_digits(text: str) -> Decimal | None:
    """«26,5» → 26.5; «1.844.036.360,12» → 1844036360.12; «13-ю» → 13; else None."""
    m = CASE_SUFFIX_RE.match(text)
    if m:
        text = m.group(1)
    if DOTTED_RE.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif PLAIN_RE.match(text):
        text = text.replace(",", ".")
    else:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@cache
def _numerals() -> dict[str, tuple[Decimal, str]]:
    return {r[0]: (Decimal(r[1]), r[2]) for r in lexicons.load("numerals")}


@cache
def _scales() -> dict[str, int]:
    return {norm(r[0]): int(r[1]) for r in lexicons.load("scales")}


@cache
def numeral_starts() -> frozenset[str]:
    """The first two letters of the numerals: every form of a numeral keeps them («восемь»,
    «восьми»; «сто», «ста»; «полтора», «полутора»)."""
    return frozenset(k[:2] for k in _numerals()) | frozenset(k[:2].replace("ё", "е") for k in _numerals())


@cache
def word_numeral(word: str) -> tuple[Decimal, str] | None:
    """(value, kind) of a numeral word in any form («четырех» → 4, card), else None."""
    nums = _numerals()
    low = word.lower()
    if low[:2] not in numeral_starts():
        return None  # most words are never parsed here
    for p in parses(low):
        if p.normal_form in nums and (p.tag.POS == "NUMR" or low == p.normal_form):
            return nums[p.normal_form]
    return None


def scale_of(t: Token) -> int | None:
    """Multiplier of a scale word («тыс.», «млн», «миллиарда»), else None."""
    scales = _scales()
    low = norm(t.text)
    if low in scales:
        return scales[low]
    if t.lemma in scales and t.pos == "NOUN":
        return scales[t.lemma]
    return None


def _gap(text: str, a: Token, b: Token) -> str:
    return text[a.stop:b.start]


def read_number(text: str, toks: list[Token], i: int) -> Number | None:
    """The number that starts at toks[i] (digits or words) with its scale word, or None.

    «1 млрд 200 млн»: smaller scaled numbers right after add to it. The chain is read in a loop,
    each part once: a scale must shrink from part to part, so a list such as «1 тыс. 1 тыс. …»
    stops after its first item (in linear time over the list, and with no recursion)."""
    n = _read_one(text, toks, i)
    if n is None:
        return n
    last = n.scale
    while last > 1 and n.j < len(toks) and (GROUP_RE.match(toks[n.j].text) or PLAIN_RE.match(toks[n.j].text)):
        rest = _read_one(text, toks, n.j)
        if rest is None or not 1 < rest.scale < last or rest.hi is not None:
            break
        n.value += rest.value
        n.j, last = rest.j, rest.scale
    return n


def _read_one(text: str, toks: list[Token], i: int) -> Number | None:
    """One number at toks[i] with its scale word (no chain of scaled numbers after it)."""
    t = toks[i]
    hi = None
    base = parse_digits(t.text)
    words = coll = False
    j = i + 1
    if base is not None:
        # «1 000 000»: razdel splits the groups; join those one space apart
        if "," not in t.text and "." not in t.text and len(t.text) <= 3 and "-" not in t.text:
            digits = t.text
            while (j < len(toks) and GROUP_RE.match(toks[j].text)
                   and _gap(text, toks[j - 1], toks[j]) in GROUP_GAP and "," not in digits):
                digits += toks[j].text
                j += 1
            if j > i + 1:
                base = parse_digits(digits)
    elif (m := RANGE_RE.match(t.text)) is not None:
        base, hi = parse_digits(m.group(1)), parse_digits(m.group(2))
        if base is None or hi is None or hi <= base:
            return None
    else:
        base, kind, j = _read_words(toks, i)
        if base is None:
            return None
        words, coll = True, kind == "coll"
    num_end = j
    scale = 1
    if j < len(toks):
        s = scale_of(toks[j])
        if s is not None:
            scale = s
            j = j + 2 if abbr_dot(toks, j + 1) else j + 1
    return Number(i, j, base * scale, base, scale, words, coll, hi * scale if hi is not None else None, num_end)


def _read_words(toks: list[Token], i: int) -> tuple[Decimal | None, str, int]:
    """«двадцать пять», «три тысячи пятьсот» → (value, kind, end); the scale word that ends
    the number («двух миллиардов») is left to read_number."""
    total, current, kind, j = Decimal(0), Decimal(0), "", i
    while j < len(toks):
        w = word_numeral(toks[j].text)
        if w is not None:
            current += w[0]
            kind = kind or w[1]
            j += 1
            continue
        s = scale_of(toks[j]) if j > i else None
        # a scale inside a longer word number («три тысячи пятьсот»)
        if s is not None and j + 1 < len(toks) and word_numeral(toks[j + 1].text) is not None:
            total += max(current, Decimal(1)) * s
            current = Decimal(0)
            j += 1
            continue
        break
    if j == i:
        return None, "", i
    return total + current, kind, j
