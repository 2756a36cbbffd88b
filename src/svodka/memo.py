"""Per-word-form tables: a pure function of a word form, kept in a dict and read by the dict's
own lookup, so that a form seen before (nearly every call: the rule stages ask such functions
of most tokens, several times over) costs no Python call at all."""

from __future__ import annotations

from collections.abc import Callable


class FormTable(dict):
    """word form → fn(word form), worked out on first use; emptied when it holds `maxsize`."""

    def __init__(self, fn: Callable[[str], str], maxsize: int):
        super().__init__()
        self.fn, self.maxsize = fn, maxsize

    def __missing__(self, word: str) -> str:
        if len(self) >= self.maxsize:
            self.clear()
        value = self[word] = self.fn(word)
        return value


def per_form(maxsize: int) -> Callable[[Callable[[str], str]], Callable[[str], str]]:
    """Decorator: the function read through a FormTable of at most `maxsize` forms."""
    def wrap(fn: Callable[[str], str]) -> Callable[[str], str]:
        return FormTable(fn, maxsize).__getitem__
    return wrap
