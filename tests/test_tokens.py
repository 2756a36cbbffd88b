"""segment.tokens gives razdel's tokens (the same offsets and texts) in less time."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from razdel import tokenize

from svodka.stages.segment import tokens

# letters of both scripts, digits, every kind of mark razdel's rules read, symbols, spaces
ALPHABET = "абвЖё abcZ 019 .,-–—_/\\!?…:;()[]«»\"'*+=%$€№ΔσЪ\n\t"


def razdel_tokens(text: str) -> list[tuple[int, int, str]]:
    return [(t.start, t.stop, t.text) for t in tokenize(text)]


def test_joins_and_splits_as_razdel():
    text = ("Компания «Ромашка-Инвест» (ООО) в 2023 г. выросла на 12,5 %, т.е. на 3/4 млрд руб.!? "
            "Кто-то сказал: «Yahoo! — это ΔP»... Счёт 2:1, курс 1.05; код a_b; смайл :-) и ***")
    assert list(tokens(text)) == razdel_tokens(text)
    words = [w for _, _, w in tokens(text)]
    assert {"12,5", "3/4", "1.05", "Кто-то", "Ромашка-Инвест", "a_b", ".!?", "Yahoo!", "ΔP", "..."} <= set(words)
    assert words[-1] == "***"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_same_tokens_as_razdel(text):
    assert list(tokens(text)) == razdel_tokens(text)


def test_empty_and_blank():
    assert list(tokens("")) == []
    assert list(tokens(" \n ")) == []
