"""The 1-d stationary wavelet transform: a drop-in for PyWavelets' ``swt`` and ``iswt``.

Bookkeeping around the engine: each level is one analysis pass (lo and hi together) or one
synthesis pass, with the à-trous tap positions of that level. The formulas, verified
against PyWavelets, are (``s = 2**(j-1)``, ``L`` the even filter length, indices mod N)::

    cA_j[n]     = sum_k dec_lo[k] a_{j-1}[n + s (L/2 - k)]        (cD_j with dec_hi)
    a_{j-1}[n]  = 1/2 sum_m (rec_lo[m] a_j + rec_hi[m] d_j)[n + s (L/2 - 1) - s m]
"""

import numpy as np

from . import _validation as validate
from ._dispatch import chunkable
from ._docstrings import REFERENCES, fill_docstrings
from ._engine import call_key, plans
from ._stationary import Forward, Inverse, halo_of_levels, warn_if_not_orthogonal

__all__ = ["swt", "iswt", "swt_max_level"]


def swt_halo(wavelet, level, start_level=0):
    """Samples ``(before, after)`` each output of ``level`` SWT levels depends on.

    The sum over levels of each level's :func:`~atrous._engine.halo`; from level 1 it is
    ``(L/2 - 1, L/2) * (2**level - 1)`` for a wavelet with ``L`` taps.
    """
    return halo_of_levels(validate.as_wavelet(wavelet),
                          range(start_level + 1, start_level + level + 1))


def swt_max_level(input_len):
    """Maximum level of a stationary wavelet transform for PyWavelets' length rule.

    PyWavelets requires the length to be a multiple of ``2**level``; this is how many times
    ``input_len`` divides by 2. :func:`atrous.swt` uses it when ``level`` is None, and accepts
    any ``level`` for any length when it is given.

    Parameters
    ----------
    input_len : int
        Length of the signal along the transformed axis.

    Returns
    -------
    max_level : int
        The largest ``level`` with ``input_len % 2**level == 0``.

    Raises
    ------
    ValueError
        If ``input_len`` is 0 or negative.

    Warns
    -----
    UserWarning
        If ``input_len`` is odd (the result is 0).

    See Also
    --------
    atrous.swt : Where the rule applies: ``level=None`` takes this many levels.
    pywt.swt_max_level : The same rule in PyWavelets.

    {references_swt}

    Examples
    --------
    >>> import atrous
    >>> atrous.swt_max_level(1024), atrous.swt_max_level(12)
    (10, 2)
    """
    return validate.max_level_dividing(validate.pywt_integer(input_len))


@chunkable("swt", "data")
def swt(data, wavelet, level=None, start_level=0, axis=-1, trim_approx=False, norm=False,
        mode="periodization"):
    """Multilevel 1-d stationary (undecimated, à-trous) wavelet transform.

    A drop-in for :func:`pywt.swt`: same arguments, same output structure and dtypes, the
    same values to rounding. Unlike PyWavelets, any length works: where the length is not
    a multiple of ``2**(start_level + level)`` the exact circular transform is returned
    (and :func:`iswt` inverts it exactly).

    Parameters
    ----------
    data : array_like
        Input signal; n-d arrays are transformed along ``axis``.
    wavelet : str, pywt.Wavelet or filter bank
        A discrete wavelet name (``pywt.wavelist(kind='discrete')``), a ``pywt.Wavelet``,
        or a filter bank ``(dec_lo, dec_hi, rec_lo, rec_hi)``.
    level : int, optional
        Number of decomposition levels. Default: ``swt_max_level(data.shape[axis])``.
    start_level : int, optional
        Skip this many levels: the first level computed uses filters dilated by
        ``2**start_level``. Default 0. ``start_level + level`` is at most 64: level ``j``
        filters at dilation ``2**(j-1)``, and level 64's ``2**63`` already exceeds the
        length of any array.
    axis : int, optional
        Axis to transform. Default -1.
    trim_approx : bool, optional
        If True, return only the coarsest approximation and the details,
        ``[cA_n, cD_n, ..., cD_1]``, and never hold the intermediate approximations.
    norm : bool, optional
        If True, scale the filters by ``1/sqrt(2)`` so that, for an orthogonal wavelet with
        ``trim_approx=True``, the coefficients have the energy of ``data``.
    mode : str, optional
        Signal extension mode, PyWavelets' names: ``'periodization'`` (default, PyWavelets'
        result; ``'periodic'`` is the same for a stationary transform), ``'symmetric'``,
        ``'reflect'``, ``'zero'``, ``'constant'``, ``'smooth'``, ``'antisymmetric'`` or
        ``'antireflect'``. Each level filters this extension of its input, so every level
        keeps the length of ``data``.

    Returns
    -------
    coeffs : list
        ``[(cA_n, cD_n), ..., (cA_1, cD_1)]`` (coarsest first, ``n = start_level + level``),
        or ``[cA_n, cD_n, ..., cD_1]`` with ``trim_approx``. Every array has the shape of
        ``data`` and its dtype (float16 gives float32, integers and bools float64).
        F-ordered input gives F-ordered output.

    Raises
    ------
    ValueError
        Unknown or continuous wavelet, ``level < 1``, ``start_level < 0``,
        ``start_level + level > 64``, no samples along ``axis``, or ``level=None`` for an
        odd length.
    numpy.exceptions.AxisError
        If ``axis`` is out of range.
    TypeError
        If ``level``, ``start_level`` or ``axis`` is not an integer.

    Warns
    -----
    UserWarning
        ``norm=True`` with a non-orthogonal wavelet.

    See Also
    --------
    atrous.iswt : The inverse, exact for every mode.
    atrous.swtn : The same transform along several axes (``atrous.swt2`` for two).
    atrous.mra : Additive components, one per scale, instead of coefficients.
    atrous.modwt : The maximal overlap transform of Percival & Walden (rescaled filters).
    atrous.stream.SWT : The causal transform of a live signal, chunk by chunk.
    pywt.swt : The PyWavelets function whose arguments and results this follows.

    Notes
    -----
    Level ``j`` (``s = 2**(j-1)``, ``L`` taps, indices taken modulo ``N``) computes
    ``cA_j[n] = sum_k dec_lo[k] * cA_{j-1}[n + s*(L/2 - k)]`` and ``cD_j`` likewise with
    ``dec_hi``, with ``cA_0 = data``. Each level costs ``O(N L)`` whatever the dilation,
    and both filters are applied in one pass over the input.

    {references_swt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.arange(8.0)
    >>> (cA2, cD2), (cA1, cD1) = atrous.swt(x, 'haar', level=2)
    >>> cA1.round(3)
    array([0.707, 2.121, 3.536, 4.95 , 6.364, 7.778, 9.192, 4.95 ])
    >>> cD2
    array([-2., -2., -2., -2., -2.,  2.,  6.,  2.])

    Any length works; PyWavelets would ask for a multiple of 4 here:

    >>> coeffs = atrous.swt(np.arange(10.0), 'db2', level=2)
    >>> np.allclose(atrous.iswt(coeffs, 'db2'), np.arange(10.0))
    True
    """
    data = validate.as_signal(data)
    wavelet_key = validate.wavelet_key(wavelet)
    key = None if wavelet_key is None else call_key(
        "swt", data, wavelet_key, level, start_level, axis, trim_approx, norm, mode)
    return plans.get(key, lambda: swt_plan(data, **swt_settings(
        data, wavelet, level, start_level, axis, trim_approx, norm, mode)))(data)


def swt_settings(data, wavelet, level, start_level, axis, trim_approx, norm, mode):
    """:func:`swt`'s arguments checked against ``data`` (an array of any kind: only its
    shape is read) and resolved, as the keyword arguments of :func:`swt_with`. Warns once,
    here."""
    level, start_level, axis = map(validate.pywt_integer, (level, start_level, axis))
    axis = validate.as_axis(axis, data.ndim)
    wavelet = validate.as_wavelet(wavelet)
    n = data.shape[axis]
    level = validate.as_level(level, n)
    start_level = validate.as_start_level(start_level, level=level)
    validate.nonempty_axis(n, axis)
    modes = validate.as_modes(mode, 1)
    warn_if_not_orthogonal([wavelet], norm)
    return {"wavelet": wavelet, "levels": range(start_level + 1, start_level + level + 1),
            "axis": axis, "modes": modes, "trim_approx": trim_approx, "norm": norm}


def swt_plan(data, wavelet, levels, axis, modes, trim_approx, norm):
    """:func:`swt` planned for NumPy arrays like ``data`` with settings from
    :func:`swt_settings`: a function of the data."""
    forward = Forward(data, [wavelet], [axis], levels, modes, trim_approx, norm)
    named = [dict(level) for level in forward.outputs[::-1]]  # coarsest first
    if trim_approx:
        order = [forward.last_approx] + [level["d"] for level in named]

        def run(data):
            rows = forward.rows(data)
            return [rows[name] for name in order]
    else:
        pairs = [(level["a"], level["d"]) for level in named]

        def run(data):
            rows = forward.rows(data)
            return [(rows[a], rows[d]) for a, d in pairs]
    return run


def swt_with(data, **settings):
    """:func:`swt` of the NumPy ``data`` with settings from :func:`swt_settings`."""
    return swt_plan(data, **settings)(data)


@chunkable("iswt", "coeffs")
def iswt(coeffs, wavelet, norm=False, axis=-1, mode="periodization"):
    """Multilevel 1-d inverse stationary wavelet transform.

    A drop-in for :func:`pywt.iswt`, computed in closed form (one synthesis pass per level)
    instead of PyWavelets' loops over shifted inverse DWTs. Exact for every length.

    Parameters
    ----------
    coeffs : list
        What :func:`swt` returns (with ``start_level=0``): ``[(cA_n, cD_n), ..., (cA_1, cD_1)]``
        or, with ``trim_approx``, ``[cA_n, cD_n, ..., cD_1]``. Only the coarsest
        approximation and the details are used.
    wavelet : str, pywt.Wavelet or filter bank
        The wavelet used by :func:`swt`.
    norm : bool, optional
        The ``norm`` used by :func:`swt`.
    axis : int, optional
        The axis that was transformed. Default -1.
    mode : str, optional
        The ``mode`` used by :func:`swt`. The inverse is exact at every mode, to the
        accuracy the transform allows: one synthesis pass per level, plus, at the
        non-periodic modes, a least-squares solve of the samples next to the edges over all
        levels at once, in float64 (see the documentation's conventions page).

    Returns
    -------
    data : ndarray
        The reconstructed signal, in PyWavelets' output dtype for these coefficients.

    Raises
    ------
    ValueError
        Malformed ``coeffs`` (empty, not pairs, arrays of different shapes), an unknown
        or continuous wavelet, more levels than ``'smooth'`` or ``'antireflect'`` can
        extrapolate exactly, or, at a non-periodic mode, levels whose filters reach across
        a signal too long to solve whole.
    numpy.exceptions.AxisError
        If ``axis`` is out of range.

    Warns
    -----
    UserWarning
        At a non-periodic mode, when a level reaches across so much of a long signal that
        its edges cannot be solved (the result is then exact only away from the edges), or
        when the transform is so ill conditioned at its edges (long extremal-phase filters,
        float32) that rounding the coefficients cost the edge samples more than 1e-7.

    See Also
    --------
    atrous.swt : The forward transform whose coefficients this inverts.
    atrous.iswtn : The inverse along several axes.
    pywt.iswt : The PyWavelets peer.

    {references_swt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> coeffs = atrous.swt([1, 2, 3, 4, 5, 6, 7, 8], 'db2', level=2)
    >>> atrous.iswt(coeffs, 'db2')
    array([1., 2., 3., 4., 5., 6., 7., 8.])
    """
    coefficients_key = validate.swt_coefficients_key(coeffs)
    wavelet_key = validate.wavelet_key(wavelet)
    if coefficients_key is None or wavelet_key is None:
        approx, details = validate.swt_coefficients(coeffs)
        return iswt_with(approx, *details, **iswt_settings(approx, details, wavelet, norm,
                                                           axis, mode))
    key = ("iswt", coefficients_key, (wavelet_key, norm, axis, mode),
           (type(norm), type(axis), type(mode)))
    return plans.get(key, lambda: _planned_iswt(coeffs, wavelet, norm, axis, mode))(coeffs)


def _planned_iswt(coeffs, wavelet, norm, axis, mode):
    """:func:`iswt` planned for coefficients like ``coeffs`` (NumPy arrays): a function of
    the coefficients."""
    approx, details = validate.swt_coefficients(coeffs)
    inverse = iswt_plan(approx, details, **iswt_settings(approx, details, wavelet, norm, axis,
                                                         mode))

    def run(coeffs):
        return inverse(*validate.swt_coefficient_arrays(coeffs))

    return run


def iswt_settings(approx, details, wavelet, norm, axis, mode):
    """:func:`iswt`'s arguments checked against the coefficients (arrays of any kind, as
    ``validate.swt_coefficients`` splits them) and resolved, as the keyword arguments of
    :func:`iswt_with`."""
    dtype = validate.iswt_dtype(approx, details)
    axis = validate.pywt_integer(axis)
    if approx.ndim == 1 and validate.integer(axis, "axis") not in (0, -1):
        raise validate.AxisError(
            f"`axis`={axis} is out of bounds for 1-d coefficients; use 0 or -1")
    axis = validate.as_axis(axis, approx.ndim)
    wavelet = validate.as_wavelet(wavelet)
    modes = validate.as_modes(mode, 1)
    return {"wavelet": wavelet, "norm": norm, "axis": axis, "modes": modes, "dtype": dtype}


def iswt_plan(approx, details, wavelet, norm, axis, modes, dtype):
    """:func:`iswt` planned for NumPy coefficients like these (the coarsest approximation,
    and the details, coarsest first) with settings from :func:`iswt_settings`: a function
    ``run(approx, details)``."""
    plan = Inverse(approx, [{"d": d} for d in details], [wavelet], [axis], modes, norm, dtype)

    def run(approx, details):
        return plan.run(approx, [{"d": d} for d in details])

    return run


def iswt_with(approx, *details, **settings):
    """:func:`iswt` of NumPy coefficients (the coarsest approximation, then the details,
    coarsest first) with settings from :func:`iswt_settings`."""
    approx, details = np.asarray(approx), [np.asarray(d) for d in details]
    return iswt_plan(approx, details, **settings)(approx, details)


fill_docstrings(REFERENCES, swt, iswt, swt_max_level)
