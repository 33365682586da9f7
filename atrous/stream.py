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

import numpy as np

from . import _validation as validate
from ._conv import conv1d
from ._docstrings import REFERENCES, fill_docstrings
from ._kernels.ring import ring_step, segment_step

__all__ = ["CausalConv1d", "CausalStack", "SWT"]

# Chunks at least this long go through conv1d on [history, chunk]; shorter ones through
# the ring buffer, sample by sample.
_BLOCK_CHUNK = 256


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
        Samples between taps. Default 1. The layer keeps the last ``(K - 1) * dilation``
        samples of each channel (float64), allocated by the first chunk.

    Raises
    ------
    ValueError
        A malformed ``weight`` or ``bias``, or a ``dilation`` below 1 or so large that its
        history could not be one array (more than ``2**60`` samples).

    See Also
    --------
    atrous.stream.CausalStack : Layers and activations run together.
    atrous.conv1d : The same layer over a whole signal, ``padding='causal'``.
    atrous.receptive_field : How many past samples an output depends on.

    {references_causal}

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
        self._taps_first = np.ascontiguousarray(self.weight.transpose(2, 0, 1))  # (K, out, in)
        out_channels = weight.shape[0]
        self.bias = (np.zeros(out_channels) if bias is None
                     else np.asarray(bias, dtype=np.float64))
        if self.bias.shape != (out_channels,):
            raise ValueError(f"`bias` must have shape ({out_channels},), got {self.bias.shape}")
        self.dilation = validate.as_history_dilation(dilation, weight.shape[2])
        self.history = (weight.shape[2] - 1) * self.dilation
        self.reset()

    @property
    def receptive_field(self):
        """Number of samples an output depends on: ``(K - 1) * dilation + 1``."""
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
            The next samples, real; ``T`` may be anything from 0 on. The batch size and
            channels must stay the same between calls (until :meth:`reset`).

        Returns
        -------
        output : ndarray
            ``(C_out, T)`` or ``(N, C_out, T)``, float64.
        """
        x = validate.as_real(chunk, "chunk")
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
            self._head = ring_step(self._ring, self._head, np.ascontiguousarray(x),
                                   self.weight, self.bias, self.dilation, out)
        return out if batched else out[0]


class CausalStack:
    """A stack of layers and element-wise callables, run incrementally, chunk by chunk.

    Parameters
    ----------
    layers : sequence
        :class:`CausalConv1d` layers (or anything with ``process``) and callables applied
        to each chunk's intermediate result (activations such as ``np.tanh``). A callable
        must act sample by sample (element-wise, or across channels), never across time.

    See Also
    --------
    atrous.stream.CausalConv1d : The layers of the stack.
    atrous.dilation_schedule : Dilations that reach a given receptive field.

    {references_causal}

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
        # Runs of consecutive CausalConv1d layers, which short chunks go through in one call.
        self._segments, run = [], []
        for layer in self.layers + [None]:
            if isinstance(layer, CausalConv1d):
                run.append(layer)
                continue
            if run:
                self._segments.append(run)
                run = []
            if layer is not None:
                self._segments.append(layer)
        self._packed = {}

    @property
    def receptive_field(self):
        """Number of samples an output depends on: ``1 + sum of the layers' (K - 1) * dilation``."""
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
        for segment in self._segments:
            if not isinstance(segment, list):
                x = segment.process(x) if hasattr(segment, "process") else segment(x)
            elif len(segment) > 1 and np.shape(x)[-1] < _BLOCK_CHUNK:
                x = self._fused(segment, x)
            else:
                for layer in segment:
                    x = layer.process(x)
        return x

    def _fused(self, segment, chunk):
        """A run of layers on a short chunk in one compiled call, sharing their ring state."""
        x = validate.as_real(chunk, "chunk")
        batched = x.ndim == 3
        if x.ndim not in (2, 3) or x.shape[-2] != segment[0].weight.shape[1]:
            raise ValueError(f"`chunk` must have shape (C_in={segment[0].weight.shape[1]}, T) "
                             f"or (N, C_in, T), got {x.shape}")
        x = np.ascontiguousarray(x if batched else x[None])
        packed = self._packed.get(id(segment[0]))
        if packed is None or packed["batch"] != x.shape[0] or any(
                layer._ring is not view for layer, view in zip(segment, packed["views"])):
            packed = self._packed[id(segment[0])] = self._pack(segment, x.shape[0])
        heads = np.array([layer._head for layer in segment], dtype=np.int64)
        out = segment_step(packed["rings"], packed["ring_starts"], packed["histories"], heads,
                           packed["weights"], packed["weight_starts"], packed["shapes"],
                           packed["biases"], packed["bias_starts"], packed["dilations"], x)
        for layer, head in zip(segment, heads):
            layer._head = int(head)
        return out if batched else out[0]

    @staticmethod
    def _pack(segment, batch):
        """Flat copies of a run's taps and one flat ring buffer that the layers then view."""
        for layer in segment:
            if layer._ring is not None and layer._ring.shape[0] != batch:
                raise ValueError(f"`chunk` has batch size {batch}, the stream "
                                 f"{layer._ring.shape[0]}; call reset() to start another")
        sizes = [batch * layer.weight.shape[1] * layer.history for layer in segment]
        ring_starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        rings = np.zeros(max(sum(sizes), 1))
        views = []
        for layer, start, size in zip(segment, ring_starts, sizes):
            view = rings[start:start + size].reshape(batch, layer.weight.shape[1],
                                                     layer.history)
            if layer._ring is not None:
                view[...] = layer._ring
            layer._ring = view
            views.append(view)
        weights = [layer._taps_first.ravel() for layer in segment]
        return {
            "batch": batch, "rings": rings, "ring_starts": ring_starts, "views": views,
            "histories": np.array([layer.history for layer in segment], dtype=np.int64),
            "weights": np.concatenate(weights),
            "weight_starts": np.concatenate(
                [[0], np.cumsum([w.size for w in weights])[:-1]]).astype(np.int64),
            "shapes": np.array([layer._taps_first.shape for layer in segment], dtype=np.int64),
            "biases": np.concatenate([layer.bias for layer in segment]),
            "bias_starts": np.concatenate(
                [[0], np.cumsum([layer.bias.size for layer in segment])[:-1]]).astype(np.int64),
            "dilations": np.array([layer.dilation for layer in segment], dtype=np.int64),
        }


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
        Number of levels, 1 to 64 (see :func:`atrous.swt`). The stream keeps the last
        ``(L - 1)(2**level - 1)`` samples of an ``L``-tap wavelet, float64: about
        ``2**(level + 6)`` bytes for ``db4``, so memory, not this bound, limits the level.
    norm : bool, optional
        Scale the filters by ``1/sqrt(2)`` as :func:`atrous.swt` does.

    Raises
    ------
    ValueError
        An unknown or continuous wavelet, ``level`` below 1 or above 64, or so deep that
        its history could not be one array.

    See Also
    --------
    atrous.swt : The transform of a whole signal, at any mode.
    atrous.stream.CausalStack : Dilated layers fed chunk by chunk in the same way.

    Notes
    -----
    Complex samples are analysed as their real and imaginary parts (the filters are
    real): from the first complex chunk on, until :meth:`reset`, the coefficients are
    complex128.

    {references_swt}

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
        self.level = validate.as_history_level(level, wavelet.dec_len)
        scale = 1 / np.sqrt(2) if norm else 1.0
        # conv1d's correlation reads x[t - (K - 1 - k) s] at tap k: reverse the filters.
        self._bank = scale * np.stack([np.asarray(wavelet.dec_lo)[::-1],
                                       np.asarray(wavelet.dec_hi)[::-1]])[:, None, :]
        self._levels = self._cascade()
        self._imaginary = None  # the imaginary part's cascade, from the first complex chunk

    def _cascade(self):
        return [CausalConv1d(self._bank, dilation=2 ** j) for j in range(self.level)]

    def reset(self):
        """Forget the past: the next chunk starts a new signal."""
        for level in self._levels:
            level.reset()
        self._imaginary = None

    def process(self, chunk):
        """Analyse the next samples; returns ``[cA_J, cD_J, ..., cD_1]`` for them.

        Parameters
        ----------
        chunk : array_like
            The next ``T`` samples, 1-d, real or complex.

        Returns
        -------
        coeffs : list of ndarray
            ``level + 1`` arrays of ``T`` samples, coarsest first: float64, or complex128
            once the stream has had complex samples.
        """
        samples = np.asarray(chunk)
        if samples.ndim != 1:
            raise ValueError(f"`chunk` must be 1-d (the next samples), got shape "
                             f"{samples.shape}")
        if samples.dtype.kind not in "biufc":
            raise TypeError(f"`chunk` must hold numbers (real or complex), got dtype "
                            f"{samples.dtype}")
        if samples.dtype.kind == "c" and self._imaginary is None:
            # Until now the imaginary part was zero, as a fresh cascade's history.
            self._imaginary = self._cascade()
        real = self._analyse(self._levels, samples.real)
        if self._imaginary is None:
            return real
        imaginary = self._analyse(self._imaginary, samples.imag)
        return [r + 1j * i for r, i in zip(real, imaginary)]

    @staticmethod
    def _analyse(levels, samples):
        approx = validate.as_real(samples, "chunk")
        details = []
        for level in levels:
            both = level.process(approx[None])
            approx, detail = both[0], both[1]
            details.append(detail)
        return [approx] + details[::-1]


fill_docstrings(REFERENCES, CausalConv1d, CausalStack, SWT)
