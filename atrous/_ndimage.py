"""Dilated filtering with scipy.ndimage's conventions: ``correlate1d``, ``convolve1d``,
``correlate`` and ``convolve``.

By definition, ``atrous.correlate1d(x, w, dilation=d, ...)`` equals
``scipy.ndimage.correlate1d(x, w_d, ...)`` where ``w_d`` is ``w`` with ``d - 1`` zeros
between taps, for every mode, ``cval``, ``origin``, ``axis`` and ``output``, for finite
data. The engine applies the ``K`` taps at their dilated positions directly, so the cost is
``O(N K)`` whatever the dilation, and the boundary rules (shared with the wavelet
transforms) extend the signal as many times as a long kernel needs. It never multiplies by
the zeros between taps, so a NaN or inf reaches only the outputs whose taps read it, where
scipy's zero-stuffed kernel spreads it over the whole dilated span (``0 * nan`` is NaN).
"""


import numpy as np

from . import _validation as validate
from ._dispatch import chunkable
from ._docstrings import REFERENCES, fill_docstrings
from ._engine import Program, call_key, halo, plans
from ._kernels import boundary

__all__ = ["correlate1d", "convolve1d", "correlate", "convolve"]

def reach(offsets):
    """How far along an axis a filtered sample depends on the input, for taps at
    ``offsets``; chunked execution gives every chunk this many samples of its neighbours."""
    return max(halo(offsets))


def nd_reach(settings):
    """:func:`reach` along every axis, for settings from :func:`filter_nd_settings`."""
    reaches = {}
    for axis, (taps, dilation, origin) in enumerate(zip(settings["weights"].shape,
                                                        settings["dilations"],
                                                        settings["origins"])):
        span = (taps - 1) * dilation + 1
        reaches[axis] = reach([k * dilation - span // 2 - origin for k in range(taps)])
    return reaches


def numeric_input(input):
    """``input`` as an array (of any kind: a lazy array stays lazy), after checking that it
    holds numbers."""
    data = validate.as_array_like(input)
    if data.dtype.kind not in "biufc":
        raise TypeError(f"`input` must hold numbers, got an array of dtype {data.dtype}")
    return data


def _real_weights(weights, advice):
    """``weights`` as an array, after checking that it holds real numbers (``advice`` says
    what to do with a complex kernel)."""
    weights = np.asarray(weights)
    if weights.dtype.kind == "c":
        raise TypeError(f"`weights` must be real; {advice}")
    if weights.dtype.kind not in "biuf":
        raise TypeError(f"`weights` must hold numbers, got dtype {weights.dtype}")
    return weights


def _filter_weights(weights):
    weights = _real_weights(weights, "filter the real and imaginary parts of a complex kernel "
                                     "separately")
    if weights.ndim != 1 or weights.shape[0] < 1:
        raise RuntimeError(f"no filter weights given: `weights` must be a non-empty 1-d "
                           f"sequence, got shape {weights.shape}")
    return weights.astype(np.float64)


def _output_dtype(output, data):
    """The dtype of the result for ``output`` (None, a dtype or an array), by
    scipy.ndimage's rules.

    Complex input needs a complex output: a dtype given as a type or ``np.dtype`` is
    promoted with a UserWarning, a string or an array of a real dtype is refused (scipy's
    RuntimeError), never the imaginary part silently dropped.
    """
    complex_input = data.dtype.kind == "c"
    if output is None:
        return data.dtype
    if isinstance(output, np.ndarray):
        if output.shape != data.shape:
            raise RuntimeError(f"output shape not correct: `output` has shape {output.shape}, "
                               f"the input {data.shape}")
        dtype = output.dtype
    elif isinstance(output, (type, np.dtype)):
        dtype = np.dtype(output)
        if complex_input and dtype.kind != "c":
            validate.warn("promoting specified output dtype to complex: the input is complex, "
                          f"`output`={dtype} becomes {np.promote_types(dtype, np.complex64)}")
            dtype = np.promote_types(dtype, np.complex64)
    else:
        dtype = np.dtype(output)
    if complex_input and dtype.kind != "c":
        raise RuntimeError(f"output must have complex dtype: the input is complex, `output` "
                           f"has dtype {dtype}; use a complex dtype such as complex128")
    if dtype.kind not in "biufc":
        raise RuntimeError(f"output must have numeric dtype: `output` has dtype {dtype}")
    if isinstance(output, np.ndarray) and not output.flags.writeable:
        raise ValueError("output array is read-only: pass a writeable `output` array, or a "
                         "dtype (or None) for a new one")
    return dtype


def _store(result, values):
    """Copy ``values`` into ``result`` as scipy does: truncated toward zero for integer and
    boolean outputs (0.5 is False)."""
    if result.dtype.kind == "b":
        values = np.trunc(values) != 0
    np.copyto(result, values, casting="unsafe")


def _compute_dtype(input_dtype, output_dtype):
    """The engine's storage type: complex if either is, float32 only if both allow it."""
    complex_ = input_dtype.kind == "c" or output_dtype.kind == "c"
    single = all(d in (np.float32, np.complex64) for d in (input_dtype, output_dtype))
    if complex_:
        return np.dtype(np.complex64 if single else np.complex128)
    return np.dtype(np.float32 if single else np.float64)


def filter1d_plan(data, weights, offsets, code, cval, axis, output=None):
    """The 1-d filter ``output[n] = sum_k weights[k] * extended(data)[n + offsets[k]]``
    along ``axis``, planned for NumPy data like ``data`` and an ``output`` like this one
    (None, a dtype, or an array of this shape and dtype), with settings from
    :func:`filter1d_settings`: a function ``run(data, output)``."""
    dtype = _output_dtype(output, data)
    work_dtype = _compute_dtype(data.dtype, dtype)
    converted = data.astype(work_dtype, copy=False)
    transposed = not converted.flags.c_contiguous and converted.flags.f_contiguous
    shape = data.shape[::-1] if transposed else data.shape
    c_axis = data.ndim - 1 - axis if transposed else axis
    program = Program(work_dtype)
    program.add([(0, 0)], [(1, 0)], weights[None, None, :], offsets, code, c_axis, shape)
    correction = None
    if code == boundary.ZERO and cval != 0:
        # The constant extension adds cval times the weights of the taps that fall outside.
        n = data.shape[axis]
        positions = np.arange(n)[:, None] + np.asarray(offsets)[None, :]
        outside = (positions < 0) | (positions >= n)
        edge_sum = (outside * weights[None, :]).sum(axis=1)
        rows = np.flatnonzero(edge_sum)
        values = (cval * edge_sum[rows]).reshape((len(rows),) + (1,) * (data.ndim - 1))
        correction = rows, values.astype(work_dtype)

    def run(data, output=None):
        result = output if isinstance(output, np.ndarray) else np.empty(data.shape, dtype)
        source = data.astype(work_dtype, copy=False)
        source = source.T if transposed else np.ascontiguousarray(source)
        direct = (result.dtype == work_dtype
                  and (result.flags.f_contiguous if transposed else result.flags.c_contiguous)
                  and (output is None or not np.shares_memory(result, data)))
        if direct:
            target = result.T if transposed else result
        else:
            target = np.empty(shape, work_dtype)
        program.run((source, target))
        if correction is not None:
            np.moveaxis(target, c_axis, 0)[correction[0]] += correction[1]
        if not direct:
            _store(result, target.T if transposed else target)
        return result

    return run


def filter1d_settings(data, weights, dilation, axis, mode, cval, origin, causal, convolve):
    """The arguments of :func:`correlate1d` (or, with ``convolve``, :func:`convolve1d`)
    checked against ``data`` (an array of any kind: only its shape and dtype are read) and
    resolved, as the keyword arguments of :func:`filter1d_with`."""
    if data.ndim == 0:
        raise validate.AxisError("`input` is a scalar (0-d); pass an array with at least one "
                                 "dimension")
    axis = validate.as_axis(axis, data.ndim)
    weights = _filter_weights(weights)
    dilation = validate.positive_integer(dilation, "dilation")
    origin = validate.integer(origin, "origin")
    if causal and origin != 0:
        raise ValueError("`origin` must be 0 with causal=True: a causal filter's last tap sits "
                         "on the output sample")
    if mode is None:
        mode = "constant" if causal else "reflect"
    code = validate.as_scipy_mode(mode)
    try:
        cval = complex(cval) if np.iscomplexobj(cval) else float(cval)
    except (TypeError, ValueError):
        raise TypeError(f"`cval` must be a number, got {cval!r}") from None
    if isinstance(cval, complex) and data.dtype.kind != "c":
        raise TypeError(f"`cval`={cval!r} must be real for real `input` (as in scipy); a "
                        "complex cval needs complex input")
    taps = len(weights)
    span = (taps - 1) * dilation + 1
    if causal:
        # The last tap (the first, reversed, for a convolution) on the output sample.
        offsets = [(k - (taps - 1)) * dilation if not convolve else -k * dilation
                   for k in range(taps)]
        return {"weights": weights, "offsets": offsets, "code": code, "cval": cval,
                "axis": axis}
    _check_origin(origin, span)
    if convolve:
        # scipy: a convolution is the correlation with the reversed kernel and origin.
        weights = weights[::-1].copy()
        origin = -origin - (0 if span % 2 else 1)
    offsets = [k * dilation - span // 2 - origin for k in range(taps)]
    return {"weights": weights, "offsets": offsets, "code": code, "cval": cval, "axis": axis}


def filter1d_with(data, output=None, **settings):
    """The 1-d filter of the NumPy ``data`` with settings from :func:`filter1d_settings`."""
    return filter1d_plan(data, output=output, **settings)(data, output)


def _planned_filter1d(name, input, weights, dilation, axis, output, mode, cval, origin,
                      causal):
    """correlate1d (or convolve1d), the plan remembered for calls like this one (an
    ``output`` array's own memory is checked on every call)."""
    data = numeric_input(input)
    weights_key = validate.values_key(weights)
    output_key = (validate.array_key(output) if type(output) is np.ndarray
                  else validate.frozen(output))
    key = None
    if weights_key is not None and type(data) is np.ndarray:
        key = call_key(name, data, weights_key, dilation, axis, output_key, mode, cval,
                       origin, causal)

    def plan():
        return filter1d_plan(data, output=output, **filter1d_settings(
            data, weights, dilation, axis, mode, cval, origin, causal,
            convolve=name == "convolve1d"))

    if isinstance(output, np.ndarray) and not output.flags.writeable:
        key = None  # refused by the plan, every time
    return plans.get(key, plan)(data, output)


# What the docstrings share: a line that is only ``{name}`` stands for _FILTER_DOCS[name]
# (see fill_docstrings, called below the functions).
_FILTER_DOCS = {
    "input_weights_1d": """
        input : array_like
            The data, real or complex.
        weights : array_like
            The 1-d real kernel, ``K`` taps.
    """,
    "input_weights_dilation_nd": """
        input : array_like
            The data, real or complex.
        weights : array_like
            Real kernel with as many dimensions as ``input``.
        dilation : int or sequence of int, optional
            Samples between taps, one for all axes or one per axis.
    """,
    "returns_output": """
        Returns
        -------
        result : ndarray
            The filtered data (``output`` itself if an array was given).
    """,
    "returns": """
        Returns
        -------
        result : ndarray
            The filtered data.
    """,
    "invalid_origin_or_dilation": """
        ValueError
            An invalid ``origin`` or ``dilation``, a read-only ``output`` array.
    """,
    "axis_and_type_errors_1d": """
        numpy.exceptions.AxisError
            If ``axis`` is out of range.
        TypeError
            Complex or non-numeric ``weights``, non-numeric ``input`` or ``cval``, a complex
            ``cval`` for real ``input``.
    """,
    "type_error_nd": """
        TypeError
            Complex or non-numeric ``weights``, non-numeric ``input`` or ``cval``.
    """,
}


def _check_origin(origin, span):
    if not -(span // 2) <= origin <= (span - 1) // 2:
        raise ValueError(
            f"Invalid origin; origin must satisfy -(len(weights) // 2) <= origin <= "
            f"(len(weights)-1) // 2 for the dilated kernel of {span} samples: "
            f"{-(span // 2)} <= `origin` <= {(span - 1) // 2}, got {origin}")


@chunkable("correlate1d", "input")
def correlate1d(input, weights, dilation=1, axis=-1, output=None, mode=None, cval=0.0,
                origin=0, causal=False):
    """Dilated 1-d correlation along an axis, with scipy.ndimage's conventions.

    Equal, by definition, to ``scipy.ndimage.correlate1d(input, stuffed, axis, output, mode,
    cval, origin)`` where ``stuffed`` is ``weights`` with ``dilation - 1`` zeros between taps,
    at a cost that does not depend on the dilation; for finite data (see Notes).

    Parameters
    ----------
    {input_weights_1d}
    dilation : int, optional
        Samples between consecutive taps (1: an ordinary correlation).
    axis : int, optional
        Axis to filter. Default -1.
    output : ndarray or dtype, optional
        Where to write the result, or its dtype. Default: the input's dtype (integers are
        truncated, as scipy does). As in scipy, complex input needs a complex output: a
        real dtype given as a type (``np.float32``) is promoted with a UserWarning, a
        string or an array of a real dtype raises.
    mode : str, optional
        scipy.ndimage's boundary modes: ``'reflect'`` (the default; ``d c b a | a b c d |
        d c b a``), ``'mirror'`` (``d c b | a b c d | c b a``), ``'nearest'``, ``'wrap'``,
        ``'constant'`` (``cval`` outside), and the aliases ``'grid-mirror'``,
        ``'grid-wrap'``, ``'grid-constant'``. With ``causal=True`` the default is
        ``'constant'``: zero history.
    cval : scalar, optional
        The value outside the input with ``mode='constant'``. Default 0. Complex only for
        complex input.
    origin : int, optional
        Shift of the kernel's centre, in samples of the dilated kernel, as in scipy.
    causal : bool, optional
        If True, the output at ``n`` depends on input samples ``n - (K - 1) * dilation``
        to ``n`` only: ``out[n] = sum_k weights[k] * input[n - (K - 1 - k) * dilation]``.
        The mode then only says what precedes the first sample.

    {returns_output}

    Raises
    ------
    RuntimeError
        Empty or non-1-d ``weights``, an unknown ``mode``, an ``output`` of another shape
        or of a non-numeric dtype, a real ``output`` array or string for complex input
        (scipy's types).
    ValueError
        An ``origin`` outside the dilated kernel, a ``dilation`` below 1, an ``origin``
        with ``causal=True``, or a read-only ``output`` array.
    {axis_and_type_errors_1d}

    See Also
    --------
    atrous.convolve1d : The same filter, flipped.
    atrous.correlate : Filters along several axes at once.
    atrous.conv1d : Layers with channels, bias, stride and groups, as in PyTorch.
    scipy.ndimage.correlate1d : The undilated peer whose conventions these are.

    Notes
    -----
    Non-finite data: the taps are applied where they are, never the zeros between them,
    so a NaN or inf input sample reaches only the outputs whose taps read it (a zero tap
    included: ``0 * nan`` is NaN). scipy with the zero-stuffed kernel multiplies it by every
    zero between the taps as well, so its NaN covers the whole dilated span around the
    sample: ``correlate1d(x, [1, 1], dilation=4)`` of an ``x`` with one NaN has 2 NaN
    outputs, scipy's 5.

    {references_dilated}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.arange(10.0)
    >>> atrous.correlate1d(x, [1, 0, -1], dilation=3)   # x[n-3] - x[n+3]
    array([-2., -4., -6., -6., -6., -6., -6., -6., -4., -2.])
    >>> atrous.correlate1d(x, [1, 1], dilation=4, causal=True)   # x[n-4] + x[n]
    array([ 0.,  1.,  2.,  3.,  4.,  6.,  8., 10., 12., 14.])
    """
    return _planned_filter1d("correlate1d", input, weights, dilation, axis, output, mode, cval,
                             origin, causal)


@chunkable("convolve1d", "input")
def convolve1d(input, weights, dilation=1, axis=-1, output=None, mode=None, cval=0.0,
               origin=0, causal=False):
    """Dilated 1-d convolution along an axis, with scipy.ndimage's conventions.

    Equal, by definition, to ``scipy.ndimage.convolve1d`` with ``weights`` zero-stuffed by
    ``dilation - 1`` zeros between taps, at a cost that does not depend on the dilation; for
    finite data (see :func:`correlate1d`'s Notes).

    Parameters
    ----------
    {input_weights_1d}
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

    {returns}

    Raises
    ------
    RuntimeError
        Empty ``weights``, an unknown ``mode``, an ``output`` of another shape or of a
        non-numeric dtype, a real ``output`` array or string for complex input.
    {invalid_origin_or_dilation}
    {axis_and_type_errors_1d}

    See Also
    --------
    atrous.correlate1d : The correlation: the weights taken in order.
    atrous.convolve : The n-d convolution.
    scipy.ndimage.convolve1d : The peer, at dilation 1.

    {references_dilated}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> impulse = np.zeros(9); impulse[2] = 1
    >>> atrous.convolve1d(impulse, [1, 2, 3], dilation=2, causal=True)
    array([0., 0., 1., 0., 2., 0., 3., 0., 0.])
    """
    return _planned_filter1d("convolve1d", input, weights, dilation, axis, output, mode, cval,
                             origin, causal)


def _per_axis(value, count, name, check):
    values = np.atleast_1d(np.asarray(value, dtype=object))
    if values.ndim != 1 or len(values) not in (1, count):
        raise ValueError(f"`{name}` must be one integer or one per axis ({count}), got {value!r}")
    values = [check(v, name) for v in values]
    return values * count if len(values) == 1 else values


def _add_correlation(program, shape, weights, dilations, origins, codes, source, out, free):
    """Add to ``program`` the steps correlating the buffer ``source`` with the n-d
    ``weights`` into ``out`` (buffers are ``(slot, element offset)`` pairs of arrays of
    ``shape``; slot 2 is a scratch of rows of ``shape``, rows ``free ..`` unused). Returns
    how many scratch rows the steps use in all.

    The kernel's leading axis is split off: each of its ``K0`` slices is correlated over the
    remaining axes (recursively, the deeper levels' scratch shared among the slices), and one
    synthesis step along the leading axis sums the ``K0`` results at their dilated shifts.
    Scratch: ``K0 + K1 + ...`` rows, but for the last axis's.
    """
    taps = weights.shape[0]
    span = (taps - 1) * dilations[0] + 1
    offsets = [k * dilations[0] - span // 2 - origins[0] for k in range(taps)]
    axis = len(shape) - weights.ndim
    if weights.ndim == 1:
        program.add([source], [out], weights[None, None, :], offsets, codes[0], axis, shape)
        return free
    size = int(np.prod(shape, dtype=np.int64))
    parts = [(2, (free + k) * size) for k in range(taps)]
    used = free + taps
    for k in range(taps):
        used = max(used, _add_correlation(program, shape, weights[k], dilations[1:],
                                          origins[1:], codes[1:], source, parts[k],
                                          free + taps))
    # Input k of this synthesis is read only through tap k.
    program.add(parts, [out], np.eye(taps)[None, :, :], offsets, codes[0], axis, shape)
    return used


def _nd(input, weights, dilation, output, mode, cval, origin, convolve):
    """correlate (or convolve), the plan remembered for calls like this one."""
    data = numeric_input(input)
    weights_key = validate.values_key(weights)
    key = None
    if weights_key is not None and type(data) is np.ndarray:
        output_key = (validate.array_key(output) if type(output) is np.ndarray
                      else validate.frozen(output))
        key = call_key("convolve" if convolve else "correlate", data, weights_key,
                       validate.frozen(dilation), output_key, validate.frozen(mode), cval,
                       validate.frozen(origin))
    if isinstance(output, np.ndarray) and not output.flags.writeable:
        key = None  # refused by the plan, every time
    return plans.get(key, lambda: filter_nd_plan(data, output=output, **filter_nd_settings(
        data, weights, dilation, mode, cval, origin, convolve)))(data, output)


def filter_nd_settings(data, weights, dilation, mode, cval, origin, convolve):
    """The arguments of :func:`correlate` (or, with ``convolve``, :func:`convolve`) checked
    against ``data`` (an array of any kind: only its shape is read) and resolved, as the
    keyword arguments of :func:`filter_nd_with`."""
    weights = _real_weights(weights, "filter with the real and imaginary parts of a complex "
                                     "kernel separately")
    if weights.ndim != data.ndim or weights.size == 0 or data.ndim == 0:
        raise RuntimeError(f"weights.ndim ({weights.ndim}) must match the input's "
                           f"({data.ndim}), with at least one tap per axis; got weights of "
                           f"shape {weights.shape}")
    ndim = data.ndim
    dilations = _per_axis(dilation, ndim, "dilation", validate.positive_integer)
    origins = _per_axis(origin, ndim, "origin", validate.integer)
    modes = mode if isinstance(mode, (list, tuple)) else [mode]
    if len(modes) not in (1, ndim):
        raise RuntimeError(f"boundary mode not supported: `mode` gives {len(modes)} modes for "
                           f"{ndim} axes")
    codes = [validate.as_scipy_mode(m) for m in modes] * (ndim if len(modes) == 1 else 1)
    try:
        cval = float(cval)
    except (TypeError, ValueError):
        raise TypeError(f"`cval` must be a real number, got {cval!r}") from None
    weights = weights.astype(np.float64)
    spans = [(k - 1) * d + 1 for k, d in zip(weights.shape, dilations)]
    for axis, (o, span) in enumerate(zip(origins, spans)):
        if not -(span // 2) <= o <= (span - 1) // 2:
            raise ValueError(
                f"Invalid origin; origin must satisfy -(weights.shape[k] // 2) <= origin[k] <= "
                f"(weights.shape[k]-1) // 2 for the dilated kernel: along axis {axis} "
                f"{-(span // 2)} <= origin <= {(span - 1) // 2}, got {o}")
    if convolve:
        weights = weights[(slice(None, None, -1),) * ndim].copy()
        origins = [-o - (0 if span % 2 else 1) for o, span in zip(origins, spans)]
    return {"weights": weights, "dilations": dilations, "origins": origins, "codes": codes,
            "cval": cval}


def filter_nd_plan(data, weights, dilations, origins, codes, cval, output=None):
    """The n-d filter planned for NumPy data like ``data`` and an ``output`` like this one,
    with settings from :func:`filter_nd_settings`: a function ``run(data, output)``."""
    dtype = _output_dtype(output, data)
    work_dtype = _compute_dtype(data.dtype, dtype)
    # cval outside: filter (data - cval) with zeros outside, then add cval * sum(weights).
    # Only axes in constant mode see cval; the others extend (data - cval) themselves.
    shifted = bool(cval) and any(c == boundary.ZERO for c in codes)
    shape = data.shape
    program = Program(work_dtype)
    rows = _add_correlation(program, shape, weights, dilations, origins, codes, (0, 0), (1, 0),
                            0)
    added = cval * weights.sum() if shifted else 0.0

    def run(data, output=None):
        result = output if isinstance(output, np.ndarray) else np.empty(shape, dtype)
        source = data.astype(work_dtype, copy=shifted)  # (copied only to be shifted)
        if shifted:
            source -= cval
        target = np.empty(shape, work_dtype)
        program.run((np.ascontiguousarray(source), target,
                     np.empty((rows,) + shape, work_dtype) if rows else target))
        if shifted:
            target += added
        _store(result, target)
        return result

    return run


def filter_nd_with(data, output=None, **settings):
    """The n-d filter of the NumPy ``data`` with settings from :func:`filter_nd_settings`."""
    return filter_nd_plan(data, output=output, **settings)(data, output)


@chunkable("correlate", "input")
def correlate(input, weights, dilation=1, output=None, mode="reflect", cval=0.0, origin=0):
    """Dilated n-d correlation with scipy.ndimage's conventions.

    Equal, by definition, to ``scipy.ndimage.correlate(input, stuffed, output, mode, cval,
    origin)`` where ``stuffed`` has ``dilation - 1`` zeros between the taps along each axis,
    for finite data (a NaN or inf reaches only the outputs whose taps read it; see
    :func:`correlate1d`'s Notes).

    Parameters
    ----------
    {input_weights_dilation_nd}
    output : ndarray or dtype, optional
        Where to write the result, or its dtype. Default: the input's dtype.
    mode : str or sequence of str, optional
        scipy.ndimage's boundary modes (see :func:`correlate1d`); one per axis is also
        accepted (scipy's ``correlate`` takes only one). Default ``'reflect'``.
    cval : float, optional
        The value outside the input with ``mode='constant'``.
    origin : int or sequence of int, optional
        Shift of the kernel's centre per axis, in samples of the dilated kernel.

    {returns_output}

    Raises
    ------
    RuntimeError
        ``weights`` with another number of dimensions than ``input`` or no taps, an unknown
        ``mode``, an ``output`` of another shape or of a non-numeric dtype, a real
        ``output`` array or string for complex input.
    {invalid_origin_or_dilation}
    {type_error_nd}

    See Also
    --------
    atrous.correlate1d : One axis at a time.
    atrous.convolve : The flipped filter.
    atrous.conv2d : 2-d layers with channels, as in PyTorch.
    atrous.receptive_field : How far a dilated filter, or a stack of them, reaches.
    scipy.ndimage.correlate : The undilated peer.

    Notes
    -----
    The leading axis of the kernel is split off: each slice is applied over the remaining
    axes, and one engine pass sums the slices at their dilated shifts. The cost is
    ``O(N * weights.size)`` (plus ``O(N K0**2)`` for the sums), whatever the dilations.

    {references_dilated}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> image = np.zeros((7, 7)); image[3, 3] = 1
    >>> atrous.correlate(image, np.ones((2, 2)), dilation=2, mode='constant')[1:6, 1:6]
    array([[0., 0., 0., 0., 0.],
           [0., 0., 0., 0., 0.],
           [0., 0., 1., 0., 1.],
           [0., 0., 0., 0., 0.],
           [0., 0., 1., 0., 1.]])
    """
    return _nd(input, weights, dilation, output, mode, cval, origin, convolve=False)


@chunkable("convolve", "input")
def convolve(input, weights, dilation=1, output=None, mode="reflect", cval=0.0, origin=0):
    """Dilated n-d convolution with scipy.ndimage's conventions.

    Equal, by definition, to ``scipy.ndimage.convolve`` with the kernel zero-stuffed by
    ``dilation - 1`` zeros between taps along each axis, for finite data (see
    :func:`correlate1d`'s Notes).

    Parameters
    ----------
    {input_weights_dilation_nd}
    output : ndarray or dtype, optional
        Where to write the result, or its dtype.
    mode : str or sequence of str, optional
        Boundary mode(s), as :func:`correlate`.
    cval : float, optional
        The value outside the input with ``mode='constant'``.
    origin : int or sequence of int, optional
        Shift of the kernel's centre per axis, as in scipy.

    {returns}

    Raises
    ------
    RuntimeError
        ``weights`` of the wrong dimension, an unknown ``mode``, a wrong ``output`` shape or
        dtype (see :func:`correlate`).
    {invalid_origin_or_dilation}
    {type_error_nd}

    See Also
    --------
    atrous.correlate : The correlation of the same weights.
    atrous.convolve1d : Along one axis.
    scipy.ndimage.convolve : The undilated SciPy peer.

    {references_dilated}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> image = np.arange(25.0).reshape(5, 5)
    >>> atrous.convolve(image, np.ones((1, 2)), dilation=(1, 3), mode='wrap')[0]
    array([6., 3., 5., 2., 4.])
    """
    return _nd(input, weights, dilation, output, mode, cval, origin, convolve=True)


fill_docstrings({**_FILTER_DOCS, **REFERENCES}, correlate1d, convolve1d, correlate, convolve)
