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


def speed_up(model) -> None:
    """Replace a slovnet tagger's or parser's CNN encoder with the fast one, in place."""
    from slovnet.exec.model import CNNEncoder

    if isinstance(model.encoder, CNNEncoder):
        model.encoder = FastCNNEncoder(model.encoder)
