"""Who said it: the speaker entities of a speech predicate, through the dependency parse.

Shared by the quotes and statements stages. The speaker is the subject of the speech verb
(the agent of a passive one, the body named in «в Минфине заявили»), resolved to an entity:
the name mention that covers it or stands in apposition to it («премьер-министр Казахстана
Олжас Бектенов»), else a descriptor or pronoun that the document's cast resolves
(«глава правительства РК», «чиновник», «он»; stages/cast.py), a spokesman's organisation
(«представители Белого дома»), or a country through its adjective («казахстанской стороной»).
What counts as a descriptor of a person: speaker_nouns.tsv and the heads of posts (posts.py).
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache
from weakref import WeakKeyDictionary

from .. import lexicons
from ..doc import Doc, Entity, Mention, Token
from ..names.linking import country_by_adjective
from ..posts import post_heads
from .cast import cast_of, token_gender

SPEAKER_TYPES = ("PER", "ORG", "LOC")
NAME_RELS = ("appos", "flat:name", "flat", "nmod", "conj")


@cache
def speech_kinds() -> dict[str, str]:
    """Lemma -> kind (verb, noun, light, opinion, attribution, relay)."""
    return {r[0]: r[1] for r in lexicons.load("speech_verbs")}


@cache
def speaker_nouns() -> dict[str, str]:
    """Lemma -> kind (person, org, spokesman, side, pronoun)."""
    kinds = {r[0]: r[1] for r in lexicons.load("speaker_nouns")}
    for head in post_heads():  # the heads of posts also describe persons
        kinds.setdefault(head, "person")
    return kinds


def kind(tok: Token) -> str | None:
    return speech_kinds().get(tok.lemma)


def children(doc: Doc, tok: Token) -> list[Token]:
    return doc.children(tok) if doc.sents[tok.sent].parsed else []


def subtree(doc: Doc, tok: Token) -> list[Token]:
    """tok and everything below it (within its sentence)."""
    toks = doc.sent_tokens(tok.sent)
    seen, todo = {tok.i}, [tok]
    while todo:  # `seen` guards against cycles in a bad parse
        t = todo.pop()
        for c in toks:
            if c.head == t.i and c.i not in seen:
                seen.add(c.i)
                todo.append(c)
    return [doc.tokens[i] for i in sorted(seen)]


_INDEX: WeakKeyDictionary = WeakKeyDictionary()


def _mentions_by_token(doc: Doc) -> dict[int, list[Mention]]:
    """Token index -> the mentions covering it, built once per document (mentions are final
    by the time quotes and statements run)."""
    key = len(doc.mentions)
    cached = _INDEX.get(doc)
    if cached is None or cached[0] != key:
        index: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            for t in doc.tokens_in(m.start, m.stop):
                if m.start <= t.start and t.stop <= m.stop:
                    index.setdefault(t.i, []).append(m)
        cached = _INDEX[doc] = (key, index)
    return cached[1]


def mention_of(doc: Doc, tok: Token, types=SPEAKER_TYPES) -> Mention | None:
    for m in _mentions_by_token(doc).get(tok.i, ()):
        if m.type in types and m.entity is not None:
            return m
    return None


def is_negated(doc: Doc, tok: Token) -> bool:
    return any(c.lemma in ("не", "бы") for c in children(doc, tok))


class _QuoteStarts:
    """The starts of a document's quotes, sorted, and `reach[i]`: the furthest stop among the
    first i+1 of them; kept up to date as quotes are added (while speakers are resolved)."""

    __slots__ = ("quotes", "n", "starts", "reach")

    def __init__(self, quotes: list):
        self.quotes, self.n, self.starts, self.reach = quotes, 0, [], []

    def update(self) -> None:
        new = self.quotes[self.n:]
        if new and self.starts and min(q.start for q in new) < self.starts[-1]:
            self.starts, self.reach, new = [], [], self.quotes  # out of order: sort them all again
        for q in sorted(new, key=lambda q: q.start):
            self.starts.append(q.start)
            self.reach.append(max(self.reach[-1], q.stop) if self.reach else q.stop)
        self.n = len(self.quotes)


_QUOTES: WeakKeyDictionary = WeakKeyDictionary()


def quoted(doc: Doc):
    """A name inside someone's quoted words is not who speaks after them."""
    return lambda m: _in_quote(doc, m.start)


def _in_quote(doc: Doc, pos: int) -> bool:
    """Whether one of the document's quotes covers offset `pos` (start <= pos < stop): by
    bisection, as a long text holds thousands of quotes."""
    s = _QUOTES.get(doc)
    if s is None or s.quotes is not doc.quotes or s.n > len(doc.quotes):
        s = _QUOTES[doc] = _QuoteStarts(doc.quotes)
    if s.n != len(doc.quotes):
        s.update()
    i = bisect_right(s.starts, pos)
    return i > 0 and s.reach[i - 1] > pos


def resolve_phrase(doc: Doc, tok: Token, verb: Token,
                   recent: list[tuple[int, list[Entity]]] = ()) -> list[Entity]:
    """The entities a subject (or agent) phrase headed by tok stands for."""
    out = _resolve_one(doc, tok, verb, list(recent))
    for c in children(doc, tok):
        if c.rel == "conj":
            out += [e for e in _resolve_one(doc, c, verb, list(recent)) if e not in out]
    return out


def _resolve_one(doc: Doc, tok: Token, verb: Token, recent) -> list[Entity]:
    noun = speaker_nouns().get(tok.lemma)
    kids = children(doc, tok)
    if noun == "side":
        for c in kids:
            if c.pos == "ADJF" and (e := country_by_adjective(doc, c.lemma)):
                return [e]
    m = mention_of(doc, tok)
    if m is not None:
        return [m.entity]
    # a name in apposition: «премьер-министр Казахстана Олжас Бектенов»
    for c in kids:
        if c.rel in ("appos", "flat:name", "flat") and (m := mention_of(doc, c, ("PER", "ORG"))):
            return [m.entity]
    sub = subtree(doc, tok)[1:]
    if not can_be_nominative(tok):
        return []  # a misparsed oblique («говорят … как президента»)
    if noun == "spokesman":
        for types in (("ORG",), ("LOC",)):
            for t in sub:
                if (m := mention_of(doc, t, types)) is not None:
                    return [m.entity]
        return []
    if tok.pos in ("NOUN", "NPRO") and tok.tag is not None and "plur" in tok.tag:
        return []  # unnamed groups («эксперты», «они») are not speakers
    cast = cast_of(doc)
    want = token_gender(verb) or token_gender(tok)
    if noun == "pronoun":
        e = cast.recent(tok, ("PER",), want, recent, skip=quoted(doc))
        return [e] if e else []
    if noun == "person":
        # a name later in the same phrase («посол Ирландии в США Майкл Коллинз»)
        for t in sub:
            if (m := mention_of(doc, t, ("PER",))) is not None and t.start > tok.start:
                return [m.entity]
        if any(c.rel in ("appos", "flat:name") for c in kids):
            return []  # a name follows that is no entity: do not guess another person
        owners = {m.entity for t in sub if (m := mention_of(doc, t)) is not None}
        e = cast.by_role(tok.lemma, tok.start, owners)
        if e is None and not any(mention_of(doc, t, ("PER",)) for t in sub):
            e = cast.recent(tok, ("PER",), want, recent, skip=quoted(doc))
        return [e] if e else []
    if noun == "org":
        e = cast.recent(tok, ("ORG",), None, skip=quoted(doc))
        return [e] if e else []
    return []


def can_be_nominative(tok: Token) -> bool:
    from .morph import parses

    return tok.pos == "NPRO" or any("nomn" in p.tag for p in parses(tok.text))


def name_before(doc: Doc, verb: Token) -> Entity | None:
    """A name right before the verb («… Мэтью Брайза призвал»): Russian puts the subject there,
    and this holds where the parse of a long descriptor goes astray."""
    i = verb.i - 1
    while i >= doc.sents[verb.sent].tok_start and doc.tokens[i].pos in ("ADVB", "PRCL"):
        i -= 1
    if i < doc.sents[verb.sent].tok_start:
        return None
    m = mention_of(doc, doc.tokens[i], ("PER", "ORG"))
    if m is None or m.stop != doc.tokens[i].stop or not can_be_nominative(doc.tokens[i]):
        return None
    return m.entity


def phrase_head(doc: Doc, tok: Token) -> Token:
    """Up from a name through apposition to the head of its phrase (the post before it)."""
    for _ in range(3):
        if tok.rel not in ("appos", "flat:name", "flat") or tok.head is None:
            break
        tok = doc.tokens[tok.head]
    return tok


def coordinated(doc: Doc, e: Entity, verb: Token, recent) -> list[Entity]:
    """e and the names coordinated with it («президент США Дональд Трамп и президент России
    Владимир Путин заявили»)."""
    if not doc.sents[verb.sent].parsed:
        return [e]
    mine = [t for t in doc.sent_tokens(verb.sent) if (m := mention_of(doc, t)) is not None and m.entity is e
            and t.i < verb.i]
    if not mine:
        return [e]
    head = phrase_head(doc, mine[-1])
    linked = [c for c in children(doc, head) if c.rel == "conj"]
    if head.rel == "conj" and head.head is not None:
        first = doc.tokens[head.head]
        linked = [first] + [c for c in children(doc, first) if c.rel == "conj" and c is not head]
    out = [e]
    for t in linked:
        if t.i < verb.i:
            found = _resolve_one(doc, t, verb, recent)
            out += [x for x in found if x not in out and x.type in ("PER", "ORG")]
    return sorted(out, key=lambda x: min((m.start for m in x.mentions if m.start < verb.start), default=0))


def subject(doc: Doc, verb: Token, depth: int = 0) -> list[Token]:
    """The subject (or passive agent) tokens of a speech verb; a gerund takes its head's."""
    kids = children(doc, verb)
    subj = [c for c in kids if c.rel in ("nsubj", "nsubj:pass")]
    passive = verb.pos == "PRTS" or any(c.rel == "aux:pass" for c in kids)
    if passive or (subj and subj[0].rel == "nsubj:pass"):
        agents = [c for c in kids if c.rel in ("obl:agent", "obl") and c.tag is not None and "ablt" in c.tag
                  and not any(g.rel == "case" for g in children(doc, c))]
        return agents
    if subj:
        return subj
    if verb.head is not None and verb.rel in ("advcl", "conj", "xcomp") and depth < 3:
        head = doc.tokens[verb.head]
        if head.pos in ("VERB", "PRTS", "GRND"):
            return subject(doc, head, depth + 1)
    return []


def sources(doc: Doc, verb: Token) -> list[Token]:
    """Obliques naming the source of an impersonal report («говорится в заявлении»,
    «сообщается на сайте Рады», «в Минфине заявили»)."""
    out = []
    for c in children(doc, verb):
        if c.rel == "obl" and any(g.rel == "case" and g.lemma in ("в", "на") for g in children(doc, c)):
            out.append(c)
    return out


def speakers(doc: Doc, verb: Token, recent: list[tuple[int, list[Entity]]] = (),
             statement_nouns: list[tuple[Token, list[Entity]]] = ()) -> list[Entity]:
    """Speaker entities of a speech verb; [] when the text does not name one."""
    if verb.pos == "VERB" and (e := name_before(doc, verb)) is not None:
        return coordinated(doc, e, verb, list(recent))
    subj = subject(doc, verb)
    if subj:  # a subject that names no entity («эксперты») means no speaker
        for s in subj:
            if found := resolve_phrase(doc, s, verb, recent):
                return found
        return []
    # impersonal: the report's source is a body, a site, or a statement already made
    for src in sources(doc, verb):
        if kind(src) == "noun":
            for noun, ents in reversed(list(statement_nouns)):
                if noun.lemma == src.lemma and noun.start < verb.start:
                    return list(ents)
            continue
        m = mention_of(doc, src, ("ORG",))
        if m is None:
            for t in subtree(doc, src)[1:]:
                if (m := mention_of(doc, t, ("ORG",))) is not None:
                    break
        if m is not None:
            return [m.entity]
    return []
