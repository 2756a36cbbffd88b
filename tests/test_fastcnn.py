"""The fast CNN encoder computes what slovnet's does, from the same weights."""

from __future__ import annotations

import numpy as np
import pytest
from slovnet.exec.model import CNNEncoder

from svodka import models
from svodka.fastcnn import FastCNNEncoder


@pytest.fixture(scope="module", params=["ner", "syntax"])
def model(request):
    return getattr(models, request.param)().infer.model


def test_models_load_with_the_fast_encoder(model):
    assert isinstance(model.encoder, FastCNNEncoder)


def test_same_output_as_slovnet(model):
    rng = np.random.default_rng(0)
    slow = model.encoder.slovnet
    assert isinstance(slow, CNNEncoder)
    for batch, length in ((1, 1), (3, 7), (8, 40)):
        x = rng.normal(size=(batch, length, 330)).astype(np.float32)
        mask = np.zeros((batch, length), dtype=bool)
        mask[0, length // 2:] = True  # a padded tail, as in a batch of unequal sentences
        expected = slow(x.copy(), mask)
        got = model.encoder(x, mask)
        assert got.shape == expected.shape
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
        assert not got[mask].any()


def test_tags_a_sentence(nlp):
    doc = nlp("Министр финансов России Антон Силуанов прилетел в Пекин.")
    assert [(m.type, m.text) for m in doc.mentions][:3] == [("LOC", "России"), ("PER", "Антон Силуанов"),
                                                            ("LOC", "Пекин")]


def test_distinct_rows_give_the_dense_result(model):
    """The embedding's distinct rows through the encoder give what the dense (batch, length,
    dim) array gives, and the dense array is slovnet's own embedding."""
    rng = np.random.default_rng(1)
    word_id = rng.integers(0, 50, size=(4, 9))  # few ids: rows repeat, as words do in a batch
    shape_id = rng.integers(0, 5, size=(4, 9))
    mask = np.zeros((4, 9), dtype=bool)
    mask[1, 6:] = True
    distinct = model.emb(word_id, shape_id)
    assert len(distinct.rows) < word_id.size
    dense = distinct.dense()
    np.testing.assert_array_equal(dense, model.emb.slovnet(word_id, shape_id))
    np.testing.assert_array_equal(model.encoder(distinct, mask), model.encoder(dense, mask))


def test_syntax_labels_as_slovnet():
    rel = models.syntax().infer.model.rel
    rng = np.random.default_rng(2)
    for batch, length in ((1, 1), (4, 9)):
        x = rng.normal(size=(batch, length, 64)).astype(np.float32)
        heads = rng.integers(0, length + 1, size=(batch, length))
        np.testing.assert_array_equal(rel(x, heads), rel.slovnet(x, heads))


def test_shared_products_give_the_same_output(model):
    """Inside products_shared the first layer reuses the products of rows seen in earlier
    batches: the same floats as each batch alone, also when the table starts anew."""
    from svodka import fastcnn

    rng = np.random.default_rng(3)
    batches = [(rng.integers(0, 40, size=(3, 8)), rng.integers(0, 4, size=(3, 8))) for _ in range(4)]
    mask = np.zeros((3, 8), dtype=bool)
    mask[2, 5:] = True
    alone = [model.encoder(model.emb(w, s), mask) for w, s in batches]
    for limit in (fastcnn.MAX_SHARED_ROWS, 60):  # 60: the table fills up and starts anew
        old, fastcnn.MAX_SHARED_ROWS = fastcnn.MAX_SHARED_ROWS, limit
        try:
            with fastcnn.products_shared():
                shared = [model.encoder(model.emb(w, s), mask) for w, s in batches]
        finally:
            fastcnn.MAX_SHARED_ROWS = old
        for a, b in zip(alone, shared):
            np.testing.assert_array_equal(a, b)


def test_syntax_decoding_as_slovnet():
    """The heads' and labels' argmax over the real tokens, as slovnet's decode gives them, for
    batches with padded tails."""
    model = models.syntax().infer.model
    rng = np.random.default_rng(4)
    for batch, length in ((1, 1), (3, 6), (5, 12)):
        mask = np.ones((batch, length), dtype=bool)
        mask[0, length // 2 + 1:] = False  # a shorter sentence
        mask[-1, length - 1:] = False
        heads = rng.normal(size=(batch, length, length + 1)).astype(np.float32)
        np.testing.assert_array_equal(model.head.decode(heads, mask), model.head.slovnet.decode(heads, mask))
        labels = rng.normal(size=(batch, length, 40)).astype(np.float32)
        np.testing.assert_array_equal(model.rel.decode(labels, mask), model.rel.slovnet.decode(labels, mask))


def test_crf_decoding_as_slovnet():
    """The Viterbi paths of a batch with sentences of unequal length, as slovnet's CRF gives them."""
    crf = models.ner().infer.model.head.crf
    rng = np.random.default_rng(5)
    for batch, length in ((1, 1), (2, 5), (6, 17)):
        emissions = rng.normal(size=(batch, length, crf.transitions.shape[0])).astype(np.float32)
        mask = np.ones((batch, length), dtype=bool)
        mask[0, length // 2 + 1:] = False
        got, expected = crf.decode(emissions, mask), crf.slovnet.decode(emissions, mask)
        assert [list(x) for x in got] == [list(x) for x in expected]
