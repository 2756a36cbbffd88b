"""What a figure counts or measures: the noun phrase after the number, as a lemma phrase in
the nominative singular with agreeing adjectives («67 совместных проектов» → «совместный
проект», «11 тыс. рабочих мест» → «рабочее место», «пунктов пропуска» → «пункт пропуска»).

The noun must agree with the number (case and number, per Russian numeral government), so
that «в 2019 компания» or «5 т.е.» give nothing. Parses come from pymorphy3 (morph.parses).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .. import lexicons
from ..doc import Token
from ..marks import CLOSING, OPENING
from .morph import inflected, parses

ADJ = frozenset({"ADJF", "PRTF"})
OBLIQUE = frozenset({"gent", "gen2", "datv", "ablt", "loct", "loc2"})
GENITIVE = frozenset({"gent", "gen2"})
PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})
MAX_ADJ = 3
OPEN_QUOTES, CLOSE_QUOTES = OPENING, CLOSING


@dataclass
class NP:
    item: str  # nominative singular lemma phrase
    head: str  # the noun's lemma
    end: int  # token after the phrase


@cache
def item_heads() -> frozenset[str]:
    return lexicons.words("item_heads")


def agrees(tag, agree: str | None) -> bool:
    """Does a noun parse fit the form a number asks for? agree None: a genitive («тонн нефти»)."""
    num, case = tag.number, tag.case
    if agree is None:
        return case in GENITIVE
    if agree == "one":  # «21 проект»; «на 21 кинофестивале» reads as an ordinal
        return num == "sing" and case in ("nomn", "accs")
    if agree == "few":
        return (num == "sing" and case in GENITIVE) or (num == "plur" and case in OBLIQUE)
    if agree == "frac":
        return case in GENITIVE
    return num == "plur" and case in OBLIQUE  # many


def _word(t: Token) -> bool:
    return t.text[:1].isalpha() and t.text[:1].islower()


def _nouns(t: Token, agree: str | None):
    return [p for p in parses(t.text) if p.tag.POS == "NOUN" and not (PROPER & p.tag.grammemes)
            and agrees(p.tag, agree)]


def _adj_for(t: Token, noun, agree: str | None) -> object | None:
    """An adjective parse of t in the noun's case and number (and gender in the singular).
    After «два, три, четыре» the noun is genitive singular but its adjective plural
    («три часовых пояса», «две крупные компании»)."""
    nt = noun.tag
    few = agree == "few" and nt.number == "sing"
    for p in parses(t.text):
        if p.tag.POS not in ADJ:
            continue
        if "Apro" in p.tag and "Fixd" in p.tag:  # «его», «их» go with any noun
            return p
        if few and p.tag.number == "plur" and p.tag.case in ("gent", "nomn", "accs"):
            return p
        if p.tag.case == nt.case and p.tag.number == nt.number:
            if nt.number == "sing" and p.tag.gender and nt.gender and p.tag.gender != nt.gender:
                continue
            return p
    return None


def noun_phrase(toks: list[Token], j: int, agree: str | None) -> NP | None:
    """The adjectives and noun at toks[j:] that agree with the number, or None."""
    n = len(toks)
    # the furthest noun within MAX_ADJ adjective-like words whose adjectives all agree with it:
    # «рабочих мест» → «рабочее место», not the noun «рабочий»
    best = None
    for k in range(j, min(n, j + MAX_ADJ + 1)):
        if not _word(toks[k]):
            break
        for noun in _nouns(toks[k], agree):
            adjs = [_adj_for(t, noun, agree) for t in toks[j:k]]
            if all(adjs):
                best = (k, noun, adjs)
                break
        if not any(p.tag.POS in ADJ for p in parses(toks[k].text)):
            break
    if best is None:
        return None
    k, noun, adjs = best
    end = k + 1
    item = _nominative(noun, adjs)
    if noun.normal_form in item_heads() and end < n:
        tail = genitive_tail(toks, end)
        if tail:
            item, end = f"{item} {tail[0]}", tail[1]
    return NP(item, noun.normal_form, end)


def genitive_tail(toks: list[Token], j: int) -> tuple[str, int] | None:
    """A genitive complement kept as written («пропуска», «военной техники»)."""
    np = noun_phrase(toks, j, None)
    if np is None:
        return None
    return " ".join(t.text.lower() for t in toks[j:np.end]), np.end


def _nominative(noun, adjs) -> str:
    plural_only = "Pltm" in noun.tag
    form = {"nomn", "plur"} if plural_only else {"nomn", "sing"}
    nf = inflected(noun, frozenset(form))
    head = nf.word if nf else noun.normal_form
    gender = nf.tag.gender if nf and nf.tag.gender else noun.tag.gender
    words = []
    for a in adjs:
        if "Apro" in a.tag:  # «своих», «этих», «его» are not part of what is counted
            continue
        want = {"nomn", "plur"} if plural_only else {"nomn", "sing"} | ({gender} if gender else set())
        af = inflected(a, frozenset(want))
        words.append(af.word if af else a.normal_form)
    return " ".join([*words, head])


def noun_before(toks: list[Token], k: int) -> str | None:
    """The noun phrase that ends at toks[k], as an item («подводной части» → «подводная
    часть»); a quoted name right before is passed over («части "Южного потока"»)."""
    if k >= 0 and toks[k].text in CLOSE_QUOTES:
        k -= 1
        while k >= 0 and toks[k].text not in OPEN_QUOTES:
            k -= 1
        k -= 1
    if k < 0 or not _word(toks[k]):
        return None
    for noun in (p for p in parses(toks[k].text) if p.tag.POS == "NOUN" and not (PROPER & p.tag.grammemes)):
        adjs = []
        i = k - 1
        while i >= 0 and len(adjs) < MAX_ADJ and _word(toks[i]) and (a := _adj_for(toks[i], noun, None)):
            adjs.insert(0, a)
            i -= 1
        return _nominative(noun, adjs)
    return None
