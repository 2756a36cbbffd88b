"""Model loading: once per process, lazily, from files that ship inside pip packages.

The navec embeddings and the slovnet NER and syntax weights come with the `natasha` package;
pymorphy3 brings its dictionaries. Nothing is fetched from the network.

Start-up and memory: slovnet reads from navec only its quantised vectors (`pq.indexes`,
`pq.codes`), so navec's word list and its similarity tables (Navec.load builds both: ~0.5 s,
~60 MB) are not loaded; the NER and syntax packs hold the same 250k-word vocabulary, which is
built once and shared.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from functools import cache
from importlib import resources

from . import fastcnn
from .marks import read_marks

_lock = threading.Lock()

NAVEC = "emb/navec_news_v1_1B_250K_300d_100q.tar"
NER = "model/slovnet_ner_news_v1.tar"
SYNTAX = "model/slovnet_syntax_news_v1.tar"
MORPH = "model/slovnet_morph_news_v1.tar"
BATCH_SIZE = 32


def _natasha_data(name: str) -> str:
    return str(resources.files("natasha") / "data" / name)


class _Embeddings:
    """What slovnet's InjectNavecVisitor reads from a Navec: meta.id, pq.indexes, pq.codes."""

    def __init__(self, meta, pq):
        self.meta, self.pq = meta, pq


@cache
def limit_blas_threads() -> None:
    """One BLAS thread (SVODKA_BLAS_THREADS to change it). slovnet multiplies small matrices;
    a second OpenBLAS thread gains ~10 % on an idle machine but spins for its share, and on a
    busy one (a server under load, a worker per core) makes every call several times slower."""
    import numpy  # noqa: F401 - its BLAS must be loaded to be limited
    from threadpoolctl import threadpool_limits

    threadpool_limits(int(os.environ.get("SVODKA_BLAS_THREADS", "1")), user_api="blas")


@cache
def navec():
    import numpy as np
    from navec.meta import Meta
    from navec.navec import META, PQ_
    from navec.pq import PQ
    from navec.tar import Tar

    with _lock, Tar(_natasha_data(NAVEC)) as tar:
        meta = Meta.from_file(tar.load(META))
        Meta.check_protocol(meta.protocol)
        f = tar.load(PQ_)  # the layout PQ.from_file reads, without PQ.precompute
        vectors, dim, qdim, centroids = (int(x) for x in np.frombuffer(f.read(16), np.uint32))
        pq = PQ.__new__(PQ)
        pq.vectors, pq.dim, pq.qdim, pq.centroids = vectors, dim, qdim, centroids
        pq.indexes = np.frombuffer(f.read(vectors * qdim), np.uint8).reshape(vectors, qdim)
        pq.codes = np.frombuffer(f.read(), np.float32).reshape(qdim, centroids, -1)
    return _Embeddings(meta, pq)


_vocabs: dict[bytes, object] = {}  # digest of a packed vocabulary → slovnet Vocab


def _load(path: str, model_cls, encoder_cls, decoder_cls, infer_cls, last: str):
    """slovnet's NER.load / Syntax.load, with the vocabularies shared between packs."""
    from slovnet.const import SHAPE, WORD
    from slovnet.exec.pack import Pack, vocab_name
    from slovnet.vocab import Vocab

    def vocab(pack, name):
        content = gzip.decompress(pack.read(vocab_name(name)))  # the gzip headers differ
        key = hashlib.sha256(content).digest()
        if key not in _vocabs:
            _vocabs[key] = Vocab(content.decode("utf8").splitlines())  # as slovnet's bytes_vocab
        return _vocabs[key]

    with _lock, Pack(path) as pack:
        pack.load_meta().check_protocol()
        model = pack.load_model(model_cls)
        arrays = dict(pack.load_arrays(model.weights))
        words, shapes, tags = vocab(pack, WORD), vocab(pack, SHAPE), vocab(pack, last)
    model = model.inject_arrays(arrays).inject_navec(navec())
    fastcnn.speed_up(model)  # the same weights, without slovnet's copies (fastcnn.py)
    return infer_cls(model, encoder_cls(words, shapes, BATCH_SIZE), decoder_cls(tags))


_ids: dict[tuple[int, int], dict[str, tuple[int, int]]] = {}  # per vocabulary pair: word → ids
MAX_CACHED_WORDS = 200_000


def encode(infer, word_lists: list[list[str]]):
    """Model inputs for lists of words, as slovnet's encoder makes them (`infer.encoder(word_lists)`),
    with each word's ids worked out once: most words recur, across texts and between the NER
    and syntax passes (whose vocabularies are the same objects, see _load)."""
    from slovnet.shape import word_shape

    enc = infer.encoder
    words_vocab, shapes_vocab = enc.words_vocab, enc.shapes_vocab
    known = _ids.setdefault((id(words_vocab), id(shapes_vocab)), {})
    if len(known) > MAX_CACHED_WORDS:
        known.clear()
    items = []
    for words in word_lists:
        word_ids, shape_ids = [], []
        for w in read_marks(words):
            ids = known.get(w)
            if ids is None:
                ids = known[w] = (words_vocab.encode(w.lower()), shapes_vocab.encode(word_shape(w)))
            word_ids.append(ids[0])
            shape_ids.append(ids[1])
        items.append((word_ids, shape_ids))
    for lo in range(0, len(items), enc.batch_size):
        yield enc.input(items[lo:lo + enc.batch_size])


def predict(infer, word_lists: list[list[str]]) -> list:
    """slovnet's predictions for lists of words, one per list, in order, as the ids its decoder
    turns into strings (the tagger: each list's tag ids; the parser: its head ids and label ids,
    two arrays); the first convolution's products shared across the batches."""
    with fastcnn.products_shared():
        return list(infer.process(encode(infer, word_lists)))


@cache
def ner():
    """slovnet's NER inference (`.infer`: encoder, model, decoder)."""
    limit_blas_threads()
    from slovnet import NER as SlovnetNER
    from slovnet.const import TAG
    from slovnet.exec.encoders import TagEncoder
    from slovnet.exec.infer import NERInfer, TagDecoder
    from slovnet.exec.model import NER as Model

    return SlovnetNER(_load(_natasha_data(NER), Model, TagEncoder, TagDecoder, NERInfer, TAG), BATCH_SIZE)


@cache
def syntax():
    """slovnet's dependency parser (`.infer`: encoder, model, decoder)."""
    limit_blas_threads()
    from slovnet import Syntax
    from slovnet.const import REL
    from slovnet.exec.encoders import SyntaxEncoder
    from slovnet.exec.infer import SyntaxDecoder, SyntaxInfer
    from slovnet.exec.model import Syntax as Model

    return Syntax(_load(_natasha_data(SYNTAX), Model, SyntaxEncoder, SyntaxDecoder, SyntaxInfer, REL), BATCH_SIZE)


@cache
def morph():
    """pymorphy3's analyser (dictionaries from pymorphy3-dicts-ru)."""
    import pymorphy3

    from . import fasttags

    analyzer = pymorphy3.MorphAnalyzer()
    # tag.POS, tag.case ... as plain strings, not pymorphy3's checked grammemes, whose __eq__
    # (in Python) tests every comparison against the category's grammemes: the rules compare
    # them hundreds of thousands of times. A class attribute (pymorphy3's documented switch;
    # its tag class is shared by every analyser in the process): the same values, compared in C.
    analyzer.TagClass.typed_grammemes = False
    fasttags.speed_up(analyzer)  # the same answers from its tags, without their Python-level work
    return analyzer


def word_vector(word: str):
    """navec's 300-d vector of a word (lower-cased; navec's <unk> vector for an unknown word),
    decoded from the quantised vectors slovnet reads, through the NER pack's vocabulary (the
    same words in the same order as navec's)."""
    import numpy as np

    pq = navec().pq
    i = ner().infer.encoder.words_vocab.encode(word.lower())
    return pq.codes[np.arange(pq.qdim), pq.indexes[i]].reshape(-1)
