"""The entity layer against the shared gold: regression floors a few points under what svodka
reaches (seed: one text, so a little lower)."""

from __future__ import annotations

import pytest

import svodka
from gold import dev_gold, extract_gold_texts, score, seed_gold

STAGES = ("segment", "morph", "ner", "entities")


@pytest.fixture(scope="module")
def entity_nlp():
    return svodka.Pipeline(STAGES)


def test_seed_entities_names_links(shared, entity_nlp):
    gold = [seed_gold(shared)]
    result = score(shared, gold, extract_gold_texts(entity_nlp, gold))
    for k in ("entities", "names", "links"):
        assert result[k]["f1"] >= 0.95, (k, result[k])


def test_dev_entities_and_names_clear_the_bar(shared, entity_nlp):
    gold = dev_gold(shared)
    result = score(shared, gold, extract_gold_texts(entity_nlp, gold))
    assert result["entities"]["f1"] >= 0.95
    assert result["names"]["f1"] >= 0.96
    assert result["links"]["f1"] >= 0.97
