"""Noise estimation and translation-invariant wavelet denoising.

``denoise`` thresholds the stationary transform and inverts it. With periodization and
thresholds fixed per level, that is exactly the average of DWT denoising over all ``2**J``
circular shifts (Coifman & Donoho's cycle spinning), computed in one transform instead of
``2**J`` (a test checks the identity against PyWavelets' ``wavedec``/``waverec``).
"""

import numpy as np
import pywt

from . import _validation as validate
from ._swtn import iswtn, swtn

__all__ = ["estimate_noise", "denoise"]

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
    data = validate.as_signal(data)
    if channel_axis is not None:
        channel_axis = validate.as_axis(channel_axis, data.ndim, "channel_axis")
        moved = np.moveaxis(data, channel_axis, 0)
        inner = None if axes is None else [a if a < channel_axis else a - 1 for a in
                                           validate.as_axes(axes, data.ndim)]
        return np.array([estimate_noise(channel, inner) for channel in moved])
    axes = validate.as_axes(axes, data.ndim)
    finest = swtn(data, "db2", 1, axes=axes, trim_approx=True)[1]["d" * len(axes)]
    return float(np.median(np.abs(finest)) / _MAD_TO_SIGMA)


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
        signal_variance = np.mean(details * details) - sigma**2
        eps = np.finfo(np.float64).eps
        return sigma**2 / np.sqrt(max(signal_variance, eps))
    return _sure_threshold(details, sigma)


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
    mode : str, optional
        Boundary mode of the transform (see :func:`atrous.swt`). Default
        ``'periodization'``, for which the result is the cycle-spinning average.

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
    data = validate.as_signal(data)
    axes = validate.as_axes(axes, data.ndim)
    if method not in ("bayes", "universal", "sure"):
        raise ValueError(f"`method`={method!r}: use 'bayes', 'universal' or 'sure'")
    if threshold_mode not in ("soft", "hard", "garrote"):
        raise ValueError(f"`threshold_mode`={threshold_mode!r}: use 'soft', 'hard' or "
                         "'garrote'")
    wavelets = validate.as_wavelets(wavelet, len(axes))
    if level is None:
        shortest = min(data.shape[a] for a in axes)
        level = max(pywt.dwt_max_level(shortest, wavelets[0].dec_len) - 3, 1)
    level = validate.as_level(level, 1)
    if sigma is None:
        sigma = estimate_noise(data, axes)
    sigma = float(sigma)
    if sigma < 0:
        raise ValueError(f"`sigma`={sigma} must not be negative")
    coeffs = swtn(data, wavelets, level, axes=axes, trim_approx=True, mode=mode)
    size = int(np.prod([data.shape[a] for a in axes]))
    for level_coeffs in coeffs[1:]:
        for key, details in level_coeffs.items():
            if sigma == 0:
                continue
            value = _threshold(method, details, sigma, size)
            level_coeffs[key] = pywt.threshold(details, value, mode=threshold_mode)
    return iswtn(coeffs, wavelets, axes=axes, mode=mode)
