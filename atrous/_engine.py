"""The filter-upsampling engine's Python face: lay arrays out and launch the kernel.

Every transform calls :func:`filter_along_axis`. It takes canonical arguments only (arrays
of one shape and one float/complex dtype, C-contiguous; validated integers) and does no
user-facing validation.
"""

import numpy as np

from ._kernels import boundary
from ._kernels.filter_bank import filter_tasks, task_count
from ._kernels.threads import run_chunks, threads
from ._layout import lines

# Elements of one output tile per parallel task: 16 KiB of float64 sums per output,
# small enough to stay in L1/L2 while every tap streams over it.
_BLOCK_ELEMENTS = 2048
# Multiply-adds per chunk at most: about 0.18 s of one core (12 per ns measured). A chunk
# cannot be interrupted; Python acts on Ctrl-C between chunks.
_CHUNK_WORK = 2**31
# Multiply-adds below which a call runs on the calling thread alone: about 40 microseconds
# of work, more than it takes to wake a waiting thread (about 25 microseconds measured).
_SERIAL_WORK = 2**19
# Multiply-adds of the smallest chunk: about 5 microseconds of work, against about 2 of
# handing a chunk out.
_SMALLEST_CHUNK = 2**16
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


def cascade_halo(offsets_at, levels):
    """Samples ``(before, after)`` reached by a cascade of à-trous levels (absolute, from 1)
    of the bank whose taps at dilation ``d`` sit at ``offsets_at(d)``: the sums of the
    levels' :func:`halo`."""
    reaches = [halo(offsets_at(2 ** (j - 1))) for j in levels]
    return sum(before for before, _ in reaches), sum(after for _, after in reaches)


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
        if all(output.size == 0 for output in outputs):
            return
        # An axis without samples: only the zero extension defines the outputs.
        if mode != boundary.ZERO:
            raise ValueError(f"the data has no samples along axis {axis} to extend by this "
                             "boundary mode; only zero padding extends an empty axis")
        for output in outputs:
            output[...] = 0
        return
    views = [lines(array, axis) for array in inputs]
    outer, n, inner = views[0][0].shape[0], views[0][1], views[0][2]
    n_out = outputs[0].shape[axis]
    if n_out == 0:
        return
    offsets = reduce_offsets(offsets, n, mode, n_out)
    weights = np.ascontiguousarray(
        weights if np.ndim(weights) == 4 else np.asarray(weights)[None], dtype=np.float64)
    input_views = [view for view, _, _ in views]
    output_views = [lines(array, axis)[0] for array in outputs]
    if not all(array.flags.c_contiguous for array in (*inputs, *outputs)):
        raise ValueError("engine inputs and outputs must be C-contiguous")
    like = _check_views(input_views, output_views, weights, outer, n * inner, n_out * inner)
    workers = threads()
    tiling, chunks = _plan(len(inputs), len(outputs), offsets, mode, outer, n, n_out, inner,
                           workers)
    # The kernel reads and writes the arrays by address: the views keep them alive.
    input_addresses = np.array([view.ctypes.data for view in input_views], dtype=np.int64)
    output_addresses = np.array([view.ctypes.data for view in output_views], dtype=np.int64)
    run_chunks(filter_tasks, (input_addresses, output_addresses, like, outer, n, n_out, inner,
                              weights, offsets, mode, *tiling), chunks, workers,
               holding=(input_views, output_views))


_LIKE = {np.dtype(np.float64): np.empty(0, np.float64),
         np.dtype(np.float32): np.empty(0, np.float32)}


def _check_views(inputs, outputs, weights, outer, in_length, out_length):
    """The zero-length array of the views' dtype that the kernel takes as ``like``.

    The kernel views memory by address, so what numba's typing would otherwise guarantee
    is checked here (the arrays' contiguity by the caller): one real dtype, ``(outer,
    length)`` views, writable outputs, one weight per output, input and tap.
    """
    like = _LIKE.get(inputs[0].dtype)
    if like is None:
        raise TypeError(f"the engine filters float32 or float64 data, not {inputs[0].dtype}")
    for role, views, length in (("input", inputs, in_length), ("output", outputs, out_length)):
        for view in views:
            if view.dtype != like.dtype or view.shape != (outer, length):
                raise ValueError(f"engine {role} of dtype {view.dtype} and shape "
                                 f"{view.shape} does not match ({outer}, {length}) "
                                 f"{like.dtype}")
    if not all(view.flags.writeable for view in outputs):
        raise ValueError("engine outputs must be writable")
    if weights.shape[1:3] != (len(outputs), len(inputs)):
        raise ValueError(f"weights of shape {weights.shape} do not match {len(outputs)} "
                         f"outputs and {len(inputs)} inputs")
    return like


def extend(array, axis, before, after, mode):
    """``array`` extended along ``axis`` by ``before`` and ``after`` samples of the boundary
    rule ``mode`` (a mode code), as a new C-contiguous array: one tap of weight 1 through
    the engine, so every mode extends exactly as the transforms see it."""
    source = np.ascontiguousarray(array)
    shape = list(source.shape)
    shape[axis] += before + after
    extended = np.empty(shape, source.dtype)
    filter_along_axis([source], np.ones((1, 1, 1)), [-before], mode, axis, [extended])
    return extended


def _plan(n_inputs, n_outputs, offsets, mode, outer, n, n_out, inner, workers):
    """``((rows_per_block, columns_per_block, lines_per_task), chunks)``.

    ``chunks`` are ``(first_task, last_task)`` ranges for
    :func:`~atrous._kernels.threads.run_chunks`, guided as OpenMP's ``schedule(guided)``:
    each takes the work left divided by twice the ``workers``, so that they shrink towards
    the end and the threads finish together even when one of them runs slower (a busy
    machine, page faults). A chunk costs at most ``_CHUNK_WORK`` multiply-adds and at least
    ``_SMALLEST_CHUNK``. A call under ``_SERIAL_WORK`` is one chunk, run on the calling
    thread: waking another thread would cost more than it saves.
    """
    taps = len(offsets)
    per_sample = n_outputs * (n_inputs * taps + 1)  # multiply-adds of an output sample
    # A tile of up to _BLOCK_ELEMENTS (fewer for very long filters, so that a chunk still
    # holds several tiles for the threads to share).
    tile = max(1, min(_BLOCK_ELEMENTS, _CHUNK_WORK // (16 * per_sample)))
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
    work = outer * n_out * inner * per_sample
    column_blocks = -(-inner // columns_per_block)
    # Where a tap's extension run ends, the kernel starts a segment, at a cost of about
    # _SEGMENT_TAP_COST multiply-adds per tap: at most one per row.
    segment_cost = taps * _SEGMENT_TAP_COST * (1 + n_outputs * n_inputs)
    bound = outer * n_out * (inner * per_sample + column_blocks * segment_cost)
    if work < _SERIAL_WORK or (workers <= 1 and bound <= _CHUNK_WORK):
        return tiling, [(0, tasks)]
    divisor = 2 * max(1, workers)
    if bound <= _CHUNK_WORK:
        # Tasks cost about the same (the segment term bounds the edges' cost from above).
        smallest = max(1, -(-_SMALLEST_CHUNK * tasks // work))
        chunks, first = [], 0
        while first < tasks:
            last = min(tasks, first + max(smallest, -(-(tasks - first) // divisor)))
            chunks.append((first, last))
            first = last
        return tiling, chunks
    # The cost of each row block, the same for every line group and column block.
    row_blocks = -(-n_out // rows_per_block)
    rows = np.full(row_blocks, rows_per_block, dtype=np.float64)
    rows[-1] = n_out - rows_per_block * (row_blocks - 1)
    segments = 1 + np.minimum(rows, _run_ends(offsets, mode, n, n_out, rows_per_block,
                                              row_blocks))
    costs = lines_per_task * (rows * columns_per_block * per_sample + segments * segment_cost)
    prefix = np.concatenate([[0.0], np.cumsum(costs)])
    period = prefix[-1]
    total = period * (tasks // row_blocks)
    # Guided ranges of tasks (task t costs costs[t % row_blocks]), at least one task each.
    chunks = []
    first = 0
    while first < tasks:
        laps, index = divmod(first, row_blocks)
        spent = laps * period + prefix[index]
        budget = min(_CHUNK_WORK, max(_SMALLEST_CHUNK, (total - spent) / divisor))
        laps, remainder = divmod(spent + budget, period)
        last = int(laps) * row_blocks + int(np.searchsorted(prefix, remainder, "right")) - 1
        last = min(tasks, max(last, first + 1))
        chunks.append((first, last))
        first = last
    return tiling, chunks


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
