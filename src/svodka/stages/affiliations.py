"""Affiliations: a person's work at or membership of an organisation that the text states
without a post («работал в компании X», «выступает за «Зенит»», «руководил фондом X»).

A role's `of` reaches an organisation only through a title; these ties have none. A verb of
lexicon `affiliation_words` gives its subject (read as the roles stage reads a post verb's
holder: the parse, a participle's noun, a pronoun through the cast, a name just before) the
organisation it governs: after its preposition («в», «за», «из»), or as its object in the
case it takes («руководил фондом»). A list of organisations after it gives each of them
(«играл за «Спартак», «Динамо» и ЦСКА»). A tie that a role of the same person already gives
(the same `of`) is not repeated.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache, cached_property, lru_cache

from .. import lexicons
from ..doc import Affiliation, Doc, Entity
from ..marks import DASHES
from . import Stage
from .morph import parses
from .roles import QUOTES, VERB_POS, _Men, _Reader

WINDOW = 4  # words between the verb and its preposition or object («работал сначала в …»)
HEAD_WORDS = 3  # plain words between the preposition and the name («в компании Opera»)
AGENT_WORDS = 3  # words of a post between a passive participle and its agent's name
MAX_ADJECTIVES = 3  # adjectives besides them («в крупной американской инвестиционной компании X»)
CASES = {"acc": "accs", "ins": "ablt", "gen": "gent"}
# kinds that may govern a place («руководил областью»); «работал в Омске» says where, not for whom
LEADS_LOC = ("leads",)
MAX_TITLE = 6  # words from a role's title to its `of` («нападающий мадридского «Реала»»)


@cache
def affiliation_verbs() -> dict[str, tuple[str, tuple[str, ...]]]:
    """lemma → (kind, governs)."""
    return {r[0]: (r[1], tuple(r[2].split("|"))) for r in lexicons.load("affiliation_words")}


@lru_cache(maxsize=50_000)
def cue_of(word: str) -> tuple[str, tuple[str, ...]] | None:
    """(kind, governs) where a parse of the word is a cue: a verb, its participle or gerund
    («работавший»: pymorphy3 gives it the verb's lemma), or a noun («работа»)."""
    if not word[:1].isalpha():
        return None
    verbs = affiliation_verbs()
    for p in parses(word):
        # the lemma first: asked of every word form, and most lemmas are no cue
        if p.normal_form in verbs and (p.tag.POS in VERB_POS or p.tag.POS == "NOUN"):
            return verbs[p.normal_form]
    return None


class Affiliations(Stage):
    name = "affiliations"
    reads = ("entities", "cast", "roles")

    def __call__(self, doc: Doc) -> None:
        if not any(e.type == "PER" for e in doc.entities) or not any(e.type in ("ORG", "LOC") for e in doc.entities):
            return
        _Ties(doc).run()


class _Ties(_Reader):
    """The roles stage's mention index and holder rules, read for affiliation verbs."""

    def run(self) -> None:  # type: ignore[override]
        # the cue words outside names, found once for the document; each sentence visits its own
        cover = self.cover
        cues = [v for v, t in enumerate(self.toks) if v not in cover and cue_of(t.text) is not None]
        led = "главе" in self.doc.text.lower()  # «во главе с» (headed_by): most texts have none
        for s in self.doc.sents:
            for k in range(bisect_left(cues, s.tok_start), bisect_left(cues, s.tok_stop)):
                v = cues[k]
                kind, governs = cue_of(self.toks[v].text)
                if self.passive(v, s.tok_start, s.tok_stop, kind, governs):
                    continue
                noun = self.toks[v].pos == "NOUN"
                named = self.starts.get(v + 1) if noun else None  # «работы Петрова в X»
                if named is not None and named.type != "PER":
                    named = None
                orgs = self.governed_orgs(named.last if named else v, s.tok_stop, kind, governs)
                if not orgs:
                    continue
                who = named or (self.noun_holder(v, s.tok_start) or self.apposed(v, orgs, s.tok_start, s.tok_stop)
                                if noun else self.subject(v, s.tok_start))
                if who is None or who.entity.type != "PER":
                    continue
                for m in orgs:
                    add(who.entity, m.entity, self.toks[v].start, self.toks[v].stop, kind)
            self.after_names(s.tok_start, s.tok_stop)
            if led:
                self.headed_by(s.tok_start, s.tok_stop)
        self.joined_owners()

    @cached_property
    def per_starts(self) -> list[int]:
        """The first tokens of the PER mentions, in order."""
        return sorted(i for i, m in self.starts.items() if m.type == "PER")

    def joined_owners(self) -> None:
        """A role's `of` is one organisation; a post of two joined by «и» is the person's in
        both («защитник «Ладоги» и сборной Латвии», «топ-менеджер Citigroup и Bank of
        America»): the second is an affiliation."""
        for e in self.doc.entities:
            if e.type != "PER":
                continue
            for r in e.roles:
                k = self.doc._first_token_from(r.stop)
                if k is None:
                    continue
                stop = self.doc.sents[self.toks[k].sent].tok_stop
                owner = None
                for j in range(k, min(stop, k + MAX_TITLE)):
                    m = self.cover.get(j)
                    if m is not None:
                        owner = m if m.entity is r.of or (r.of is None and m.type == "ORG") else None
                        break
                if owner is None:
                    continue
                j = self.past_quotes(owner.last + 1, stop)
                if j + 1 < stop and self.toks[j].text == "и":
                    nxt = self.reach(j + 1, stop, ("ORG",), 1)
                    if nxt is not None and nxt.entity is not owner.entity:
                        # the roles stage leaves `of` null where two are joined: both, here
                        for o in ((owner, nxt) if r.of is None else (nxt,)):
                            add(e, o.entity, r.start, r.stop, "works")

    def headed_by(self, lo: int, stop: int) -> None:
        """«правительство [ORG] во главе с Иваном Петровым»: the body before «во главе с» is
        led by the person after it (past an abbreviation in brackets: «X (РСП) во главе с»)."""
        toks = self.toks
        for k in range(lo + 1, stop - 3):
            # word by word: most tokens are not «во», and no list is made for them
            if toks[k].text.lower() != "во" or toks[k + 1].text.lower() != "главе" or toks[k + 2].text.lower() != "с":
                continue
            m = self.starts.get(k + 3)
            if m is None or m.type != "PER":
                continue
            j = k - 1
            if self.toks[j].text == ")":
                while j > lo and self.toks[j].text != "(":
                    j -= 1
            org = self.before(j + 1 if self.toks[j].text != "(" else j, lo)
            if org is not None and org.type == "ORG":
                add(m.entity, org.entity, self.toks[k].start, self.toks[k + 2].stop, "leads")

    def after_names(self, lo: int, stop: int) -> None:
        """A club or a company right after a name: «Иван Петров («Зенит»)» (or several:
        «(«Зенит»/«Спартак»)»), «Иван Петров из
        «Зенита»», «Олег Котов из команды X» (only an organisation: «из Омска» is where he is
        from)."""
        per = self.per_starts
        for k in range(bisect_left(per, lo), bisect_left(per, stop)):
            m = self.starts[per[k]]
            orgs = self.bracketed_orgs(m)  # «Иван Петров («Зенит»/«Спартак»)»: each
            j = m.last + 1
            if not orgs and j < stop and self.toks[j].text == "из":
                o = self.reach(j + 1, stop, ("ORG",), 2)
                orgs = [o.entity] if o is not None else []
            for org in orgs:
                add(m.entity, org, self.toks[j].start, self.toks[j].stop, "member")

    def governed_orgs(self, v: int, stop: int, kind: str, governs: tuple[str, ...]) -> list[_Men]:
        """The organisations the verb at v reaches: the first after its preposition or in its
        object's case, past a few adverbs («работал сначала в …»), then the ones listed after it."""
        types = ("ORG", "LOC") if kind in LEADS_LOC else ("ORG",)
        preps = {g for g in governs if g not in CASES}
        cases = {CASES[g] for g in governs if g in CASES}
        first = None
        for j in range(v + 1, min(stop, v + 2 + WINDOW)):
            t = self.toks[j]
            if t.text.lower() in preps:
                first = self.reach(j + 1, stop, types, HEAD_WORDS)
                break
            if cases and (j in self.cover or t.text in QUOTES or t.pos in ("NOUN", "ADJF")):
                first = self.reach(j, stop, types, HEAD_WORDS)
                if first is not None and not self.in_case(self.toks[j] if j not in self.cover else
                                                          self.toks[first.first], cases):
                    first = None
                break
            if t.pos == "NOUN" and not cases and self.in_case(t, {"ablt"}) and j not in self.cover:
                continue  # the post he held there: «работал юристом в компании X»
            if j in self.cover or t.pos in ("VERB", "INFN", "CONJ", "PREP", "NOUN") or not t.text[:1].isalnum():
                break
        if first is None and preps & {"в", "на"}:  # «компания X, где работал Петров»
            first = self.where(v, stop)
        if first is None and cases:
            first = self.which(v, self.doc.sents[self.toks[v].sent].tok_start, cases)
        if first is None:
            return []
        out = [first]
        k = self.past_quotes(first.last + 1, stop)
        while k + 1 < stop and self.toks[k].text in (",", "и"):  # «за «Спартак», «Динамо» и ЦСКА»
            nxt = self.reach(k + 1, stop, types, 1)
            if nxt is None:
                break
            out.append(nxt)
            k = self.past_quotes(nxt.last + 1, stop)
        return out

    def passive(self, v: int, lo: int, stop: int, kind: str, governs: tuple[str, ...]) -> bool:
        """«партия X, возглавляемая Петровым»: a passive participle after the organisation,
        its agent the person; «фонд X был основан Петровым»: a short one, the organisation its
        subject. True where the verb is such a participle."""
        t = self.toks[v]
        if not any(g in CASES for g in governs):
            return False
        short = any(p.tag.POS == "PRTS" and "pssv" in p.tag for p in parses(t.text))
        if not short and not any(p.tag.POS == "PRTF" and "pssv" in p.tag for p in parses(t.text)):
            return False
        j = v + 1  # «возглавляемая нынешним премьер-министром Иваном Петровым»: the agent's post first
        while j < stop and j - v <= AGENT_WORDS and j not in self.cover and self.toks[j].text.islower() \
                and self.toks[j].text.replace("-", "").isalpha() and self.in_case(self.toks[j], {"ablt"}):
            j += 1
        m = self.starts.get(j) if j < stop else None
        org = self.passive_subject(v) if short else self.before(v, lo)
        if m is not None and m.type == "PER" and org is not None and org.type in ("ORG",):
            add(m.entity, org.entity, t.start, t.stop, kind)
        return True

    def passive_subject(self, v: int) -> _Men | None:
        """The subject of a short passive participle in the parse, or the name in apposition
        to it («фонд «Заря» был основан»: «фонд» the subject, «Заря» its name)."""
        if not self.doc.sents[self.toks[v].sent].parsed:
            return None
        for c in self.doc.children(self.toks[v]):
            if c.rel.startswith("nsubj"):
                named = [c, *(x for x in self.doc.children(c) if x.rel in ("appos", "flat:name", "nmod"))]
                return next((self.cover[x.i] for x in named if x.i in self.cover), None)
        return None

    def before(self, j: int, lo: int) -> _Men | None:
        """The mention before token j, past a comma and closing quotes."""
        k = j - 1
        if k >= lo and self.toks[k].text == ",":
            k -= 1
        while k >= lo and self.toks[k].text in QUOTES:
            k -= 1
        return self.cover.get(k) if k >= lo else None

    def which(self, v: int, lo: int, cases: set[str]) -> _Men | None:
        """«партия X, которую возглавляет Петров»: the organisation «который» stands for."""
        j = v - 1
        while j > lo and self.toks[j].pos in ("ADVB", "PRCL"):
            j -= 1
        t = self.toks[j]
        if j <= lo or t.lemma != "который" or not any(
                p.tag.case in cases for p in parses(t.text) if p.normal_form == "который"):
            return None
        m = self.before(j, lo)
        return m if m is not None and m.type == "ORG" else None

    def where(self, v: int, stop: int) -> _Men | None:
        """The organisation before «, где» that the verb's clause opens with."""
        j = v - 1
        while j > 0 and self.toks[j].text.lower() != "где" and self.toks[j].pos in ("ADVB", "PRCL") and v - j < 3:
            j -= 1
        if j < 2 or self.toks[j].text.lower() != "где":
            return None
        k = j - 1
        if self.toks[k].text != ",":
            return None
        k -= 1
        while k > 0 and self.toks[k].text in QUOTES:
            k -= 1
        m = self.cover.get(k)
        return m if m is not None and m.type == "ORG" else None

    @staticmethod
    def in_case(t, cases: set[str]) -> bool:
        """A word in one of `cases`, or one that morphology does not decline («Opera»)."""
        ps = [p for p in parses(t.text) if p.tag.case is not None]
        return not ps or any(p.tag.case in cases for p in ps)

    def reach(self, j: int, stop: int, types: tuple[str, ...], words: int) -> _Men | None:
        """The mention of one of `types` at j or after a few plain words («компании», «клубы»,
        «махачкалинский»); none past a verb, a comma or another name."""
        n = adjectives = 0
        while j < stop:
            m = self.starts.get(j) or self.cover.get(j)
            if m is not None and m.type == "LOC" and "LOC" not in types and n and words > 1:
                j = m.last + 1  # «на радиостанциях Петербурга «Полис»»: the place of the head noun
                continue
            if m is not None:
                return m if m.type in types else None
            t = self.toks[j]
            if t.text in QUOTES or (t.text == ":" and n):  # «выступал за команды: «Джордан», …»
                j += 1
                continue
            if not t.text[:1].isalpha() or t.pos in VERB_POS or t.pos in ("PREP", "CONJ", "NPRO"):
                return None
            if t.pos == "ADJF" and words > 1 and adjectives < MAX_ADJECTIVES:
                adjectives += 1  # «в крупной американской инвестиционной компании X»
            elif n >= words:
                return None
            else:
                n += 1
            j += 1
        return None

    def noun_holder(self, v: int, lo: int) -> _Men | None:
        """«Петров перешёл на работу в X», «Петрова пригласили на работу в X»: the person of
        the verb that governs the noun, its subject or, in the passive sense, its object."""
        noun = self.toks[v]
        if not self.doc.sents[noun.sent].parsed or noun.head is None:
            return None
        verb = self.toks[noun.head]
        if verb.pos not in VERB_POS:
            return None
        for c in self.doc.children(verb):
            if c.rel == "obj" and c.i in self.cover and self.cover[c.i].type == "PER":
                return self.cover[c.i]
            if c.rel == "obj" and c.lemma == "который":  # «Петрова, которого перевели на работу в X»
                return self.antecedent(c, lo)
        return self.subject(verb.i, lo)

    def apposed(self, v: int, orgs: list[_Men], lo: int, stop: int) -> _Men | None:
        """The person a noun cue stands in apposition to: named right after its organisations
        («основатель компании X Иван Петров»), or before it, past a comma or a dash and the
        noun's adjectives («Иван Петров — российский предприниматель, основатель X»: the
        nearest name)."""
        j = self.past_quotes(orgs[-1].last + 1, stop)
        m = self.starts.get(j) if j < stop else None
        # «адвокат основателя X Иван Петров»: the name is the head noun's, not the founder's
        owned = v > lo and self.toks[v - 1].pos == "NOUN" and self.in_case(self.toks[v], {"gent"})
        if m is not None and m.type == "PER" and not owned:
            return m
        k = v - 1
        while k > lo and self.toks[k].pos in ("ADJF", "PRTF") and self.toks[k].text.islower():
            k -= 1
        if k <= lo or (self.toks[k].text != "," and self.toks[k].text not in DASHES):
            return None
        for j in range(k - 1, max(lo, k - MAX_TITLE) - 1, -1):  # past «российский предприниматель,»
            m = self.cover.get(j)
            if m is not None:
                return m if m.type == "PER" else None
        return None

    def subject(self, v: int, lo: int, depth: int = 0) -> _Men | None:
        """The person the verb at v speaks of: its subject in the parse, the noun a participle
        follows («Иванов, работавший в …»), a pronoun through the cast, or a name right before."""
        verb = self.toks[v]
        if self.doc.sents[verb.sent].parsed:
            for c in self.doc.children(verb):
                if c.rel in ("nsubj", "nsubj:pass"):
                    if c.i in self.cover:
                        return self.cover[c.i]
                    if c.pos == "NPRO":
                        return self.pronoun(c)
                    if c.lemma == "который":
                        return self.antecedent(c, lo)
                    # «футболист Олег Котов выступает»: the name in apposition to the noun
                    return next((self.cover[n.i] for n in self.doc.children(c)
                                 if n.rel in ("appos", "flat:name") and n.i in self.cover
                                 and self.cover[n.i].type == "PER" and n.i > c.i), None)
            if verb.rel in ("acl", "amod") and verb.head is not None and verb.head in self.cover:
                return self.cover[verb.head]
            # «служил в …, а затем перешёл в …»; a gerund's: «выступая за X, Петров забил …»
            if verb.rel in ("conj", "advcl") and verb.head is not None and depth < 2 and (
                    verb.rel == "conj" or verb.pos == "GRND"):
                head = self.toks[verb.head]
                if head.pos in VERB_POS and head.sent == verb.sent:
                    return self.subject(head.i, lo, depth + 1)
        if self.participle(verb) and v - 2 >= lo and self.toks[v - 1].text == "," and v - 2 in self.cover:
            return self.cover[v - 2]
        j = v - 1
        while j >= lo and self.toks[j].pos in ("VERB", "ADVB", "PRTS", "INFN") and j not in self.cover:
            j -= 1  # «продолжает работать», «долго служил»
        if j >= lo and self.toks[j].pos == "NPRO":
            return self.pronoun(self.toks[j])
        m = self.cover.get(j)
        if m is not None:
            return m
        return self.subject_before(j, lo)


def add(person: Entity, org: Entity, start: int, stop: int, kind: str) -> None:
    """One tie per person and organisation; none where a role already gives it."""
    if org is person or any(r.of is org for r in person.roles) or any(a.of is org for a in person.affiliations):
        return
    person.affiliations.append(Affiliation(org, start, stop, kind))
