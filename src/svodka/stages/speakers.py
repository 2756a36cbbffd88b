"""Who said it: the speaker entities of a speech predicate, through the dependency parse.

Shared by the quotes and statements stages. The speaker is the subject of the speech verb
(the agent of a passive one, the body named in «в Минфине заявили»), resolved to an entity:
the name mention that covers it or stands in apposition to it («премьер-министр Казахстана
Олжас Бектенов»), else a descriptor or pronoun that the document's cast resolves
(«глава правительства РК», «чиновник», «он»; stages/cast.py), a spokesman's organisation
(«представители Белого дома»), or a country through its adjective («казахстанской стороной»).
What counts as a descriptor of a person: speaker_nouns.tsv, the heads of posts (posts.py), and
any singular animate noun («чемпионка», «юбиляр»); one the text leaves unnamed («собеседник»,
«автор петиции», «менеджер актрисы») gives no speaker. Written words name their author: «в
его телеграмме», «в письме губернатора», or the press release quoted before.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache
from weakref import WeakKeyDictionary

from .. import lexicons
from ..doc import Doc, Entity, Mention, Token
from ..posts import post_heads
from .cast import cast_of, token_gender

SPEAKER_TYPES = ("PER", "ORG", "LOC")
NAME_RELS = ("appos", "flat:name", "flat", "nmod", "conj")


@cache
def speech_kinds() -> dict[str, str]:
    """Lemma -> kind (verb, noun, light, opinion, attribution, relay)."""
    return {r[0]: r[1] for r in lexicons.load("speech_verbs")}


@cache
def continuing_verbs() -> frozenset[str]:
    """Verbs that attribute speech only as the speaker's next words («— продолжил он»)."""
    return frozenset(r[0] for r in lexicons.load("speech_verbs") if len(r) > 2 and r[2] == "continuing")


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
    return lambda m: in_quote(doc, m.start)


def in_quote(doc: Doc, pos: int) -> bool:
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
                   recent: list[tuple[int, list[Entity]]] = (), oblique: bool = False) -> list[Entity]:
    """The entities a subject (or agent) phrase headed by tok stands for; `oblique`: a phrase
    in another case (the owner of a letter, the one a medium quotes)."""
    out = _resolve_one(doc, tok, verb, list(recent), oblique)
    for c in children(doc, tok):
        if c.rel == "conj":
            out += [e for e in _resolve_one(doc, c, verb, list(recent), oblique) if e not in out]
    return out


def _resolve_one(doc: Doc, tok: Token, verb: Token, recent, oblique: bool = False) -> list[Entity]:
    noun = speaker_nouns().get(tok.lemma)
    kids = children(doc, tok)
    if noun == "side":
        for c in kids:
            if c.pos == "ADJF" and (e := cast_of(doc).place(c.lemma)):
                return [e]
    m = mention_of(doc, tok)
    if m is not None:
        return [m.entity]
    # a name in apposition: «премьер-министр Казахстана Олжас Бектенов»
    for c in kids:
        if (c.rel in ("appos", "flat:name", "flat") and (m := mention_of(doc, c, ("PER", "ORG")))
                and (m.type != "PER" or own_name(doc, m, oblique))):
            return [m.entity]
    sub = subtree(doc, tok)[1:]
    if not oblique and not can_be_nominative(tok):
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
    if noun == "unnamed":
        return []  # «собеседник агентства», «источник»: the text does not name the speaker
    # a plural verb tells a group even where the noun's tag says one («сообщили официальные лица»)
    generic = noun is None and is_person_noun(tok) and not (verb.tag is not None and "plur" in verb.tag)
    if noun == "person" or generic:
        # the descriptor's own name later in the phrase («посол Ирландии в США Майкл Коллинз»,
        # «директор музея из Кирова, Иван Петров»), not a name it governs («менеджер актрисы»)
        for t in sub:
            if ((m := mention_of(doc, t, ("PER",))) is not None and t.start > tok.start
                    and own_name(doc, m, oblique) and not owned_by(doc, t, tok)):
                return [m.entity]
        if tok.i > verb.i and (m := name_closing(doc, tok)) is not None:
            return [m.entity]
        if any(c.rel in ("appos", "flat:name") for c in kids):
            return []  # a name follows that is no entity: do not guess another person
        named_in_phrase = any(mention_of(doc, t, ("PER",)) for t in sub)  # «менеджер актрисы X»
        owners = {m.entity for t in sub if (m := mention_of(doc, t)) is not None}
        if generic and any(c.rel == "nmod" and c.pos == "NOUN" and mention_of(doc, c) is None
                           or c.rel in ("det", "nmod") and speaker_nouns().get(c.lemma) == "pronoun"
                           or c.lemma in ("мой", "твой", "наш", "ваш") for c in kids):
            return []  # «автор петиции», «его отец»: a class of people, or someone's kin, not one of the cast
        e = cast.by_role(tok.lemma, tok.start, owners)
        if e in owners:
            e = None  # a person named in the descriptor's phrase is not its holder («менеджер X»)
        if e is None and named_in_phrase:
            return []  # someone's manager, someone's lawyer: not that someone
        if e is None and generic:  # «олимпийская чемпионка», «юбиляр»: the person in reach
            e = cast.descriptor(tok, want) or cast.prominent(tok, want, skip=quoted(doc))
        if e is None and not generic:
            e = cast.recent(tok, ("PER",), want, recent, skip=quoted(doc))
        return [e] if e else []
    if noun == "org":
        e = cast.recent(tok, ("ORG",), None, skip=quoted(doc))
        return [e] if e else []
    return []


def owned_by(doc: Doc, t: Token, top: Token) -> bool:
    """Whether the name at t belongs to someone the phrase under `top` depends on: a name in
    a dependent case itself, or one apposed to a dependent person («подруга супруги X»: X is
    the супруга). A name that a parse hangs on a thing («водитель автобуса X») is top's."""
    name = token_gender(t)
    for _ in range(8):
        if t.i == top.i or t.head is None:
            return False
        # a dependent name or person, unless the name's gender is top's and not the
        # dependent's («мать солдата Анну Орлову»)
        if (t.rel in ("nmod", "obl") and (mention_of(doc, t) is not None or (t.tag is not None and "anim" in t.tag))
                and not (mention_of(doc, t) is None and name and token_gender(top) == name
                         and token_gender(t) not in (None, name))):
            return True
        t = doc.tokens[t.head]
    return False


def name_closing(doc: Doc, tok: Token) -> Mention | None:
    """The name that closes a descriptor after the verb, read linearly where the parse breaks
    on a long phrase («— сказал директор музея и археолог из Кирова, Иван Петров.»)."""
    found, prev = None, tok
    for t in doc.sent_tokens(tok.sent)[tok.i - doc.sents[tok.sent].tok_start + 1:]:
        if t.pos in ("VERB", "PRTS") or t.text in "—–«»\"":
            break
        m = mention_of(doc, t, ("PER",))
        if m is not None and m.start >= t.start and prev.text == "," and own_name(doc, m):
            found = m
        prev = t
    return found


def can_be_nominative(tok: Token, gender: str | None = None) -> bool:
    """Whether the word can be a subject (of a verb of `gender`, where the verb shows one)."""
    from .morph import parses

    if tok.pos == "NPRO":
        return True
    return any("nomn" in p.tag and (gender is None or p.tag.gender in (None, gender) or "Ms-f" in p.tag)
               for p in parses(tok.text))


def is_accusative(tok: Token) -> bool:
    """Only an object's form: accusative, and never nominative."""
    from .morph import parses

    forms = [p.tag for p in parses(tok.text)]
    return any("accs" in f for f in forms) and not any("nomn" in f for f in forms)


def is_person_noun(tok: Token) -> bool:
    """A singular animate common noun («чемпионка», «юбиляр», «понтифик»): a descriptor of a
    person even where no lexicon lists it."""
    tag = tok.tag
    return (tok.pos == "NOUN" and tag is not None and "anim" in tag and "sing" in tag
            and not {"Name", "Surn", "Patr"} & set(tag.grammemes))


def own_name(doc: Doc, m: Mention, oblique: bool = False) -> bool:
    """A name in the nominative (in any case, for an `oblique` phrase), without a preposition:
    the descriptor's own name, not an owner's («менеджер актрисы Анны Петровой») or a
    place's («из Кирова»)."""
    toks = [t for t in doc.tokens_in(m.start, m.stop) if t.start >= m.start]
    if any(c.rel == "case" for t in toks for c in children(doc, t)):
        return False
    return oblique or name_nominative(doc, m)


def name_nominative(doc: Doc, m: Mention) -> bool:
    """Whether a name can stand in the nominative, judged by its first name, a dictionary word:
    «Мии Фэрроу», «Анны Петровой» are oblique («Мии» is nominative only as a plural); «Олег
    Бетин» is not, and a name without a known first name («Сальвини») passes. The tagger's
    choice is not trusted on names."""
    from .morph import parses

    for t in doc.tokens_in(m.start, m.stop):
        if t.start < m.start or not t.text[:1].isalpha():
            continue
        names = [p.tag for p in parses(t.text) if "Name" in p.tag]
        if names:
            return any("nomn" in f and "sing" in f or "Fixd" in f for f in names)
    return True


def name_before(doc: Doc, verb: Token) -> Entity | None:
    """A name right before the verb («… Мэтью Брайза призвал»): Russian puts the subject there,
    and this holds where the parse of a long descriptor goes astray."""
    i = verb.i - 1
    while i >= doc.sents[verb.sent].tok_start and doc.tokens[i].pos in ("ADVB", "PRCL"):
        i -= 1
    if i < doc.sents[verb.sent].tok_start:
        return None
    m = mention_of(doc, doc.tokens[i], ("PER", "ORG"))
    if m is None or m.stop != doc.tokens[i].stop:
        return None
    gender = token_gender(verb) if m.type == "PER" else None
    if not (can_be_nominative(doc.tokens[i], gender) and name_nominative(doc, m)):
        return None  # «менеджер Мии Фэрроу сказал»: an owner in the genitive, not the subject
    return m.entity


def phrase_head(doc: Doc, tok: Token) -> Token:
    """Up from a name through apposition to the head of its phrase (the post before it)."""
    for _ in range(3):
        if tok.rel not in ("appos", "flat:name", "flat") or tok.head is None:
            break
        tok = doc.tokens[tok.head]
    return tok


def coordinated(doc: Doc, e: Entity, verb: Token, recent) -> list[Entity]:
    """e and the names coordinated with it («министр Иван Петров и министр Олег Сидоров
    заявили»)."""
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


def owner(doc: Doc, noun: Token, verb: Token, recent) -> list[Entity] | None:
    """Whose words or writing a noun is: a possessive pronoun («по его словам», «в её письме»)
    resolved through the cast, or a genitive phrase («по словам посла X»); None where the
    noun names no owner, [] where it names one that resolves to nobody."""
    for c in children(doc, noun):
        if c.rel in ("det", "nmod") and (speaker_nouns().get(c.lemma) == "pronoun" or c.lemma in ("его", "её", "ее")):
            e = cast_of(doc).recent(c, ("PER", "ORG"), token_gender(c), recent, skip=quoted(doc))
            return [e] if e else []
        if c.rel in ("nmod", "appos") and (who := resolve_phrase(doc, c, verb, recent, oblique=True)):
            return who
    return None


def written_by(doc: Doc, noun: Token, verb: Token, recent, statement_nouns) -> list[Entity]:
    """The author of a statement, letter or post that the text cites: its owner («в его
    телеграмме», «в письме губернатора», «в сообщении на сайте X»), else the statement of
    that noun made before, else the speaker of the quote before (a press release quoted and
    then cited again)."""
    if (who := owner(doc, noun, verb, recent)) is not None:
        return who
    for t in subtree(doc, noun)[1:]:
        if (m := mention_of(doc, t, ("ORG",))) is not None:
            return [m.entity]
    for prior, ents in reversed(list(statement_nouns)):
        if prior.lemma == noun.lemma and prior.start < verb.start:
            return list(ents)
    earlier = [ents for pos, ents in recent if pos < verb.start and len(ents) == 1]
    return list(earlier[-1]) if earlier else []


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
        if kind(src) == "noun":  # written words: «говорится в его телеграмме», «в письме X»
            if who := written_by(doc, src, verb, recent, statement_nouns):
                return who
            continue
        m = mention_of(doc, src, ("ORG",))
        if m is None:
            for t in subtree(doc, src)[1:]:
                if (m := mention_of(doc, t, ("ORG",))) is not None:
                    break
        if m is not None:
            return [m.entity]
    return []
