"""The filter-upsampling engine's Python face: lay arrays out and launch the kernel.

Every transform calls :func:`filter_along_axis`. It takes canonical arguments only (arrays
of one shape and one float/complex dtype, C-contiguous; validated integers) and does no
user-facing validation.
"""

import numpy as np

from ._kernels import boundary
from ._kernels.filter_bank import filter_bank, task_count
from ._kernels.threads import launch, threads
from ._layout import lines

# Elements of one output tile per parallel task: 16 KiB of float64 sums per output,
# small enough to stay in L1/L2 while every tap streams over it.
_BLOCK_ELEMENTS = 2048
# Multiply-adds per kernel launch: about 0.18 s of one core (12 per ns measured), 0.1 s on
# two. A launch cannot be interrupted, so longer work is launched a range of tiles at a time
# and Python acts on Ctrl-C in between.
_LAUNCH_WORK = 2**31
# Multiply-adds below which a call runs on one thread: about 40 microseconds of work, the
# time it takes to wake a passively waiting thread.
_SERIAL_WORK = 2**19
# Multiply-adds' worth of time the kernel spends per tap and per input-output pair where it
# starts a segment (finding each tap's run of the extension): 8.5 ns against 0.08 ns per
# multiply-add, measured with 20,000 taps at the edges of a line.
_SEGMENT_TAP_COST = 64


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
    outer, n, inner = views[0][0].shape[0], views[0][1], views[0][2]
    n_out = outputs[0].shape[axis]
    if n_out == 0:
        return
    offsets = reduce_offsets(offsets, n, mode, n_out)
    tiling, launches, alone = _plan(len(inputs), len(outputs), offsets, mode, outer, n, n_out,
                                    inner)
    # Read-only views of every input: one kernel signature whatever the flags of the
    # caller's arrays (memory-mapped data is read in place).
    input_views = tuple(_read_only(view) for view, _, _ in views)
    output_views = tuple(_plain(lines(array, axis)[0]) for array in outputs)
    weights = np.ascontiguousarray(
        weights if np.ndim(weights) == 4 else np.asarray(weights)[None], dtype=np.float64)
    for first_task, last_task in launches:
        launch(filter_bank, input_views, weights, offsets, mode, n, n_out, inner, *tiling,
               first_task, last_task, output_views, alone=alone)


def _plan(n_inputs, n_outputs, offsets, mode, outer, n, n_out, inner):
    """``((rows_per_block, columns_per_block, lines_per_task), launches, alone)``.

    ``launches`` are ``(first_task, last_task)`` ranges of about ``_LAUNCH_WORK`` each
    (one range for ordinary calls). ``alone`` says that the call is small enough to run on
    the calling thread: waking the other threads (which wait passively, see
    :mod:`atrous._kernels.threads`) would cost more than they save.
    """
    taps = len(offsets)
    per_sample = n_outputs * (n_inputs * taps + 1)  # multiply-adds of an output sample
    # A tile of up to _BLOCK_ELEMENTS (fewer for very long filters, so that a launch still
    # holds several tiles for the threads to share).
    tile = max(1, min(_BLOCK_ELEMENTS, _LAUNCH_WORK // (16 * per_sample)))
    if inner <= tile:
        rows_per_block, columns_per_block = max(1, tile // inner), inner
    else:
        # Rows longer than a tile are cut into equal parts of one row each.
        parts = -(-inner // tile)
        rows_per_block, columns_per_block = 1, -(-inner // parts)
    # Short lines are grouped so that a task still has a tile's worth of work.
    lines_per_task = max(1, tile // (n_out * inner))
    tiling = (rows_per_block, columns_per_block, lines_per_task)
    tasks = task_count(outer, n_out, inner, *tiling)
    column_blocks = -(-inner // columns_per_block)
    # Where a tap's extension run ends, the kernel starts a segment, at a cost of about
    # _SEGMENT_TAP_COST multiply-adds per tap: at most one per row.
    segment_cost = taps * _SEGMENT_TAP_COST * (1 + n_outputs * n_inputs)
    bound = outer * n_out * (inner * per_sample + column_blocks * segment_cost)
    if bound <= _LAUNCH_WORK:
        # The multiply-adds alone: the segment term bounds the edges' cost from above.
        return tiling, [(0, tasks)], outer * n_out * inner * per_sample < _SERIAL_WORK
    # The cost of each row block, the same for every line group and column block.
    row_blocks = -(-n_out // rows_per_block)
    rows = np.full(row_blocks, rows_per_block, dtype=np.float64)
    rows[-1] = n_out - rows_per_block * (row_blocks - 1)
    segments = 1 + np.minimum(rows, _run_ends(offsets, mode, n, n_out, rows_per_block,
                                              row_blocks))
    costs = lines_per_task * (rows * columns_per_block * per_sample + segments * segment_cost)
    prefix = np.concatenate([[0.0], np.cumsum(costs)])
    period = prefix[-1]
    # Greedy ranges of tasks costing at most _LAUNCH_WORK, with at least one task per
    # thread (task t costs costs[t % row_blocks]).
    least = max(1, threads())
    launches = []
    first = 0
    while first < tasks:
        laps, index = divmod(first, row_blocks)
        spent = laps * period + prefix[index]
        laps, remainder = divmod(spent + _LAUNCH_WORK, period)
        last = int(laps) * row_blocks + int(np.searchsorted(prefix, remainder, "right")) - 1
        last = min(tasks, max(last, first + least))
        launches.append((first, last))
        first = last
    return tiling, launches, False


def _run_ends(offsets, mode, n, n_out, rows_per_block, row_blocks):
    """Rows ``r`` of each row block at which some tap's extension run ends (an estimate,
    counted once per tap): where ``r + offsets[k]`` is a boundary of the extension."""
    offsets = np.asarray(offsets, dtype=np.int64)
    if mode in (boundary.REFLECT, boundary.ANTIREFLECT) and n == 1:
        return np.zeros(row_blocks)  # one sample repeated: one endless run
    if mode in (boundary.EDGE, boundary.ZERO, boundary.SMOOTH):
        # Runs end at positions 0 and n only.
        ends = np.concatenate([-offsets, n - offsets])
    else:
        # Runs end at every multiple of the fold: n, or n - 1 for the whole-sample mirrors.
        spacing = n - 1 if mode in (boundary.REFLECT, boundary.ANTIREFLECT) else n
        first = offsets // spacing + 1  # multiples past each tap's position at row 0
        counts = (offsets + n_out - 1) // spacing - first + 1
        total = int(counts.sum())
        if total > 4 * row_blocks + 10**6:
            # Too many to list: spread evenly.
            return np.full(row_blocks, total * min(rows_per_block, n_out) / n_out)
        before = np.cumsum(counts) - counts  # list entries of the previous taps
        starts = np.repeat(first * spacing - offsets - spacing * before, counts)
        ends = starts + spacing * np.arange(total)
    ends = ends[(ends > 0) & (ends < n_out)]
    return np.bincount(ends // rows_per_block, minlength=row_blocks).astype(np.float64)


def _read_only(array):
    """A read-only base-class view of ``array`` (the caller's array keeps its flags)."""
    view = array.view(np.ndarray)
    view.flags.writeable = False
    return view


def _plain(array):
    """``array`` as a base-class ndarray (np.memmap and other subclasses as views)."""
    return array.view(np.ndarray) if type(array) is not np.ndarray else array
