"""The syntax stage: heads inside the sentence, and always a tree (no cycles)."""

from __future__ import annotations

from svodka.doc import Doc, Sent, Token
from svodka.stages.syntax import break_cycles


def walk_to_root(doc, t, limit=1000):
    seen = set()
    while t.head is not None:
        assert t.i not in seen, "cycle"
        seen.add(t.i)
        t = doc.tokens[t.head]
        assert len(seen) < limit
    return t


def test_cycles_are_cut():
    doc = Doc("a b c d")
    doc.tokens = [Token(i, 2 * i, 2 * i + 1, w, 0) for i, w in enumerate("abcd")]
    doc.sents = [Sent(0, 0, 7, 0, 4)]
    # a->b->c->a is a cycle, d->c
    for t, h in zip(doc.tokens, [1, 2, 0, 2]):
        t.head = h
    break_cycles(doc, doc.tokens)
    for t in doc.tokens:
        walk_to_root(doc, t)


def test_parsed_sentences_are_trees(nlp):
    doc = nlp("Премьер-министр Казахстана Олжас Бектенов заявил, что стороны подписали соглашение. "
              "«Мы продолжим работу», — сказал он журналистам после переговоров в Москве.")
    parsed = [s for s in doc.sents if s.parsed]
    assert parsed, "sentences with speech verbs are parsed"
    for s in parsed:
        roots = [t for t in doc.sent_tokens(s) if t.head is None]
        assert roots
        for t in doc.sent_tokens(s):
            assert t.head is None or s.tok_start <= t.head < s.tok_stop
            walk_to_root(doc, t)
