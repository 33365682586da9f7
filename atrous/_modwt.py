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
from ._engine import Program, call_key, plans
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


def modwt_plan(x, filters, level, axis, reflection):
    """:func:`modwt` planned for NumPy arrays like ``x``, with settings from
    :func:`modwt_settings` (``reflection``: transform ``x`` followed by its reversal): a
    function of the data. Level ``j`` reads the last smooth and writes its wavelet row and
    the next smooth, which ping-pongs between a scratch array and the last row so that the
    last smooth lands there."""
    shape = list(x.shape)
    if reflection:
        shape[axis] *= 2
    shape = tuple(shape)
    size = int(np.prod(shape, dtype=np.int64))
    g, h = filters
    weights = np.stack([h, g])[:, None, :]
    program = Program(x.dtype)
    source = (0, 0)
    for j in range(1, level + 1):
        dilation = 2 ** (j - 1)
        target = (1, level * size) if (level - j) % 2 == 0 else (2, 0)
        program.add([source], [(1, (j - 1) * size), target], weights,
                    [-dilation * k for k in range(len(g))], WRAP, axis, shape)
        source = target
    dtype = x.dtype

    def run(x):
        data = np.concatenate([x, np.flip(x, axis)], axis=axis) if reflection else x
        data = np.ascontiguousarray(data)
        out = np.empty((level + 1,) + shape, dtype)
        program.run((data, out, np.empty(shape, dtype) if level > 1 else out))
        return out

    return run


def modwt_with(x, **settings):
    """:func:`modwt` of the NumPy ``x`` with settings from :func:`modwt_settings`."""
    return modwt_plan(x, **settings)(x)


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
    return _planned("modwt", modwt_plan, modwt_settings, data, wavelet, level, axis, boundary)


def _planned(name, plan, settings, data, *arguments):
    """``plan(data, **settings(data, *arguments))(data)``, the plan remembered for calls
    like this one (``arguments[0]`` is the wavelet)."""
    wavelet_key = validate.wavelet_key(arguments[0])
    key = None if wavelet_key is None else call_key(name, data, wavelet_key, *arguments[1:])
    return plans.get(key, lambda: plan(data, **settings(data, *arguments)))(data)


def _add_synthesis(program, levels, size, shape, filters, axis, keep, output):
    """Add to ``program`` the inverse MODWT of the ``levels + 1`` rows of slot 0 (``W_1 ..
    W_J, V_J`` of ``shape`` and ``size`` each), using the wavelet rows ``j`` with
    ``keep(j)`` and the final smooth if ``keep(0)`` (else the zeros of slot 3), into
    ``output`` (a ``(slot, offset)``; slot 2 is a scratch array of ``shape``).

    Level ``j`` reads the smooth of level ``j`` and writes that of level ``j - 1``,
    ping-ponging between scratch and ``output`` so that the last lands in ``output``.
    """
    g, h = filters
    both = np.stack([h, g])[None, :, :]
    smooth_only = g[None, None, :]
    approx = (0, levels * size) if keep(0) else (3, 0)
    for j in range(levels, 0, -1):
        dilation = 2 ** (j - 1)
        offsets = [dilation * k for k in range(len(g))]
        target = output if (j - 1) % 2 == 0 else (2, 0)
        if keep(j):
            program.add([(0, (j - 1) * size), approx], [target], both, offsets, WRAP, axis,
                        shape)
        else:
            program.add([approx], [target], smooth_only, offsets, WRAP, axis, shape)
        approx = target


def _synthesis_plan(w, filters, axis, keeps, boundary):
    """The inverse MODWTs of arrays like ``w`` (rows ``W_1 .. W_J, V_J``) selected by each
    of ``keeps`` (see :func:`_add_synthesis`), planned: a function of ``w`` giving a
    ``(len(keeps), *x.shape)`` array (cut to the signal's half with ``'reflection'``)."""
    levels = w.shape[0] - 1
    shape = w.shape[1:]
    size = int(np.prod(shape, dtype=np.int64))
    program = Program(w.dtype)
    for row, keep in enumerate(keeps):
        _add_synthesis(program, levels, size, shape, filters, axis, keep, (1, row * size))
    zeros = not all(keep(0) for keep in keeps)
    count, dtype = len(keeps), w.dtype

    def run(w):
        out = np.empty((count,) + shape, dtype)
        program.run((np.ascontiguousarray(w), out, np.empty(shape, dtype),
                     np.zeros(shape, dtype) if zeros else out))
        if boundary == "reflection":
            return np.take(out, np.arange(shape[axis] // 2), axis=axis + 1)
        return out

    return run


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


def imodwt_plan(w, filters, axis, boundary, level):
    """:func:`imodwt` planned for NumPy arrays like ``w``, with settings from
    :func:`imodwt_settings`: a function of ``w``."""
    synthesis = _synthesis_plan(w, filters, axis, [lambda j: j == 0 or j > level], boundary)
    return lambda w: synthesis(w)[0]


def imodwt_with(w, **settings):
    """:func:`imodwt` of the NumPy ``w`` with settings from :func:`imodwt_settings`."""
    return imodwt_plan(w, **settings)(w)


def modwtmra_settings(w, wavelet, axis, boundary):
    """:func:`modwtmra`'s arguments checked against ``w`` (an array of any kind) and
    resolved, as the keyword arguments of :func:`modwtmra_with`."""
    return {"filters": filters(wavelet), "axis": _coefficients_axis(w, axis, boundary),
            "boundary": boundary}


def modwtmra_plan(w, filters, axis, boundary):
    """:func:`modwtmra` planned for NumPy arrays like ``w``, with settings from
    :func:`modwtmra_settings`: a function of ``w``, one synthesis per row (``D_1 .. D_J``,
    then ``S_J``), written into the rows of one array."""
    rows = list(range(1, w.shape[0])) + [0]
    return _synthesis_plan(w, filters, axis, [lambda j, row=row: j == row for row in rows],
                           boundary)


def modwtmra_with(w, **settings):
    """:func:`modwtmra` of the NumPy ``w`` with settings from :func:`modwtmra_settings`."""
    return modwtmra_plan(w, **settings)(w)


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
    return _planned("imodwt", imodwt_plan, imodwt_settings, w, wavelet, axis, boundary, level)


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
    return _planned("modwtmra", modwtmra_plan, modwtmra_settings, w, wavelet, axis, boundary)


fill_docstrings({**_MODWT_DOCS, **REFERENCES}, modwt, imodwt, modwtmra)
