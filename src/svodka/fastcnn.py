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

import numpy as np


class FastLayer:
    __slots__ = ("taps", "filters", "pad", "weight", "bias", "scale", "shift")

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

    def __call__(self, x: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        batch, length, channels = x.shape
        p, k, f = self.pad, self.taps, self.filters
        span = length + 2 * p
        padded = np.zeros((batch, span, channels), dtype=np.float32)
        padded[:, p:p + length] = x
        y = (padded.reshape(batch * span, channels) @ self.weight).reshape(batch, span, k, f)
        out = y[:, 0:length, 0]  # a view; the sum below makes the first new array
        out = out + self.bias
        for j in range(1, k):
            out += y[:, j:j + length, j]
        np.maximum(out, 0, out=out)
        out *= self.scale
        out += self.shift
        out[pad_mask] = 0
        return out


class FastCNNEncoder:
    """Drop-in for slovnet.exec.model.CNNEncoder: (batch, length, in) → (batch, length, out)."""

    def __init__(self, encoder):
        self.layers = [FastLayer(layer) for layer in encoder.layers]
        self.slovnet = encoder  # kept (it shares the weight arrays) so that tests can compare

    def __call__(self, input: np.ndarray, mask: np.ndarray) -> np.ndarray:
        x = np.ascontiguousarray(input, dtype=np.float32)
        for layer in self.layers:
            x = layer(x, mask)
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
        rows = self.table[self.indexes[ids].astype(np.intp) + self.offsets].reshape(len(ids), self.dim)
        return rows[where.reshape(-1)].reshape(*input.shape, self.dim)


class FastCRF:
    """slovnet's CRF Viterbi decoding (CRF.decode) with the same result: the forward pass
    takes the max directly instead of gathering it at the argmax, and the backtrace runs over
    the whole batch at once instead of token by token in Python."""

    def __init__(self, crf):
        self.transitions = crf.transitions.array
        self.slovnet = crf

    def decode(self, emissions: np.ndarray, mask: np.ndarray) -> list[np.ndarray]:
        batch_size, seq_len, tags_num = emissions.shape
        emissions = emissions.swapaxes(1, 0)
        mask = mask.swapaxes(1, 0)
        history = np.empty((max(seq_len - 1, 0), batch_size, tags_num), dtype=np.intp)
        score = emissions[0]
        for index in range(1, seq_len):
            step = score[:, :, None] + self.transitions + emissions[index][:, None, :]
            history[index - 1] = step.argmax(-2)
            score = np.where(mask[index][:, None], step.max(-2), score)
        sizes = mask.sum(0) - 1
        rows = np.arange(batch_size)
        best = score.argmax(-1)
        tags = np.zeros((batch_size, seq_len), dtype=best.dtype)
        tags[rows, sizes] = best
        for k in range(seq_len - 2, -1, -1):
            active = k < sizes
            best = np.where(active, history[k, rows, best], best)
            tags[active, k] = best[active]
        return [tags[i, :sizes[i] + 1] for i in range(batch_size)]


def speed_up(model) -> None:
    """Replace a slovnet tagger's or parser's CNN encoder, word embedding and CRF decoder with
    the fast ones, in place."""
    from slovnet.exec.model import CNNEncoder, NavecEmbedding

    if isinstance(model.encoder, CNNEncoder):
        model.encoder = FastCNNEncoder(model.encoder)
    if isinstance(getattr(model.emb, "word", None), NavecEmbedding):
        model.emb.word = FastNavecEmbedding(model.emb.word)
    crf = getattr(getattr(model, "head", None), "crf", None)
    if crf is not None and not isinstance(crf, FastCRF):
        model.head.crf = FastCRF(crf)
