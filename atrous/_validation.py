"""Argument validation: the only place that raises for bad arguments.

Messages name the argument and say what would work. Exception types are PyWavelets' where
PyWavelets raises for the same input (``ValueError`` for unknown wavelets, levels below 1
and empty input; ``numpy.exceptions.AxisError`` for bad axes), ``TypeError`` for arguments
of the wrong kind.
"""

import contextlib
import operator
import os
import sys
import threading
import warnings

import numpy as np
import pywt

from ._kernels import boundary

try:
    from numpy.exceptions import AxisError
except ImportError:  # numpy < 1.25
    from numpy import AxisError

_thread_state = threading.local()

# Bound at import, as every PyWavelets function atrous calls: a caller may have replaced
# the public name (monkeypatching drop-ins into pywt's namespace) by the time we call it.
_PYWT_WAVELET_BY_NAME = pywt.DiscreteContinuousWavelet


def warn(message, category=UserWarning):
    """``warnings.warn`` pointed at the user's line: the first frame outside atrous, however
    deep in atrous (a public function, its dispatcher, a Dask runner) the warning is given."""
    _thread_state.warnings = warnings_given() + 1
    frame, level = sys._getframe(1), 2  # level 1 is this function
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] == "atrous":
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


def warnings_given():
    """How many warnings :func:`warn` has given in this thread: a call whose planning warned
    is not remembered (:class:`atrous._engine.PlanCache`), so that it warns every time."""
    return getattr(_thread_state, "warnings", 0)


@contextlib.contextmanager
def quiet():
    """Silence atrous's argument warnings in this thread (the chunks of a Dask computation
    whose warnings were given once, when it was built). Thread-local, unlike
    ``warnings.catch_warnings``."""
    previous = getattr(_thread_state, "quiet", False)
    _thread_state.quiet = True
    try:
        yield
    finally:
        _thread_state.quiet = previous


def is_quiet():
    return getattr(_thread_state, "quiet", False)


_KEPT_DTYPES = {np.dtype(t) for t in (np.float32, np.float64, np.complex64, np.complex128)}


def integer(value, name, integral_floats=True):
    """``value`` as a Python int; integral floats (2.0) are accepted as PyWavelets does,
    unless ``integral_floats`` is False (atrous's own modwpt and simulators: 2.0 is refused
    as 2.5 is)."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be an integer, got the boolean {value!r}")
    try:
        return operator.index(value)
    except TypeError:
        pass
    if integral_floats and isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    raise TypeError(f"`{name}` must be an integer, got {value!r} of type {type(value).__name__}")


def pywt_integer(value):
    """``value`` with booleans read as the integers they are (``True`` is 1), as PyWavelets
    reads its ``level``, ``start_level``, ``axis`` and ``axes`` (``swt(x, w, level=True)``
    runs one level there); also inside a list or tuple of axes. The drop-ins follow that
    rule; atrous's own functions refuse a boolean where a number is meant."""
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if type(value) is list or type(value) is tuple:
        return type(value)(map(pywt_integer, value))
    return value


def flag(value, name):
    """A boolean argument: True or False (NumPy's too), not a truthy string or number."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be True or False, got {value!r} of type "
                        f"{type(value).__name__}")
    return bool(value)


def transform_dtype(dtype):
    """PyWavelets' dtype rule: float32/64 and complex64/128 are kept, float16 becomes
    float32, other complex types complex128, everything else float64."""
    dtype = np.dtype(dtype)
    if dtype in _KEPT_DTYPES:
        return dtype
    if dtype == np.float16:
        return np.dtype(np.float32)
    if dtype.kind == "c":
        return np.dtype(np.complex128)
    return np.dtype(np.float64)


def as_signal(data, name="data"):
    """``data`` as an array of its transform dtype; no copy when it already has it."""
    if type(data) is np.ndarray and data.dtype in _KEPT_DTYPES:
        return data
    array = np.asarray(data)
    if array.dtype.kind not in "biufcO":
        raise ValueError(
            f"`{name}` must hold numbers (real or complex), got an array of dtype {array.dtype}"
        )
    dtype = transform_dtype(array.dtype)
    if array.dtype == dtype:
        return array
    try:
        return array.astype(dtype)
    except (TypeError, ValueError) as error:  # an object array holding text, say
        raise ValueError(f"`{name}` must hold numbers (real or complex): {error}") from None


def as_array_like(value):
    """``value`` itself if it is an array of any kind (it has a shape, a dtype and ndim: a
    NumPy or a Dask array), else ``np.asarray(value)``: checks that read only the shape and
    dtype then serve every kind, and only the NumPy path converts."""
    if all(hasattr(value, attribute) for attribute in ("shape", "dtype", "ndim")):
        return value
    return np.asarray(value)


def numbers(data, name="data"):
    """An array of any kind (a Dask array, say) in its transform dtype, refusing what holds
    no numbers; the conversion of a lazy array stays lazy."""
    if data.dtype.kind not in "biufc":
        raise ValueError(
            f"`{name}` must hold numbers (real or complex), got an array of dtype {data.dtype}")
    dtype = transform_dtype(data.dtype)
    return data if data.dtype == dtype else data.astype(dtype)


def as_real(data, name, dtype=np.float64):
    """``data`` as an array of ``dtype``, refusing what holds no real numbers (complex data
    would lose its imaginary part)."""
    array = np.asarray(data)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"`{name}` must hold real numbers, got dtype {array.dtype}")
    return array.astype(dtype, copy=False)


def as_axis(axis, ndim, name="axis"):
    """A non-negative axis index of an ``ndim``-dimensional array."""
    axis = integer(axis, name)
    if not -ndim <= axis < ndim:
        if ndim == 0:
            raise AxisError(f"`{name}`={axis} is invalid: the data is a scalar (0-d); "
                            "pass an array with at least one dimension")
        raise AxisError(f"`{name}`={axis} is out of bounds for data with {ndim} dimension(s); "
                        f"use an axis in [{-ndim}, {ndim})")
    return axis % ndim


def _is_filter_bank(obj):
    if hasattr(obj, "filter_bank"):
        return True
    if isinstance(obj, (list, tuple)) and len(obj) == 4:
        return all(np.ndim(f) == 1 and np.asarray(f).dtype.kind in "iuf" for f in obj)
    return False


def wavelet_key(wavelet):
    """What identifies ``wavelet`` in a plan's key: a name itself; a ``pywt.Wavelet``
    (whose filters cannot change) by identity, with its ``orthogonal`` flag (which can);
    None for anything else (a filter bank, an object whose ``filter_bank`` may change),
    whose calls are planned afresh every time."""
    if type(wavelet) is str:
        return wavelet
    if isinstance(wavelet, pywt.Wavelet):
        return wavelet, wavelet.orthogonal
    return None


def wavelets_key(wavelet):
    """:func:`wavelet_key` of one wavelet, or of each in a list or tuple of them (one per
    axis); None if any has none."""
    if type(wavelet) is list or type(wavelet) is tuple:
        keys = tuple(map(wavelets_key, wavelet))
        return None if None in keys else (type(wavelet), keys)
    return wavelet_key(wavelet)


def frozen(value):
    """``value`` for a plan's key: lists and tuples (of axes, of modes) as tuples that keep
    their type; anything else as it is."""
    if type(value) is list or type(value) is tuple:
        return type(value), tuple(map(frozen, value)), tuple(map(type, value))
    return value


def values_key(values):
    """Numbers given as a list, tuple or NumPy array (a filter's weights), for a plan's
    key: an array by its dtype, shape and bytes, a sequence as :func:`frozen`; None for
    anything else."""
    if type(values) is np.ndarray:
        return values.dtype, values.shape, values.tobytes()
    if type(values) is list or type(values) is tuple:
        return frozen(values)
    return None


def array_key(array):
    """A NumPy array's shape, strides and dtype, for a plan's key."""
    return array.shape, array.strides, array.dtype


def arrays_key(approx, details):
    """The shapes, strides and dtypes of coefficients split into the coarsest
    approximation and per-level dicts of details (as the inverses take them), for a plan's
    key; None unless every one is a NumPy array."""
    if type(approx) is not np.ndarray:
        return None
    key = [(approx.shape, approx.strides, approx.dtype)]
    for level in details:
        for name, array in level.items():
            if type(array) is not np.ndarray:
                return None
            key.append((name, array.shape, array.strides, array.dtype))
        key.append(None)  # the end of a level
    return tuple(key)


def as_wavelet(wavelet, name="wavelet"):
    """A discrete ``pywt.Wavelet`` from a name, a Wavelet, or a filter bank.

    A filter bank is ``(dec_lo, dec_hi, rec_lo, rec_hi)`` or an object with a
    ``filter_bank`` attribute, as ``pywt.Wavelet(filter_bank=...)`` accepts.
    """
    if isinstance(wavelet, pywt.Wavelet):
        return wavelet
    if isinstance(wavelet, str):
        wavelet = _PYWT_WAVELET_BY_NAME(wavelet)  # ValueError for unknown names
    elif _is_filter_bank(wavelet):
        return pywt.Wavelet("custom", filter_bank=wavelet)
    if isinstance(wavelet, pywt.ContinuousWavelet):
        raise ValueError(
            f"`{name}` {wavelet.name!r} is a continuous wavelet; the stationary wavelet "
            "transform needs a discrete one, see pywt.wavelist(kind='discrete')"
        )
    if isinstance(wavelet, pywt.Wavelet):
        return wavelet
    raise TypeError(
        f"`{name}` must be a wavelet name such as 'db4', a pywt.Wavelet, or a filter bank "
        f"(dec_lo, dec_hi, rec_lo, rec_hi); got {type(wavelet).__name__}"
    )


# The deepest level any transform computes. Level ``j`` filters at dilation ``2**(j-1)``;
# at level 64 that is 2**63, more than the length of any array (NumPy indexes with signed
# 64-bit integers), so a deeper level can only wrap around or step past the whole signal,
# while asking for one would cost a pass per level and a 2**level-bit integer per tap.
MAX_LEVEL = 64


def _too_deep(what, use):
    return (f"{what}, deeper than {MAX_LEVEL} levels: level j filters at dilation "
            f"2**(j-1), and level {MAX_LEVEL}'s 2**{MAX_LEVEL - 1} already exceeds the length "
            f"of any array; {use}")


def as_level(level, n, name="level", minimum=1):
    """The number of levels: ``level`` itself, or the PyWavelets default if None.

    At most :data:`MAX_LEVEL`; ``minimum=0`` accepts 0 levels (``swtn``, as PyWavelets).
    """
    if level is None:
        if n == 0:
            raise ValueError("Cannot apply swt to a size 0 signal.")
        default = max_level_dividing(n)
        if default == 0:
            raise ValueError(
                f"`{name}`=None asks for swt_max_level({n}), which is 0 because {n} is odd; "
                f"pass an explicit `{name}` (atrous transforms any length)"
            )
        return default
    level = integer(level, name)
    if level < minimum:
        if minimum == 0:
            raise ValueError(f"`{name}`={level} is negative; use 0 or more")
        raise ValueError(f"Level value must be greater than zero: `{name}`={level}; use 1 or more")
    if level > MAX_LEVEL:
        raise ValueError(_too_deep(f"`{name}`={level} is too deep",
                                   f"use a `{name}` of at most {MAX_LEVEL}"))
    return level


def as_start_level(start_level, name="start_level", level=None):
    """``start_level``, non-negative and, with ``level`` more levels (already validated),
    at most :data:`MAX_LEVEL` deep."""
    start_level = integer(start_level, name)
    if start_level < 0:
        raise ValueError(f"`{name}`={start_level} is negative; use 0 (the default) or more")
    if start_level + (level or 0) > MAX_LEVEL:
        if level:
            raise ValueError(_too_deep(
                f"`{name}`={start_level} with `level`={level} reaches level "
                f"{start_level + level}", f"use `{name}` + `level` of at most {MAX_LEVEL}"))
        raise ValueError(_too_deep(f"`{name}`={start_level} is too deep",
                                   f"use `{name}` + `level` of at most {MAX_LEVEL}"))
    return start_level


# The most float64 samples one array can hold: NumPy sizes arrays in bytes with a signed
# 64-bit integer.
MAX_SAMPLES = np.iinfo(np.intp).max // np.dtype(np.float64).itemsize


def as_history_dilation(dilation, taps, name="dilation"):
    """A positive ``dilation`` whose ``(taps - 1) * dilation`` past samples fit in an array
    (a streaming layer keeps them)."""
    dilation = positive_integer(dilation, name)
    if (taps - 1) * dilation > MAX_SAMPLES:
        raise ValueError(
            f"`{name}`={dilation} with {taps} taps would keep (taps - 1) * {name} = "
            f"{(taps - 1) * dilation} past samples per channel, more than any array holds "
            f"(2**63 bytes); use a `{name}` of at most {MAX_SAMPLES // (taps - 1)}")
    return dilation


def as_history_level(level, taps, name="level"):
    """``level`` (1 to :data:`MAX_LEVEL`) whose deepest dilation, ``2**(level - 1)``, keeps
    an array's worth of past samples at most (a streaming analysis keeps them)."""
    level = as_level(integer(level, name), 1, name)
    deepest = (MAX_SAMPLES // (taps - 1)).bit_length() if taps > 1 else MAX_LEVEL
    if level > deepest:
        raise ValueError(
            f"`{name}`={level} with a {taps}-tap wavelet would keep (taps - 1) * "
            f"2**({name} - 1) = {(taps - 1) * 2 ** (level - 1)} past samples at its deepest "
            f"level, more than any array holds (2**63 bytes); use a `{name}` of at most "
            f"{deepest}")
    return level


def max_level_dividing(input_len):
    """How many times ``input_len`` divides by 2, warning as PyWavelets does when 0."""
    input_len = integer(input_len, "input_len")
    if input_len < 0:
        raise ValueError(f"`input_len`={input_len} is negative; pass a signal length")
    if input_len == 0:
        raise ValueError("Cannot apply swt to a size 0 signal.")
    level = (input_len & -input_len).bit_length() - 1
    if level == 0:
        warn("No levels of stationary wavelet decomposition are possible. The signal to be "
             "transformed must have a size that is a multiple of 2**n for an n-level "
             "decomposition (PyWavelets' rule; atrous.swt accepts any length with an "
             "explicit level).")
    return level


def nonempty_axis(n, axis, name="data"):
    if n == 0:
        raise ValueError(f"`{name}` has no samples along axis {axis}; the SWT needs at least one")


def swt_coefficients(coeffs):
    """Split the output of ``swt`` into ``(approximation, details)``, coarsest first.

    Accepts ``[(cA_n, cD_n), ..., (cA_1, cD_1)]`` and the ``trim_approx`` form
    ``[cA_n, cD_n, ..., cD_1]``. Intermediate approximations are not used.
    """
    usage = ("`coeffs` must be what swt returns: [(cA_n, cD_n), ..., (cA_1, cD_1)], or "
             "with trim_approx=True [cA_n, cD_n, ..., cD_1]")
    if not isinstance(coeffs, (list, tuple)) or len(coeffs) == 0:
        raise ValueError(f"{usage}; got {type(coeffs).__name__}"
                         + (" of length 0" if isinstance(coeffs, (list, tuple)) else ""))
    trim_approx = not isinstance(coeffs[0], (tuple, list))
    if trim_approx:
        approx, details = coeffs[0], list(coeffs[1:])
        if any(isinstance(d, (tuple, list)) for d in details):
            raise ValueError(f"{usage}; got a mix of arrays and pairs")
    else:
        if any(not isinstance(pair, (tuple, list)) or len(pair) != 2 for pair in coeffs):
            raise ValueError(f"{usage}; every level must be an (approximation, detail) pair")
        approx, details = coeffs[0][0], [pair[1] for pair in coeffs]
    approx = as_array_like(approx)
    details = [as_array_like(d) for d in details]
    for array in [approx, *details]:
        if array.dtype.kind not in "biufc":
            raise TypeError(f"`coeffs` must hold numeric arrays, got one of dtype {array.dtype}")
    for level, detail in zip(range(len(details), 0, -1), details):
        if detail.shape != approx.shape:
            raise ValueError(
                f"`coeffs` arrays must all have the shape of the coarsest approximation "
                f"{approx.shape}; the detail of level {level} has shape {detail.shape}"
            )
    if approx.ndim == 0:
        raise ValueError("`coeffs` arrays must have at least one dimension, got scalars")
    return approx, details


def swt_coefficients_key(coeffs):
    """What identifies ``coeffs`` (the output of ``swt``) in a plan's key: the form (pairs
    or ``trim_approx``) and, for the arrays :func:`swt_coefficients` uses, their shapes,
    strides and dtypes. None unless every array it uses is a NumPy array (lists are
    converted, and other kinds dispatched, on every call)."""
    kind = type(coeffs)
    if (kind is not list and kind is not tuple) or not coeffs:
        return None
    first = coeffs[0]
    if type(first) is np.ndarray:
        arrays = coeffs
    else:
        for pair in coeffs:
            if (type(pair) is not tuple and type(pair) is not list) or len(pair) != 2:
                return None
        arrays = [first[0], *[pair[1] for pair in coeffs]]
    key = [kind, type(first)]
    for array in arrays:
        if type(array) is not np.ndarray:
            return None
        key.append((array.shape, array.strides, array.dtype))
    return tuple(key)


def swt_coefficient_arrays(coeffs):
    """``(approximation, details)`` of ``coeffs`` whose form :func:`swt_coefficients_key`
    accepted: no checks, no conversions."""
    first = coeffs[0]
    if type(first) is np.ndarray:
        return first, coeffs[1:]
    return first[0], [pair[1] for pair in coeffs]


def iswt_dtype(approx, details):
    """The output dtype PyWavelets' ``iswt`` gives for these coefficients.

    1-d: the approximation's transform dtype, promoted to float64 (or complex128) as soon
    as a level's detail has another dtype. n-d (PyWavelets goes through ``iswtn``): the
    result type of the approximation's transform dtype and the finest detail's dtype,
    kept complex if any detail is (PyWavelets would discard imaginary parts).
    """
    dtype = transform_dtype(approx.dtype)
    if not details:
        return dtype
    if approx.ndim == 1:
        for detail in details:
            detail_dtype = transform_dtype(detail.dtype)
            if detail_dtype != dtype:
                complex_ = dtype.kind == "c" or detail_dtype.kind == "c"
                dtype = np.dtype(np.complex128 if complex_ else np.float64)
        return dtype
    dtype = transform_dtype(np.result_type(dtype, details[-1].dtype))
    if dtype.kind != "c" and any(d.dtype.kind == "c" for d in details):
        # PyWavelets casts to real here, discarding imaginary parts (a ComplexWarning).
        dtype = np.result_type(dtype, np.complex64)
    return dtype


def positive_integer(value, name, integral_floats=True):
    """``value`` as an integer of at least 1 (a dilation, a size); ``integral_floats`` as
    :func:`integer`'s."""
    value = integer(value, name, integral_floats)
    if value < 1:
        raise ValueError(f"`{name}`={value} must be a positive integer")
    return value


def positive_integers(values, name):
    """An integer or a non-empty 1-d sequence of them, each at least 1, as a list."""
    values = np.atleast_1d(np.asarray(values, dtype=object))
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"`{name}` must be an integer or a non-empty 1-d sequence of them")
    return [positive_integer(v, name) for v in values]


def int_tuple(value, count, name, minimum):
    """``count`` integers of at least ``minimum`` from an int or a sequence (torch's
    ``stride``, ``dilation`` and ``padding``)."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"`{name}` must be an int or a tuple of {count} ints, got {value!r}")
    try:
        values = list(value)
    except TypeError:
        values = [value]
    if len(values) == 1:
        values = values * count
    if len(values) != count:
        raise ValueError(f"`{name}` must be an int or a tuple of {count}, got {value!r}")
    values = [integer(v, name) for v in values]
    if min(values) < minimum:
        raise ValueError(f"`{name}` must be at least {minimum}, got {value!r}")
    return values


# -- Mode vocabularies: each library's names for the engine's boundary rules ------------------

# scipy.ndimage's mode names (filters make no difference between a mode and its grid- twin).
SCIPY_MODES = {
    "reflect": boundary.SYMMETRIC, "grid-mirror": boundary.SYMMETRIC,
    "mirror": boundary.REFLECT, "nearest": boundary.EDGE,
    "wrap": boundary.WRAP, "grid-wrap": boundary.WRAP,
    "constant": boundary.ZERO, "grid-constant": boundary.ZERO,
}

# torch's ``padding_mode`` of its convolution layers.
TORCH_PADDING_MODES = {"zeros": boundary.ZERO, "reflect": boundary.REFLECT,
                       "replicate": boundary.EDGE, "circular": boundary.WRAP}

# waveslim's ``boundary`` of the MODWT: the transform is circular either way; 'reflection'
# transforms the signal followed by its reversal.
WAVESLIM_BOUNDARIES = ("periodic", "reflection")


def as_scipy_mode(mode, name="mode"):
    """The engine's boundary code for a scipy.ndimage mode name (scipy's RuntimeError
    otherwise)."""
    if isinstance(mode, str) and mode in SCIPY_MODES:
        return SCIPY_MODES[mode]
    raise RuntimeError(f"boundary mode not supported: `{name}`={mode!r}; use one of "
                       + ", ".join(repr(m) for m in SCIPY_MODES))


def as_padding_mode(padding_mode, name="padding_mode"):
    """The engine's boundary code for a torch ``padding_mode``."""
    if isinstance(padding_mode, str) and padding_mode in TORCH_PADDING_MODES:
        return TORCH_PADDING_MODES[padding_mode]
    raise ValueError(f"`{name}`={padding_mode!r}: use one of "
                     + ", ".join(repr(m) for m in TORCH_PADDING_MODES))


def as_boundary(boundary, length=None):
    """``boundary`` itself, checked: waveslim's ``'periodic'`` or ``'reflection'``.

    With ``length``, the coefficients' length along the signal's axis: ``'reflection'``
    coefficients are the transform of the signal followed by its reversal, an even length.
    """
    if boundary not in WAVESLIM_BOUNDARIES:
        raise ValueError(f"`boundary`={boundary!r}: use 'periodic' or 'reflection'")
    if boundary == "reflection" and length is not None and length % 2:
        raise ValueError(
            f"`boundary`='reflection' needs coefficients of even length along the signal's "
            f"axis (modwt with reflection transforms the signal followed by its reversal, "
            f"2 N samples); `w` has {length}: pass the boundary modwt was called with "
            "('periodic' for these)")
    return boundary


# PyWavelets' extension-mode names and the engine's boundary codes that honour them.
_WAVELET_MODES = {
    "periodization": boundary.WRAP, "periodic": boundary.WRAP, "symmetric": boundary.SYMMETRIC,
    "reflect": boundary.REFLECT, "zero": boundary.ZERO, "constant": boundary.EDGE,
    "smooth": boundary.SMOOTH, "antisymmetric": boundary.ANTISYMMETRIC,
    "antireflect": boundary.ANTIREFLECT,
}
WAVELET_MODE_NAMES = tuple(_WAVELET_MODES)


def as_mode(mode, name="mode"):
    """The engine's boundary code for a PyWavelets mode name (or ``pywt.Modes`` value)."""
    if isinstance(mode, (int, np.integer)) and not isinstance(mode, (bool, np.bool_)):
        names = {getattr(pywt.Modes, m): m for m in pywt.Modes.modes}
        if int(mode) in names:
            mode = names[int(mode)]
    if isinstance(mode, str) and mode in _WAVELET_MODES:
        return _WAVELET_MODES[mode]
    raise ValueError(f"`{name}`={mode!r} is not a signal extension mode; use one of "
                     + ", ".join(repr(m) for m in WAVELET_MODE_NAMES))


def as_modes(mode, count, name="mode"):
    """One boundary code per transformed axis from a mode or a sequence of ``count`` modes."""
    if isinstance(mode, (str, int, np.integer)):
        return [as_mode(mode, name)] * count
    try:
        modes = list(mode)
    except TypeError:
        raise ValueError(f"`{name}` must be a mode name such as 'symmetric' or one per axis; "
                         f"got {mode!r}") from None
    if len(modes) == 1:
        return [as_mode(modes[0], name)] * count
    if len(modes) != count:
        raise ValueError(f"`{name}` gives {len(modes)} modes for {count} axes; give one mode, "
                         f"or one per axis")
    return [as_mode(m, name) for m in modes]


def _is_single_wavelet(wavelet):
    return isinstance(wavelet, (str, pywt.Wavelet, pywt.ContinuousWavelet)) or _is_filter_bank(
        wavelet)


def as_wavelets(wavelet, count, name="wavelet"):
    """One discrete wavelet per transformed axis, as PyWavelets' ``_wavelets_per_axis``.

    A single wavelet (name, ``pywt.Wavelet`` or filter bank) is used on every axis; a
    sequence gives one per axis (or one for all). A sequence of four 1-d number arrays is
    read as a filter bank, not as four wavelets.
    """
    if _is_single_wavelet(wavelet):
        return [as_wavelet(wavelet, name)] * count
    if isinstance(wavelet, (list, tuple)):
        if len(wavelet) == 1:
            return [as_wavelet(wavelet[0], name)] * count
        if len(wavelet) != count:
            raise ValueError("The number of wavelets must match the number of axes to be "
                             f"transformed: `{name}` has {len(wavelet)} for {count} axes")
        return [as_wavelet(w, name) for w in wavelet]
    return [as_wavelet(wavelet, name)] * count


def as_axes(axes, ndim, name="axes", default=None):
    """Distinct non-negative axes (all of them for None), with PyWavelets' exceptions."""
    if axes is None:
        return list(range(ndim)) if default is None else default
    if isinstance(axes, (int, np.integer)):
        axes = [axes]
    try:
        axes = [integer(a, name) for a in axes]
    except TypeError:
        raise TypeError(f"`{name}` must be a sequence of integers, got {axes!r}") from None
    for a in axes:
        if not -ndim <= a < ndim:
            raise AxisError(f"`{name}`={tuple(axes)} has axis {a}, out of bounds for data with "
                            f"{ndim} dimension(s); use axes in [{-ndim}, {ndim})")
    normalized = [a % ndim for a in axes]
    if len(set(normalized)) != len(normalized):
        raise ValueError(f"The axes passed must be unique: `{name}`={tuple(axes)} repeats an "
                         "axis")
    return normalized


def nd_settings(data, wavelet, axes, mode):
    """``(axes, wavelets, modes)`` of an n-d transform or analysis of ``data`` (an array of
    any kind: only its shape is read), validated."""
    if data.ndim < 1:
        raise ValueError("`data` must have at least one dimension, got a scalar")
    axes = as_axes(axes, data.ndim)
    wavelets = as_wavelets(wavelet, len(axes))
    modes = as_modes(mode, len(axes))
    for axis in axes:
        nonempty_axis(data.shape[axis], axis)
    return axes, wavelets, modes


def open_interval(value, name, low, high, meaning):
    """A real number strictly between ``low`` and ``high``, as a float; ``meaning`` says
    what the argument is, in the messages."""
    array = np.asarray(value) if not isinstance(value, (str, bytes)) else None
    if array is None or array.ndim != 0 or array.dtype.kind not in "iuf" \
            or isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be a real number in ({low}, {high}), {meaning}; got "
                        f"{value!r} of type {type(value).__name__}")
    number = float(array)
    if number != number:
        raise ValueError(f"`{name}` is NaN; it must be a number in ({low}, {high}), {meaning}")
    if not low < number < high:
        raise ValueError(f"`{name}`={number} must be in ({low}, {high}) (ends excluded), "
                         f"{meaning}")
    return number


def physical_memory():
    """This machine's physical memory in bytes, or None where the OS does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, OSError, ValueError):
        return None
