"""Streaming causal filters: dilated layers and the à-trous analysis of a live signal.

Feed chunks of any length (one sample included) to ``process``; the concatenated outputs
equal the offline computation on the concatenated input, whatever the chunking. Each layer
keeps a ring buffer of the ``(K - 1) * dilation`` most recent input samples per channel
(WaveNet's queues): a new sample costs one multiply-add per tap and channel pair, not a
recomputation of the receptive field.

- :class:`CausalConv1d` equals ``atrous.conv1d(x, weight, bias, dilation=dilation,
  padding='causal')``;
- :class:`CausalStack` runs a stack of them and element-wise callables incrementally;
- :class:`SWT` is the causal à-trous wavelet analysis: level ``j`` is
  ``atrous.convolve1d(a_{j-1}, dec_lo, dilation=2**(j-1), causal=True)`` (and ``dec_hi``).
"""

import numba
import numpy as np

from . import _validation as validate
from ._conv import conv1d

__all__ = ["CausalConv1d", "CausalStack", "SWT"]

# Chunks at least this long go through conv1d on [history, chunk]; shorter ones through
# the ring buffer, sample by sample.
_BLOCK_CHUNK = 256


@numba.njit(cache=True, nogil=True)
def _ring_step(ring, head, chunk, weight, bias, dilation, out):
    """Filter ``chunk`` (N, C_in, T) sample by sample against the ring of past samples.

    ``ring`` (N, C_in, H) holds the last ``H = (K - 1) * dilation`` samples, the oldest at
    ``head``. Returns the new ``head``.
    """
    batch, channels, steps = chunk.shape
    out_channels, _, taps = weight.shape
    history = ring.shape[2]
    for t in range(steps):
        for b in range(batch):
            for o in range(out_channels):
                total = bias[o]
                for k in range(taps):
                    lag = (taps - 1 - k) * dilation
                    if lag == 0:
                        for c in range(channels):
                            total += weight[o, c, k] * chunk[b, c, t]
                    else:
                        slot = (head + history - lag) % history
                        for c in range(channels):
                            total += weight[o, c, k] * ring[b, c, slot]
                out[b, o, t] = total
        if history:
            for b in range(batch):
                for c in range(channels):
                    ring[b, c, head] = chunk[b, c, t]
            head = (head + 1) % history
    return head


class CausalConv1d:
    """A causal dilated convolution layer that filters a signal chunk by chunk.

    Parameters
    ----------
    weight : array_like
        ``(C_out, C_in, K)``, torch's layout: ``out[t] = bias + sum_{c, k} weight[:, c, k]
        * x[c, t - (K - 1 - k) * dilation]``.
    bias : array_like, optional
        ``(C_out,)``.
    dilation : int, optional
        Samples between taps. Default 1.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> layer = atrous.stream.CausalConv1d(np.ones((1, 1, 2)), dilation=3)   # x[t-3] + x[t]
    >>> x = np.arange(8.0)[None]                                               # (C_in=1, T)
    >>> np.concatenate([layer.process(x[:, :5]), layer.process(x[:, 5:])], axis=-1)
    array([[ 0.,  1.,  2.,  3.,  5.,  7.,  9., 11.]])
    >>> np.allclose(_, atrous.conv1d(x, np.ones((1, 1, 2)), dilation=3, padding='causal'))
    True
    """

    def __init__(self, weight, bias=None, dilation=1):
        weight = np.asarray(weight)
        if weight.ndim != 3 or min(weight.shape) < 1 or weight.dtype.kind not in "biuf":
            raise ValueError(f"`weight` must be a real (C_out, C_in, K) array, got shape "
                             f"{weight.shape} of dtype {weight.dtype}")
        self.weight = weight.astype(np.float64)
        out_channels = weight.shape[0]
        self.bias = (np.zeros(out_channels) if bias is None
                     else np.asarray(bias, dtype=np.float64))
        if self.bias.shape != (out_channels,):
            raise ValueError(f"`bias` must have shape ({out_channels},), got {self.bias.shape}")
        self.dilation = validate.integer(dilation, "dilation")
        if self.dilation < 1:
            raise ValueError(f"`dilation`={self.dilation} must be a positive integer")
        self.history = (weight.shape[2] - 1) * self.dilation
        self.reset()

    @property
    def receptive_field(self):
        """Samples an output depends on: ``(K - 1) * dilation + 1``."""
        return self.history + 1

    def reset(self):
        """Forget the past: the next chunk starts a new signal (zero history)."""
        self._ring = None
        self._head = 0

    def process(self, chunk):
        """Filter the next ``chunk``, ``(C_in, T)`` or ``(N, C_in, T)``; returns ``T`` outputs.

        Parameters
        ----------
        chunk : array_like
            The next samples; ``T`` may be anything from 0 on. The batch size and channels
            must stay the same between calls (until :meth:`reset`).

        Returns
        -------
        output : ndarray
            ``(C_out, T)`` or ``(N, C_out, T)``, float64.
        """
        x = np.asarray(chunk, dtype=np.float64)
        batched = x.ndim == 3
        if x.ndim not in (2, 3) or x.shape[-2] != self.weight.shape[1]:
            raise ValueError(f"`chunk` must have shape (C_in={self.weight.shape[1]}, T) or "
                             f"(N, C_in, T), got {x.shape}")
        x = x if batched else x[None]
        if self._ring is None:
            self._ring = np.zeros(x.shape[:2] + (self.history,))
        elif self._ring.shape[0] != x.shape[0]:
            raise ValueError(f"`chunk` has batch size {x.shape[0]}, the stream "
                             f"{self._ring.shape[0]}; call reset() to start another")
        steps = x.shape[2]
        if steps >= _BLOCK_CHUNK and steps >= self.history:
            past = np.roll(self._ring, -self._head, axis=2)  # oldest first
            extended = np.concatenate([past, x], axis=2)
            out = conv1d(extended, self.weight, self.bias, dilation=self.dilation)
            self._ring = np.ascontiguousarray(extended[:, :, extended.shape[2] - self.history:])
            self._head = 0
        else:
            out = np.empty((x.shape[0], self.weight.shape[0], steps))
            self._head = _ring_step(self._ring, self._head, np.ascontiguousarray(x),
                                    self.weight, self.bias, self.dilation, out)
        return out if batched else out[0]


class CausalStack:
    """Layers and element-wise callables run incrementally, chunk by chunk.

    Parameters
    ----------
    layers : sequence
        :class:`CausalConv1d` layers (or anything with ``process``) and callables applied
        to each chunk's intermediate result (activations such as ``np.tanh``). A callable
        must act sample by sample (element-wise, or across channels), never across time.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> stack = atrous.stream.CausalStack([
    ...     atrous.stream.CausalConv1d(np.ones((1, 1, 2)), dilation=d) for d in (1, 2, 4)])
    >>> stack.receptive_field
    8
    >>> impulse = np.zeros((1, 10)); impulse[0, 0] = 1
    >>> np.concatenate([stack.process(impulse[:, t:t + 1]) for t in range(10)], axis=-1)
    array([[1., 1., 1., 1., 1., 1., 1., 1., 0., 0.]])
    """

    def __init__(self, layers):
        self.layers = list(layers)
        for layer in self.layers:
            if not (hasattr(layer, "process") or callable(layer)):
                raise TypeError(f"`layers` must hold layers with process() or callables, got "
                                f"{type(layer).__name__}")

    @property
    def receptive_field(self):
        """Samples an output depends on: ``1 + sum of the layers' (K - 1) * dilation``."""
        return 1 + sum(layer.history for layer in self.layers if hasattr(layer, "history"))

    def reset(self):
        """Forget the past in every layer."""
        for layer in self.layers:
            if hasattr(layer, "reset"):
                layer.reset()

    def process(self, chunk):
        """Run the next ``chunk`` through every layer; returns the last layer's output.

        Parameters
        ----------
        chunk : array_like
            ``(C_in, T)`` or ``(N, C_in, T)``.

        Returns
        -------
        output : ndarray
            The stack's output for those ``T`` samples.
        """
        x = chunk
        for layer in self.layers:
            x = layer.process(x) if hasattr(layer, "process") else layer(x)
        return x


class SWT:
    """Causal à-trous wavelet analysis of a live signal, chunk by chunk.

    Level ``j`` (dilation ``s = 2**(j-1)``) computes
    ``a_j[t] = sum_k dec_lo[k] * a_{j-1}[t - s k]`` and ``d_j`` with ``dec_hi``, from
    ``a_0`` the signal and zero history: PyWavelets' stationary transform delayed by
    ``s L/2`` samples at each level, without its wrap-around. The offline equivalent is
    ``atrous.convolve1d(a_{j-1}, dec_lo, dilation=s, causal=True)`` per level.

    Parameters
    ----------
    wavelet : str, pywt.Wavelet or filter bank
        The wavelet.
    level : int
        Number of levels.
    norm : bool, optional
        Scale the filters by ``1/sqrt(2)`` as :func:`atrous.swt` does.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> live = atrous.stream.SWT('haar', level=2)
    >>> x = np.arange(8.0)
    >>> parts = [live.process(x[:3]), live.process(x[3:])]
    >>> cA2 = np.concatenate([p[0] for p in parts])
    >>> offline = atrous.convolve1d(atrous.convolve1d(x, [0.5 ** 0.5] * 2, causal=True),
    ...                             [0.5 ** 0.5] * 2, dilation=2, causal=True)
    >>> np.allclose(cA2, offline)
    True
    """

    def __init__(self, wavelet, level, norm=False):
        wavelet = validate.as_wavelet(wavelet)
        self.level = validate.as_level(validate.integer(level, "level"), 1)
        scale = 1 / np.sqrt(2) if norm else 1.0
        # conv1d's correlation reads x[t - (K - 1 - k) s] at tap k: reverse the filters.
        bank = scale * np.stack([np.asarray(wavelet.dec_lo)[::-1],
                                 np.asarray(wavelet.dec_hi)[::-1]])[:, None, :]
        self._levels = [CausalConv1d(bank, dilation=2 ** j) for j in range(self.level)]

    def reset(self):
        """Forget the past: the next chunk starts a new signal."""
        for level in self._levels:
            level.reset()

    def process(self, chunk):
        """Analyse the next samples; returns ``[cA_J, cD_J, ..., cD_1]`` for them.

        Parameters
        ----------
        chunk : array_like
            The next ``T`` samples, 1-d.

        Returns
        -------
        coeffs : list of ndarray
            ``level + 1`` arrays of ``T`` samples, coarsest first.
        """
        approx = np.asarray(chunk, dtype=np.float64)
        if approx.ndim != 1:
            raise ValueError(f"`chunk` must be 1-d (the next samples), got shape "
                             f"{approx.shape}")
        details = []
        for level in self._levels:
            both = level.process(approx[None])
            approx, detail = both[0], both[1]
            details.append(detail)
        return [approx] + details[::-1]
