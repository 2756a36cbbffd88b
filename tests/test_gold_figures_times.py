"""Figures and times against the shared gold: regression floors a few points under what svodka
reaches (seed: one text, so a little lower).

The gold is a sample for measuring, never a target: no rule is keyed to its texts.
"""

from __future__ import annotations

import pytest

from gold import dev_gold, extract_gold_texts, score, seed_gold
from svodka.pipeline import Pipeline

LAYERS = ("figures", "figures.approx", "figures.total", "times")


@pytest.fixture(scope="module")
def light() -> Pipeline:
    return Pipeline(["segment", "morph", "times", "figures"])


def layer_scores(shared, light, golds) -> dict[str, float]:
    result = score(shared, golds, extract_gold_texts(light, golds))
    return {k: result[k]["f1"] for k in LAYERS if k in result}


def test_seed_figures_and_times(shared, light):
    got = layer_scores(shared, light, [seed_gold(shared)])
    for k in LAYERS:
        assert got[k] >= 0.95, (k, got)


def test_dev_figures_and_times(shared, light):
    got = layer_scores(shared, light, dev_gold(shared))
    assert got["figures"] >= 0.97, got
    assert got["times"] >= 0.97, got
    assert got["figures.approx"] >= 0.97, got
