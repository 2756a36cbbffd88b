"""Name mentions: slovnet's NER tagger over our own tokens, batched across documents, then
corrected and completed by the gazetteer and the lexicons (names/mentions.py)."""

from __future__ import annotations

from .. import models
from ..doc import Doc
from ..names import mentions
from . import Stage

MAX_WORDS = 256  # longer sentences are tagged in windows of this many tokens


def tag_sentences(word_lists: list[list[str]]) -> list[list[str]]:
    """BIO tags for each list of words (slovnet's encoder, model and CRF decoder)."""
    if not word_lists:
        return []
    infer = models.ner().infer
    # sort by length so that each padded batch holds sequences of similar size
    order = sorted(range(len(word_lists)), key=lambda i: len(word_lists[i]))
    tags: list[list[str]] = [[] for _ in word_lists]
    # the tag ids, read as strings here by one list lookup each (slovnet's decoder asks its
    # vocabulary once per tag, in Python)
    names = infer.decoder.tags_vocab.items
    for i, pred in zip(order, models.predict(infer, [word_lists[i] for i in order])):
        tags[i] = [names[t] for t in pred.tolist()]
    return tags


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first, last_exclusive, type) token ranges from BIO tags."""
    spans, start, kind = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if start is not None and (prefix != "I" or label != kind):
            spans.append((start, i, kind))
            start = None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, label
    return spans


class NER(Stage):
    name = "ner"

    def batch(self, docs: list[Doc]) -> None:
        windows = []  # (doc, first token index, words)
        for doc in docs:
            for s in doc.sents:
                for lo in range(s.tok_start, s.tok_stop, MAX_WORDS):
                    hi = min(s.tok_stop, lo + MAX_WORDS)
                    windows.append((doc, lo, [t.text for t in doc.tokens[lo:hi]]))
        all_tags = tag_sentences([w for _, _, w in windows])
        spans: dict[int, list[tuple[int, int, str]]] = {id(d): [] for d in docs}
        for (doc, lo, _), tags in zip(windows, all_tags):
            spans[id(doc)].extend((lo + a, lo + b, kind) for a, b, kind in bio_spans(tags))
        for doc in docs:
            doc.mentions = mentions.build(doc, spans[id(doc)])
            doc.mentions.sort(key=lambda m: (m.start, -m.stop))
