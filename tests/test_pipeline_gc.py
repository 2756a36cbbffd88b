"""The pipeline raises the collector's first threshold while a batch runs, and puts it back."""

import gc

import pytest

from svodka.pipeline import BATCH_GC_THRESHOLD, Pipeline, fewer_collections
from svodka.stages import Stage


class Seen(Stage):
    name = "seen"

    def __init__(self):
        self.thresholds = []

    def __call__(self, doc):
        self.thresholds.append(gc.get_threshold()[0])


def test_threshold_raised_inside_a_batch_and_restored():
    before = gc.get_threshold()
    nlp = Pipeline(("segment",))
    seen = Seen()
    nlp.stages.append(seen)
    docs = list(nlp.pipe(["Первый текст.", "Второй текст."], batch_size=1))
    assert [len(d.tokens) for d in docs] == [3, 3]
    assert seen.thresholds == [max(before[0], BATCH_GC_THRESHOLD)] * 2
    assert gc.get_threshold() == before


def test_a_higher_setting_is_left_alone():
    before = gc.get_threshold()
    try:
        gc.set_threshold(BATCH_GC_THRESHOLD * 2, *before[1:])
        with fewer_collections():
            assert gc.get_threshold()[0] == BATCH_GC_THRESHOLD * 2
        assert gc.get_threshold()[0] == BATCH_GC_THRESHOLD * 2
    finally:
        gc.set_threshold(*before)


def test_restored_when_a_stage_fails():
    before = gc.get_threshold()

    class Fails(Stage):
        name = "fails"

        def __call__(self, doc):
            raise RuntimeError("boom")

    nlp = Pipeline(("segment",))
    nlp.stages.append(Fails())
    with pytest.raises(RuntimeError):
        list(nlp.pipe(["Текст."]))
    assert gc.get_threshold() == before
