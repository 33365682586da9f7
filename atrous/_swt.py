"""The 1-d stationary wavelet transform: a drop-in for PyWavelets' ``swt`` and ``iswt``.

Bookkeeping around the engine: each level is one analysis pass (lo and hi together) or one
synthesis pass, with the à-trous tap positions of that level. The formulas, verified
against PyWavelets, are (``s = 2**(j-1)``, ``L`` the even filter length, indices mod N)::

    cA_j[n]     = sum_k dec_lo[k] a_{j-1}[n + s (L/2 - k)]        (cD_j with dec_hi)
    a_{j-1}[n]  = 1/2 sum_m (rec_lo[m] a_j + rec_hi[m] d_j)[n + s (L/2 - 1) - s m]
"""

import warnings

import numpy as np

from . import _validation as validate
from ._engine import filter_along_axis, halo, tap_offsets
from ._kernels.boundary import WRAP
from ._layout import canonical, restore

__all__ = ["swt", "iswt", "swt_max_level"]


def swt_analysis_bank(wavelet, norm):
    """Weights ``(2, 1, L)`` (lo, hi; reversed for correlation) and the tap shift per dilation."""
    dec_lo, dec_hi = np.asarray(wavelet.dec_lo), np.asarray(wavelet.dec_hi)
    if norm:
        if not wavelet.orthogonal:
            warnings.warn(
                "norm=True, but the wavelet is not orthogonal: \n"
                "\tThe conditions for energy preservation are not satisfied.",
                UserWarning,
                stacklevel=3,
            )
        dec_lo, dec_hi = dec_lo * (1 / np.sqrt(2)), dec_hi * (1 / np.sqrt(2))
    weights = np.stack([dec_lo[::-1], dec_hi[::-1]])[:, None, :]
    taps = weights.shape[-1]
    return weights, lambda dilation: tap_offsets(taps, dilation, dilation * (1 - taps // 2))


def swt_synthesis_bank(wavelet, norm):
    """Weights ``(1, 2, L)`` (approximation, detail) and the tap shift per dilation."""
    rec_lo, rec_hi = np.asarray(wavelet.rec_lo), np.asarray(wavelet.rec_hi)
    if norm:
        rec_lo, rec_hi = rec_lo * np.sqrt(2), rec_hi * np.sqrt(2)
    weights = 0.5 * np.stack([rec_lo[::-1], rec_hi[::-1]])[None, :, :]
    taps = weights.shape[-1]
    return weights, lambda dilation: tap_offsets(taps, dilation, -dilation * (taps // 2))


def swt_halo(wavelet, level, start_level=0):
    """Samples ``(before, after)`` each output of ``level`` SWT levels depends on.

    The sum over levels of each level's :func:`~atrous._engine.halo`; from level 1 it is
    ``(L/2 - 1, L/2) * (2**level - 1)`` for a wavelet with ``L`` taps.
    """
    _, offsets_at = swt_analysis_bank(validate.as_wavelet(wavelet), norm=False)
    reaches = [halo(offsets_at(2 ** (j - 1)))
               for j in range(start_level + 1, start_level + level + 1)]
    return sum(before for before, _ in reaches), sum(after for _, after in reaches)


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

    Examples
    --------
    >>> import atrous
    >>> atrous.swt_max_level(1024), atrous.swt_max_level(12)
    (10, 2)
    """
    return validate.max_level_dividing(input_len)


def swt(data, wavelet, level=None, start_level=0, axis=-1, trim_approx=False, norm=False):
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
        ``2**start_level``. Default 0.
    axis : int, optional
        Axis to transform. Default -1.
    trim_approx : bool, optional
        If True, return only the coarsest approximation and the details,
        ``[cA_n, cD_n, ..., cD_1]``, and never hold the intermediate approximations.
    norm : bool, optional
        If True, scale the filters by ``1/sqrt(2)`` so that, for an orthogonal wavelet with
        ``trim_approx=True``, the coefficients have the energy of ``data``.

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
        Unknown or continuous wavelet, ``level < 1``, ``start_level < 0``, no samples along
        ``axis``, or ``level=None`` for an odd length.
    numpy.exceptions.AxisError
        If ``axis`` is out of range.
    TypeError
        If ``level``, ``start_level`` or ``axis`` is not an integer.

    Warns
    -----
    UserWarning
        ``norm=True`` with a non-orthogonal wavelet.

    Notes
    -----
    Level ``j`` (``s = 2**(j-1)``, ``L`` taps, indices taken modulo ``N``) computes
    ``cA_j[n] = sum_k dec_lo[k] * cA_{j-1}[n + s*(L/2 - k)]`` and ``cD_j`` likewise with
    ``dec_hi``, with ``cA_0 = data``. Each level costs ``O(N L)`` whatever the dilation,
    and both filters are applied in one pass over the input.

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
    axis = validate.as_axis(axis, data.ndim)
    wavelet = validate.as_wavelet(wavelet)
    n = data.shape[axis]
    level = validate.as_level(level, n)
    start_level = validate.as_start_level(start_level)
    validate.nonempty_axis(n, axis)
    weights, offsets_at = swt_analysis_bank(wavelet, norm)

    approx, axis, transposed = canonical(data, axis)
    # All outputs live in one fresh block: one allocation faults its pages in far faster
    # than 2 * level separate ones. With trim_approx, the approximations ping-pong between
    # the returned one and a scratch array so that the last level lands in the returned one.
    block = np.empty((level + 1 if trim_approx else 2 * level,) + approx.shape, approx.dtype)
    scratch = np.empty_like(approx) if trim_approx and level > 1 else None
    approximations, details = [], []
    for step, j in enumerate(range(start_level + 1, start_level + level + 1)):
        if trim_approx:
            next_approx = block[0] if (level - 1 - step) % 2 == 0 else scratch
            detail = block[level - step]
        else:
            next_approx, detail = block[2 * (level - 1 - step)], block[2 * (level - 1 - step) + 1]
        filter_along_axis([approx], weights, offsets_at(2 ** (j - 1)), WRAP, axis,
                          [next_approx, detail])
        approx = next_approx
        approximations.append(restore(next_approx, transposed))
        details.append(restore(detail, transposed))

    if trim_approx:
        return [restore(block[0], transposed)] + details[::-1]
    return list(zip(approximations[::-1], details[::-1]))


def iswt(coeffs, wavelet, norm=False, axis=-1):
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

    Returns
    -------
    data : ndarray
        The reconstructed signal, in PyWavelets' output dtype for these coefficients.

    Raises
    ------
    ValueError
        Malformed ``coeffs`` (empty, not pairs, arrays of different shapes), or an unknown
        or continuous wavelet.
    numpy.exceptions.AxisError
        If ``axis`` is out of range.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> coeffs = atrous.swt([1, 2, 3, 4, 5, 6, 7, 8], 'db2', level=2)
    >>> atrous.iswt(coeffs, 'db2')
    array([1., 2., 3., 4., 5., 6., 7., 8.])
    """
    approx, details = validate.swt_coefficients(coeffs)
    dtype = validate.iswt_dtype(approx, details)
    if approx.ndim == 1 and validate.integer(axis, "axis") not in (0, -1):
        raise validate.AxisError(
            f"`axis`={axis} is out of bounds for 1-d coefficients; use 0 or -1")
    axis = validate.as_axis(axis, approx.ndim)
    wavelet = validate.as_wavelet(wavelet)
    weights, offsets_at = swt_synthesis_bank(wavelet, norm)

    approx, axis, transposed = canonical(approx.astype(dtype, copy=False), axis)
    levels = len(details)
    output = np.empty_like(approx)
    if levels == 0 or approx.size == 0:
        output[...] = approx
        return restore(output, transposed)
    scratch = np.empty_like(approx) if levels > 1 else None
    for step, j in enumerate(range(levels, 0, -1)):
        detail = details[step]
        detail = np.ascontiguousarray(detail.T if transposed else detail, dtype=dtype)
        target = output if (levels - 1 - step) % 2 == 0 else scratch
        filter_along_axis([approx, detail], weights, offsets_at(2 ** (j - 1)), WRAP, axis,
                          [target])
        approx = target
    return restore(output, transposed)
