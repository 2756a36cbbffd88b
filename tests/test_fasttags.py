"""FastTag answers every question as pymorphy3's own tag does, for every tag of the dictionary."""

from __future__ import annotations

import pickle

import pytest
from pymorphy3.tagset import OpencorporaTag

from svodka import models
from svodka.fasttags import FastTag

CATEGORIES = ("POS", "animacy", "aspect", "case", "gender", "involvement", "mood", "number", "person",
              "tense", "transitivity", "voice")


def test_the_dictionary_tags_are_fast():
    analyzer = models.morph()
    assert all(type(t) is FastTag for t in analyzer.dictionary.gramtab)
    assert type(analyzer.parse("министра")[0].tag) is FastTag


def test_same_answers_as_pymorphy():
    analyzer = models.morph()
    known = sorted(OpencorporaTag.KNOWN_GRAMMEMES)
    for tag in analyzer.dictionary.gramtab:
        plain = OpencorporaTag(str(tag))
        for name in CATEGORIES:
            assert getattr(tag, name) == getattr(plain, name), (str(tag), name)
            assert getattr(tag, name) == getattr(tag, name)  # the table's answer, the second time
        for g in known:
            assert (g in tag) == (g in plain)
        assert ({"NOUN", "sing"} <= tag.grammemes) == ({"NOUN", "sing"} in plain)
        assert ({"NOUN", "sing"} in tag) == ({"NOUN", "sing"} in plain)


def test_unknown_grammeme_still_raises():
    tag = models.morph().parse("стол")[0].tag
    with pytest.raises(ValueError):
        "Foo1" in tag  # noqa: B015 - the check is the raise


def test_pickles_and_compares():
    tag = models.morph().parse("министрами")[0].tag
    back = pickle.loads(pickle.dumps(tag))
    assert back == tag and back.case == "ablt" and "plur" in back
