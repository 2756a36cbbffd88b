"""Word-form helpers shared by the gazetteer and the nominative names.

`key` is how word forms are compared (case, ё and dash variants ignored); `declensions`
turns a lexicon name written in the nominative into its forms in every case, with
agreement: «Российская Федерация» → «Российской Федерации», «Российскую Федерацию», ...
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from razdel import tokenize

from .. import models
from ..marks import DASHES
from ..memo import per_form
from ..stages.morph import choose_form, lexeme_forms, parses

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# keys fold ё, the dashes (and a non-breaking hyphen) and the apostrophes to one form each
_FOLD = str.maketrans({"ё": "е", "Ё": "е", **dict.fromkeys(DASHES | {"‑"}, "-"), "’": "'", "ʼ": "'", "`": "'"})
# a letter or mark that _FOLD changes: most words have none and skip str.translate, which
# looks every letter up in the table (several times slower than this search)
_FOLDED = re.compile("[" + re.escape("".join(map(chr, _FOLD))) + "]")


@lru_cache(maxsize=100_000)
def known(word: str) -> bool:
    """pymorphy3's dictionary has the word (its analyses are not guesses)."""
    return models.morph().word_is_known(word.lower())


@per_form(200_000)  # ~100k calls per batch of 70 news texts, nearly all for forms seen before
def key(word: str) -> str:
    """The form under which words are compared: lower case, ё → е, one dash, one apostrophe."""
    return (word.translate(_FOLD) if _FOLDED.search(word) else word).lower()


SKIP_INITIALS = {"и", "по", "в", "на", "для", "с", "о", "об", "при"}


def initials(name: str) -> str:
    """The abbreviation a name of several words makes: «Северо-Кавказский федеральный округ» →
    «СКФО»; "" for one word."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in SKIP_INITIALS]
    return "".join(w[0] for w in words).upper() if len(words) > 1 else ""


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


def inflect(word: str, parse, grammemes: set[str], closest: bool = False) -> str | None:
    """`word` (analysed as `parse`) put into `grammemes`, spelled like the original. With
    `closest`, of the forms with that tag the one nearest the text («высшего» → «высший», not
    «высочайший»)."""
    grammemes = frozenset(grammemes)
    if closest and grammemes <= parse.tag.grammemes and parse.word == word.lower():
        # already in that form: of the forms with its own tag (the best fit), the nearest the
        # text is the word itself; no lexeme to build («Путин» in the nominative), and no cache
        # key to hash (a Parse's hash asks its tag's, in Python)
        return word
    return _inflect(word, parse, grammemes, closest)


@lru_cache(maxsize=50_000)
def _inflect(word: str, parse, grammemes: frozenset[str], closest: bool) -> str | None:
    # cached: the same names recur across a batch's documents
    forms = lexeme_forms(parse)
    form = choose_form(parse, grammemes, forms)
    if form is None:
        return None
    if not closest:
        return restore(word, form.word)
    same = [f.word for f in forms if f.tag == form.tag] or [form.word]
    return restore(word, max(same, key=lambda w: (_common(w, word.lower()), w == form.word)))


def _common(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def _noun(p) -> bool:
    return "nomn" in p.tag and p.tag.POS == "NOUN"


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


def _paradigm(word: str, want, animacy: frozenset[str] = frozenset(),
              first: bool = True) -> dict[str, set[str]]:
    """The forms of `word` by case, from one look-up of its lexeme (pymorphy3's `inflect` looks
    the lexeme up again for every case). Number, gender and degree stay those of the reading
    that `want` picks; the accusative takes `animacy` where it varies. `first`: only the best
    reading, else every accepted one («Большая»: больший and большой)."""
    options = (("", word),) if "-" not in word else (("", word), split_hyphen(word))
    for prefix, part in options:
        readings = [p for p in parses(part) if want(p)]
        out: dict[str, set[str]] = {}
        for p in readings[:1] if first else readings:
            t0 = p.tag
            for f in lexeme_forms(p):
                t = f.tag
                if t.case not in CASES or not _same_slot(t, t0):
                    continue
                if t0.number == "sing" and t0.gender and t.gender and t.gender != t0.gender:
                    continue
                if t.case == "accs" and animacy and t.animacy and str(t.animacy) not in animacy:
                    continue
                form = restore(part, f.word)
                if form.count("-") == part.count("-"):
                    out.setdefault(t.case, set()).add(prefix + form)
        if out:
            return out
    return {}


def _same_slot(t, t0) -> bool:
    """`t` is a form of the same kind as the reading `t0`: part of speech, number, degree,
    and for a participle its voice and tense."""
    if t.POS != t0.POS or t.number != t0.number or ({"Cmp2", "Supr"} & (t.grammemes - t0.grammemes)):
        return False
    return t.voice == t0.voice and t.tense == t0.tense


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
    animacy = frozenset({str(hp.tag.animacy)} if animate else ())
    tables = []
    for i, w in enumerate(words):
        if i not in agree:
            tables.append({})
        elif i == head or i not in range(head):
            tables.append(_paradigm(w, _noun))
        else:  # adjectives take the head's number, gender and, in the accusative, animacy
            tables.append(_paradigm(w, _modifier(hp), animacy, first=False))
    for case in CASES:
        options = [table.get(case) or {w} for w, table in zip(words, tables)]
        out.update(tuple(key(w) for w in forms) for forms in product(*options))
    return frozenset(out)
