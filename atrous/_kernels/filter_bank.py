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

How the work is split: each task owns a tile of output rows and columns (inner
positions) of one outer index, or, for lines shorter than a tile, a group of whole lines. A
tile holds whole rows (a contiguous range of ``rows * inner`` elements) or, where one row is
longer than a tile, part of a single row (``columns`` consecutive inner positions), so a
task's float64 scratch stays a tile's size whatever the shape. Tasks are numbered, and a
call runs any range of them: :mod:`atrous._kernels.threads` hands ranges to its threads
(the kernel releases the GIL), and Python acts on Ctrl-C between ranges. The tile is cut
into segments within which every tap reads a single run of the extension
(:func:`~atrous._kernels.boundary.extension_run`). Where all taps read the signal itself
(the interior, nearly everything), four taps and two outputs are fused per pass over a
float64 accumulator, in contiguous loops that vectorise. Elsewhere (the O(halo) edges)
each tap is added on its own, following the run's direction.

Sums are accumulated in float64 whatever the storage type and rounded once on store. Each
output sample is summed in a fixed order that does not depend on how rows and columns are
split among tasks and launches, so results do not depend on the number of threads.

Loops run over array views starting at index 0: numba's negative-index wraparound on
computed indices would otherwise block vectorisation.

Why the kernel views memory by address: a tuple of arrays is typed by its length, so each
count of inputs and outputs would be compiled on its own (seconds each, in a fresh
environment). The kernel, :func:`run_steps`, instead receives the arrays of a whole
program in eight slots of one type and the steps' inputs and outputs as (slot, offset)
pairs, and views the memory itself (:func:`_lines`): one compilation per dtype serves
every transform. The caller (:class:`atrous._engine.Program`) plans the steps and keeps
the arrays alive during the call; the kernel checks the slots' sizes and contiguity. Only
the boundary rule, called per tap and segment, is inlined; inlining the others cost more
compile time than it saved run time. Nothing runs in a ``prange``: inlining everything and
the ``prange`` lowering once made one signature cost 10 s to compile; the threads of
:mod:`atrous._kernels.threads` give the parallelism.
"""

import ctypes
import threading

import numba
import numpy as np
from numba import types
from numba.extending import intrinsic

from .boundary import extension_run
from .cache import njit

# error_model='numpy': no exception raised for an integer division by zero (the kernels
# never divide by zero: every length and block size is at least 1), which spares the
# compiler an exception path at each of the kernel's many divisions (5 % of its first
# compile).
_OPTIONS = {"cache": True, "nogil": True, "fastmath": False, "error_model": "numpy"}


@intrinsic
def _pointer(typingctx, address, like):
    """The int64 ``address`` as a pointer to elements of ``like``'s dtype."""
    pointer = types.CPointer(like.dtype)

    def codegen(context, builder, signature, args):
        return builder.inttoptr(args[0], context.get_value_type(pointer))

    return pointer(types.int64, like), codegen


if numba.config.DISABLE_JIT:
    # NUMBA_DISABLE_JIT=1 runs the kernels as Python (debugging, coverage), where an
    # intrinsic cannot run: the same pointer from ctypes, which numba.carray takes.
    def _pointer(address, like):  # noqa: F811
        element = np.ctypeslib.as_ctypes_type(like.dtype)
        return ctypes.cast(int(address), ctypes.POINTER(element))


# Not inlined: numba's inlining of its several call sites cost more compile time (0.7 s of
# the kernel's first compile) than the calls cost at run time (none measurable).
@njit(**_OPTIONS)
def _lines(address, like, outer, length):
    """The C-contiguous ``(outer, length)`` array of ``like``'s dtype at ``address``."""
    return numba.carray(_pointer(address, like), (outer, length))


@njit(**_OPTIONS)
def _add_taps(acc, line, sources, weights, inner, count):
    """acc[t] += sum over k of weights[k] * line[sources[k] * inner + t], t < count."""
    taps = sources.shape[0]
    k = 0
    while k + 4 <= taps:
        w0, w1, w2, w3 = weights[k], weights[k + 1], weights[k + 2], weights[k + 3]
        s0 = line[sources[k] * inner:sources[k] * inner + count]
        s1 = line[sources[k + 1] * inner:sources[k + 1] * inner + count]
        s2 = line[sources[k + 2] * inner:sources[k + 2] * inner + count]
        s3 = line[sources[k + 3] * inner:sources[k + 3] * inner + count]
        for t in range(count):
            acc[t] += w0 * s0[t] + w1 * s1[t] + w2 * s2[t] + w3 * s3[t]
        k += 4
    while k < taps:
        w0 = weights[k]
        s0 = line[sources[k] * inner:sources[k] * inner + count]
        for t in range(count):
            acc[t] += w0 * s0[t]
        k += 1


# Its four-tap loop repeats _add_taps' on purpose: a call per group of taps would reload
# each input sample for the second output, and sharing the loads is the point.
@njit(**_OPTIONS)
def _add_taps_pair(acc_a, acc_b, line, sources, weights_a, weights_b, inner, count):
    """:func:`_add_taps` for two outputs at once, sharing every load of the input."""
    taps = sources.shape[0]
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
    _add_taps(acc_a, line, sources[k:], weights_a[k:], inner, count)
    _add_taps(acc_b, line, sources[k:], weights_b[k:], inner, count)


@njit(**_OPTIONS)
def _add_extended_tap(acc, line, tap, position, n, mode, rows, inner, width):
    """acc[r, :width] += tap * extended(line)[position + r, :width] for r in range(rows).

    One run of the extension (:func:`~atrous._kernels.boundary.extension_run` at
    ``position``) covers the ``rows``; ``acc`` holds ``rows`` rows of ``width``, and either
    ``rows == 1`` or ``width == inner``.
    """
    (source, step, weight, _, edge_a, coef_a, slope_a,
     edge_b, coef_b, slope_b) = extension_run(position, n, mode)
    if weight != 0.0:
        factor = tap * weight
        if step == 1:
            count = (rows - 1) * inner + width
            src = line[source * inner:source * inner + count]
            for t in range(count):
                acc[t] += factor * src[t]
        else:
            for r in range(rows):
                start = (source + step * r) * inner
                src = line[start:start + width]
                dst = acc[r * width:(r + 1) * width]
                for i in range(width):
                    dst[i] += factor * src[i]
    # The value-based modes add multiples of the edge samples.
    for edge, coef, slope in ((edge_a, coef_a, slope_a), (edge_b, coef_b, slope_b)):
        if coef != 0.0 or slope != 0.0:
            src = line[edge * inner:edge * inner + width]
            for r in range(rows):
                factor = tap * (coef + slope * r)
                dst = acc[r * width:(r + 1) * width]
                for i in range(width):
                    dst[i] += factor * src[i]


@njit(**_OPTIONS)
def _side_by_side(side, source, first_line, lines):
    """Lines ``first_line ..`` of ``source`` (``(outer, n)``), ``lines`` of them, side by
    side in ``side``: row ``r`` of line ``l`` at ``r * lines + l``."""
    n = source.shape[1]
    for member in range(lines):
        for r in range(n):
            side[r * lines + member] = source[first_line + member, r]


@njit(**_OPTIONS)
def _one_by_one(out, sums, first_line, lines):
    """The inverse of :func:`_side_by_side`: ``sums`` (row ``r`` of line ``l`` at
    ``r * lines + l``) into lines ``first_line ..`` of ``out`` (``(outer, n_out)``)."""
    n_out = out.shape[1]
    for member in range(lines):
        for r in range(n_out):
            out[first_line + member, r] = sums[r * lines + member]


def task_count(outer, n_out, inner, rows_per_block, columns_per_block, lines_per_task):
    """Number of tasks a step of :func:`run_steps` splits its work into."""
    row_blocks = (n_out + rows_per_block - 1) // rows_per_block
    column_blocks = (inner + columns_per_block - 1) // columns_per_block
    line_groups = (outer + lines_per_task - 1) // lines_per_task
    return line_groups * row_blocks * column_blocks


# -- The one entry point: a program of steps, in one compiled call ----------------------------
#
# A *program* is a sequence of steps, each a filtering as described in the module doc, on
# arrays the caller passes once for the whole program. Its description lives in four arrays:
# ``table``, one int64 row per step, with the columns below; ``refs``, first the elements
# each of the SLOTS arrays must hold, then each step's inputs and then its outputs as
# ``(slot, element offset)`` pairs, from the step's REFS on; ``weights``,
# every step's float64 weights ``(sets, outputs, inputs, taps)`` flattened, from its
# WEIGHTS on; ``offsets``, every step's tap positions, from its OFFSETS on.
#
# The arrays arrive in eight slots (1-d views of one dtype), and the addresses of any more
# in ``extra``: slot ``s >= 8`` is ``extra[s - 8]``. Passing arrays keeps a call cheap
# (numba reads their addresses in C, where Python's ``ctypes`` takes about 2 microseconds
# an array), and typing the slots read-only and unaligned lets every 1-d view of the dtype
# share one compiled signature. Why addresses at all: a tuple of arrays is typed by its
# length, so each count of inputs and outputs would be compiled on its own (seconds each).
(INPUTS, OUTPUTS, REFS, OUTER, LENGTH, LENGTH_OUT, INNER, MODE, ROWS_PER_BLOCK,
 COLUMNS_PER_BLOCK, LINES_PER_TASK, TASKS, WEIGHTS, SETS, TAPS, OFFSETS) = range(16)
COLUMNS = 16
SLOTS = 8


def _run_steps(table, refs, weights, offsets, first_step, last_step, extra,
               a0, a1, a2, a3, a4, a5, a6, a7, first_task, last_task):
    """Steps ``first_step .. last_step`` of a program (see above), one after the other.

    Returns 0, or ``slot + 1`` (and runs nothing) if the array in that slot is not
    contiguous or holds fewer elements than the first refs say the steps address in it.

    With ``last_task >= 0`` only tasks ``first_task .. last_task`` of the (single) step
    run: the threads of :mod:`atrous._kernels.threads` share a large step that way.

    A step's inputs are ``(outer, n * inner)`` arrays and its outputs ``(outer, n_out *
    inner)`` arrays at the addresses its refs give. A task is a tile of ``rows_per_block``
    rows by ``columns_per_block`` inner positions (``columns_per_block == inner`` unless
    ``rows_per_block == 1``) of ``lines_per_task`` lines, numbered line group first, then
    column block, then row block: consecutive tasks take the rows of one column block in
    turn, so the input they share is read from cache.
    """
    itemsize = np.int64(a0.itemsize)
    # The first SLOTS refs are how many elements each slot's array must hold.
    for slot, array in enumerate((a0, a1, a2, a3, a4, a5, a6, a7)):
        if array.size < refs[slot] or (array.size > 1 and array.strides[0] != itemsize):
            return slot + 1
    bases = np.empty(SLOTS + extra.shape[0], dtype=np.int64)
    bases[0] = np.int64(a0.ctypes.data)
    bases[1] = np.int64(a1.ctypes.data)
    bases[2] = np.int64(a2.ctypes.data)
    bases[3] = np.int64(a3.ctypes.data)
    bases[4] = np.int64(a4.ctypes.data)
    bases[5] = np.int64(a5.ctypes.data)
    bases[6] = np.int64(a6.ctypes.data)
    bases[7] = np.int64(a7.ctypes.data)
    for e in range(extra.shape[0]):
        bases[SLOTS + e] = extra[e]
    # Scratch for the largest step, allocated once per call.
    most_inputs = most_outputs = most_taps = most_tile = most_side = 1
    for step in range(first_step, last_step):
        most_inputs = max(most_inputs, table[step, INPUTS])
        most_outputs = max(most_outputs, table[step, OUTPUTS])
        most_taps = max(most_taps, table[step, TAPS])
        most_tile = max(most_tile, table[step, ROWS_PER_BLOCK]
                        * min(table[step, INNER], table[step, COLUMNS_PER_BLOCK]))
        if table[step, INNER] == 1 and table[step, LENGTH_OUT] <= table[step, ROWS_PER_BLOCK]:
            # A task's whole short lines side by side: at most a tile's worth of outputs.
            most_tile = max(most_tile, table[step, LINES_PER_TASK] * table[step, LENGTH_OUT])
            most_side = max(most_side, table[step, INPUTS] * table[step, LINES_PER_TASK]
                            * table[step, LENGTH])
    all_input_addresses = np.empty(most_inputs, dtype=np.int64)
    all_output_addresses = np.empty(most_outputs, dtype=np.int64)
    all_sums = np.empty((most_outputs, most_tile))
    all_sources = np.empty(most_taps, dtype=np.int64)
    side_by_side = np.empty(most_side, dtype=a0.dtype)
    side_addresses = np.empty(most_inputs, dtype=np.int64)
    for step in range(first_step, last_step):
        n_inputs, n_outputs = table[step, INPUTS], table[step, OUTPUTS]
        outer, n, n_out, inner = (table[step, OUTER], table[step, LENGTH],
                                  table[step, LENGTH_OUT], table[step, INNER])
        mode, sets, taps = table[step, MODE], table[step, SETS], table[step, TAPS]
        rows_per_block = table[step, ROWS_PER_BLOCK]
        columns_per_block = table[step, COLUMNS_PER_BLOCK]
        lines_per_task = table[step, LINES_PER_TASK]
        ref = table[step, REFS]
        input_addresses = all_input_addresses[:n_inputs]
        for c in range(n_inputs):
            input_addresses[c] = bases[refs[ref + 2 * c]] + refs[ref + 2 * c + 1] * itemsize
        ref += 2 * n_inputs
        output_addresses = all_output_addresses[:n_outputs]
        for f in range(n_outputs):
            output_addresses[f] = bases[refs[ref + 2 * f]] + refs[ref + 2 * f + 1] * itemsize
        weight_start = table[step, WEIGHTS]
        positions = offsets[table[step, OFFSETS]:table[step, OFFSETS] + taps]
        first_of_step, last_of_step = ((first_task, last_task) if last_task >= 0
                                       else (0, table[step, TASKS]))
        row_blocks = (n_out + rows_per_block - 1) // rows_per_block
        column_blocks = (inner + columns_per_block - 1) // columns_per_block
        sums = all_sums
        sources = all_sources[:taps]
        for task in range(first_of_step, last_of_step):
            row_start = (task % row_blocks) * rows_per_block
            row_stop = min(n_out, row_start + rows_per_block)
            column = ((task // row_blocks) % column_blocks) * columns_per_block
            width = min(inner, column + columns_per_block) - column
            first_line = (task // (row_blocks * column_blocks)) * lines_per_task
            size = (row_stop - row_start - 1) * inner + width  # whole rows, or part of one
            last_line = min(outer, first_line + lines_per_task)
            lines = last_line - first_line
            # The lines of the task, one row each and the same weights: short lines side by
            # side (row r of line l at r * lines + l) are one line of `lines` columns, whose
            # rows the loops below take whole (a call per segment, not per line and
            # segment), with every sample's arithmetic as alone.
            together = inner == 1 and row_blocks == 1 and sets == 1 and lines > 1
            if together:
                line_addresses = side_addresses[:n_inputs]
                for c in range(n_inputs):
                    side = side_by_side[c * lines * n:(c + 1) * lines * n]
                    line_addresses[c] = np.int64(side.ctypes.data)
                    _side_by_side(side, _lines(input_addresses[c], a0, outer, n), first_line,
                                  lines)
                view_outer, view_inner, view_width, first_view, last_view = 1, lines, lines, 0, 1
                size = n_out * lines
            else:
                line_addresses = input_addresses
                view_outer, view_inner, view_width = outer, inner, width
                first_view, last_view = first_line, last_line
            for o in range(first_view, last_view):
                # Line o uses weight set o % sets (one set per channel for depthwise layers).
                bank = weight_start + (o % sets) * n_outputs * n_inputs * taps
                for f in range(n_outputs):
                    sums[f, :size] = 0.0
                row = row_start
                while row < row_stop:
                    # The longest segment from `row` on in which every tap reads one run.
                    length = row_stop - row
                    interior = True
                    for k in range(taps):
                        (source, step_, weight, run, _, coef_a, slope_a,
                         _, coef_b, slope_b) = extension_run(row + positions[k], n, mode)
                        sources[k] = source
                        length = min(length, run)
                        interior = (interior and step_ == 1 and weight == 1.0
                                    and coef_a == 0.0 and slope_a == 0.0 and coef_b == 0.0
                                    and slope_b == 0.0)
                    first = (row - row_start) * view_width
                    count = (length - 1) * view_inner + view_width
                    for c in range(n_inputs):
                        # Offset by `column`, so that row r's part starts at r * inner.
                        line = _lines(line_addresses[c], a0, view_outer,
                                      n * view_inner)[o, column:]
                        paired = 0
                        while interior and paired + 2 <= n_outputs:
                            taps_a = bank + (paired * n_inputs + c) * taps
                            taps_b = bank + ((paired + 1) * n_inputs + c) * taps
                            _add_taps_pair(sums[paired, first:first + count],
                                           sums[paired + 1, first:first + count], line,
                                           sources, weights[taps_a:taps_a + taps],
                                           weights[taps_b:taps_b + taps], view_inner, count)
                            paired += 2
                        for f in range(paired, n_outputs):
                            acc = sums[f, first:first + count]
                            taps_f = bank + (f * n_inputs + c) * taps
                            if interior:
                                _add_taps(acc, line, sources, weights[taps_f:taps_f + taps],
                                          view_inner, count)
                            else:
                                # The O(halo) edges: each tap on its own, along its run.
                                for k in range(taps):
                                    _add_extended_tap(acc, line, weights[taps_f + k],
                                                      row + positions[k], n, mode, length,
                                                      view_inner, view_width)
                    row += length
                if together:
                    for f in range(n_outputs):
                        _one_by_one(_lines(output_addresses[f], a0, outer, n_out), sums[f],
                                    first_line, lines)
                    continue
                start = row_start * inner + column
                for f in range(n_outputs):
                    out = _lines(output_addresses[f], a0, outer, n_out * inner)[o, start:]
                    acc = sums[f]
                    for t in range(size):
                        out[t] = acc[t]
    return 0


def _signature(dtype):
    slot = types.Array(numba.from_dtype(dtype), 1, "A", readonly=True, aligned=False)
    integers = types.Array(types.int64, 1, "C")
    return (types.Array(types.int64, 2, "C"), integers, types.Array(types.float64, 1, "C"),
            integers, types.int64, types.int64, integers, *[slot] * SLOTS,
            types.int64, types.int64)


_KERNELS = {}
_ENTRIES = {}
_KERNELS_LOCK = threading.Lock()


def run_steps(dtype):
    """The compiled program runner for arrays of ``dtype`` (float32 or float64).

    Called as ``kernel(table, refs, weights, offsets, first_step, last_step, extra,
    a0, ..., a7, first_task, last_task)``. Compiled (or loaded from the cache of
    :mod:`atrous._kernels.cache`) on the first request for the dtype, with one explicit
    signature, after which the dispatcher compiles nothing more: writable, read-only,
    aligned or not, every 1-d view of the dtype converts to the slots' type. Under
    ``NUMBA_DISABLE_JIT=1``, :func:`_run_steps` itself, run as Python.
    """
    dtype = np.dtype(dtype)  # np.float64 and np.dtype("float64") hash differently
    kernel = _KERNELS.get(dtype)
    if kernel is None:
        with _KERNELS_LOCK:
            kernel = _KERNELS.get(dtype)
            if kernel is None:
                kernel = njit(**_OPTIONS)(_run_steps)
                if not numba.config.DISABLE_JIT:  # else the Python function itself
                    kernel.compile(_signature(dtype))
                    kernel.disable_compile()
                _KERNELS[dtype] = kernel
    return kernel


def steps_entry(dtype):
    """:func:`run_steps`'s compiled function for ``dtype`` itself: the same call without
    the dispatcher's typing of every argument (about a microsecond). It converts what it is
    given to the signature's types and refuses an array of another dtype (TypeError), but
    does not check an array's number of dimensions: pass 1-d views in the slots."""
    dtype = np.dtype(dtype)
    entry = _ENTRIES.get(dtype)
    if entry is None:
        kernel = run_steps(dtype)
        overloads = list(getattr(kernel, "overloads", {}).values())  # none without the JIT
        entry = _ENTRIES.setdefault(
            dtype, getattr(overloads[0], "entry_point", kernel) if overloads else kernel)
    return entry
