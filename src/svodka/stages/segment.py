"""Sentences and tokens, with razdel."""

from __future__ import annotations

from razdel import sentenize, tokenize

from ..doc import Doc, Sent, Token
from . import Stage


class Segment(Stage):
    name = "segment"

    def __call__(self, doc: Doc) -> None:
        tokens, sents = [], []
        for s in sentenize(doc.text):
            first = len(tokens)
            for t in tokenize(s.text):
                tokens.append(Token(len(tokens), s.start + t.start, s.start + t.stop, t.text, len(sents)))
            if len(tokens) > first:
                sents.append(Sent(len(sents), s.start, s.stop, first, len(tokens)))
        doc.tokens, doc.sents = tokens, sents
