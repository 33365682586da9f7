"""Dask arrays in, Dask arrays out: every transform run chunk by chunk, exact for any chunking.

Each public function checks for a ``dask.array.Array`` and hands it to the function of the
same name here. The plan is always the same (:func:`blockwise`):

1. Resolve what depends on the whole array (default levels, axes) and find, per transformed
   axis, the *depth*: how far an output sample's value can depend on input samples, for the
   whole computation (all levels, forward and inverse).
2. Where a chunk along a transformed axis is shorter than the depth, rechunk that axis with a
   :class:`ChunkWarning` (and rechunk the result back to the input's chunks).
3. Give every chunk ``depth`` samples of its neighbours (``dask.array.overlap``): wrapped
   around at a periodic axis, none at the array's own edges otherwise.
4. Run the NumPy function on each padded block and keep the block's own samples.

Step 4 is exact. At a periodic axis the padded block holds every sample the kept outputs
read. At a non-periodic mode a block that touches an array edge holds the true edge, so the
NumPy function applies the mode there exactly as on the whole array (every level extends
its own input, as in memory); what the block's other, cut side gets wrong reaches at most
the depth into the block and is cut away.

Multi-output functions return one Dask array per output; the outputs of one block come from
one task (a tuple, split by cheap ``getitem`` tasks), so a transform is never run twice.
Kernels release the GIL, and a task runs Numba's kernels on one thread so that Dask's
threads (or processes) and Numba's do not oversubscribe the cores.

Statistics over the whole array (the noise level's median, BayesShrink's subband variances)
are computed when :func:`denoise` or :func:`starlet_denoise` is called, exactly, in passes
over the data; the denoised result itself is lazy.
"""

import functools
import math
import operator
import sys
import warnings

import numba
import numpy as np

from . import _validation as validate
from ._kernels.boundary import WRAP


class ChunkWarning(UserWarning):
    """A Dask array was rechunked because a transform reaches farther than its chunks."""


def is_dask_array(obj):
    """Whether ``obj`` is a ``dask.array.Array`` (without importing Dask)."""
    module = sys.modules.get("dask.array")
    return module is not None and isinstance(obj, module.Array)


def holds_dask(obj):
    """Whether a (nested list, tuple or dict of) coefficient structure holds a Dask array."""
    if is_dask_array(obj):
        return True
    if isinstance(obj, dict):
        return any(holds_dask(v) for v in obj.values())
    if isinstance(obj, (list, tuple)):
        return any(holds_dask(v) for v in obj)
    return False


# -- structures of arrays ---------------------------------------------------------------------

def _flatten(obj, leaves):
    """A spec of ``obj``'s nesting; the arrays it holds are appended to ``leaves``."""
    if isinstance(obj, dict):
        return ("dict", [(key, _flatten(value, leaves)) for key, value in obj.items()])
    if isinstance(obj, (list, tuple)):
        return ("tuple" if isinstance(obj, tuple) else "list",
                [_flatten(value, leaves) for value in obj])
    if is_dask_array(obj) or isinstance(obj, np.ndarray):
        leaves.append(obj)
        return ("leaf", len(leaves) - 1)
    return ("constant", obj)


def _build(spec, leaves):
    kind, content = spec
    if kind == "dict":
        return {key: _build(value, leaves) for key, value in content}
    if kind in ("list", "tuple"):
        items = [_build(value, leaves) for value in content]
        return tuple(items) if kind == "tuple" else items
    if kind == "leaf":
        return leaves[content]
    return content


# -- the block machinery ----------------------------------------------------------------------

def _rechunked(chunks, depth):
    """Chunks of at least ``depth`` along an axis (one chunk if that is most of it)."""
    n = sum(chunks)
    size = max(depth, max(chunks))
    if 2 * size > n:
        return (n,)
    count, remainder = divmod(n, size)
    new = [size] * count
    if remainder >= depth:
        new.append(remainder)
    elif remainder:
        new[-1] += remainder
    return tuple(new)


def _plan(chunks, depth, stacklevel):
    """``(chunks to compute with, depth per axis)``; warns where it had to rechunk."""
    chunks, depth = list(chunks), dict(depth)
    for axis, reach in sorted(depth.items()):
        if len(chunks[axis]) == 1:
            depth[axis] = 0  # the whole axis is in every block: nothing to exchange
            continue
        if reach > min(chunks[axis]):
            new = _rechunked(chunks[axis], reach)
            warnings.warn(
                f"the transform reaches {reach} samples along axis {axis}, farther than its "
                f"smallest chunk ({min(chunks[axis])} samples); rechunking that axis to "
                f"{'one chunk' if len(new) == 1 else f'chunks of {new[0]} samples'} for the "
                "computation (the result is rechunked back to the input's chunks). Use "
                f"chunks of at least {reach} samples along axis {axis} to avoid this.",
                ChunkWarning, stacklevel=stacklevel + 1)
            chunks[axis] = new
            if len(new) == 1:
                depth[axis] = 0
    return tuple(chunks), {axis: reach for axis, reach in depth.items() if reach}


def _probe(func, leaves, shape, whole=()):
    """Run ``func`` on small zero arrays: validates the arguments, gives the result's layout.

    Axes in ``whole`` keep their full length (PyWavelets' decimated transforms, whose
    output depends on it).
    """
    probe_shape = tuple(n if axis in whole else min(n, 8) for axis, n in enumerate(shape))
    shapes = {leaf.shape for leaf in leaves}
    if len(shapes) > 1:
        # Let the NumPy function report the mismatch (it validates before computing).
        probes = [np.broadcast_to(np.zeros((), leaf.dtype), leaf.shape) for leaf in leaves]
    else:
        probes = [np.zeros(probe_shape, leaf.dtype) for leaf in leaves]
    return func(*probes)


def _run_block(*blocks, transform, trims, single_thread, block_info=None):
    """One task: ``transform`` of the padded blocks, each output cut to the block's own
    samples."""
    location = block_info[0]["chunk-location"]
    cut = [slice(None)] * len(location)
    for axis, (reach, periodic, sizes) in trims.items():
        start = reach if (periodic or location[axis] > 0) else 0
        cut[axis] = slice(start, start + sizes[location[axis]])
    cut = (Ellipsis,) + tuple(cut)
    threads = numba.get_num_threads()
    if single_thread:
        numba.set_num_threads(1)  # per thread: Dask's own threads share the cores
    try:
        with validate.quiet():
            result = transform(*blocks)
    finally:
        if single_thread:
            numba.set_num_threads(threads)
    outputs = []
    _flatten(result, outputs)
    return tuple(np.asarray(output)[cut] for output in outputs)


def blockwise(func, leaves, depth, periodic, stacklevel=2, whole=()):
    """Apply ``func`` (NumPy arrays in, a structure of arrays out) to Dask ``leaves``.

    ``leaves`` are Dask (or NumPy) arrays of one shape. ``func`` maps blocks of them to a
    structure (list, tuple, dict) of arrays whose last dimensions are the blocks' shape
    (leading dimensions, such as the rows of :func:`atrous.modwt`, are allowed). ``depth``
    maps an axis to the samples the result reaches along it; ``periodic`` maps it to
    whether the array wraps around there. Returns the structure with Dask arrays chunked
    like the first Dask leaf.
    """
    import dask.array as da

    reference = next((leaf for leaf in leaves if is_dask_array(leaf)), None)
    if reference is None:  # only unused arrays were Dask ones (iswt's intermediate cA)
        reference = da.from_array(np.asarray(leaves[0]))
    result = _probe(func, leaves, reference.shape, whole)
    template = []
    spec = _flatten(result, template)
    shape, ndim = reference.shape, reference.ndim
    if 0 in shape:
        result = func(*[np.asarray(leaf) for leaf in leaves])
        outputs = []
        _flatten(result, outputs)
        return _build(spec, [
            da.from_array(o, chunks=tuple((n,) for n in o.shape[:o.ndim - ndim])
                          + reference.chunks) if o.shape[o.ndim - ndim:] == shape
            else da.from_array(o) for o in map(np.asarray, outputs)])
    original = reference.chunks
    chunks, depth = _plan(original, {a: d for a, d in depth.items() if shape[a]}, stacklevel + 1)
    arrays = []
    for leaf in leaves:
        leaf = leaf if is_dask_array(leaf) else da.from_array(leaf, chunks=chunks)
        arrays.append(leaf.rechunk(chunks))
    if depth:
        boundary = {axis: "periodic" if periodic[axis] else "none" for axis in depth}
        arrays = [da.overlap.overlap(a, depth=depth, boundary=boundary) for a in arrays]
    trims = {axis: (reach, periodic[axis], chunks[axis]) for axis, reach in depth.items()}
    blocks_total = math.prod(len(c) for c in chunks)
    tasks = da.map_blocks(
        _run_block, *arrays, transform=func, trims=trims,
        single_thread=blocks_total > 1, chunks=chunks, dtype=object,
        meta=np.empty((0,) * ndim, dtype=object),
        token=f"atrous-{getattr(func, '__name__', 'transform')}",
    )
    outputs = []
    for k, example in enumerate(template):
        example = np.asarray(example)
        lead = example.shape[:example.ndim - ndim]
        output = tasks.map_blocks(
            operator.itemgetter(k), dtype=example.dtype,
            meta=np.empty((0,) * example.ndim, dtype=example.dtype),
            chunks=tuple((n,) for n in lead) + chunks,
            new_axis=list(range(len(lead))) or None,
        )
        if chunks != original:
            output = output.rechunk(tuple((n,) for n in lead) + original)
        outputs.append(output)
    return _build(spec, outputs)


def _named(func, name):
    """``func`` under ``name`` (task names in Dask's dashboard and progress bars)."""
    func = functools.partial(func)
    func.__name__ = name
    return func


def _rows(array):
    """The rows of a stacked Dask array (the ``w`` of the MODWT, the starlet's coefficients)."""
    return [array[i] for i in range(array.shape[0])]


def _stack(*rows, public, **kwargs):
    return public(np.stack(rows), **kwargs)


# -- reaches ----------------------------------------------------------------------------------

def _bank_reach(offsets_at, levels):
    """Samples reached by a cascade of these levels (sum over levels, larger side)."""
    from ._engine import halo

    before = after = 0
    for j in levels:
        b, a = halo(offsets_at(2 ** (j - 1)))
        before, after = before + b, after + a
    return max(before, after)


def _swt_reach(wavelet, levels, code, inverse=False):
    from ._stationary import halo_of_levels

    before, after = halo_of_levels(wavelet, levels)
    if inverse and code != WRAP:
        # The exact inverse solves the samples next to a true edge from all bands within a
        # window of about twice the two reaches (see atrous._edges), which the block's far
        # end, itself wrong for a reach, must not touch.
        return 3 * (before + after) + len(levels)
    return max(before, after)


# -- the stationary transforms ----------------------------------------------------------------

def swt(data, wavelet, level, start_level, axis, trim_approx, norm, mode):
    from ._swt import swt as swt_numpy

    axis = validate.as_axis(axis, data.ndim)
    level = validate.as_level(level, data.shape[axis])
    start_level = validate.as_start_level(start_level, level=level)
    code = validate.as_modes(mode, 1)[0]
    wavelet = validate.as_wavelet(wavelet)
    func = _named(functools.partial(
        swt_numpy, wavelet=wavelet, level=level, start_level=start_level, axis=axis,
        trim_approx=trim_approx, norm=norm, mode=mode), "swt")
    levels = range(start_level + 1, start_level + level + 1)
    return blockwise(func, [data], {axis: _swt_reach(wavelet, levels, code)},
                     {axis: code == WRAP}, stacklevel=3)


def _trimmed_pairs(coeffs):
    """``[cA_n, cD_n, ..., cD_1]`` from PyWavelets' pairs (the other approximations unused)."""
    if (isinstance(coeffs, (list, tuple)) and coeffs
            and all(isinstance(c, (list, tuple)) and len(c) == 2 for c in coeffs)):
        return [coeffs[0][0]] + [c[1] for c in coeffs]
    return coeffs


def iswt(coeffs, wavelet, norm, axis, mode):
    from ._swt import iswt as iswt_numpy

    coeffs = _trimmed_pairs(coeffs)
    leaves = []
    spec = _flatten(coeffs, leaves)
    if not leaves:
        return iswt_numpy(coeffs, wavelet, norm, axis, mode)
    # 1-d coefficients take axis 0 or -1 only: the probe lets the NumPy function say so.
    along = validate.as_axis(axis, leaves[0].ndim) if leaves[0].ndim != 1 else 0
    code = validate.as_modes(mode, 1)[0]
    levels = range(1, len(leaves))
    func = _named(functools.partial(_inverse_blocks, spec=spec, public=iswt_numpy,
                                    wavelet=wavelet, norm=norm, axis=axis, mode=mode), "iswt")
    reach = _swt_reach(validate.as_wavelet(wavelet), levels, code, inverse=True)
    return blockwise(func, leaves, {along: reach}, {along: code == WRAP}, stacklevel=3)


def swtn(public, data, wavelet, level, start_level, axes, trim_approx, norm, mode):
    """swtn or swt2 (``public``) of a Dask array."""
    axes = validate.as_axes(axes, data.ndim)
    wavelets = validate.as_wavelets(wavelet, len(axes))
    codes = validate.as_modes(mode, len(axes))
    level = validate.integer(level, "level")
    start_level = validate.as_start_level(start_level, level=level)
    func = _named(functools.partial(
        public, wavelet=wavelet, level=level, start_level=start_level, axes=axes,
        trim_approx=trim_approx, norm=norm, mode=mode), public.__name__)
    levels = range(start_level + 1, start_level + max(level, 0) + 1)
    return blockwise(func, [data],
                     {a: _swt_reach(w, levels, c) for a, w, c in zip(axes, wavelets, codes)},
                     {a: c == WRAP for a, c in zip(axes, codes)}, stacklevel=3)


def _trimmed_dicts(coeffs):
    """``[cA_n, {details_n}, ..., {details_1}]`` from swtn's dicts of every level."""
    if (isinstance(coeffs, (list, tuple)) and coeffs
            and all(isinstance(c, dict) and c for c in coeffs)):
        count = max(len(key) for key in coeffs[-1])
        if "a" * count in coeffs[0]:
            return [coeffs[0]["a" * count]] + [
                {k: v for k, v in level.items() if k != "a" * count} for level in coeffs]
    return coeffs


def iswtn(public, coeffs, wavelet, axes, norm, mode):
    """iswtn or iswt2 (``public``) of Dask coefficients."""
    coeffs = _trimmed_pairs(_trimmed_dicts(coeffs))
    leaves = []
    spec = _flatten(coeffs, leaves)
    if not leaves:
        return public(coeffs, wavelet, norm=norm, axes=axes, mode=mode)
    axes = validate.as_axes(axes, leaves[0].ndim)
    wavelets = validate.as_wavelets(wavelet, len(axes))
    codes = validate.as_modes(mode, len(axes))
    levels = range(1, max(len(coeffs), 2))
    func = _named(functools.partial(_inverse_blocks, spec=spec, public=public, wavelet=wavelet,
                                    axes=axes, norm=norm, mode=mode), public.__name__)
    return blockwise(func, leaves,
                     {a: _swt_reach(w, levels, c, inverse=True)
                      for a, w, c in zip(axes, wavelets, codes)},
                     {a: c == WRAP for a, c in zip(axes, codes)}, stacklevel=3)


def _inverse_blocks(*blocks, spec, public, **kwargs):
    return public(_build(spec, blocks), **kwargs)


# -- multiresolution analyses -----------------------------------------------------------------

def _mra_reach(wavelet, level):
    from ._mra import composite_bank

    _, offsets_at = composite_bank(wavelet)
    return _bank_reach(offsets_at, range(1, level + 1))


def mran(data, wavelet, level, axes, mode, public, name):
    """Any of mra, mra2 and mran: ``public`` is the NumPy function, ``level`` resolved."""
    axes = validate.as_axes(axes, data.ndim)
    wavelets = validate.as_wavelets(wavelet, len(axes))
    codes = validate.as_modes(mode, len(axes))
    level = validate.as_level(level, 1)
    func = _named(functools.partial(public, level=level), name)
    return blockwise(func, [data],
                     {a: _mra_reach(w, level) for a, w in zip(axes, wavelets)},
                     {a: c == WRAP for a, c in zip(axes, codes)}, stacklevel=4)


def whole_axes(data, func, axes, name):
    """``func`` on blocks holding all of ``axes`` (PyWavelets' decimated MRA, say)."""
    return blockwise(_named(func, name), [data], {a: data.shape[a] for a in axes},
                     dict.fromkeys(axes, False), stacklevel=4, whole=axes)


def elementwise(components, func, name):
    """``func`` of structures of arrays that only adds them up (imra and friends)."""
    import dask.array as da

    leaves = []
    spec = _flatten(components, leaves)
    if not leaves:
        return func(components)
    # As the NumPy sum, every component is added into one of the first one's shape.
    shape = leaves[0].shape
    leaves = [leaf if leaf.shape == shape else da.broadcast_to(leaf, shape) for leaf in leaves]
    return blockwise(_named(functools.partial(_rebuilt, spec=spec, func=func), name), leaves,
                     {}, {}, stacklevel=4)


def _rebuilt(*blocks, spec, func):
    return func(_build(spec, blocks))


# -- MODWT ------------------------------------------------------------------------------------

def _modwt_reach(wavelet, level):
    from ._modwt import filters

    taps = len(filters(wavelet)[0])
    return (taps - 1) * (2**level - 1)


def _signal_axis(axis, ndim, name):
    if ndim == 0:
        raise validate.AxisError(f"`{name}` is a scalar (0-d); pass an array with at least "
                                 "one dimension")
    return validate.as_axis(axis, ndim)


def modwt(x, wavelet, level, axis, boundary):
    import dask.array as da

    from ._modwt import as_boundary
    from ._modwt import modwt as modwt_numpy

    axis = _signal_axis(axis, x.ndim, "x")
    if as_boundary(boundary) == "reflection":
        x = da.concatenate([x, da.flip(x, axis)], axis=axis)
    n = x.shape[axis]
    if n < 2:
        raise ValueError(f"`x` has {n} sample(s) along axis {axis}; the MODWT needs at least 2")
    level = int(np.floor(np.log2(n))) if level is None else validate.as_level(level, n)
    func = _named(functools.partial(modwt_numpy, wavelet=wavelet, level=level, axis=axis),
                  "modwt")
    return blockwise(func, [x], {axis: _modwt_reach(wavelet, level)}, {axis: True},
                     stacklevel=3)


def _modwt_inverse(w, wavelet, axis, boundary, public, name, **kwargs):
    from ._modwt import as_boundary

    if w.ndim < 2:
        raise ValueError(f"`w` must be what modwt returns, shape (level + 1, *x.shape) with "
                         f"level >= 1; got shape {w.shape}")
    axis = _signal_axis(axis, w.ndim - 1, "w")
    as_boundary(boundary, w.shape[axis + 1])
    func = _named(functools.partial(_stack, public=public, wavelet=wavelet, axis=axis,
                                    boundary="periodic", **kwargs), name)
    result = blockwise(func, _rows(w), {axis: _modwt_reach(wavelet, w.shape[0] - 1)},
                       {axis: True}, stacklevel=4)
    if boundary == "reflection":
        n = w.shape[axis + 1] // 2
        result = result[(slice(None),) * (result.ndim - w.ndim + 1 + axis) + (slice(0, n),)]
    return result


def imodwt(w, wavelet, axis, boundary, level):
    from ._modwt import imodwt as imodwt_numpy

    return _modwt_inverse(w, wavelet, axis, boundary, imodwt_numpy, "imodwt", level=level)


def modwtmra(w, wavelet, axis, boundary):
    from ._modwt import modwtmra as modwtmra_numpy

    return _modwt_inverse(w, wavelet, axis, boundary, modwtmra_numpy, "modwtmra")


# -- starlets ---------------------------------------------------------------------------------

def _starlet_reach(kernel, level, generation, passes=1):
    from ._starlet import _kernel

    kernel = _kernel(kernel)
    half = max(len(kernel) // 2, len(kernel) - 1 - len(kernel) // 2)
    return passes * (2 if generation == 2 else 1) * half * (2**level - 1)


def starlet(data, level, generation, axes, mode, kernel):
    from ._starlet import starlet as starlet_numpy

    axes = validate.as_axes(axes, data.ndim)
    codes = validate.as_modes(mode, len(axes))
    level = validate.as_level(validate.integer(level, "level"), 1)
    func = _named(functools.partial(starlet_numpy, level=level, generation=generation,
                                    axes=axes, mode=mode, kernel=kernel), "starlet")
    reach = _starlet_reach(kernel, level, generation)
    return blockwise(func, [data], dict.fromkeys(axes, reach),
                     {a: c == WRAP for a, c in zip(axes, codes)}, stacklevel=3)


def istarlet(coeffs, generation, axes, mode, kernel):
    from ._starlet import istarlet as istarlet_numpy

    if coeffs.ndim < 2:
        raise ValueError(f"`coeffs` must be what starlet returns, shape (level + 1, "
                         f"*data.shape) with level >= 1; got shape {coeffs.shape}")
    ndim = coeffs.ndim - 1
    axes = validate.as_axes(axes, ndim)
    codes = validate.as_modes(mode, len(axes))
    level = coeffs.shape[0] - 1
    func = _named(functools.partial(_stack, public=istarlet_numpy, generation=generation,
                                    axes=axes, mode=mode, kernel=kernel), "istarlet")
    reach = _starlet_reach(kernel, level, 1) if generation == 2 else 0
    return blockwise(func, _rows(coeffs), dict.fromkeys(axes, reach),
                     {a: c == WRAP for a, c in zip(axes, codes)}, stacklevel=3)


# -- filters ----------------------------------------------------------------------------------

def filter1d(public, input, weights, dilation, axis, output, mode, cval, origin, causal, name):
    from ._ndimage import _scipy_mode

    if output is not None and not isinstance(output, (str, type, np.dtype)):
        raise TypeError("`output` must be None or a dtype for a Dask `input` (the result is a "
                        "new lazy array); got an array")
    axis = validate.as_axis(axis, input.ndim)
    taps = np.size(weights)
    dilation_value = validate.integer(dilation, "dilation")
    reach = max(0, (taps - 1) * dilation_value) + abs(validate.integer(origin, "origin")) + 1
    code = _scipy_mode(("constant" if causal else "reflect") if mode is None else mode)
    func = _named(functools.partial(public, weights=weights, dilation=dilation, axis=axis,
                                    output=output, mode=mode, cval=cval, origin=origin,
                                    causal=causal), name)
    return blockwise(func, [input], {axis: reach}, {axis: code == WRAP}, stacklevel=3)


def filter_nd(public, input, weights, dilation, output, mode, cval, origin, name):
    from ._ndimage import _scipy_mode

    if output is not None and not isinstance(output, (str, type, np.dtype)):
        raise TypeError("`output` must be None or a dtype for a Dask `input` (the result is a "
                        "new lazy array); got an array")
    ndim = input.ndim
    shape = np.shape(weights)
    if len(shape) != ndim:
        raise RuntimeError(f"weights.ndim ({len(shape)}) must match the input's ({ndim}), "
                           f"with at least one tap per axis; got weights of shape {shape}")
    dilations = [dilation] * ndim if np.ndim(dilation) == 0 else list(dilation)
    origins = [origin] * ndim if np.ndim(origin) == 0 else list(origin)
    modes = mode if isinstance(mode, (list, tuple)) else [mode] * ndim
    if len(dilations) != ndim or len(origins) != ndim or len(modes) != ndim:
        # Let the NumPy function say what is wrong.
        public(np.zeros((1,) * ndim), weights, dilation=dilation, mode=mode, origin=origin)
    depth, periodic = {}, {}
    for axis in range(ndim):
        d = validate.integer(dilations[axis], "dilation")
        o = validate.integer(origins[axis], "origin")
        depth[axis] = max(0, (shape[axis] - 1) * d) + abs(o) + 1
        periodic[axis] = _scipy_mode(modes[axis]) == WRAP
    func = _named(functools.partial(public, weights=weights, dilation=dilation, output=output,
                                    mode=mode, cval=cval, origin=origin), name)
    return blockwise(func, [input], depth, periodic, stacklevel=3)


# -- statistics over a whole Dask array, exact ------------------------------------------------

# Values fetched into memory at most, once an interval is narrow enough.
_FETCH_LIMIT = 4_000_000


def _kth_values(values, ranks):
    """The values of the given ranks (0-based) of the flattened Dask ``values``, exactly."""
    import dask
    import dask.array as da

    values = values.ravel()
    dtype = values.dtype
    nans, below, above = dask.compute(da.isnan(values).any(), (values == -np.inf).sum(),
                                      (values == np.inf).sum())
    if nans:
        return [dtype.type(np.nan)] * len(ranks)
    answers, finite = {}, []
    for rank in ranks:
        if rank < below:
            answers[rank] = dtype.type(-np.inf)
        elif rank >= values.size - above:
            answers[rank] = dtype.type(np.inf)
        else:
            finite.append(rank)
    if finite:
        _select(values, sorted(set(finite)), np.float64(-np.inf), np.float64(np.inf),
                int(below), answers)
    return [answers[rank] for rank in ranks]


def _select(values, ranks, lo, hi, below, answers):
    """Find ``ranks`` among the finite values in ``[lo, hi]``, ``below`` values being lower.

    Each pass finds the interval's extremes and count; few enough values are fetched and
    partitioned, else a 1024-bin histogram narrows the interval to the bin of each rank.
    Every pass removes at least one distinct value from the interval, so this ends.
    """
    import dask
    import dask.array as da

    dtype = values.dtype
    while True:
        inside = (values >= lo) & (values <= hi) & da.isfinite(values)
        count, smallest, largest = dask.compute(
            inside.sum(), da.where(inside, values, np.inf).min(),
            da.where(inside, values, -np.inf).max())
        if smallest == largest:
            answers.update(dict.fromkeys(ranks, dtype.type(smallest)))
            return
        if count <= _FETCH_LIMIT:
            chosen = values[inside].compute()
            kth = [rank - below for rank in ranks]
            chosen = np.partition(chosen, kth)
            answers.update({rank: chosen[k] for rank, k in zip(ranks, kth)})
            return
        edges = np.linspace(np.float64(smallest), np.float64(largest), 1025)
        counts = da.histogram(values, bins=edges)[0].compute()  # only [smallest, largest]
        cumulative = np.cumsum(counts)
        bins = [int(np.searchsorted(cumulative, rank - below, side="right")) for rank in ranks]
        if counts[bins[0]] == count:
            # Values too close for the bins to split: take out the smallest value.
            equal = int((inside & (values == smallest)).sum().compute())
            answers.update({r: dtype.type(smallest) for r in ranks if r - below < equal})
            ranks = [r for r in ranks if r - below >= equal]
            below += equal
            lo = np.nextafter(np.float64(smallest), np.inf)
            if not ranks:
                return
            continue
        groups = {}
        for rank, b in zip(ranks, bins):
            groups.setdefault(b, []).append(rank)
        for b, group in groups.items():
            # Bins are half-open [e_b, e_b+1), but for the last, closed.
            low = edges[b]
            high = edges[b + 1] if b == len(counts) - 1 else np.nextafter(edges[b + 1], -np.inf)
            if len(groups) > 1:
                _select(values, group, low, high, below + (int(cumulative[b - 1]) if b else 0),
                        answers)
        if len(groups) > 1:
            return
        b = bins[0]
        below += int(cumulative[b - 1]) if b else 0
        lo = edges[b]
        hi = edges[b + 1] if b == len(counts) - 1 else np.nextafter(edges[b + 1], -np.inf)


def median(values):
    """``np.median`` of a Dask array, exactly (a few passes over the data)."""
    return _middle(values, values.size)


def _middle(values, n):
    """The median of the ``n`` lowest values of a Dask array."""
    a, b = _kth_values(values, [(n - 1) // 2, n // 2])
    return np.mean(np.array([a, b], dtype=values.dtype))


def finite_median(values):
    """The median of the finite values of a Dask array, exactly; NaN if there are none (as
    the NumPy path's ``_denoise._mad_sigma``)."""
    import dask.array as da

    finite = da.isfinite(values)
    n = int(finite.sum().compute())
    if n == 0:
        return np.float64(np.nan)
    # Every other value becomes +inf, above all the finite ones: their ranks are 0 .. n-1.
    return _middle(da.where(finite, values, np.inf), n)


def estimate_noise(data, axes, channel_axis):
    from ._denoise import _MAD_TO_SIGMA, _channel_free_axes

    if channel_axis is not None:
        channel_axis = validate.as_axis(channel_axis, data.ndim, "channel_axis")
        inner = None if axes is None else [a if a < channel_axis else a - 1 for a in
                                           _channel_free_axes(axes, data.ndim, channel_axis)]
        return np.array([estimate_noise(data[(slice(None),) * channel_axis + (c,)], inner,
                                        None) for c in range(data.shape[channel_axis])])
    axes = validate.as_axes(axes, data.ndim)
    from ._swtn import swtn as swtn_numpy

    finest = swtn(swtn_numpy, data, "db2", 1, 0, axes, True, False, "periodization")[1][
        "d" * len(axes)]
    return float(finite_median(abs(finest)) / _MAD_TO_SIGMA)


def extend(data, axis, before, after, code):
    """The Dask ``data`` extended along ``axis`` by the engine's boundary rule ``code``."""
    import dask.array as da

    from ._engine import filter_along_axis

    n = data.shape[axis]
    keep = max(before, after) + 2
    index = [slice(None)] * data.ndim
    if 2 * keep >= n:
        sample = data
    else:
        head, tail = list(index), list(index)
        head[axis], tail[axis] = slice(0, keep), slice(n - keep, n)
        sample = da.concatenate([data[tuple(head)], data[tuple(tail)]], axis=axis)
    sample = sample.rechunk({axis: -1})

    def edges(block, side):
        block = np.ascontiguousarray(block)
        shape = list(block.shape)
        shape[axis] += before + after
        extended = np.empty(shape, block.dtype)
        filter_along_axis([block], np.ones((1, 1, 1)), [-before], code, axis, [extended])
        cut = [slice(None)] * block.ndim
        cut[axis] = slice(0, before) if side == "before" else slice(shape[axis] - after, None)
        return extended[tuple(cut)]

    pieces = []
    for side, width in (("before", before), ("after", after)):
        chunks = list(sample.chunks)
        chunks[axis] = (width,)
        pieces.append(sample.map_blocks(edges, side, chunks=tuple(chunks), dtype=data.dtype,
                                        meta=np.empty((0,) * data.ndim, data.dtype)))
    extended = da.concatenate([pieces[0], data, pieces[1]], axis=axis)
    # Fold the thin edge pieces into their neighbours.
    merged = list(data.chunks[axis])
    merged[0] += before
    merged[-1] += after
    return extended.rechunk({axis: tuple(merged)})


# -- denoising --------------------------------------------------------------------------------

def denoise(data, wavelet, level, method, threshold_mode, sigma, axes, mode):
    import dask

    from . import _denoise
    from ._kernels.boundary import WRAP as wrap

    if data.dtype != validate.transform_dtype(data.dtype):
        data = data.astype(validate.transform_dtype(data.dtype))
    axes, wavelets, level = _denoise.denoise_arguments(data.shape, wavelet, level, method,
                                                       threshold_mode, axes)
    codes = validate.as_modes(mode, len(axes))
    if sigma is None:
        sigma = estimate_noise(data, axes, None)
    sigma = float(sigma)
    if sigma < 0:
        raise ValueError(f"`sigma`={sigma} must not be negative")
    padded, pads = data, {}
    for axis, wavelet_, code in zip(axes, wavelets, codes):
        if code != wrap:
            pads[axis] = _denoise.pad_width(wavelet_, level)
            padded = extend(padded, axis, pads[axis], pads[axis], code)
    from ._swtn import swtn as swtn_numpy

    coeffs = swtn(swtn_numpy, padded, wavelets, level, 0, axes, True, False, "periodization")
    size = int(np.prod([padded.shape[a] for a in axes]))
    thresholds = [{key: None for key in level_coeffs} for level_coeffs in coeffs[1:]]
    if sigma != 0 and not np.isnan(sigma):
        if method == "universal":
            value = _denoise.universal_threshold(sigma, size)
            thresholds = [dict.fromkeys(t, value) for t in thresholds]
        elif method == "bayes":
            import dask.array as da

            keys = [(i, key) for i, t in enumerate(thresholds) for key in t]
            # Over the finite coefficients, as the NumPy path.
            sums = dask.compute(*[
                (da.where(da.isfinite(c), c * c, 0).sum(
                    dtype=np.result_type(c.dtype, np.float64)), da.isfinite(c).sum())
                for c in (coeffs[i + 1][key] for i, key in keys)])
            for (i, key), (total, count) in zip(keys, sums):
                mean = total / count if count else np.nan
                thresholds[i][key] = _denoise.bayes_threshold(mean, sigma)
        else:  # SURE needs each subband sorted: one subband at a time in memory
            for i, t in enumerate(thresholds):
                for key in t:
                    t[key] = _denoise._sure_threshold(coeffs[i + 1][key].compute(), sigma)
    reach = {a: 2 * _swt_reach(w, range(1, level + 1), wrap) for a, w in zip(axes, wavelets)}
    func = _named(functools.partial(_denoise.denoise_with, wavelets=wavelets, level=level,
                                    thresholds=thresholds, threshold_mode=threshold_mode,
                                    axes=axes), "denoise")
    result = blockwise(func, [padded], reach, dict.fromkeys(axes, True), stacklevel=3)
    cut = tuple(slice(pads.get(a, 0), pads.get(a, 0) + data.shape[a]) for a in range(data.ndim))
    return result[cut] if pads else result


def starlet_denoise(data, level, k, sigma, generation, threshold_mode, positivity, iterations,
                    axes, mode):
    from ._denoise import _MAD_TO_SIGMA
    from ._denoise import starlet_denoise as starlet_denoise_numpy
    from ._starlet import starlet_noise_levels

    if data.dtype != validate.transform_dtype(data.dtype):
        data = data.astype(validate.transform_dtype(data.dtype))
    axes = validate.as_axes(axes, data.ndim)
    codes = validate.as_modes(mode, len(axes))
    level = validate.as_level(validate.integer(level, "level"), 1)
    if iterations is None:
        iterations = 10 if positivity else 1
    iterations = validate.integer(iterations, "iterations")
    if sigma is None:
        first = starlet(data, level, generation, axes, mode, None)[0]
        levels = starlet_noise_levels(level, ndim=len(axes), generation=generation)
        sigma = float(finite_median(abs(first)) / _MAD_TO_SIGMA / levels[0])
    func = _named(functools.partial(
        starlet_denoise_numpy, level=level, k=k, sigma=sigma, generation=generation,
        threshold_mode=threshold_mode, positivity=positivity, iterations=iterations,
        axes=axes, mode=mode), "starlet_denoise")
    reach = iterations * (_starlet_reach(None, level, generation)
                          + _starlet_reach(None, level, 1))
    return blockwise(func, [data], dict.fromkeys(axes, reach),
                     {a: c == WRAP for a, c in zip(axes, codes)}, stacklevel=3)
