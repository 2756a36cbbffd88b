"""Roles: the posts that the text gives persons («премьер-министр Казахстана Олжас Бектенов»).

A post is what posts.py says it is (a title or an occupation, matched by lemma; honorifics
and ranks beside a post are not posts). Around it we read:
- its owner (`of`): the organisation named in the genitive chain after it («глава ОАО
  «Газпром»»), else the place there («президентом Российской Федерации»), else a country
  adjective before it («японский премьер»); then the document, through the cast: «страны»
  is the country in focus, a company noun the body the text is about;
- its holder: the PER mention right after that chain («президент России Владимир Путин»),
  a PER before a comma or dash («с Эндой Кенни, премьер-министром Ирландии»), the subject
  of a verb («X возглавляет Y», «Y занял пост генерального директора», «он стал министром»),
  or each name of a list after a plural post («актрисы X и Y»);
- a deputy's title holds the post after it («заместитель министра энергетики»).
A post that reaches no person in its clause is a descriptor («заявила актриса»). The cast
gives it the one person in reach. Said of a person named with a post, a title («министр»)
or a generic word («чиновник») only refers to them (or is another's, unnamed) and adds
nothing; an occupation («актриса») is theirs. One role per person
and post (posts are compared by their canonical name, «глава МИД» = «министр иностранных
дел»). Every rule's proposals meet in one candidate list, which a scorer may filter
(`Roles.scorer`) before the choice.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from .. import lexicons
from ..doc import Body, Doc, Entity, Role, Token
from ..marks import ANY, DASHES
from ..names.linking import adjective_codes
from ..posts import (
    KIN,
    PostEntry,
    deputy_compound,
    entry_heads,
    frame_verbs,
    honorific_kind,
    kind_of,
    lemma_forms,
    post_entries,
    state_posts,
    title_case,
    word_lemmas,
)
from ..roles_rank import rerank
from . import Stage
from .cast import cast_of, is_country
from .morph import inflected, parses

NOMINATIVE_MASCULINE = frozenset({"nomn", "sing", "masc"})

MAX_CHAIN = 8  # plain words in the chain between a post and its holder
EARLIER_VERB = 15  # tokens back from a comma to the verb whose subject goes on past it
ALL_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
MAX_ASIDE = 6  # tokens in a bracketed aside between an owner and the holder («(FC Hradec)»)
QUOTES = ANY | frozenset("()")  # marks and brackets a title's words may stand in
# nouns for places, which end a portfolio («министр финансов страны», «... земли Гессен»)
GENERIC = frozenset({"страна", "республика", "государство", "регион", "область", "край", "земля",
                     "штат", "провинция", "город", "округ", "район"})
SURNAME_ENDINGS = ("ов", "ев", "ёв", "ин", "ын", "ий", "ой")
VERB_POS = ("VERB", "INFN", "PRTF", "PRTS", "GRND")
FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "ADVB", "PRED", "COMP"})
HOLDER_RELS = ("nsubj", "nsubj:pass", "obj", "iobj", "appos")
PRONOUNS = {"он": "masc", "она": "femn"}  # a person in the singular
COUNTRY_NOUNS = frozenset({"страна", "республика", "государство"})  # stand for the country in focus
DATE_WORDS = frozenset({"в", "с", "со", "по", "до", "и", "год", "гг", "г"})  # «в 1998—1999 годах»


@cache
def months() -> frozenset[str]:
    return frozenset(r[0] for r in lexicons.load("months"))


@lru_cache(maxsize=50_000)
def _name_word_cases(word: str) -> frozenset[str] | None:
    """The cases one word of a name may be in (_Reader.cases_of_name): None when its form tells
    nothing of the name's case (Latin, mixed, indeclinable), empty when the word is passed over
    (not a word; a guess of pymorphy3's; no animate reading). By word form: names recur."""
    if not word.isalpha():
        return frozenset()
    if not all("а" <= c.lower() <= "я" or c in "ёЁ" for c in word):
        return None  # Latin, mixed
    ps = parses(word)
    if any("Fixd" in p.tag or "UNKN" in p.tag for p in ps):
        return None
    if not any(p.is_known for p in ps) and not word.endswith(SURNAME_ENDINGS):
        return frozenset()  # a foreign name pymorphy3 does not know («Хелле», «Мэттису»): a guess
    anim = [p for p in ps if p.tag.case and p.tag.animacy == "anim"]
    # a person is one: «Анны» is a genitive, not the plural nominative
    cases = {p.tag.case for p in anim if p.tag.number != "plur"} or {p.tag.case for p in anim}
    if not cases:
        return frozenset()  # «Озерец» read as a plural of «озерцо»: tells nothing
    if word.endswith(SURNAME_ENDINGS):
        cases.add("nomn")  # «Ливанов» is also the genitive plural of «Ливан»
    return frozenset(cases)


@cache
def state_forms() -> frozenset[str]:
    return frozenset(w.lower() for w in lexicons.words("state_forms"))


# --- the stage ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Men:
    """A mention with the entity that holds it (entities are the source of truth here)."""

    type: str
    start: int
    stop: int
    entity: Entity
    first: int  # token range
    last: int


@dataclass
class Post:
    start: int  # token range of the head phrase
    stop: int
    entry: PostEntry
    title: str
    key: str
    org: Entity | None = None
    loc: Entity | None = None
    company: bool = False  # a company noun with no organisation named
    country: bool = False  # «страны», «республики» with no country named: the one in focus
    holder: _Men | None = None
    direct: bool = False  # the holder follows the post's chain («президент России Путин»)
    nested: Post | None = None  # a genitive post in the chain («пресс-секретарь президента»)
    chain_end: int = -1  # the token after the chain
    first: int = -1  # first token of the modifiers before the head (country adjectives too)
    title_first: int = -1  # first token of the title span («первый» замминистра)
    skipped: list[int] = field(default_factory=list)
    absorbed: bool = False  # a rank beside another post, or the post a deputy's title holds
    nested_in: bool = False  # in the genitive chain of another post («пресс-секретарь президента»)
    one_of: bool = False  # a plural after «один из»: the name after it is one of them
    honorary: bool = False  # «народный артист СССР»: an honorary title, the state gave it
    source: str = ""  # the rule that found the holder: direct, joined, apposition, frame, verb
    place: tuple[int, int] | None = None  # a country adjective whose country the text never names


@dataclass
class Candidate:
    """A proposed role: every rule's proposals meet in one list before the choice."""

    person: Entity
    role: Role
    key: str  # the canonical post, one role per person and key
    source: str  # the rule that proposed it


# A final filter over the candidates: (doc, person, role) → keep. None keeps them all; a
# learned ranker may be set here.
Scorer = Callable[[Doc, Entity, Role], bool]


class Roles(Stage):
    name = "roles"
    reads = ("entities", "cast", "bodies")
    scorer: Scorer | None = None

    def __call__(self, doc: Doc) -> None:
        if not any(e.type == "PER" for e in doc.entities):
            return
        choose(doc, _Reader(doc).run(), self.scorer)
        rerank(doc)  # the learned scorer adds what the rules missed and vetoes what it rules out


def choose(doc: Doc, candidates: list[Candidate], scorer: Scorer | None = None) -> None:
    """One role per person, post and owner, in text order; a later mention may give the owner
    («финансовый директор» of one company, then of another, is two roles)."""
    roles: dict[tuple[int, str], list[Role]] = {}
    for c in candidates:
        if scorer is not None and not scorer(doc, c.person, c.role):
            continue
        had = roles.setdefault((id(c.person), c.key), [])
        if had and (c.role.of is None or any(r.of is c.role.of for r in had)):
            had[0].also.append((c.role.start, c.role.stop))
            if had[0].of is None:
                had[0].body = had[0].body or c.role.body
                had[0].place = had[0].place or c.role.place
            continue
        role = next((r for r in had if r.of is None), None)
        if role is not None:
            role.of, role.start, role.stop, role.body, role.place = c.role.of, c.role.start, c.role.stop, None, None
            continue
        had.append(c.role)
        c.role.source = c.source
        c.person.roles.append(c.role)


class _Reader:
    """One document's roles: the mention index, post matching, holders and owners."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.toks = doc.tokens
        self.starts: dict[int, _Men] = {}  # first token → outermost mention starting there
        self.cover: dict[int, _Men] = {}  # token → outermost mention covering it
        self.post_at: dict[int, Post] = {}  # first token of a post's modifiers → the post
        self.held: dict[str, set[Entity]] = {}  # canonical post → the persons named holding it
        self.named_with: dict[int, Post] = {}  # first token of a name → the post right before it
        self.cast = cast_of(doc)
        self.body_at = {a: b for b in doc.bodies for a, _ in b.spans}  # first char → generic body
        spans = sorted(((m.start, m.stop, m.type, e) for e in doc.entities for m in e.mentions),
                       key=lambda x: (x[0], x[0] - x[1]))
        for start, stop, typ, e in spans:
            toks = doc.tokens_in(start, stop)
            if not toks or toks[0].i in self.cover:
                continue
            m = self.starts[toks[0].i] = _Men(typ, start, stop, e, toks[0].i, toks[-1].i)
            for t in toks:
                self.cover.setdefault(t.i, m)

    @cached_property
    def heads_at(self) -> list[tuple[str, ...]]:
        """The post entries filed under each token's form (most: none), read once per token for
        find_posts and plural_lists, which visit only the tokens that have some (not read
        where the reader serves another stage: affiliations)."""
        return [entry_heads(t.text) for t in self.toks]

    @cached_property
    def headed(self) -> list[int]:
        return [i for i, heads in enumerate(self.heads_at) if heads]

    def run(self) -> list[Candidate]:
        posts = self.find_posts()
        for k in range(len(posts) - 1, -1, -1):  # right to left: a post sees the ones after it
            self.resolve(posts[k], posts[k + 1] if k + 1 < len(posts) else None)
        self.join_posts(posts)
        for p in posts:
            if p.holder is not None and p.entry.kind != "kin" and not p.absorbed:
                self.held.setdefault(p.key, set()).add(p.holder.entity)
                if p.direct:
                    self.named_with[p.holder.first] = p
        for p in posts:
            if p.holder is None:
                self.descriptor(p)
        self.join_posts(posts)  # «В 2004-м — президент, вице-президент фонда»
        out = []
        for p in posts:
            if p.holder is not None and p.entry.kind != "kin" and not p.absorbed:
                c = self.candidate(p)
                if c is not None:
                    out.append(c)
        return out + self.plural_lists()

    def join_posts(self, posts: list[Post]) -> None:
        """«был министром культуры, а затем министром финансов»: a post joined to
        the one before it holds the same person."""
        for a, b in zip(posts, posts[1:]):
            if (b.holder is None and a.holder is not None and a.entry.kind != "kin"
                    and self.joined(max(a.stop, a.chain_end), b.first) and self.same_case(a, b)):
                b.holder, b.source = a.holder, "joined"

    def plural_lists(self) -> list[Candidate]:
        """A plural post before a list of names gives each of them the post: «актрисы Анна
        Белова и Мария Светлова», «с такими режиссёрами, как Иван Петров, Олег Котов»."""
        out = []
        entries = post_entries()
        headed = self.headed
        for s in self.doc.sents:
            for k in range(bisect_left(headed, s.tok_start), bisect_left(headed, s.tok_stop - 1)):
                i = headed[k]
                tok = self.toks[i]
                if i in self.cover:
                    continue
                j = self.origin(i + 1, s.tok_stop)  # «учёные из США Иван Петров и …»
                owner = self.owner_at(j, s.tok_stop) if j == i + 1 else None  # «вице-президенты МОК …»
                if owner is not None:
                    j = self.past_quotes(owner.last + 1, s.tok_stop)
                adjacent = j  # the names right after the noun, not after «:» or «, как»
                while j < s.tok_stop and (self.toks[j].text in (",", ":", *DASHES) or self.toks[j].text == "как"):
                    j += 1
                if j not in self.starts or self.starts[j].type != "PER":
                    continue
                entry = next((e for lem in word_lemmas(tok.text) for e in entries.get(lem, ())
                              if len(e.words) == 1 and e.kind in ("", "profession")), None)
                cases = {p.tag.case for p in parses(tok.text) if p.tag.POS == "NOUN" and p.tag.number == "plur"}
                if entry is None or not cases:
                    continue
                if j == adjacent and (j == i + 1 or owner is not None):
                    cases.add(None)  # right after the noun (and its owner), the names agree with it in case
                names: list[_Men] = []
                while j < s.tok_stop and (m := self.starts.get(j)) is not None and m.type == "PER":
                    names.append(m)
                    j = self.origin(m.last + 1, s.tok_stop)  # «Иван Петров из Омска и …»
                    if j < s.tok_stop and self.toks[j].text == "(":  # «Анна Белова (Anna Belova)»
                        while j < s.tok_stop and self.toks[j].text != ")":
                            j += 1
                        j += 1
                    if j + 2 < s.tok_stop and self.toks[j].text in (",", "а") and self.toks[j + 1].text == "а" \
                            and self.toks[j + 2].text == "также":
                        j += 1  # «, а также»
                    if j + 1 < s.tok_stop and self.toks[j].text == "а" and self.toks[j + 1].text == "также":
                        j += 2
                        continue
                    if j >= s.tok_stop or self.toks[j].text not in (",", "и"):
                        break
                    j += 1
                # «актрисы Ольги Беловой» is one actress's, in the genitive: a list has two
                # names or more, in the noun's case where nothing stands between them
                if len(names) < 2 or (None in cases and not all(
                        (c := self.cases_of_name(m)) is None or c & cases for m in names)):
                    continue
                source = "list" if names[0].first == adjacent else "list_after"
                of = owner.entity if owner is not None else None
                out += [Candidate(m.entity, Role(entry.title, of, tok.start, tok.stop), entry.key, source)
                        for m in names]
        return out

    def origin(self, j: int, stop: int) -> int:
        """The token after «из» + a place («учёные из США», «Иван Петров из Омска»), else j."""
        if j + 1 < stop and self.toks[j].text == "из" and (m := self.starts.get(j + 1)) is not None \
                and m.type == "LOC":
            return m.last + 1
        return j

    # posts ---------------------------------------------------------------------------------

    def find_posts(self) -> list[Post]:
        out = []
        entries = post_entries()
        toks, cover, heads_at = self.toks, self.cover, self.heads_at
        # where a post may start: a form with post entries, or a noun outside any name (kin)
        starts = [i for i, t in enumerate(toks) if heads_at[i] or (t.pos == "NOUN" and i not in cover)]
        for s in self.doc.sents:
            free = s.tok_start  # the first token after the last post found
            for k in range(bisect_left(starts, s.tok_start), bisect_left(starts, s.tok_stop)):
                i = starts[k]
                if i < free:
                    continue
                post = None
                tok = toks[i]
                heads = heads_at[i]
                if heads and self.can_head(tok):
                    for lem in heads:
                        for e in entries[lem]:
                            post = self.match(e, i, s.tok_stop)
                            if post:
                                break
                        if post:
                            break
                    inside = cover.get(i)  # «Братья-мусульмане» names a body, not kin
                    if post is None and tok.pos == "NOUN" and inside is None and kind_of(tok) == "kin":
                        post = Post(i, i + 1, KIN, "", "")
                elif not heads and kind_of(tok) == "kin":  # a noun outside names: it may head
                    post = Post(i, i + 1, KIN, "", "")
                if post is not None:
                    out.append(post)
                    free = post.stop
        return out

    def can_head(self, tok: Token) -> bool:
        """Not inside a person's name, and not a function word («После» is not «посол»)."""
        m = self.cover.get(tok.i)
        return (m is None or m.type != "PER") and tok.pos not in FUNCTION_POS

    def match(self, e: PostEntry, i: int, stop: int) -> Post | None:
        head = self.toks[i]
        pos = (VERB_POS if e.kind == "verb" else ("NOUN", "ADJF", "PRTF") if len(e.words) > 1 or e.kind == "profession"
               else ("NOUN",))  # «нападающий», «учёный»: nouns that are adjectives in form
        ps = [p for p in parses(head.text)
              if p.tag.POS in pos and lemma_forms(p.normal_form) & e.words[0]]
        one_of = self.one_of(i)  # «один из экспертов X»: one of them, by name
        if not ps or (e.kind != "verb" and not one_of and all(p.tag.number == "plur" for p in ps)):
            return None
        if len(e.words) == 1 and e.kind != "verb" and self.attributive(i, stop):
            return None  # «в рабочем кабинете», «военный госпиталь»: an adjective here
        if e.kind == "profession" and self.verb_participle(i, stop):
            return None  # «ведущего переговоры»: the participle of a verb with its object
        j, skipped = i + 1, []
        for w in e.words[1:]:
            while (j < stop and len(skipped) < 2 and self.toks[j].pos in ("ADJF", "PRTF")
                   and not (word_lemmas(self.toks[j].text) & w)):
                skipped.append(j)
                j += 1
            if j < stop and word_lemmas(self.toks[j].text) & w:
                j += 1
            else:
                return None
        title = e.key if e.kind == "verb" else e.title  # «возглавляет» → глава
        compound = head.text.lower() if deputy_compound(head.text) else self.compound(ps, e)
        if compound:  # «госсоветник», «радиожурналист»: the title is the word the text uses
            title = " ".join((compound, *title.split()[1:]))
        post = Post(i, j, e, title, e.key, skipped=skipped, one_of=one_of)
        if e.kind == "portfolio":
            self.portfolio(post, stop)
        return post

    @staticmethod
    def compound(ps: list, e: PostEntry) -> str | None:
        """The compound lemma a post was found inside («госсоветник» for «советник»), or None
        when the word is the post itself; «экс-» is a time modifier, left out of the title."""
        if any(p.normal_form in e.words[0] for p in ps):
            return None
        lem = ps[0].normal_form
        return None if lem.startswith("экс-") else lem

    def portfolio(self, post: Post, stop: int) -> None:
        """«министр» + lowercase genitive words: «министр промышленности и торговли», or «по» and
        dative words first: «министр по делам разведки», «министр по чрезвычайным ситуациям»."""
        j, words = post.stop, []
        if j + 1 < stop and self.toks[j].text == "по" and self.dative(self.toks[j + 1]):
            words.append(self.toks[j])
            j += 1
            while j < stop and j not in self.cover and self.toks[j].text.isalpha() \
                    and self.toks[j].text.islower() and self.dative(self.toks[j]):
                words.append(self.toks[j])
                j += 1
        while j < stop and j not in self.cover:
            t = self.toks[j]
            if t.text == "," and words:
                pass  # may join an enumeration, checked below
            elif (len(t.text) < 2 and t.text != "и") or not t.text.isalpha() or not t.text.islower() \
                    or t.lemma in GENERIC or (t.pos in FUNCTION_POS and t.text != "и"):
                break
            # «инвестиций, промышленности и торговли»: an enumeration of portfolios
            joins = t.text in ("и", ",") and bool(words) and j + 1 < stop and self.genitive(self.toks[j + 1]) \
                and self.toks[j + 1].text.islower()
            if not joins and not (self.genitive(t) and kind_of(t) in (None, "person")):
                break
            words.append(t)
            j += 1
        while words and (words[-1].text in ("и", ",") or words[-1].pos in ("ADJF", "PRTF")):
            words.pop()  # «министр финансов немецкой земли» → министр финансов
        if words and any(t.text == "," for t in words) and not any(t.text == "и" for t in words):
            words = words[:next(k for k, t in enumerate(words) if t.text == ",")]  # a list ends with «и»
        if words:
            tail = " ".join(t.text.lower() for t in words).replace(" ,", ",")
            post.stop += len(words)
            post.title, post.key = f"{post.title} {tail}", f"{post.key} {tail}"

    def attributive(self, i: int, stop: int) -> bool:
        """A noun that is also an adjective («рабочий», «военный»), before a noun it agrees with."""
        adj = {(p.tag.case, p.tag.number) for p in parses(self.toks[i].text) if p.tag.POS in ("ADJF", "PRTF")}
        if not adj or i + 1 >= stop or i + 1 in self.cover:
            return False
        # the noun may be an adjective in form: «ведущих управляющих корпорации»
        return any((p.tag.POS == "NOUN" or (p.tag.POS in ("ADJF", "PRTF") and "Subx" in p.tag))
                   and (p.tag.case, p.tag.number) in adj for p in parses(self.toks[i + 1].text))

    def verb_participle(self, i: int, stop: int) -> bool:
        """A transitive participle before its object in the accusative (no genitive reading)."""
        if i + 1 >= stop or i + 1 in self.cover or not any(
                p.tag.POS == "PRTF" and "tran" in p.tag for p in parses(self.toks[i].text)):
            return False
        nxt = self.toks[i + 1]
        return self.accusative(nxt) and not self.genitive(nxt)

    @staticmethod
    def participle(t: Token) -> bool:
        return any(p.tag.POS == "PRTF" for p in parses(t.text.lower()))

    @staticmethod
    def dative(t: Token) -> bool:
        return any(p.tag.case == "datv" and p.tag.POS in ("NOUN", "ADJF") for p in parses(t.text))

    @staticmethod
    def instrumental(t: Token) -> bool:
        return any(p.tag.case == "ablt" and p.tag.POS == "NOUN" for p in parses(t.text))

    @staticmethod
    def accusative(t: Token) -> bool:
        return any(p.tag.case == "accs" and p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in parses(t.text))

    @staticmethod
    def genitive(t: Token) -> bool:
        return any(p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in parses(t.text))

    # holders and owners ------------------------------------------------------------------------

    def resolve(self, post: Post, following: Post | None) -> None:
        s = self.doc.sents[self.toks[post.start].sent]
        self.left(post, s.tok_start)
        self.post_at[post.first] = post
        for j in post.skipped:
            self.country_adjective(post, self.toks[j])
        if post.entry.kind == "verb":
            self.verb_holder(post, s.tok_start, s.tok_stop)
            return
        k = post.chain_end = self.chain(post, post.stop, s.tok_stop)
        if post.nested is not None:
            self.share(post, post.nested, s.tok_start, s.tok_stop)
            if post.entry.kind == "deputy":
                self.compose(post, post.nested)
            if post.holder is not None:
                post.source = "direct"
                return
        elif (m := self.after_owner(post, k, s.tok_start, s.tok_stop)) is not None:
            post.holder, post.direct, post.source = m, True, "direct"
            return
        elif self.direct_name(post, k, s.tok_start, s.tok_stop):
            post.holder, post.direct, post.source = self.starts[k], True, "direct"
            return
        if post.entry.kind == "kin":
            return
        # «бывшего губернатора - ныне сенатора Тверской области Олега Рябова»
        if (following is not None and following.holder is not None and following.entry.kind != "kin"
                and self.joined(max(post.stop, post.chain_end), following.first)):
            post.holder, post.source = following.holder, "joined"
            if post.org is None and post.loc is None:  # «председатель КНР, генсек ЦК КПК»: its own
                post.org, post.loc = following.org, following.loc
            return
        # «с Эндой Кенни, премьер-министром Ирландии», «Томас Шефер (Thomas Schäfer), министр»,
        # «Анна Петрова — известная оперная певица»: adjectives may stand before the post
        j = post.first - 1
        while j > s.tok_start and post.first - j <= 5 and j not in self.cover and (
                self.toks[j].pos in ("ADJF", "PRTF")  # «советский и российский футболист»
                or (self.toks[j].text in ("и", ",") and self.toks[j - 1].pos in ("ADJF", "PRTF"))):
            j -= 1
        if j > s.tok_start and self.toks[j].text in (",", "(", *DASHES):
            j -= 1
            if (j - 2 > s.tok_start and self.toks[j].lemma == "год" and self.toks[j - 1].text.isdigit()
                    and self.toks[j - 2].text in (",", *DASHES)):
                j -= 3  # «Анна Котова — 54 года, врач», «Олег Котов (Oleg Kotov), 34 года, пилот»
            if self.toks[j].text == ")":
                while j > s.tok_start and self.toks[j].text != "(":
                    j -= 1
                j -= 1
            m = self.cover.get(j)
            if (j >= s.tok_start and m is not None and m.type == "PER" and self.agree(post, m)
                    and not self.governed(m, s.tok_start)):
                post.holder, post.source = m, "apposition"
                return
        # «занял пост генерального директора», «стал министром», «назначен послом»
        post.holder, post.source = self.frame_holder(post, s.tok_start, s.tok_stop, k), "frame"

    def compose(self, outer: Post, inner: Post) -> None:
        """A deputy's title holds the post after it: «заместитель министра энергетики», «врио
        губернатора»; the inner post is then part of the title, not a role of its own."""
        if inner.first != outer.stop:
            return
        words = " ".join(t.text for t in self.toks[inner.title_first:inner.stop])
        outer.title = f"{outer.title} {title_case(words)}"
        outer.key = f"{outer.key} {inner.key}"
        outer.stop = inner.stop
        if inner.holder is None or inner.holder is outer.holder:
            inner.absorbed = True

    def direct_name(self, post: Post, k: int, lo: int, hi: int) -> bool:
        """Whether the PER at k, right after the post's chain, holds it («президент России Путин»).

        Not after «пост» («на пост главы ФСЭГ будет Бохановский» names a candidate), not a name
        in quotes (a film's title), and a relational post names its holder after an owner, or
        a name that only agrees with it («советник Трампа»: Трамп is the boss; «пресс-секретарь
        Анна Котова» holds the post).
        """
        m = self.starts.get(k) if k < hi else None
        if m is None or m.type != "PER" or self.framed(post, lo) or self.opens_quote(k - 1, lo):
            return False
        if post.entry.kind == "relational" and not (post.org or post.loc or post.nested):
            # no owner between: a name that may be in the genitive is the boss («советник
            # Трампа»); one that can only agree is the holder («пресс-секретарь Анна Котова»)
            cases = self.cases_of_name(m)
            return cases is not None and "gent" not in cases and self.agree(post, m, strict=True)
        return post.one_of or self.agree(post, m)

    def after_owner(self, post: Post, k: int, lo: int, hi: int) -> _Men | None:
        """«менеджер Ивана Петрова Олег Котов», «советник Трампа Джон Болтон»: a name in the
        genitive says whose the post is, the name after it (agreeing with the post) holds it."""
        m = self.starts.get(k) if k < hi else None
        if m is None or m.type != "PER" or self.framed(post, lo) or post.entry.kind == "kin":
            return None
        cases, posts = self.cases_of_name(m), self.case_of(post)
        if cases is not None and ("gent" not in cases or cases & posts):
            return None  # (an indeclinable name, «адвокат Савченко X», may be either: X decides)
        n = self.starts.get(m.last + 1) if m.last + 1 < hi else None
        if n is None or n.type != "PER" or n.entity is m.entity:
            return None
        names = self.cases_of_name(n)
        return n if names is not None and names & posts else None

    def one_of(self, i: int) -> bool:
        return i >= 2 and self.toks[i - 1].text.lower() == "из" and self.toks[i - 2].lemma == "один"
    def opens_quote(self, j: int, lo: int) -> bool:
        """Whether token j opens a quotation («», or the odd straight quote of its sentence)."""
        text = self.toks[j].text
        if text in "«„“":
            return True
        if text not in "\"'":
            return False
        return sum(t.text == text for t in self.toks[lo:j]) % 2 == 0

    def governed(self, m: _Men, lo: int) -> bool:
        """A name after a common noun that is no post: «соратник Цзян Цзэминя, премьер …»."""
        j = m.first - 1
        if j < lo:
            return False
        t = self.toks[j]
        return (t.pos == "NOUN" and t.text.islower() and not entry_heads(t.text)
                and kind_of(t) != "frame")

    def share(self, outer: Post, inner: Post, lo: int, hi: int) -> None:
        """A post (or kinship noun) whose chain holds another post in the genitive.

        «пресс-секретарю экс-президента США Билла Клинтона Джо Локхарту»: the first name is the
        inner post's, the second the outer's; with one name, its case decides
        («пресс-секретарь президента Дмитрий Песков», «дочь президента Иванка»).
        """
        outer.org, outer.loc = outer.org or inner.org, outer.loc or inner.loc
        m = inner.holder
        if m is None and self.direct_name(outer, inner.chain_end, lo, hi):
            outer.holder, outer.direct = self.starts[inner.chain_end], True  # the case fits only
            return
        if m is None or not inner.direct:
            return
        nxt = self.starts.get(m.last + 1)
        if nxt is not None and nxt.type == "PER":
            if self.agree(outer, nxt):
                outer.holder, outer.direct = nxt, True
        elif outer.entry.kind == "kin" and self.cases_of_name(m) is None:
            outer.holder, outer.direct = m, True  # «супруга президента Мишель»: the form tells nothing
            inner.holder = None
        elif (self.cases_of_name(m) or set()) & (self.case_of(outer) - self.case_of(inner)):
            outer.holder, outer.direct = m, True  # only the outer noun's case fits the name
            inner.holder = None

    def left(self, post: Post, sent_start: int) -> None:
        """Modifiers before the head: country adjectives, «первый», «бывший»."""
        i = post.start - 1
        prefix: list[str] = []
        post.first = post.title_first = post.start
        while post.entry.kind not in ("verb", "kin") and i >= sent_start and i not in self.cover:
            t = self.toks[i]
            if t.pos not in ("ADJF", "PRTF"):
                break
            kind = kind_of(t)
            if kind == "keep":
                prefix.insert(0, self.nominative(t))
                post.title_first = i
            elif kind == "honorary":
                post.honorary = True
            elif kind != "former" and not self.country_adjective(post, t):
                break
            post.first = i
            i -= 1
        if prefix:
            post.title = " ".join(prefix) + " " + post.title

    @staticmethod
    def nominative(t: Token) -> str:
        for p in parses(t.text):
            if p.tag.POS in ("ADJF", "PRTF"):
                f = inflected(p, NOMINATIVE_MASCULINE)
                if f is not None:
                    return f.word
        return t.text.lower()

    def country_adjective(self, post: Post, t: Token) -> bool:
        """«японского»: a country adjective; its country becomes the post's place when the
        document names it (by ISO link, or a LOC whose name the adjective starts with)."""
        adj = next((p.normal_form for p in parses(t.text) if p.tag.POS == "ADJF"), None)
        if adj is None or ("-" in adj and adj not in adjective_codes()):
            return False  # «российско-китайский» belongs to two
        code = adjective_codes().get(adj)
        found = self.cast.place(adj)
        # a trade's country adjective is a nationality («канадский фигурист»), a title's is the
        # state it serves («японский премьер»)
        if found is not None and post.loc is None and post.entry.kind != "profession":
            post.loc = found
        elif found is None and code is not None and post.entry.kind != "profession" and post.place is None:
            post.place = (t.start, t.stop)  # «британский премьер» in a text that names no Britain
        return found is not None or code is not None

    def chain(self, post: Post, k: int, stop: int) -> int:
        """Walk the genitive chain after a title; note its organisation, place, company noun."""
        plain = 0
        while k < stop and plain <= MAX_CHAIN:
            if k in self.post_at and k > post.start:  # resolved already: we go right to left
                inner = self.post_at[k]
                if self.rank(inner) and post.entry.kind != "kin" and not self.rank(post):
                    inner.absorbed = True  # «командующий флотом адмирал Иванов»: a rank
                    k = inner.stop
                    continue
                if inner.entry.kind != "kin" and self.case_of(inner) & {"gent"}:
                    post.nested = inner
                inner.nested_in = True
                return k
            if k in self.starts:
                m = self.starts[k]
                if m.type == "PER":
                    return k
                if m.type == "ORG":
                    post.org = post.org or m.entity
                elif m.type == "LOC":
                    post.loc = post.loc or m.entity
                k = m.last + 1
                continue
            if k in self.cover:  # inside a mention that started before the chain
                k += 1
                continue
            t = self.toks[k]
            if honorific_kind(t) == "honorific":  # «эмир Кувейта шейх Мишааль»
                k += 1
                continue
            kind = kind_of(t)
            if t.text == "(" and (post.org or post.loc) and (j := self.past_brackets(k, stop)) is not None:
                k = j  # «нападающий клуба «Градец» (FC Hradec) Иван Котов»: an aside, the name follows
                continue
            if t.text in QUOTES or t.text in DASHES or kind == "legal":
                k += 1
                continue
            if t.pos == "ADJF" or t.text[:1].isdigit():  # «министр финансов — 72-летний Иван Петров»
                j = k
                while j < stop and j not in self.cover and (
                        self.toks[j].pos == "ADJF" or self.toks[j].text[:1].isdigit()):
                    j += 1
                if j < stop and j in self.starts and self.starts[j].type == "PER":
                    return j
            if t.text.lower() in ("в", "во", "на") and plain < MAX_CHAIN:
                plain += 1
                k += 1
                continue
            if t.text == "по" and k + 1 < stop and self.dative(self.toks[k + 1]) and plain < MAX_CHAIN:
                plain += 1  # «директор по развитию продуктов «Вектора»»: the field, then the body
                k += 1
                while k < stop and k not in self.cover and self.toks[k].text.islower() \
                        and self.toks[k].text.isalpha() and plain <= MAX_CHAIN and (
                            self.dative(self.toks[k]) or (self.toks[k].text in ("с", "со") and k + 1 < stop
                                                          and self.instrumental(self.toks[k + 1]))
                            or (self.toks[k - 1].text in ("с", "со") and self.instrumental(self.toks[k]))):
                    plain += 1  # «по связям с общественностью»
                    k += 1
                continue
            if t.text == "от":  # «депутат (Госдумы) от «Справедливой России»»: the party
                j = k + 1
                while j < stop and self.toks[j].text in QUOTES:
                    j += 1
                if j < stop and j in self.starts and self.starts[j].type == "ORG":
                    k = j if post.org is None else self.starts[j].last + 1
                    continue
                if (m := self.owner_at(j, stop)) is not None and m.type == "LOC":
                    k = m.last + 1  # «сенатор от (штата) Техас»: the place elects him, it is no owner
                    continue
                return k
            if t.text == "и" and (post.org or post.loc) and (m := self.owner_at(k + 1, stop)) is not None:
                k = self.past_quotes(m.last + 1, stop)  # «защитник «Ладоги» и сборной Латвии Иван Петров»
                continue  # both; the affiliations stage gives the second owner
            if t.text == "из" and (j := self.origin(k, stop)) != k:
                k = j  # «фотограф из Норвегии Иван Петров»: where he comes from, not whose he is
                continue
            if self.state_form(k):  # «Премьер-министр Республики Узбекистан …»: the name follows
                plain += 1
                k += 1
                continue
            # «командующий флотом», «заведующий кафедрой»: the complement of a participle's post
            governs = k == post.stop and self.participle(self.toks[post.start]) and self.instrumental(t)
            word = t.text.islower() and t.text.replace("-", "").isalpha()  # «пресс-службы» too
            # «возглавляет инвестиционный холдинг X»: a verb's object, in the accusative
            governs = governs or (post.entry.kind == "verb" and self.accusative(t))
            if word and (self.genitive(t) or governs or self.after_preposition(k)):
                # a group («тренер футболистов сборной X», «лидер боевиков») is no one's owner
                if kind in ("connector", "frame") or (kind != "company" and self.animate(t) and not self.plural(t)):
                    return k  # «главой штаба телеведущей Ксении Собчак»: another person's noun
                post.company = post.company or kind == "company"
                post.country = post.country or t.lemma in COUNTRY_NOUNS
                plain += 1
                k += 1
                continue
            return k
        return k

    def owner_at(self, k: int, stop: int) -> _Men | None:
        """An owner in the genitive at k: an organisation or place, past quotes and up to two
        lowercase genitive words that are no post and no person («и «Роснефти»», «и сборной
        Нидерландов», «вице-президенты МОК»), or None."""
        words = 0
        while k < stop:
            m = self.starts.get(k)
            if m is not None:
                return m if m.type in ("ORG", "LOC") else None
            t = self.toks[k]
            if t.text in QUOTES:
                k += 1
                continue
            if (words >= 2 or k in self.cover or not t.text.isalpha() or not t.text.islower()
                    or not self.genitive(t) or self.animate(t) or k in self.post_at
                    or entry_heads(t.text)):
                return None
            words += 1
            k += 1
        return None

    def past_brackets(self, k: int, stop: int) -> int | None:
        """The name right after a short aside in brackets at k (no person in it), or None."""
        j = k + 1
        while j < stop and j - k <= MAX_ASIDE and self.toks[j].text != ")":
            if (m := self.cover.get(j)) is not None and m.type == "PER":
                return None
            j += 1
        if j + 1 < stop and self.toks[j].text == ")" and (m := self.starts.get(j + 1)) is not None and m.type == "PER":
            return j + 1
        return None

    def past_quotes(self, k: int, stop: int) -> int:
        while k < stop and self.toks[k].text in QUOTES:
            k += 1
        return k

    def state_form(self, k: int) -> bool:
        """«Республики», «Арабской Республики» before a country's name (lexicon state_forms)."""
        forms = state_forms()
        t = self.toks[k]
        if t.lemma in forms:
            return True
        return t.pos == "ADJF" and k + 1 < len(self.toks) and self.toks[k + 1].lemma in forms

    @staticmethod
    def plural(t: Token) -> bool:
        return all(p.tag.number == "plur" for p in parses(t.text) if p.tag.POS == "NOUN")

    @staticmethod
    def animate(t: Token) -> bool:
        return all(p.tag.POS == "NOUN" and p.tag.animacy == "anim" for p in parses(t.text))

    def after_preposition(self, k: int) -> bool:
        j = k - 1
        while j >= 0 and self.toks[j].pos in ("ADJF", "PRTF"):
            j -= 1
        return j >= 0 and self.toks[j].text.lower() in ("в", "во", "на")

    def joined(self, a: int, b: int) -> bool:
        """Tokens a..b only join two posts: a dash, a comma, «ныне», «а затем»."""
        between = self.toks[a:b]
        return bool(between) and all(
            t.text in DASHES or t.text == "," or kind_of(t) in ("connector", "former") for t in between)

    # cases -----------------------------------------------------------------------------------

    def case_of(self, post: Post) -> set[str]:
        """Cases the post's head may be in."""
        if deputy_compound(self.toks[post.start].text):
            return set(ALL_CASES)  # «зампрокурора» does not decline: any case
        lemmas = post.entry.words[0] if post.entry.words else {self.toks[post.start].lemma}
        ps = [p for p in parses(self.toks[post.start].text) if lemma_forms(p.normal_form) & lemmas]
        # the head noun, or the adjective a title starts with («финансовым директором»)
        ps = [p for p in ps if p.tag.POS == "NOUN"] or [p for p in ps if p.tag.POS in ("ADJF", "PRTF")]
        # a post names a person: «менеджер» is no accusative (that is «менеджера»)
        ps = [p for p in ps if p.tag.animacy == "anim"] or ps
        # a person is one: «актрисы» is a genitive here, not the plural nominative
        return {p.tag.case for p in ps if p.tag.number != "plur"} or {p.tag.case for p in ps}

    def rank(self, post: Post) -> bool:
        return honorific_kind(self.toks[post.start]) == "rank"

    def cases_of_name(self, m: _Men) -> set[str] | None:
        """Cases a name may be in; None when its form tells nothing (indeclinable, Latin).

        The cases its words share («Нурсултана Назарбаева»: gent, accs — not the nominative of
        the feminine «Назарбаева»), or any of them where they share none.
        """
        sets = []
        for t in self.toks[m.first:m.last + 1]:
            cases = _name_word_cases(t.text)
            if cases is None:
                return None
            if cases:
                sets.append(set(cases))
        if not sets:
            return None
        return set.intersection(*sets) or set.union(*sets)

    def agree(self, post: Post, m: _Men, strict: bool = False) -> bool:
        """The post and the name can stand in apposition: their cases may agree."""
        names = self.cases_of_name(m)
        if names is None:
            return not strict
        posts = self.case_of(post)
        return not posts or bool(posts & names)

    def same_case(self, a: Post, b: Post) -> bool:
        return bool(self.case_of(a) & self.case_of(b))

    # verbs ------------------------------------------------------------------------------------

    def verb_holder(self, post: Post, lo: int, hi: int) -> None:
        """«South Stream Transport возглавляет Марсель Крамер», «Камиля вошла в совет директоров»."""
        found: list[_Men] = []
        verb = self.toks[post.start]
        if self.doc.sents[verb.sent].parsed:
            for c in self.doc.children(verb):
                if c.rel in HOLDER_RELS and c.i in self.cover:
                    found.append(self.cover[c.i])
        # the words next to the verb («South Stream Transport возглавляет Марсель Крамер»)
        if post.start - 1 >= lo and post.start - 1 in self.cover:
            found.append(self.cover[post.start - 1])
        # a participle after its noun: «Иван Петров, возглавлявший ФТС»
        if (post.start - 2 >= lo and self.toks[post.start - 1].text == "," and post.start - 2 in self.cover
                and self.participle(verb)):
            found.append(self.cover[post.start - 2])
        k = self.chain(post, post.stop, hi)
        if k < hi and k in self.starts:
            found.append(self.starts[k])
        for m in found:
            if m.type == "PER" and post.holder is None:
                if "nomn" not in (self.cases_of_name(m) or {"nomn"}):
                    continue  # «при Килпатрике возглавлял»: not the subject
                post.holder = m
            elif m.type == "ORG" and post.org is None:
                post.org = m.entity
            elif m.type == "LOC" and post.loc is None:
                post.loc = m.entity

    def frame_holder(self, post: Post, lo: int, hi: int, end: int) -> _Men | None:
        """The holder of «занять пост X», «стать X-ом», «назначить Y X-ом», «пост X занимал Y»."""
        framed = self.framed(post, lo)
        if not (framed or "ablt" in self.case_of(post)):
            return None
        v = (post.first - 1 if framed else post.first) - 1
        given = None  # «назначил на пост главы ЦРУ Ивана Петрова», «сменит на посту мэра Y»
        if framed and v > lo and self.toks[v].text.lower() in ("на", "в", "во", "с", "со", "от"):
            m = self.cover.get(v - 1)
            if self.frame_verb(self.toks[v - 1]):
                v -= 1  # «назначен на пост главы ЦРУ», «ушёл с поста мэра»
                given = self.frame_verb(self.toks[v]) == "obj"
            elif m is not None and m.type == "PER" and m.last == v - 1:
                return m  # «освободил Иванова от должности министра», «снятие Котова с поста мэра»
        if given and end < hi and end in self.starts and self.starts[end].type == "PER":
            return self.starts[end]
        while (v >= lo and (self.toks[v].pos in ("ADVB", "PRTS", "ADJS", "ADJF") or self.toks[v].text[:1].isdigit())
               and v not in self.cover and not self.frame_verb(self.toks[v])):
            v -= 1  # «стал уже», «стал 43-м»
        if v >= lo:
            m = self.verb_subject(v, lo)
            if m is not None:
                return m
        # «пост X занимал Y»; not «кандидатом на пост главы ФСЭГ будет Y»
        prep = framed and post.first - 2 >= lo and self.toks[post.first - 2].pos == "PREP"
        if not prep and end + 1 < hi and self.frame_verb(self.toks[end]):
            j = end + 1  # «назначен 39-летний X», «избран известный юрист X»
            while j < hi and j not in self.cover and j not in self.post_at and (
                    self.toks[j].pos == "ADJF" or self.toks[j].text[:1].isdigit()):
                j += 1
            if j < hi and j in self.starts:
                m = self.starts[j]
                return m if m.type == "PER" else None
            # «главой страны стала вице-президент X»: the holder of the post named after the verb
            nxt = self.post_at.get(j)
            if nxt is not None and nxt.direct and nxt.entry.kind != "kin":
                return nxt.holder
        return None

    def framed(self, post: Post, lo: int) -> bool:
        """«пост генерального директора», «должность министра»."""
        return post.first - 1 >= lo and kind_of(self.toks[post.first - 1]) == "frame"

    def frame_verb(self, t: Token) -> str | None:
        """"subj"/"obj" for a frame verb (the passive «назначен» names its subject)."""
        for p in parses(t.text):
            if p.tag.POS in VERB_POS and p.normal_form in frame_verbs():
                return "subj" if p.tag.POS == "PRTS" else frame_verbs()[p.normal_form]
        return None

    def verb_subject(self, v: int, lo: int) -> _Men | None:
        """The person whose post the verb at v names («Сидибе был министром»)."""
        verb = self.toks[v]
        whose = self.frame_verb(verb)
        if whose is None:
            m = self.cover.get(v)  # «назначил Иванова министром»: the object stands before
            if m is not None and m.type == "PER" and v - 1 >= lo:
                w = self.toks[m.first - 1] if m.first - 1 >= lo else None
                if w is not None and self.frame_verb(w) == "obj":
                    return m
            return None
        rels = ("nsubj", "nsubj:pass") if whose == "subj" else ("obj",)
        if self.doc.sents[verb.sent].parsed:
            for c in self.doc.children(verb):
                if c.rel in rels and c.i in self.cover and self.cover[c.i].type == "PER":
                    return self.cover[c.i]
                if c.rel in rels and c.pos == "NPRO" and whose == "subj":
                    return self.pronoun(c)
                if c.rel in rels and c.lemma == "который" and whose == "subj":
                    return self.antecedent(c, lo)
            if whose == "subj" and v - 1 >= lo and self.toks[v - 1].text == ",":
                m = self.earlier_subject(v - 1, lo)  # «он занимал пост X, был послом»: the first verb's
                if m is not None:
                    return m
        if whose == "obj":
            return None
        # «Таро Асо, занимавший пост премьера»: a participle's noun before the comma
        if self.participle(verb) and v - 2 >= lo and self.toks[v - 1].text == "," and v - 2 in self.cover:
            m = self.cover[v - 2]
            return m if m.type == "PER" else None
        j = v - 1
        while j >= lo and self.toks[j].pos in ("VERB", "ADVB", "PRTS", "INFN") and j not in self.cover:
            j -= 1  # «был назначен», «уже стал», «может стать»
        if j >= lo and self.toks[j].pos == "NPRO":
            return self.pronoun(self.toks[j])
        m = self.cover.get(j)
        if m is not None:
            return m if m.type == "PER" else None
        return self.subject_before(j, lo)

    def earlier_subject(self, comma: int, lo: int) -> _Men | None:
        """The person subject of the verb of the clause before a comma, where one verb's
        subject goes on to the next («он работал в X, был послом Y»): the nearest verb back
        with a name or a pronoun as its subject; None past a conjunction that opens a clause."""
        for k in range(comma - 1, max(lo - 1, comma - 1 - EARLIER_VERB), -1):
            t = self.toks[k]
            if t.lemma in ("что", "который", "когда", "если", "чтобы", "где") or t.text in (":", ";"):
                return None
            if t.pos not in VERB_POS or t.pos in ("PRTF", "GRND", "INFN"):
                continue
            for c in self.doc.children(t):
                if c.rel == "nsubj" and c.i in self.cover and self.cover[c.i].type == "PER":
                    return self.cover[c.i]
                if c.rel == "nsubj" and c.pos == "NPRO":
                    return self.pronoun(c)
            return None
        return None

    def subject_before(self, j: int, lo: int) -> _Men | None:
        """In an unparsed clause, a name in the nominative a few words before the verb, past an
        adverbial («Иван Петров долгое время был юристом», «Петров в 2006 году стал мэром»);
        not past a comma, a conjunction, another verb or another person's noun."""
        k = j
        while k >= lo and j - k < 5:
            t = self.toks[k]
            m = self.cover.get(k)
            if m is not None:
                if m.type != "PER" or "nomn" not in (self.cases_of_name(m) or {"nomn"}) or (
                        m.first - 1 >= lo and self.toks[m.first - 1].pos == "NOUN"):
                    return None  # «отец Петрова был учителем»: the noun's, not the name's
                return m
            if not t.text[:1].isalnum() or t.pos in ("VERB", "INFN", "PRTS", "CONJ", "NPRO", "PRCL") \
                    or any(p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.animacy == "anim"
                           for p in parses(t.text)):
                return None
            k -= 1
        return None

    def antecedent(self, t: Token, lo: int) -> _Men | None:
        """«Иван Петров, который занимал пост министра»: the name before the comma."""
        j = t.i - 1
        if j - 1 < lo or self.toks[j].text != ",":
            return None
        m = self.cover.get(j - 1)
        return m if m is not None and m.type == "PER" else None

    def pronoun(self, t: Token) -> _Men | None:
        """«он был назначен министром»: the person the cast resolves the pronoun to."""
        gender = PRONOUNS.get(t.text.lower())
        if gender is None:
            return None
        e = self.cast.recent(t, ("PER",), gender)
        return _Men("PER", t.start, t.stop, e, t.i, t.i) if e is not None else None

    def descriptor(self, post: Post) -> None:
        """A post with no holder in its clause («заявила актриса»): the one person the cast
        has in reach, unless another person holds this post in the text, or that person is
        named with a post of their own (the descriptor then only refers to them)."""
        head = self.toks[post.start]
        if (post.entry.kind in ("kin", "verb", "relational", "deputy") or post.absorbed or post.nested_in
                or post.chain_end in self.starts
                or self.framed(post, self.doc.sents[head.sent].tok_start)):
            return
        lo = self.doc.sents[head.sent].tok_start
        before = self.toks[post.first - 1] if post.first - 1 >= lo else None
        if before is not None and before.pos == "PREP":
            return  # «кандидат в президенты»: no one's post
        want = "femn" if head.tag is not None and "femn" in head.tag else None
        e = self.cast.descriptor(head, want)
        if e is None and self.dated_entry(post, lo):
            e = self.cast.salient(head.start, ("PER",))  # a line of a life: its person
        if e is None or any(h is not e for h in self.held.get(post.key, ())):
            return
        # a person named with a post: «чиновник» refers to them by it, and a title («министр»)
        # after them is most often another's, unnamed; an occupation («актриса») is their own
        if (post.entry.generic or post.entry.kind != "profession") and any(e in held for held in self.held.values()):
            return
        post.holder, post.source = _Men("PER", head.start, head.stop, e, head.i, head.i), "cast"

    def dated_entry(self, post: Post, lo: int) -> bool:
        """A line of a biography: only a date and a dash before the post («В 1998—1999 годах —
        директор ОАО «Вектор»», «С марта 2004 года — заместитель министра»)."""
        before = self.toks[lo:post.first]
        if len(before) < 2 or before[-1].text not in DASHES:
            return False
        return any(t.text[:1].isdigit() for t in before) and all(
            t.text[:1].isdigit() or t.text in DASHES or t.text == "," or t.lemma in DATE_WORDS
            or t.lemma in months() for t in before[:-1])

    # roles ---------------------------------------------------------------------------------

    def bracketed_org(self, m: _Men) -> Entity | None:
        """An organisation in brackets right after the holder's name: «(«Зенит»)»."""
        orgs = self.bracketed_orgs(m)
        return orgs[0] if orgs else None

    def bracketed_orgs(self, m: _Men) -> list[Entity]:
        """The organisations in brackets right after a name, one or several split by «/» or a
        comma: «(«Зенит»)», «(«Зенит»/«Спартак»)»; none unless the brackets hold only them."""
        toks, j = self.toks, m.last + 1
        if j >= len(toks) or toks[j].text != "(":
            return []
        orgs = []
        while True:
            j += 1
            while j < len(toks) and toks[j].text in QUOTES and toks[j].text != ")":
                j += 1
            org = self.starts.get(j)
            if org is None or org.type != "ORG":
                return []
            orgs.append(org.entity)
            j = org.last + 1
            while j < len(toks) and toks[j].text in QUOTES and toks[j].text != ")":
                j += 1
            if j >= len(toks) or toks[j].text not in (")", "/", ","):
                return []
            if toks[j].text == ")":
                return orgs

    def coordinated_state(self, post: Post) -> Entity | None:
        """A state's post joined by «и» to another state post with its country and holder
        before it: «президент Израиля Иван Петров и премьер-министр Олег Котов» — the same
        country's. Only posts that speak for a state (lexicon state_posts)."""
        j = post.first - 1
        if j < 1 or self.toks[j].text != "и" or post.key not in state_posts():
            return None
        m = self.cover.get(j - 1)
        prev = self.named_with.get(m.first) if m is not None and m.type == "PER" else None
        if prev is None or prev.key not in state_posts() or prev.org is not None or prev.loc is None \
                or not is_country(prev.loc) or prev.key == post.key:
            return None
        return prev.loc

    def shared_owner(self, post: Post) -> Entity | None:
        """The owner a post shares with the noun joined to it by «и»: «председатель правления и
        управляющий компании X», «глава и основатель холдинга X», «гитарист и основатель группы
        «X»»."""
        k = max(post.stop, post.chain_end)
        stop = self.doc.sents[self.toks[post.start].sent].tok_stop
        if k >= stop or self.toks[k].text != "и":
            return None
        nxt = self.post_at.get(k + 1)
        if nxt is not None:
            return nxt.org or nxt.loc
        j = k + 1
        while j < stop and j - k <= 4 and j not in self.cover and self.toks[j].text.isalpha() \
                and self.toks[j].text.islower() and self.toks[j].pos in ("NOUN", "ADJF"):
            j += 1
        m = self.starts.get(self.past_quotes(j, stop))  # «… и сооснователь группы «Кедр»»
        return m.entity if j > k + 1 and m is not None and m.type in ("ORG", "LOC") else None

    def candidate(self, post: Post) -> Candidate | None:
        holder = post.holder.entity if post.holder is not None else None
        if holder is None or holder.type != "PER":
            return None
        of = post.org
        at = self.toks[post.start].start
        if of is None and post.company:
            of = self.cast.salient(at)
        if of is None:
            of = post.loc
        if of is None and post.country:  # «президент страны» after «в Египте»
            of = self.cast.focus_country(at)
        if of is None and post.direct:  # «президент Израиля Иван Петров и премьер-министр Олег Котов»
            of = self.coordinated_state(post)
        if of is None and post.direct:  # «вратарь Иван Петров («Зенит»)»
            of = self.bracketed_org(post.holder)
        if of is None:
            of = self.shared_owner(post)
        if of is None:  # «глава МВД», «начальник Генштаба»: a body named inside the title
            of = next((m.entity for k in range(post.start, post.stop)
                       if (m := self.starts.get(k)) is not None and m.type == "ORG"), None)
        if of is holder or post.honorary:
            of = None
        start, stop = self.toks[post.title_first].start, self.toks[post.stop - 1].stop
        role = Role(post.title, of, start, stop)
        if of is None and not post.honorary:
            role.body = self.named_body(post)
            role.place = post.place
        return Candidate(holder, role, post.key, post.source)

    def named_body(self, post: Post) -> Body | None:
        """A generic body in the post's title or right after it: «спикер парламента», «глава
        правительства», «генерал-майор полиции» (stages/bodies.py)."""
        end = min(max(post.stop, post.chain_end) + 1, len(self.toks))
        return next((b for k in range(post.start, end) if (b := self.body_at.get(self.toks[k].start))), None)
