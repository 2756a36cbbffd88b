"""slovnet's CNN encoder, computed without its copies.

slovnet runs each layer as conv → ReLU → batch norm on a (batch, channels, length) array:
np.pad, a strided window view that matmul must copy (im2col), two swapaxes, and a batch norm
of four element-wise passes. Here the activations stay (batch, length, channels), contiguous,
float32, and each layer is
- one matmul of the padded rows with all k kernel taps side by side (in × k·filters), then the
  sum of the k shifted column blocks: a convolution as k shifted matmuls, with no window copy;
- ReLU in place;
- batch norm as one scale and one shift per channel, worked out once at load time
  (weight / std and bias − mean · weight / std).
The weights are slovnet's own, read from its model object; the outputs agree with slovnet's to
float32 rounding (tests/test_fastcnn.py).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

import numpy as np

# products_shared's tables, per thread: {id(layer): _Products} inside the block, else None
_shared = threading.local()
MAX_SHARED_ROWS = 8192  # rows of one layer's table (8192 × 768 floats: 25 MB); then it starts anew


@contextmanager
def products_shared():
    """Inside the block, the first layer's product of a (word, shape) row is computed once for
    all the batches (a stage's call runs its sentences in batches of 32, and a word recurs
    across them: ~10k distinct rows instead of ~15k on a batch of news texts); the table is
    dropped at the end of the block."""
    outer = getattr(_shared, "tables", None)
    if outer is None:
        _shared.tables = {}
    try:
        yield
    finally:
        if outer is None:
            _shared.tables = None


class _Products:
    """One layer's products of the distinct rows seen so far in a products_shared block: row 0
    is the zero row's (the pads'), then one row per key, in the order first seen."""

    def __init__(self, weight: np.ndarray, pad_product: np.ndarray):
        self.weight = weight
        # room for the most rows there will be: np.empty only reserves the memory, the pages are
        # taken as rows are written, and the table is never copied to grow
        self.table = np.empty((MAX_SHARED_ROWS + 1, weight.shape[1]), dtype=np.float32)
        self.table[0] = pad_product
        self.n = 1
        self.index: dict[int, int] = {}

    def rows_of(self, keys: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The table positions of these distinct rows (keys: their (word, shape) ids), computing
        the products of the rows not seen before."""
        get = self.index.get
        pos = np.fromiter((get(k, -1) for k in keys.tolist()), dtype=np.intp, count=len(keys))
        new = np.flatnonzero(pos < 0)
        if not len(new):
            return pos
        if self.n + len(new) > MAX_SHARED_ROWS:  # bounded: start anew
            self.index.clear()
            self.n = 1
            new = np.arange(len(keys))
        end = self.n + len(new)
        if end > len(self.table):  # MAX_SHARED_ROWS changed since the table was made
            self.table = np.concatenate((self.table[:self.n], np.empty((end - self.n, self.table.shape[1]),
                                                                       dtype=np.float32)))
        np.matmul(rows[new], self.weight, out=self.table[self.n:end])
        pos[new] = np.arange(self.n, end)
        self.index.update(zip(keys[new].tolist(), range(self.n, end)))
        self.n = end
        return pos


class FastLayer:
    __slots__ = ("taps", "filters", "pad", "weight", "bias", "scale", "shift", "pad_product")

    def __init__(self, layer):
        w = layer.conv.weight.array  # filters × in × k
        filters, _, taps = w.shape
        self.taps, self.filters, self.pad = taps, filters, layer.conv.padding
        # in × (k · filters): column block j holds tap j's filters
        self.weight = np.ascontiguousarray(w.transpose(1, 2, 0).reshape(w.shape[1], taps * filters),
                                           dtype=np.float32)
        self.bias = layer.conv.bias.array.astype(np.float32)
        norm = layer.norm
        scale = norm.weight.array / norm.std.array
        self.scale = scale.astype(np.float32)
        self.shift = (norm.bias.array - norm.mean.array * scale).astype(np.float32)
        # the product of a zero row (a pad), worked out once
        self.pad_product = np.zeros(w.shape[1], dtype=np.float32) @ self.weight

    def products(self, padded: np.ndarray) -> np.ndarray:
        """(batch, padded length, k·filters): each padded input row times all k taps."""
        batch, span, channels = padded.shape
        return (padded.reshape(batch * span, channels) @ self.weight).reshape(batch, span, -1)

    def products_distinct(self, x: DistinctRows) -> np.ndarray:
        """products() for inputs given as distinct rows: each distinct row is multiplied by the
        weights once (the same row gives the same product wherever it stands), and the products
        are spread to the positions; a zero row's product stands at the pads."""
        n, channels = x.rows.shape
        batch, length = x.where.shape
        p = self.pad
        tables = getattr(_shared, "tables", None)
        if tables is not None and x.keys is not None:  # inside products_shared
            shared = tables.get(id(self))
            if shared is None:
                shared = tables[id(self)] = _Products(self.weight, self.pad_product)
            pos = shared.rows_of(x.keys, x.rows)
            where = np.zeros((batch, length + 2 * p), dtype=np.intp)  # row 0: the pads' product
            where[:, p:p + length] = pos[x.where]
            return np.take(shared.table, where, axis=0)
        table = np.empty((n + 1, self.weight.shape[1]), dtype=np.float32)
        np.matmul(x.rows, self.weight, out=table[:n])
        table[n] = self.pad_product
        where = np.full((batch, length + 2 * p), n, dtype=np.intp)
        where[:, p:p + length] = x.where
        return np.take(table, where, axis=0)

    def finish(self, y: np.ndarray, pad_mask: np.ndarray, out_pad: int) -> np.ndarray:
        """The sum of the k shifted tap blocks of the products y, ReLU and batch norm, written
        between out_pad zero rows at each end (the next layer's padding, so that it needs no
        copy): (batch, length + 2·out_pad, filters)."""
        k, f = self.taps, self.filters
        batch, span, _ = y.shape
        length = span - 2 * self.pad
        y = y.reshape(batch, span, k, f)
        full = np.empty((batch, length + 2 * out_pad, f), dtype=np.float32)
        full[:, :out_pad] = 0
        full[:, length + out_pad:] = 0
        out = full[:, out_pad:out_pad + length]
        np.add(y[:, 0:length, 0], self.bias, out=out)
        for j in range(1, k):
            out += y[:, j:j + length, j]
        np.maximum(out, 0, out=out)
        out *= self.scale
        out += self.shift
        out[pad_mask] = 0
        return full


class FastCNNEncoder:
    """Drop-in for slovnet.exec.model.CNNEncoder: (batch, length, in) → (batch, length, out).
    Each layer writes its output with the next layer's padding around it."""

    def __init__(self, encoder):
        self.layers = [FastLayer(layer) for layer in encoder.layers]
        self.slovnet = encoder  # kept (it shares the weight arrays) so that tests can compare

    def __call__(self, input: np.ndarray | DistinctRows, mask: np.ndarray) -> np.ndarray:
        first = self.layers[0]
        if isinstance(input, DistinctRows):
            y = first.products_distinct(input)
        else:
            batch, length, channels = input.shape
            padded = np.zeros((batch, length + 2 * first.pad, channels), dtype=np.float32)
            padded[:, first.pad:first.pad + length] = input
            y = first.products(padded)
        following = self.layers[1:]
        for layer, after in zip(self.layers, [*following, None]):
            x = layer.finish(y, mask, after.pad if after else 0)
            if after:
                y = after.products(x)
        return x


class FastNavecEmbedding:
    """Drop-in for slovnet.exec.model.NavecEmbedding: each distinct word id of the batch is
    decoded from its quantised codes once (a batch repeats most of its words), from a flat
    table, and the rows are then spread to the positions: the same floats, fewer gathers."""

    def __init__(self, emb):
        qdim, centroids, chunk = emb.codes.array.shape
        self.indexes = emb.indexes.array
        self.table = np.ascontiguousarray(emb.codes.array.reshape(qdim * centroids, chunk))
        self.offsets = np.arange(qdim, dtype=np.intp) * centroids
        self.dim = qdim * chunk
        self.slovnet = emb

    def __call__(self, input: np.ndarray) -> np.ndarray:
        ids, where = np.unique(input, return_inverse=True)
        return np.take(self.rows(ids), where.reshape(input.shape), axis=0)

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """The vectors of these word ids, one row each."""
        # np.take, not table[...]: numpy's fancy indexing with a 2-d index is several times slower
        codes = np.take(self.table, self.indexes[ids].astype(np.intp) + self.offsets, axis=0)
        return codes.reshape(len(ids), self.dim)


class DistinctRows:
    """A batch's embedded inputs as its distinct rows (n × dim) and, for each (sentence,
    position), the index of its row: a batch repeats about half of its words, and the first
    convolution then multiplies each distinct row once (FastLayer.distinct)."""

    __slots__ = ("rows", "where", "keys")

    def __init__(self, rows: np.ndarray, where: np.ndarray, keys: np.ndarray | None = None):
        self.rows, self.where = rows, where
        self.keys = keys  # an id per distinct row, the same in every batch (products_shared)

    def dense(self) -> np.ndarray:
        """(batch, length, dim), as slovnet's embedding returns it."""
        return np.take(self.rows, self.where, axis=0)


class FastWordShapeEmbedding:
    """Drop-in for slovnet.exec.model.WordShapeEmbedding (word vector, then shape vector, side by
    side) that returns DistinctRows: one row per distinct (word, shape) pair of the batch."""

    def __init__(self, emb):
        self.word = emb.word if isinstance(emb.word, FastNavecEmbedding) else FastNavecEmbedding(emb.word)
        self.shapes = np.ascontiguousarray(emb.shape.weight.array, dtype=np.float32)
        self.slovnet = emb

    def __call__(self, word_id: np.ndarray, shape_id: np.ndarray) -> DistinctRows:
        n_shapes = len(self.shapes)
        pairs, where = np.unique(word_id.astype(np.int64) * n_shapes + shape_id, return_inverse=True)
        words, shapes = np.divmod(pairs, n_shapes)
        rows = np.concatenate((self.word.rows(words), self.shapes[shapes]), axis=1)
        return DistinctRows(rows, where.reshape(word_id.shape), pairs)


class FastCRF:
    """slovnet's CRF Viterbi decoding (CRF.decode) with the same result: the backtrace runs
    over the whole batch at once instead of token by token in Python."""

    def __init__(self, crf):
        self.transitions = crf.transitions.array
        self.slovnet = crf

    def decode(self, emissions: np.ndarray, mask: np.ndarray) -> list[np.ndarray]:
        batch_size, seq_len, tags_num = emissions.shape
        emissions = emissions.swapaxes(1, 0)
        mask = mask.swapaxes(1, 0)
        history = np.empty((max(seq_len - 1, 0), batch_size, tags_num), dtype=np.intp)
        rows = np.arange(batch_size)
        down, across = rows[:, None], np.arange(tags_num)[None, :]
        score = emissions[0]
        for index in range(1, seq_len):
            step = score[:, :, None] + self.transitions
            step += emissions[index][:, None, :]
            prev = history[index - 1] = step.argmax(-2)
            # the maximum is the score at the argmax: gathered there (numpy's max over the
            # middle axis of a small array costs more than the argmax itself)
            score = np.where(mask[index][:, None], step[down, prev, across], score)
        sizes = mask.sum(0) - 1
        best = score.argmax(-1)
        tags = np.zeros((batch_size, seq_len), dtype=best.dtype)
        tags[rows, sizes] = best
        for k in range(seq_len - 2, -1, -1):
            active = k < sizes
            best = np.where(active, history[k, rows, best], best)
            tags[active, k] = best[active]
        return [tags[i, :sizes[i] + 1] for i in range(batch_size)]


class FastSyntaxRel:
    """Drop-in for slovnet.exec.model.SyntaxRel (the dependency labels' scores): the same
    products, with the per-token (labels × hidden) · hidden products as one stack of
    batch·length matrices (slovnet's (batch, length, labels, hidden) stack is walked ~2.4x
    slower by numpy, to the same floats) and the heads gathered with np.take."""

    def __init__(self, rel):
        self.head, self.tail, self.root, self.kernel = rel.head, rel.tail, rel.root, rel.kernel
        self.slovnet = rel

    def decode(self, pred: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """slovnet's SyntaxRel.decode: each token's best label, the pads' scores set to the
        lowest score of the batch (the same argmax, with one np.where instead of slovnet's
        repeated mask and arithmetic fill)."""
        return np.where(mask[..., None], pred, pred.min()).argmax(-1)

    def __call__(self, input: np.ndarray, head_id: np.ndarray) -> np.ndarray:
        batch, length, dim = input.shape
        # each token's head's vector (index 0: the root), as slovnet's gather_head
        rooted = np.concatenate((np.broadcast_to(self.root.array, (batch, 1, dim)), input), axis=1)
        index = np.concatenate((np.zeros((batch, 1), dtype=np.intp), head_id), axis=-1)
        index += (np.arange(batch) * (length + 1))[:, None]
        heads = np.take(rooted.reshape(-1, dim), index, axis=0)[:, 1:]
        head = self.head(heads)
        tail = self.tail(input)
        hidden, width = self.kernel.shape
        labels = width // hidden
        x = np.matmul(head, self.kernel.array).reshape(batch * length, labels, hidden)
        x = np.matmul(x, tail.reshape(batch * length, hidden, 1))
        return x.reshape(batch, length, labels)


class FastSyntaxHead:
    """Drop-in for slovnet.exec.model.SyntaxHead (the heads' scores) with a faster decode: the
    same argmax, the score of a pair with a pad set to the lowest score of the batch by one
    np.where (slovnet pads the mask, multiplies it with itself as a boolean matmul and fills
    by arithmetic, four passes over the (batch, length, length + 1) scores)."""

    def __init__(self, head):
        self.slovnet = head

    def __call__(self, input: np.ndarray) -> np.ndarray:
        return self.slovnet(input)

    def decode(self, pred: np.ndarray, mask: np.ndarray) -> np.ndarray:
        # pair (token t, candidate head j): both real; j = 0 is the root, always there
        rooted = np.concatenate((np.ones((mask.shape[0], 1), dtype=bool), mask), axis=1)
        pairs = mask[:, :, None] & rooted[:, None, :]
        return np.where(pairs, pred, pred.min()).argmax(-1)


def speed_up(model) -> None:
    """Replace a slovnet tagger's or parser's CNN encoder, word and shape embedding, head and
    label scorers and CRF decoder with the fast ones, in place."""
    from slovnet.exec.model import CNNEncoder, NavecEmbedding, SyntaxHead, SyntaxRel, WordShapeEmbedding

    if isinstance(model.encoder, CNNEncoder):
        model.encoder = FastCNNEncoder(model.encoder)
        # DistinctRows only where the fast encoder reads them
        if isinstance(model.emb, WordShapeEmbedding) and isinstance(model.emb.word, NavecEmbedding):
            model.emb = FastWordShapeEmbedding(model.emb)
    if isinstance(getattr(model.emb, "word", None), NavecEmbedding):
        model.emb.word = FastNavecEmbedding(model.emb.word)
    if isinstance(getattr(model, "rel", None), SyntaxRel):
        model.rel = FastSyntaxRel(model.rel)
    if isinstance(getattr(model, "head", None), SyntaxHead):
        model.head = FastSyntaxHead(model.head)
    crf = getattr(getattr(model, "head", None), "crf", None)
    if crf is not None and not isinstance(crf, FastCRF):
        model.head.crf = FastCRF(crf)
