"""Events: visits, talks and agreements, with their arguments read off the dependency parse.

A trigger (a lemma of `event_triggers.tsv`) in a parsed sentence gives a candidate event; its
arguments come from the trigger's syntactic neighbours: the subject of the verb (or of the
support verb of a noun: «совершил визит», «провели переговоры», «подписали соглашение»),
«с X», «между X и Y», «по приглашению X», the destination «в Москву», a genitive
(«визит председателя КНР»). Negated and hypothetical triggers are dropped. Candidates that
refer to one occurrence («визит» … «в ходе визита»; a headline and its body sentence) are
merged when their arguments agree; a visit to several countries becomes one visit each.
Statements are the statements stage's; this stage only appends to `doc.events`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from .. import lexicons
from ..doc import Doc, Entity, Event, Token
from . import Stage
from .deals import of_agreement as deal_objects
from .deals import parties as deal_parties
from .event_args import Tree, nominative

VERBAL = {"VERB", "INFN", "PRTF", "PRTS", "GRND"}
ROLES = {"visit": ("visitor", "host", "place"), "talks": ("participants", "place"),
         "agreement": ("parties", "place")}
# prepositions of a noun trigger that place it inside an act of its governing verb's subject
# («на переговорах заявил», «в ходе встречи обсудили», «выступивший на заседании»)
CONTEXT_PREPS = {"на", "в ходе", "во время", "после", "по итогам", "в рамках", "по окончании"}
PLACE_PREPS = {"в", "во", "на"}
NEGATORS = {"не", "ни"}
HYPOTHETICAL_VERBS = {"мочь", "хотеть", "надеяться", "пытаться", "попытаться", "предложить",
                      "предлагать", "отменить", "отказаться", "отложить", "сорвать", "ожидать"}
HYPOTHETICAL_MARKS = {"если", "бы", "б", "ли"}
PARTY_PREPS = {"с", "со", "между"}
# verbs of the start or end of an act: their object noun is the event, their subject its actor
ASPECTUAL = {"завершить", "завершать", "начать", "начинать", "продолжить", "продолжать"}
PROSPECTIVE = {"заключение", "подписание", "подготовка", "разработка", "согласование"}


@dataclass
class Trigger:
    type: str
    attrs: dict


@cache
def triggers() -> tuple[dict[str, Trigger], dict[tuple[str, ...], Trigger]]:
    """(single lemma → Trigger, lemma phrase → Trigger) from event_triggers.tsv."""
    words, phrases = {}, {}
    for row in lexicons.load("event_triggers"):
        attrs: dict = {}
        for a in (row[2].split() if len(row) > 2 else []):
            key, _, val = a.partition("=")
            attrs[key] = set(val.split("|")) if val else True
        trig = Trigger(row[1], attrs)
        key = tuple(row[0].split())
        if len(key) == 1:
            words[key[0]] = trig
        else:
            phrases[key] = trig
    return words, phrases


@cache
def deal_kinds() -> dict[str, str]:
    """Deal trigger lemma → how its parties are read (buy, sell, merge, give)."""
    return {w: next(iter(tr.attrs["deal"])) for w, tr in triggers()[0].items() if "deal" in tr.attrs}


@cache
def phrases_ending() -> dict[str, list[tuple[tuple[str, ...], Trigger]]]:
    """The trigger phrases by their last lemma, in lexicon order: only those can end at a token."""
    out: dict[str, list[tuple[tuple[str, ...], Trigger]]] = {}
    for key, trig in triggers()[1].items():
        out.setdefault(key[-1], []).append((key, trig))
    return out


@dataclass(eq=False)
class Cand:
    type: str
    start: int
    stop: int
    lemma: str  # the trigger noun or verb, to tell «соглашение» from «договор»
    args: dict[str, list[Entity]] = field(default_factory=dict)
    kind: str | None = None
    sides_unresolved: bool = False  # «главы правительств», «стороны» found no persons
    # «контракт был подписан с X»: a passive signing that names the counterparty only
    signer_unnamed: bool = False
    signers: list[Entity] = field(default_factory=list)  # who signed or agreed: the subject
    sent: int = -1

    def add(self, role: str, ents: list[Entity]) -> None:
        lst = self.args.setdefault(role, [])
        for e in ents:
            if e not in lst:
                lst.append(e)


class Events(Stage):
    name = "events"

    def __call__(self, doc: Doc) -> None:
        if not any(s.parsed for s in doc.sents):
            return
        tree = Tree(doc)
        cands = []
        for s in doc.sents:
            if s.parsed:
                cands += self.sentence(tree, doc.sent_tokens(s))
        for ev in finish(cands):
            doc.events.append(ev)
        doc.events.sort(key=lambda e: e.start)

    # --- candidates in one sentence ---

    def sentence(self, tree: Tree, toks: list[Token]) -> list[Cand]:
        words, ending = triggers()[0], phrases_ending()
        out = []
        for j, t in enumerate(toks):
            trig = words.get(t.lemma)
            if t.lemma in ending:  # few lemmas end a trigger phrase
                for key, ptrig in ending[t.lemma]:
                    n = len(key)
                    if j + 1 >= n and tuple(x.lemma for x in toks[j + 1 - n:j + 1]) == key:
                        trig = ptrig
            if trig is None or "light" in trig.attrs:
                continue
            if "signed" in trig.attrs:  # «подписали 18 документов», «подписали дорожную карту»
                lv = light_verb(tree, t, trig.type)
                if lv is None or lv.lemma not in SEALING:
                    continue
            if not real(tree, t) or first_person_speech(tree.doc, t):
                continue
            if trig.type == "agreement" and "deal" not in trig.attrs:
                v = t if t.pos in VERBAL else light_verb(tree, t, trig.type)
                if v is not None and not told_as_done(tree, v):
                    continue
            if "deal" in trig.attrs:
                sides = deal_parties(tree, t, next(iter(trig.attrs["deal"])), agents)
                c = None
                if sides is not None:
                    c = Cand("agreement", t.start, t.stop, t.lemma, sent=t.sent)
                    c.add("parties", sides)
            else:
                c = build(tree, t, trig)
            if c is not None:
                out.append(c)
        return out


def light_verb(tree: Tree, n: Token, type_: str) -> Token | None:
    """The support verb of a trigger noun: «совершил визит», «подписали соглашение»."""
    g = tree.head(n)
    if g is None or g.pos not in VERBAL:
        return None
    if g.lemma in ASPECTUAL and n.rel == "obj":  # «завершил визит», «начали переговоры»
        return g
    trig = triggers()[0].get(g.lemma)
    if trig is None or "light" not in trig.attrs or trig.type not in (type_, "talks"):
        return None
    if n.rel in ("obj", "nsubj", "nsubj:pass") or (n.rel or "").startswith("obl") and tree.prep(n) is None:
        return g
    return None


def subjects(tree: Tree, v: Token, depth: int = 0) -> list[Token]:
    """The subject of a verb form, looking through coordination, xcomp and participles."""
    subj = tree.children(v, "nsubj")
    subj = [s for s in subj if s.rel == "nsubj"]
    if subj:
        return subj
    h = tree.head(v)
    if depth > 4 or h is None:
        return fallback_subject(tree, v) if h is None else []
    if v.rel in ("conj", "xcomp", "advcl") and h.pos in VERBAL | {"ADJS", "PRED"}:
        return subjects(tree, h, depth + 1)
    if v.pos == "PRTF" and v.rel in ("acl", "amod") and "actv" in (v.tag or ""):
        return [h]
    return []


def fallback_subject(tree: Tree, v: Token) -> list[Token]:
    """A root verb the parser left without a subject: the first name before it that can be
    its subject: in the nominative (a name in Latin letters does not decline), outside
    prepositional phrases and outside a source clause («Как сообщает газета «Ведомости», X
    купила …»), and not plural before a singular verb."""
    doc = tree.doc
    s = doc.sents[v.sent]
    toks = doc.tokens[s.tok_start:v.i]
    source = False
    for j, t in enumerate(toks):
        if t.text.lower() == "как" and j + 1 < len(toks) and toks[j + 1].pos == "VERB":
            # up to its comma; without one («Как сообщается Иван прилетел») it has no end
            source = any(x.text == "," for x in toks[j + 2:])
        elif t.text == ",":
            source = False
        if source or t.i not in tree.ment or tree.prep(t) is not None:
            continue
        if not (nominative(t.text) or (t.tag is not None and "LATN" in t.tag)):
            continue
        if t.tag is not None and v.tag is not None and t.tag.number == "plur" and v.tag.number == "sing":
            continue
        return [t]
    return []


def agents(tree: Tree, v: Token) -> list[Token]:
    """Who did it: the subject of an active form, the agent of a passive one (a bare
    instrumental the parser did not mark as the agent: «был заключён авиакомпанией X»)."""
    if v.pos == "PRTS" or (v.pos == "PRTF" and "pssv" in (v.tag or "")):
        return tree.children(v, "obl:agent") or [
            k for k in tree.children(v, "obl")
            if k.rel == "obl" and tree.prep(k) is None and k.tag is not None and k.tag.case == "ablt"]
    return subjects(tree, v)


def real(tree: Tree, t: Token) -> bool:
    """False for a negated or hypothetical trigger («не смогли договориться», «без договора»,
    «может посетить», «если визит состоится»)."""
    x, hops = t, 0
    while x is not None and hops < 4:
        for k in tree.children(x):
            low = k.text.lower()
            if low in NEGATORS and k.rel in ("advmod", "neg", "discourse", None) and k.i < t.i + 3:
                return False
            if low in HYPOTHETICAL_MARKS and k.rel in ("mark", "advmod", "discourse", "aux"):
                return False
        if x.pos == "NOUN" and tree.prep(x) == "без":
            return False
        # «переговоры о заключении договора»: an agreement still to be made
        if x is t and x.pos == "NOUN":
            h = tree.head(x)
            first = h
            while first is not None and first.rel == "conj" and tree.head(first) is not None \
                    and tree.head(first).i < first.i:  # «о возвращении островов и заключении договора»
                first = tree.head(first)
            if h is not None and h.lemma in PROSPECTIVE and tree.prep(first) in ("о", "об", "на", "к"):
                return False
        if x is not t and x.lemma in HYPOTHETICAL_VERBS:
            return False
        if x.rel not in ("xcomp", "obj", "conj", "nsubj", "nsubj:pass") and not (x is t and x.pos == "NOUN"):
            break
        x, hops = tree.head(x), hops + 1
    return True


def prep_args(tree: Tree, heads: list[Token], preps: set[str], types=("PER", "ORG", "LOC")) -> list[Entity]:
    out = []
    for h in heads:
        for k in tree.children(h, "obl", "nmod"):
            if tree.prep(k) in preps:
                out += tree.np_entities(k, types=types)
    return out


def places(tree: Tree, heads: list[Token]) -> list[Entity]:
    out = []
    for h in heads:
        for k in tree.children(h, "obl", "nmod"):
            if tree.prep(k) in PLACE_PREPS:
                out += [e for e in tree.np_entities(k, types=("LOC", "FAC"))]
    return out


def build(tree: Tree, t: Token, trig: Trigger) -> Cand | None:
    type_ = trig.type
    c = Cand(type_, t.start, t.stop, t.lemma, sent=t.sent)
    verbal = t.pos in VERBAL
    lv = None if verbal else light_verb(tree, t, type_)
    actor_heads = ([t] if verbal else []) + ([lv] if lv is not None else [])
    actors = [a for v in actor_heads for a in agents(tree, v)]
    # a passive participle modifying the trigger noun: «договорённостей, заключённых между X и Y»
    if not verbal and type_ == "agreement":
        for k in sealing_participles(tree, t):
            actor_heads.append(k)
            actors += tree.children(k, "obl:agent")
    genitive = [k for k in tree.children(t, "nmod") if tree.prep(k) is None] if not verbal else []
    spots = [t] + actor_heads

    if type_ == "visit":
        who = [e for a in actors for e in tree.np_entities(a, types=("PER", "ORG", "LOC"))]
        if not verbal and not who:
            who = visitor_from_genitive(tree, tree.children(t, "nmod"))
        c.add("visitor", who)
        inv = [k for h in spots for k in tree.children(h, "obl", "nmod") if k.lemma == "приглашение"]
        host = [e for k in inv for g in tree.children(k, "nmod")
                for e in tree.np_entities(g, types=("PER", "ORG", "LOC"))]
        host += prep_args(tree, spots, {"к", "ко"}, types=("PER",))
        where = places(tree, spots)
        if verbal:
            for o in tree.children(t, "obj"):
                ents = tree.np_entities(o)
                where += [e for e in ents if e.type in ("LOC", "FAC")]
                host += [e for e in ents if e.type == "PER"]
                if not ents:
                    where += places(tree, [o])
        c.add("host", [e for e in host if e not in c.args["visitor"]])
        c.add("place", where)
        kinds = trig.attrs.get("kind") or set()
        for h in ([t] + ([lv] if lv is not None else [])):
            for k in tree.children(h, "amod"):
                if k.lemma in kinds:
                    c.kind = k.lemma
    elif type_ == "talks":
        sides = [e for a in actors for e in tree.np_entities(a)]
        if not sides and any(tree.plural(a) for a in actors):
            c.sides_unresolved = True
        sides += prep_args(tree, spots, PARTY_PREPS)
        for g in genitive:
            sides += [e for e in tree.np_entities(g) if e.type == "PER"]
        if not verbal and tree.prep(t) in CONTEXT_PREPS and lv is None:
            g = tree.head(t)
            if g is not None and g.pos in VERBAL:
                ctx = subjects(tree, g)
                ents = [e for a in ctx for e in tree.np_entities(a)]
                if not ents and any(tree.plural(a) for a in ctx):
                    c.sides_unresolved = True
                sides += ents
        if "with" in trig.attrs and not prep_args(tree, [t], {"с", "со"}, types=("PER", "ORG", "LOC")) \
                and not c.sides_unresolved:
            return None
        if "guest" in trig.attrs:  # «губернатор принял посла»: a reception, only of a person
            guests = [e for o in tree.children(t, "obj") for e in tree.np_entities(o, types=("PER",))]
            if not guests or not sides:
                return None
            sides += guests
        c.add("participants", sides)
        where = places(tree, spots)
        # «Великобританию, где он … встретится»
        rel, hops = t, 0
        while rel is not None and rel.rel in ("conj", "xcomp") and hops < 4:
            rel, hops = tree.head(rel), hops + 1
        if rel is not None and rel.rel == "acl:relcl" \
                and any(k.lemma == "где" for k in tree.children(rel, "advmod")):
            h = tree.head(rel)
            if h is not None:
                where += [e for e in tree.np_entities(h, with_conj=False) if e.type == "LOC"]
        c.add("place", where)
        if "solo" in trig.attrs:
            c.kind = "solo"
    else:  # agreement
        parties = []
        if verbal or lv is not None:
            # a plant or a port that signs or agrees acts as a company («завод «ГАЗ» договорился»)
            parties += [e for a in actors for e in tree.np_entities(a, types=("PER", "ORG", "LOC", "FAC"))]
        else:
            for a in actors:
                parties += tree.np_entities(a, types=("PER", "ORG", "LOC"))
        c.signers = list(dict.fromkeys(parties))
        parties += prep_args(tree, spots, PARTY_PREPS)
        if not verbal:
            parties += deal_objects(tree, t, deal_kinds())
        if not parties and not quoted(tree.doc, t) and any(
                a.rel == "nsubj" and a.pos == "NOUN" and tree.plural(a) for a in actors):
            c.sides_unresolved = True  # «министры подписали», «стороны договорились»
        c.add("parties", parties)
        c.add("place", places(tree, spots[1:]))
        passive = [h for h in actor_heads if h.pos == "PRTS" or (h.pos == "PRTF" and "pssv" in (h.tag or ""))]
        c.signer_unnamed = bool(passive) and not actors and bool(parties)
        if lv is not None and lv.lemma in ("подписать", "заключить", "подписывать", "заключать"):
            c.start, c.stop = lv.start, lv.stop
    return c


def told_as_done(tree: Tree, v: Token) -> bool:
    """An agreement told as reached or as scheduled fact, not a plan or a possibility: an
    infinitive hangs on a verb in the past or on the future «будет» («смогли договориться»,
    «решили подписать», «будут подписывать»), not on a plan or a modal word («планируют
    подписать», «легче будет договориться»)."""
    for _ in range(3):
        if v.pos != "INFN" or any(k.lemma == "быть" for k in tree.children(v, "aux")):
            return True
        h = tree.head(v)
        if h is None or h.pos not in VERBAL or h.tag is None:
            return False
        if not ("past" in h.tag or h.pos == "INFN" or (h.lemma == "быть" and "futr" in h.tag)):
            return False
        v = h
    return True


def first_person_speech(doc: Doc, t: Token) -> bool:
    """«…мы договоримся…» inside direct speech: the speaker's «we», not parties the text names."""
    return t.tag is not None and ("1per" in t.tag or "2per" in t.tag) and quoted(doc, t)


def quoted(doc: Doc, t: Token) -> bool:
    """Inside direct speech: «стороны» there are the speaker's, not the narrative's."""
    return any(q.start <= t.start < q.stop for q in doc.quotes)


SEALING = {"заключить", "подписать", "достичь", "достигнутый", "заключённый", "подписанный"}


def sealing_participles(tree: Tree, n: Token) -> list[Token]:
    """«договорённостей, заключённых между X и Y»: the participle of a sealing verb that
    modifies the agreement noun. The parser often hangs it on a nearer noun, so a participle
    after the noun that agrees with it in case and number is taken too."""
    out = [k for k in tree.children(n, "acl", "amod") if k.lemma in SEALING]
    if out or n.tag is None:
        return out
    doc = tree.doc
    stop = doc.sents[n.sent].tok_stop
    for k in doc.tokens[n.i + 1:min(stop, n.i + 15)]:
        if k.lemma in SEALING and k.pos in ("PRTF", "ADJF") and k.tag is not None \
                and k.tag.case == n.tag.case and k.tag.number == n.tag.number:
            return [k]
    return out


def visitor_from_genitive(tree: Tree, gens: list[Token]) -> list[Entity]:
    """«визит председателя КНР Ху Цзиньтао», «визит на острова президента России …»: the
    nearest genitive that names a person or a state, searched down the noun's modifiers."""
    todo = list(gens)
    seen = 0
    while todo and seen < 12:
        k = todo.pop(0)
        seen += 1
        ents = tree.np_entities(k, types=("PER", "LOC"))
        if ents and tree.prep(k) is None:
            return ents
        todo += tree.children(k, "nmod")
    return []


# --- one event per occurrence ---

def _sides(merged: list[Cand]) -> list[Entity]:
    """Who «стороны», «министры», «лидеры» are: the participants of the last talks, else the
    visitor and host of the last visit, before the sentence."""
    for m in reversed(merged):
        if m.type == "talks" and len(m.args.get("participants", [])) >= 2:
            return list(m.args["participants"])
        if m.type == "visit" and m.args.get("visitor") and m.args.get("host"):
            return m.args["visitor"] + m.args["host"]
    return []


def signer_of(merged: list[Cand], c: Cand) -> Cand | None:
    """Who signed the agreement of a passive «контракт был подписан с Y»: the last agreement of
    the same noun in this or the two sentences before whose signers are named and are not Y."""
    for m in reversed(merged):
        if m.sent < c.sent - 2:
            return None
        if m.type == "agreement" and m.lemma == c.lemma and m.signers \
                and not set(m.signers) & set(c.args["parties"]):
            return m
    return None


def compatible(a: Cand, b: Cand) -> bool:
    if a.type != b.type:
        return False
    for role in ROLES[a.type]:
        x, y = set(a.args.get(role, [])), set(b.args.get(role, []))
        if x and y and not (x <= y or y <= x):
            return False
    # «соглашение … с X» and «договор … с X» are two agreements unless one is a bare reference
    bare = not any(a.args.values()) or not any(b.args.values())
    return a.type != "agreement" or a.lemma == b.lemma or bare


def finish(cands: list[Cand]) -> list[Event]:
    # talks whose sides are only «стороны», «главы правительств»: the visit's visitor and host
    merged: list[Cand] = []
    for c in cands:
        if c.type == "talks" and c.sides_unresolved and len(c.args.get("participants", [])) < 2:
            visits = [v for v in merged if v.type == "visit" and v.args.get("visitor") and v.args.get("host")]
            if visits:
                c.add("participants", visits[-1].args["visitor"] + visits[-1].args["host"])
        if c.type == "agreement" and c.sides_unresolved and not c.args.get("parties"):
            c.add("parties", _sides(merged))
        if c.type == "agreement" and c.signer_unnamed:
            signed = signer_of(merged, c)
            # «X подписал три контракта. Первый был подписан с Y, второй — с Z»: Y's contract
            # is the one told before while that had no counterparty, then one of its own
            if signed is not None and set(signed.args["parties"]) == set(signed.signers):
                signed.add("parties", c.args["parties"])
                continue
            if signed is not None:
                c.args["parties"] = signed.signers + c.args["parties"]
        target = next((m for m in reversed(merged) if compatible(m, c)), None)
        if target is None:
            merged.append(c)
            continue
        for role, ents in c.args.items():
            target.add(role, ents)
        target.kind = target.kind or c.kind
        target.sides_unresolved = target.sides_unresolved and c.sides_unresolved
    out = []
    for c in merged:
        args = {r: c.args.get(r, []) for r in ROLES[c.type] if c.args.get(r)}
        if c.type == "visit":
            if not args.get("visitor"):
                continue
            for place in args.get("place") or [None]:
                a = dict(args)
                if place is not None:
                    a["place"] = [place]
                out.append(Event("visit", c.start, c.stop, a, {"kind": c.kind}))
        elif c.type == "talks":
            if len(args.get("participants", [])) < (1 if c.kind == "solo" else 2):
                continue
            out.append(Event("talks", c.start, c.stop, args, {}))
        elif args.get("parties"):
            out.append(Event("agreement", c.start, c.stop, args, {}))
    return out
