"""Wavelet time-series statistics on MODWT coefficients (Percival & Walden; R waveslim).

``brick_wall`` marks the coefficients the circular boundary affects, ``phase_shift``
aligns each level in time (zero phase), ``wavelet_variance`` estimates the variance per
scale with confidence intervals. All work on what :func:`atrous.modwt` returns, rows
``W_1 ... W_J, V_J``, vectorised over every axis but the signal's.
"""

from typing import NamedTuple

import numpy as np

from . import _validation as validate
from ._docstrings import REFERENCES, fill_docstrings
from ._modwt import filters, modwt

__all__ = ["brick_wall", "phase_shift", "wavelet_variance", "WaveletVariance",
           "wavelet_covariance", "wavelet_correlation", "WaveletCovariance",
           "WaveletCorrelation",
           "wavelet_cross_correlation"]


def _coefficients(w, axis, name="w"):
    w = validate.as_signal(w, name)
    if w.dtype.kind != "c":
        w = w.astype(np.float64, copy=False)
    if w.ndim < 2 or w.shape[0] < 2:
        raise ValueError(f"`{name}` must be what modwt returns, shape (level + 1, *x.shape) "
                         f"with level >= 1; got shape {np.shape(w)}")
    axis = validate.as_axis(axis, w.ndim - 1) + 1
    return w, axis


def _tail(p):
    """Each tail's probability of a confidence interval, checked."""
    return validate.open_interval(p, "p", 0, 0.5, "each tail's probability")


def _boundary_counts(levels, taps, n):
    """Coefficients the circular boundary affects per row: ``L_j - 1``, capped at ``n``."""
    counts = [min((2**j - 1) * (taps - 1), n) for j in range(1, levels + 1)]
    return counts + [counts[-1]]


def _interior_rows(w, axis, wavelet, unbiased):
    """Each row of ``w``, the signal's axis moved last: the coefficients :func:`brick_wall`
    keeps if ``unbiased``, all of them otherwise."""
    g, _ = filters(wavelet)
    levels = w.shape[0] - 1
    skipped = (_boundary_counts(levels, len(g), w.shape[axis]) if unbiased
               else [0] * (levels + 1))
    rows = np.moveaxis(w, axis, -1)
    return [rows[row][..., skip:] for row, skip in enumerate(skipped)]


def brick_wall(w, wavelet="sym4", axis=-1):
    """MODWT coefficients with those affected by the circular boundary set to NaN.

    At level ``j`` (and for ``V_J`` as for ``W_J``) the first ``L_j - 1`` coefficients,
    ``L_j = (2**j - 1)(L - 1) + 1``, involve samples from both ends of the signal
    (waveslim's ``brick.wall``).

    Parameters
    ----------
    w : array_like
        What :func:`atrous.modwt` returns (``boundary='periodic'``).
    wavelet : str, pywt.Wavelet or filter bank, optional
        The wavelet used. Default ``'sym4'``.
    axis : int, optional
        The signal's axis (as given to :func:`atrous.modwt`).

    Returns
    -------
    walled : ndarray
        A float copy of ``w``; ``np.isnan(walled)`` is the mask of boundary coefficients.

    Raises
    ------
    ValueError
        Malformed ``w`` or a non-orthogonal wavelet.

    See Also
    --------
    atrous.wavelet_variance : Which drops these coefficients when ``unbiased``.
    atrous.plot.plot_coefficients : The coefficients drawn, this region shaded.

    {references_modwt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> w = atrous.brick_wall(atrous.modwt(np.ones(20), 'haar', level=2), 'haar')
    >>> np.isnan(w).sum(axis=1)        # L_1 - 1 = 1, L_2 - 1 = 3 (and V_2 as W_2)
    array([1, 3, 3])
    """
    w, axis = _coefficients(w, axis)
    g, _ = filters(wavelet)
    walled = np.array(w, dtype=np.result_type(w.dtype, np.float64), copy=True)
    moved = np.moveaxis(walled, axis, 1)
    for row, count in enumerate(_boundary_counts(w.shape[0] - 1, len(g), w.shape[axis])):
        moved[row, :count] = np.nan
    return walled


def _centre(f):
    """Centre of energy of a filter: ``sum l f_l**2 / sum f_l**2``."""
    return float(np.sum(np.arange(len(f)) * f**2) / np.sum(f**2))


def phase_shift(w, wavelet="sym4", axis=-1, inverse=False):
    """Shift each MODWT row circularly so that its coefficients align with the signal in time.

    Level ``j`` is advanced by ``round(2**(j-1) (c_g + c_h) - c_g)`` samples and ``V_J`` by
    ``round((2**J - 1) c_g)``, with ``c_g, c_h`` the centres of energy of the scaling and
    wavelet filters (waveslim's ``phase.shift``; rounding halves to even, as R does).

    Parameters
    ----------
    w : array_like
        What :func:`atrous.modwt` returns.
    wavelet : str, pywt.Wavelet or filter bank, optional
        The wavelet used. Default ``'sym4'``.
    axis : int, optional
        The signal's axis.
    inverse : bool, optional
        Undo the shift instead.

    Returns
    -------
    aligned : ndarray
        The shifted coefficients, a new array.

    Raises
    ------
    ValueError
        Malformed ``w`` or a non-orthogonal wavelet.
    TypeError
        An ``inverse`` that is not a boolean.

    See Also
    --------
    atrous.modwt : The coefficients to align.
    atrous.brick_wall : The coefficients that the boundary affects.

    {references_modwt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.zeros(64); x[32] = 1                  # an impulse at t = 32
    >>> w = atrous.phase_shift(atrous.modwt(x, 'la8', level=2), 'la8')
    >>> int(np.argmax(np.abs(w[0])))                  # the finest detail peaks at the impulse
    32
    """
    w, axis = _coefficients(w, axis)
    inverse = validate.flag(inverse, "inverse")
    g, h = filters(wavelet)
    levels = w.shape[0] - 1
    shifts = [round(2 ** (j - 1) * (_centre(g) + _centre(h)) - _centre(g))
              for j in range(1, levels + 1)]
    shifts.append(round((2**levels - 1) * _centre(g)))
    sign = 1 if inverse else -1
    return np.stack([np.roll(w[row], sign * shift, axis=axis - 1)
                     for row, shift in enumerate(shifts)])


class WaveletVariance(NamedTuple):
    """Wavelet variance per row (``W_1 ... W_J, V_J``) and its confidence interval."""

    variance: np.ndarray
    lower: np.ndarray
    upper: np.ndarray


def wavelet_variance(w, wavelet="sym4", axis=-1, unbiased=True, ci="eta3", p=0.025,
                     level=None):
    """Wavelet variance by scale, with a confidence interval (Percival & Walden, ch. 8).

    Parameters
    ----------
    w : array_like
        What :func:`atrous.modwt` returns (``boundary='periodic'``); leading batch axes of
        the signal give per-series results in one call. A 1-d array (which MODWT
        coefficients never are) is taken as the signal itself and transformed first.
    wavelet : str, pywt.Wavelet or filter bank, optional
        The wavelet used. Default ``'sym4'``.
    axis : int, optional
        The signal's axis.
    unbiased : bool, optional
        True (default): the mean of the squared interior coefficients (those
        :func:`brick_wall` keeps, ``M_j = N - L_j + 1`` of them). False: of all ``N``
        coefficients (biased by the boundary).
    ci : {'eta3', 'eta1', 'gaussian', None}, optional
        The interval: chi-square with ``eta3 = max(M_j / 2**j, 1)`` equivalent degrees of
        freedom (``2**(J+1)`` for ``V_J``, as waveslim), chi-square with
        ``eta1 = M_j v**2 / A_j``, or Gaussian, ``v +- z sqrt(2 A_j / M_j)``, where
        ``A_j = s_0**2 / 2 + sum_{tau >= 1} s_tau**2`` from the coefficients'
        autocovariances ``s_tau``. None: no interval (NaN).
    p : float, optional
        Each tail's probability: ``p = 0.025`` gives a 95% interval.
    level : int, optional
        Levels of the MODWT when ``w`` is a 1-d signal (default ``floor(log2(N))``).

    Returns
    -------
    result : WaveletVariance
        ``variance``, ``lower`` and ``upper``, each of shape ``(J + 1, *batch)``; NaN where a
        level has no interior coefficient.

    Raises
    ------
    ValueError
        Malformed ``w``, an unknown ``ci``, ``p`` outside ``(0, 0.5)``.
    TypeError
        A ``p`` that is not a number, an ``unbiased`` that is not a boolean.

    See Also
    --------
    atrous.modwt : The coefficients taken as ``w``.
    atrous.wavelet_covariance, atrous.wavelet_correlation : For two series.
    atrous.level_bands : The scales ``tau_j`` against which it is drawn.
    atrous.plot.plot_wavelet_variance : The log-log plot with the band.

    {references_modwt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.random.default_rng(0).standard_normal(2**12)      # white noise, variance 1
    >>> result = atrous.wavelet_variance(atrous.modwt(x, 'la8', level=3), 'la8')
    >>> np.round(result.variance[:3] * 2 ** np.arange(1, 4), 1)    # 1 / 2**j for white noise
    array([1., 1., 1.])
    """
    from scipy import stats

    if not (ci is None or isinstance(ci, str) and ci in ("eta3", "eta1", "gaussian")):
        raise ValueError(f"`ci`={ci!r}: use 'eta3', 'eta1', 'gaussian' or None")
    p = _tail(p)
    unbiased = validate.flag(unbiased, "unbiased")
    if np.ndim(w) == 1:
        w = modwt(w, wavelet, level=level)
    elif level is not None:
        raise ValueError("`level` is for a 1-d signal; `w` already holds MODWT coefficients")
    w, axis = _coefficients(w, axis)
    variance, lower, upper = [], [], []
    for row, coefficients in enumerate(_interior_rows(w, axis, wavelet, unbiased)):
        count = coefficients.shape[-1]
        if count == 0:
            nan = np.full(coefficients.shape[:-1], np.nan)
            variance.append(nan), lower.append(nan), upper.append(nan)
            continue
        v = np.mean(np.abs(coefficients) ** 2, axis=-1)  # |w|**2: complex series too
        variance.append(v)
        if ci is None:
            lower.append(np.full_like(v, np.nan)), upper.append(np.full_like(v, np.nan))
            continue
        if ci == "eta3":
            # waveslim numbers the rows 1 ... J + 1, V_J included.
            eta = np.full_like(v, max(count / 2 ** (row + 1), 1.0))
        else:
            # A_j from the (non-centred) autocovariances, through the FFT.
            size = 2 * count
            spectrum = np.fft.fft(coefficients, n=size, axis=-1)
            acvs = np.fft.ifft(np.abs(spectrum) ** 2, n=size, axis=-1)[..., :count] / count
            power = np.abs(acvs) ** 2  # |s_tau|**2, which complex series need
            a = power[..., 0] / 2 + np.sum(power[..., 1:], axis=-1)
            if ci == "gaussian":
                half = stats.norm.ppf(1 - p) * np.sqrt(2 * a / count)
                lower.append(v - half), upper.append(v + half)
                continue
            eta = count * v**2 / a
        lower.append(eta * v / stats.chi2.ppf(1 - p, eta))
        upper.append(eta * v / stats.chi2.ppf(p, eta))
    return WaveletVariance(np.stack(variance), np.stack(lower), np.stack(upper))


class WaveletCovariance(NamedTuple):
    """Wavelet covariance per row and its confidence interval."""

    estimate: np.ndarray
    lower: np.ndarray
    upper: np.ndarray


class WaveletCorrelation(WaveletCovariance):
    """Wavelet correlation per row and its confidence interval: a ``WaveletCovariance``
    (the same fields), whose type says what it holds (the figures read it)."""

    __slots__ = ()


# What the docstrings of the two-series statistics share: a docstring line that is only
# ``{name}`` stands for _PAIRED_DOCS[name], indented as that line (see atrous._docstrings).
_PAIRED_DOCS = {
    "wx_wy_wavelet": """
        wx, wy : array_like
            The MODWTs (:func:`atrous.modwt`, periodic) of the two series, same shape.
        wavelet : str, pywt.Wavelet or filter bank, optional
            The wavelet used. Default ``'sym4'``.
    """,
    "axis_unbiased": """
        axis : int, optional
            The signals' axis.
        unbiased : bool, optional
            Use the interior coefficients only (default) or all of them.
    """,
    "raises_section": """
        Raises
        ------
        ValueError
            Transforms of different shapes, malformed input, ``p`` outside ``(0, 0.5)``.
        TypeError
            Complex transforms, a ``p`` that is not a number, an ``unbiased`` that is not a
            boolean.
    """,
}


def _paired(wx, wy, wavelet, axis, unbiased):
    """Per row: the interior (or all) coefficients of both transforms, moved to the end."""
    wx, axis_x = _coefficients(wx, axis, "wx")
    wy, _ = _coefficients(wy, axis, "wy")
    unbiased = validate.flag(unbiased, "unbiased")
    if wx.dtype.kind == "c" or wy.dtype.kind == "c":
        raise TypeError("`wx` and `wy` must be real; for complex series, use the real and "
                        "imaginary parts")
    if wx.shape != wy.shape:
        raise ValueError(f"`wx` and `wy` must have the same shape (the MODWTs of two series "
                         f"of one length at one level); got {wx.shape} and {wy.shape}")
    xs = _interior_rows(wx, axis_x, wavelet, unbiased)
    ys = _interior_rows(wy, axis_x, wavelet, unbiased)
    return [(x, y, row) for row, (x, y) in enumerate(zip(xs, ys))]


def _cross_covariances(a, b):
    """``s_ab(tau) = sum_t a_t b_{t+tau} / M`` for tau = 0 .. M-1 and tau = 0 .. -(M-1)."""
    count = a.shape[-1]
    size = 2 * count
    product = np.conj(np.fft.rfft(a, n=size, axis=-1)) * np.fft.rfft(b, n=size, axis=-1)
    full = np.fft.irfft(product, n=size, axis=-1) / count
    forward = full[..., :count]
    backward = np.concatenate([full[..., :1], full[..., size - count + 1:][..., ::-1]], axis=-1)
    return forward, backward


def wavelet_covariance(wx, wy, wavelet="sym4", axis=-1, unbiased=True, p=0.025):
    """Wavelet covariance of two series by scale, with a Gaussian confidence interval.

    The mean of ``W^X_{j,t} W^Y_{j,t}`` over the interior coefficients (Whitcher, Guttorp &
    Percival 2000; waveslim's ``wave.covariance``), with the large-sample variance
    ``[(s_X(0) s_Y(0) + s_XY(0)**2) / 2 + sum_{tau >= 1} (s_X(tau) s_Y(tau)
    + s_XY(tau) s_XY(-tau))] / M_j`` from the coefficients' auto- and cross-covariances,
    which for ``x = y`` is :func:`wavelet_variance`'s Gaussian interval.

    Parameters
    ----------
    {wx_wy_wavelet}
    {axis_unbiased}
    p : float, optional
        Each tail's probability (0.025: a 95% interval).

    Returns
    -------
    result : WaveletCovariance
        ``estimate``, ``lower``, ``upper``, each ``(J + 1, *batch)``.

    {raises_section}

    See Also
    --------
    atrous.wavelet_variance : One series.
    atrous.wavelet_correlation : The covariance normalized by both variances.

    {references_modwt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.random.default_rng(3).standard_normal(4096).cumsum()   # a random walk
    >>> w = atrous.modwt(x, 'la8', level=2)
    >>> same = atrous.wavelet_covariance(w, w, 'la8')
    >>> np.allclose(same.estimate, atrous.wavelet_variance(w, 'la8').variance)
    True
    """
    from scipy import stats

    p = _tail(p)
    estimate, lower, upper = [], [], []
    z = stats.norm.ppf(1 - p)
    for x, y, _ in _paired(wx, wy, wavelet, axis, unbiased):
        count = x.shape[-1]
        if count == 0:
            nan = np.full(x.shape[:-1], np.nan)
            estimate.append(nan), lower.append(nan), upper.append(nan)
            continue
        c = np.mean(x * y, axis=-1)
        sx, _ = _cross_covariances(x, x)
        sy, _ = _cross_covariances(y, y)
        forward, backward = _cross_covariances(x, y)
        total = ((sx[..., 0] * sy[..., 0] + forward[..., 0] ** 2) / 2
                 + np.sum(sx[..., 1:] * sy[..., 1:] + forward[..., 1:] * backward[..., 1:],
                          axis=-1))
        half = z * np.sqrt(np.maximum(total, 0) / count)
        estimate.append(c), lower.append(c - half), upper.append(c + half)
    return WaveletCovariance(np.stack(estimate), np.stack(lower), np.stack(upper))


def wavelet_correlation(wx, wy, wavelet="sym4", axis=-1, unbiased=True, p=0.025):
    """Wavelet correlation of two series by scale, with a Fisher-z confidence interval.

    ``rho_j = cov_j / sqrt(var^X_j var^Y_j)`` over the interior coefficients; the interval
    is ``tanh(atanh(rho_j) -+ z_{1-p} / sqrt(M_j / 2**j - 3))``, ``M_j / 2**j`` being the
    number of roughly independent coefficients at level ``j`` (Whitcher, Guttorp & Percival
    2000; waveslim's ``wave.correlation``; MATLAB's ``modwtcorr``). NaN where
    ``M_j / 2**j <= 3``.

    Parameters
    ----------
    {wx_wy_wavelet}
    {axis_unbiased}
    p : float, optional
        Each tail's probability.

    Returns
    -------
    result : WaveletCorrelation
        ``estimate`` (the correlations), ``lower``, ``upper``, each ``(J + 1, *batch)``
        (a ``WaveletCovariance`` too).

    {raises_section}

    See Also
    --------
    atrous.wavelet_covariance : Unnormalized.
    atrous.wavelet_cross_correlation : At lags too.
    atrous.plot.plot_wavelet_variance : Which draws this result as well.

    {references_modwt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> rng = np.random.default_rng(4)
    >>> slow = np.repeat(rng.standard_normal(64), 64)          # shared coarse structure
    >>> x, y = slow + rng.standard_normal(4096), slow + rng.standard_normal(4096)
    >>> rho = atrous.wavelet_correlation(atrous.modwt(x, 'la8', level=6),
    ...                                  atrous.modwt(y, 'la8', level=6), 'la8').estimate
    >>> bool(abs(rho[0]) < 0.1 and rho[5] > 0.8)              # fine scales: noise only
    True
    """
    from scipy import stats

    p = _tail(p)
    z = stats.norm.ppf(1 - p)
    estimate, lower, upper = [], [], []
    for x, y, row in _paired(wx, wy, wavelet, axis, unbiased):
        count = x.shape[-1]
        with np.errstate(invalid="ignore", divide="ignore"):
            rho = (np.mean(x * y, axis=-1)
                   / np.sqrt(np.mean(x * x, axis=-1) * np.mean(y * y, axis=-1))
                   if count else np.full(x.shape[:-1], np.nan))
            independent = count / 2 ** (row + 1)
            if independent > 3:
                half = z / np.sqrt(independent - 3)
                centre = np.arctanh(np.clip(rho, -1, 1))
                low, high = np.tanh(centre - half), np.tanh(centre + half)
            else:
                low = high = np.full_like(rho, np.nan)
        estimate.append(rho), lower.append(low), upper.append(high)
    return WaveletCorrelation(np.stack(estimate), np.stack(lower), np.stack(upper))


def wavelet_cross_correlation(wx, wy, wavelet="sym4", max_lag=None, axis=-1, unbiased=True):
    """Wavelet cross-correlation of two series by level and lag (MATLAB's ``modwtxcorr``).

    ``rho_j(tau) = s_XY(tau) / sqrt(s_X(0) s_Y(0))`` with
    ``s_XY(tau) = sum_t W^X_{j,t} W^Y_{j,t+tau} / M_j`` over the interior coefficients of
    each row. Align the transforms first with :func:`phase_shift` to read the lags as time
    offsets between the series (a positive lag: ``y`` follows ``x``).

    Parameters
    ----------
    {wx_wy_wavelet}
    max_lag : int, optional
        Largest lag, in samples, less than the series' length ``N``. Default: the largest a
        row allows, ``M_j - 1`` for the row with the most interior coefficients.
    {axis_unbiased}

    Returns
    -------
    lags : ndarray
        ``-max_lag ... max_lag``.
    correlations : ndarray
        ``(J + 1, 2 max_lag + 1, *batch)``; NaN at lags a row is too short for.

    Raises
    ------
    ValueError
        Transforms of different shapes, malformed input, a ``max_lag`` that is negative or
        not below the series' length.
    TypeError
        Complex transforms, a ``max_lag`` that is not an integer, an ``unbiased`` that is
        not a boolean.

    See Also
    --------
    atrous.wavelet_correlation : At lag 0 only, with its confidence interval.

    {references_modwt}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.random.default_rng(5).standard_normal(1024)
    >>> y = np.roll(x, 3)                                  # y lags x by 3 samples
    >>> lags, rho = atrous.wavelet_cross_correlation(
    ...     atrous.modwt(x, 'haar', level=2), atrous.modwt(y, 'haar', level=2), 'haar',
    ...     max_lag=10)
    >>> int(lags[np.argmax(rho[0])])
    3
    """
    pairs = _paired(wx, wy, wavelet, axis, unbiased)
    longest = max(x.shape[-1] for x, _, _ in pairs)
    if max_lag is None:
        max_lag = max(longest - 1, 0)
    max_lag = validate.integer(max_lag, "max_lag")
    length = np.shape(wx)[validate.as_axis(axis, np.ndim(wx) - 1) + 1]
    if max_lag < 0:
        raise ValueError(f"`max_lag`={max_lag} must be 0 or more")
    if max_lag > max(length - 1, 0):
        raise ValueError(f"`max_lag`={max_lag} reaches beyond the series, of {length} "
                         f"samples: no lag of {length} or more pairs a coefficient with "
                         f"another; use at most {max(length - 1, 0)}")
    lags = np.arange(-max_lag, max_lag + 1)
    batch = pairs[0][0].shape[:-1]
    result = np.full((len(pairs), len(lags)) + batch, np.nan)
    for row, (x, y, _) in enumerate(pairs):
        count = x.shape[-1]
        if count == 0:
            continue
        forward, backward = _cross_covariances(x, y)
        scale = np.sqrt(np.mean(x * x, axis=-1) * np.mean(y * y, axis=-1))
        reach = min(max_lag, count - 1)
        # Lags -reach ... -1 from the backward covariances, 0 ... reach from the forward ones.
        values = np.concatenate([backward[..., reach:0:-1], forward[..., :reach + 1]], axis=-1)
        with np.errstate(invalid="ignore", divide="ignore"):
            values = values / np.asarray(scale)[..., None]
        result[row, max_lag - reach:max_lag + reach + 1] = np.moveaxis(values, -1, 0)
    return lags, result


fill_docstrings({**_PAIRED_DOCS, **REFERENCES}, brick_wall, phase_shift, wavelet_variance,
                wavelet_covariance, wavelet_correlation, wavelet_cross_correlation)
