"""Names in the nominative, with pymorphy3.

Persons: the case (and gender) that the words of the name agree in is chosen, then each word
goes to the nominative: «Касым-Жомартом Токаевым» → «Касым-Жомарт Токаев», «Эндой Кенни» →
«Энда Кенни»; indeclinable words stay, a plural surname stays plural («Шаймиевых» →
«Шаймиевы»). Other names: the adjectives before the head noun agree with it, the words after
it stay as written: «Евразийского банка развития» → «Евразийский банк развития».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from ..stages.morph import parses
from .forms import CASES, inflect, known, restore, split_hyphen

PERSON_TAGS = ("Name", "Surn", "Patr")
_PERSON_TAG_SET = frozenset(PERSON_TAGS)
GEO_TAGS = ("Geox", "Orgn", "Abbr")
CYRILLIC = re.compile(r"^[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*$")
ORDINAL = re.compile(r"^(\d+)-(?:[а-я]{1,3})$")
ORDINAL_NOMN = {"masc": "й", "femn": "я", "neut": "е", None: "е"}
OBLIQUE = ("ии", "ой", "ей", "ом", "ем", "ым", "им", "ою", "ею", "ам", "ям", "ах", "ях",
           "ого", "его", "ому", "ему", "у", "ю")  # case endings: such a word is no nominative
STOP_WORDS = {"и", "по", "в", "на", "для", "при", "о", "об", "с", "со", "за", "от", "к"}


def _word(w: str) -> bool:
    return bool(CYRILLIC.match(w))


def _abbreviation(w: str) -> bool:
    return len(w) > 1 and w.isupper()


def _case(p) -> str | None:
    return p.tag.case


# --- persons ---------------------------------------------------------------------------------


@dataclass
class PersonName:
    first: str | None = None
    middle: str | None = None
    last: str | None = None
    last_forms: frozenset[str] = frozenset()  # lower-case lemmas the surname may have
    plural: bool = False
    gender: str | None = None  # the gender the words were read in (masc, femn)
    case: str | None = None  # the case the words were read in
    # (written word, its nominative, slot: first/middle/last) of each name word, in text order
    parts: tuple[tuple[str, str, str], ...] = ()

    @property
    def full(self) -> str:
        return " ".join(x for x in (self.first, self.middle, self.last) if x)

    @property
    def initial(self) -> bool:
        """The first name is only an initial («А. Кудрин»)."""
        return bool(self.first) and len(self.first.rstrip(".")) <= 2


@lru_cache(maxsize=50_000)
def _person_parses(word: str) -> tuple:
    # cached: _person asks for the same word once per case, number and gender it tries
    return tuple(p for p in parses(split_hyphen(word)[1])
                 if p.tag.POS == "NOUN" and "voct" not in p.tag and "Infr" not in p.tag)


def _gender(tag) -> str | None:
    return str(tag.gender) if tag.gender else None


def _indeclinable(word: str) -> bool:
    """An unknown foreign name ending in a vowel other than а/я does not decline (Сейдзи, Карни)."""
    part = split_hyphen(word)[1].lower()
    return part[-1:] in "иуоеэю" and not known(part)


# tag string → (fixed, person tag, animate, case, number, person gender) of a tag: what
# _person_readings reads from it, asked once per distinct tag (a few hundred), not per parse
_TAG_FACTS: dict[str, tuple] = {}


def _tag_facts(tag) -> tuple:
    facts = _TAG_FACTS.get(tag._str)
    if facts is None:
        person_tag = not _PERSON_TAG_SET.isdisjoint(tag.grammemes)
        gender = _gender(tag) if person_tag else None
        facts = _TAG_FACTS[tag._str] = ("Fixd" in tag, person_tag, "anim" in tag, tag.case, tag.number,
                                        gender if gender in ("masc", "femn") else None)
    return facts


def _person_readings(word: str) -> tuple:
    """(parse, fixed, case, number, rank, person gender) of each person parse of `word`: what
    _Picks weighs, read from the tags once per word rather than once per case and gender tried."""
    out = []
    part = split_hyphen(word)[1]
    for p in _person_parses(word):
        fixed, person_tag, anim, case, number, gender = _tag_facts(p.tag)
        # an indeclinable reading that is no person's («Рааба» as a place) ranks below the
        # declension pattern of an unknown name
        # an animate common noun; but a guess from the last letters that reads a case ending as
        # part of a nominative («Коумсом» as a kind of «сом») is no evidence
        animate = anim and (known(part) or case != "nomn" or not part.lower().endswith(OBLIQUE))
        rank = 4 if person_tag or (fixed and anim) else 1.5 if fixed else 3 if animate else 1
        out.append((p, fixed, case, number, rank, gender))
    return tuple(out)


class _Picks(dict):
    """(case, number, gender, strict) → the parse of one word in that case that best fits a
    person's name, and its rank: person tags rank first, then indeclinable and animate readings;
    no reading in this case at all ranks below zero. Filled on first use: _person tries every
    case, number and gender, and a word recurs in the names of a text («Владимир Путин»,
    «Путин»); what does not depend on the case is read once per word."""

    def __init__(self, word: str):
        super().__init__()
        readings = _person_readings(word)
        # the readings that may stand in each case, in _person_readings' order (the first of
        # equal rank and score wins): the fixed ones stand in every case
        self.fixed = tuple(r for r in readings if r[1])
        self.by_case = {c: tuple(r for r in readings if r[1] or r[2] == c)
                        for c in {r[2] for r in readings if not r[1]}}
        self.cases = frozenset(r[2] for r in readings)
        # no reading of a gender: the gender tried matters only to the declension pattern
        self.gendered = any(r[5] is not None for r in readings)
        self.indeclinable = _indeclinable(word)
        self.prefix, self.part = split_hyphen(word)

    def __missing__(self, k: tuple[str, str, str, bool]):
        case, number, gender, strict = k
        best_p, best_r, best_s = None, -1, 0.0
        for p, fixed, _, p_number, rank, p_gender in self.by_case.get(case, self.fixed):
            if not fixed and p_number and p_number != number:
                continue
            # a person reading of the other gender ranks lower; with the gender known from the
            # text (`strict`), below the declension pattern
            r = rank - (3 if strict else 1) if p_gender is not None and p_gender != gender else rank
            if r > best_r or (r == best_r and p.score > best_s):
                best_p, best_r, best_s = (None if fixed else p), r, p.score
        # a reading of rank 3 or more needs no fallback (every fallback is for lower ranks)
        pick = ((best_p, best_r, best_s) if best_r >= 3
                else self._fallback(case, number, gender, best_p, best_r, best_s))
        if self.gendered or (best_r < 2 and case != "nomn" and number == "sing"):
            self[k] = pick
        else:  # the same pick in either gender, strict or not
            for g in ("masc", "femn"):
                self[case, number, g, False] = self[case, number, g, True] = pick
        return pick

    def _fallback(self, case, number, gender, best_p, best_r, best_s):
        if best_r < 3 and self.indeclinable:
            return None, 3, 0.0
        prefix, part = self.prefix, self.part
        if best_r < 2 and case != "nomn" and number == "sing":
            # a name pymorphy3 does not know as one: its case ending by the declension pattern
            # («Рааба», «Пападакисом» → «Рааб», «Пападакис»); a woman's foreign surname ending in a
            # consonant does not decline («Камалы Харрис»)
            if gender == "masc" and (stem := _masc_stem(part, case)):
                return prefix + stem, 2, 0.0
            if gender == "femn" and part[-1:].lower() not in VOWELS and not _masc_stem(part, case):
                return None, 2, 0.0  # but «Рахулом» has a man's case ending
            if gender == "femn" and (stem := _femn_stem(part, case)):
                return prefix + stem, 2, 0.0
        if best_r < 2 and case == "nomn" and not part.lower().endswith(OBLIQUE):
            # a name read only as a common noun, without a case ending, is likely a nominative:
            # «Озерец» (unknown), «Токаев» (not the plural of «токай»)
            return None, 2, 0.0
        return best_p, best_r, best_s


# a word's picks, kept per word form (bounded: each holds up to a few dozen picks)
_picks = lru_cache(maxsize=10_000)(_Picks)


VOWELS = set("аеёиоуыэюяь")
MASC_ENDINGS = {  # case → endings of a masculine name of the consonant declension, longest first
    "gent": ("я", "а"), "accs": ("я", "а"), "datv": ("ю", "у"),
    "ablt": ("ым", "им", "ем", "ом"), "loct": ("е",),
}


FEMN_ENDINGS = {  # case → (ending, nominative ending after a hard stem, after a soft one)
    # «-ой»: a surname of the «-ова», «-ина» kind or an adjective («Ивановой», «Навальной»)
    "gent": (("ии", "ия", "ия"), ("ой", "а", "а"), ("ы", "а", "а"), ("и", "а", "я")),
    "datv": (("ии", "ия", "ия"), ("ой", "а", "а"), ("е", "а", "я")),
    "loct": (("ии", "ия", "ия"), ("ой", "а", "а"), ("е", "а", "я")),
    "accs": (("ию", "ия", "ия"), ("ую", "ая", "ая"), ("у", "а", "а"), ("ю", "я", "я")),
    "ablt": (("ией", "ия", "ия"), ("ой", "а", "а"), ("ою", "а", "а"), ("ей", "а", "я"), ("ею", "а", "я")),
}
ADJECTIVE_STEMS = ("ск", "цк", "льн", "вн", "рн", "жн", "дн")  # stems of surnames declined as adjectives
HUSHING = set("гкхжшщчц")  # after these a hard stem takes «и», «е» («Ольги», «Ольгой»)


@lru_cache(maxsize=20_000)  # asked per gender and strictness tried
def _femn_stem(word: str, case: str) -> str | None:
    """The nominative of a feminine name of the «-а/-я» declension in `case` by its ending
    («Асию» → «Асия», «Нурлане» → «Нурлана»), or None without such an ending."""
    low = word.lower()
    for end, hard, soft in FEMN_ENDINGS.get(case, ()):
        stem = word[: -len(end)]
        if not low.endswith(end) or len(stem) < 2:
            continue
        last = stem[-1:].lower()
        if end == "ую":
            return stem + "ая"  # an adjective's form: «Навальную» → «Навальная»
        if last in "аеёиоуыэюя":
            return stem + "я"
        if end in ("ой", "ею", "ей") and stem.lower().endswith(ADJECTIVE_STEMS):
            return stem + "ая"  # «Навальной», «Вишневской» → «Навальная», «Вишневская»
        return stem + (hard if last in HUSHING or end in ("ы", "у", "ой", "ою") else soft)
    return None


@lru_cache(maxsize=20_000)  # asked per gender and strictness tried
def _masc_stem(word: str, case: str) -> str | None:
    """The nominative of a masculine name in `case` by its ending («Гоува» → «Гоув», «Скрипаля»
    → «Скрипаль», «Гайдаем» → «Гайдай», «Токаевым» → «Токаев»), or None without such an ending."""
    low = word.lower()
    for end in MASC_ENDINGS.get(case, ()):
        stem = word[: -len(end)]
        if not low.endswith(end) or len(stem) < 2:
            continue
        last = stem[-1:].lower()
        if end in ("я", "ю", "ем"):
            if last in "уыэюя":
                return None  # «-ую», «-ыя»: no masculine noun's ending
            if last in "аеёио":
                return stem + "й"
            return stem + "ь" if end != "ем" or last not in "жшщчц" else stem
        if last in VOWELS:
            return None
        if end in ("ым", "им") and not low[: -len(end)].endswith(("ов", "ев", "ёв", "ин", "ын")):
            return None
        return stem
    return None


def _role(p) -> str | None:
    """Name, Surn or Patr: how pymorphy3 reads the word (None for a word it does not know)."""
    return next((t for t in PERSON_TAGS if t in p.tag), None) if p is not None and not isinstance(p, str) else None


def person(words: list[str], gender: str | None = None) -> PersonName:
    """The nominative name of a person from the words of one mention (text order kept, but
    «Фамилия Имя» becomes «Имя Фамилия»); with `gender` («masc», «femn»), read in that gender
    only. The result is shared: do not change it."""
    return _person(tuple(words), gender)


# a family named by its surname has a plural ending («Шаймиевых», «Ивановы»); a word without
# one («Тэплин») is not read as the genitive plural of a feminine name («Тэплина»)
PLURAL_ENDINGS = ("ы", "и", "ых", "их", "ым", "им", "ыми", "ими", "ах", "ях")


def _plural_shaped(word: str) -> bool:
    return word.lower().endswith(PLURAL_ENDINGS)


# a pick of _Picks: (parse, rank, score); read in _person's loop without a generator per sum
_RANK, _SCORE = itemgetter(1), itemgetter(2)
_CASE_SET = frozenset(CASES)


@lru_cache(maxsize=20_000)
def _person(words: tuple[str, ...], gender: str | None = None) -> PersonName:
    genders = (gender,) if gender in ("masc", "femn") else ("masc", "femn")
    names = [w for w in words if _word(w)]
    initials = [w for w in words if not _word(w) and w[:1].isupper() and len(w) <= 2]
    if not names:
        return PersonName(last=" ".join(words))
    tables = [_picks(w) for w in names]
    strict = len(genders) == 1
    if strict:
        # read in both genders first (cached: the entities stage asks so before it asks in a
        # gender). Where that reading is in this gender and none of its words has a reading of
        # the other gender in its case, the gender changes no pick of it, and only lowers the
        # other picks of this gender: the reading in this gender is the same
        loose = _person(words, None)
        if loose.gender == gender and all(r[5] in (None, gender) for t in tables
                                          for r in t.by_case.get(loose.case, t.fixed)):
            return loose
    # every case: a name pymorphy3 does not know has its case only by the declension pattern
    cases = sorted(_CASE_SET.union(*(t.cases for t in tables)) - {None})
    best = (-99.0, [(None, 0, 0.0)] * len(names), None, None)
    numbers = ("sing", "plur") if len(names) == 1 and _plural_shaped(names[0]) else ("sing",)
    for case in cases:
        nomn = (case == "nomn") * 0.02
        for number in numbers:
            sing = (number == "sing") * 0.5
            for gender in genders:
                k = (case, number, gender, strict)
                picks = [t[k] for t in tables]
                # ranks first; pymorphy3's own probabilities, then the nominative, break ties
                # (the same terms added in the same order, two of them worked out outside)
                score = (sum(map(_RANK, picks)) + sing + sum(map(_SCORE, picks)) * 0.3 + nomn
                         + (gender == "masc") * 0.01)  # news names men more often than women
                if score > best[0]:
                    best = (score, picks, gender, case)
    picks = [(p, r) for p, r, _ in best[1]]
    out = []
    for w, (p, _) in zip(names, picks):
        prefix, part = split_hyphen(w)
        if isinstance(p, str):  # a nominative found by the declension pattern
            out.append(p)
        else:
            out.append(w if p is None else prefix + (inflect(part, p, {"nomn"}, closest=True) or part))
    roles = [_role(p) for p, _ in picks]
    written = list(names)
    order = list(range(len(names)))
    # «Шаймиева Камиля»: a surname that cannot be a first name, then a first name
    if (len(out) > 1 and roles[0] == "Surn" and "Name" in roles[1:]
            and not any("Name" in p.tag for p in _person_parses(names[0]))):
        k = roles.index("Name")
        out.insert(0, out.pop(k))
        names.insert(0, names.pop(k))
        roles.insert(0, roles.pop(k))
        order.insert(0, order.pop(k))
    n = PersonName(plural=any(not isinstance(p, str) and p is not None and p.tag.number == "plur"
                              for p, _ in picks),
                   gender=best[2], case=best[3])
    if len(out) == 1:
        slots = ["first" if roles[0] == "Name" else "last"]
        if roles[0] == "Name":
            n.first = out[0]
        else:
            n.last = out[0]
    else:
        slots = ["first", *["middle"] * (len(out) - 2), "last"]
        n.first, n.last = out[0], out[-1]
        n.middle = " ".join(out[1:-1]) or None
    n.parts = tuple((written[o], w, slot) for o, w, slot in sorted(zip(order, out, slots)))
    if initials and n.first is None:
        n.first = initials[0] + "."
    if n.last:
        n.last_forms = frozenset({n.last.lower(), *(p.normal_form for p in _person_parses(names[-1])
                                                    if "Surn" in p.tag or "Fixd" in p.tag)})
    return n


# --- organisations, places, facilities -------------------------------------------------------


def _agrees(p, head) -> bool:
    t, h = p.tag, head.tag
    if t.POS not in ("ADJF", "PRTF") or t.case != h.case or t.number != h.number:
        return False
    tg, hg = _gender(t), _gender(h)
    return h.number == "plur" or tg == hg or hg in (None, "ms-f") or tg is None


def _head_score(p) -> float:
    """Readings of a place or organisation: proper tags, singular, inanimate, nominative."""
    tags = any(t in p.tag for t in GEO_TAGS)
    return (tags + (p.tag.number == "sing") * 0.6 + ("inan" in p.tag) * 0.5 + (p.tag.case == "nomn") * 0.5
            + p.score * 0.1)


def _adjective(w: str) -> bool:
    return any(p.tag.POS in ("ADJF", "PRTF") for p in parses(split_hyphen(w)[1]))


def _find_head(words: list[str]):
    """(head index, its parse, {index: agreeing adjective parse}) or None."""
    for h, w in enumerate(words):
        if not _word(w):
            if w in (",",) or ORDINAL.match(w):
                continue
            return None
        if w.lower() in STOP_WORDS and h:
            continue
        if _abbreviation(w):
            return None  # «ЕАБР» does not decline here; «МИДа» (with an ending) does
        if h + 1 < len(words) and _word(words[h + 1]) and _adjective(w):
            continue  # «Чёрного моря», «Белым домом»: an adjective before the head noun
        nouns = sorted((p for p in parses(split_hyphen(w)[1]) if p.tag.POS == "NOUN"),
                       key=_head_score, reverse=True)
        for p in nouns:
            mods = {}
            for i in range(h):
                if not _word(words[i]) or words[i].lower() in STOP_WORDS:
                    continue
                a = next((q for q in parses(split_hyphen(words[i])[1]) if _agrees(q, p)), None)
                if a is None:
                    break
                mods[i] = a
            else:
                return h, p, mods
        if not _adjective(w):
            return None
    return None


def phrase(words: list[str]) -> list[str]:
    """The words of an ORG/LOC/FAC name with the head noun and its adjectives in the nominative."""
    return list(_phrase(tuple(words)))


@lru_cache(maxsize=20_000)
def _phrase(words: tuple[str, ...]) -> tuple[str, ...]:
    words = list(words)
    found = _find_head(words)
    if found is None:
        return tuple(_adjectives_only(words))
    h, head, mods = found
    out = list(words)
    gender = _gender(head.tag) if _gender(head.tag) in ORDINAL_NOMN else None
    for i, w in enumerate(words[:h + 1]):
        m = ORDINAL.match(w)
        if m and head.tag.number == "sing":
            out[i] = f"{m.group(1)}-{ORDINAL_NOMN[gender]}"
            continue
        p = head if i == h else mods.get(i)
        if p is not None:
            prefix, part = split_hyphen(w)
            out[i] = prefix + (inflect(part, p, {"nomn"}, closest=True) or part)
    return tuple(out)


def _adjectives_only(words: list[str]) -> list[str]:
    """A name made of adjectives alone («Русская»): each goes to the nominative."""
    out = list(words)
    for i, w in enumerate(words):
        if not _word(w):
            continue
        p = next((p for p in parses(split_hyphen(w)[1]) if p.tag.POS in ("ADJF", "PRTF")), None)
        if p is None:
            return list(words)
        prefix, part = split_hyphen(w)
        out[i] = prefix + (inflect(part, p, {"nomn"}, closest=True) or part)
    return out


def rebuild(text: str, spans: list[tuple[int, int]], words: list[str]) -> str:
    """The text of tokens `spans` with each token replaced by `words`, gaps kept as written."""
    out = []
    for k, ((a, _), w) in enumerate(zip(spans, words)):
        if k:
            gap = text[spans[k - 1][1]:a]
            out.append(" " if gap and not gap.strip() else gap)
        out.append(w)
    return "".join(out)


__all__ = ["PersonName", "person", "phrase", "rebuild", "restore"]
