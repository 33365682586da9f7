"""Separable filter-bank cascades over several axes, with planned buffer reuse.

Bookkeeping shared by the n-d stationary wavelet transforms and the multiresolution
analyses. A level of an analysis cascade splits its input along each axis in turn into a
low-pass and a high-pass part (one engine pass per split, both filters together), giving
``2**d`` subbands keyed by one letter per axis (``'a'`` low, ``'d'`` high), in
PyWavelets' order. A level of a synthesis cascade merges them back, axis by axis.

Memory is planned before anything runs. Every subband of the whole transform lives in one
freshly allocated block (one allocation faults its pages in far faster than many), and the
intermediate results of a level reuse the slots of subbands that are no longer needed.
A forward transform therefore needs its outputs and one subband of scratch; with
``trim_approx`` an approximation is released as soon as the next level has read it.
"""

from itertools import product

import numpy as np

from ._engine import Program

_INPUT = -1  # the plan's name for the caller's array


def subband_keys(count):
    """``['aa', 'ad', 'da', 'dd']`` for two axes: PyWavelets' subband order."""
    return ["".join(letters) for letters in product("ad", repeat=count)]


def _plan_analysis(levels, count, trim_approx):
    """Buffer assignment for ``levels`` levels over ``count`` axes.

    Buffers are integers: ``0 .. block_size - 1`` are slots of the output block, larger
    ones scratch arrays. Returns ``(steps, outputs, last_approx, block_size)``: ``steps``
    lists ``(level, axis_index, source, low, high)``; ``outputs[level]`` maps each returned
    subband key to its buffer; ``last_approx`` is the buffer of the last approximation
    (with ``trim_approx``, else None).
    """
    keys = subband_keys(count)
    approx_key = "a" * count
    per_level = len(keys) - 1 if trim_approx else len(keys)
    block_size = levels * per_level + (1 if trim_approx else 0)
    free, steps, outputs = [], [], []
    next_slot, next_scratch = 0, block_size

    def take():
        nonlocal next_scratch
        if free:
            return free.pop()
        next_scratch += 1
        return next_scratch - 1

    source = _INPUT
    for level in range(levels):
        fresh = per_level + (1 if trim_approx and level == 0 else 0)
        free.extend(range(next_slot + fresh - 1, next_slot - 1, -1))
        next_slot += fresh
        # The approximation feeding this level is released once read, unless returned.
        owned = trim_approx and source != _INPUT
        parts = [("", source, owned)]
        for axis_index in range(count):
            split = []
            for prefix, buffer, owned in parts:
                low, high = take(), take()
                steps.append((level, axis_index, buffer, low, high))
                if owned:
                    free.append(buffer)
                split += [(prefix + "a", low, True), (prefix + "d", high, True)]
            parts = split
        subbands = {key: buffer for key, buffer, _ in parts}
        source = subbands[approx_key] if count else source
        if trim_approx and count:
            del subbands[approx_key]
        outputs.append(subbands)

    # Leave scratch free at the end rather than a block slot: rename buffers so that no
    # returned subband sits in scratch while a slot of the block goes unused.
    returned = {b for subbands in outputs for b in subbands.values()}
    if trim_approx:
        returned.add(source)
    idle_slots = sorted(set(range(block_size)) - returned)
    scratch_returned = sorted(b for b in returned if b >= block_size)
    pairs = list(zip(scratch_returned, idle_slots))
    rename = dict(pairs + [(slot, b) for b, slot in pairs])
    if rename:
        steps = [(lv, ax, rename.get(s, s), rename.get(lo, lo), rename.get(hi, hi))
                 for lv, ax, s, lo, hi in steps]
        outputs = [{k: rename.get(b, b) for k, b in sub.items()} for sub in outputs]
        source = rename.get(source, source)
    return steps, outputs, (source if trim_approx else None), block_size


class Analysis:
    """An analysis cascade planned once for C-contiguous data of one shape and dtype.

    Parameters
    ----------
    shape, dtype
        Of the data (C-contiguous, of the transform dtype).
    axes : list of int
        Non-negative axes, in splitting order.
    banks : list of (weights, offsets_at)
        Per axis: weights ``(2, 1, taps)`` (low, high) and a function giving the tap
        offsets for a dilation.
    modes : list of int
        Per axis boundary codes.
    dilations : list of int
        One per level, finest first.
    trim_approx : bool
        Return only the last approximation, and release the others as soon as read.

    :meth:`run` returns ``(subbands, approximation)``: ``subbands`` per level (finest
    first), key -> array (with ``trim_approx`` the approximation keys are left out);
    ``approximation`` the last approximation with ``trim_approx``, else None. Every returned
    array is a row of one freshly allocated block; the scratch, if any, is a second one.
    """

    def __init__(self, shape, dtype, axes, banks, modes, dilations, trim_approx):
        self.shape, self.dtype, self.trim_approx = tuple(shape), np.dtype(dtype), trim_approx
        self.empty = not axes
        if self.empty:  # nothing to split: every level holds the data itself
            self.levels = len(dilations)
            return
        steps, outputs, last_approx, block_size = _plan_analysis(len(dilations), len(axes),
                                                                 trim_approx)
        size = int(np.prod(shape, dtype=np.int64))
        scratch = sorted({name for step in steps for name in step[2:]
                          if name >= block_size})
        scratch_row = {name: row for row, name in enumerate(scratch)}

        def ref(name):
            if name == _INPUT:
                return 0, 0
            if name < block_size:
                return 1, name * size
            return 2, scratch_row[name] * size

        self.program = Program(dtype)
        for level, axis_index, source, low, high in steps:
            weights, offsets_at = banks[axis_index]
            self.program.add([ref(source)], [ref(low), ref(high)], weights,
                             offsets_at(dilations[level]), modes[axis_index],
                             axes[axis_index], self.shape)
        self.block_shape = (block_size,) + self.shape
        self.scratch_shape = (len(scratch),) + self.shape if scratch else None
        self.outputs = [list(level.items()) for level in outputs]
        self.last_approx = last_approx

    def block(self, data):
        """The block of every returned subband of the C-contiguous ``data`` (row ``name``
        of :attr:`outputs` is the subband ``name``; with ``trim_approx`` row
        :attr:`last_approx` the last approximation)."""
        block = np.empty(self.block_shape, self.dtype)
        if self.scratch_shape is None:
            self.program.run((data, block))
        else:
            self.program.run((data, block, np.empty(self.scratch_shape, self.dtype)))
        return block

    def run(self, data):
        """``(subbands, approximation)`` of the C-contiguous ``data``."""
        if self.empty:
            subbands = [{"": data.copy()} if not self.trim_approx else {}
                        for _ in range(self.levels)]
            return subbands, (data.copy() if self.trim_approx else None)
        rows = list(self.block(data))
        subbands = [{key: rows[name] for key, name in level} for level in self.outputs]
        return subbands, (rows[self.last_approx] if self.trim_approx else None)


def analysis(data, axes, banks, modes, dilations, trim_approx):
    """:class:`Analysis` of the C-contiguous ``data``, planned and run at once."""
    return Analysis(data.shape, data.dtype, axes, banks, modes, dilations,
                    trim_approx).run(data)


class Synthesis:
    """A synthesis cascade planned once: merge one level per entry of ``keys`` (coarsest
    first) back into one array, depth first, so a level needs about one scratch subband
    per axis.

    Parameters
    ----------
    shape, dtype
        Of every subband and of the output (C-contiguous).
    keys : list of list of str
        Per level, coarsest first, the detail keys given (the approximation key, if
        present, is ignored: the running approximation is used).
    axes, modes : list of int
        Per axis, in merging order.
    banks : list of (weights, offsets_at)
        Per axis synthesis weights ``(1, 2, taps)`` and offsets.
    dilations : list of int
        One per level, coarsest first.
    stepwise : bool
        Plan every merge as a program of its own, so that :meth:`run` can call ``correct``
        between merges.

    This is the closed form: exact at the periodic modes, and elsewhere away from the
    edges. :meth:`run` takes the approximation, the details (a list of dicts, as ``keys``)
    and the output, all C-contiguous of ``dtype``.
    """

    def __init__(self, shape, dtype, keys, axes, banks, modes, dilations, stepwise=False):
        self.shape, self.dtype = tuple(shape), np.dtype(dtype)
        count = len(axes)
        approx_key = "a" * count
        self.keys = [list(level) for level in keys]
        # Slots: 0 the approximation, 1 the output, 2 the scratch block, then the details.
        slot_of = {}
        for level, level_keys in enumerate(self.keys):
            for key in level_keys:
                slot_of[level, key] = 3 + len(slot_of)
        size = int(np.prod(self.shape, dtype=np.int64))
        spare, scratch_rows = [], [0]
        merges = []  # (low, high, result, axis_index, level); buffers are (slot, row)

        def take():
            if spare:
                return spare.pop()
            scratch_rows[0] += 1
            return (2, scratch_rows[0] - 1)

        def merge(prefix, approx, level, target):
            if len(prefix) == count:
                return (approx if prefix == approx_key else (slot_of[level, prefix], 0)), False
            low, low_owned = merge(prefix + "a", approx, level, None)
            high, high_owned = merge(prefix + "d", approx, level, None)
            result = take() if target is None else target
            merges.append((low, high, result, len(prefix), level))
            for part, owned in ((low, low_owned), (high, high_owned)):
                if owned:
                    spare.append(part)
            return result, True

        # Alternate between output and one scratch so that the last level lands in output.
        approximation = (0, 0)
        levels = len(self.keys)
        for level in range(levels):
            target = (1, 0) if (levels - 1 - level) % 2 == 0 else take()
            merge("", approximation, level, target)
            if approximation != (1, 0) and level > 0:
                spare.append(approximation)
            approximation = target
        self.scratch_shape = ((scratch_rows[0],) + self.shape) if scratch_rows[0] else None
        self.merges = merges

        def add(program, low, high, result, axis_index, level):
            weights, offsets_at = banks[axis_index]
            program.add([(low[0], low[1] * size), (high[0], high[1] * size)],
                        [(result[0], result[1] * size)], weights, offsets_at(dilations[level]),
                        modes[axis_index], axes[axis_index], self.shape)

        if stepwise:
            self.programs = []
            for merged in merges:
                program = Program(dtype)
                add(program, *merged)
                self.programs.append(program)
        else:
            self.program = Program(dtype)
            for merged in merges:
                add(self.program, *merged)
        self.stepwise = stepwise

    def run(self, approximation, details, output, correct=None):
        """Merge ``details`` (per level, coarsest first, a dict of C-contiguous arrays) and
        the coarsest ``approximation`` into ``output``.

        With a stepwise plan, ``correct``, if given, is called as ``correct(result, low,
        high, axis_index, level)`` after every merge and may fix its edges in place
        (:mod:`atrous._edges`); it returns whether it could. Returns True if every call did
        (or none was made).
        """
        arrays = [approximation, output,
                  np.empty(self.scratch_shape, self.dtype) if self.scratch_shape else output]
        for level, level_keys in zip(details, self.keys):
            arrays.extend(level[key] for key in level_keys)
        if not self.stepwise:
            self.program.run(arrays)
            return True
        exact = True
        for program, (low, high, result, axis_index, level) in zip(self.programs,
                                                                    self.merges):
            program.run(arrays)
            if correct is not None:
                exact &= correct(*(arrays[slot][row] if slot == 2 else arrays[slot]
                                   for slot, row in (result, low, high)), axis_index, level)
        return exact


def synthesis(approximation, subbands, axes, banks, modes, dilations, output, correct=None):
    """Merge one level per entry of ``subbands`` (coarsest first) back into ``output``:
    :class:`Synthesis`, planned and run at once.

    ``subbands[i]`` maps every detail key to a C-contiguous array (the approximation key,
    if present, is ignored); ``banks`` hold per axis synthesis weights ``(1, 2, taps)`` and
    offsets; ``dilations`` match ``subbands``. ``correct``, if given, is called as
    ``correct(result, low, high, axis_index, dilation)`` after every merge (see
    :meth:`Synthesis.run`). Returns True if every call of ``correct`` succeeded.
    """
    approx_key = "a" * len(axes)
    keys = [[key for key in level if key != approx_key] for level in subbands]
    plan = Synthesis(output.shape, output.dtype, keys, axes, banks, modes, dilations,
                     stepwise=correct is not None)
    if correct is None:
        return plan.run(approximation, subbands, output)
    return plan.run(approximation, subbands, output,
                    lambda result, low, high, axis_index, level:
                    correct(result, low, high, axis_index, dilations[level]))
