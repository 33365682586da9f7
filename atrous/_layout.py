"""Turning an (array, axis) into the kernels' ``(outer, n * inner)`` view and back.

The kernels need C-contiguous memory. A C-contiguous array is used as it is; an
F-contiguous one through its transpose (which is C-contiguous, with the axis mirrored), so
neither layout is copied. Only arrays that are neither are copied, once.
"""

import numpy as np


def canonical(array, axes):
    """Return ``(c_array, c_axes, transposed)`` with ``c_array`` C-contiguous.

    ``axes`` (a list of non-negative axes of ``array``) become ``c_axes``, the same axes of
    ``c_array``. ``transposed`` says whether results computed on ``c_array`` must be
    transposed back (:func:`restore`) to match the layout of ``array``.
    """
    if array.flags.c_contiguous:
        return array, list(axes), False
    if array.flags.f_contiguous:
        return array.T, [array.ndim - 1 - axis for axis in axes], True
    return np.ascontiguousarray(array), list(axes), False


def restore(array, transposed):
    """Undo the transposition :func:`canonical` applied."""
    return array.T if transposed else array


def lines(array, axis):
    """View a C-contiguous array as ``(outer, n * inner)`` real lines along ``axis``.

    Returns ``(view, n, inner)``. Complex arrays are viewed as interleaved real and
    imaginary parts, which doubles ``inner``: a real filter acts on both parts alike.
    """
    shape = array.shape
    outer = int(np.prod(shape[:axis], dtype=np.int64))
    n = shape[axis]
    inner = int(np.prod(shape[axis + 1:], dtype=np.int64))
    if array.dtype.kind == "c":
        array = array.view(array.real.dtype)
        inner *= 2
    return array.reshape(outer, n * inner), n, inner
