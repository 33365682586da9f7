"""The filter-upsampling engine's Python face: plan engine steps once, run them often.

Every transform runs through a :class:`Program`: a sequence of steps, each a bank of
à-trous filters along one axis of C-contiguous arrays
(:mod:`atrous._kernels.filter_bank`), planned once for arrays of given shapes and dtype
(the line views, reduced tap offsets, tiling and thread chunks are decided then) and run
in one compiled call where the work is small, or step by step on the engine's threads
where it is large. :func:`filter_along_axis` is a program of one step, planned and run at
once. :data:`plans` keeps what recent calls decided from their arguments, so a call that
repeats another's arguments on an array of the same shape, strides and dtype decides
nothing again. Nothing here validates user arguments.
"""

import threading

import numpy as np

from . import _validation as validate
from ._kernels import boundary
from ._kernels import filter_bank as kernel
from ._kernels.threads import run_chunks, threads

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


# The real dtype the kernel computes in, by array dtype: complex arrays are filtered as
# interleaved real and imaginary parts (a real filter acts on both alike).
_REAL = {np.dtype(t): np.dtype(r) for t, r in ((np.float64, np.float64),
                                                 (np.float32, np.float32),
                                                 (np.complex128, np.float64),
                                                 (np.complex64, np.float32))}
# The kernel's unused slots: a zero-length array of its dtype in each.
_NO_SLOTS = {dtype: [np.empty(0, dtype)] * kernel.SLOTS for dtype in set(_REAL.values())}
_NO_ADDRESSES = np.empty(0, np.int64)


class Program:
    """Engine steps planned once for arrays of one dtype, then run as often as wanted.

    The arrays a program reads and writes are numbered *slots*; a step names its inputs
    and outputs as ``(slot, element offset)`` pairs in them, each the start of a
    C-contiguous view of the step's shape (so one allocation can hold every subband of a
    transform). :meth:`run` takes the arrays, one per slot.

    Steps run in order. Consecutive steps small enough for one thread (under
    ``_SERIAL_WORK`` multiply-adds each, ``_CHUNK_WORK`` together) run in one compiled call;
    a larger step runs alone, its tasks shared among the engine's threads in chunks planned
    once per thread count.

    Examples
    --------
    Two levels of a Haar analysis of 8 samples, kept in one block of 3 rows (the second
    level reads the first level's low pass and writes over nothing it still needs):

    >>> import numpy as np
    >>> from atrous._engine import Program
    >>> from atrous._kernels import boundary
    >>> haar = np.array([[[0.5, 0.5]], [[-0.5, 0.5]]])    # (outputs, inputs, taps)
    >>> program = Program(np.float64)
    >>> program.add([(0, 0)], [(1, 0), (1, 8)], haar, [0, 1], boundary.WRAP, 0, (8,))
    >>> program.add([(1, 0)], [(1, 0), (1, 16)], haar, [0, 2], boundary.WRAP, 0, (8,))
    >>> block = np.empty((3, 8))
    >>> program.run([np.arange(8.0), block])
    >>> block[1]
    array([ 0.5,  0.5,  0.5,  0.5,  0.5,  0.5,  0.5, -3.5])
    """

    def __init__(self, dtype):
        self.dtype = np.dtype(dtype)
        if self.dtype not in _REAL:
            raise TypeError(f"the engine filters float32, float64, complex64 or complex128 "
                            f"data, not {self.dtype}")
        self._real = _REAL[self.dtype]
        self._scale = 2 if self.dtype.kind == "c" else 1  # real elements per element
        self._rows, self._refs, self._weights, self._offsets = [], [], [], []
        self._steps = []  # per step: what planning its thread chunks needs
        self._needs = {}  # slot -> real elements its array must hold
        self._written = set()
        self._chunks = {}
        self._arrays = None

    def add(self, inputs, outputs, weights, offsets, mode, axis, shape, n_out=None):
        """Add the step ``outputs[f] = sum_c sum_k weights[f, c, k] * extended(inputs[c])``
        at rows ``r + offsets[k]``, along ``axis``.

        ``inputs`` and ``outputs`` are ``(slot, element offset)`` pairs; every input is a
        view of ``shape``, every output of ``shape`` with ``n_out`` (default
        ``shape[axis]``) along ``axis``. ``weights`` is ``(outputs, inputs, taps)`` or
        ``(sets, outputs, inputs, taps)`` (line ``o`` of the ``(outer, n, inner)`` view uses
        set ``o % sets``); ``mode`` a code of :mod:`atrous._kernels.boundary`. A step
        without outputs to write is left out.
        """
        outer, n, inner = _line_shape(shape, axis)
        n_out = n if n_out is None else n_out
        if outer * inner * n_out == 0:
            return
        if n == 0 and mode != boundary.ZERO:  # (zero padding of nothing is zeros)
            raise ValueError(f"the data has no samples along axis {axis} to extend by this "
                             "boundary mode; only zero padding extends an empty axis")
        inner *= self._scale
        weights = np.ascontiguousarray(
            weights if np.ndim(weights) == 4 else np.asarray(weights)[None], dtype=np.float64)
        if weights.shape[1:3] != (len(outputs), len(inputs)):
            raise ValueError(f"weights of shape {weights.shape} do not match {len(outputs)} "
                             f"outputs and {len(inputs)} inputs")
        offsets = reduce_offsets(offsets, n, mode, n_out)
        if len(offsets) != weights.shape[3]:
            raise ValueError(f"{len(offsets)} tap offsets for weights of {weights.shape[3]} "
                             "taps")
        tiling = _tiling(len(inputs), len(outputs), len(offsets), n_out, inner)
        refs = []
        for pairs, length in ((inputs, n), (outputs, n_out)):
            for slot, start in pairs:
                end = (start + outer * length * inner // self._scale) * self._scale
                self._needs[slot] = max(self._needs.get(slot, 0), end)
                refs += [slot, start * self._scale]
        self._written.update(slot for slot, _ in outputs)
        row = [0] * kernel.COLUMNS
        row[kernel.INPUTS], row[kernel.OUTPUTS] = len(inputs), len(outputs)
        row[kernel.REFS] = kernel.SLOTS + sum(len(r) for r in self._refs)
        row[kernel.OUTER], row[kernel.LENGTH] = outer, n
        row[kernel.LENGTH_OUT], row[kernel.INNER] = n_out, inner
        row[kernel.MODE] = mode
        (row[kernel.ROWS_PER_BLOCK], row[kernel.COLUMNS_PER_BLOCK],
         row[kernel.LINES_PER_TASK]) = tiling
        row[kernel.TASKS] = kernel.task_count(outer, n_out, inner, *tiling)
        row[kernel.WEIGHTS] = sum(w.size for w in self._weights)
        row[kernel.SETS], row[kernel.TAPS] = weights.shape[0], weights.shape[3]
        row[kernel.OFFSETS] = sum(len(o) for o in self._offsets)
        self._rows.append(row)
        self._refs.append(refs)
        self._weights.append(weights.ravel())
        self._offsets.append(offsets)
        work, bound = _work(len(inputs), len(outputs), offsets, outer, n_out, inner, tiling)
        self._steps.append(((len(inputs), len(outputs), offsets, mode, outer, n, n_out,
                             inner), work, bound))
        self._arrays = None

    def _finish(self):
        """The kernel's arrays, the batches ``(first, last, threaded)`` of steps, the
        elements each slot's array must hold, and the kernel."""
        table = np.array(self._rows, dtype=np.int64).reshape(-1, kernel.COLUMNS)
        needs = tuple(self._needs.get(slot, 0)
                      for slot in range(max(self._needs, default=-1) + 1))
        refs = np.array([*(needs + (0,) * kernel.SLOTS)[:kernel.SLOTS],
                         *(r for step in self._refs for r in step)], dtype=np.int64)
        weights = (np.concatenate(self._weights) if self._weights
                   else np.empty(0, np.float64))
        offsets = (np.concatenate(self._offsets).astype(np.int64) if self._offsets
                   else np.empty(0, np.int64))
        batches, first, spent = [], 0, 0
        for index, (_, work, bound) in enumerate(self._steps):
            if work >= _SERIAL_WORK or spent + bound > _CHUNK_WORK:
                if first < index:
                    batches.append((first, index, False))
                first, spent = index, 0
            if work >= _SERIAL_WORK:
                batches.append((index, index + 1, True))
                first = index + 1
            else:
                spent += bound
        if first < len(self._steps):
            batches.append((first, len(self._steps), False))
        run = kernel.steps_entry(self._real) if batches else None
        self._arrays = (table, refs, weights, offsets, tuple(batches), needs, run)
        return self._arrays

    @property
    def steps(self):
        """How many steps the program holds."""
        return len(self._steps)

    def run(self, arrays):
        """Run every step on ``arrays`` (C-contiguous, of the program's dtype; one per slot,
        each holding at least what the steps address in it, those written writable).

        The kernel checks the first eight arrays' contiguity and sizes (numba, their dtype);
        the others, read by address, are checked here. The writable ones are the caller's
        to give: the transforms write into arrays they allocate.
        """
        table, refs, weights, offsets, batches, needs, run = self._arrays or self._finish()
        if len(arrays) < len(needs):
            raise ValueError(f"the program addresses {len(needs)} arrays, {len(arrays)} given")
        slots = []
        for array in arrays:
            if not array.flags.c_contiguous:
                raise ValueError(f"engine array of shape {array.shape} and strides "
                                 f"{array.strides} is not C-contiguous")
            view = array if array.ndim == 1 else array.reshape(-1)
            slots.append(view.view(self._real) if self._scale == 2 else view)
        if len(slots) > kernel.SLOTS:
            for slot, array in enumerate(arrays[kernel.SLOTS:len(needs)], kernel.SLOTS):
                # (C-contiguity is checked above, for every array)
                if array.dtype != self.dtype or array.size * self._scale < needs[slot]:
                    raise ValueError(f"engine array {slot} of dtype {array.dtype} and size "
                                     f"{array.size} is not a C-contiguous {self.dtype} array "
                                     f"of {needs[slot] // self._scale} elements")
            extra = np.array([view.ctypes.data for view in slots[kernel.SLOTS:]], np.int64)
            slots = slots[:kernel.SLOTS]
        else:
            extra = _NO_ADDRESSES
            slots += _NO_SLOTS[self._real][len(slots):]
        if len(batches) == 1 and not batches[0][2]:  # the common case: one call
            failed = run(table, refs, weights, offsets, 0, batches[0][1], extra, *slots, 0, -1)
            if failed:
                self._refuse(arrays, failed - 1)
            return
        for first, last, threaded in batches:
            if not threaded:
                failed = run(table, refs, weights, offsets, first, last, extra, *slots, 0, -1)
                if failed:
                    self._refuse(arrays, failed - 1)
                continue
            workers = threads()
            chunks = self._chunks.get((first, workers))
            if chunks is None:
                step, _, _ = self._steps[first]
                chunks = self._chunks.setdefault((first, workers), _plan(*step, workers)[1])
            # Checked here: a refusing chunk would leave the others running.
            if run(table, refs, weights, offsets, 0, 0, extra, *slots, 0, 0):
                self._refuse(arrays, run(table, refs, weights, offsets, 0, 0, extra, *slots,
                                         0, 0) - 1)
            # The kernel reads and writes the arrays by address: the job keeps them alive.
            run_chunks(run, (table, refs, weights, offsets, first, last, extra, *slots),
                       chunks, workers, holding=(arrays, slots))

    def _refuse(self, arrays, slot):
        array = arrays[slot]
        raise ValueError(f"engine array {slot} of shape {array.shape} and dtype {array.dtype} "
                         f"is not C-contiguous or holds fewer than the "
                         f"{self._arrays[5][slot] // self._scale} elements the steps address")


def _line_shape(shape, axis):
    """``(outer, n, inner)`` of a C-contiguous array of ``shape`` filtered along ``axis``."""
    outer = 1
    for length in shape[:axis]:
        outer *= length
    inner = 1
    for length in shape[axis + 1:]:
        inner *= length
    return outer, shape[axis], inner


def filter_along_axis(inputs, weights, offsets, mode, axis, outputs):
    """``outputs[f] = sum_c correlate(extend(inputs[c]), weights[f, c]) at offsets`` along ``axis``.

    A program of one step, planned and run at once.

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
    if not all(array.flags.c_contiguous for array in (*inputs, *outputs)):
        raise ValueError("engine inputs and outputs must be C-contiguous")
    shape = first.shape
    n_out = outputs[0].shape[axis]
    out_shape = shape[:axis] + (n_out,) + shape[axis + 1:]
    for role, arrays, want in (("input", inputs, shape), ("output", outputs, out_shape)):
        for array in arrays:
            if array.dtype != first.dtype or array.shape != want:
                raise ValueError(f"engine {role} of dtype {array.dtype} and shape "
                                 f"{array.shape} does not match {want} {first.dtype}")
    program = Program(first.dtype)
    count = len(inputs)
    program.add([(c, 0) for c in range(count)], [(count + f, 0) for f in range(len(outputs))],
                weights, offsets, mode, axis, shape, n_out)
    program.run([*inputs, *outputs])


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




def _tiling(n_inputs, n_outputs, taps, n_out, inner):
    """``(rows_per_block, columns_per_block, lines_per_task)`` of a step's tasks: tiles of
    about ``_BLOCK_ELEMENTS`` output samples (fewer for very long filters, so that a chunk
    still holds several tiles for the threads to share)."""
    per_sample = n_outputs * (n_inputs * taps + 1)  # multiply-adds of an output sample
    tile = max(1, min(_BLOCK_ELEMENTS, _CHUNK_WORK // (16 * per_sample)))
    if inner <= tile:
        rows_per_block, columns_per_block = max(1, tile // inner), inner
    else:
        # Rows longer than a tile are cut into equal parts of one row each.
        parts = -(-inner // tile)
        rows_per_block, columns_per_block = 1, -(-inner // parts)
    # Short lines are grouped so that a task still has a tile's worth of work.
    lines_per_task = max(1, tile // (n_out * inner))
    return rows_per_block, columns_per_block, lines_per_task


def _work(n_inputs, n_outputs, offsets, outer, n_out, inner, tiling):
    """``(work, bound)``: a step's multiply-adds, and an upper bound of its cost in
    multiply-adds' worth of time counting the segments the kernel starts (at most one per
    tap and row)."""
    taps = len(offsets)
    per_sample = n_outputs * (n_inputs * taps + 1)
    work = outer * n_out * inner * per_sample
    column_blocks = -(-inner // tiling[1])
    segment_cost = taps * _SEGMENT_TAP_COST * (1 + n_outputs * n_inputs)
    return work, outer * n_out * (inner * per_sample + column_blocks * segment_cost)


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
    tiling = _tiling(n_inputs, n_outputs, taps, n_out, inner)
    rows_per_block, columns_per_block, lines_per_task = tiling
    tasks = kernel.task_count(outer, n_out, inner, *tiling)
    work, bound = _work(n_inputs, n_outputs, offsets, outer, n_out, inner, tiling)
    segment_cost = taps * _SEGMENT_TAP_COST * (1 + n_outputs * n_inputs)
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


# -- Plans of recent calls ----------------------------------------------------------------


class PlanCache:
    """What calls decided from their arguments, by key, for the ``size`` latest keys.

    A key holds everything a plan depends on: the data's shape, strides and dtype and every
    argument, each with its type (so ``level=2.0``, which a transform refuses, never meets
    the plan of ``level=2``). Lookups take no lock (a dict read is atomic); adding takes
    one, and drops the oldest key when full. A plan is never changed once stored, so any
    number of threads may run it at once.
    """

    def __init__(self, size):
        self.size = size
        self._plans = {}
        self._lock = threading.Lock()

    def get(self, key, build):
        """The plan stored under ``key``, or ``build()``, stored unless building it warned
        (a call that warns must warn every time) or ran under ``validate.quiet``. A key
        of None, or one holding something unhashable (a filter bank given as a list), is
        never stored: the plan is built for this call alone."""
        if key is None:
            return build()
        try:
            plan = self._plans.get(key)
        except TypeError:  # unhashable
            return build()
        if plan is not None:
            return plan
        warned = validate.warnings_given()
        plan = build()
        if validate.warnings_given() == warned and not validate.is_quiet():
            with self._lock:
                while len(self._plans) >= self.size:
                    del self._plans[next(iter(self._plans))]
                self._plans[key] = plan
        return plan

    def clear(self):
        with self._lock:
            self._plans.clear()

    def __len__(self):
        return len(self._plans)


plans = PlanCache(256)


def call_key(name, array, *arguments):
    """The key of a call of ``name`` on ``array`` with these ``arguments``: the array's
    shape, strides and dtype, and each argument with its type."""
    return name, array.shape, array.strides, array.dtype, arguments, tuple(map(type, arguments))


def array_key(array):
    """What a plan may depend on in an array: its shape, strides (C- or F-ordered, or
    neither) and dtype."""
    return (array.shape, array.strides, array.dtype)
