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

from ._engine import filter_along_axis

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


def analysis(data, axes, banks, modes, dilations, trim_approx):
    """Run a planned analysis cascade on the C-contiguous ``data``.

    Parameters
    ----------
    data : ndarray
        C-contiguous, of the transform dtype.
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

    Returns
    -------
    subbands : list of dict
        Per level (finest first), key -> array; with ``trim_approx`` the approximation keys
        are left out.
    approximation : ndarray or None
        The last approximation with ``trim_approx``, else None.
    """
    if not axes:  # nothing to split: every level holds the data itself
        subbands = [{"": data.copy()} if not trim_approx else {} for _ in dilations]
        return subbands, (data.copy() if trim_approx else None)
    steps, outputs, last_approx, block_size = _plan_analysis(len(dilations), len(axes),
                                                             trim_approx)
    block = np.empty((block_size,) + data.shape, data.dtype)
    last_use = {}
    for index, (_, _, source, low, high) in enumerate(steps):
        for buffer in (source, low, high):
            last_use[buffer] = index
    scratch = {}

    def buffer(name):
        if name == _INPUT:
            return data
        if name < block_size:
            return block[name]
        if name not in scratch:
            scratch[name] = np.empty_like(data)
        return scratch[name]

    for index, (level, axis_index, source, low, high) in enumerate(steps):
        weights, offsets_at = banks[axis_index]
        filter_along_axis([buffer(source)], weights, offsets_at(dilations[level]),
                          modes[axis_index], axes[axis_index], [buffer(low), buffer(high)])
        for name in (source, low, high):
            if name >= block_size and last_use[name] == index:
                del scratch[name]
    subbands = [{key: buffer(name) for key, name in level.items()} for level in outputs]
    return subbands, (buffer(last_approx) if trim_approx else None)


def synthesis(approximation, subbands, axes, banks, modes, dilations, output, correct=None):
    """Merge one level per entry of ``subbands`` (coarsest first) back into ``output``.

    ``subbands[i]`` maps every detail key to a C-contiguous array (the approximation key,
    if present, is ignored: the running approximation is used); ``banks`` hold per axis
    synthesis weights ``(1, 2, taps)`` and offsets; ``dilations`` match ``subbands``.
    Depth first, so a level needs about one scratch subband per axis. This is the closed
    form: exact at the periodic modes, and elsewhere away from the edges. ``correct``, if
    given, is called as ``correct(result, low, high, axis_index, dilation)`` after every
    merge and may fix its edges in place (:mod:`atrous._edges`); it returns whether it could.
    Returns True if every call did (or none was made).
    """
    exact = True
    count = len(axes)
    approx_key = "a" * count
    spare = []

    def take():
        return spare.pop() if spare else np.empty_like(output)

    def merge(prefix, approx, level_subbands, dilation, target):
        """The part of the signal spanned by subbands starting with ``prefix``."""
        if len(prefix) == count:
            source = approx if prefix == approx_key else level_subbands[prefix]
            return source, False
        axis_index = len(prefix)
        low, low_owned = merge(prefix + "a", approx, level_subbands, dilation, None)
        high, high_owned = merge(prefix + "d", approx, level_subbands, dilation, None)
        result = take() if target is None else target
        weights, offsets_at = banks[axis_index]
        filter_along_axis([low, high], weights, offsets_at(dilation), modes[axis_index],
                          axes[axis_index], [result])
        if correct is not None:
            nonlocal exact
            exact &= correct(result, low, high, axis_index, dilation)
        for part, owned in ((low, low_owned), (high, high_owned)):
            if owned:
                spare.append(part)
        return result, True

    # Alternate between output and one scratch so that the last level lands in output.
    levels = len(subbands)
    for step, (level_subbands, dilation) in enumerate(zip(subbands, dilations)):
        target = output if (levels - 1 - step) % 2 == 0 else take()
        merge("", approximation, level_subbands, dilation, target)
        if approximation is not output and step > 0:
            spare.append(approximation)
        approximation = target
    return exact
