"""The filter-upsampling engine's Python face: lay arrays out and launch the kernel.

Every transform calls :func:`filter_along_axis`. It takes canonical arguments only (arrays
of one shape and one float/complex dtype, C-contiguous; validated integers) and does no
user-facing validation.
"""

import numpy as np

from ._kernels import boundary
from ._kernels.filter_bank import filter_bank
from ._kernels.threads import launch
from ._layout import lines

# Elements of one output block per parallel task: 16 KiB of float64 sums per output,
# small enough to stay in L1/L2 while every tap streams over it.
_BLOCK_ELEMENTS = 2048


def tap_offsets(taps, dilation, shift):
    """Positions ``shift + dilation * k`` of ``taps`` à-trous taps, as Python integers."""
    return [shift + dilation * k for k in range(taps)]


def halo(offsets):
    """Samples ``(before, after)`` an output position that taps at ``offsets`` read.

    Chunked and streaming execution give each chunk this much of its neighbours.
    """
    return max(0, -min(offsets)), max(0, max(offsets))


def reduce_offsets(offsets, n, mode, n_out=None):
    """Map tap positions to equivalent ones within a few signal lengths.

    Periodic extensions repeat, so a position matters only modulo the period; constant
    extensions do not change beyond one length. This keeps every index of the kernel
    small however large the dilation (2**40 is a valid dilation for a signal of length 6).
    The extrapolating modes (antireflect, smooth) grow without bound, so their positions
    are kept as they are.
    """
    if mode in boundary.PERIODS:
        period = boundary.PERIODS[mode](n)
        return np.array([o % period for o in offsets], dtype=np.int64)
    if mode in boundary.SATURATING:
        bound = n + (n if n_out is None else n_out)  # beyond it, every output row is outside
        return np.array([min(max(o, -bound), bound) for o in offsets], dtype=np.int64)
    if max(abs(o) for o in offsets) > 2**53:
        raise ValueError(
            "the filter reaches more than 2**53 samples beyond the signal, where the "
            "extrapolating boundary modes are not representable; use fewer levels or a "
            "periodic, symmetric or constant mode")
    return np.array(offsets, dtype=np.int64)


def filter_along_axis(inputs, weights, offsets, mode, axis, outputs):
    """``outputs[f] = sum_c correlate(extend(inputs[c]), weights[f, c]) at offsets`` along ``axis``.

    Parameters
    ----------
    inputs, outputs : sequence of ndarray
        C-contiguous arrays of one dtype (float32, float64, complex64 or complex128), all
        of one shape except that the outputs may have another length along ``axis`` (output
        row ``r`` reads the inputs at ``r + offsets``).
    weights : ndarray, shape (len(outputs), len(inputs), taps) or (sets, ..., ..., taps)
        Real filter taps; with ``sets`` of them, line ``o`` of the ``(outer, n, inner)`` view
        uses set ``o % sets``.
    offsets : sequence of int, length taps
        Position of each tap relative to the output sample (see :func:`tap_offsets`).
    mode : int
        A mode code of :mod:`atrous._kernels.boundary`.
    axis : int
        Non-negative axis along which to filter.
    """
    first = inputs[0]
    if first.size == 0:
        return
    views = [lines(array, axis) for array in inputs]
    n, inner = views[0][1], views[0][2]
    n_out = outputs[0].shape[axis]
    if n_out == 0:
        return
    output_views = tuple(lines(array, axis)[0] for array in outputs)
    rows_per_block = max(1, _BLOCK_ELEMENTS // inner)
    # Short lines are grouped so that a task still has a block's worth of work.
    lines_per_task = max(1, _BLOCK_ELEMENTS // (n_out * inner))
    launch(
        filter_bank,
        tuple(view for view, _, _ in views),
        np.ascontiguousarray(weights if np.ndim(weights) == 4 else np.asarray(weights)[None],
                             dtype=np.float64),
        reduce_offsets(offsets, n, mode, n_out),
        mode,
        n,
        n_out,
        inner,
        rows_per_block,
        lines_per_task,
        output_views,
    )
