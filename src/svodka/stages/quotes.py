"""Quotes: direct speech in quotation marks, with its speaker.

Marks are paired on the raw text, line by line (razdel may split a quote into several
sentences): «…» with nesting, „…“, “…” and straight "…" (an opening one follows a space, a
closing one a word). A pair is direct speech when
- its words have their own predicate (a finite verb heading a clause of the quote, or more
  than one sentence), so that names, terms and fragments («упорно», «на основе …») are not, and
- a speech predicate attributes it: after the marks («…», — сказал X), inserted inside them
  («…, — заявил X. — …»), or before them in the same sentence (X заявил: «…»; по словам X, «…»).
The speaker is the entity of that predicate's subject (speakers.py); a joint one is null.
"""

from __future__ import annotations

import re

from ..doc import Doc, Entity, Quote, Token
from . import Stage
from .speakers import children, kind, mention_of, resolve_phrase, speakers

OPEN_CLOSE = {"«": "»", "„": "“", "“": "”"}
DASH_AFTER = re.compile(r"[,.!?…]*\s*[—–-]\s*")
PREDICATE_POS = frozenset({"VERB", "PRTS", "ADJS", "PRED"})
RELATIVE = frozenset({"который", "где", "куда", "откуда", "чей"})
SENT_END = re.compile(r"[.!?…]\s+[«„\"]?[А-ЯЁA-Z]")


def mark_pairs(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of the outermost quotation-mark pairs, within a line."""
    pairs = []
    stack: list[tuple[str, int]] = []  # (expected closing mark, offset)
    for i, ch in enumerate(text):
        if ch == "\n":
            stack.clear()
            continue
        if ch == '"':
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            opening = (prev.isspace() or prev in "([—–-/") and not nxt.isspace()
            if stack and stack[-1][0] == '"' and not opening:
                _, start = stack.pop()
                if not stack:
                    pairs.append((start, i))
            elif opening:
                stack.append(('"', i))
            continue
        if stack and ch == stack[-1][0]:
            _, start = stack.pop()
            if not stack:
                pairs.append((start, i))
        elif ch in OPEN_CLOSE:
            stack.append((OPEN_CLOSE[ch], i))
    return pairs


def has_predicate(doc: Doc, start: int, stop: int) -> bool:
    """Whether the words in [start, stop) have a predicate of their own."""
    if SENT_END.search(doc.text, start, stop):
        return True
    toks = [t for t in doc.tokens_in(start, stop) if t.start >= start and t.stop <= stop]
    if not toks:
        return False
    if all(doc.sents[t.sent].parsed for t in toks):
        inside = {t.i for t in toks}
        for t in toks:
            if t.head in inside:
                continue
            # a clause head of the quote: a finite verb, or a word with its own subject
            if t.pos in PREDICATE_POS and t.rel != "acl":
                return True
            if any(c.rel in ("nsubj", "cop") and c.i in inside for c in children(doc, t)):
                return True
        return False
    # unparsed: a finite verb before any relative clause starts
    for t in toks:
        if t.lemma in RELATIVE:
            return False
        if t.pos in PREDICATE_POS:
            return True
    return False


def _speech(t: Token) -> bool:
    return kind(t) == "verb" and t.pos in ("VERB", "PRTS", "GRND")


def attribution(doc: Doc, open_: int, close: int) -> Token | None:
    """The speech verb (or «словам» of «по словам») that attributes the quote."""
    text = doc.text
    # after the marks: «…», — сказал X
    m = DASH_AFTER.match(text, close + 1)
    if m and m.end() > close + 1 and "\n" not in text[close:m.end()]:
        for t in doc.tokens_in(m.end(), m.end() + 60)[:3]:
            if _speech(t):
                return t
    # inserted inside one pair of marks: «…, — заявил X. — …»
    inner = doc.tokens_in(open_ + 1, close)
    for k, t in enumerate(inner[2:], 2):
        if _speech(t) and inner[k - 1].text in "—–-" and inner[k - 2].text in ",.!?…":
            return t
        if _speech(t) and k >= 3 and inner[k - 2].text in "—–-" and inner[k - 3].text in ",.!?…":
            return t
    # before the marks, in the same sentence: X заявил: «…»; по словам X, «…»
    sent = doc.sent_at(open_)
    line_start = text.rfind("\n", 0, open_) + 1
    lo = max(line_start, sent.start if sent else line_start)
    if sent is not None and sent.i > 0 and lo == sent.start:
        prev = doc.sent_tokens(sent.i - 1)
        if len(prev) >= 2 and prev[-1].text == "." and len(prev[-2].text) == 1 and prev[-2].text.isupper():
            lo = max(line_start, doc.sents[sent.i - 1].start)  # razdel split after an initial («А. Кудрин»)
    for t in reversed(doc.tokens_in(lo, open_)):
        if t.stop > open_:
            continue
        if _speech(t):
            return t
        if kind(t) == "attribution" and any(c.lemma == "по" for c in children(doc, t)):
            return t
    return None


def speaker(doc: Doc, verb: Token, recent: list) -> Entity | None:
    if kind(verb) == "attribution":  # по словам X
        who = []
        for c in children(doc, verb):
            if c.rel in ("nmod", "appos") and (who := resolve_phrase(doc, c, verb, recent)):
                break
        if not who:
            nxt = doc.tokens[verb.i + 1] if verb.i + 1 < len(doc.tokens) else None
            m = mention_of(doc, nxt) if nxt is not None else None
            who = [m.entity] if m else []
    else:
        who = speakers(doc, verb, recent)
    return who[0] if len(who) == 1 else None


class Quotes(Stage):
    name = "quotes"

    def __call__(self, doc: Doc) -> None:
        recent: list[tuple[int, list[Entity]]] = []
        for open_, close in mark_pairs(doc.text):
            start, stop = open_ + 1, close
            while start < stop and doc.text[start].isspace():
                start += 1
            while stop > start and doc.text[stop - 1].isspace():
                stop -= 1
            if stop <= start or not has_predicate(doc, start, stop):
                continue
            verb = attribution(doc, open_, close)
            if verb is None:
                continue
            quote = Quote(start, stop)
            doc.quotes.append(quote)  # before resolving: names inside it are not antecedents
            quote.speaker = speaker(doc, verb, recent)
            if quote.speaker is not None:
                recent.append((open_, [quote.speaker]))
