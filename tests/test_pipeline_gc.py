"""The pipeline pauses the garbage collector while a batch runs, and turns it back on."""

import gc

import pytest

from svodka.pipeline import Pipeline, collector_paused
from svodka.stages import Stage


class Seen(Stage):
    name = "seen"

    def __init__(self):
        self.enabled = []

    def __call__(self, doc):
        self.enabled.append(gc.isenabled())


def test_paused_inside_a_batch_and_on_again_after():
    assert gc.isenabled()
    nlp = Pipeline(("segment",))
    seen = Seen()
    nlp.stages.append(seen)
    docs = list(nlp.pipe(["Первый текст.", "Второй текст."], batch_size=1))
    assert [len(d.tokens) for d in docs] == [3, 3]
    assert seen.enabled == [False, False]
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_on_again_when_a_stage_fails():
    class Fails(Stage):
        name = "fails"

        def __call__(self, doc):
            raise RuntimeError("boom")

    nlp = Pipeline(("segment",))
    nlp.stages.append(Fails())
    with pytest.raises(RuntimeError):
        list(nlp.pipe(["Текст."]))
    assert gc.isenabled()


def test_a_long_texts_sections_run_with_the_collector_on():
    """A long text's sections free their garbage section by section (bounded memory)."""
    nlp = Pipeline(("segment",), section_chars=40)
    seen = Seen()
    nlp.stages.append(seen)
    list(nlp.pipe(["Первое предложение текста. " * 6]))
    assert seen.enabled and all(seen.enabled)
