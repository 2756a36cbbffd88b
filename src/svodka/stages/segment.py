"""Sentences and tokens, with razdel."""

from __future__ import annotations

import re

from razdel import sentenize, tokenize

from ..doc import Doc, Sent, Token
from . import Stage

BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


def blocks(text: str):
    """(offset, block) for the parts of a text between blank lines: a headline or a
    paragraph without final punctuation never runs into the next one (razdel would join them)."""
    pos = 0
    for m in BLANK_LINE.finditer(text):
        yield pos, text[pos:m.start()]
        pos = m.end()
    yield pos, text[pos:]


def sentences(text: str):
    for offset, block in blocks(text):
        for s in sentenize(block):
            yield offset + s.start, offset + s.stop, s.text


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
