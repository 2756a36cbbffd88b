"""Reading event arguments off slovnet's dependency parse.

`Tree` holds one document's parse as child lists and a token → mention map, and resolves a
noun phrase's head token to the entities it names: a name, a post with a name in apposition
(«премьер-министр Олжас Бектенов»), a post alone resolved through the persons' roles
(«глава правительства РК», «главы правительств»), a pronoun, or a collective noun standing
for its country («делегация Китая»).
"""

from __future__ import annotations

from functools import cache

from .. import lexicons
from ..doc import Doc, Entity, Token
from ..posts import canon_title, post_canon, post_heads
from .cast import cast_of
from .morph import lemma, parses

NAME_RELS = {"appos", "flat:name", "flat", "flat:foreign"}


@cache
def org_words() -> frozenset[str]:
    return frozenset(lexicons.words("org_words"))
# clauses and modifiers whose entities are not part of the phrase itself
CLAUSE_RELS = {"acl", "acl:relcl", "advcl", "ccomp", "csubj", "parataxis", "conj", "punct", "cc"}
COLLECTIVE = {"сторона", "делегация", "правительство", "власть", "руководство", "страна",
              "государство", "кабинет", "администрация", "парламент"}
PERSONAL = {"он", "она"}


class Tree:
    """Child lists and mention lookup for one document."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.kids: dict[int, list[Token]] = {}
        for s in doc.sents:
            if not s.parsed:
                continue
            for t in doc.sent_tokens(s):
                if t.head is not None:
                    self.kids.setdefault(t.head, []).append(t)
        # token index → the outermost mention over it that has an entity
        self.ment: dict[int, object] = {}
        for m in sorted(doc.mentions, key=lambda m: m.start - m.stop):
            if m.entity is None:
                continue
            for t in doc.tokens_in(m.start, m.stop):
                self.ment.setdefault(t.i, m)
        self._roles: list[tuple[Entity, str, Entity | None]] | None = None

    # --- tree navigation ---

    def children(self, t: Token, *rels: str) -> list[Token]:
        kids = self.kids.get(t.i, [])
        return [k for k in kids if not rels or k.rel in rels or (k.rel or "").split(":")[0] in rels]

    def head(self, t: Token) -> Token | None:
        return self.doc.tokens[t.head] if t.head is not None else None

    def prep(self, t: Token) -> str | None:
        """The preposition of a noun (its `case` child), lowercased, multiword joined."""
        for k in self.children(t, "case"):
            words = [k.text.lower()] + [f.text.lower() for f in self.children(k, "fixed")]
            return " ".join(words)
        return None

    def conjuncts(self, t: Token) -> list[Token]:
        """t and the words coordinated with it («X и Y»)."""
        out, todo = [], [t]
        while todo and len(out) < 20:  # slovnet's trees may hold cycles
            x = todo.pop()
            if x in out:
                continue
            out.append(x)
            todo.extend(self.children(x, "conj"))
        return sorted(out, key=lambda x: x.i)

    def entity(self, t: Token) -> Entity | None:
        m = self.ment.get(t.i)
        return m.entity if m is not None else None

    # --- noun phrase → entities ---

    def np_entities(self, t: Token, *, types=("PER", "ORG", "LOC", "FAC"), with_conj=True) -> list[Entity]:
        out: list[Entity] = []
        for x in self.conjuncts(t) if with_conj else [t]:
            for e in self._one_np(x):
                if e.type in types and e not in out:
                    out.append(e)
        return out

    def _one_np(self, t: Token) -> list[Entity]:
        e = self.entity(t)
        if e is not None:
            return [e]
        # a name in apposition to a post or noun: «премьер-министр Олжас Бектенов», and an
        # organisation's name after its kind: «компания Petrobras», «корпорация Sinopec»
        org_noun = t.lemma in org_words() or t.lemma in lexicons.words("facility_words")  # «завод «ГАЗ»»
        # coordinated names too: «компаниями «Заря» и «Восток»»
        names = [e for k in self.children(t, *NAME_RELS) for x in self.conjuncts(k)
                 if (e := self.entity(x)) is not None and (e.type == "PER" or (org_noun and e.type in ("ORG", "FAC")))]
        if names:
            return list(dict.fromkeys(names))
        if (named := self.name_after(t)) is not None:
            return [named]
        low = t.text.lower()
        if t.pos == "NPRO" and low in PERSONAL:
            e = self.pronoun(t)
            return [e] if e else []
        if t.lemma == "который" and t.rel and t.rel.startswith("nsubj"):
            verb = self.head(t)
            ante = self.head(verb) if verb is not None and verb.rel == "acl:relcl" else None
            return self.np_entities(ante) if ante is not None else []
        if t.pos == "NOUN":
            found = self.by_post(t)
            if found:
                return found
            if t.lemma in COLLECTIVE or (t.lemma in post_heads() and self.plural(t)):
                # «правительства России и Индии», «министры иностранных дел России и Китая»:
                # the states (or bodies) the collective or the officials stand for
                return self.owners(t)
        return []

    def name_after(self, t: Token) -> Entity | None:
        """«с чемпионом мира Иваном Петровым» where the parser hung the name elsewhere: a person
        named right after a noun of a person and its own genitives, in the noun's case, that the
        parser did not make an argument of a verb."""
        if t.pos != "NOUN" or t.tag is None or t.tag.case is None or "anim" not in t.tag:
            return None
        toks, stop = self.doc.tokens, self.doc.sents[t.sent].tok_stop
        j, chain = t.i + 1, {t.i}
        while j < min(stop, t.i + 5) and toks[j].head in chain and toks[j].rel == "nmod" and self.prep(toks[j]) is None:
            chain.add(j)
            j += 1
        if j >= stop:
            return None
        e = self.entity(toks[j])
        if e is None or e.type != "PER" or toks[j].tag is None or toks[j].tag.case != t.tag.case:
            return None
        h = self.head(toks[j])
        if h is None or h.pos in ("VERB", "INFN", "PRTS", "PRTF", "GRND"):
            return None
        return e

    def owners(self, t: Token) -> list[Entity]:
        """The states or bodies named in the genitive chain under t, coordinated ones included
        («делегации России и Китая», «министры иностранных дел двух … России и Китая»)."""
        out: list[Entity] = []
        todo, seen = [k for k in self.children(t, "nmod") if self.prep(k) is None], 0
        while todo and seen < 8:
            k = todo.pop(0)
            seen += 1
            ents = [e for x in self.conjuncts(k) if (e := self.entity(x)) is not None and e.type in ("LOC", "ORG")]
            if ents:
                out += [e for e in ents if e not in out]
                continue
            todo += [x for x in self.children(k, "nmod") if self.prep(x) is None]
        return out

    def pronoun(self, t: Token) -> Entity | None:
        """«он», «она»: the nearest person named before it (the cast resolves it)."""
        return cast_of(self.doc).nearest(t, ("PER",))

    # --- posts ---

    def title_of(self, t: Token) -> tuple[str, Entity | None]:
        """The post phrase headed by t («глава правительство») and the entity it belongs to.
        Modifiers join the phrase only while it stays a known post («председатель
        правительства», not «премьер-министр республики»)."""
        known = post_canon()
        words = [t.lemma]
        owner = None
        for k in sorted(self.children(t, "nmod", "amod"), key=lambda k: k.i):
            e = self.entity(k)
            if e is not None:
                if e.type in ("LOC", "ORG") and owner is None:
                    owner = e
                    org = lemma(e.mentions[0].text.split()[0].lower()) if e.type == "ORG" else ""
                    if (*words, org) in known:  # «глава МИД»
                        words.append(org)
                continue
            if k.rel == "nmod" and self.prep(k) is None:
                cand = [*words, *[a.lemma for a in self.children(k, "amod") if a.i < k.i], k.lemma]
                if tuple(cand) in known:
                    words = cand
                for kk in self.children(k, "nmod", "appos"):
                    ke = self.entity(kk)
                    if ke is not None and ke.type in ("LOC", "ORG") and owner is None:
                        owner = ke
            elif k.rel == "amod":
                if k.i < t.i and (k.lemma, *words) in known:
                    words = [k.lemma, *words]
                elif owner is None:
                    owner = cast_of(self.doc).place(k.lemma)
        return " ".join(words), owner

    def plural(self, t: Token) -> bool:
        """Plural, judged by the verb for a subject (pymorphy3 often reads «главы» as a genitive)."""
        h = self.head(t)
        if t.rel and t.rel.startswith("nsubj") and h is not None and h.pos in ("VERB", "PRTS"):
            return "plur" in h.tag
        return t.tag is not None and "plur" in t.tag

    def roles(self) -> list[tuple[Entity, str, Entity | None]]:
        """(person, canonical post, owner) from the roles layer, plus posts the parse shows in
        apposition to a name («председателя правительства РФ Михаила Мишустина»)."""
        if self._roles is None:
            out = [(e, canon_title(r.title), r.of)
                   for e in self.doc.entities if e.type == "PER" for r in e.roles]
            heads = post_heads()
            for i, m in self.ment.items():
                t = self.doc.tokens[i]
                h = self.head(t)
                if m.entity.type == "PER" and t.rel == "appos" and h is not None and h.lemma in heads \
                        and self.entity(h) is None:
                    title, owner = self.title_of(h)
                    out.append((m.entity, canon_title(title), owner))
            self._roles = out
        return self._roles

    def by_post(self, t: Token) -> list[Entity]:
        if t.lemma not in post_heads():
            return []
        title, owner = self.title_of(t)
        canon = canon_title(title)
        cands = [(p, o) for p, c, o in self.roles() if c == canon]
        if owner is not None:
            same = [(p, o) for p, o in cands if o is owner or (o is not None and o.name == owner.name)]
            cands = same or [(p, o) for p, o in cands if o is None]
        people = list(dict.fromkeys(p for p, _ in cands))
        if self.plural(t):
            return people if len(people) >= 2 else []
        return people if len(people) == 1 else []


def nominative(word: str) -> bool:
    return any("nomn" in p.tag for p in parses(word))
