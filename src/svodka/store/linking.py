"""Across articles: the keys and rules that make the same thing in two articles one thing.

- Entities: a canonical entity is found by its link (``iso:KZ``, ``wikidata:Q…``) when the
  record has one, else by a normalised name key (lowercase lemmas). Persons are matched by
  name *and* context: a surname alone or an initial joins a full name only when that is
  unambiguous, and two people of the same name whose posts belong to different countries or
  bodies are kept apart (namesakes are not merged blindly).
- Events: one story per (type, participants) within STORY_DAYS of each other.
- Figures: one series per (owners, kind, unit, measure); owners and measure are found in
  series.py.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

# events of the same story lie at most this many days from the story's first or last date
STORY_DAYS = 7

_WORD = re.compile(r"\w+(?:[-‐]\w+)*\.?", re.UNICODE)


def _fold(s: str) -> str:
    return s.lower().replace("ё", "е")


# Case endings of Russian name words, longest first. Names are often missing from the
# dictionary (or in it as common nouns: «Жомарт», «Токаев» as a plural of «токай»), so the key
# of a name word is its stem, the same for every case form: «Токаев», «Токаева», «Токаевым»
# → «токаев»; «Сергей», «Сергея», «Сергеем» → «серг». A key, not a display name.
_NAME_ENDING = re.compile(
    r"(?:ого|его|ому|ему|ыми|ими|еем|аем|ией|ием|ой|ей|ою|ею|ом|ем|ым|им|ий|ый|ая|ую|ее|"
    r"ея|ею|ая|аю|ия|ию|ие|ии|а|я|у|ю|е|ы|и|ь)$"
)


def _person_stem(word: str) -> str:
    if "-" in word:  # Касым-Жомартом: each part
        return "-".join(_person_stem(w) for w in word.split("-"))
    stem = _NAME_ENDING.sub("", word)
    return stem if len(stem) >= 3 else word


def _lemma(word: str) -> str:
    from ..stages.morph import lemma

    return lemma(word)


def name_key(name: str, type: str | None = "PER") -> str:
    """A normalised key: «Владимиром Путиным» and «Владимир Путин» both give «владимир путин»."""
    out = []
    for w in _WORD.findall(name):
        f = _fold(w)
        if f.endswith(".") or len(f) == 1 or w.isupper() and len(w) > 1:
            out.append(f)  # initials and abbreviations stay as written
        elif type == "PER":
            out.append(_person_stem(f))
        else:
            out.append(_fold(_lemma(f)))
    return " ".join(out)


ABBR = "abbr:"  # the key prefix of the abbreviation a full organisation name makes
KIND = "kind:"  # the link (and key) of a kind of body, which a bare common noun names («правительство»)
MIN_ABBREVIATION = 3  # letters: «ГУ» may be any «Гарвардский университет» or «главное управление»


def is_abbreviation(name: str) -> bool:
    return " " not in name and len(name) > 1 and name.isupper()


def abbreviation_key(name: str) -> str | None:
    """«abbr:мвд» for «Министерство внутренних дел»; None for one word or an abbreviation."""
    from ..names.forms import initials

    abbr = initials(name)
    return ABBR + _fold(abbr) if len(abbr) >= MIN_ABBREVIATION else None


def thing_key(name: str, type: str | None) -> str | None:
    """The gazetteer key of an organisation the lexicon knows, under any of its names («ООН»,
    «Организация Объединённых Наций» → «org:ООН»), else None."""
    if type != "ORG":
        return None
    from ..names.linking import lookup

    entry = lookup(name)
    return entry.key if entry is not None and entry.type == "ORG" else None


def without_country(name: str, country: str) -> str:
    """An organisation's name without the country it ends in, when that is its `country`
    («Сенат США» → «Сенат»): the key of a body is its name within its country."""
    from ..names.linking import link

    words = name.split()
    for n in (1, 2, 3):
        if len(words) > n and link(" ".join(words[-n:])) == country:
            return " ".join(words[:-n])
    return name


def other_names(entity: dict) -> list[str]:
    """The names an entity of a record goes by besides its own: its mentions' own nominatives
    («WBC» beside «Всемирный боксёрский совет») and a place's name without its form of state
    («Башкортостан» for «Республика Башкортостан»)."""
    from ..names.gazetteer import without_state_form

    out = []
    for n in (*(m.get("normal") for m in entity.get("mentions", [])),
              without_state_form(entity["name"]) if entity["type"] == "LOC" else None):
        if n and n != entity["name"] and n not in out:
            out.append(n)
    return out


def is_partial(key: str) -> bool:
    """A surname alone or with initials: it may stand for any full name ending in it."""
    words = key.split()
    return len(words) == 1 or all(w.endswith(".") or len(w) == 1 for w in words[:-1])


PATRONYMIC = re.compile(r"(?:вич|ич|вн|чн)$")  # stems of «-вич», «-ич», «-вна», «-ична»


def same_but_patronymic(a: str, b: str) -> bool:
    """«владимир вольфович жириновск» and «владимир жириновск»: one key is the other with a
    patronymic in the middle."""
    x, y = sorted((a.split(), b.split()), key=len)
    return len(x) == 2 and len(y) == 3 and x == [y[0], y[2]] and bool(PATRONYMIC.search(y[1]))


def partial_fits(partial: str, full: str) -> bool:
    """«путин» or «в. путин» fits «владимир путин»; «л. путин» does not."""
    p, f = partial.split(), full.split()
    if len(f) < 2 or p[-1] != f[-1]:
        return False
    initials = [w.rstrip(".") for w in p[:-1]]
    # the first initial is the first name's; a patronymic's initial («В. В. Путин») needs the
    # middle name only where the full name has one
    return all(f[i].startswith(x) if i < len(f) - 1 else i > 0 for i, x in enumerate(initials))


def compatible(posts_a: set, posts_b: set) -> bool:
    """Two people of one name are one person unless both have posts and no post is shared.

    A post is (title, of): «президент» of Russia and «президент» of the USA under one name are
    namesakes; a person with no known post yet joins the one who has.
    """
    if not posts_a or not posts_b:
        return True
    if posts_a & posts_b:
        return True
    of_a = {o for _, o in posts_a if o is not None}
    of_b = {o for _, o in posts_b if o is not None}
    # the same body or country under different titles: a career, not a namesake
    return bool(of_a & of_b) or not (of_a and of_b)


def parse_date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def story_key(args: dict[str, list[int | None]]) -> str | None:
    """Participants of an event (every argument but the place), as a sorted key."""
    ids = sorted({c for role, cs in args.items() if role != "place" for c in cs if c is not None})
    return ",".join(map(str, ids)) if ids else None


def close(d: date, first: date | None, last: date | None, days: int = STORY_DAYS) -> bool:
    if first is None or last is None:
        return False
    return (first - d).days <= days and (d - last).days <= days


# --- posts across articles ---

@cache
def _post_entries_by_title() -> dict:
    from ..posts import post_entries

    return {e.title.lower(): e for es in post_entries().values() for e in es if e.kind != "verb"}


def post_key(title: str) -> str:
    """The canonical post a role's `title` names, by the roles stage's entries (lexicon
    `posts`): «заместитель председателя правительства» and «вице-премьер» → «вице-премьер»;
    a modifier kept in the title («первый») and a portfolio («министр финансов») stay. A title
    no entry names is its own key. One person's posts of one office are one post."""
    from ..stages.morph import parses

    words = title.split()
    by_title = _post_entries_by_title()
    for skip in range(len(words)):
        if skip and not any(p.tag.POS == "ADJF" for p in parses(words[skip - 1])):
            break  # only adjectives stand before the post phrase
        for n in range(len(words), skip, -1):
            e = by_title.get(" ".join(words[skip:n]).lower())
            if e is not None and (n == len(words) or e.kind == "portfolio"):
                return " ".join([*words[:skip], e.key, *words[n:]])
    return title
