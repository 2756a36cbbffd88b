"""Commitments: statements that something will be done or reached, and reports that it was.

A commitment's predicate is read from the dependency parse, in two shapes:
- a plan, intention or obligation word with an infinitive (or a noun object) as the thing to
  be done: «планирует построить», «намерены довести», «договорились создать», «обязалась
  закупить», «предусматривает создание»;
- a perfective future, active or passive: «Россия увеличит», «будут построены», «будет
  создано», «будет строить»; a support verb hands over to its noun («будет проведена
  реконструкция» → реконструкция), an effort to its purpose («приложат усилия, чтобы
  реализовать» → реализовать).
Left out: negated and hypothetical clauses («не планирует», «могли бы», «если…», «возможно»),
forecasts and consequences («составит», «позволят»), and the headline (it sums up the body).

The clause is the predicate's subtree without coordinated or subordinate clauses of their own;
its deadline is the times item inside it (an upper bound first), its figures those inside it.
Parties are the entities of its subject (a country adjective counts: «казахстанская
сторона»); a subject that names none («стороны», «правительства») or no subject takes the
parties of the latest talks, visit or agreement before it, else the places and bodies of the
article's opening sentence. `source` is `statement` inside a quote or beside a statement
trigger, `agreement` with an agreement verb or trigger in the sentence.

Results («завершена реконструкция», «построили мост»: a perfective past, not negated) are kept
on doc.results in the same shape: the store matches them to commitments reported before.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

from .. import lexicons
from ..doc import Doc, Entity, Figure, TimeExpr, Token
from . import Stage
from .morph import parses
from .speakers import kind as speech_kind
from .speakers import mention_of
from .statements import headline_stop

AUX_RELS = frozenset({"aux", "aux:pass", "cop"})
# dependents that open a clause of their own: not part of this commitment's span
OWN_CLAUSE = frozenset({"conj", "parataxis", "acl:relcl", "ccomp", "advcl", "csubj", "list"})
CONTENT_RELS = frozenset({"xcomp", "csubj", "csubj:pass", "obj", "ccomp"})
# who acts: the active subject (a passive one, «будут построены пути», is what is done)
SUBJECT_RELS = frozenset({"nsubj"})
LEAD_SENTS = 2  # the sentences whose places and bodies say what an article is about
OBJECT_RELS = ("obj", "nsubj:pass", "nsubj")
PREDICATE_POS = frozenset({"VERB", "PRTS", "ADJS", "INFN"})
EVENT_PARTIES = {"talks": ("participants",), "agreement": ("parties",), "visit": ("visitor", "host")}
MAX_OBJECT_WORDS = 5


class Tree:
    """A document with the child lists of its parsed sentences, built once: the stage asks for
    a token's children many times, and Doc.children walks the whole sentence each time."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.tokens = doc.tokens
        self.sents = doc.sents
        self.kids: dict[int, list[Token]] = {}
        for s in doc.sents:
            if s.parsed:
                for t in doc.sent_tokens(s):
                    if t.head is not None:
                        self.kids.setdefault(t.head, []).append(t)

    def children(self, t: Token) -> list[Token]:
        return self.kids.get(t.i, [])


@dataclass(slots=True, eq=False)
class Commitment:
    start: int
    stop: int
    predicate: str  # lemma of what is to be done (a verb, or a support verb's noun)
    object: str | None  # its object as a short phrase of the text
    figures: list[Figure] = field(default_factory=list)
    deadline: TimeExpr | None = None
    parties: list[Entity] = field(default_factory=list)
    source: str | None = None  # statement, agreement


@cache
def words() -> dict[str, str]:
    return {r[0]: r[1] for r in lexicons.load("commitment_words")}


def wk(t: Token) -> str | None:
    return words().get(t.lemma)


@cache
def country_adjectives() -> dict[str, str]:
    return {r[0]: "iso:" + r[1] for r in lexicons.load("country_adjectives")}


def has_tense(t: Token, tense: str) -> bool:
    return t.tag is not None and tense in t.tag


def is_perfective(t: Token) -> bool:
    return t.tag is not None and "perf" in t.tag


def surely_future(t: Token) -> bool:
    """A perfective future that is not also a present: a two-aspect verb («реализуют»,
    «используют») reads as a present."""
    if not (has_tense(t, "futr") and is_perfective(t)):
        return False
    same = [p.tag for p in parses(t.text.lower()) if p.normal_form == t.lemma and p.tag.POS == "VERB"]
    return not any("pres" in tag for tag in same)


@cache
def event_lemmas() -> frozenset[str]:
    return frozenset(r[0] for r in lexicons.load("event_triggers") if " " not in r[0])


def negated(tree: Tree, t: Token) -> bool:
    return any(c.lemma == "не" for c in tree.children(t))


def hedged(tree: Tree, t: Token) -> bool:
    """Hypothetical: «бы», «если», «возможно» on the predicate, its auxiliaries or its clause
    marker, or the predicate under «мочь» / inside an «если» clause."""
    if any(wk(c) == "hedge" for c in tree.children(t)):
        return True
    for c in tree.children(t):
        # «бы» on an auxiliary; a condition «если …» on the clause
        if c.rel in AUX_RELS | {"advcl"} and any(wk(g) == "hedge" for g in tree.children(c)):
            return True
    h = tree.tokens[t.head] if t.head is not None else None
    # under «мочь»; an infinitive or a coordinated predicate shares its head's condition
    return h is not None and (h.lemma == "мочь" or (t.rel in ("xcomp", "conj") and hedged(tree, h)))


def future_aux(tree: Tree, t: Token) -> Token | None:
    """The future auxiliary «будет/будут» of a participle or infinitive, if any."""
    for c in tree.children(t):
        if c.rel in AUX_RELS and c.lemma == "быть" and has_tense(c, "futr"):
            return c
    return None


def past_aux(tree: Tree, t: Token) -> bool:
    return any(c.rel in AUX_RELS and c.lemma == "быть" and has_tense(c, "past") for c in tree.children(t))


def clause(tree: Tree, top: Token, keep: frozenset[int] = frozenset()) -> list[Token]:
    """The tokens of `top`'s clause: its subtree without dependents that open clauses of
    their own (a token in `keep` is followed even so)."""
    out, todo = [], [top]
    kids = tree.kids
    while todo:
        t = todo.pop()
        out.append(t)
        for c in kids.get(t.i, ()):
            own = c.rel in OWN_CLAUSE and c.i not in keep and c.pos in PREDICATE_POS | {"NOUN"}
            if own and not (c.rel == "advcl" and any(g.lemma == "чтобы" for g in kids.get(c.i, ()))):
                continue  # a purpose clause («чтобы реализовать») belongs to its effort
            todo.append(c)
    return sorted(out, key=lambda t: t.i)


def span_of(toks: list[Token]) -> tuple[int, int]:
    words_ = [t for t in toks if t.pos is not None or t.text[:1].isalnum()] or toks
    while len(words_) > 1 and words_[0].rel in ("mark", "cc"):  # «что», «а»: not the clause's own
        words_ = words_[1:]
    return words_[0].start, words_[-1].stop


def handed_over(tree: Tree, verb: Token) -> tuple[Token, Token | None]:
    """(predicate token, object token) of a verb: a support verb gives its noun, an effort its
    purpose («приложат усилия, чтобы реализовать»)."""
    kids = tree.children(verb)
    for c in kids:
        if c.rel == "advcl" and c.pos == "INFN" and any(g.lemma == "чтобы" for g in tree.children(c)):
            return c, obj_of(tree, c)
        if c.rel == "obl" and c.lemma == "тот":
            for g in tree.children(c):
                if g.rel == "advcl" and g.pos == "INFN":
                    return g, obj_of(tree, g)
    if wk(verb) == "light":
        for rel in OBJECT_RELS:
            for c in kids:
                if c.rel == rel and c.pos == "NOUN":
                    return c, next((g for g in tree.children(c) if g.rel == "nmod"), None)
    return verb, obj_of(tree, verb)


def obj_of(tree: Tree, t: Token) -> Token | None:
    kids = tree.children(t)
    for rel in OBJECT_RELS[:2]:
        for c in kids:
            if c.rel == rel and c.pos not in ("INFN", "VERB"):
                return counted(tree, c)  # «более 11 тыс. рабочих мест» parses with «более» on top
    return None


def counted(tree: Tree, t: Token, depth: int = 0) -> Token | None:
    """A number or amount as object («более 11 тыс. рабочих мест», «$26,5 млрд») stands for
    what it counts: the noun below it, or nothing when there is none."""
    if t.pos in ("NOUN", "NPRO") and not t.text[:1].isdigit() and t.lemma not in scale_words():
        return t
    if depth > 3:
        return None
    for c in tree.children(t):
        if c.rel in ("nmod", "obl", "nummod:gov", "nummod", "flat", "compound") or c.pos in ("NOUN", None):
            found = counted(tree, c, depth + 1)
            if found is not None:
                return found
    return None


@cache
def scale_words() -> frozenset[str]:
    return frozenset(r[0].rstrip(".") for r in lexicons.load("scales")) | frozenset(
        r[0] for r in lexicons.load("currencies"))


def phrase(tree: Tree, t: Token | None) -> str | None:
    """A short phrase for the object: the noun with the words next to it in its subtree."""
    if t is None:
        return None
    sub = {x.i for x in clause(tree, t)}
    lo = hi = t.i
    while lo - 1 in sub and hi - lo < MAX_OBJECT_WORDS and tree.tokens[lo - 1].pos not in ("PREP", None):
        lo -= 1
    while hi + 1 in sub and hi - lo < MAX_OBJECT_WORDS and tree.tokens[hi + 1].pos not in ("PREP", "CONJ", None):
        hi += 1
    return tree.text[tree.tokens[lo].start:tree.tokens[hi].stop]


class Commitments(Stage):
    """Reads tokens with their parse, times, figures, quotes and events; adds doc.commitments
    and doc.results."""

    name = "commitments"

    def __call__(self, doc: Doc) -> None:
        doc.commitments = []
        doc.results = []
        if not any(s.parsed for s in doc.sents):
            return
        tree = Tree(doc)
        ctx = _Context(tree)
        head = headline_stop(doc.text)
        for sent in doc.sents:
            if not sent.parsed:
                continue
            for t in doc.sent_tokens(sent):
                if t.pos not in PREDICATE_POS:  # nouns, names, numbers: most tokens
                    continue
                for top, pred, obj in self.commitments_at(tree, t):
                    if t.start < head:  # the headline sums up the body
                        continue
                    c, named = ctx.build(top, pred, obj)
                    # a bare future is a promise when it says by when, how much or who acts
                    # (or what the effort is for); else it is only a prediction («КНДР падёт»)
                    planned = wk(top) in ("plan", "agree") or (pred is not top and pred.pos == "INFN")
                    if planned or c.deadline is not None or c.figures or named:
                        doc.commitments.append(c)
                res = self.result_at(tree, t)
                if res is not None:
                    doc.results.append(ctx.build(t, *res, source=False)[0])

    def commitments_at(self, tree: Tree, t: Token):
        """(clause top, predicate token, object token) of each commitment at token t."""
        k = wk(t)
        if k in ("plan", "agree") and t.pos in ("VERB", "PRTS", "ADJS"):
            if negated(tree, t) or hedged(tree, t) or future_aux(tree, t) and negated(tree, future_aux(tree, t)):
                return
            kids = tree.children(t)
            infs = [c for c in kids if c.rel in CONTENT_RELS and c.pos == "INFN"]
            for inf in list(infs):
                infs += [c for c in tree.children(inf) if c.rel == "conj" and c.pos == "INFN"]
            if infs:
                for inf in infs:
                    if not negated(tree, inf):
                        pred, obj = handed_over(tree, inf)
                        yield t, pred, obj
                return
            for c in kids:
                if c.rel in ("obj", "nsubj:pass") and c.pos == "NOUN" and k != "agree":
                    yield t, c, next((g for g in tree.children(c) if g.rel == "nmod"), None)
                    return
            return
        future = None
        if t.pos == "VERB" and t.rel not in AUX_RELS and t.lemma != "быть":
            if surely_future(t):
                future = t
        elif t.pos in ("PRTS", "INFN") and future_aux(tree, t) is not None:
            future = t
        if future is None or wk(t) in ("outcome", "plan", "agree") or speech_kind(t) is not None:
            return
        if t.rel == "xcomp" and t.head is not None and wk(tree.tokens[t.head]) in ("plan", "agree"):
            return
        if any(c.lemma == "который" and c.rel in ("nsubj", "nsubj:pass", "obj") for c in tree.children(t)):
            return  # a relative clause describes its noun («встреча, которая состоится …»)
        aux = future_aux(tree, t)
        if negated(tree, t) or hedged(tree, t) or (aux is not None and negated(tree, aux)):
            return
        pred, obj = handed_over(tree, t)
        yield t, pred, obj

    def result_at(self, tree: Tree, t: Token) -> tuple[Token, Token | None] | None:
        """(predicate, object) of a reported result at t: a perfective past, not negated."""
        if t.rel in AUX_RELS or not is_perfective(t) or wk(t) not in (None, "light", "done"):
            return None
        if speech_kind(t) is not None or t.lemma in event_lemmas():
            return None  # a statement, visit or talks is an event, not a result
        past = t.pos == "VERB" and has_tense(t, "past")
        done = t.pos == "PRTS" and future_aux(tree, t) is None and (past_aux(tree, t) or t.rel == "root")
        if not (past or done):
            return None
        if negated(tree, t) or hedged(tree, t):
            return None
        pred, obj = handed_over(tree, t)
        if pred is not t and pred.lemma in event_lemmas():
            return None  # «завершил визит»: the visit is an event
        return pred, obj


class _Context:
    """Per-document lookups: items by position, and the latest parties of talks/visits/
    agreements."""

    def __init__(self, tree: Tree):
        self.tree = tree
        doc = self.doc = tree.doc
        self.figures = sorted(doc.figures, key=lambda f: f.start)
        self.fig_starts = [f.start for f in self.figures]
        self.times = sorted(doc.times, key=lambda x: x.start)
        self.time_starts = [x.start for x in self.times]
        self.quotes = sorted((q.start, q.stop) for q in doc.quotes)
        self.events = sorted(doc.events, key=lambda v: v.start)
        self.event_starts = [v.start for v in self.events]
        self.by_link = {e.link: e for e in doc.entities if e.link}
        self._lead: list[Entity] | None = None

    def token_in(self, item, own: set[int]) -> bool:
        return any(t.i in own for t in self.doc.tokens_in(item.start, item.stop))

    def inside(self, items, starts, start, stop):
        i = bisect_left(starts, start)
        out = []
        while i < len(items) and items[i].start < stop:
            if items[i].stop <= stop:
                out.append(items[i])
            i += 1
        return out

    def build(self, top: Token, pred: Token, obj: Token | None, *,
              source: bool = True) -> tuple[Commitment, bool]:
        """The item, and whether its clause names who acts (see `parties`)."""
        tree = self.tree
        path, i = set(), pred.i  # the way down from the clause top to the predicate stays in it
        while i is not None and i != top.i and i not in path:
            path.add(i)
            i = tree.tokens[i].head
        toks = clause(tree, top, keep=frozenset(path))
        start, stop = span_of(toks)
        # items of the clause itself, not of a relative clause inside its span
        own = {t.i for t in toks}
        figs = [f for f in self.inside(self.figures, self.fig_starts, start, stop) if self.token_in(f, own)]
        times = [x for x in self.inside(self.times, self.time_starts, start, stop) if self.token_in(x, own)]
        deadline = next((x for x in times if x.kind == "deadline"), times[0] if times else None)
        lemma = pred.lemma if pred.pos is not None else pred.text.lower()
        parties, named = self.parties(top, start)
        c = Commitment(start, stop, lemma, phrase(tree, obj), figs, deadline, parties)
        if source:
            c.source = self.source(top, start, stop)
        return c, named

    def parties(self, top: Token, start: int) -> tuple[list[Entity], bool]:
        """The parties, and whether the clause names its own (an entity or a collective noun
        as subject) rather than taking them from the talks before it."""
        tree = self.tree
        found: list[Entity] = []
        collective = False
        subj = [c for c in tree.children(top) if c.rel in SUBJECT_RELS and c.pos != "INFN"]
        if not subj and top.head is not None and top.rel in ("xcomp", "conj"):
            subj = [c for c in tree.children(tree.tokens[top.head]) if c.rel in SUBJECT_RELS]
        for s in subj:
            for t in clause(tree, s):
                m = mention_of(self.doc, t)
                if m is not None and m.entity is not None and m.entity not in found:
                    found.append(m.entity)
                iso = country_adjectives().get(t.lemma)
                if iso in self.by_link and self.by_link[iso] not in found:
                    found.append(self.by_link[iso])
            collective = collective or wk(s) == "party"
        named = bool(found) or collective
        if found:  # «казахстанская сторона»: that side only
            return found, named
        i = bisect_left(self.event_starts, start)
        for v in reversed(self.events[:i]):
            roles = EVENT_PARTIES.get(v.type)
            if roles:
                ents = [e for r in roles for e in v.args.get(r, ())]
                if ents:
                    return list(dict.fromkeys(ents)), named
        return self.lead(), named

    def lead(self) -> list[Entity]:
        """The places and bodies of the first of the opening sentences that names any: the
        sides an article is about when no talks or agreement name them."""
        if self._lead is None:
            self._lead = []
            for sent in self.doc.sents[:LEAD_SENTS]:
                ents = [m.entity for m in self.doc.mentions
                        if sent.start <= m.start < sent.stop and m.entity is not None
                        and m.entity.type in ("LOC", "ORG")]
                if ents:
                    self._lead = list(dict.fromkeys(ents))
                    break
        return self._lead

    def source(self, top: Token, start: int, stop: int) -> str | None:
        doc = self.doc
        if wk(top) == "agree":
            return "agreement"
        sent = doc.sents[top.sent]
        i = bisect_left(self.event_starts, sent.start)
        types = set()
        while i < len(self.events) and self.events[i].start < sent.stop:
            types.add(self.events[i].type)
            i += 1
        j = bisect_left(self.quotes, (start + 1,))
        if j and self.quotes[j - 1][0] <= start and stop <= self.quotes[j - 1][1]:
            return "statement"
        if "agreement" in types:
            return "agreement"
        if "statement" in types:
            return "statement"
        return None
