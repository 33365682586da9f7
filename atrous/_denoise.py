"""Noise estimation and translation-invariant wavelet denoising.

``denoise`` thresholds the stationary transform and inverts it. With periodization and
thresholds fixed per level, that is exactly the average of DWT denoising over all ``2**J``
circular shifts (Coifman & Donoho's cycle spinning), computed in one transform instead of
``2**J`` (a test checks the identity against PyWavelets' ``wavedec``/``waverec``).
"""

import numpy as np
import pywt

from . import _dask
from . import _validation as validate
from ._engine import filter_along_axis
from ._kernels.boundary import WRAP
from ._swtn import iswtn, swtn

__all__ = ["estimate_noise", "denoise", "starlet_denoise"]

# MAD / this = sigma for Gaussian noise (the 0.75 quantile of the standard normal).
_MAD_TO_SIGMA = 0.6744897501960817


def estimate_noise(data, axes=None, channel_axis=None):
    """Noise standard deviation from the finest undecimated detail, ``MAD / 0.6745``.

    The detail along every axis in ``axes`` of one level of the stationary transform with
    ``db2`` (unit gain for white noise), as scikit-image's ``estimate_sigma`` does with
    the decimated one, but with every sample's coefficient.

    Parameters
    ----------
    data : array_like
        The noisy data.
    axes : sequence of int, optional
        Axes to use (default: all, but ``channel_axis``).
    channel_axis : int, optional
        One estimate per index of this axis.

    Returns
    -------
    sigma : float or ndarray
        The estimate, or one per channel.

    Raises
    ------
    ValueError
        Repeated axes, an axis both transformed and the channel axis.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> noise = np.random.default_rng(0).normal(0, 0.5, (256, 256))
    >>> round(float(atrous.estimate_noise(noise)), 2)
    0.5
    """
    if _dask.is_dask_array(data):
        return _dask.estimate_noise(data, axes, channel_axis)
    data = validate.as_signal(data)
    if channel_axis is not None:
        channel_axis = validate.as_axis(channel_axis, data.ndim, "channel_axis")
        moved = np.moveaxis(data, channel_axis, 0)
        inner = None if axes is None else [a if a < channel_axis else a - 1 for a in
                                           _channel_free_axes(axes, data.ndim, channel_axis)]
        return np.array([estimate_noise(channel, inner) for channel in moved])
    axes = validate.as_axes(axes, data.ndim)
    finest = swtn(data, "db2", 1, axes=axes, trim_approx=True)[1]["d" * len(axes)]
    return float(np.median(np.abs(finest)) / _MAD_TO_SIGMA)


def _channel_free_axes(axes, ndim, channel_axis):
    axes = validate.as_axes(axes, ndim)
    if channel_axis in axes:
        raise ValueError(f"`axes`={tuple(axes)} includes the `channel_axis`={channel_axis}; "
                         "transform the other axes, one estimate per channel")
    return axes


def _sure_threshold(coefficients, sigma):
    """SureShrink's threshold (Donoho & Johnstone 1995) for coefficients of noise ``sigma``."""
    x = np.abs(coefficients.ravel()) / sigma
    n = x.size
    universal = np.sqrt(2 * np.log(n))
    energy = (np.sum(x**2) - n) / n
    if energy <= np.log2(n) ** 1.5 / np.sqrt(n):  # sparse: SURE is unreliable, use universal
        return sigma * universal
    squares = np.sort(x) ** 2
    cumulative = np.cumsum(squares)
    ranks = np.arange(1, n + 1)
    risks = (n - 2 * ranks + cumulative + (n - ranks) * squares) / n
    best = np.sqrt(squares[np.argmin(risks)])
    return sigma * min(best, universal)


def _threshold(method, details, sigma, size):
    if method == "universal":
        return sigma * np.sqrt(2 * np.log(size))
    if method == "bayes":
        # Accumulated in float64 (float32 data too): the same to rounding however summed.
        accumulator = np.result_type(details.dtype, np.float64)
        signal_variance = np.mean(details * details, dtype=accumulator) - sigma**2
        eps = np.finfo(np.float64).eps
        return sigma**2 / np.sqrt(max(signal_variance, eps))
    return _sure_threshold(details, sigma)


def _shrink(details, value, threshold_mode):
    """``pywt.threshold(details, value, threshold_mode)``, in place for soft and hard."""
    if threshold_mode == "garrote":
        # pywt.threshold's garrote, x (1 - t**2 / |x|**2) where |x| > t, without dividing
        # the coefficients it zeroes (a tiny float32 one overflows there).
        magnitude = np.abs(details)
        keep = magnitude > value
        ratio = np.ones(details.shape, np.result_type(magnitude, value))
        np.divide(value**2, magnitude**2, out=ratio, where=keep)
        return details * np.where(keep, 1 - ratio, 0)
    magnitude = np.abs(details)
    if threshold_mode == "hard":
        details[magnitude < value] = 0
        return details
    np.subtract(magnitude, value, out=magnitude)
    np.maximum(magnitude, 0, out=magnitude)
    return np.copysign(magnitude, details, out=details)


def denoise(data, wavelet="db4", level=None, method="bayes", threshold_mode="soft",
            sigma=None, axes=None, mode="periodization"):
    """Translation-invariant wavelet denoising: threshold the SWT, invert.

    Parameters
    ----------
    data : array_like
        Noisy 1-d, 2-d or n-d data.
    wavelet : str, pywt.Wavelet or filter bank, optional
        Default ``'db4'``.
    level : int, optional
        Levels. Default: PyWavelets' ``dwt_max_level`` of the shortest transformed axis
        minus 3, at least 1 (scikit-image's default).
    method : {'bayes', 'universal', 'sure'}, optional
        BayesShrink (``sigma**2 / sigma_x`` per subband, the default), VisuShrink's
        universal threshold ``sigma sqrt(2 ln N)`` for every subband, or SureShrink per
        subband (universal where the subband is sparse).
    threshold_mode : {'soft', 'hard', 'garrote'}, optional
        How coefficients are shrunk (``pywt.threshold``). Default ``'soft'``.
    sigma : float, optional
        The noise standard deviation. Default :func:`estimate_noise`.
    axes : sequence of int, optional
        Axes to transform (default: all).
    mode : str or sequence of str, optional
        Boundary mode (PyWavelets' names; see :func:`atrous.swt`). Default
        ``'periodization'``, for which the result is the cycle-spinning average. At another
        mode the data are extended by that mode beyond the transform's reach, denoised with
        periodization, and cut back: no wrap-around at the edges.

    Returns
    -------
    denoised : ndarray
        Same shape; the transform dtype of ``data``.

    Raises
    ------
    ValueError
        An unknown method, threshold mode, wavelet or mode, a negative ``sigma``.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> t = np.linspace(0, 1, 1024)
    >>> clean = np.sin(2 * np.pi * 4 * t) + (t > 0.5)
    >>> noisy = clean + np.random.default_rng(0).normal(0, 0.2, t.size)
    >>> denoised = atrous.denoise(noisy, 'db4', level=4)
    >>> bool(np.std(denoised - clean) < 0.5 * np.std(noisy - clean))
    True
    """
    if _dask.is_dask_array(data):
        return _dask.denoise(data, wavelet, level, method, threshold_mode, sigma, axes,
                             mode)
    data = validate.as_signal(data)
    axes, wavelets, level = denoise_arguments(data.shape, wavelet, level, method,
                                              threshold_mode, axes)
    if sigma is None:
        sigma = estimate_noise(data, axes)
    sigma = float(sigma)
    if sigma < 0:
        raise ValueError(f"`sigma`={sigma} must not be negative")
    modes = validate.as_modes(mode, len(axes))
    if any(m != WRAP for m in modes):
        # Other modes: extend the data by the mode far enough that the periodic transform's
        # wrap-around (forward and inverse) stays in the extension, denoise, cut.
        padded = np.ascontiguousarray(data)
        pads = {}
        for axis, wavelet_, code in zip(axes, wavelets, modes):
            if code == WRAP:
                continue
            pads[axis] = pad_width(wavelet_, level)
            shape = list(padded.shape)
            shape[axis] += 2 * pads[axis]
            extended = np.empty(shape, padded.dtype)
            # One tap of weight 1: the engine writes the mode's extension.
            filter_along_axis([padded], np.ones((1, 1, 1)), [-pads[axis]], code, axis,
                              [extended])
            padded = extended
        result = denoise(padded, wavelets, level, method, threshold_mode, sigma, axes,
                         "periodization")
        return result[tuple(slice(pads.get(a, 0), pads.get(a, 0) + data.shape[a])
                            for a in range(data.ndim))]
    coeffs = swtn(data, wavelets, level, axes=axes, trim_approx=True)
    size = int(np.prod([data.shape[a] for a in axes]))
    thresholds = [{key: None if sigma == 0 else _threshold(method, details, sigma, size)
                   for key, details in level_coeffs.items()} for level_coeffs in coeffs[1:]]
    return _shrink_and_invert(coeffs, wavelets, thresholds, threshold_mode, axes)


def denoise_arguments(shape, wavelet, level, method, threshold_mode, axes):
    """``(axes, wavelets, level)`` of :func:`denoise`, validated; the default level from
    ``shape`` (scikit-image's: ``dwt_max_level`` of the shortest axis minus 3)."""
    axes = validate.as_axes(axes, len(shape))
    if method not in ("bayes", "universal", "sure"):
        raise ValueError(f"`method`={method!r}: use 'bayes', 'universal' or 'sure'")
    if threshold_mode not in ("soft", "hard", "garrote"):
        raise ValueError(f"`threshold_mode`={threshold_mode!r}: use 'soft', 'hard' or "
                         "'garrote'")
    wavelets = validate.as_wavelets(wavelet, len(axes))
    if level is None:
        shortest = min(shape[a] for a in axes)
        level = max(pywt.dwt_max_level(shortest, wavelets[0].dec_len) - 3, 1)
    return axes, wavelets, validate.as_level(level, 1)


def pad_width(wavelet, level):
    """Extension beyond which a non-periodic mode's data is denoised with periodization:
    the forward and the inverse each reach ``(L/2)(2**J - 1)`` samples to one side."""
    return wavelet.dec_len * (2**level - 1)


def _shrink_and_invert(coeffs, wavelets, thresholds, threshold_mode, axes):
    """Shrink the details of ``coeffs`` (trimmed swtn) by ``thresholds``, then invert."""
    for level_coeffs, values in zip(coeffs[1:], thresholds):
        for key, details in level_coeffs.items():
            if values[key] is not None:
                level_coeffs[key] = _shrink(details, values[key], threshold_mode)
    return iswtn(coeffs, wavelets, axes=axes)


def denoise_with(data, wavelets, level, thresholds, threshold_mode, axes):
    """Periodized denoising of ``data`` with given per-subband ``thresholds`` (Dask blocks)."""
    coeffs = swtn(validate.as_signal(data), wavelets, level, axes=axes, trim_approx=True)
    return _shrink_and_invert(coeffs, wavelets, thresholds, threshold_mode, axes)


def starlet_denoise(data, level, k=3.0, sigma=None, generation=2, threshold_mode="hard",
                    positivity=False, iterations=None, axes=None, mode="symmetric"):
    """Starlet denoising by k-sigma significance (Starck & Murtagh).

    A coefficient of scale ``j`` is significant where ``|w_j| > k_j sigma sigma_j``, with
    ``sigma_j`` the exact noise level of the scale (:func:`atrous.starlet_noise_levels`).
    The significant coefficients form the multiresolution support ``M``; the others are
    zeroed (``'hard'``) or all are shrunk towards zero by the threshold (``'soft'``). With
    several iterations the reconstruction is refined by
    ``x <- P(x + R(M W(data - x)))`` (``W`` the transform, ``R`` its inverse, ``P`` the
    projection on non-negative values when ``positivity``), which recovers the significant
    structure exactly and, with positivity, keeps fluxes non-negative.

    Parameters
    ----------
    data : array_like
        Noisy data, any number of dimensions.
    level : int
        Number of scales.
    k : float or sequence of float, optional
        Significance in units of each scale's noise; one value or one per scale (a common
        choice is 4 for the finest, 3 elsewhere). Default 3.
    sigma : float, optional
        Noise standard deviation. Default: ``MAD(w_1) / 0.6745 / sigma_1``.
    generation : {1, 2}, optional
        Starlet generation. Default 2.
    threshold_mode : {'hard', 'soft'}, optional
        Keep significant coefficients as they are, or shrink every coefficient.
    positivity : bool, optional
        Project on non-negative values at each iteration.
    iterations : int, optional
        Default 10 with ``positivity``, else 1 (a single thresholding).
    axes : sequence of int, optional
        Axes to transform (default: all).
    mode : str, optional
        Boundary mode. Default ``'symmetric'``.

    Returns
    -------
    denoised : ndarray
        Same shape as ``data``.

    Raises
    ------
    ValueError
        Bad ``k``, ``sigma``, ``iterations``, threshold mode or transform arguments.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> rng = np.random.default_rng(0)
    >>> y, x = np.mgrid[:128, :128]
    >>> stars = 5 * np.exp(-((x - 40) ** 2 + (y - 70) ** 2) / 8)
    >>> noisy = stars + rng.normal(0, 0.5, stars.shape)
    >>> clean = atrous.starlet_denoise(noisy, 4, positivity=True)
    >>> bool(clean.min() >= 0 and np.abs(clean - stars).std() < 0.25 * 0.5)
    True
    """
    if _dask.is_dask_array(data):
        return _dask.starlet_denoise(data, level, k, sigma, generation, threshold_mode,
                                     positivity, iterations, axes, mode)
    from ._starlet import istarlet, starlet, starlet_noise_levels

    data = validate.as_signal(data)
    axes = validate.as_axes(axes, data.ndim)
    level = validate.as_level(validate.integer(level, "level"), 1)
    ks = np.broadcast_to(np.asarray(k, dtype=np.float64), (level,)) if np.ndim(k) == 0 else \
        np.asarray(k, dtype=np.float64)
    if ks.shape != (level,) or np.any(ks < 0):
        raise ValueError(f"`k` must be a non-negative number or one per scale ({level}), "
                         f"got {k!r}")
    if threshold_mode not in ("hard", "soft"):
        raise ValueError(f"`threshold_mode`={threshold_mode!r}: use 'hard' or 'soft'")
    if iterations is None:
        iterations = 10 if positivity else 1
    iterations = validate.integer(iterations, "iterations")
    if iterations < 1:
        raise ValueError(f"`iterations`={iterations} must be at least 1")
    levels = starlet_noise_levels(level, ndim=len(axes), generation=generation)
    kwargs = {"generation": generation, "axes": axes, "mode": mode}
    coeffs = starlet(data, level, **kwargs)
    if sigma is None:
        sigma = float(np.median(np.abs(coeffs[0])) / _MAD_TO_SIGMA / levels[0])
    sigma = float(sigma)
    if sigma < 0:
        raise ValueError(f"`sigma`={sigma} must not be negative")
    thresholds = (ks * sigma * levels).reshape((level,) + (1,) * data.ndim)
    support = np.abs(coeffs[:level]) > thresholds

    def filtered(c):
        details = c[:level]
        if threshold_mode == "hard":
            details = np.where(support, details, 0)
        else:
            details = np.sign(details) * np.maximum(np.abs(details) - thresholds, 0)
        return np.concatenate([details, c[level:]])

    estimate = np.zeros_like(data)
    residual = data
    for _ in range(iterations):
        estimate = estimate + istarlet(filtered(starlet(residual, level, **kwargs)), **kwargs)
        if positivity:
            estimate = np.maximum(estimate, 0)
        residual = data - estimate
    return estimate
