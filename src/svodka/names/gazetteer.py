"""The gazetteer: UN member states (lexicon `countries`) and organisations known by an
abbreviation (lexicon `organisations`) found in a token sequence.

Every name is declined once, when the lexicon loads (forms.declensions); matching is then a
dict look-up keyed by the word form of the first token, so a document costs one look-up per
token, whatever the size of the lexicon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import compress

from razdel import tokenize

from .. import lexicons
from ..diskcache import cached, lexicon_key
from ..stages.morph import best
from .forms import declensions, key

# an abbreviation with a case ending: «МИДа», «МИДом», «ЕАЭСе»
ABBR_ENDING = re.compile(r"^([A-ZА-ЯЁ][A-ZА-ЯЁа-яё]*[A-ZА-ЯЁ])(а|у|ом|е|ы|ов|ам|ами|ах)$")
PROPER = {"Geox", "Orgn", "Abbr", "Name", "Surn"}


@dataclass(frozen=True, slots=True)
class Entry:
    type: str  # LOC (a country) or ORG
    key: str  # what one entity is made of: "iso:KZ", "org:ЕАЭС"
    name: str  # the canonical name: a country's short name, an organisation's abbreviation
    link: str | None = None
    full: str | None = None  # an organisation's full name


@dataclass(frozen=True, slots=True)
class Form:
    keys: tuple[str, ...]
    entry: Entry
    exact: tuple[str, ...] | None = None  # abbreviations and Latin names match only as written
    abbr: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # token indexes, stop exclusive
    stop: int
    entry: Entry
    abbr: bool  # the text used an abbreviation (РК, ООН)


def _fields(row: tuple[str, ...], n: int) -> list[list[str]]:
    row = (*row, *[""] * n)[:n]
    return [[x.strip() for x in f.split(";") if x.strip()] for f in row]


def _words(name: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokenize(name))


@cache
def entries() -> dict[str, Entry]:
    """Every entry by its key."""
    return {e.key: e for e, _ in _forms()}


@cache
def _forms() -> tuple[tuple[Entry, tuple[Form, ...]], ...]:
    # declining every name takes a second or more: kept on disk between processes
    return cached("gazetteer", lexicon_key("countries", "organisations"), _build_forms)


def _build_forms() -> tuple[tuple[Entry, tuple[Form, ...]], ...]:
    out = []
    for row in lexicons.load("countries"):
        (iso,), (short,), others, abbrs, english = _fields(row, 5)
        e = Entry("LOC", f"iso:{iso}", short, f"iso:{iso}")
        forms = [Form(k, e) for n in (short, *others) if not _is_abbr(n) for k in declensions(n)]
        for a in {*abbrs, *filter(_is_abbr, (short, *others))}:
            forms.append(Form(tuple(key(w) for w in _words(a)), e, _words(a), True))
        forms += [Form(tuple(key(w) for w in _words(n)), e, _words(n)) for n in english]
        out.append((e, tuple(forms)))
    for row in lexicons.load("organisations"):
        (abbr,), full, short = _fields(row, 3)
        e = Entry("ORG", f"org:{abbr}", abbr, None, full[0] if full else None)
        forms = [Form(tuple(key(w) for w in _words(abbr)), e, _words(abbr), _is_abbr(abbr))]
        forms += [Form(k, e) for n in (*full, *short) for k in declensions(n)]
        if not _is_abbr(abbr):  # «Минфин», «Госдума»: a word that declines
            forms += [Form(k, e) for k in declensions(abbr)]
        out.append((e, tuple(forms)))
    return tuple(out)


def _is_abbr(name: str) -> bool:
    """«РФ», «ЕврАзЭС», «БиГ»; not «Гвинея-Бисау» or «ДР Конго»."""
    letters = [c for c in name if c.isalpha()]
    if " " in name or "-" in name or len(letters) < 2:
        return False
    return all(c.isupper() for c in letters) or (sum(c.isupper() for c in letters) >= 2 and len(letters) <= 8)


@cache
def index() -> dict[str, tuple[Form, ...]]:
    """Forms by the key of their first word, longest first."""
    idx: dict[str, list[Form]] = {}
    for _, forms in _forms():
        for f in forms:
            idx.setdefault(f.keys[0], []).append(f)
    return {k: tuple(sorted(set(v), key=lambda f: -len(f.keys))) for k, v in idx.items()}


@cache
def abbreviations() -> dict[str, Entry]:
    return {f.exact[0]: e for e, forms in _forms() for f in forms if f.abbr and len(f.exact) == 1}


def _fits(words: list[str], i: int, form: Form) -> bool:
    n = len(form.keys)
    if i + n > len(words):
        return False
    if form.exact is not None:
        return tuple(words[i:i + n]) == form.exact
    return words[i][:1].isupper() and all(key(words[i + k]) == form.keys[k] for k in range(1, n))


def _ambiguous_start(word: str) -> bool:
    """A one-word name at the start of a sentence that is more likely a common word («Того»)."""
    tag = best(word).tag
    return not (PROPER & set(tag.grammemes)) and tag.POS != "NOUN"


@cache
def _state_forms() -> frozenset[str]:
    return frozenset(key(w) for w in lexicons.words("state_forms"))


def without_state_form(name: str) -> str | None:
    """A nominative place name without the form of state before it: «Республика Башкортостан»
    → «Башкортостан», «Арабская Республика Египет» → «Египет»; None when the name has none
    («Российская Федерация» has no name after the word)."""
    words = name.split()
    for i, w in enumerate(words[:2]):
        if key(w) in _state_forms() and i + 1 < len(words) and words[i + 1][:1].isupper():
            return " ".join(words[i + 1:])
    return None


def _state_form_head(words: list[str], i: int, hit: Form) -> int:
    """Words to drop from the front of a country's long name: «Арабской Республики» in
    «Арабской Республики Египет», when a name of the same country follows the state word."""
    n = len(hit.keys)
    for k in range(1, n):
        if hit.keys[k - 1] not in _state_forms() and key(best(words[i + k - 1]).normal_form) not in _state_forms():
            continue
        tail = next((f for f in index().get(key(words[i + k]), ())
                     if f.entry is hit.entry and len(f.keys) == n - k and _fits(words, i + k, f)), None)
        if tail is not None:
            return k
    return 0


def find(words: list[str], sent_start: set[int] | frozenset[int] = frozenset(),
         drop_state_form: bool = True) -> list[Match]:
    """Longest gazetteer matches in `words`, left to right, without overlaps. With
    `drop_state_form`, a mention starts at the name after «Республики» (see state_forms)."""
    idx, abbrs = index(), abbreviations()
    # the words that may start a match, found by C-level passes: most words start no name
    # (the Python loop below sees only these); a name's first key, or an abbreviation with
    # a case ending (the pattern's first letter is a capital)
    n = len(words)
    starts = sorted({*compress(range(n), map(idx.__contains__, map(key, words))),
                     *compress(range(n), map(ABBR_ENDING.match, words))})
    out, i = [], 0
    for s in starts:
        if s < i:
            continue  # inside the match before
        i, w = s, words[s]
        forms = idx.get(key(w))
        hit = next((f for f in forms if _fits(words, i, f)), None) if forms else None
        if hit and len(hit.keys) == 1 and i in sent_start and not hit.exact and _ambiguous_start(w):
            hit = None
        if hit is not None:
            skip = (_state_form_head(words, i, hit)
                    if drop_state_form and hit.entry.type == "LOC" and len(hit.keys) > 1 else 0)
            out.append(Match(i + skip, i + len(hit.keys), hit.entry, hit.abbr))
            i += len(hit.keys)
            continue
        m = ABBR_ENDING.match(w)
        if m and m.group(1) in abbrs and abbrs[m.group(1)].type == "ORG":
            out.append(Match(i, i + 1, abbrs[m.group(1)], True))
        i += 1
    return out
