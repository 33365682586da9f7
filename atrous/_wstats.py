"""Wavelet time-series statistics on MODWT coefficients (Percival & Walden; R waveslim).

``brick_wall`` marks the coefficients the circular boundary affects, ``phase_shift``
aligns each level in time (zero phase), ``wavelet_variance`` estimates the variance per
scale with confidence intervals. All work on what :func:`atrous.modwt` returns, rows
``W_1 ... W_J, V_J``, vectorised over every axis but the signal's.
"""

from typing import NamedTuple

import numpy as np

from . import _validation as validate
from ._modwt import filters

__all__ = ["brick_wall", "phase_shift", "wavelet_variance", "WaveletVariance"]


def _coefficients(w, axis):
    w = np.asarray(w, dtype=np.float64) if np.asarray(w).dtype.kind != "c" else np.asarray(w)
    if w.ndim < 2 or w.shape[0] < 2:
        raise ValueError(f"`w` must be what modwt returns, shape (level + 1, *x.shape) with "
                         f"level >= 1; got shape {np.shape(w)}")
    axis = validate.as_axis(axis, w.ndim - 1) + 1
    return w, axis


def _boundary_counts(levels, taps, n):
    """Coefficients the circular boundary affects per row: ``L_j - 1``, capped at ``n``."""
    counts = [min((2**j - 1) * (taps - 1), n) for j in range(1, levels + 1)]
    return counts + [counts[-1]]


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

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.zeros(64); x[32] = 1                  # an impulse at t = 32
    >>> w = atrous.phase_shift(atrous.modwt(x, 'la8', level=2), 'la8')
    >>> int(np.argmax(np.abs(w[0])))                  # the finest detail peaks at the impulse
    32
    """
    w, axis = _coefficients(w, axis)
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


def wavelet_variance(w, wavelet="sym4", axis=-1, unbiased=True, ci="eta3", p=0.025):
    """Wavelet variance by scale, with a confidence interval (Percival & Walden, ch. 8).

    Parameters
    ----------
    w : array_like
        What :func:`atrous.modwt` returns (``boundary='periodic'``). Leading batch axes of
        the signal give per-series results in one call.
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

    Returns
    -------
    result : WaveletVariance
        ``variance``, ``lower`` and ``upper``, each of shape ``(J + 1, *batch)``; NaN where a
        level has no interior coefficient.

    Raises
    ------
    ValueError
        Malformed ``w``, an unknown ``ci``, ``p`` outside ``(0, 0.5)``.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.random.default_rng(0).standard_normal(2**12)      # white noise, variance 1
    >>> result = atrous.wavelet_variance(atrous.modwt(x, 'la8', level=3), 'la8')
    >>> np.round(result.variance[:3] * 2 ** np.arange(1, 4), 1)    # 1 / 2**j for white noise
    array([1., 1., 1.])
    """
    from scipy import stats

    w, axis = _coefficients(w, axis)
    if ci not in ("eta3", "eta1", "gaussian", None):
        raise ValueError(f"`ci`={ci!r}: use 'eta3', 'eta1', 'gaussian' or None")
    p = float(p)
    if not 0 < p < 0.5:
        raise ValueError(f"`p`={p} must be in (0, 0.5): each tail's probability")
    g, _ = filters(wavelet)
    levels = w.shape[0] - 1
    n = w.shape[axis]
    skipped = _boundary_counts(levels, len(g), n) if unbiased else [0] * (levels + 1)
    rows = np.moveaxis(w, axis, -1)
    variance, lower, upper = [], [], []
    for row, skip in enumerate(skipped):
        coefficients = rows[row][..., skip:]
        count = coefficients.shape[-1]
        if count == 0:
            nan = np.full(rows.shape[1:-1], np.nan)
            variance.append(nan), lower.append(nan), upper.append(nan)
            continue
        v = np.mean(coefficients**2, axis=-1)
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
            spectrum = np.fft.rfft(coefficients, n=size, axis=-1)
            acvs = np.fft.irfft(np.abs(spectrum) ** 2, n=size, axis=-1)[..., :count] / count
            a = acvs[..., 0] ** 2 / 2 + np.sum(acvs[..., 1:] ** 2, axis=-1)
            if ci == "gaussian":
                half = stats.norm.ppf(1 - p) * np.sqrt(2 * a / count)
                lower.append(v - half), upper.append(v + half)
                continue
            eta = count * v**2 / a
        lower.append(eta * v / stats.chi2.ppf(1 - p, eta))
        upper.append(eta * v / stats.chi2.ppf(p, eta))
    return WaveletVariance(np.stack(variance), np.stack(lower), np.stack(upper))
