"""Dilated filtering with scipy.ndimage's conventions: ``correlate1d`` and ``convolve1d``.

By definition, ``atrous.correlate1d(x, w, dilation=d, ...)`` equals
``scipy.ndimage.correlate1d(x, w_d, ...)`` where ``w_d`` is ``w`` with ``d - 1`` zeros
between taps, for every mode, ``cval``, ``origin``, ``axis`` and ``output``. The engine
applies the ``K`` taps at their dilated positions directly, so the cost is ``O(N K)``
whatever the dilation, and the boundary rules (shared with the wavelet transforms) extend
the signal as many times as a long kernel needs.
"""

import numpy as np

from . import _validation as validate
from ._engine import filter_along_axis
from ._kernels import boundary
from ._layout import canonical, restore

__all__ = ["correlate1d", "convolve1d"]

# scipy.ndimage's mode names (filters make no difference between a mode and its grid- twin).
_SCIPY_MODES = {
    "reflect": boundary.SYMMETRIC, "grid-mirror": boundary.SYMMETRIC,
    "mirror": boundary.REFLECT, "nearest": boundary.EDGE,
    "wrap": boundary.WRAP, "grid-wrap": boundary.WRAP,
    "constant": boundary.ZERO, "grid-constant": boundary.ZERO,
}


def _scipy_mode(mode):
    if isinstance(mode, str) and mode in _SCIPY_MODES:
        return _SCIPY_MODES[mode]
    raise RuntimeError(f"boundary mode not supported: `mode`={mode!r}; use one of "
                       + ", ".join(repr(m) for m in _SCIPY_MODES))


def _filter_weights(weights):
    weights = np.asarray(weights)
    if weights.dtype.kind == "c":
        raise TypeError("`weights` must be real; filter the real and imaginary parts of a "
                        "complex kernel separately")
    if weights.dtype.kind not in "biuf":
        raise TypeError(f"`weights` must hold numbers, got dtype {weights.dtype}")
    if weights.ndim != 1 or weights.shape[0] < 1:
        raise RuntimeError(f"no filter weights given: `weights` must be a non-empty 1-d "
                           f"sequence, got shape {weights.shape}")
    return weights.astype(np.float64)


def _positive(value, name):
    value = validate.integer(value, name)
    if value < 1:
        raise ValueError(f"`{name}`={value} must be a positive integer (1 is undilated)")
    return value


def _output_array(output, data):
    """``(result, scratch_dtype)``: the array to return and the dtype to compute in."""
    if output is None or not isinstance(output, np.ndarray):
        dtype = data.dtype if output is None else np.dtype(output)
        return np.empty(data.shape, dtype), dtype
    if output.shape != data.shape:
        raise RuntimeError(f"output shape not correct: `output` has shape {output.shape}, the "
                           f"input {data.shape}")
    return output, output.dtype


def _compute_dtype(input_dtype, output_dtype):
    """The engine's storage type: complex if either is, float32 only if both allow it."""
    complex_ = input_dtype.kind == "c" or output_dtype.kind == "c"
    single = all(d in (np.float32, np.complex64) for d in (input_dtype, output_dtype))
    if complex_:
        return np.dtype(np.complex64 if single else np.complex128)
    return np.dtype(np.float32 if single else np.float64)


def _filter(data, weights, offsets, mode, cval, axis, output):
    """``output[n] = sum_k weights[k] * extended(data)[n + offsets[k]]`` along ``axis``."""
    result, dtype = _output_array(output, data)
    work_dtype = _compute_dtype(data.dtype, dtype)
    source = data.astype(work_dtype, copy=False)
    source, (c_axis,), transposed = canonical(source, [axis])
    direct = (result.dtype == work_dtype and not np.shares_memory(result, data)
              and (result.flags.f_contiguous if transposed else result.flags.c_contiguous))
    target = restore(result, transposed) if direct else np.empty(source.shape, work_dtype)
    filter_along_axis([source], weights[None, None, :], offsets, mode, c_axis, [target])
    if mode == boundary.ZERO and cval != 0:
        # The constant extension adds cval times the weights of the taps that fall outside.
        n = data.shape[axis]
        positions = np.arange(n)[:, None] + np.asarray(offsets)[None, :]
        outside = (positions < 0) | (positions >= n)
        edge_sum = (outside * weights[None, :]).sum(axis=1)
        rows = np.flatnonzero(edge_sum)
        along = np.moveaxis(target, c_axis, 0)
        shape = (len(rows),) + (1,) * (along.ndim - 1)
        along[rows] += (cval * edge_sum[rows]).reshape(shape).astype(work_dtype)
    if not direct:
        np.copyto(result, restore(target, transposed), casting="unsafe")
    return result


def _prepare(input, weights, dilation, axis, mode, cval, origin, causal):
    data = np.asarray(input)
    if data.dtype.kind not in "biufc":
        raise TypeError(f"`input` must hold numbers, got an array of dtype {data.dtype}")
    if data.ndim == 0:
        raise validate.AxisError("`input` is a scalar (0-d); pass an array with at least one "
                                 "dimension")
    axis = validate.as_axis(axis, data.ndim)
    weights = _filter_weights(weights)
    dilation = _positive(dilation, "dilation")
    origin = validate.integer(origin, "origin")
    if causal and origin != 0:
        raise ValueError("`origin` must be 0 with causal=True: a causal filter's last tap sits "
                         "on the output sample")
    if mode is None:
        mode = "constant" if causal else "reflect"
    code = _scipy_mode(mode)
    try:
        cval = complex(cval) if np.iscomplexobj(cval) else float(cval)
    except (TypeError, ValueError):
        raise TypeError(f"`cval` must be a number, got {cval!r}") from None
    return data, weights, dilation, axis, code, cval, origin


def _check_origin(origin, span):
    if not -(span // 2) <= origin <= (span - 1) // 2:
        raise ValueError(
            f"Invalid origin; origin must satisfy -(len(weights) // 2) <= origin <= "
            f"(len(weights)-1) // 2 for the dilated kernel of {span} samples: "
            f"{-(span // 2)} <= `origin` <= {(span - 1) // 2}, got {origin}")


def correlate1d(input, weights, dilation=1, axis=-1, output=None, mode=None, cval=0.0,
                origin=0, causal=False):
    """Dilated 1-d correlation along an axis, with scipy.ndimage's conventions.

    Equal, by definition, to ``scipy.ndimage.correlate1d(input, stuffed, axis, output, mode,
    cval, origin)`` where ``stuffed`` is ``weights`` with ``dilation - 1`` zeros between taps,
    at a cost that does not depend on the dilation.

    Parameters
    ----------
    input : array_like
        The data, real or complex.
    weights : array_like
        The 1-d real kernel, ``K`` taps.
    dilation : int, optional
        Samples between consecutive taps (1: an ordinary correlation).
    axis : int, optional
        Axis to filter. Default -1.
    output : ndarray or dtype, optional
        Where to write the result, or its dtype. Default: the input's dtype (integers are
        truncated, as scipy does).
    mode : str, optional
        scipy.ndimage's boundary modes: ``'reflect'`` (the default; ``d c b a | a b c d |
        d c b a``), ``'mirror'`` (``d c b | a b c d | c b a``), ``'nearest'``, ``'wrap'``,
        ``'constant'`` (``cval`` outside), and the aliases ``'grid-mirror'``,
        ``'grid-wrap'``, ``'grid-constant'``. With ``causal=True`` the default is
        ``'constant'``: zero history.
    cval : scalar, optional
        The value outside the input with ``mode='constant'``. Default 0.
    origin : int, optional
        Shift of the kernel's centre, in samples of the dilated kernel, as in scipy.
    causal : bool, optional
        If True, the output at ``n`` depends on input samples ``n - (K - 1) * dilation``
        to ``n`` only: ``out[n] = sum_k weights[k] * input[n - (K - 1 - k) * dilation]``.
        The mode then only says what precedes the first sample.

    Returns
    -------
    result : ndarray
        The filtered data (``output`` itself if an array was given).

    Raises
    ------
    RuntimeError
        Empty or non-1-d ``weights``, an unknown ``mode``, or an ``output`` of another
        shape (scipy's types).
    ValueError
        An ``origin`` outside the dilated kernel, a ``dilation`` below 1, or an ``origin``
        with ``causal=True``.
    numpy.exceptions.AxisError
        If ``axis`` is out of range.
    TypeError
        Complex or non-numeric ``weights``, non-numeric ``input`` or ``cval``.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.arange(10.0)
    >>> atrous.correlate1d(x, [1, 0, -1], dilation=3)   # x[n-3] - x[n+3]
    array([-2., -4., -6., -6., -6., -6., -6., -6., -4., -2.])
    >>> atrous.correlate1d(x, [1, 1], dilation=4, causal=True)   # x[n-4] + x[n]
    array([ 0.,  1.,  2.,  3.,  4.,  6.,  8., 10., 12., 14.])
    """
    data, weights, dilation, axis, code, cval, origin = _prepare(
        input, weights, dilation, axis, mode, cval, origin, causal)
    taps = len(weights)
    span = (taps - 1) * dilation + 1
    if causal:
        offsets = [(k - (taps - 1)) * dilation for k in range(taps)]
    else:
        _check_origin(origin, span)
        offsets = [k * dilation - span // 2 - origin for k in range(taps)]
    return _filter(data, weights, offsets, code, cval, axis, output)


def convolve1d(input, weights, dilation=1, axis=-1, output=None, mode=None, cval=0.0,
               origin=0, causal=False):
    """Dilated 1-d convolution along an axis, with scipy.ndimage's conventions.

    Equal, by definition, to ``scipy.ndimage.convolve1d`` with ``weights`` zero-stuffed by
    ``dilation - 1`` zeros between taps, at a cost that does not depend on the dilation.

    Parameters
    ----------
    input : array_like
        The data, real or complex.
    weights : array_like
        The 1-d real kernel, ``K`` taps.
    dilation : int, optional
        Samples between consecutive taps.
    axis : int, optional
        Axis to filter. Default -1.
    output : ndarray or dtype, optional
        Where to write the result, or its dtype. Default: the input's dtype.
    mode : str, optional
        Boundary mode, as :func:`correlate1d` (default ``'reflect'``; ``'constant'`` with
        ``causal=True``).
    cval : scalar, optional
        The value outside the input with ``mode='constant'``.
    origin : int, optional
        Shift of the kernel's centre, as in scipy.
    causal : bool, optional
        If True, ``out[n] = sum_k weights[k] * input[n - k * dilation]``: the present and
        the past only.

    Returns
    -------
    result : ndarray
        The filtered data.

    Raises
    ------
    RuntimeError
        Empty ``weights``, an unknown ``mode`` or an ``output`` of another shape.
    ValueError
        An invalid ``origin`` or ``dilation``.
    numpy.exceptions.AxisError
        If ``axis`` is out of range.
    TypeError
        Complex or non-numeric ``weights``, non-numeric ``input`` or ``cval``.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> impulse = np.zeros(9); impulse[2] = 1
    >>> atrous.convolve1d(impulse, [1, 2, 3], dilation=2, causal=True)
    array([0., 0., 1., 0., 2., 0., 3., 0., 0.])
    """
    data, weights, dilation, axis, code, cval, origin = _prepare(
        input, weights, dilation, axis, mode, cval, origin, causal)
    taps = len(weights)
    span = (taps - 1) * dilation + 1
    if causal:
        offsets = [-k * dilation for k in range(taps)]
        return _filter(data, weights, offsets, code, cval, axis, output)
    _check_origin(origin, span)
    # scipy: a convolution is the correlation with the reversed kernel and origin.
    origin = -origin - (0 if span % 2 else 1)
    offsets = [k * dilation - span // 2 - origin for k in range(taps)]
    return _filter(data, weights[::-1].copy(), offsets, code, cval, axis, output)
