"""pymorphy3's tags, answered without their Python-level work on every question.

The rules ask a token's tag hundreds of thousands of times per batch: `tag.case`, `tag.POS`,
`"plur" in tag`. pymorphy3 answers `tag.case` by intersecting the tag's grammemes with the
category's (a new frozenset each time) through a property, and `"X" in tag` through a property
and, when the answer is no, a check that X is a known grammeme (two more Python calls). Its
tags are immutable and shared: the dictionary holds one object per distinct tag (its gramtab),
and every parse points at one of them. FastTag answers the same questions from a table per
category (tag string → value), filled on first use, and tests membership on the cached
grammeme set. speed_up gives the dictionary's own tag objects this class (a subclass with no
slots of its own, so the objects stay as they are); tags that other analysers of the process
create are left alone. tests/test_fasttags.py checks every answer against pymorphy3's.
"""

from __future__ import annotations

from pymorphy3.tagset import OpencorporaTag, _select_grammeme_from


class _Category:
    """tag.POS, tag.case, ...: the tag's grammeme of a category, or None (a plain string, as
    pymorphy3 gives it with typed_grammemes off)."""

    __slots__ = ("grammemes", "values")

    def __init__(self, grammemes: frozenset[str]):
        self.grammemes = grammemes
        self.values: dict[str, str | None] = {}

    def __get__(self, tag, owner=None):
        if tag is None:
            return self
        try:
            return self.values[tag._str]
        except KeyError:
            found = self.grammemes & tag.grammemes
            value = self.values[tag._str] = next(iter(found)) if found else None
            return value


class FastTag(OpencorporaTag):
    __slots__ = ()

    def __contains__(self, grammeme) -> bool:
        if grammeme.__class__ is str:
            grammemes = self._grammemes_cache
            if grammemes is None:
                grammemes = self.grammemes
            if grammeme in grammemes:
                return True
            if grammeme in self.KNOWN_GRAMMEMES:
                return False
        return OpencorporaTag.__contains__(self, grammeme)  # a set of grammemes; an unknown one raises


for _name, _attr in vars(OpencorporaTag).items():
    if isinstance(_attr, _select_grammeme_from):
        setattr(FastTag, _name, _Category(frozenset(_attr.grammeme_set)))


def speed_up(analyzer) -> None:
    """Make the tags of the analyser's dictionary FastTags, in place."""
    if analyzer.TagClass is not OpencorporaTag:
        return  # another tag format: left as it is
    for tag in analyzer.dictionary.gramtab:
        if type(tag) is OpencorporaTag:
            tag.__class__ = FastTag
