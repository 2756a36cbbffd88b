"""Posts: what a post is, the one home of the concept for roles, speakers, events and topics.

A post is a phrase that names what a person is or does in a body or a trade:
- a title (lexicon `posts`): «президент», «министр финансов», «глава МИД», «член правления»,
  with its canonical form («глава правительства» = премьер-министр) and its kind
  (`portfolio`: the head takes its portfolio as a genitive, «министр энергетики»;
  `relational`: a post that is someone's, «советник Трампа»; `deputy`: a post made of another
  post in the genitive, «заместитель министра», «врио губернатора»; `verb`: a verb that
  gives a post, «возглавляет»);
- an occupation (lexicon `professions`): «журналист», «актриса», «тренер», «адвокат».
The words around a post that belong to it or not (lexicon `post_words`): modifiers kept in
the title («первый», «главный»), time modifiers left out («бывший», «экс-»), frames
(«пост», «должность»), legal forms, company nouns, connectors, kinship nouns.
Honorifics and ranks (lexicon `honorifics`) are not posts: «шейх», «сэр», «принц» as a form
of address, «генерал» as a rank next to a post («эмир Кувейта шейх Мишааль» is an emir).
Verbs that give their subject or object a post (lexicon `post_verbs`): «стал министром»,
«назначен послом», «занимает пост».
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from . import lexicons
from .doc import Token
from .stages.morph import lemma, parses


@dataclass(frozen=True)
class PostEntry:
    words: tuple[frozenset[str], ...]  # lemma sets of the phrase's words
    title: str
    key: str  # canonical post
    kind: str  # "", "portfolio", "relational", "deputy", "verb", "profession"; "kin" (a post of nobody)
    generic: bool = False  # a word for anyone in office («чиновник»): it refers, names no post of its own


KIN = PostEntry((), "", "", "kin")


@cache
def word_lemmas(word: str) -> frozenset[str]:
    """Every lemma a word form may have (pymorphy3's parses), with the posts inside compounds."""
    # asked of every word form of a text (entry_heads): most forms have one lemma in all
    # their parses (9 in 10), whose set lemma_forms already holds; they are told without
    # building a set of the parses' lemmas
    ps = parses(word)
    first = ps[0].normal_form
    for p in ps:
        if p.normal_form != first:
            return frozenset().union(*map(lemma_forms, {p.normal_form for p in ps}))
    return lemma_forms(first)


def _sole_lemma(word: str) -> str | None:
    """The lemma of a word form whose parses all have that one lemma, with no post inside it
    (no hyphen, no prefix of post_words): most forms, whose word_lemmas is just {that lemma}.
    entry_heads and _looked_up read it first, so that word_lemmas is made for few forms."""
    ps = parses(word)
    first = ps[0].normal_form
    for p in ps:
        if p.normal_form != first:
            return None
    if "-" in first or first.startswith(prefixes()):
        return None
    return first


@cache
def lemma_forms(word: str) -> frozenset[str]:
    """A lemma and the post inside it: «экс-президент» → президент, «радиожурналист»,
    «поп-исполнитель» → журналист, исполнитель, «замдиректора» → директор (prefixes: lexicon
    post_words)."""
    if "-" not in word and not word.startswith(prefixes()):
        return frozenset((word,))  # most lemmas: no compound, the lemma alone
    out = {word}
    if word.startswith("экс-"):
        out.add(word[4:])
    elif word.count("-") == 1 and word.index("-") > 3:
        # «режиссёр-постановщик», «пилот-инструктор»: the post of the first part (not the
        # second: «заместитель министра» is not in «заместитель премьер-министра»)
        out.add(word.split("-")[0])
    for prefix in prefixes():
        if word.startswith(prefix) and len(word) > len(prefix) + 3:
            rest = word[len(prefix):].removeprefix("-")
            out |= {rest, lemma(rest)}  # «замдиректора» is indeclinable: its rest is a genitive
    return frozenset(out)


DEPUTY_PREFIX = "зам"


def deputy_compound(word: str) -> bool:
    """«зампрокурора», «замгубернатора»: «зам» + a post in the genitive, a word that does not
    decline (pymorphy3 guesses a lemma «зампрокурор» and reads the form as a genitive)."""
    w = word.lower()
    rest = w[len(DEPUTY_PREFIX):]
    return w.startswith(DEPUTY_PREFIX) and len(rest) > 3 and any(
        p.tag.POS == "NOUN" and p.tag.case == "gent" and p.tag.number == "sing" and p.word == rest
        for p in parses(rest))


@cache
def prefixes() -> tuple[str, ...]:
    return tuple(w for w, kind in post_words().items() if kind == "prefix")


def title_case(phrase: str) -> str:
    """Lowercase, but names of bodies (МИД, Минфина) as they are written."""
    return " ".join(w if w[:1].isupper() else w.lower() for w in phrase.split())


def _rows() -> list[tuple[str, str, str, bool]]:
    """(phrase, canonical, kind, generic) of every title and occupation."""
    out = []
    for row in lexicons.load("posts"):
        phrase = row[0]
        out.append((phrase, row[1] if len(row) > 1 and row[1] else phrase, row[2] if len(row) > 2 else "", False))
    for row in lexicons.load("professions"):
        out.append((row[0], row[0], "profession", len(row) > 1 and row[1] == "generic"))
    return out


@cache
def post_entries() -> dict[str, tuple[PostEntry, ...]]:
    """Entries by the lemma of their first word, longest phrase first."""
    by_head: dict[str, list[PostEntry]] = {}
    for phrase, key, kind, generic in _rows():
        words = tuple(frozenset({lemma(w)}) for w in phrase.split())
        entry = PostEntry(words, title_case(phrase), title_case(key), kind, generic)
        by_head.setdefault(next(iter(words[0])), []).append(entry)
    return {h: tuple(sorted(es, key=lambda e: -len(e.words))) for h, es in by_head.items()}


@lru_cache(maxsize=100_000)
def entry_heads(word: str) -> tuple[str, ...]:
    """The lemmas of a word form under which post entries are filed (post_entries), longest
    first («вице-губернатор» before «губернатор»): read once per form, not per token."""
    sole = _sole_lemma(word)
    if sole is not None:  # most forms: word_lemmas is {sole}
        return (sole,) if sole in _entry_lemmas() else ()
    forms, filed = word_lemmas(word), _entry_lemmas()
    if forms.isdisjoint(filed):
        return ()
    return tuple(sorted(forms & filed, key=len, reverse=True))


@cache
def _entry_lemmas() -> frozenset[str]:
    # a frozenset, not post_entries().keys(): entry_heads meets every word form of a text, and
    # `&` between two sets takes about half the time it takes with a dict view
    return frozenset(post_entries())


@cache
def post_words() -> dict[str, str]:
    return {r[0]: r[1] for r in lexicons.load("post_words")}


@cache
def frame_verbs() -> dict[str, str]:
    """Verb lemma → whose post it names: "subj" («стал министром»), "obj" («назначил министром»)."""
    return {r[0]: (r[1] if len(r) > 1 else "subj") for r in lexicons.load("post_verbs")}


def _looked_up(word: str, words: dict[str, str]) -> str | None:
    """A word form's row in a word table: by its lower-cased form, else by any of its lemmas."""
    text = word.lower()
    if text in words:
        return words[text]
    sole = _sole_lemma(word)
    if sole is not None:  # most forms: word_lemmas is {sole}
        return words.get(sole)
    for lem in word_lemmas(word):
        if lem in words:
            return words[lem]
    return None


@lru_cache(maxsize=100_000)
def _post_word_kind(word: str) -> str | None:
    return _looked_up(word, post_words())


def kind_of(tok: Token) -> str | None:
    """The post_words kind of a token (keep, former, frame, legal, company, connector, kin):
    asked of most nouns, answered once per word form."""
    return _post_word_kind(tok.text)


# --- honorifics and ranks -----------------------------------------------------------------------

@cache
def honorifics() -> dict[str, str]:
    """Lemma → "honorific" (never a post) or "rank" (a post alone, not next to another post)."""
    return {r[0]: r[1] for r in lexicons.load("honorifics")}


@cache
def honorific_words() -> frozenset[str]:
    return frozenset(honorifics())


def honorific_kind(tok: Token) -> str | None:
    return _looked_up(tok.text, honorifics())


# --- canonical posts, for comparing the posts that roles, events and topics see -----------------

@cache
def lemmas(phrase: str) -> tuple[str, ...]:
    return tuple(lemma(w.lower()) for w in phrase.split())


@cache
def post_canon() -> dict[tuple[str, ...], str]:
    """Lemmatised title phrase → canonical post (verbs left out: they name no post themselves)."""
    out: dict[tuple[str, ...], str] = {}
    for phrase, key, kind, _ in _rows():
        if kind != "verb":
            out.setdefault(lemmas(phrase), key.lower())
    return out


def canon_title(title: str) -> str:
    """The canonical post of a role's title («глава правительства» → премьер-министр)."""
    key = lemmas(title)
    return post_canon().get(key, " ".join(key))


@cache
def post_heads() -> frozenset[str]:
    """Lemmas that head a post («министр», «глава», «журналист»)."""
    return frozenset(k[0] for k in post_canon())


@cache
def title_heads() -> frozenset[str]:
    """Lemmas that head a title of a body or a state (not an occupation): these describe a
    person who speaks for it («глава ведомства», «министр»)."""
    return frozenset(lemmas(phrase)[0] for phrase, _, kind, _ in _rows() if kind not in ("verb", "profession"))


@cache
def verb_heads() -> frozenset[str]:
    """Lemmas of the verbs that give a post («возглавлять»): the syntax stage parses their
    sentences, where the subject is read from the parse."""
    return frozenset(lemmas(phrase)[0] for phrase, _, kind, _ in _rows() if kind == "verb")


@cache
def state_posts() -> frozenset[str]:
    """Canonical posts that speak for a state (lexicon `posts`, kind column `state`)."""
    return frozenset(lexicons.words("state_posts"))
