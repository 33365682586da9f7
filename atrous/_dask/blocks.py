"""The block machinery: any NumPy transform of Dask arrays, chunk by chunk, exactly.

See :mod:`atrous._dask` for the plan. :func:`blockwise` runs a NumPy function (arrays in,
a structure of arrays out) on overlapping blocks; :func:`extend` extends a Dask array by a
boundary rule.
"""

import functools
import math
import operator
import sys

import numpy as np

from .. import _validation as validate
from .._dispatch import ChunkWarning
from .._engine import extend as extend_array
from .._kernels.threads import one_thread


def is_dask_array(obj):
    """Whether ``obj`` is a ``dask.array.Array`` (without importing Dask)."""
    module = sys.modules.get("dask.array")
    return module is not None and isinstance(obj, module.Array)


# -- structures of arrays ---------------------------------------------------------------------

def flatten(obj, leaves):
    """A spec of ``obj``'s nesting; the arrays it holds are appended to ``leaves``."""
    if isinstance(obj, dict):
        return ("dict", [(key, flatten(value, leaves)) for key, value in obj.items()])
    if isinstance(obj, (list, tuple)):
        return ("tuple" if isinstance(obj, tuple) else "list",
                [flatten(value, leaves) for value in obj])
    if is_dask_array(obj) or isinstance(obj, np.ndarray):
        leaves.append(obj)
        return ("leaf", len(leaves) - 1)
    return ("constant", obj)


def build(spec, leaves):
    kind, content = spec
    if kind == "dict":
        return {key: build(value, leaves) for key, value in content}
    if kind in ("list", "tuple"):
        items = [build(value, leaves) for value in content]
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


def _plan(chunks, depth):
    """``(chunks to compute with, depth per axis)``; warns where it had to rechunk."""
    chunks, depth = list(chunks), dict(depth)
    for axis, reach in sorted(depth.items()):
        if len(chunks[axis]) == 1:
            depth[axis] = 0  # the whole axis is in every block: nothing to exchange
            continue
        if reach > min(chunks[axis]):
            new = _rechunked(chunks[axis], reach)
            validate.warn(
                f"the transform reaches {reach} samples along axis {axis}, farther than its "
                f"smallest chunk ({min(chunks[axis])} samples); rechunking that axis to "
                f"{'one chunk' if len(new) == 1 else f'chunks of {new[0]} samples'} for the "
                "computation (the result is rechunked back to the input's chunks). Use "
                f"chunks of at least {reach} samples along axis {axis} to avoid this.",
                ChunkWarning)
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
    # One engine thread per task: Dask's own threads share the cores.
    with validate.quiet(), one_thread(single_thread):
        result = transform(*blocks)
    outputs = []
    flatten(result, outputs)
    return tuple(np.asarray(output)[cut] for output in outputs)


def blockwise(func, leaves, depth, periodic, whole=()):
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
    spec = flatten(result, template)
    shape, ndim = reference.shape, reference.ndim
    if 0 in shape:
        result = func(*[np.asarray(leaf) for leaf in leaves])
        outputs = []
        flatten(result, outputs)
        return build(spec, [
            da.from_array(o, chunks=tuple((n,) for n in o.shape[:o.ndim - ndim])
                          + reference.chunks) if o.shape[o.ndim - ndim:] == shape
            else da.from_array(o) for o in map(np.asarray, outputs)])
    original = reference.chunks
    chunks, depth = _plan(original, {a: d for a, d in depth.items() if shape[a]})
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
    return build(spec, outputs)


def named(func, name):
    """``func`` under ``name`` (task names in Dask's dashboard and progress bars)."""
    func = functools.partial(func)
    func.__name__ = name
    return func


def rows(array):
    """The rows of a stacked Dask array (the ``w`` of the MODWT, the starlet's coefficients)."""
    return [array[i] for i in range(array.shape[0])]


def stack_rows(*rows, public, **kwargs):
    return public(np.stack(rows), **kwargs)


def extend(data, axis, before, after, code):
    """The Dask ``data`` extended along ``axis`` by the engine's boundary rule ``code``."""
    import dask.array as da

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
        extended = extend_array(block, axis, before, after, code)
        cut = [slice(None)] * block.ndim
        cut[axis] = (slice(0, before) if side == "before"
                     else slice(extended.shape[axis] - after, None))
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
