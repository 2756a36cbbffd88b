"""Deals: the parties of a purchase, sale, merger or loan, read off the parse.

A deal reached is an agreement between the parties to the transaction (spec: «a deal between
companies has the companies as parties»). The trigger rows of event_triggers.tsv carry
`deal=buy|sell|merge|give`:
- buy: the buyer (the subject of the verb, or of the verb that governs the noun: «объявила о
  покупке»), what is bought, or whose share it is («акции Facebook», «долю в X»), and the
  seller («выкупила у банка X»);
- sell: the seller, whose asset it is, and the buyer («продала X компании Y»);
- merge: the companies merged («слияние Oracle и Sun»);
- give: a loan, credit or grant given: the giver and the receiver in the dative («выделила
  Интерполу грант»), only when what is given is money.
A deal takes place when it is told in the past or announced as done; plans, offers and talks
about a deal are not deals (events.real drops the hypothetical ones).
"""

from __future__ import annotations

from ..doc import Token
from .event_args import Tree

# what is bought when a company's stake is: the owner is in its genitive or after «в»
STAKES = {"акция", "доля", "пакет", "актив", "бизнес", "подразделение", "отделение", "филиал", "часть"}
MONEY = {"кредит", "заём", "займ", "грант", "транш", "субсидия", "финансирование", "помощь"}
ANNOUNCING = {"объявить", "завершить", "закрыть", "одобрить", "согласовать", "провести", "оформить"}
PARTY_TYPES = ("ORG", "PER", "LOC")
VERBAL = {"VERB", "PRTS", "PRTF", "GRND"}


def _past_or_done(t: Token) -> bool:
    return t.tag is not None and ("past" in t.tag or t.pos in ("PRTS", "PRTF"))


def _actors(tree: Tree, v: Token, agents) -> list:
    return [e for a in agents(tree, v) for e in tree.np_entities(a, types=PARTY_TYPES)]


def _owned(tree: Tree, x: Token) -> list:
    """The company a thing belongs to: the thing itself, or a stake's owner («акции Facebook»,
    «долю в банке X»), searched a few steps down the genitive chain."""
    ents = tree.np_entities(x, types=("ORG", "PER"))
    if ents:
        return ents
    todo, seen = [k for k in tree.children(x, "nmod") if tree.prep(k) in (None, "в")], 0
    while todo and seen < 8:
        k = todo.pop(0)
        seen += 1
        ents = tree.np_entities(k, types=("ORG", "PER", "LOC"))
        if ents:
            return ents
        todo += [g for g in tree.children(k, "nmod") if tree.prep(g) in (None, "в")]
    return []


def _recipients(tree: Tree, v: Token) -> list:
    """Who receives: the indirect object, or a bare dative («Украине»: pymorphy3 may read it as
    a locative first, which without a preposition it cannot be)."""
    out = []
    for k in tree.children(v, "iobj", "obl"):
        if tree.prep(k) is None and (k.rel == "iobj" or (k.tag is not None and ("datv" in k.tag or "loct" in k.tag))):
            out += tree.np_entities(k, types=PARTY_TYPES)
    return out


def of_agreement(tree: Tree, n: Token, kinds: dict[str, str]) -> list:
    """An agreement noun's deal («соглашение о покупке доли в X», «сделка по слиянию X и Y»):
    the companies the deal is about are parties of the agreement too. kinds: deal trigger
    lemma → buy, sell, merge or give."""
    out = []
    for k in tree.children(n, "nmod"):
        kind = kinds.get(k.lemma)
        if kind is None or tree.prep(k) not in (None, "о", "об", "по"):
            continue
        objects = [x for x in tree.children(k, "nmod") if tree.prep(x) is None]
        for o in objects:
            if kind == "merge":
                out += tree.np_entities(o, types=("ORG",))
                out += [e for x in tree.children(o, "nmod") for e in tree.np_entities(x, types=("ORG",))]
            else:
                out += _owned(tree, o)
    return out


def parties(tree: Tree, t: Token, kind: str, agents) -> list | None:
    """The parties of the deal triggered at t, or None when t is no deal. agents(tree, verb):
    the tokens that did it (the events stage's subject search)."""
    if t.pos in VERBAL:
        verb, objects = t, tree.children(t, "obj")
        if not _past_or_done(verb):
            return None
    else:  # a noun: the act of its governing verb («объявила о покупке», «завершила сделку по»)
        verb = tree.head(t)
        if verb is None or verb.pos not in VERBAL or not _past_or_done(verb):
            return None
        if verb.lemma not in ANNOUNCING and t.rel not in ("obj", "nsubj", "nsubj:pass"):
            return None
        objects = [k for k in tree.children(t, "nmod") if tree.prep(k) is None]
    out = [] if kind == "merge" else _actors(tree, verb, agents)
    if kind == "give":
        if not any(o.lemma in MONEY for o in objects + ([t] if t.pos not in VERBAL else [])):
            return None
        out += _recipients(tree, verb if t.pos in VERBAL else t)
    elif kind == "merge":
        for o in objects:
            out += [e for e in tree.np_entities(o, types=("ORG",))]
            out += [e for k in tree.children(o, "nmod") for e in tree.np_entities(k, types=("ORG",))]
    else:
        for o in objects:
            out += _owned(tree, o)
        if kind == "sell":
            out += _recipients(tree, verb)
        else:  # the seller: «выкупила у банка X пакет акций»
            out += [e for k in tree.children(verb, "obl") if tree.prep(k) == "у"
                    for e in tree.np_entities(k, types=("ORG", "PER", "LOC"))]
    uniq = list(dict.fromkeys(out))
    return uniq if len(uniq) >= 2 else None
