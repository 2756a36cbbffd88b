"""The entity layer against the shared gold: the seed exactly, the dev set above the bar."""

from __future__ import annotations

import pytest

import svodka
from gold import dev_gold, extract_gold_texts, score, seed_gold

STAGES = ("segment", "morph", "ner", "entities")


@pytest.fixture(scope="module")
def entity_nlp():
    return svodka.Pipeline(STAGES)


def test_seed_entities_names_links_are_exact(shared, entity_nlp):
    gold = [seed_gold(shared)]
    result = score(shared, gold, extract_gold_texts(entity_nlp, gold))
    assert {k: result[k]["f1"] for k in ("entities", "names", "links")} == {
        "entities": 1.0, "names": 1.0, "links": 1.0}


def test_dev_entities_and_names_clear_the_bar(shared, entity_nlp):
    gold = dev_gold(shared)
    result = score(shared, gold, extract_gold_texts(entity_nlp, gold))
    assert result["entities"]["f1"] >= 0.90
    assert result["names"]["f1"] >= 0.90
    assert result["links"]["f1"] >= 0.95
