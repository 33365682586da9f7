"""Long-range dependence from the MODWT: the log-scale diagram, the Hurst exponent and the
wavelet maximum-likelihood estimate of a fractionally differenced process's ``d``.

Everything works on the interior coefficients of a periodic :func:`atrous.modwt` (those
:func:`atrous.brick_wall` keeps), vectorised over every axis but the signal's.
"""

from typing import NamedTuple

import numpy as np

from . import _validation as validate
from ._docstrings import REFERENCES, fill_docstrings
from ._modwt import filters, modwt
from ._wstats import _boundary_counts, _interior_rows

__all__ = ["logscale_diagram", "hurst_exponent", "fractional_d_mle", "LogscaleDiagram",
           "HurstEstimate", "FractionalDEstimate"]

# Default levels: from FIRST_LEVEL (the finest levels carry short-range structure, and the
# wavelet's imperfect band-pass there biases the slope) to the coarsest level whose interior
# holds at least MIN_DOF "independent" coefficients, M_j / 2**j.
FIRST_LEVEL = {"hurst": 3, "mle": 2}
MIN_DOF = 4
# Search interval of the MLE of d (stationary fractionally differenced processes) and the
# grid that brackets the maximum before Newton's steps.
D_BOUNDS = (-0.5, 0.5)
_GRID = np.linspace(-0.495, 0.495, 199)
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(48)
# No variation: a level whose wavelet standard deviation is at most ROUNDING times the
# rounding a series carries, ``eps`` times its magnitude (the samples' own rounding and the
# transform's) plus the wavelet filter's departure from a zero sum times its range (what a
# polynomial the wavelet should remove leaks through coefficients stored to 12 digits, as
# 'la8''s are), is rounding. Constants, polynomials the wavelet annihilates and rounding
# noise reach at most 1.4 times that rounding (lengths up to 2**20, every level).
ROUNDING = 16


class LogscaleDiagram(NamedTuple):
    """The log-scale diagram: per level, the bias-corrected log2 wavelet variance."""

    level: np.ndarray
    scale: np.ndarray
    log2_variance: np.ndarray
    variance_of_log2: np.ndarray
    count: np.ndarray
    dof: np.ndarray


class HurstEstimate(NamedTuple):
    """The Hurst exponent from the log-scale diagram, with its interval."""

    estimate: np.ndarray
    stderr: np.ndarray
    low: np.ndarray
    high: np.ndarray
    diagram: LogscaleDiagram
    slope: np.ndarray


class FractionalDEstimate(NamedTuple):
    """The wavelet maximum-likelihood estimate of ``d``, with its interval."""

    estimate: np.ndarray
    stderr: np.ndarray
    low: np.ndarray
    high: np.ndarray
    diagram: LogscaleDiagram
    innovation_variance: np.ndarray


# What the estimators' docstrings share: a line that is only ``{name}`` stands for
# _DOCS[name] (see atrous._docstrings.fill_docstrings, called at the end).
_DOCS = {
    "arguments": """
        x : array_like
            Real series along ``axis``; the other axes are a batch of series, estimated
            in one call.
        wavelet : str, pywt.Wavelet or filter bank, optional
            An orthogonal wavelet. Default ``'la8'`` (``'sym4'``, 4 vanishing moments).
        levels : None, pair or list of int, optional
            A tuple ``(j1, j2)``: levels ``j1 ... j2``; a list (range, array): those
            levels. Default: from level 3 (:func:`hurst_exponent`) or 2
            (:func:`fractional_d_mle`) to the coarsest level with ``M_j / 2**j >= 4`` (see
            Notes).
        axis : int, optional
            The series' axis.
        ci : float, optional
            Coverage of the interval, in ``(0, 1)``. Default 0.95.
    """,
    "warns_no_variation": """
        UserWarning
            A series without variation beyond floating-point rounding at a level used (a
            constant, a polynomial of a degree the wavelet's vanishing moments remove,
            rounding noise): see Notes.
    """,
    "notes_degenerate": """
        Degenerate series, each judged on its own in a batch: a series with a NaN or an
        infinity anywhere gives NaN, without a warning. A level has no variation when its
        wavelet standard deviation is at most 16 times the rounding the series carries:
        ``eps`` (of its dtype) times its largest magnitude, plus the departure of the
        wavelet filter's sum from zero times its range (about ``1e-12`` for ``'la8'``,
        whose coefficients have 12 digits). Constants, polynomials the wavelet removes and
        rounding noise of a constant fall below that; their log variances would be
        logarithms of rounding, and their estimates arbitrary. Each series is centred and
        divided by a power of two before its transform is squared, so that any finite
        scale (``1e-300`` to ``1e300``) gives the same estimate.
    """,
}


# -- arguments ---------------------------------------------------------------------------------

def _series(x, axis):
    """``x`` as float64 with the signal's axis last (a new array when it had to move or
    convert; ``x`` itself is never written), and the relative rounding of its values: the
    machine epsilon of its floating dtype, of float64 for integers."""
    array = np.asarray(x)
    data = validate.as_real(array, "x")
    if data.ndim == 0:
        raise validate.AxisError("`x` is a scalar (0-d); pass a series, or an array of "
                                 "series along `axis`")
    axis = validate.as_axis(axis, data.ndim)
    resolution = np.finfo(array.dtype if array.dtype.kind == "f" else np.float64).eps
    return np.moveaxis(data, axis, -1), max(float(resolution), float(np.finfo(float).eps))


def _quantile(ci):
    """The normal quantile of a two-sided ``ci`` interval, ``ci`` checked."""
    from scipy import stats

    ci = validate.open_interval(ci, "ci", 0, 1, "the interval's coverage (0.95 for 95%)")
    return float(stats.norm.ppf(0.5 + ci / 2))


def _interior_counts(n, taps, top):
    """``M_j = N - L_j + 1`` (at least 0) for levels 1 ... top."""
    return np.array([n - skip for skip in _boundary_counts(top, taps, n)[:-1]])


def _deepest(n, taps):
    """The coarsest level with an interior coefficient (0 if none)."""
    j = 0
    while n - min((2 ** (j + 1) - 1) * (taps - 1), n) >= 1:
        j += 1
    return j


def _dwt_counts(n, taps, top):
    """Per level 1 ... top, the DWT coefficients among the interior MODWT ones: the ``t``
    in ``[L_j - 1, n)`` with ``t + 1`` a multiple of ``2**j`` (see :func:`_squares`)."""
    skips = np.array(_boundary_counts(top, taps, n)[:-1]) if top else np.zeros(0, int)
    steps = 2 ** np.arange(1, top + 1)
    return n // steps - skips // steps


def _dwt_deepest(n, taps):
    """The coarsest level ``J`` such that levels 1 ... J all have a DWT coefficient."""
    counts = _dwt_counts(n, taps, _deepest(n, taps))
    return int(np.argmin(np.append(counts, 0) > 0))


def _out_of_range(levels, n, taps, deepest, level=None):
    """The error for ``levels`` beyond ``1 ... deepest`` (``level``: the one seen)."""
    which = "" if level is None else f" (level {level})"
    return ValueError(f"`levels`={levels!r}{which} out of range: with {n} samples and a "
                      f"{taps}-tap filter, levels 1 ... {deepest} have coefficients free of "
                      f"the boundary")


def _levels(levels, n, taps, kind, dwt=False):
    """The levels to use, sorted: ``levels`` checked, or the default rule of ``kind``
    ('hurst', 'mle' or 'diagram'). ``dwt``: the caller uses the DWT coefficients among the
    interior ones (the MLE, ``method='dwt'``), and every level needs one."""
    deepest = _deepest(n, taps)
    if levels is None and kind == "diagram":  # every level with a coefficient
        top = _dwt_deepest(n, taps) if dwt else deepest
        if top < 2:
            raise ValueError(f"`x` is too short: {n} samples leave fewer than two levels "
                             f"with coefficients free of the boundary of a {taps}-tap filter")
        return np.arange(1, top + 1)
    if levels is None:
        counts = _interior_counts(n, taps, deepest) if deepest else np.array([])
        dof = counts / 2.0 ** np.arange(1, deepest + 1)
        usable = np.flatnonzero(dof >= MIN_DOF) + 1
        top = int(usable[-1]) if usable.size else 0
        first = FIRST_LEVEL[kind]
        if top - first + 1 < 2:
            raise ValueError(
                f"`x` is too short: {n} samples give levels up to {top} with at least "
                f"{MIN_DOF} independent interior coefficients, and the default range starts "
                f"at level {first}; at least two levels are needed. Pass `levels` explicitly "
                f"(levels 1 ... {deepest} have interior coefficients) or a longer series")
        return np.arange(first, top + 1)
    if isinstance(levels, tuple) and len(levels) == 2:
        j1, j2 = (validate.integer(j, "levels") for j in levels)
        if j2 < j1:
            raise ValueError(f"`levels`={levels}: a pair (j1, j2) needs j1 <= j2")
        if j1 < 1 or j2 > deepest:  # before np.arange: (3, 10**20) is no array to build
            raise _out_of_range(levels, n, taps, deepest)
        chosen = np.arange(j1, j2 + 1)
    else:
        if isinstance(levels, (str, bytes)) or not np.iterable(levels):
            raise TypeError(f"`levels` must be None, a pair (j1, j2) or a list of levels; got "
                            f"{levels!r}")
        chosen = []
        for j in levels:  # one at a time: range(3, 10**20) stops at its first bad level
            j = validate.integer(j, "levels")
            if not 1 <= j <= deepest:
                raise _out_of_range(levels, n, taps, deepest, j)
            chosen.append(j)
        chosen = np.unique(np.array(chosen, dtype=int))
    if chosen.size < 2:
        raise ValueError(f"`levels`={levels!r}: at least two levels are needed for a slope")
    if dwt:
        counts = _dwt_counts(n, taps, deepest)
        empty = chosen[counts[chosen - 1] == 0]
        if empty.size:
            raise ValueError(
                f"`levels`={levels!r}: level {empty[0]} has no DWT coefficient free of the "
                f"boundary with {n} samples and a {taps}-tap filter (the likelihood and "
                f"method='dwt' take every 2**j-th interior coefficient); levels 1 ... "
                f"{_dwt_deepest(n, taps)} have some (method='modwt' takes every interior "
                f"coefficient, up to level {deepest})")
    return chosen.astype(int)


# -- the log-scale diagram -----------------------------------------------------------------------

def _log2_bias(dof):
    """``E[log2(chi2_n / n)] = psi(n/2) / ln 2 - log2(n/2)`` (Abry & Veitch's ``g``)."""
    from scipy import special

    return special.digamma(dof / 2) / np.log(2) - np.log2(dof / 2)


def _log2_variance(dof):
    """``Var[log2(chi2_n / n)] = zeta(2, n/2) / ln(2)**2``."""
    from scipy import special

    return special.polygamma(1, dof / 2) / np.log(2) ** 2


class _Squares(NamedTuple):
    """Per level: the mean square of the interior MODWT coefficients and the sum of
    squares of the DWT coefficients among them, with their counts."""

    modwt_mean: np.ndarray   # (levels, *batch)
    modwt_count: np.ndarray  # (levels,)
    dwt_sum: np.ndarray      # (*batch, levels)
    dwt_count: np.ndarray    # (levels,)


# Series per block of the batch: the MODWT of a block, (J + 1) rows, stays near this size,
# so that a large batch reuses memory instead of faulting in (J + 1) times its size.
_BLOCK_BYTES = 32 * 2**20


class _Scaled(NamedTuple):
    """:class:`_Squares` of each series centred and divided by ``2**exponent``, and what
    reads them (each ``(*batch,)``): ``exponent``; ``floor``, the mean square at or below
    which a level has no variation beyond rounding, in the same units; ``finite``, whether
    the series is free of NaN and infinities (a series that is not was transformed as
    zeros)."""

    squares: _Squares
    exponent: np.ndarray
    floor: np.ndarray
    finite: np.ndarray


def _normalised(block, resolution, leak):
    """Series (rows) made safe to square: a series with a NaN or an infinity zeroed, each
    centred and divided by a power of two (exactly) to a largest magnitude in ``[1/2, 1)``;
    the exponent, the rounding floor of :data:`ROUNDING` (a standard deviation, in the new
    units) and which series were finite."""
    finite = np.all(np.isfinite(block), axis=-1)
    work = np.where(finite[:, None], block, 0.0)
    # First to magnitude ~1, so that the mean neither overflows nor underflows.
    largest = np.max(np.abs(work), axis=-1)
    magnitude, first = np.frexp(largest)  # largest = magnitude * 2**first
    _scale_rows(work, -first)
    work -= np.mean(work, axis=-1, keepdims=True)
    spread = np.max(np.abs(work), axis=-1)
    _, second = np.frexp(spread)
    _scale_rows(work, -second)
    rounding = resolution * magnitude + (resolution + leak) * spread
    return work, first + second, ROUNDING * np.ldexp(rounding, -second), finite


def _scale_rows(rows, exponent):
    """``rows *= 2**exponent`` row by row, in place: exact (but where it underflows), in two
    factors that are floats for any exponent (``2**1074`` is not; ``np.ldexp`` is slower)."""
    half = exponent // 2
    rows *= np.ldexp(1.0, half)[:, None]
    rows *= np.ldexp(1.0, exponent - half)[:, None]


def _scaled_squares(data, wavelet, levels, resolution):
    """:class:`_Scaled` of ``data`` (series along the last axis) at ``levels``, from a
    periodic MODWT a block of series at a time. ``resolution``: the relative rounding of
    the data's values. Centring changes no interior coefficient (the wavelet filter sums to
    zero) but removes what a filter stored to a few digits leaks of a large mean."""
    n = data.shape[-1]
    top = int(levels[-1])
    batch = data.shape[:-1]
    flat = data.reshape(-1, n)
    _, h = filters(wavelet)
    leak = abs(float(np.sum(h))) / float(np.sqrt(np.sum(h**2)))
    block = max(1, _BLOCK_BYTES // (8 * n * (top + 1)))
    modwt_mean = np.empty((len(levels), flat.shape[0]))
    dwt_sum = np.empty((flat.shape[0], len(levels)))
    exponent = np.empty(flat.shape[0], dtype=int)
    floor = np.empty(flat.shape[0])
    finite = np.empty(flat.shape[0], dtype=bool)
    for start in range(0, flat.shape[0], block):
        rows = slice(start, start + block)
        series, exponent[rows], floor[rows], finite[rows] = _normalised(flat[rows],
                                                                        resolution, leak)
        w = modwt(series, wavelet, level=top, axis=-1)
        interior = _interior_rows(w, w.ndim - 1, wavelet, True)
        for i, j in enumerate(levels):
            modwt_mean[i, rows] = np.mean(interior[j - 1] ** 2, axis=-1)
            dwt = _subsampled(interior[j - 1], j, n)
            dwt_sum[rows, i] = np.sum(dwt**2, axis=-1)
    at = np.asarray(levels) - 1
    squares = _Squares(modwt_mean.reshape((len(levels),) + batch),
                       _interior_counts(n, len(h), top)[at],
                       dwt_sum.reshape(batch + (len(levels),)), _dwt_counts(n, len(h), top)[at])
    return _Scaled(squares, exponent.reshape(batch), floor.reshape(batch) ** 2,
                   finite.reshape(batch))


def _squares(data, wavelet, levels):
    """:class:`_Squares` of ``data`` at ``levels`` in the data's units (NaN for a series
    with a NaN or an infinity; what :func:`_scaled_squares` keeps apart, here multiplied
    back, and so as liable to overflow as the squares of the data themselves)."""
    scaled = _scaled_squares(data, wavelet, levels, np.finfo(float).eps)
    squares, twice = scaled.squares, 2 * scaled.exponent
    nan = np.where(scaled.finite, 1.0, np.nan)
    return squares._replace(modwt_mean=np.ldexp(squares.modwt_mean, twice) * nan,
                            dwt_sum=np.ldexp(squares.dwt_sum, twice[..., None])
                            * nan[..., None])


def _subsampled(row, level, n):
    """The DWT coefficients among a level's interior MODWT ones: indices ``t`` with
    ``(t + 1) % 2**level == 0`` (``W_{j,k} = 2**(j/2) W~_{j, 2**j (k+1) - 1}``), scaled."""
    skip = n - row.shape[-1]
    step = 2**level
    start = (-(skip + 1)) % step
    return row[..., start::step] * 2 ** (level / 2)


def _diagram(squares, levels, method, exponent=0):
    """The log-scale diagram from :class:`_Squares`: ``method`` 'modwt' (all interior
    coefficients, ``eta3`` degrees of freedom) or 'dwt' (the DWT coefficients among them,
    their number as degrees of freedom); ``exponent``: the squares are of the series over
    ``2**exponent`` (:func:`_scaled_squares`), whose log2 adds back."""
    levels = np.asarray(levels)
    if method == "dwt":
        count = squares.dwt_count
        dof = count.astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            variance = np.moveaxis(squares.dwt_sum, -1, 0) / count.reshape(
                (-1,) + (1,) * (squares.dwt_sum.ndim - 1)) / 2.0 ** levels.reshape(
                (-1,) + (1,) * (squares.dwt_sum.ndim - 1))
    else:
        count = squares.modwt_count
        dof = np.maximum(count / 2.0**levels, 1.0)
        variance = squares.modwt_mean
    shape = (-1,) + (1,) * (variance.ndim - 1)
    with np.errstate(divide="ignore"):
        log2v = np.log2(variance) - _log2_bias(dof).reshape(shape) + 2 * np.asarray(exponent)
    return LogscaleDiagram(level=levels, scale=2.0 ** (levels - 1), log2_variance=log2v,
                           variance_of_log2=_log2_variance(dof), count=np.array(count),
                           dof=dof)


def _weighted_levels(diagram):
    """``(levels, regression weights 1 / Var y_j, their weighted centre)``."""
    j = diagram.level.astype(float)
    weights = 1 / diagram.variance_of_log2
    return j, weights, np.sum(weights * j) / np.sum(weights)


def fitted_line(diagram, slope):
    """The weighted regression line of one series' diagram, with ``slope`` (what
    :func:`hurst_exponent` fitted), at the diagram's levels: it passes through the weighted
    centre of the points."""
    j, weights, centre = _weighted_levels(diagram)
    mean = np.sum(weights * diagram.log2_variance) / np.sum(weights)
    return mean + slope * (j - centre)


def _regression(diagram):
    """Weighted least squares of ``log2_variance`` on ``level``, weights ``1 / variance``:
    the slope and its standard error (known variances)."""
    j, weights, centre = _weighted_levels(diagram)
    sxx = np.sum(weights * (j - centre) ** 2)
    lever = (weights * (j - centre) / sxx).reshape((-1,) + (1,) * (diagram.log2_variance.ndim
                                                                    - 1))
    slope = np.sum(lever * diagram.log2_variance, axis=0)
    return slope, np.sqrt(1 / sxx)


# -- what a call measures, and what it warns of -------------------------------------------------

class _Measured(NamedTuple):
    """The levels used and :class:`_Scaled`'s squares, with the levels of each series
    that have no variation beyond rounding (``flat``, ``(levels, *batch)``)."""

    levels: np.ndarray
    squares: _Squares
    exponent: np.ndarray
    flat: np.ndarray
    finite: np.ndarray


def _measure(x, wavelet, levels, axis, kind, dwt, consequence):
    """``x`` checked and laid out, its levels chosen (``kind``: whose default rule;
    ``dwt``: the DWT coefficients are used) and its squares taken; warns of series without
    variation, saying what follows for them (``consequence``)."""
    data, resolution = _series(x, axis)
    chosen = _levels(levels, data.shape[-1], len(filters(wavelet)[0]), kind, dwt)
    scaled = _scaled_squares(data, wavelet, chosen, resolution)
    flat = (scaled.squares.modwt_mean <= scaled.floor) & scaled.finite
    if np.any(flat):
        spoiled = np.any(flat, axis=0)
        where = np.any(flat.reshape(len(chosen), -1), axis=-1)
        validate.warn(
            f"`x` has no variation beyond floating-point rounding at level(s) "
            f"{', '.join(map(str, chosen[where]))} in {_how_many(spoiled)} (a wavelet "
            f"standard deviation at most {ROUNDING} eps times the series' magnitude: a "
            f"constant, a polynomial of a degree the wavelet's vanishing moments remove, or "
            f"rounding noise): {consequence[int(np.count_nonzero(spoiled) > 1)]}")
    return _Measured(chosen, scaled.squares, scaled.exponent, flat, scaled.finite)


def _how_many(mask):
    """'the series' (one series) or 'k of m series'."""
    return "the series" if mask.ndim == 0 else f"{np.count_nonzero(mask)} of {mask.size} series"


def _values(name, values, digits=3):
    """``'H = 1.500'`` for one value, ``'H = 1.450 ... 1.520'`` for several."""
    low, high = np.min(values), np.max(values)
    return (f"{name} = {low:.{digits}f}" if low == high
            else f"{name} = {low:.{digits}f} ... {high:.{digits}f}")


def _masked_diagram(measured, method):
    """The log-scale diagram, NaN at the levels without variation and wherever the series
    holds a NaN or an infinity."""
    diagram = _diagram(measured.squares, measured.levels, method, measured.exponent)
    spoiled = measured.flat | ~measured.finite
    return diagram._replace(log2_variance=np.where(spoiled, np.nan, diagram.log2_variance))


# Beyond H's range (0, 1): what the series looks like, read as each process.
_HURST_ADVICE = {
    ("fgn", "above"): "the series looks nonstationary, like a random walk (H = 1.5 read as "
                      "fGn): if it is the cumulative sum of a stationary series (fractional "
                      "Brownian motion), read it with process='fbm', which gives H - 1",
    ("fgn", "below"): "the series looks over-differenced (the differences of white noise "
                      "give H = -0.5): read its cumulative sum instead",
    ("fbm", "above"): "the walk looks integrated twice: read its differences (np.diff) with "
                      "process='fbm'",
    ("fbm", "below"): "the series looks stationary, not a walk: read it with process='fgn', "
                      "which gives H + 1",
}


def _warn_beyond_range(estimate, low, high, process):
    """Warns of series whose whole interval for ``H`` lies beyond ``(0, 1)``."""
    for side, beyond, bound in (("above", low > 1, "1, the upper"),
                                ("below", high < 0, "0, the lower")):
        if np.any(beyond):
            validate.warn(
                f"`x`: in {_how_many(beyond)} H and its whole interval are {side} {bound} "
                f"bound of H's range (0, 1) ({_values('H', estimate[beyond], 2)}): "
                f"{_HURST_ADVICE[process, side]}")


def _warn_at_the_edge(d):
    """Warns of series whose estimate of ``d`` is at an end of the search grid."""
    for side, edge in (("upper", d >= _GRID[-1]), ("lower", d <= _GRID[0])):
        if np.any(edge):
            advice = ("the likelihood still grows toward d = 1/2. A nonstationary series "
                      "(d >= 1/2; a random walk has d = 1) is out of scope: difference it "
                      "(np.diff) and add 1 to its estimate" if side == "upper" else
                      "the likelihood still grows toward d = -1/2. An over-differenced "
                      "series (d <= -1/2; the differences of white noise have d = -1) is out "
                      "of scope: take its cumulative sum and subtract 1 from its estimate")
            bound = "1/2" if side == "upper" else "-1/2"
            validate.warn(
                f"`x`: in {_how_many(edge)} the estimate is at the {side} bound d = {bound} "
                f"of the search interval (-1/2, 1/2) ({_values('d', d[edge])}): {advice}")


def logscale_diagram(x, wavelet="la8", levels=None, axis=-1, method="modwt"):
    """Log-scale diagram: per level, the bias-corrected log2 wavelet variance and its
    variance (Abry & Veitch 1998, on the MODWT).

    Parameters
    ----------
    x : array_like
        Real series along ``axis``; the other axes are a batch of series.
    wavelet : str, pywt.Wavelet or filter bank, optional
        An orthogonal wavelet (waveslim's names too). Default ``'la8'`` (PyWavelets'
        ``'sym4'``), whose 4 vanishing moments remove polynomial trends up to degree 3.
    levels : None, pair or list of int, optional
        A tuple ``(j1, j2)``: levels ``j1 ... j2``; a list (range, array): those levels.
        Default: every level with at least one coefficient free of the boundary (with
        ``method='dwt'``, a DWT coefficient among them).
    axis : int, optional
        The series' axis.
    method : {'modwt', 'dwt'}, optional
        'modwt' (default): the mean square of all interior MODWT coefficients, with
        ``eta3 = max(M_j / 2**j, 1)`` equivalent degrees of freedom; 'dwt': of the DWT
        coefficients among them (every ``2**j``-th), their number as degrees of freedom
        (Abry & Veitch's original setting).

    Returns
    -------
    diagram : LogscaleDiagram
        ``level`` (the levels ``j``), ``scale`` (``tau_j = 2**(j-1)``), ``log2_variance``
        (``log2`` of the wavelet variance minus its bias ``g(eta_j)``, shape
        ``(levels, *batch)``), ``variance_of_log2`` (``zeta(2, eta_j / 2) / ln(2)**2``),
        ``count`` (the coefficients used: interior MODWT ones, or the DWT ones among them),
        ``dof`` (``eta_j``). All but ``log2_variance`` are 1-d over the levels.
        ``log2_variance`` is NaN at the levels where a series has no variation, and at
        every level of a series with a NaN or an infinity.

    Raises
    ------
    ValueError
        Levels out of range or fewer than two, a level without DWT coefficients
        (``method='dwt'``), a series too short for any, an unknown ``method``.
    TypeError
        Complex ``x``; ``levels`` of the wrong kind.

    Warns
    -----
    {warns_no_variation}

    See Also
    --------
    atrous.hurst_exponent : The slope of this diagram, read as ``H``.
    atrous.wavelet_variance : The wavelet variance with chi-square intervals.

    Notes
    -----
    With ``eta`` degrees of freedom, ``log2(chi2_eta / eta)`` has mean
    ``g(eta) = psi(eta/2) / ln 2 - log2(eta/2)`` and variance ``zeta(2, eta/2) / ln(2)**2``
    (Abry & Veitch 1998; Veitch & Abry 1999). Abry & Veitch take the DWT coefficients of a
    level as independent, ``eta = n_j``. The MODWT's ``M_j`` coefficients are correlated
    within a level; Percival & Walden's ``eta3 = max(M_j / 2**j, 1)`` (their chapter 8) is
    the number of effectively independent ones, and the MODWT estimate is at least as
    precise as the DWT's.

    {notes_degenerate}

    {references_longmemory}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.random.default_rng(0).standard_normal(2**12)      # white noise: slope -1
    >>> diagram = atrous.logscale_diagram(x, levels=(1, 6))
    >>> diagram.scale
    array([ 1.,  2.,  4.,  8., 16., 32.])
    >>> np.round(np.diff(diagram.log2_variance), 0)
    array([-1., -1., -1., -1., -1.])
    """
    if method not in ("modwt", "dwt"):
        raise ValueError(f"`method`={method!r}: use 'modwt' or 'dwt'")
    measured = _measure(x, wavelet, levels, axis, "diagram", method == "dwt",
                        ("its diagram is NaN at those levels",
                         "their diagrams are NaN at those levels"))
    return _masked_diagram(measured, method)


def hurst_exponent(x, wavelet="la8", levels=None, axis=-1, ci=0.95, process="fgn",
                   method="modwt"):
    """Hurst exponent by weighted regression on the log-scale diagram (Abry & Veitch's
    wavelet estimator, on the MODWT).

    Parameters
    ----------
    {arguments}
    process : {'fgn', 'fbm'}, optional
        How the diagram's slope ``beta`` reads: 'fgn' (default), a stationary process
        (fractional Gaussian noise, ARFIMA(0, d, 0)), ``H = beta / 2 + 1`` (and
        ``d = H - 1/2``); 'fbm', its cumulative sum (fractional Brownian motion),
        ``H = beta / 2``.
    method : {'modwt', 'dwt'}, optional
        The diagram's estimator (:func:`logscale_diagram`). Default 'modwt'.

    Returns
    -------
    result : HurstEstimate
        ``estimate`` (``H``), ``stderr``, ``low``, ``high`` (``estimate -+ z stderr``), each
        of the batch's shape (0-d for one series); ``diagram``, what
        :func:`logscale_diagram` gives for the levels used; ``slope``, the diagram's
        fitted slope ``beta``. NaN for a series without variation or with a NaN or an
        infinity.

    Raises
    ------
    ValueError
        A series too short for two levels, levels out of range, a level without DWT
        coefficients (``method='dwt'``), ``ci`` outside ``(0, 1)``, an unknown ``process``
        or ``method``.
    TypeError
        Complex ``x``, ``levels`` or ``ci`` of the wrong kind.

    Warns
    -----
    {warns_no_variation}
    UserWarning
        ``H`` beyond its range ``(0, 1)`` with its whole interval, naming the bound: above
        1 under ``process='fgn'`` is a nonstationary series (a random walk gives
        ``H = 1.5``), which ``process='fbm'`` reads; below 0 under ``process='fbm'`` is a
        stationary one, which ``process='fgn'`` reads.

    See Also
    --------
    atrous.logscale_diagram : The diagram alone.
    atrous.fractional_d_mle : The maximum-likelihood estimate of ``d = H - 1/2``.

    Notes
    -----
    The estimator is Abry & Veitch's (1998; Veitch & Abry 1999): the slope of
    ``y_j = log2(nu_j**2) - g(eta_j)`` against ``j`` by weighted least squares with weights
    ``1 / Var(y_j)``, whose standard error ``1 / sqrt(sum w_j (j - jbar)**2)`` needs no
    estimate from the data. Here ``nu_j**2`` is the MODWT wavelet variance over the
    interior coefficients and ``eta_j = eta3`` (Percival & Walden, ch. 8-9): in
    simulations of fractional Gaussian noise of ``2**12`` samples this gives intervals of
    the stated coverage and a smaller spread than the DWT (``method='dwt'``).

    For a process whose spectrum is ``|f|**(-alpha)`` at low frequencies the (MODWT)
    wavelet variance is ``nu_j**2 ~ tau_j**(alpha - 1)``, a slope ``beta = alpha - 1`` on
    the diagram (Abry & Veitch's diagram, of the DWT's ``2**j nu_j**2``, has slope
    ``alpha``). Fractional Gaussian noise and ARFIMA(0, d, 0) have
    ``alpha = 2H - 1 = 2d``, so ``beta = 2H - 2``; fractional Brownian motion has
    ``alpha = 2H + 1``, ``beta = 2H``.

    Default levels: the finest two levels carry the short-range structure and the
    departure of the wavelet's band from an ideal octave, and bias the slope; the coarsest
    levels have few effectively independent coefficients. The default starts at level 3
    and stops at the coarsest level with ``eta3 = M_j / 2**j >= 4`` (for ``2**12`` samples
    and ``'la8'``: levels 3 to 8).

    Trends: the interior wavelet coefficients of a wavelet with ``p`` vanishing moments are
    blind to a polynomial of degree below ``p`` (``'la8'``: cubic), and the boundary
    coefficients, where the circular transform would wrap the trend around, are dropped.

    The estimate is not confined to ``(0, 1)``: a slope beyond it is reported as it is,
    with a warning when the whole interval lies beyond a bound.

    {notes_degenerate}

    {references_longmemory}

    Examples
    --------
    >>> import atrous
    >>> x = atrous.simulate_fgn(2**14, 0.8, seed=1)
    >>> result = atrous.hurst_exponent(x)
    >>> round(float(result.estimate), 1)
    0.8
    >>> bool(result.low < 0.8 < result.high)
    True
    """
    if process not in ("fgn", "fbm"):
        raise ValueError(f"`process`={process!r}: use 'fgn' (stationary: fractional "
                         "Gaussian noise, ARFIMA) or 'fbm' (its cumulative sum)")
    if method not in ("modwt", "dwt"):
        raise ValueError(f"`method`={method!r}: use 'modwt' or 'dwt'")
    z = _quantile(ci)
    measured = _measure(x, wavelet, levels, axis, "hurst", method == "dwt",
                        ("its estimate is NaN", "their estimates are NaN"))
    diagram = _masked_diagram(measured, method)
    slope, stderr = _regression(diagram)
    estimate = slope / 2 + (1 if process == "fgn" else 0)
    stderr = np.where(np.isnan(estimate), np.nan, stderr / 2)
    low, high = estimate - z * stderr, estimate + z * stderr
    _warn_beyond_range(estimate, low, high, process)
    return HurstEstimate(np.asarray(estimate), stderr, np.asarray(low), np.asarray(high),
                         diagram, np.asarray(slope))


# -- the wavelet MLE of d ----------------------------------------------------------------------

def _band_integral(d, low, high):
    """``int_low^high |2 sin(pi f)|**(-2d) df`` for each ``d`` (any shape): Gauss-Legendre
    on the octave (48 nodes: the integrand is smooth there), or, when ``low == 0``, after
    the substitution ``f = high s**(1 / (1 - 2d))`` that absorbs the singularity."""
    d = np.asarray(d, dtype=float)[..., None]
    if low > 0:
        f = (high - low) / 2 * _NODES + (high + low) / 2
        values = np.abs(2 * np.sin(np.pi * f)) ** (-2 * d)
        return (high - low) / 2 * np.sum(_WEIGHTS * values, axis=-1)
    power = 1 / (1 - 2 * d)
    s = (_NODES + 1) / 2
    f = high * s**power
    smooth = (2 * np.pi * np.sinc(f)) ** (-2 * d)  # (2 sin(pi f) / f)**(-2d), at f = 0 too
    return high ** (1 - 2 * d[..., 0]) * power[..., 0] / 2 * np.sum(_WEIGHTS * smooth, axis=-1)


def _band_variances(d, bands):
    """``C_j(d)``: the band-pass variance ``width**-1 int |2 sin(pi f)|**(-2d) df`` of the
    FD spectrum over each band ``(low, high)``, last axis over the bands."""
    return np.stack([_band_integral(d, low, high) / (high - low) for low, high in bands],
                    axis=-1)


def _octaves(levels):
    """The nominal band ``[1 / 2**(j+1), 1 / 2**j]`` of each level."""
    return [(1 / 2 ** (j + 1), 1 / 2**j) for j in levels]


def _objective(d, sums, counts, bands):
    """``n log(sum_j S_j / C_j(d) / n) + sum_j n_j log C_j(d)``: minus twice the profile
    log likelihood (sigma**2 profiled out), less constants, for each series (``sums`` is
    ``(..., bands)``, ``d`` broadcasts against its batch)."""
    c = _band_variances(d, bands)
    total = np.sum(counts)
    return total * np.log(np.sum(sums / c, axis=-1) / total) + np.sum(counts * np.log(c),
                                                                      axis=-1)


def _maximise(sums, counts, bands, bounds=D_BOUNDS):
    """The minimum of :func:`_objective` over ``d`` for every series: a grid (one matrix
    product for all series), then Newton's steps with central differences, kept inside the
    grid cell's neighbours. Returns ``(d, second_derivative, sigma2)``."""
    grid = _GRID[(_GRID > bounds[0]) & (_GRID < bounds[1])]
    c = _band_variances(grid, bands)                                    # (grid, bands)
    total = np.sum(counts)
    with np.errstate(invalid="ignore", divide="ignore"):
        values = (total * np.log(sums @ (1 / c).T / total)
                  + np.sum(counts * np.log(c), axis=-1))                # (..., grid)
    bad = ~np.all(np.isfinite(values), axis=-1)
    values = np.where(bad[..., None], 0.0, values)
    best = np.argmin(values, axis=-1)
    step = grid[1] - grid[0]
    lo = grid[np.maximum(best - 1, 0)]
    hi = grid[np.minimum(best + 1, grid.size - 1)]
    d = grid[best]
    safe = np.where(bad[..., None], 1.0, sums)
    h = 1e-4
    for _ in range(6):
        f0 = _objective(d, safe, counts, bands)
        fp = _objective(d + h, safe, counts, bands)
        fm = _objective(d - h, safe, counts, bands)
        first, second = (fp - fm) / (2 * h), (fp - 2 * f0 + fm) / h**2
        move = np.where(second > 0, -first / np.where(second > 0, second, 1.0), 0.0)
        d = np.clip(d + np.clip(move, -step, step), lo, hi)
    h = 1e-3
    f0, fp, fm = (_objective(d + e, safe, counts, bands) for e in (0, h, -h))
    second = (fp - 2 * f0 + fm) / h**2
    sigma2 = np.sum(safe / _band_variances(d, bands), axis=-1) / total
    nan = np.where(bad, np.nan, 1.0)
    return d * nan, second * nan, sigma2 * nan


def fractional_d_mle(x, wavelet="la8", levels=None, axis=-1, ci=0.95):
    """Wavelet maximum-likelihood estimate of the difference parameter ``d`` of a
    fractionally differenced (ARFIMA(0, d, 0)) process (Percival & Walden, ch. 9).

    Parameters
    ----------
    {arguments}

    Returns
    -------
    result : FractionalDEstimate
        ``estimate`` (``d``, in ``(-1/2, 1/2)``), ``stderr``, ``low``, ``high``
        (``estimate -+ z stderr`` clipped to ``[-1/2, 1/2]``), each of the batch's shape
        (0-d for one series); ``diagram``, what :func:`logscale_diagram` gives for the
        levels used; ``innovation_variance``, the estimate of ``sigma_eps**2`` (in the
        data's squared units: inf or 0 where that is beyond float64's range). NaN for a
        series without variation or with a NaN or an infinity.

    Raises
    ------
    ValueError
        A series too short for two levels, levels out of range, a level without DWT
        coefficients (the likelihood takes every ``2**j``-th interior coefficient),
        ``ci`` outside ``(0, 1)``.
    TypeError
        Complex ``x``, ``levels`` or ``ci`` of the wrong kind.

    Warns
    -----
    {warns_no_variation}
    UserWarning
        An estimate at an end of the search grid, ``-0.495`` or ``0.495``, naming the
        bound ``d = -1/2`` or ``d = 1/2``: the likelihood still grows beyond it (a random
        walk, ``d = 1``; differenced white noise, ``d = -1``; short memory inside the
        levels, see Notes). The estimate is kept.

    See Also
    --------
    atrous.hurst_exponent : The regression estimate, ``d = H - 1/2``.

    Notes
    -----
    Percival & Walden's wavelet-based approximate MLE (2000, sections 9.4-9.5; waveslim's
    ``fdp.mle``, wmtsa's ``wavFDPBlock``): the DWT coefficients of level ``j`` are taken as
    independent ``N(0, sigma_eps**2 C_j(d))`` with the band-pass variance
    ``C_j(d) = 2**(j+1) int_{1/2**(j+1)}^{1/2**j} |2 sin(pi f)|**(-2d) df`` of the FD
    spectrum (computed by 48-point Gauss-Legendre quadrature on each octave).
    ``sigma_eps**2`` is profiled out, and the profile likelihood maximised over
    ``d in (-1/2, 1/2)`` for all series at once (a grid, then Newton's steps). The
    standard error is from the observed information, the second derivative of the profile
    log likelihood at the maximum. Nonstationary ``d >= 1/2`` is out of scope: such a
    series (or one whose short-range structure at the finer levels looks like it) gives an
    estimate at the end of the grid, ``0.495``, and a warning.

    The DWT coefficients used are those among the interior MODWT coefficients
    (``W_{j,k} = 2**(j/2) W~_{j, 2**j (k+1) - 1}``), boundary-free: unlike waveslim's
    ``fdp.mle``, which takes every coefficient of a periodic DWT and its scaling
    coefficients, the estimate is blind to polynomial trends of degree below the
    wavelet's number of vanishing moments (Craigmile, Guttorp & Percival 2005) and needs
    no power-of-two length. Level 1 departs most from the band-pass approximation for
    ``'la8'`` (with it, ``d = 0.4`` at ``2**12`` samples is biased by -0.006 and its 95%
    interval covers 91% of the time; without it, -0.002 and 94%), so the default starts at
    level 2, up to the coarsest level with ``M_j / 2**j >= 4``.

    {notes_degenerate}

    {references_longmemory}

    Examples
    --------
    >>> import atrous
    >>> x = atrous.simulate_arfima(2**12, 0.3, size=(2, 50), seed=2)   # 100 series
    >>> result = atrous.fractional_d_mle(x)
    >>> result.estimate.shape, round(float(result.estimate.mean()), 2)
    ((2, 50), 0.3)
    >>> round(float(result.stderr.mean()), 2)                          # each estimate's
    0.02
    """
    z = _quantile(ci)
    measured = _measure(x, wavelet, levels, axis, "mle", True,
                        ("its estimate is NaN", "their estimates are NaN"))
    usable = measured.finite & ~np.any(measured.flat, axis=0)
    sums = np.where(usable[..., None], measured.squares.dwt_sum, np.nan)
    d, second, sigma2 = _maximise(sums, measured.squares.dwt_count.astype(float),
                                  _octaves(measured.levels))
    _warn_at_the_edge(d)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore", under="ignore"):
        stderr = np.sqrt(2 / second)
        sigma2 = np.ldexp(sigma2, 2 * measured.exponent)   # beyond float64: inf or 0
    low = np.clip(d - z * stderr, *D_BOUNDS)
    high = np.clip(d + z * stderr, *D_BOUNDS)
    return FractionalDEstimate(np.asarray(d), np.asarray(stderr), np.asarray(low),
                               np.asarray(high), _masked_diagram(measured, "modwt"),
                               np.asarray(sigma2))


fill_docstrings({**_DOCS, **REFERENCES}, logscale_diagram, hurst_exponent,
                fractional_d_mle)
