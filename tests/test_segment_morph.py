"""The first stages: sentences and tokens with exact offsets, lemmas and tags."""

from __future__ import annotations

import pytest

from svodka.pipeline import Pipeline

TEXT = "Премьер-министр РК посетил Москву.\nСтороны подписали 5 соглашений на $1,2 млрд. Визит завершён."


@pytest.fixture(scope="module")
def early():
    return Pipeline(["segment", "morph"])


def test_tokens_cover_the_text_exactly(early):
    doc = early(TEXT)
    for t in doc.tokens:
        assert doc.text[t.start:t.stop] == t.text
    assert [t.i for t in doc.tokens] == list(range(len(doc.tokens)))
    assert "Премьер-министр" in [t.text for t in doc.tokens]


def test_sentences_hold_their_tokens_and_do_not_cross_blank_lines(early):
    doc = early("Заголовок новости\n\nТекст первой фразы. Вторая фраза.")
    assert len(doc.sents) == 3
    for s in doc.sents:
        toks = doc.sent_tokens(s)
        assert toks and all(t.sent == s.i and s.start <= t.start and t.stop <= s.stop for t in toks)
    assert doc.sent_at(doc.text.index("Вторая")).i == 2


@pytest.mark.parametrize("word, lemma, pos", [
    ("соглашений", "соглашение", "NOUN"),
    ("подписали", "подписать", "VERB"),
    ("Москву", "москва", "NOUN"),
    ("российской", "российский", "ADJF"),
])
def test_lemmas_and_pos(early, word, lemma, pos):
    [t] = [t for t in early(f"Текст: {word}.").tokens if t.text == word]
    assert (t.lemma, t.pos) == (lemma, pos)


def test_navigation_helpers(early):
    doc = early(TEXT)
    i = doc.token_at(TEXT.index("Москву") + 2)
    assert doc.tokens[i].text == "Москву"
    assert [t.text for t in doc.tokens_in(TEXT.index("Стороны"), TEXT.index(" 5"))] == ["Стороны", "подписали"]
    assert doc.token_at(TEXT.index("\n")) is None


def test_unknown_stage_is_refused():
    with pytest.raises(ValueError, match="unknown stages: nope"):
        Pipeline(["segment", "nope"])
