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
from dataclasses import dataclass
from functools import cache

from .. import lexicons
from ..doc import Doc, Entity, Quote, Token
from ..marks import PAIRS
from . import Stage
from .speakers import (
    children,
    continuing_verbs,
    in_quote,
    is_accusative,
    kind,
    mention_of,
    owner,
    resolve_phrase,
    speakers,
    subject,
)

OPEN_CLOSE = PAIRS
# after the closing mark: wiki italics ('') and punctuation, then the dash of the attribution
DASH_AFTER = re.compile(r"(?:''|[\"»“”])*[,.!?…]*\s*(?:'')?\s*[—–-]\s*")
DASH = re.compile(r"[—–-]")
COMMA_AFTER = re.compile(r"(?:''|[\"»“”])*,\s*")
TITLE_START = re.compile(r"Об?\s+\w")  # «О мерах …»: the title of a law or a decree
PREVIOUS_SENTS = 2  # how far back a quote that opens its sentence looks for its attribution
MIN_WORDS = 4  # fewer words in marks are a term or a fragment, not a quote (spec)
PREDICATE_POS = frozenset({"VERB", "PRTS", "ADJS", "PRED"})
FRAGMENT_PREDICATE_POS = frozenset({"VERB", "INFN", "PRED"})
RELATIVE = frozenset({"который", "где", "куда", "откуда", "чей"})
SENT_END = re.compile(r"[.!?…]\s+[«„\"]?[А-ЯЁA-Z]")
# what mark_pairs reads: line ends, the straight mark, and every opening and closing mark
MARKS = re.compile("[\n\"" + re.escape("".join(OPEN_CLOSE) + "".join(OPEN_CLOSE.values())) + "]")


def mark_pairs(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of the outermost quotation-mark pairs, within a line."""
    pairs = []
    stack: list[tuple[str, int]] = []  # (expected closing mark, offset)
    for m in MARKS.finditer(text):  # the other characters change nothing
        i, ch = m.start(), m.group()
        if ch == "\n":
            stack.clear()
            continue
        if ch == '"':
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            opening = (prev.isspace() or prev in "([—–-/") and not nxt.isspace()
            if stack and stack[-1][0] == '"' and not opening:
                _, start = stack.pop()
                # one straight mark closes both the inner and the outer speech where the
                # attribution follows («"… шепнул: "Я не делал!" - цитирует X»)
                if stack and stack[-1][0] == '"' and _dash_follows(text, i):
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


def _dash_follows(text: str, close: int) -> bool:
    """The dash of an attribution right after a closing mark, on its line."""
    m = DASH_AFTER.match(text, close + 1)
    return bool(m and "\n" not in text[close:m.end()] and DASH.search(text, close + 1, m.end()))


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


def reported_predicate(doc: Doc, start: int, stop: int) -> bool:
    """A fragment in marks that carries the reported clause's predicate («обещал, что X
    продолжит «работать в его команде»»): it starts in lower case and has a verb, an infinitive
    or a predicative before any relative clause. A noun phrase («назвал это «ошибкой
    стратегического масштаба»») is not speech."""
    if not doc.text[start].islower():
        return False
    for t in doc.tokens_in(start, stop):
        if t.lemma in RELATIVE:
            return False
        if t.pos in FRAGMENT_PREDICATE_POS:
            return True
    return False


def _speech(t: Token) -> bool:
    return kind(t) == "verb" and t.pos in ("VERB", "PRTS", "GRND")


def _finite(t: Token) -> bool:
    """A verb that can head an attribution clause: a speech verb or any finite verb
    («…», — считает министр; — поделился X; — приводит агентство слова X)."""
    return _speech(t) or (t.pos == "VERB" and t.tag is not None and "INFN" not in t.tag)


def _speech_word(t: Token) -> bool:
    """Any speech form before the quote in its sentence: a speech, opinion or relay verb, or
    the noun of «по словам X» («X считает, что «…»»; «X заявил: «…»»)."""
    k = kind(t)
    if k == "attribution":
        return t.lemma == "слово"
    return k in ("verb", "opinion", "relay") and t.pos in ("VERB", "PRTS", "GRND", "INFN")


@cache
def title_nouns() -> frozenset[str]:
    return lexicons.words("title_nouns")


def _skip_marks_back(text: str, i: int) -> int:
    """Offset just after the last character before `i` that is not space or wiki italics ('')."""
    while i > 0 and (text[i - 1].isspace() or text[i - 1] == "'"):
        i -= 1
    return i


def is_title(doc: Doc, open_: int, start: int) -> bool:
    """A name or a title in quotation marks: after a title noun («фильм «…»», «под названием
    «…»»), or a document title («О мерах …»)."""
    before = _skip_marks_back(doc.text, open_)
    toks = doc.tokens_in(max(0, before - 40), before)
    if toks and toks[-1].stop <= before and toks[-1].lemma in title_nouns():
        return True
    return bool(TITLE_START.match(doc.text, start))


def word_count(doc: Doc, start: int, stop: int) -> int:
    return sum(1 for t in doc.tokens_in(start, stop) if t.start >= start and t.text[:1].isalnum())


@dataclass(slots=True)
class Attribution:
    verb: Token | None  # the predicate that attributes the quote (or «словам» of «по словам»)
    speaker: Entity | None = None  # named directly: «X: «…»»
    structural: bool = False  # the punctuation itself marks direct speech (a dash, a colon)


def _after(doc: Doc, close: int) -> Token | None:
    """«…», — сказал X: a finite verb among the first words after a dash that follows the marks."""
    text = doc.text
    m = DASH_AFTER.match(text, close + 1)
    if m and m.end() > close + 1 and "\n" not in text[close:m.end()] and DASH.search(text, close + 1, m.end()):
        for t in doc.tokens_in(m.end(), m.end() + 60)[:3]:
            if _finite(t):
                return t
    # without a dash, only a speech verb right after the comma: «…», подчеркнул X
    m = COMMA_AFTER.match(text, close + 1)
    if m and "\n" not in text[close:m.end()]:
        toks = doc.tokens_in(m.end(), m.end() + 40)[:1]
        if toks and _speech(toks[0]):
            return toks[0]
    return None


def _inserted(doc: Doc, open_: int, close: int) -> Token | None:
    """«…, — заявил X. — …»: the attribution inserted inside one pair of marks."""
    inner = doc.tokens_in(open_ + 1, close)
    for k, t in enumerate(inner[2:], 2):
        if not _finite(t):
            continue
        if inner[k - 1].text in "—–-" and inner[k - 2].text in ",.!?…'":
            return t
        if k >= 3 and inner[k - 2].text in "—–-" and inner[k - 3].text in ",.!?…'":
            return t
    return None


def _clause_before(doc: Doc, offset: int, lines: int = 1) -> list[Token]:
    """The tokens of the sentence before `offset`, within its line (or the line before, when the
    quote opens a line after a colon)."""
    text = doc.text
    line_start = text.rfind("\n", 0, offset) + 1
    if lines > 1 and line_start > 0 and not text[line_start:offset].strip(" '\t"):
        line_start = text.rfind("\n", 0, line_start - 1) + 1
    sent = doc.sent_at(max(line_start, offset - 1))
    lo = line_start
    if sent is not None:
        lo = max(lo, sent.start)
        if sent.i > 0 and lo == sent.start:
            prev = doc.sent_tokens(sent.i - 1)
            if len(prev) >= 2 and prev[-1].text == "." and len(prev[-2].text) == 1 and prev[-2].text.isupper():
                lo = max(line_start, doc.sents[sent.i - 1].start)  # razdel split after an initial («А. Кудрин»)
    return [t for t in doc.tokens_in(lo, offset) if t.stop <= offset]


def _colon(doc: Doc, open_: int) -> Attribution | None:
    """X заявил: «…»; X: «…»; «…» after a line that ends with a colon."""
    text = doc.text
    before = _skip_marks_back(text, open_)
    if before == 0 or text[before - 1] != ":":
        return None
    toks = _clause_before(doc, before - 1, lines=2)
    # a speech form anywhere before the colon, else the last finite verb
    # («X заявил, что находится в отчаянии: «…»» is X's, not the clause's)
    for test in (_speech_word, _finite):
        for t in reversed(toks):
            if test(t):
                return Attribution(t, structural=True)
    if toks and (m := mention_of(doc, toks[-1], ("PER", "ORG"))) is not None:
        return Attribution(None, m.entity, structural=True)
    return None


def _in_sentence(doc: Doc, open_: int) -> Token | None:
    """X заявил, что «…»; по словам X, «…»: a speech form before the marks in their sentence."""
    for t in reversed(_clause_before(doc, open_)):
        if t.lemma in continuing_verbs():
            continue  # «X пообещал, что Y продолжит «…»»: only «— продолжил он» is speech
        if _speech(t) or _speech_word(t):
            return t
        if kind(t) == "attribution" and any(c.lemma == "по" for c in children(doc, t)):
            return t
    return None


def _previous(doc: Doc, open_: int) -> Token | None:
    """A quote that opens its sentence, attributed in one of the sentences before it
    («Х выступил перед журналистами. «…»»; a second paragraph of the same speech)."""
    sent = doc.sent_at(open_)
    if sent is None or sent.i == 0:
        return None
    line_start = doc.text.rfind("\n", 0, open_) + 1
    if doc.text[max(sent.start, line_start):open_].strip(" '\"\t«„“"):
        return None
    for k in range(sent.i - 1, max(-1, sent.i - 1 - PREVIOUS_SENTS), -1):
        for t in reversed(doc.sent_tokens(k)):
            if _speech(t) and not in_quote(doc, t.start):
                return t
    return None


def attribution(doc: Doc, open_: int, close: int) -> Attribution | None:
    """What attributes the words in marks [open_, close] to a speaker, if anything."""
    if (t := _after(doc, close)) is not None or (t := _inserted(doc, open_, close)) is not None:
        return Attribution(t, structural=True)
    if (a := _colon(doc, open_)) is not None:
        return a
    if (t := _in_sentence(doc, open_)) is not None:
        return Attribution(t)
    if (t := _previous(doc, open_)) is not None:
        return Attribution(t)
    return None


def _relayed(doc: Doc, verb: Token, recent: list) -> list[Entity]:
    """«цитирует ТАСС Петрова», «приводит агентство слова Петрова»: the person quoted."""
    # the object; a parse may take it for a second subject («цитирует ТАСС пресс-службу X»),
    # or swap the two where the medium is a common noun («цитирует издание мать X»)
    kids = children(doc, verb)
    swapped = any(c.rel == "obj" and c.tag is not None and "inan" in c.tag and mention_of(doc, c) is None
                  and kind(c) is None for c in kids)
    quoted_ones = [c for c in kids if c.rel == "obj" or c.rel == "nsubj" and (is_accusative(c) or swapped)]
    for c in quoted_ones:
        if kind(c) in ("noun", "attribution"):  # «приводит слова X», «цитирует сообщение X»
            for g in children(doc, c):
                if g.rel in ("nmod", "appos") and (who := resolve_phrase(doc, g, verb, recent, oblique=True)):
                    return who
            continue
        if who := resolve_phrase(doc, c, verb, recent, oblique=True):
            return who
    return []


def speaker(doc: Doc, verb: Token, recent: list) -> Entity | None:
    if kind(verb) == "attribution":  # по словам X
        who = owner(doc, verb, verb, recent) or []  # «по словам министра», «по его словам»
        if not who:
            nxt = doc.tokens[verb.i + 1] if verb.i + 1 < len(doc.tokens) else None
            m = mention_of(doc, nxt) if nxt is not None else None
            who = [m.entity] if m else []
    elif kind(verb) == "relay":
        who = _relayed(doc, verb, recent)
    else:
        who = speakers(doc, verb, recent)
    return who[0] if len(who) == 1 else None


def unnamed_subject(doc: Doc, verb: Token) -> bool:
    """The verb's subject is one person the text leaves unnamed (a descriptor that resolved
    to no entity: «собеседник агентства», «менеджер актрисы»)."""
    return any(s.pos == "NOUN" and s.tag is not None and "sing" in s.tag and "anim" in s.tag
               and mention_of(doc, s) is None for s in subject(doc, verb))


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
            if stop <= start or word_count(doc, start, stop) < MIN_WORDS or is_title(doc, open_, start):
                continue
            att = attribution(doc, open_, close)
            if att is None:
                continue
            # without a dash or a colon to mark it, speech has a predicate of its own, or is a
            # fragment of a reported sentence («обещал, что X продолжит «работать в команде»»)
            if not att.structural and not (has_predicate(doc, start, stop) or reported_predicate(doc, start, stop)):
                continue
            quote = Quote(start, stop)
            doc.quotes.append(quote)  # before resolving: names inside it are not antecedents
            quote.speaker = att.speaker if att.verb is None else speaker(doc, att.verb, recent)
            if quote.speaker is not None:
                recent.append((open_, [quote.speaker]))
            elif att.verb is not None and unnamed_subject(doc, att.verb):
                recent.append((open_, []))  # «— сказал собеседник»: «— добавил он» is the same person
