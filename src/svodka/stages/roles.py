"""Roles: the posts that the text gives persons («премьер-министр Казахстана Олжас Бектенов»).

A post is a phrase of the `posts` lexicon, matched by lemma. Around it we read:
- its owner (`of`): the organisation named in the genitive chain after it («глава ОАО
  «Газпром»»), else the place there («президентом Российской Федерации»), else a country
  adjective before it («японский премьер»);
- its holder: the PER mention right after that chain («президент России Владимир Путин»),
  a PER before a comma («с Эндой Кенни, премьер-министром Ирландии»), or the subject of a
  verb («X возглавляет Y», «Y занял пост генерального директора», «Y стал министром»).
A post that reaches no person is a descriptor («глава правительства РК подчеркнул…»). It names
a post that a person already holds in the text, so it adds nothing: one role per person and
post (posts are compared by their canonical name, «глава МИД» = «министр иностранных дел»).
All matching stays inside one clause: chains stop at punctuation other than quotes, brackets
and dashes, and at any word that cannot continue a genitive chain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from .. import lexicons
from ..doc import Doc, Entity, Role, Token
from . import Stage
from .morph import lemma, parses

MAX_CHAIN = 8  # plain words in the chain between a post and its holder
QUOTES = frozenset("«»\"„“”'‘’()")
DASHES = frozenset("-–—")
GENERIC = frozenset({"страна", "республика", "государство", "регион"})  # not a portfolio
FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "ADVB", "PRED", "COMP"})
HOLDER_RELS = ("nsubj", "nsubj:pass", "obj", "iobj", "appos")


# --- lexicons -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PostEntry:
    words: tuple[frozenset[str], ...]  # lemma sets of the phrase's words
    title: str
    key: str  # canonical post
    kind: str  # "", "portfolio", "verb"


@cache
def word_lemmas(word: str) -> frozenset[str]:
    """Every lemma a word form may have (pymorphy3's parses); «экс-президент» → also президент."""
    out = {p.normal_form for p in parses(word)}
    for x in list(out):
        if x.startswith("экс-"):
            out.add(x[4:])
    return frozenset(out)


def _title_case(phrase: str) -> str:
    """Lowercase, abbreviations (МИД, МВД) kept."""
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in phrase.split())


@cache
def post_entries() -> dict[str, tuple[PostEntry, ...]]:
    """Entries by the lemma of their first word, longest phrase first."""
    by_head: dict[str, list[PostEntry]] = {}
    for row in lexicons.load("posts"):
        phrase = row[0]
        key = row[1] if len(row) > 1 and row[1] else phrase
        kind = row[2] if len(row) > 2 else ""
        words = tuple(frozenset({lemma(w)}) for w in phrase.split())
        entry = PostEntry(words, _title_case(phrase), _title_case(key), kind)
        by_head.setdefault(next(iter(words[0])), []).append(entry)
    return {h: tuple(sorted(es, key=lambda e: -len(e.words))) for h, es in by_head.items()}


@cache
def post_words() -> dict[str, str]:
    return {r[0]: r[1] for r in lexicons.load("post_words")}


@cache
def frame_verbs() -> frozenset[str]:
    return lexicons.words("post_verbs")


def kind_of(tok: Token) -> str | None:
    """The post_words kind of a token (keep, former, frame, legal, company, connector)."""
    words = post_words()
    text = tok.text.lower()
    if text in words:
        return words[text]
    for lem in word_lemmas(tok.text):
        if lem in words:
            return words[lem]
    return None


# --- countries from adjectives --------------------------------------------------------------

@cache
def adjective_codes() -> dict[str, str]:
    """Country adjective lemma → ISO code, from the countries lexicon when it has one.

    The lexicon is read loosely (any field that is a lowercase adjective lemma, any field that
    is a two-letter code), so that its column layout can change without breaking roles.
    """
    try:
        rows = lexicons.load("countries")
    except FileNotFoundError:
        return {}
    out: dict[str, str] = {}
    for row in rows:
        code = next((f for f in row if len(f) == 2 and f.isalpha() and f.isupper()), None)
        if code is None:
            continue
        for f in row:
            for w in f.replace(",", ";").split(";"):
                w = w.strip().lower()
                if w.endswith(("ский", "цкий", "ской", "ный", "ний")) and " " not in w:
                    out.setdefault(w, code)
    return out


def _stem(name: str) -> str:
    name = name.lower()
    for end in ("ия", "я", "а", "ь", "и"):
        if name.endswith(end):
            return name[: -len(end)]
    return name


# --- the stage ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Men:
    """A mention with the entity that holds it (entities are the source of truth here)."""

    type: str
    start: int
    stop: int
    entity: Entity


@dataclass
class Post:
    start: int  # token range of the title
    stop: int
    entry: PostEntry
    title: str
    key: str
    org: Entity | None = None
    loc: Entity | None = None
    company: bool = False  # a company noun with no organisation named
    holder: Entity | None = None
    first: int = -1  # first token of the modifiers before the head (country adjectives too)
    title_first: int = -1  # first token of the title span («первый» замминистра)
    skipped: list[int] = field(default_factory=list)


class Roles(Stage):
    name = "roles"

    def __call__(self, doc: Doc) -> None:
        if not any(e.type == "PER" for e in doc.entities):
            return
        _Reader(doc).run()


class _Reader:
    """One document's roles: the mention index, post matching, holders and owners."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.toks = doc.tokens
        self.starts: dict[int, tuple[_Men, int]] = {}  # first token → (outer mention, stop)
        self.cover: dict[int, _Men] = {}  # token → outermost mention covering it
        self.roles: dict[tuple[int, str], Role] = {}  # (id of holder, canonical post) → role
        ms = [_Men(m.type, m.start, m.stop, e) for e in doc.entities for m in e.mentions]
        for m in sorted(ms, key=lambda m: (m.start, -(m.stop - m.start))):
            toks = doc.tokens_in(m.start, m.stop)
            if not toks or toks[0].i in self.cover:
                continue
            self.starts[toks[0].i] = (m, toks[-1].i + 1)
            for t in toks:
                self.cover.setdefault(t.i, m)

    def run(self) -> None:
        posts = self.find_posts()
        for k in range(len(posts) - 1, -1, -1):  # right to left: chained posts see the next one
            self.resolve(posts[k], posts[k + 1] if k + 1 < len(posts) else None)
        for p in posts:
            if p.holder is not None:
                self.add(p)

    # posts ---------------------------------------------------------------------------------

    def find_posts(self) -> list[Post]:
        out = []
        entries = post_entries()
        for s in self.doc.sents:
            i = s.tok_start
            while i < s.tok_stop:
                post = None
                tok = self.toks[i]
                if self.can_head(tok):
                    for lem in word_lemmas(tok.text):
                        for e in entries.get(lem, ()):
                            post = self.match(e, i, s.tok_stop)
                            if post:
                                break
                        if post:
                            break
                if post is None:
                    i += 1
                    continue
                out.append(post)
                i = post.stop
        return out

    def can_head(self, tok: Token) -> bool:
        """Not inside a person's name, and not a function word («После» is not «посол»)."""
        m = self.cover.get(tok.i)
        return (m is None or m.type != "PER") and tok.pos not in FUNCTION_POS

    def match(self, e: PostEntry, i: int, stop: int) -> Post | None:
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
        head = self.toks[i]
        if e.kind != "verb" and self.plural(head, e.words[0]):
            return None
        title = e.key if e.kind == "verb" else e.title  # «возглавляет» → глава
        post = Post(i, j, e, title, e.key, skipped=skipped)
        if e.kind == "portfolio":
            self.portfolio(post, stop)
        return post

    @staticmethod
    def plural(tok: Token, lemmas: frozenset[str]) -> bool:
        ps = [p for p in parses(tok.text) if p.normal_form in lemmas]
        return bool(ps) and all(p.tag.number == "plur" for p in ps)

    def portfolio(self, post: Post, stop: int) -> None:
        """«министр» + lowercase genitive words: «министр промышленности и торговли»."""
        j, words = post.stop, []
        while j < stop and j not in self.cover:
            t = self.toks[j]
            if not t.text.isalpha() or not t.text.islower():
                break
            joins = t.text == "и" and words and j + 1 < stop and self.genitive(self.toks[j + 1])
            if not joins and not (self.genitive(t) and kind_of(t) is None and t.lemma not in GENERIC):
                break
            words.append(t.text)
            j += 1
        while words and words[-1] == "и":
            words.pop()
            j -= 1
        if words:
            post.stop = post.stop + len(words)
            post.title = post.title + " " + " ".join(words)
            post.key = post.key + " " + " ".join(words)

    @staticmethod
    def genitive(t: Token) -> bool:
        return any(p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in parses(t.text))

    # holders and owners ------------------------------------------------------------------------

    def resolve(self, post: Post, following: Post | None) -> None:
        s = self.doc.sents[self.toks[post.start].sent]
        self.left(post, s.tok_start)
        for j in post.skipped:
            self.country_adjective(post, self.toks[j])
        if post.entry.kind == "verb":
            self.verb_holder(post, s.tok_start, s.tok_stop)
            return
        k = self.chain(post, post.stop, s.tok_stop)
        if k < s.tok_stop and k in self.starts and self.starts[k][0].type == "PER":
            post.holder = self.starts[k][0].entity
            return
        # «бывшего президента - ныне госсоветника Татарстана Минтимера Шаймиева»
        if (following is not None and following.holder is not None
                and self.only_connectors(post.stop, following.start)):
            post.holder = following.holder
            post.org, post.loc = post.org or following.org, post.loc or following.loc
            return
        # «с Эндой Кенни, премьер-министром Ирландии»
        first = post.first
        if first - 2 >= s.tok_start and self.toks[first - 1].text in (",", "(", *DASHES):
            m = self.cover.get(first - 2)
            if m is not None and m.type == "PER":
                post.holder = m.entity
                return
        # «занял пост генерального директора», «стал министром», «возглавляет компанию»
        post.holder = self.frame_holder(post, s.tok_start, s.tok_stop, k)

    def left(self, post: Post, sent_start: int) -> None:
        """Modifiers before the head: country adjectives, «первый», «бывший»."""
        i = post.start - 1
        prefix: list[str] = []
        post.first = post.title_first = post.start
        while i >= sent_start and i not in self.cover:
            t = self.toks[i]
            if t.pos not in ("ADJF", "PRTF") and not t.text.lower().startswith("экс"):
                break
            kind = kind_of(t)
            if kind == "keep":
                prefix.insert(0, self.nominative(t))
                post.title_first = i
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
                f = p.inflect({"nomn", "sing", "masc"})
                if f is not None:
                    return f.word
        return t.text.lower()

    def country_adjective(self, post: Post, t: Token) -> bool:
        """«японского» → the Japan entity of this document, when it has one."""
        if post.loc is not None:
            return False
        adj = next((p.normal_form for p in parses(t.text) if p.tag.POS == "ADJF"), None)
        if adj is None or "-" in adj:
            return False
        code = adjective_codes().get(adj)
        for e in self.doc.entities:
            if e.type != "LOC":
                continue
            if code and e.link == f"iso:{code}":
                post.loc = e
                return True
            stem = _stem(e.name)
            if not code and len(stem) >= 4 and adj.startswith(stem) and " " not in e.name:
                post.loc = e
                return True
        return False

    def chain(self, post: Post, k: int, stop: int) -> int:
        """Walk the genitive chain after a title; note its organisation, place, company noun."""
        plain = 0
        while k < stop and plain <= MAX_CHAIN:
            if k in self.starts:
                m, end = self.starts[k]
                if m.type == "PER":
                    return k
                if m.type == "ORG":
                    post.org = post.org or m.entity
                elif m.type == "LOC":
                    post.loc = post.loc or m.entity
                k = end
                continue
            if k in self.cover:  # inside a mention that started before the chain
                k += 1
                continue
            t = self.toks[k]
            kind = kind_of(t)
            if t.text in QUOTES or t.text in DASHES or kind == "legal":
                k += 1
                continue
            if t.text.lower() in ("в", "во", "на") and plain < MAX_CHAIN:
                plain += 1
                k += 1
                continue
            if t.text.islower() and t.text.isalpha() and (self.genitive(t) or self.after_preposition(k)):
                if kind == "company":
                    post.company = True
                elif kind in ("connector", "frame"):
                    return k
                plain += 1
                k += 1
                continue
            return k
        return k

    def after_preposition(self, k: int) -> bool:
        j = k - 1
        while j >= 0 and self.toks[j].pos in ("ADJF", "PRTF"):
            j -= 1
        return j >= 0 and self.toks[j].text.lower() in ("в", "во", "на")

    def only_connectors(self, a: int, b: int) -> bool:
        return all(self.toks[j].text in DASHES or self.toks[j].text == ","
                   or kind_of(self.toks[j]) in ("connector", "former") for j in range(a, b))

    def verb_holder(self, post: Post, lo: int, hi: int) -> None:
        """«South Stream Transport возглавляет Марсель Крамер», «Камиля вошла в совет директоров»."""
        found: list[_Men] = []
        verb = self.toks[post.start]
        if self.doc.sents[verb.sent].parsed:
            for c in self.doc.children(verb):
                if c.rel in HOLDER_RELS and c.i in self.cover:
                    found.append(self.cover[c.i])
        if post.start - 1 >= lo and post.start - 1 in self.cover:
            found.append(self.cover[post.start - 1])
        k = self.chain(post, post.stop, hi)
        if k < hi and k in self.starts:
            found.append(self.starts[k][0])
        for m in found:
            if m.type == "PER" and post.holder is None:
                post.holder = m.entity
            elif m.type == "ORG" and post.org is None:
                post.org = m.entity
            elif m.type == "LOC" and post.loc is None:
                post.loc = m.entity

    def frame_holder(self, post: Post, lo: int, hi: int, end: int) -> Entity | None:
        """The subject of «занять пост X», «стать X-ом», «X-ом назначен Y»."""
        head = self.toks[post.start]
        first = post.first
        framed = first - 1 >= lo and kind_of(self.toks[first - 1]) == "frame"
        instr = any(p.tag.case == "ablt" for p in parses(head.text) if p.normal_form in post.entry.words[0])
        if not (framed or instr):
            return None
        before = first - 1 if framed else first
        # verb right before: «Y занял пост X», «Y стал министром»
        v = before - 1
        while v >= lo and self.toks[v].pos in ("ADVB", "PRTS") and self.toks[v].text.isalpha():
            v -= 1
        if v >= lo and self.is_frame_verb(self.toks[v]):
            m = self.subject(v, lo)
            if m is not None:
                return m
        # verb right after: «пост X занимал Y»
        if end < hi and self.is_frame_verb(self.toks[end]) and end + 1 in self.starts:
            m = self.starts[end + 1][0]
            if m.type == "PER":
                return m.entity
        return None

    def is_frame_verb(self, t: Token) -> bool:
        return any(p.tag.POS in ("VERB", "INFN", "PRTS", "PRTF") and p.normal_form in frame_verbs()
                   for p in parses(t.text))

    def subject(self, v: int, lo: int) -> Entity | None:
        verb = self.toks[v]
        if self.doc.sents[verb.sent].parsed:
            for c in self.doc.children(verb):
                if c.rel in ("nsubj", "nsubj:pass") and c.i in self.cover and self.cover[c.i].type == "PER":
                    return self.cover[c.i].entity
        j = v - 1
        while j >= lo and self.toks[j].pos in ("VERB", "ADVB", "PRTS") and j not in self.cover:
            j -= 1  # «был назначен», «уже стал»
        m = self.cover.get(j)
        return m.entity if m is not None and m.type == "PER" else None

    # roles ---------------------------------------------------------------------------------

    def add(self, post: Post) -> None:
        holder = post.holder
        if holder is None or holder.type != "PER":
            return
        of = post.org
        if of is None and post.company:
            of = self.salient_org(post.start)
        if of is None:
            of = post.loc
        if of is holder:
            of = None
        start, stop = self.toks[post.title_first].start, self.toks[post.stop - 1].stop
        role = self.roles.get((id(holder), post.key))
        if role is not None:  # one role per person and post; the owner may come later
            if role.of is None and of is not None:
                role.of, role.start, role.stop = of, start, stop
            return
        role = self.roles[id(holder), post.key] = Role(post.title, of, start, stop)
        holder.roles.append(role)

    def salient_org(self, before: int) -> Entity | None:
        """The organisation the text is about so far: most mentions before the post, then latest."""
        at = self.toks[before].start
        best, score = None, (0, -1)
        for e in self.doc.entities:
            if e.type != "ORG":
                continue
            seen = [m.start for m in e.mentions if m.start < at]
            if seen and (len(seen), max(seen)) > score:
                best, score = e, (len(seen), max(seen))
        return best
