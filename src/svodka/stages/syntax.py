"""Dependency parse with slovnet, on the sentences the fact stages read.

Parsing is the costliest step, and most sentences hold no speech verb, event trigger, post
or commitment. Those that do are parsed (batched across documents); `Syntax(all=True)` parses
all.
"""

from __future__ import annotations

from .. import lexicons, models
from ..doc import Doc, Sent
from ..posts import title_heads, verb_heads
from . import Stage

MAX_WORDS = 200


def side_lemmas() -> frozenset[str]:
    """Words that name a side without being a name: a country adjective, «стороны»."""
    return frozenset([r[0] for r in lexicons.load("country_adjectives")]
                     + [r[0] for r in lexicons.load("commitment_words") if r[1] == "party"])


def trigger_lemmas() -> frozenset[str]:
    """Lemmas whose presence makes a sentence worth parsing."""
    plans = (r[0] for r in lexicons.load("commitment_words") if r[1] in ("plan", "agree", "light", "done"))
    return frozenset([r[0].split()[0] for name in ("speech_verbs", "event_triggers")
                      for r in lexicons.load(name)] + list(plans)) | title_heads() | verb_heads()


class Syntax(Stage):
    name = "syntax"

    def __init__(self, all: bool = False):
        self.all = all
        self._triggers: frozenset[str] | None = None
        self._sides: frozenset[str] | None = None

    def wanted(self, doc: Doc, sent: Sent, named: set[int] = frozenset()) -> bool:
        """`named`: indexes of the tokens inside name mentions."""
        if self.all:
            return True
        if self._triggers is None:
            self._triggers, self._sides = trigger_lemmas(), side_lemmas()
        toks = doc.sent_tokens(sent)
        if any(t.lemma in self._triggers or t.text in "«»\"„“" for t in toks):
            return True
        # a future verb may make a commitment (stages/commitments.py), but only one that gives
        # a number or a side: a bare future is a prediction there, and is not worth a parse
        return any(t.tag is not None and "futr" in t.tag for t in toks) and any(
            t.text[:1].isdigit() or t.i in named or t.lemma in self._sides for t in toks)

    def batch(self, docs: list[Doc]) -> None:
        todo = [(d, s) for d in docs for named in (named_tokens(d),) for s in d.sents
                if s.tok_stop - s.tok_start <= MAX_WORDS and self.wanted(d, s, named)]
        if not todo:
            return
        infer = models.syntax().infer
        order = sorted(range(len(todo)), key=lambda i: todo[i][1].tok_stop - todo[i][1].tok_start)
        items = [[t.text for t in todo[i][0].sent_tokens(todo[i][1])] for i in order]
        # the ids, not slovnet's decoded strings (heads as numerals, read back here)
        preds = models.predict(infer, items)
        labels = infer.decoder.rels_vocab.items
        for i, (heads, rels) in zip(order, preds):
            doc, sent = todo[i]
            base = sent.tok_start
            toks = doc.sent_tokens(sent)
            for t, h, r in zip(toks, heads.tolist(), rels.tolist()):
                t.head = base + h - 1 if h > 0 else None
                t.rel = labels[r]
            break_cycles(doc, toks)
            sent.parsed = True


def named_tokens(doc: Doc) -> set[int]:
    return {t.i for m in doc.mentions for t in doc.tokens_in(m.start, m.stop)}


def break_cycles(doc: Doc, toks: list) -> None:
    """slovnet's decoder does not guarantee a tree: cut every cycle so that walks up the
    heads always end at a root."""
    done: set[int] = set()  # tokens whose walk up ends at a root
    walk: dict[int, int] = {}  # token → the token whose walk passed it
    for t in toks:
        if t.i in done:
            continue  # most tokens: passed by an earlier walk
        path: list[int] = []
        i = t.i
        while i is not None and i not in done:
            if walk.get(i) == t.i:  # a cycle closes at token i: make it a root
                doc.tokens[i].head = None
                doc.tokens[i].rel = "root"
                break
            walk[i] = t.i
            path.append(i)
            i = doc.tokens[i].head
        done.update(path)
