"""Statement events: one per speech predicate that reports its own content.

A trigger is a speech verb of the lexicon (kind `verb`: «заявил», «отметил», «озвучены»,
«говорится») or a light verb with a speech noun («сделали совместное заявление»). Its
speaker comes from the dependency parse (see speakers.py) and must be an entity of the
record. Left out: negated and hypothetical predicates, infinitives and attributive
participles, a gerund continuing a speech act already counted («осудил …, назвав»), an
anaphoric speech noun («сделал это заявление»), and repeats: a headline or lead whose
statement the next sentences make again.
"""

from __future__ import annotations

from ..doc import Doc, Entity, Event, Token
from . import Stage
from .speakers import children, is_negated, kind, speakers, speech_kinds

FINITE = ("VERB", "PRTS", "GRND")
ANAPHORIC = frozenset({"это", "этот", "тот", "такой", "данный"})
CONTENT_POS = frozenset({"NOUN", "ADJF", "VERB", "INFN", "PRTF", "PRTS", "ADJS"})
REPEAT_OVERLAP = 0.4  # lemma overlap above which an adjacent sentence restates the same news


TRIGGER_KINDS = ("verb", "light")  # the speech kinds (speech_kinds) that may trigger a statement


def trigger(doc: Doc, t: Token) -> tuple[int, int, Token | None] | None:
    """(start, stop, speech noun) of the statement trigger at token t, or None."""
    k = kind(t)
    if k not in TRIGGER_KINDS:
        return None
    if k == "verb":
        if t.pos not in FINITE or is_negated(doc, t):
            return None
        if t.pos == "GRND" and t.head is not None and kind(doc.tokens[t.head]) == "verb":
            return None  # «рассказывая …, заявил»: the same speech act
        return t.start, t.stop, None
    if k == "light" and t.pos in FINITE and not is_negated(doc, t):
        for c in children(doc, t):
            if c.rel in ("obj", "obl") and kind(c) == "noun":
                if any(g.lemma in ANAPHORIC for g in children(doc, c)):
                    return None  # «сделал это заявление» refers back
                return min(t.start, c.start), max(t.stop, c.stop), c
    return None


def content(doc: Doc, sent: int) -> set[str]:
    return {t.lemma for t in doc.sent_tokens(sent) if t.pos in CONTENT_POS and kind(t) is None}


def headline_stop(text: str) -> int:
    """The end (+1) of the first line when it is a headline: the first line of a text with more
    lines, without final punctuation; else -1."""
    first = text.split("\n", 1)[0].rstrip()
    if "\n" in text.strip() and not first.endswith((".", "!", "?", "…")):
        return len(first) + 1
    return -1


def is_headline(doc: Doc, sent: int, stop: int | None = None) -> bool:
    """The sentence lies in the headline (`stop`: headline_stop(doc.text), if already known)."""
    return doc.sents[sent].stop <= (headline_stop(doc.text) if stop is None else stop)


def drop_repeats(doc: Doc, found: list[tuple[Event, Token]]) -> list[tuple[Event, Token]]:
    # indexed by speakers and by sentence, and the headline found once: a long text has
    # thousands of statements, and scanning them all for each one was quadratic
    head = headline_stop(doc.text)
    by_who: dict[frozenset, list[tuple[Event, Token]]] = {}
    for ev, tok in found:
        by_who.setdefault(frozenset(ev.args["speaker"]), []).append((ev, tok))
    kept_in: dict[int, list[tuple[Event, Token]]] = {}  # sentence → statements kept in it
    keep = []
    for ev, tok in found:
        who = set(ev.args["speaker"])
        if is_headline(doc, tok.sent, head):
            same = [(e, t) for e, t in by_who[frozenset(who)] if e is not ev]
            if any(not is_headline(doc, t.sent, head) for _, t in same):
                continue
        prev = [t for e, t in kept_in.get(tok.sent - 1, ()) if set(e.args["speaker"]) == who]
        if prev:
            a, b = content(doc, prev[-1].sent), content(doc, tok.sent)
            if a and b and len(a & b) / len(a | b) >= REPEAT_OVERLAP:
                continue
        keep.append((ev, tok))
        kept_in.setdefault(tok.sent, []).append((ev, tok))
    return keep


class Statements(Stage):
    name = "statements"

    def __call__(self, doc: Doc) -> None:
        recent: list[tuple[int, list[Entity]]] = []  # speakers so far, for pronouns
        nouns: list[tuple[Token, list[Entity]]] = []  # speech nouns with their speakers
        found: list[tuple[Event, Token]] = []
        kinds = speech_kinds()
        for sent in doc.sents:
            if not sent.parsed:
                continue
            for t in doc.sent_tokens(sent):
                if kinds.get(t.lemma) not in TRIGGER_KINDS:  # most words: trigger() would say None
                    continue
                trig = trigger(doc, t)
                if trig is None:
                    continue
                start, stop, noun = trig
                who = speakers(doc, t, recent, nouns)
                if not who:
                    continue
                recent.append((t.start, who))
                if noun is not None:
                    nouns.append((noun, who))
                found.append((Event("statement", start, stop, {"speaker": who}), t))
        doc.events.extend(ev for ev, _ in drop_repeats(doc, found))
