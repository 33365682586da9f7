"""The maximal overlap DWT (Percival & Walden): ``modwt``, ``imodwt``, ``modwtmra``.

Conventions are R waveslim's (and MATLAB's layout). With the scaling filter ``g`` and the
wavelet filter ``h_l = (-1)**l g_{L-1-l}``, both divided by ``sqrt(2)``, level ``j``
(``s = 2**(j-1)``) computes, circularly::

    W_j[t] = sum_l h_l V_{j-1}[t - s l]        V_j[t] = sum_l g_l V_{j-1}[t - s l]

from ``V_0 = x``, and the inverse is the adjoint,
``V_{j-1}[t] = sum_l h_l W_j[t + s l] + g_l V_j[t + s l]``.

Filter orientation (verified against waveslim's output): waveslim's Daubechies filters
``d4, d6, ...`` are PyWavelets' ``db2, db3, ...`` with ``g = rec_lo``; its least-asymmetric
filters ``la8, la10, ...`` are PyWavelets' ``sym4, sym5, ...`` time-reversed
(``g = dec_lo``). Haar is both.
"""

import numpy as np

from . import _validation as validate
from ._dispatch import chunkable
from ._docstrings import REFERENCES, fill_docstrings
from ._engine import filter_along_axis
from ._kernels.boundary import WRAP

__all__ = ["modwt", "imodwt", "modwtmra"]

# waveslim's filter names and PyWavelets' equivalents.
WAVESLIM_NAMES = {"haar": "haar", **{f"d{2 * n}": f"db{n}" for n in range(2, 11)},
                  **{f"la{2 * n}": f"sym{n}" for n in range(4, 11)}}


# What the docstrings share: a line that is only ``{name}`` stands for _MODWT_DOCS[name]
# (see fill_docstrings, called below the functions).
_MODWT_DOCS = {
    "wavelet_used": """
        wavelet : str, pywt.Wavelet or filter bank, optional
            The wavelet used by :func:`modwt`. Default ``'sym4'``.
    """,
    "axis_error": """
        numpy.exceptions.AxisError
            If ``axis`` is out of range.
    """,
}


def filters(wavelet):
    """Percival–Walden MODWT filters ``(g, h)`` (scaling, wavelet), already divided by √2."""
    if isinstance(wavelet, str) and wavelet in WAVESLIM_NAMES:
        wavelet = WAVESLIM_NAMES[wavelet]
    wavelet = validate.as_wavelet(wavelet)
    if not wavelet.orthogonal:
        raise ValueError(f"`wavelet` {wavelet.name!r} is not orthogonal; the MODWT needs an "
                         "orthogonal wavelet such as 'haar', 'db4', 'sym4' (waveslim's "
                         "'la8') or 'coif2'")
    least_asymmetric = (wavelet.family_name or "").lower().startswith("symlet")
    g = np.asarray(wavelet.dec_lo if least_asymmetric else wavelet.rec_lo, dtype=np.float64)
    h = np.array([(-1) ** k * g[len(g) - 1 - k] for k in range(len(g))])
    return g / np.sqrt(2), h / np.sqrt(2)


def reach(filters, level):
    """How far along the axis a coefficient of a ``level``-level MODWT with these
    ``filters`` (or a sample of its inverse) depends on its input; chunked execution gives
    every chunk this many samples of its neighbours."""
    return (len(filters[0]) - 1) * (2**level - 1)


def modwt_settings(x, wavelet, level, axis, boundary):
    """:func:`modwt`'s arguments checked against ``x`` (an array of any kind: only its
    shape is read) and resolved, as the keyword arguments of :func:`modwt_with`."""
    if x.ndim == 0:
        raise validate.AxisError("`x` is a scalar (0-d); pass an array with at least one "
                                 "dimension")
    axis = validate.as_axis(axis, x.ndim)
    reflection = validate.as_boundary(boundary) == "reflection"
    n = x.shape[axis] * (2 if reflection else 1)
    if n < 2:
        raise ValueError(f"`x` has {n} sample(s) along axis {axis}; the MODWT needs at least 2")
    if level is None:
        level = int(np.floor(np.log2(n)))
    level = validate.as_level(level, n)
    return {"filters": filters(wavelet), "level": level, "axis": axis,
            "reflection": reflection}


def modwt_with(x, filters, level, axis, reflection):
    """:func:`modwt` of the NumPy ``x`` with settings from :func:`modwt_settings`
    (``reflection``: transform ``x`` followed by its reversal)."""
    data = np.concatenate([x, np.flip(x, axis)], axis=axis) if reflection else x
    data = np.ascontiguousarray(data)
    g, h = filters
    weights = np.stack([h, g])[:, None, :]
    out = np.empty((level + 1,) + data.shape, data.dtype)
    scratch = np.empty_like(data) if level > 1 else None
    approx = data
    for j in range(1, level + 1):
        dilation = 2 ** (j - 1)
        # Ping-pong so that the last smooth lands in the last row.
        target = out[level] if (level - j) % 2 == 0 else scratch
        filter_along_axis([approx], weights, [-dilation * k for k in range(len(g))], WRAP,
                          axis, [out[j - 1], target])
        approx = target
    return out


@chunkable("modwt", "x")
def modwt(x, wavelet="sym4", level=None, axis=-1, boundary="periodic"):
    """Maximal overlap discrete wavelet transform (Percival & Walden, R waveslim, MATLAB).

    Parameters
    ----------
    x : array_like
        The signal; n-d arrays are transformed along ``axis``, batched over the others.
    wavelet : str, pywt.Wavelet or filter bank, optional
        An orthogonal wavelet: a PyWavelets name or one of waveslim's (``'haar'``, ``'d4'``
        ... ``'d20'``, ``'la8'`` ... ``'la20'``). Default ``'sym4'`` (waveslim's ``'la8'``).
    level : int, optional
        Number of levels ``J``. Default ``floor(log2(N))``.
    axis : int, optional
        Axis of ``x`` to transform. Default -1.
    boundary : {'periodic', 'reflection'}, optional
        ``'reflection'`` transforms ``x`` followed by its reversal (``2 N`` samples out), as
        waveslim and MATLAB do.

    Returns
    -------
    w : ndarray
        Shape ``(J + 1, *x.shape)`` (``2 N`` along ``axis`` with reflection): rows
        ``W_1, ..., W_J, V_J``, in one allocation.

    Raises
    ------
    ValueError
        A non-orthogonal or unknown wavelet, ``level < 1``, fewer than 2 samples, an unknown
        ``boundary``.
    {axis_error}

    See Also
    --------
    atrous.imodwt : The inverse, or a partial reconstruction.
    atrous.modwtmra : The additive components from these coefficients.
    atrous.wavelet_variance : The variance by scale, and its confidence interval.
    atrous.brick_wall, atrous.phase_shift : The boundary-affected coefficients, and
        the coefficients aligned with the signal in time.
    atrous.swt : The stationary transform, with PyWavelets' conventions and modes.

    {references_modwt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.random.default_rng(0).standard_normal(100)   # any length
    >>> w = atrous.modwt(x, 'la8', level=3)
    >>> w.shape
    (4, 100)
    >>> bool(np.isclose(np.sum(w ** 2), np.sum(x ** 2)))     # energy is preserved
    True
    """
    data = validate.as_signal(x, "x")
    return modwt_with(data, **modwt_settings(data, wavelet, level, axis, boundary))


def _synthesize(w, g, h, axis, keep):
    """Inverse MODWT of ``w`` (rows W_1..W_J, V_J) using the wavelet rows ``j`` with
    ``keep(j)`` and the final smooth if ``keep(0)``; returns the level-0 signal."""
    levels = w.shape[0] - 1
    shape = w.shape[1:]
    approx = np.ascontiguousarray(w[levels]) if keep(0) else np.zeros(shape, w.dtype)
    both = np.stack([h, g])[None, :, :]
    smooth_only = g[None, None, :]
    for j in range(levels, 0, -1):
        dilation = 2 ** (j - 1)
        offsets = [dilation * k for k in range(len(g))]
        target = np.empty(shape, w.dtype)
        if keep(j):
            filter_along_axis([np.ascontiguousarray(w[j - 1]), approx], both, offsets, WRAP,
                              axis, [target])
        else:
            filter_along_axis([approx], smooth_only, offsets, WRAP, axis, [target])
        approx = target
    return approx


def _coefficients_axis(w, axis, boundary):
    """``axis`` checked, with ``w`` (an array of any kind): what modwt returns, transformed
    with ``boundary``."""
    if w.ndim < 2 or w.shape[0] < 2:
        raise ValueError(f"`w` must be what modwt returns, shape (level + 1, *x.shape) with "
                         f"level >= 1; got shape {w.shape}")
    axis = validate.as_axis(axis, w.ndim - 1)
    validate.as_boundary(boundary, w.shape[axis + 1])
    return axis


def imodwt_settings(w, wavelet, axis, boundary, level):
    """:func:`imodwt`'s arguments checked against ``w`` (an array of any kind) and
    resolved, as the keyword arguments of :func:`imodwt_with`."""
    axis = _coefficients_axis(w, axis, boundary)
    levels = w.shape[0] - 1
    level = validate.integer(level, "level")
    if not 0 <= level <= levels:
        raise ValueError(f"`level`={level} must be between 0 (full reconstruction) and the "
                         f"number of levels, {levels}")
    return {"filters": filters(wavelet), "axis": axis, "boundary": boundary, "level": level}


def imodwt_with(w, filters, axis, boundary, level):
    """:func:`imodwt` of the NumPy ``w`` with settings from :func:`imodwt_settings`."""
    g, h = filters
    x = _synthesize(np.ascontiguousarray(w), g, h, axis, lambda j: j == 0 or j > level)
    return _cut(x, axis, boundary)


def modwtmra_settings(w, wavelet, axis, boundary):
    """:func:`modwtmra`'s arguments checked against ``w`` (an array of any kind) and
    resolved, as the keyword arguments of :func:`modwtmra_with`."""
    return {"filters": filters(wavelet), "axis": _coefficients_axis(w, axis, boundary),
            "boundary": boundary}


def modwtmra_with(w, filters, axis, boundary):
    """:func:`modwtmra` of the NumPy ``w`` with settings from :func:`modwtmra_settings`."""
    w = np.ascontiguousarray(w)
    g, h = filters
    components = [_synthesize(w, g, h, axis, lambda j, row=row: j == row)
                  for row in list(range(1, w.shape[0])) + [0]]
    return np.stack([_cut(c, axis, boundary) for c in components])


def _cut(x, axis, boundary):
    if boundary == "reflection":
        n = x.shape[axis] // 2
        return np.take(x, np.arange(n), axis=axis)
    return x


@chunkable("imodwt", "w")
def imodwt(w, wavelet="sym4", axis=-1, boundary="periodic", level=0):
    """Inverse MODWT, or the partial reconstruction from the coarser levels only.

    Parameters
    ----------
    w : array_like
        What :func:`modwt` returns: rows ``W_1 ... W_J, V_J``.
    {wavelet_used}
    axis : int, optional
        The signal's axis (as given to :func:`modwt`; axis ``axis + 1`` of ``w``).
    boundary : {'periodic', 'reflection'}, optional
        The boundary used by :func:`modwt`; with ``'reflection'`` the first half (the
        signal's length) is returned.
    level : int, optional
        Reconstruct from levels ``level + 1 ... J`` and ``V_J`` only (MATLAB's
        ``imodwt(w, lev)``): the projection on the scaling space of level ``level``, the
        smooth ``S_level`` of the multiresolution analysis. Default 0: the exact inverse.

    Returns
    -------
    x : ndarray
        The reconstruction.

    Raises
    ------
    ValueError
        Malformed ``w``, an unknown wavelet or boundary, ``level`` outside ``[0, J]``,
        ``boundary='reflection'`` with coefficients of odd length along the axis.
    numpy.exceptions.AxisError
        If ``axis`` is out of range.

    See Also
    --------
    atrous.modwt : The forward transform.
    atrous.modwtmra : Every level's component at once.

    {references_modwt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.random.default_rng(1).standard_normal(77)
    >>> w = atrous.modwt(x, 'db3', level=4)
    >>> np.allclose(atrous.imodwt(w, 'db3'), x)
    True
    >>> smooth = atrous.imodwt(w, 'db3', level=2)        # S_2 = D_3 + D_4 + S_4
    >>> np.allclose(smooth, atrous.modwtmra(w, 'db3')[2:].sum(axis=0))
    True
    """
    w = validate.as_signal(w, "w")
    return imodwt_with(w, **imodwt_settings(w, wavelet, axis, boundary, level))


@chunkable("modwtmra", "w")
def modwtmra(w, wavelet="sym4", axis=-1, boundary="periodic"):
    """Multiresolution analysis from MODWT coefficients: ``D_1, ..., D_J, S_J``.

    Parameters
    ----------
    w : array_like
        What :func:`modwt` returns.
    {wavelet_used}
    axis : int, optional
        The signal's axis (as given to :func:`modwt`).
    boundary : {'periodic', 'reflection'}, optional
        The boundary used by :func:`modwt`; with ``'reflection'`` the components are cut to
        the signal's length (waveslim's ``mra(..., "reflection")``).

    Returns
    -------
    components : ndarray
        Shape ``(J + 1, *x.shape)``: rows ``D_1 ... D_J, S_J``, each the reconstruction from
        one row of ``w``; they sum to ``imodwt(w)``.

    Raises
    ------
    ValueError
        Malformed ``w``, an unknown wavelet or boundary, ``boundary='reflection'`` with
        coefficients of odd length along the axis.
    {axis_error}

    See Also
    --------
    atrous.modwt : The coefficients taken as ``w``.
    atrous.mra : The SWT-based analysis, with PyWavelets' modes.
    atrous.level_bands : Each detail's frequency band.
    atrous.plot.plot_mra : The components drawn.

    {references_modwt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.random.default_rng(2).standard_normal(64)
    >>> components = atrous.modwtmra(atrous.modwt(x, 'haar', level=3), 'haar')
    >>> components.shape, np.allclose(components.sum(axis=0), x)
    ((4, 64), True)
    """
    w = validate.as_signal(w, "w")
    return modwtmra_with(w, **modwtmra_settings(w, wavelet, axis, boundary))


fill_docstrings({**_MODWT_DOCS, **REFERENCES}, modwt, imodwt, modwtmra)
