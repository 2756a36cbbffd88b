"""Word-form helpers shared by the gazetteer and the nominative names.

`key` is how word forms are compared (case, ё and dash variants ignored); `declensions`
turns a lexicon name written in the nominative into its forms in every case, with
agreement: «Российская Федерация» → «Российской Федерации», «Российскую Федерацию», ...
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from razdel import tokenize

from .. import models
from ..stages.morph import parses

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_FOLD = str.maketrans({"ё": "е", "Ё": "е", "—": "-", "–": "-", "‑": "-", "’": "'", "ʼ": "'", "`": "'"})


@lru_cache(maxsize=100_000)
def known(word: str) -> bool:
    """pymorphy3's dictionary has the word (its analyses are not guesses)."""
    return models.morph().word_is_known(word.lower())


def key(word: str) -> str:
    """The form under which words are compared: lower case, ё → е, one dash, one apostrophe."""
    return word.translate(_FOLD).lower()


def restore(orig: str, new: str) -> str:
    """`new` (a pymorphy3 form, lower case) spelled like `orig`: its letters where they agree,
    its capitals («Касым-Жомартом» → «Касым-Жомарт», «МИДа» → «МИД», «Мирзиёевым» → «Мирзиёев»)."""
    k = 0
    while k < len(orig) and k < len(new) and key(orig[k]) == key(new[k]):
        k += 1
    tail = new[k:]
    if len(orig) > 1 and orig.isupper():
        tail = tail.upper()
    elif k == 0 and orig[:1].isupper():
        tail = tail[:1].upper() + tail[1:]
    return orig[:k] + tail


def split_hyphen(word: str) -> tuple[str, str]:
    """(prefix kept as written, last part that declines): «Северо-Кавказском» → («Северо-», «Кавказском»)."""
    cut = word.rfind("-")
    return (word[:cut + 1], word[cut + 1:]) if 0 < cut < len(word) - 1 else ("", word)


def inflect(word: str, parse, grammemes: set[str]) -> str | None:
    """`word` (analysed as `parse`) put into `grammemes`, spelled like the original."""
    form = parse.inflect(grammemes)
    if form is None:
        return None
    # of the forms with that tag, the one closest to the text («высшего» → «высший», not «высочайший»)
    same = [f.word for f in parse.lexeme if f.tag == form.tag] or [form.word]
    return restore(word, max(same, key=lambda w: (_common(w, word.lower()), w == form.word)))


def _common(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def inflect_word(word: str, want, grammemes: set[str]) -> str:
    """Decline one word: the whole of a hyphenated word when pymorphy3 keeps its hyphens
    («Гвинеи-Бисау»), else only its last part («Северо-Кавказском», «Касым-Жомартом»).
    `want(parse)` picks the analysis to start from."""
    for prefix, part in ((("", word),) if "-" not in word else (("", word), split_hyphen(word))):
        p = next((p for p in parses(part) if want(p)), None)
        if p is None:
            continue
        out = inflect(part, p, grammemes)
        if out is not None and out.count("-") == part.count("-"):
            return prefix + out
    return word


def _noun(p) -> bool:
    return "nomn" in p.tag and p.tag.POS == "NOUN"


def _inflect_all(word: str, want, grammemes: set[str]) -> set[str]:
    """`word` in `grammemes` from every reading that `want` accepts («Большая»: больший and
    большой), for an adjective whose lexeme pymorphy3 cannot decide."""
    prefix, part = split_hyphen(word)
    out = {prefix + f for p in parses(part) if want(p) and (f := inflect(part, p, grammemes))}
    return out or {inflect_word(word, want, grammemes)}


def _modifier(head):
    """A nominative adjective or participle that agrees with the head noun `head`."""
    def want(p) -> bool:
        t = p.tag
        if t.POS not in ("ADJF", "PRTF") or "nomn" not in t or "Cmp2" in t or "Supr" in t:
            return False
        if head is None:
            return True
        if head.tag.number == "plur" or t.number == "plur":
            return t.number == head.tag.number
        return str(t.gender) == str(head.tag.gender) or head.tag.gender is None
    return want


def _head(words: list[str]) -> tuple[int, set[int]]:
    """Index of the head noun of a nominative name and the words that agree with it: the
    adjectives before it and a noun coordinated with «и» (Босния и Герцеговина)."""
    def adjective(w):
        return any(p.tag.POS in ("ADJF", "PRTF") and "nomn" in p.tag for p in parses(w))
    head = next((i for i, w in enumerate(words) if any(_noun(p) for p in parses(w))
                 and not (i + 1 < len(words) and adjective(w))), len(words) - 1)
    agree = {i for i in range(head + 1) if i == head or adjective(words[i])}
    if head + 2 < len(words) and words[head + 1] == "и" and any(_noun(p) for p in parses(words[head + 2])):
        agree.add(head + 2)
    return head, agree


@lru_cache(maxsize=4096)
def declensions(name: str) -> frozenset[tuple[str, ...]]:
    """Keys of the forms of a nominative name in every case (the name itself included)."""
    words = [t.text for t in tokenize(name)]
    out = {tuple(key(w) for w in words)}
    if len(words) == 1 and words[0].isupper() and len(words[0]) > 1:
        return frozenset(out)  # an abbreviation does not decline
    head, agree = _head(words)
    hp = next((p for p in parses(split_hyphen(words[head])[1]) if _noun(p)), None)
    animate = hp is not None and hp.tag.animacy and (hp.tag.number == "plur" or str(hp.tag.gender) == "masc")
    animacy = {str(hp.tag.animacy)} if animate else set()
    for case in CASES:
        options = []
        for i, w in enumerate(words):
            if i not in agree:
                options.append({w})
            elif i == head or i not in range(head):
                options.append({inflect_word(w, _noun, {case})})
            else:  # adjectives take the head's number, gender and, in the accusative, animacy
                grammemes = {case} | (animacy if case == "accs" else set())
                options.append(_inflect_all(w, _modifier(hp), grammemes))
        out.update(tuple(key(w) for w in forms) for forms in product(*options))
    return frozenset(out)
