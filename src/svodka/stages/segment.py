"""Sentences and tokens, with razdel."""

from __future__ import annotations

import re
from functools import cache

from razdel import sentenize, tokenize

from .. import lexicons
from ..doc import Doc, Sent, Token
from . import Stage

BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
LAST_WORD_DOT = re.compile(r"(\w+)\.$")


def blocks(text: str):
    """(offset, block) for the parts of a text between blank lines: a headline or a
    paragraph without final punctuation never runs into the next one (razdel would join them)."""
    pos = 0
    for m in BLANK_LINE.finditer(text):
        yield pos, text[pos:m.start()]
        pos = m.end()
    yield pos, text[pos:]


@cache
def month_abbreviations() -> frozenset[str]:
    """«янв», «февр», «сент»: the short month forms of the months lexicon."""
    return frozenset(r[0] for r in lexicons.load("months") if len(r[0]) <= 5 and r[0].isalpha())


def _ends_with_month_abbreviation(sent: str) -> bool:
    m = LAST_WORD_DOT.search(sent)
    return bool(m) and m.group(1).lower() in month_abbreviations()


def sentences(text: str):
    """(start, stop, text) of each sentence. razdel ends a sentence at an abbreviated month's
    dot («02 февр. 2016 г.»); such a sentence is joined to the one that goes on with a number."""
    for offset, block in blocks(text):
        pending = None
        for s in sentenize(block):
            if pending is not None and s.text[:1].isdigit() and _ends_with_month_abbreviation(pending[2]):
                pending = (pending[0], offset + s.stop, block[pending[0] - offset:s.stop])
                continue
            if pending is not None:
                yield pending
            pending = (offset + s.start, offset + s.stop, s.text)
        if pending is not None:
            yield pending


class Segment(Stage):
    name = "segment"

    def __call__(self, doc: Doc) -> None:
        tokens, sents = [], []
        for start, stop, text in sentences(doc.text):
            first = len(tokens)
            for t in tokenize(text):
                tokens.append(Token(len(tokens), start + t.start, start + t.stop, t.text, len(sents)))
            if len(tokens) > first:
                sents.append(Sent(len(sents), start, stop, first, len(tokens)))
        doc.tokens, doc.sents = tokens, sents
