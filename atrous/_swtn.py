"""The n-d stationary wavelet transform: drop-ins for PyWavelets' ``swtn``, ``iswtn``,
``swt2`` and ``iswt2``.

Each level splits the signal along every transformed axis in turn, in place through the
engine's ``(outer, n, inner)`` view (no transposed copies). The inverses merge the
subbands back axis by axis with the closed-form synthesis: one engine pass per merge,
instead of PyWavelets' loops over ``2**(ndim * j)`` shifted inverse DWTs.
"""

import numpy as np

from . import _validation as validate
from ._cascade import subband_keys
from ._dispatch import chunkable
from ._docstrings import REFERENCES, fill_docstrings
from ._engine import call_key, plans
from ._stationary import Forward, Inverse, warn_if_not_orthogonal

__all__ = ["swtn", "iswtn", "swt2", "iswt2"]

# swt2's detail order (horizontal, vertical, diagonal) as swtn keys.
DETAILS_2D = ("da", "ad", "dd")


def levels(level, start_level):
    """``(level, start_level)``: 0 levels or more (as PyWavelets), at most 64 deep in all."""
    level = validate.as_level(validate.integer(level, "level"), None, minimum=0)
    return level, validate.as_start_level(start_level, level=level)


def two_axes(axes, general):
    """``tuple(axes)``, after checking that it has two axes (``general``, the n-d function,
    takes any number)."""
    axes = tuple(axes)
    if len(axes) != 2:
        raise ValueError(f"Expected 2 axes: `axes`={axes} has {len(axes)}; {general} takes "
                         "any number")
    return axes


def two_axes_of_2d_data(data, axes, name, general, hint=""):
    """``two_axes(axes, general)``, after checking also that the 2-d function ``name`` has
    data of at least 2 dimensions (``hint`` ends the message otherwise)."""
    axes = two_axes(axes, general)
    if np.ndim(data) < 2:
        raise ValueError(f"`data` has {np.ndim(data)} dimension(s); {name} needs at least "
                         f"2{hint}")
    return axes


def check_swt2(data, axes):
    """``tuple(axes)``, after checking that swt2 has two axes of at least 2-d data."""
    return two_axes_of_2d_data(data, axes, "swt2", "swtn", " (use swt for 1-d signals)")


def swtn_settings(data, wavelet, level, start_level, axes, trim_approx, norm, mode):
    """:func:`swtn`'s (and :func:`swt2`'s) arguments checked against ``data`` (an array of
    any kind: only its shape is read) and resolved, as the keyword arguments of
    :func:`swtn_with`. Warns once, here."""
    level, start_level, axes = map(validate.pywt_integer, (level, start_level, axes))
    axes, wavelets, modes = validate.nd_settings(data, wavelet, axes, mode)
    level, start_level = levels(level, start_level)
    warn_if_not_orthogonal(wavelets, norm)
    return {"wavelets": wavelets, "axes": axes, "modes": modes,
            "levels": range(start_level + 1, start_level + level + 1),
            "trim_approx": trim_approx, "norm": norm}


def swtn_plan(data, wavelets, axes, modes, levels, trim_approx, norm):
    """:func:`swtn` planned for NumPy arrays like ``data`` with settings from
    :func:`swtn_settings`: a function of the data."""
    if not levels:  # as PyWavelets: nothing to compute
        return lambda data: [data.copy()] if trim_approx else []
    forward = Forward(data, wavelets, axes, levels, modes, trim_approx, norm)

    def run(data):
        subbands, approximation = forward.run(data)
        if trim_approx:
            return [approximation] + subbands[::-1]
        return subbands[::-1]

    return run


def swt2_plan(data, **settings):
    """:func:`swt2` planned: :func:`swtn_plan`, the details as triples."""
    swtn = swtn_plan(data, **settings)
    if settings["trim_approx"]:
        def run(data):
            coeffs = swtn(data)
            return [coeffs[0]] + [tuple(level[k] for k in DETAILS_2D) for level in coeffs[1:]]
    else:
        def run(data):
            return [(level["aa"], tuple(level[k] for k in DETAILS_2D)) for level in swtn(data)]
    return run


def swtn_with(data, **settings):
    """:func:`swtn` of the NumPy ``data`` with settings from :func:`swtn_settings`."""
    return swtn_plan(data, **settings)(data)


def swt2_with(data, **settings):
    """:func:`swt2` of the NumPy ``data``: :func:`swtn_with`, the details as triples."""
    return swt2_plan(data, **settings)(data)


def _planned(name, plan, data, wavelet, level, start_level, axes, trim_approx, norm, mode):
    """``plan(data, **settings)(data)``, the plan remembered for calls like this one."""
    wavelet_key = validate.wavelets_key(wavelet)
    key = None if wavelet_key is None else call_key(
        name, data, wavelet_key, level, start_level, validate.frozen(axes), trim_approx, norm,
        validate.frozen(mode))
    return plans.get(key, lambda: plan(data, **swtn_settings(
        data, wavelet, level, start_level, axes, trim_approx, norm, mode)))(data)


@chunkable("swtn", "data")
def swtn(data, wavelet, level, start_level=0, axes=None, trim_approx=False, norm=False,
         mode="periodization"):
    """Multilevel n-d stationary (undecimated, à-trous) wavelet transform.

    A drop-in for :func:`pywt.swtn`: same arguments, output structure, subband keys and
    dtypes, the same values to rounding. Any shape works: along an axis whose length is
    not a multiple of ``2**(start_level + level)`` the exact circular transform is returned
    (PyWavelets refuses), and :func:`iswtn` inverts it exactly.

    Parameters
    ----------
    data : array_like
        Input data, at least 1-d.
    wavelet : str, pywt.Wavelet, filter bank, or a sequence of them
        The wavelet for every axis, or one per axis in ``axes``.
    level : int
        Number of decomposition levels (0 returns no levels, as PyWavelets).
    start_level : int, optional
        Skip this many levels: the first level uses filters dilated by ``2**start_level``.
        ``start_level + level`` is at most 64 (see :func:`swt`).
    axes : sequence of int, optional
        Axes to transform, in order (default: all). Keys have one letter per axis, in
        this order.
    trim_approx : bool, optional
        If True, return only the coarsest approximation and the details,
        ``[cA_n, {details_n}, ..., {details_1}]``; intermediate approximations are released
        as soon as the next level has read them.
    norm : bool, optional
        If True, scale the filters by ``1/sqrt(2)`` per axis so that, for orthogonal
        wavelets with ``trim_approx=True``, the coefficients have the energy of ``data``.
    mode : str or sequence of str, optional
        Signal extension mode, one for all axes or one per axis (see :func:`swt`). Default
        ``'periodization'``, PyWavelets' result.

    Returns
    -------
    coeffs : list
        Coarsest level first: ``[{'aa': cA_n, 'ad': ..., 'da': ..., 'dd': ...}, ...]`` for two
        axes (``'a'`` approximation, ``'d'`` detail along each axis in ``axes`` order), or
        with ``trim_approx`` ``[cA_n, {'ad': ..., 'da': ..., 'dd': ...}, ...]``. Every array
        has the shape of ``data`` and its transform dtype.

    Raises
    ------
    ValueError
        Repeated axes, a wavelet sequence whose length is not that of ``axes``, unknown
        wavelets or modes, a negative ``level`` or ``start_level``,
        ``start_level + level > 64``, no samples along an axis.
    numpy.exceptions.AxisError
        An axis out of range.

    Warns
    -----
    UserWarning
        ``norm=True`` with a non-orthogonal wavelet on any axis.

    See Also
    --------
    atrous.iswtn : The inverse.
    atrous.swt, atrous.swt2 : The 1-d and 2-d transforms, with their own layouts of the
        details.
    atrous.mran : The n-d components, one per scale, that sum to the data.
    atrous.starlet : The isotropic transform of images, one detail per scale.

    {references_swt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> image = np.arange(36.0).reshape(6, 6)
    >>> coeffs = atrous.swtn(image, 'haar', level=2)
    >>> len(coeffs), list(coeffs[0])
    (2, ['aa', 'ad', 'da', 'dd'])
    >>> np.allclose(atrous.iswtn(coeffs, 'haar'), image)
    True

    One wavelet per axis, and only some axes:

    >>> cube = np.ones((4, 6, 8))
    >>> coeffs = atrous.swtn(cube, ('db2', 'haar'), level=1, axes=(2, 0))
    >>> coeffs[0]['aa'].shape, float(np.abs(coeffs[0]['dd']).max())
    ((4, 6, 8), 0.0)
    """
    return _planned("swtn", swtn_plan, validate.as_signal(data), wavelet, level, start_level,
                    axes, trim_approx, norm, mode)


@chunkable("swt2", "data")
def swt2(data, wavelet, level, start_level=0, axes=(-2, -1), trim_approx=False, norm=False,
         mode="periodization"):
    """Multilevel 2-d stationary (undecimated, à-trous) wavelet transform.

    A drop-in for :func:`pywt.swt2` (the same as :func:`swtn` over two axes, in PyWavelets'
    tuple layout). Any shape works.

    Parameters
    ----------
    data : array_like
        Input data, at least 2-d.
    wavelet : str, pywt.Wavelet, filter bank, or a pair of them
        The wavelet for both axes, or one per axis.
    level : int
        Number of decomposition levels.
    start_level : int, optional
        Skip this many levels. Default 0. ``start_level + level`` is at most 64 (see
        :func:`swt`).
    axes : pair of int, optional
        The two axes to transform. Default ``(-2, -1)``.
    trim_approx : bool, optional
        If True, return ``[cA_n, (cH_n, cV_n, cD_n), ..., (cH_1, cV_1, cD_1)]`` and release
        intermediate approximations as soon as they are read.
    norm : bool, optional
        If True, scale the filters by ``1/sqrt(2)`` (energy-preserving for orthogonal
        wavelets with ``trim_approx=True``).
    mode : str or pair of str, optional
        Signal extension mode (see :func:`swt`). Default ``'periodization'``.

    Returns
    -------
    coeffs : list
        ``[(cA_n, (cH_n, cV_n, cD_n)), ..., (cA_1, (cH_1, cV_1, cD_1))]``, coarsest first:
        ``cH`` is the detail along the first axis (approximation along the second), ``cV``
        the reverse, ``cD`` detail along both. With ``trim_approx``
        ``[cA_n, (cH_n, cV_n, cD_n), ...]``.

    Raises
    ------
    ValueError
        ``axes`` not two distinct axes, data with fewer than two dimensions, or as
        :func:`swtn`.
    numpy.exceptions.AxisError
        An axis out of range.

    See Also
    --------
    atrous.iswt2 : The inverse of this layout.
    atrous.swtn : The transform along any number of axes, details keyed by ``'da'``.
    atrous.mra2 : Images split into additive components, one per scale.
    pywt.swt2 : The peer whose layout (horizontal, vertical, diagonal) this keeps.

    {references_swt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> image = np.add.outer(np.arange(8.0), np.zeros(8))   # rows 0, 1, ..., 7
    >>> (cA, (cH, cV, cD)), = atrous.swt2(image, 'haar', level=1)
    >>> cH[0, :3].round(12), float(np.abs(cV).max()), float(np.abs(cD).max())
    (array([-1., -1., -1.]), 0.0, 0.0)
    """
    axes = check_swt2(data, axes)
    return _planned("swt2", swt2_plan, validate.as_signal(data), wavelet, level, start_level,
                    axes, trim_approx, norm, mode)


def _iswtn(coeffs, wavelet, axes, norm, mode, exact_edges=True):
    """iswtn, its arguments as the caller gave them (``exact_edges`` for the denoisers); the
    plan remembered for coefficients and arguments like these."""
    approx, details = iswtn_coefficients(coeffs)
    arrays_key = validate.arrays_key(approx, details)
    wavelet_key = validate.wavelets_key(wavelet)
    if arrays_key is None or wavelet_key is None:
        return iswtn_with(approx, details, **iswtn_settings(approx, details, wavelet, axes,
                                                            norm, mode, exact_edges))
    arguments = (wavelet_key, validate.frozen(axes), norm, validate.frozen(mode), exact_edges)
    key = ("iswtn", arrays_key, arguments, tuple(map(type, arguments)))
    return plans.get(key, lambda: iswtn_plan(approx, details, **iswtn_settings(
        approx, details, wavelet, axes, norm, mode, exact_edges)))(approx, details)


def iswtn_coefficients(coeffs):
    """``(approx, details)`` of swtn's output, its structure checked: the coarsest
    approximation and, coarsest first, a dict of every detail subband per level (arrays of
    any kind; only the NumPy path converts)."""
    usage = ("`coeffs` must be what swtn returns: [{'aa..': cA_n, ...details}, ...], or with "
             "trim_approx=True [cA_n, {...details}, ...]")
    if not isinstance(coeffs, (list, tuple)) or len(coeffs) == 0:
        raise ValueError(f"{usage}; got {type(coeffs).__name__}")
    trim_approx = not isinstance(coeffs[0], dict)
    levels = list(coeffs[1:] if trim_approx else coeffs)
    if any(not isinstance(level, dict) for level in levels):
        raise ValueError(f"{usage}; every level after the first must be a dict")
    count = None
    if levels:
        lengths = {len(key) for key in levels[-1] if isinstance(key, str)}
        if len(lengths) != 1 or 0 in lengths:
            raise ValueError(f"{usage}; the finest level's keys {list(levels[-1])} must be "
                             "strings of one letter, 'a' or 'd', per transformed axis, all of one "
                             "length")
        count = lengths.pop()
        known = subband_keys(count)
        for number, level in zip(range(len(levels), 0, -1), levels):
            invalid = [key for key in level if key not in known]
            if invalid:
                raise ValueError(
                    f"The following invalid keys were found in the detail coefficient "
                    f"dictionary: {invalid} (level {number}); with {count} transformed axes "
                    f"the keys are {known}")
    if not trim_approx:
        if "a" * count not in levels[0]:
            raise ValueError(f"{usage}; the coarsest level has no approximation "
                             f"{'a' * count!r}")
        approx = levels[0]["a" * count]
    else:
        approx = coeffs[0]
    approx = validate.as_array_like(approx)
    if approx.dtype.kind not in "biufc":
        raise TypeError(f"`coeffs` must hold numeric arrays, got one of dtype {approx.dtype}")
    if approx.ndim == 0:
        raise ValueError("`coeffs` arrays must have at least one dimension, got a scalar")
    if count is None:  # only an approximation
        return approx, []
    keys = [key for key in subband_keys(count) if key != "a" * count]
    details = []
    for number, level in zip(range(len(levels), 0, -1), levels):
        missing = [key for key in keys if key not in level]
        if missing:
            raise ValueError(f"{usage}; level {number} has no subband {missing[0]!r}")
        arrays = {key: validate.as_array_like(level[key]) for key in keys}
        for key, array in arrays.items():
            if array.dtype.kind not in "biufc":
                raise TypeError(f"`coeffs` must hold numeric arrays; subband {key!r} of level "
                                f"{number} has dtype {array.dtype}")
            if array.shape != approx.shape:
                raise RuntimeError(
                    "Mismatch in shape of intermediate coefficient arrays: subband "
                    f"{key!r} of level {number} has shape {array.shape}, the coarsest "
                    f"approximation {approx.shape}; all must be equal")
        details.append(arrays)
    return approx, details


def iswtn_settings(approx, details, wavelet, axes, norm, mode, exact_edges=True):
    """:func:`iswtn`'s arguments checked against the coefficients (as
    :func:`iswtn_coefficients` gives them) and resolved, as the keyword arguments of
    :func:`iswtn_with`."""
    dtype = validate.transform_dtype(np.result_type(
        validate.transform_dtype(approx.dtype),
        *[array.dtype for level in details for array in level.values()]))
    if not details:
        return {"dtype": dtype}
    count = len(next(iter(details[0])))
    axes = validate.as_axes(validate.pywt_integer(axes), approx.ndim)
    if len(axes) != count:
        raise ValueError(
            "The number of axes used in iswtn must match the number of dimensions "
            f"transformed in swtn: `axes` has {len(axes)}, the subband keys {count}")
    wavelets = validate.as_wavelets(wavelet, count)
    modes = validate.as_modes(mode, count)
    return {"wavelets": wavelets, "axes": axes, "modes": modes, "norm": norm, "dtype": dtype,
            "exact_edges": exact_edges}


def iswtn_plan(approx, details, dtype, wavelets=None, axes=None, modes=None, norm=False,
               exact_edges=True):
    """:func:`iswtn` planned for NumPy coefficients like these (as
    :func:`iswtn_coefficients` gives them) with settings from :func:`iswtn_settings`: a
    function ``run(approx, details)``."""
    if not details:  # only an approximation
        return lambda approx, details: np.array(approx, dtype=dtype)
    return Inverse(approx, details, wavelets, axes, modes, norm, dtype,
                   exact_edges=exact_edges).run


def iswtn_with(approx, details, **settings):
    """:func:`iswtn` of NumPy coefficients (as :func:`iswtn_coefficients` gives them) with
    settings from :func:`iswtn_settings`."""
    approx = np.asarray(approx)
    details = [{key: np.asarray(array) for key, array in level.items()} for level in details]
    return iswtn_plan(approx, details, **settings)(approx, details)


@chunkable("iswtn", "coeffs")
def iswtn(coeffs, wavelet, axes=None, norm=False, mode="periodization"):
    """Multilevel n-d inverse stationary wavelet transform.

    A drop-in for :func:`pywt.iswtn`, exact for every shape: per level, one synthesis pass
    per merged pair of subbands (the closed form, exact at the periodic modes), plus, at the
    other modes, a least-squares solve of the samples next to the edges, in float64 (see
    the documentation's conventions page, "Inverse").

    Parameters
    ----------
    coeffs : list
        What :func:`swtn` returns (with ``start_level=0``), with or without
        ``trim_approx``. Only the coarsest approximation and the details are used.
    wavelet : str, pywt.Wavelet, filter bank, or a sequence of them
        The wavelet(s) used by :func:`swtn`.
    axes : sequence of int, optional
        The axes that were transformed, in the same order. Default: all.
    norm : bool, optional
        The ``norm`` used by :func:`swtn`.
    mode : str or sequence of str, optional
        The ``mode`` used by :func:`swtn` (see :func:`iswt` for which modes are exact).

    Returns
    -------
    data : ndarray
        The reconstructed data, in the result dtype of the coefficients (as PyWavelets).

    Raises
    ------
    RuntimeError
        Coefficient arrays of different shapes.
    ValueError
        Malformed ``coeffs`` (a missing subband or an unknown key, say), ``axes`` repeated
        or not matching the number of letters in the keys, unknown wavelets or modes, or
        levels the mode cannot invert exactly (as :func:`iswt`).
    numpy.exceptions.AxisError
        An axis out of range.

    Warns
    -----
    UserWarning
        As :func:`iswt`: where the edges could not be solved, or where the transform is so
        ill conditioned at its edges that they may be off by more than 1e-7 (long
        extremal-phase filters at the non-periodic modes, float32 data).

    See Also
    --------
    atrous.swtn : The forward transform.
    atrous.iswt2 : The inverse of the 2-d layout, details as triples.

    {references_swt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.random.default_rng(0).standard_normal((5, 12))   # any shape
    >>> coeffs = atrous.swtn(x, 'sym4', level=3, trim_approx=True)
    >>> np.allclose(atrous.iswtn(coeffs, 'sym4'), x)
    True
    """
    return _iswtn(coeffs, wavelet, axes, norm, mode)


@chunkable("iswt2", "coeffs")
def iswt2(coeffs, wavelet, norm=False, axes=(-2, -1), mode="periodization"):
    """Multilevel 2-d inverse stationary wavelet transform.

    A drop-in for :func:`pywt.iswt2`, exact for every shape, as :func:`iswtn` (whose
    Raises and Warns apply).

    Parameters
    ----------
    coeffs : list
        What :func:`swt2` returns: ``[(cA_n, (cH_n, cV_n, cD_n)), ...]`` or, with
        ``trim_approx``, ``[cA_n, (cH_n, cV_n, cD_n), ...]``.
    wavelet : str, pywt.Wavelet, filter bank, or a pair of them
        The wavelet(s) used by :func:`swt2`.
    norm : bool, optional
        The ``norm`` used by :func:`swt2`.
    axes : pair of int, optional
        The axes that were transformed. Default ``(-2, -1)``.
    mode : str or pair of str, optional
        The ``mode`` used by :func:`swt2`.

    Returns
    -------
    data : ndarray
        The reconstructed data.

    Raises
    ------
    RuntimeError
        Coefficient arrays of different shapes.
    ValueError
        Malformed ``coeffs``, ``axes`` not two distinct axes, unknown wavelets or modes.
    numpy.exceptions.AxisError
        An axis out of range.

    See Also
    --------
    atrous.swt2 : The forward transform of this layout.
    atrous.iswtn : The same inverse for dicts of details along any axes.
    pywt.iswt2 : The PyWavelets peer.

    {references_swt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> image = np.arange(30.0).reshape(5, 6)
    >>> np.allclose(atrous.iswt2(atrous.swt2(image, 'db2', level=2), 'db2'), image)
    True
    """
    axes = two_axes(axes, "iswtn")
    return _iswtn(swt2_as_nd(coeffs), wavelet, axes, norm, mode)


def swt2_as_nd(coeffs):
    """swt2's output as swtn's (details keyed ``'da'``, ``'ad'``, ``'dd'``), its structure
    checked; the arrays are passed on as they are."""
    usage = ("`coeffs` must be what swt2 returns: [(cA_n, (cH_n, cV_n, cD_n)), ...] or with "
             "trim_approx=True [cA_n, (cH_n, cV_n, cD_n), ...]")
    if not isinstance(coeffs, (list, tuple)) or len(coeffs) == 0:
        raise ValueError(f"{usage}; got {type(coeffs).__name__}")

    def as_dict(details):
        if not isinstance(details, (list, tuple)) or len(details) != 3:
            raise ValueError(f"{usage}; a level's details are not a triple")
        return dict(zip(DETAILS_2D, details))

    trim_approx = not isinstance(coeffs[0], (tuple, list))
    if trim_approx:
        return [coeffs[0]] + [as_dict(details) for details in coeffs[1:]]
    if any(not isinstance(level, (tuple, list)) or len(level) != 2 for level in coeffs):
        raise ValueError(f"{usage}; every level must be (cA, (cH, cV, cD))")
    return [{"aa": approx, **as_dict(details)} for approx, details in coeffs]


fill_docstrings(REFERENCES, swtn, swt2, iswtn, iswt2)
