"""The streaming kernels: causal dilated filters advanced sample by sample on ring buffers.

:mod:`atrous.stream` filters a live signal chunk by chunk. A long chunk goes through the
filter bank (:mod:`atrous._kernels.filter_bank`) on ``[history, chunk]``; a short one, down
to a single sample, would pay more for that call's set-up than for its arithmetic, so it
comes here. Each layer keeps the ``H = (K - 1) * dilation`` most recent input samples of
each channel in a ring (WaveNet's queues): a new sample costs one multiply-add per tap and
channel pair, and only the ring's head moves, so no history is copied whatever the
dilation. :func:`ring_step` runs one layer; :func:`segment_step` runs consecutive layers
in one call, each sample through all of them before the next.

As the other kernels, they take canonical input only (C-contiguous float64 arrays that
:mod:`atrous.stream` has checked, integer parameters), update the ring state in place and
release the GIL.
"""

import numpy as np

from .cache import njit


@njit(cache=True, nogil=True)
def ring_step(ring, head, chunk, weight, bias, dilation, out):
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


@njit(cache=True, nogil=True)
def segment_step(rings, ring_starts, histories, heads, weights, weight_starts, shapes,
                 biases, bias_starts, dilations, chunk):
    """Run ``chunk`` (N, C_in, T) through consecutive layers, sample by sample.

    Every layer's state and taps sit in a few flat arrays (numba unboxes each argument
    array, so one array per layer would cost more than the arithmetic): layer ``l``'s ring
    is ``rings[ring_starts[l]:]`` laid out ``(N, C_in, H)``, its weight
    ``weights[weight_starts[l]:]`` laid out ``(K, C_out, C_in)`` with ``shapes[l]`` =
    ``(K, C_out, C_in)``. All layers handle sample ``t`` before any handles ``t + 1``
    (they are causal, so the order does not change the result).
    """
    batch, _, steps = chunk.shape
    layers = shapes.shape[0]
    out = np.empty((batch, shapes[layers - 1, 1], steps))
    widest = shapes[:, 1:].max()
    current = np.empty(widest)
    following = np.empty(widest)
    tap_input = np.empty(widest)
    for t in range(steps):
        for b in range(batch):
            channels = chunk.shape[1]
            current[:channels] = chunk[b, :, t]
            for layer in range(layers):
                taps, out_channels, channels = shapes[layer, 0], shapes[layer, 1], shapes[layer, 2]
                history, head, dilation = histories[layer], heads[layer], dilations[layer]
                ring = rings[ring_starts[layer]:]
                weight = weights[weight_starts[layer]:]
                for o in range(out_channels):
                    following[o] = biases[bias_starts[layer] + o]
                for k in range(taps):
                    lag = (taps - 1 - k) * dilation
                    if lag == 0:
                        tap_input[:channels] = current[:channels]
                    else:
                        slot = (head + history - lag) % history
                        for c in range(channels):
                            tap_input[c] = ring[(b * channels + c) * history + slot]
                    for o in range(out_channels):
                        row = weight[(k * out_channels + o) * channels:]
                        total = 0.0
                        for c in range(channels):
                            total += row[c] * tap_input[c]
                        following[o] += total
                if history:
                    for c in range(channels):
                        ring[(b * channels + c) * history + head] = current[c]
                current, following = following, current
            out[b, :, t] = current[:out.shape[1]]
        for layer in range(layers):
            if histories[layer]:
                heads[layer] = (heads[layer] + 1) % histories[layer]
    return out
