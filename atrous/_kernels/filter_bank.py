"""The one filtering kernel: a bank of dilated FIR filters along one axis.

Every transform of atrous is this operation with different bookkeeping. Arrays are seen
as 2-d ``(outer, n * inner)`` C-contiguous views of an ``(outer, n, inner)`` layout, the
filtered axis being the middle one. For output ``f``, row ``r`` (along the filtered axis)
and column ``i``::

    outputs[f][o, r, i] = sum over c, k of
                          weights[f, c, k] * extended(inputs[c])[o, r + offsets[k], i]

for ``r`` in ``range(n_out)``, the inputs having ``n`` rows (usually ``n_out == n``; a
different output length, with offsets shifted, crops or pads the result). ``weights`` holds
one or more sets ``(sets, outputs, inputs, taps)``; line ``o`` uses set ``o % sets``, so a
depthwise layer gives each channel its own filter in one launch.

``offsets`` are the tap positions: ``shift + dilation * k`` for an à-trous filter, so taps
are stepped at the dilation and no zero-filled filter is ever built. One input and several
outputs is an analysis bank (SWT lo and hi in one pass over the input); several inputs and
one output is a synthesis. ``extended`` is the boundary rule of ``mode``
(:mod:`atrous._kernels.boundary`).

How the work is split: each parallel task owns a tile of output rows and columns (inner
positions) of one outer index, or, for lines shorter than a tile, a group of whole lines. A
tile holds whole rows (a contiguous range of ``rows * inner`` elements) or, where one row is
longer than a tile, part of a single row (``columns`` consecutive inner positions), so a
task's float64 scratch stays a tile's size whatever the shape. Tasks are numbered so that a
launch can cover any range of them (long filters are launched a range at a time, so that
Python can act on Ctrl-C in between). The tile is cut into
segments within which every tap reads a single run of the extension
(:func:`~atrous._kernels.boundary.extension_run`). Where all taps read the signal itself
(the interior, nearly everything), four taps and two outputs are fused per pass over a
float64 accumulator, in contiguous loops that vectorise. Elsewhere (the O(halo) edges)
each tap is added on its own, following the run's direction.

Sums are accumulated in float64 whatever the storage type and rounded once on store. Each
output sample is summed in a fixed order that does not depend on how rows and columns are
split among tasks and launches, so results do not depend on the number of threads.

Loops run over array views starting at index 0: numba's negative-index wraparound on
computed indices would otherwise block vectorisation.
"""

import numba
import numpy as np

from .boundary import extension_run

_OPTIONS = {"cache": True, "nogil": True, "fastmath": False}


@numba.njit(inline="always", **_OPTIONS)
def _add_taps(acc, line, sources, weights, first_tap, last_tap, inner, count):
    """acc[t] += sum of weights[k] * line[sources[k] * inner + t] for k in [first, last)."""
    k = first_tap
    while k + 4 <= last_tap:
        w0, w1, w2, w3 = weights[k], weights[k + 1], weights[k + 2], weights[k + 3]
        s0 = line[sources[k] * inner:sources[k] * inner + count]
        s1 = line[sources[k + 1] * inner:sources[k + 1] * inner + count]
        s2 = line[sources[k + 2] * inner:sources[k + 2] * inner + count]
        s3 = line[sources[k + 3] * inner:sources[k + 3] * inner + count]
        for t in range(count):
            acc[t] += w0 * s0[t] + w1 * s1[t] + w2 * s2[t] + w3 * s3[t]
        k += 4
    while k < last_tap:
        w0 = weights[k]
        s0 = line[sources[k] * inner:sources[k] * inner + count]
        for t in range(count):
            acc[t] += w0 * s0[t]
        k += 1


@numba.njit(inline="always", **_OPTIONS)
def _add_taps_pair(acc_a, acc_b, line, sources, weights_a, weights_b, taps, inner, count):
    """:func:`_add_taps` for two outputs at once, sharing every load of the input."""
    k = 0
    while k + 4 <= taps:
        a0, a1, a2, a3 = weights_a[k], weights_a[k + 1], weights_a[k + 2], weights_a[k + 3]
        b0, b1, b2, b3 = weights_b[k], weights_b[k + 1], weights_b[k + 2], weights_b[k + 3]
        s0 = line[sources[k] * inner:sources[k] * inner + count]
        s1 = line[sources[k + 1] * inner:sources[k + 1] * inner + count]
        s2 = line[sources[k + 2] * inner:sources[k + 2] * inner + count]
        s3 = line[sources[k + 3] * inner:sources[k + 3] * inner + count]
        for t in range(count):
            v0, v1, v2, v3 = s0[t], s1[t], s2[t], s3[t]
            acc_a[t] += a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3
            acc_b[t] += b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3
        k += 4
    _add_taps(acc_a, line, sources, weights_a, k, taps, inner, count)
    _add_taps(acc_b, line, sources, weights_b, k, taps, inner, count)


@numba.njit(inline="always", **_OPTIONS)
def _add_run(acc, line, tap, source, step, rows, inner, width):
    """acc[r, :] += tap * line[source + step * r, :width] for r in range(rows).

    ``acc`` holds ``rows`` rows of ``width``; either ``rows == 1`` or ``width == inner``.
    """
    if step == 1:
        count = (rows - 1) * inner + width
        src = line[source * inner:source * inner + count]
        for t in range(count):
            acc[t] += tap * src[t]
        return
    for r in range(rows):
        start = (source + step * r) * inner
        src = line[start:start + width]
        dst = acc[r * width:(r + 1) * width]
        for i in range(width):
            dst[i] += tap * src[i]


@numba.njit(inline="always", **_OPTIONS)
def _add_edge_term(acc, line, tap, edge, coef, slope, rows, inner, width):
    """acc[r, :] += tap * (coef + slope * r) * line[edge, :width] for r in range(rows)."""
    src = line[edge * inner:edge * inner + width]
    for r in range(rows):
        factor = tap * (coef + slope * r)
        dst = acc[r * width:(r + 1) * width]
        for i in range(width):
            dst[i] += factor * src[i]


@numba.njit(inline="always", **_OPTIONS)
def _filter_rows(inputs, weights, offsets, mode, n, inner, outputs, o, row_start, row_stop,
                 column, width, sums, sources, steps, tap_weights, edges, edge_terms):
    """Rows ``row_start .. row_stop``, inner positions ``column .. column + width``, of line
    ``o`` of every output (see the module doc): whole rows (``width == inner``) or one row."""
    n_outputs = len(outputs)
    n_inputs = len(inputs)
    taps = weights.shape[2]
    row = row_start
    while row < row_stop:
        # The longest segment from `row` on in which every tap reads one run.
        length = row_stop - row
        interior = True
        for k in range(taps):
            (source, step, weight, run,
             edge_a, coef_a, slope_a, edge_b, coef_b, slope_b) = extension_run(
                row + offsets[k], n, mode)
            sources[k], steps[k], tap_weights[k] = source, step, weight
            edges[k, 0], edges[k, 1] = edge_a, edge_b
            edge_terms[k, 0, 0], edge_terms[k, 0, 1] = coef_a, slope_a
            edge_terms[k, 1, 0], edge_terms[k, 1, 1] = coef_b, slope_b
            length = min(length, run)
            interior = (interior and step == 1 and weight == 1.0 and coef_a == 0.0
                        and slope_a == 0.0 and coef_b == 0.0 and slope_b == 0.0)
        first = (row - row_start) * width
        count = (length - 1) * inner + width  # whole rows, or part of a single row
        for c in range(n_inputs):
            # Offset by `column`, so that row r's part starts at r * inner.
            line = inputs[c][o][column:]
            if interior:
                f = 0
                while f + 2 <= n_outputs:
                    _add_taps_pair(sums[f, first:first + count],
                                   sums[f + 1, first:first + count],
                                   line, sources, weights[f, c], weights[f + 1, c],
                                   taps, inner, count)
                    f += 2
                if f < n_outputs:
                    _add_taps(sums[f, first:first + count], line, sources, weights[f, c],
                              0, taps, inner, count)
            else:
                for f in range(n_outputs):
                    acc = sums[f, first:first + count]
                    for k in range(taps):
                        tap = weights[f, c, k]
                        if tap_weights[k] != 0.0:
                            _add_run(acc, line, tap * tap_weights[k],
                                     sources[k], steps[k], length, inner, width)
                        for e in range(2):
                            if edge_terms[k, e, 0] != 0.0 or edge_terms[k, e, 1] != 0.0:
                                _add_edge_term(acc, line, tap, edges[k, e],
                                               edge_terms[k, e, 0], edge_terms[k, e, 1],
                                               length, inner, width)
        row += length
    start = row_start * inner + column
    for f in range(n_outputs):
        out = outputs[f][o, start:start + (row_stop - row_start - 1) * inner + width]
        acc = sums[f]
        for t in range(acc.shape[0]):
            out[t] = acc[t]


def task_count(outer, n_out, inner, rows_per_block, columns_per_block, lines_per_task):
    """Number of tasks :func:`filter_bank` splits its work into (see ``first_task``)."""
    row_blocks = (n_out + rows_per_block - 1) // rows_per_block
    column_blocks = (inner + columns_per_block - 1) // columns_per_block
    line_groups = (outer + lines_per_task - 1) // lines_per_task
    return line_groups * row_blocks * column_blocks


@numba.njit(parallel=True, **_OPTIONS)
def filter_bank(inputs, weights, offsets, mode, n, n_out, inner, rows_per_block,
                columns_per_block, lines_per_task, first_task, last_task, outputs):
    """Tasks ``first_task .. last_task`` of the filtering (see the module doc).

    A task is a tile of ``rows_per_block`` rows by ``columns_per_block`` inner positions
    (``columns_per_block == inner`` unless ``rows_per_block == 1``) of ``lines_per_task``
    lines, numbered line group first, then column block, then row block.
    """
    n_outputs = len(outputs)
    taps = weights.shape[3]
    outer = inputs[0].shape[0]
    row_blocks = (n_out + rows_per_block - 1) // rows_per_block
    column_blocks = (inner + columns_per_block - 1) // columns_per_block
    for task in numba.prange(first_task, last_task):
        # Consecutive tasks (one thread's share) take the rows of one column block in
        # turn, so the input they share is read from cache.
        row_start = (task % row_blocks) * rows_per_block
        row_stop = min(n_out, row_start + rows_per_block)
        column = ((task // row_blocks) % column_blocks) * columns_per_block
        width = min(inner, column + columns_per_block) - column
        first_line = (task // (row_blocks * column_blocks)) * lines_per_task
        sums = np.empty((n_outputs, (row_stop - row_start) * width))
        sources = np.empty(taps, dtype=np.int64)
        steps = np.empty(taps, dtype=np.int64)
        tap_weights = np.empty(taps)
        # Edge terms of the value-based modes (see extension_run), per tap.
        edges = np.zeros((taps, 2), dtype=np.int64)
        edge_terms = np.zeros((taps, 2, 2))
        for o in range(first_line, min(outer, first_line + lines_per_task)):
            sums[:] = 0.0
            # Line o uses weight set o % sets (one set per channel for depthwise layers).
            _filter_rows(inputs, weights[o % weights.shape[0]], offsets, mode, n, inner,
                         outputs, o, row_start, row_stop, column, width, sums, sources, steps,
                         tap_weights, edges, edge_terms)
