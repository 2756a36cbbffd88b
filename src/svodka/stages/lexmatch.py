"""Matching lexicon phrases against the token stream.

A phrase is one or more words; a token matches a word when its lower-cased text or its lemma
equals it. An abbreviation's dot («тыс.», «руб.», «кв. м») is a token of its own after
razdel; it is taken into the match when it sticks to the word. Longest phrase wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import product

from ..doc import Token
from ..memo import per_form

# symbols that stand for a word (currencies, percent)
SYMBOLS = frozenset("$€₽¥£₸₴₺₹₩%")


@per_form(200_000)  # asked of most tokens by the rule stages, several times over
def norm(word: str) -> str:
    """The word lower-cased, with «ё» read as «е»."""
    return word.lower().replace("ё", "е")


def keys(t: Token) -> tuple[str, ...]:
    """The forms a lexicon word may give for this token: its text and its lemma."""
    a, b = norm(t.text), norm(t.lemma or t.text)
    return (a,) if a == b else (a, b)


def sticks(a: Token, b: Token) -> bool:
    return a.stop == b.start


def abbr_dot(toks: Sequence[Token], j: int) -> bool:
    """toks[j] is a dot that ends an abbreviation: it sticks to the word before it and the
    sentence goes on after it (a dot that ends the sentence is not taken)."""
    return (0 < j < len(toks) - 1 and toks[j].text == "." and sticks(toks[j - 1], toks[j]))


def is_word(t: Token) -> bool:
    return t.text in SYMBOLS or any(c.isalnum() for c in t.text)


class Phrases:
    """Phrase → payload lookup, matched at a position of a token list."""

    def __init__(self, rows: Iterable[tuple[str, object]]):
        self.table: dict[tuple[str, ...], list] = {}
        for phrase, payload in rows:
            words = tuple(norm(w).rstrip(".") or w for w in phrase.split())
            self.table.setdefault(words, []).append(payload)
        self.longest = max((len(k) for k in self.table), default=0)

    def at(self, toks: Sequence[Token], i: int) -> tuple[list, int] | None:
        """(payloads, end) of the longest phrase starting at toks[i]; end is exclusive."""
        best = None
        alts: list[tuple[str, ...]] = []
        j = i
        while len(alts) < self.longest and j < len(toks) and is_word(toks[j]):
            alts.append(keys(toks[j]))
            j += 1
            if abbr_dot(toks, j):
                j += 1
            for words in product(*alts):
                if words in self.table:
                    best = (self.table[words], j)
                    break
        return best

    def before(self, toks: Sequence[Token], i: int, lo: int = 0) -> tuple[list, int] | None:
        """(payloads, start) of the longest phrase (by text) ending right before toks[i]."""
        best = None
        for n in range(1, self.longest + 1):
            k = i - n
            if k < lo:
                break
            words = tuple(norm(t.text) for t in toks[k:i])
            if words in self.table:
                best = (self.table[words], k)
        return best
