"""Noise estimation and translation-invariant wavelet denoising.

``denoise`` thresholds the stationary transform and inverts it. With periodization and
thresholds fixed per level, that is exactly the average of DWT denoising over all ``2**J``
circular shifts (Coifman & Donoho's cycle spinning), computed in one transform instead of
``2**J`` (a test checks the identity against PyWavelets' ``wavedec``/``waverec``). The
default mode, ``'symmetric'``, denoises the mirrored extension the same way, which avoids
joining opposite edges.

Statistics (the noise level, BayesShrink's subband variances, SureShrink's risk) are taken
over the finite coefficients only, so a NaN or infinite sample spoils only the output within
the filters' reach of it. Complex data are denoised as two real signals, the real and the
imaginary part, with one noise level.
"""

import math
import numbers

import numpy as np
import pywt

from . import _validation as validate
from ._cascade import subband_keys
from ._dispatch import chunkable
from ._docstrings import REFERENCES, fill_docstrings
from ._engine import call_key, extend, plans
from ._kernels.boundary import WRAP
from ._starlet import istarlet_with, starlet, starlet_noise_levels, starlet_settings, starlet_with
from ._starlet import reach as starlet_scales_reach
from ._stationary import reach as stationary_reach
from ._swtn import iswtn_plan, iswtn_with, swtn, swtn_plan, swtn_settings, swtn_with

# Bound at import: the drop-ins may be monkeypatched into pywt's namespace.
_dwt_max_level = pywt.dwt_max_level

__all__ = ["estimate_noise", "denoise", "starlet_denoise"]

# MAD / this = sigma for Gaussian noise (the 0.75 quantile of the standard normal).
_MAD_TO_SIGMA = 0.6744897501960817

# The extension of a non-periodic mode may hold at most this many times the data's samples
# (or _SMALL samples, for small data): beyond, memory would no longer scale with the data.
_MOST_EXTENSION = 16
_SMALL = 2**20


def noise_level(sigma, name="sigma"):
    """``sigma`` as a finite non-negative float; a ``TypeError`` or ``ValueError`` naming it
    otherwise (a string, a boolean, complex, an array, NaN, infinite or negative)."""
    if isinstance(sigma, (bool, np.bool_, str, bytes)) or not (
            isinstance(sigma, numbers.Real)
            or (isinstance(sigma, np.ndarray) and sigma.ndim == 0 and sigma.dtype.kind in "iuf")):
        raise TypeError(f"`{name}` must be a real number (the noise standard deviation) or "
                        f"None to estimate it, got {sigma!r} of type {type(sigma).__name__}")
    value = float(sigma)
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"`{name}`={value} must be a finite number (the noise standard "
                         "deviation), or None to estimate it")
    if value < 0:
        raise ValueError(f"`{name}`={value} must not be negative")
    return value


def _mad_sigma(coefficients):
    """``MAD / 0.6745`` of the finite ``coefficients`` (NaN if there are none)."""
    magnitude = np.abs(_finite(coefficients))
    if magnitude.size == 0:
        return float("nan")
    return float(np.median(magnitude) / _MAD_TO_SIGMA)


def _parts(data):
    return data.real, data.imag


def by_parts(run, data):
    """``run(data)``, or, for complex data, ``run`` of the real and of the imaginary part,
    recombined (for arrays of any kind)."""
    if data.dtype.kind == "c":
        real, imag = (run(part) for part in _parts(data))
        return real + 1j * imag
    return run(data)


def _check_dimensions(ndim, axes, name="data"):
    """Validated axes of an ``ndim``-dimensional ``data``: at least one."""
    if ndim == 0:
        raise ValueError(f"`{name}` is a scalar (0-d); denoising needs an array with at "
                         "least one dimension")
    axes = validate.as_axes(axes, ndim)
    if not axes:
        raise ValueError("`axes`=() is empty; give at least one axis to transform, or None "
                         "for all")
    return axes


@chunkable("estimate_noise", "data")
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
        Scalar or empty data, repeated axes, an axis both transformed and the channel axis.

    See Also
    --------
    atrous.denoise : Whose default ``sigma`` this is.
    atrous.starlet_denoise : Which estimates ``sigma`` from the first starlet scale instead.
    atrous.starlet_noise_levels : The noise of each starlet scale per unit ``sigma``.

    Notes
    -----
    The median is taken over the finite coefficients: NaN or infinite samples only remove
    the few coefficients that reach them (NaN if no coefficient is finite). Complex data
    are taken as real and imaginary parts with the same noise: the estimate is that of
    either part's standard deviation, from the coefficients of both.

    {references_noise}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> noise = np.random.default_rng(0).normal(0, 0.5, (256, 256))
    >>> round(float(atrous.estimate_noise(noise)), 2)
    0.5
    >>> noise[100, 100] = np.nan      # a NaN sample leaves the estimate as it was
    >>> round(float(atrous.estimate_noise(noise)), 2)
    0.5
    """
    return estimate_with(validate.as_signal(data), axes, channel_axis, np.stack,
                         _estimate_real)


def estimate_with(data, axes, channel_axis, stack, estimate_real):
    """:func:`estimate_noise`'s checks and its rule for complex data, for arrays of any
    kind: ``stack`` stacks arrays of that kind, ``estimate_real(data, axes,
    channel_axis)`` estimates the noise of real ones."""
    if data.ndim == 0:
        raise ValueError("`data` is a scalar (0-d); estimating the noise needs an array with "
                         "at least one dimension")
    if data.dtype.kind == "c":
        # The parts stacked on a new first axis, which is not transformed: one median.
        if channel_axis is not None:
            channel_axis = validate.as_axis(channel_axis, data.ndim, "channel_axis")
            axes = ([a for a in range(data.ndim) if a != channel_axis] if axes is None else
                    channel_free_axes(axes, data.ndim, channel_axis))
            channel_axis += 1
        else:
            axes = validate.as_axes(axes, data.ndim)
        return estimate_with(stack(_parts(data)), [a + 1 for a in axes], channel_axis, stack,
                             estimate_real)
    return estimate_real(data, axes, channel_axis)


def _estimate_real(data, axes, channel_axis):
    if channel_axis is not None:
        channel_axis = validate.as_axis(channel_axis, data.ndim, "channel_axis")
        moved = np.moveaxis(data, channel_axis, 0)
        inner = channel_axes(axes, data.ndim, channel_axis)
        return np.array([_estimate_real(channel, inner, None) for channel in moved])
    axes = validate.as_axes(axes, data.ndim)
    finest = swtn(data, "db2", 1, axes=axes, trim_approx=True)[1]["d" * len(axes)]
    return _mad_sigma(finest)


def channel_axes(axes, ndim, channel_axis):
    """The axes of one channel (the data without ``channel_axis``) that ``axes`` names,
    all of them for None; ``channel_axis`` itself refused."""
    if axes is None:
        return None
    return [a if a < channel_axis else a - 1 for a in channel_free_axes(axes, ndim, channel_axis)]


def channel_free_axes(axes, ndim, channel_axis):
    axes = validate.as_axes(axes, ndim)
    if channel_axis in axes:
        raise ValueError(f"`axes`={tuple(axes)} includes the `channel_axis`={channel_axis}; "
                         "transform the other axes, one estimate per channel")
    return axes


def _finite(coefficients):
    """The finite ``coefficients``, flattened (no copy when all are)."""
    finite = np.isfinite(coefficients)
    return coefficients.ravel() if finite.all() else coefficients[finite]


def _sure_threshold(coefficients, sigma):
    """SureShrink's threshold (Donoho & Johnstone 1995) for coefficients of noise ``sigma``,
    from the finite ones (NaN if there are none)."""
    with np.errstate(over="ignore", invalid="ignore"):  # tiny sigma: the limit, no shrinkage
        x = np.abs(_finite(coefficients)) / sigma
        n = x.size
        if n == 0:
            return np.float64(np.nan)
        universal = np.sqrt(2 * np.log(n))
        energy = (np.sum(x**2) - n) / n
        if energy <= np.log2(n) ** 1.5 / np.sqrt(n):  # sparse: SURE is unreliable
            return sigma * universal
        squares = np.sort(x) ** 2
        cumulative = np.cumsum(squares)
        ranks = np.arange(1, n + 1)
        risks = (n - 2 * ranks + cumulative + (n - ranks) * squares) / n
        best = np.sqrt(squares[np.argmin(risks)])
        return sigma * min(best, universal)


def universal_threshold(sigma, size):
    """VisuShrink's ``sigma sqrt(2 ln N)`` (infinite, the limit, if it overflows)."""
    with np.errstate(over="ignore"):
        return sigma * np.sqrt(2 * np.log(size))


def bayes_threshold(mean_square, sigma):
    """BayesShrink's ``sigma**2 / sigma_x``, ``sigma_x**2 = max(mean(d**2) - sigma**2, eps)``
    (infinite, the limit, for a ``sigma`` whose square overflows)."""
    with np.errstate(over="ignore"):
        variance = sigma * sigma  # not sigma**2: a float's ** raises OverflowError
        eps = np.finfo(np.float64).eps
        return variance / np.sqrt(max(mean_square - variance, eps))


def _threshold(method, details, sigma, size):
    if method == "universal":
        return universal_threshold(sigma, size)
    if method == "bayes":
        details = _finite(details)
        if details.size == 0:
            return np.float64(np.nan)
        # Accumulated in float64 (float32 data too): the same to rounding however summed.
        accumulator = np.result_type(details.dtype, np.float64)
        with np.errstate(over="ignore"):
            return bayes_threshold(np.mean(details * details, dtype=accumulator), sigma)
    return _sure_threshold(details, sigma)


def _shrink(details, value, threshold_mode):
    """``pywt.threshold(details, value, threshold_mode)``, in place for soft and hard."""
    if threshold_mode == "garrote":
        # pywt.threshold's garrote, x (1 - t**2 / |x|**2) where |x| > t, without dividing
        # the coefficients it zeroes (a tiny float32 one overflows there).
        magnitude = np.abs(details)
        keep = magnitude > value
        ratio = np.ones(details.shape, np.result_type(magnitude, value))
        with np.errstate(over="ignore"):  # |x|**2 -> inf: the ratio's limit, 0
            square = value * value
            if np.isfinite(np.asarray(square, ratio.dtype)):
                np.divide(square, magnitude**2, out=ratio, where=keep)
            else:  # t**2 overflows: (t / |x|)**2, below 1 where |x| > t
                np.divide(value, magnitude, out=ratio, where=keep)
                np.square(ratio, out=ratio)
        return details * np.where(keep, 1 - ratio, 0)
    magnitude = np.abs(details)
    if threshold_mode == "hard":
        details[magnitude < value] = 0
        return details
    np.subtract(magnitude, value, out=magnitude)
    np.maximum(magnitude, 0, out=magnitude)
    return np.copysign(magnitude, details, out=details)


@chunkable("denoise", "data")
def denoise(data, wavelet="db4", level=None, method="bayes", threshold_mode="soft",
            sigma=None, axes=None, mode="symmetric", channel_axis=None):
    """Translation-invariant wavelet denoising: threshold the SWT, invert.

    Parameters
    ----------
    data : array_like
        Noisy 1-d, 2-d or n-d data, real or complex.
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
    sigma : float or sequence of float, optional
        The noise standard deviation (of each part, for complex data): a finite number,
        at least 0, or one per channel with ``channel_axis``. Default
        :func:`estimate_noise` (of each channel, with ``channel_axis``).
    axes : sequence of int, optional
        Axes to transform (default: all, but ``channel_axis``).
    mode : str or sequence of str, optional
        Boundary mode (PyWavelets' names; see :func:`atrous.swt`). Default
        ``'symmetric'``: the data are extended by mirroring beyond the transform's reach,
        denoised with periodization and cut back, so opposite edges are not joined (on
        PyWavelets' camera image this gains 0.2 dB over ``'periodization'``). Any other
        mode is extended the same way. With ``'periodization'`` the result is exactly
        the cycle-spinning average of DWT denoising over all circular shifts.
    channel_axis : int, optional
        An axis of channels (the colours of an image, the series of a batch) denoised one
        by one, as scikit-image's ``denoise_wavelet`` does: each channel gets its own noise
        estimate and thresholds, and the axis is never transformed. Default None: every
        axis of ``axes`` is transformed and one noise level and one threshold per subband
        serve the whole array (an RGB image denoised so mixes its channels).

    Returns
    -------
    denoised : ndarray
        Same shape; the transform dtype of ``data``.

    Raises
    ------
    ValueError
        An unknown method, threshold mode, wavelet or mode; a negative, NaN or infinite
        ``sigma``; scalar data or empty axes; a ``level`` whose extension at a
        non-periodic mode would hold more than 16 times the data (``2**20`` samples for
        small data).
    TypeError
        A ``sigma`` that is not a real number, a ``level`` that is not an integer.

    See Also
    --------
    atrous.estimate_noise : The default ``sigma``.
    atrous.starlet_denoise : Starlet k-sigma denoising, for images of sources.
    atrous.swtn : The transform thresholded here.
    pywt.threshold : The shrinkage of each ``threshold_mode``.

    Notes
    -----
    NaN and infinite samples: the noise level and the subband statistics come from the
    finite coefficients, so the output is NaN only within the reach of the filters
    (forward and inverse) from the non-finite samples. Complex data: the real and the
    imaginary parts are denoised as two real signals, with one ``sigma`` (given, or
    :func:`estimate_noise` of both parts).

    {references_denoise}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> t = np.linspace(0, 1, 1024)
    >>> clean = np.sin(2 * np.pi * 4 * t) + (t > 0.5)
    >>> noisy = clean + np.random.default_rng(0).normal(0, 0.2, t.size)
    >>> denoised = atrous.denoise(noisy, 'db4', level=4)
    >>> bool(np.std(denoised - clean) < 0.5 * np.std(noisy - clean))
    True
    >>> noisy[500] = np.nan           # NaN only near the missing sample
    >>> int(np.isnan(atrous.denoise(noisy, 'db4', level=4)).sum())
    211

    Series of different noise levels, each denoised on its own (``channel_axis``):

    >>> rng = np.random.default_rng(1)
    >>> batch = np.stack([clean + rng.normal(0, s, t.size) for s in (0.05, 0.5)])
    >>> together = atrous.denoise(batch, 'db4', level=4, channel_axis=0)
    >>> bool(np.allclose(together[1], atrous.denoise(batch[1], 'db4', level=4)))
    True
    """
    data = validate.as_signal(data)
    if channel_axis is not None:
        return by_channel(lambda channel, axes, sigma: denoise(
            channel, wavelet, level, method, threshold_mode, sigma, axes, mode),
            data, axes, sigma, channel_axis, np.stack)
    wavelet_key = validate.wavelets_key(wavelet)
    key = None if wavelet_key is None else call_key(
        "denoise", data, wavelet_key, level, method, threshold_mode, sigma,
        validate.frozen(axes), validate.frozen(mode))
    return plans.get(key, lambda: _denoise_plan(data, wavelet, level, method, threshold_mode,
                                                sigma, axes, mode))(data)


def _denoise_plan(data, wavelet, level, method, threshold_mode, sigma, axes, mode):
    """:func:`denoise` planned for NumPy data like ``data``: its arguments validated once
    (the noise level, unless given, is estimated from each call's data), and the transforms
    planned for each layout of the parts met (:class:`_Transforms`)."""
    axes, wavelets, level = denoise_arguments(data.shape, wavelet, level, method,
                                              threshold_mode, axes)
    modes = validate.as_modes(mode, len(axes))
    pads = extension(data.shape, axes, wavelets, modes, level)
    given = None if sigma is None else noise_level(sigma)
    transforms = _Transforms(wavelets, level, axes)

    def run(data):
        noise = given
        if noise is None and data.dtype.kind == "c":
            noise = estimate_noise(data, axes)
        return by_parts(lambda part: _denoise(part, wavelets, level, method, threshold_mode,
                                              noise, axes, modes, pads, transforms), data)

    return run


class _Transforms:
    """The denoisers' periodized transform and its inverse, planned per layout of the
    (extended) data they meet: a real part of complex data is strided, an extension
    C-contiguous."""

    def __init__(self, wavelets, level, axes):
        self.wavelets, self.level, self.axes = wavelets, level, axes
        self.planned = {}

    def __call__(self, data):
        """``(forward, inverse, settings)`` for data like ``data``."""
        key = (data.shape, data.strides, data.dtype)
        found = self.planned.get(key)
        if found is None:
            settings = transform_settings(data, self.wavelets, self.level, self.axes)
            forward = swtn_plan(data, **settings)
            template = np.empty(data.shape, data.dtype)
            details = [{k: template for k in subband_keys(len(self.axes))[1:]}] * self.level
            inverse = iswtn_plan(template, details, dtype=data.dtype,
                                 wavelets=settings["wavelets"], axes=settings["axes"],
                                 modes=settings["modes"])
            found = self.planned.setdefault(key, (forward, inverse, settings))
        return found


def by_channel(run, data, axes, sigma, channel_axis, stack):
    """``run(channel, axes, sigma)`` of each index of ``channel_axis`` (``axes`` and ``sigma``
    as the channel sees them: the channel axis removed, one ``sigma`` per channel), stacked
    back on that axis by ``stack`` (for arrays of any kind)."""
    ndim = data.ndim
    # (An axis is an integer: 1.0 is refused as 1.5 is.)
    channel_axis = validate.as_axis(validate.integer(channel_axis, "channel_axis",
                                                     integral_floats=False),
                                    ndim, "channel_axis")
    if ndim < 2:
        raise ValueError(f"`channel_axis`={channel_axis} needs data with a channel axis and at "
                         f"least one other; the data have {ndim} dimension(s): omit "
                         "`channel_axis`")
    inner = channel_axes(axes, ndim, channel_axis)
    count = data.shape[channel_axis]
    sigmas = _per_channel(sigma, count)
    channels = [run(data[(slice(None),) * channel_axis + (c,)], inner, sigmas[c])
                for c in range(count)]
    if not channels:
        raise ValueError(f"`channel_axis`={channel_axis} has no channel (length 0)")
    return stack(channels, axis=channel_axis)


def _per_channel(sigma, count):
    """``sigma`` as one value (or None) per channel: None, a number, or a sequence of
    ``count`` numbers."""
    if sigma is None:
        return [None] * count
    if isinstance(sigma, numbers.Real) or (isinstance(sigma, np.ndarray) and sigma.ndim == 0):
        return [noise_level(sigma)] * count
    if isinstance(sigma, (str, bytes, dict)) or not hasattr(sigma, "__len__"):
        raise TypeError(f"`sigma` must be a real number or a sequence of one per channel "
                        f"({count}), got {sigma!r} of type {type(sigma).__name__}")
    values = np.asarray(sigma, dtype=object)
    if values.ndim != 1 or len(values) != count:
        raise ValueError(f"`sigma` has shape {values.shape} for {count} channels: give one "
                         f"number, or a sequence of {count} (one per channel)")
    return [noise_level(value) for value in values]


def denoise_settings(data, wavelet, level, method, threshold_mode, sigma, axes, mode):
    """:func:`denoise`'s arguments validated for ``data`` of any array kind: ``(axes,
    wavelets, level, modes, pads, sigma)``, ``pads`` as :func:`extension` gives them and
    ``sigma`` None (to estimate per part) unless given or the data are complex (one
    estimate for both parts)."""
    axes, wavelets, level = denoise_arguments(data.shape, wavelet, level, method,
                                              threshold_mode, axes)
    modes = validate.as_modes(mode, len(axes))
    pads = extension(data.shape, axes, wavelets, modes, level)
    if sigma is not None:
        sigma = noise_level(sigma)
    elif data.dtype.kind == "c":
        sigma = estimate_noise(data, axes)
    return axes, wavelets, level, modes, pads, sigma


def _denoise(data, wavelets, level, method, threshold_mode, sigma, axes, modes, pads,
             transforms=None):
    """:func:`denoise` of real NumPy ``data``, its arguments validated (``transforms``:
    planned, else planned for this call)."""
    if sigma is None:
        sigma = estimate_noise(data, axes)
    if pads:
        # Other modes: extend the data by the mode far enough that the periodic transform's
        # wrap-around (forward and inverse) stays in the extension, denoise, cut.
        padded = data
        for axis, code in zip(axes, modes):
            if code != WRAP:
                padded = extend(padded, axis, pads[axis], pads[axis], code)
        result = _denoise_periodic(padded, wavelets, level, method, threshold_mode, sigma,
                                   axes, transforms)
        return result[tuple(slice(pads.get(a, 0), pads.get(a, 0) + data.shape[a])
                            for a in range(data.ndim))]
    return _denoise_periodic(data, wavelets, level, method, threshold_mode, sigma, axes,
                             transforms)


def _denoise_periodic(data, wavelets, level, method, threshold_mode, sigma, axes,
                      transforms=None):
    forward, inverse, transform = (transforms or _Transforms(wavelets, level, axes))(data)
    coeffs = forward(data)
    size = int(np.prod([data.shape[a] for a in axes]))
    thresholds = [{key: None if sigma == 0 else _threshold(method, details, sigma, size)
                   for key, details in level_coeffs.items()} for level_coeffs in coeffs[1:]]
    _shrink_all(coeffs, thresholds, threshold_mode)
    return inverse(coeffs[0], coeffs[1:])


def transform_settings(data, wavelets, level, axes):
    """The settings of the denoisers' periodized transform (trimmed swtn) of ``data``, an
    array of any kind (:func:`~atrous._swtn.swtn_settings`)."""
    return swtn_settings(data, wavelets, level, 0, axes, True, False, "periodization")


def reach(wavelet, level):
    """How far along an axis a sample of :func:`denoise_with` depends on the data (the
    forward and the inverse transform at periodization); chunked execution gives every
    chunk this many samples of its neighbours."""
    return 2 * stationary_reach(wavelet, range(1, level + 1), WRAP)


def starlet_reach(level, generation, iterations):
    """How far along each axis a sample of :func:`starlet_denoise` (B3 spline) depends on
    the data: each iteration transforms and inverts the residual."""
    return iterations * (starlet_scales_reach(None, level, generation)
                         + starlet_scales_reach(None, level, 1))


def denoise_arguments(shape, wavelet, level, method, threshold_mode, axes):
    """``(axes, wavelets, level)`` of :func:`denoise`, validated; the default level from
    ``shape`` (scikit-image's: ``dwt_max_level`` of the shortest axis minus 3)."""
    axes = _check_dimensions(len(shape), axes)
    for axis in axes:
        validate.nonempty_axis(shape[axis], axis)
    if method not in ("bayes", "universal", "sure"):
        raise ValueError(f"`method`={method!r}: use 'bayes', 'universal' or 'sure'")
    if threshold_mode not in ("soft", "hard", "garrote"):
        raise ValueError(f"`threshold_mode`={threshold_mode!r}: use 'soft', 'hard' or "
                         "'garrote'")
    wavelets = validate.as_wavelets(wavelet, len(axes))
    if level is None:
        shortest = min(shape[a] for a in axes)
        level = max(_dwt_max_level(shortest, wavelets[0].dec_len) - 3, 1)
    return axes, wavelets, validate.as_level(level, 1)


def pad_width(wavelet, level):
    """Extension beyond which a non-periodic mode's data is denoised with periodization:
    the forward and the inverse each reach ``(L/2)(2**J - 1)`` samples to one side."""
    return wavelet.dec_len * (2**level - 1)


def extension(shape, axes, wavelets, modes, level):
    """``{axis: pad_width}`` of the axes at a non-periodic mode, refusing a ``level`` whose
    extended array would hold more than ``_MOST_EXTENSION`` times the data (or ``_SMALL``
    samples): the transform of the extension would not fit in memory that scales with
    the data."""

    def extended(level):
        # (The exponent capped: a level past 80 is past any budget, and 2**level is slow.)
        pads = {a: pad_width(w, min(level, 80)) for a, w, code in zip(axes, wavelets, modes)
                if code != WRAP}
        return pads, math.prod(n + 2 * pads.get(a, 0) for a, n in enumerate(shape))

    pads, size = extended(level)
    budget = max(_MOST_EXTENSION * math.prod(shape), _SMALL)
    if size > budget:
        deepest = next((j for j in range(min(level, 80) - 1, 0, -1)
                        if extended(j)[1] <= budget), 0)
        use = (f"use a `level` of at most {deepest}, or " if deepest else "use ")
        raise ValueError(
            f"`level`={level} at a non-periodic `mode` extends the data by the transform's "
            f"reach, {max(pads.values())} samples on each side, to {size} samples in all, "
            f"over the limit of {budget} ({_MOST_EXTENSION} times the data's samples, at "
            f"least 2**{_SMALL.bit_length() - 1}); {use}"
            "mode='periodization', which needs no extension")
    return pads


def _shrink_all(coeffs, thresholds, threshold_mode):
    """Shrink the details of ``coeffs`` (trimmed swtn) by ``thresholds``, in place."""
    for level_coeffs, values in zip(coeffs[1:], thresholds):
        for key, details in level_coeffs.items():
            if values[key] is not None:
                # (The garrote computes in the threshold's float64: back to the data's.)
                level_coeffs[key] = _shrink(details, values[key], threshold_mode).astype(
                    details.dtype, copy=False)


def _shrink_and_invert(coeffs, transform, thresholds, threshold_mode):
    """Shrink the details of ``coeffs`` (trimmed swtn with the ``transform`` settings) by
    ``thresholds``, then invert."""
    _shrink_all(coeffs, thresholds, threshold_mode)
    return iswtn_with(coeffs[0], coeffs[1:], dtype=coeffs[0].dtype,
                      wavelets=transform["wavelets"], axes=transform["axes"],
                      modes=transform["modes"])


def denoise_with(data, transform, thresholds, threshold_mode):
    """Periodized denoising of the NumPy ``data`` with given per-subband ``thresholds``
    (what a chunked runner applies to each block, the thresholds found over the whole
    array), the transform's settings from :func:`transform_settings`."""
    coeffs = swtn_with(data, **transform)
    return _shrink_and_invert(coeffs, transform, thresholds, threshold_mode)


def _significance(k, level):
    """``k`` as one finite non-negative float per scale."""
    try:
        ks = np.asarray(k)
    except ValueError:  # ragged
        ks = np.asarray(None)
    if isinstance(k, (bool, np.bool_)) or ks.dtype.kind not in "iuf":
        raise TypeError(f"`k` must be a real number or a sequence of one per scale "
                        f"({level}), got {k!r}")
    ks = np.broadcast_to(ks.astype(np.float64), (level,)) if ks.ndim == 0 else \
        ks.astype(np.float64)
    if ks.shape != (level,) or not np.all(np.isfinite(ks)) or np.any(ks < 0):
        raise ValueError(f"`k` must be a finite non-negative number or one per scale "
                         f"({level}), got {k!r}")
    return ks


@chunkable("starlet_denoise", "data")
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
        Noisy data, any number of dimensions, real or complex.
    level : int
        Number of scales.
    k : float or sequence of float, optional
        Significance in units of each scale's noise; one value or one per scale (a common
        choice is 4 for the finest, 3 elsewhere), finite and at least 0. Default 3.
    sigma : float, optional
        Noise standard deviation, finite and at least 0 (of each part, for complex data).
        Default: ``MAD(w_1) / 0.6745 / sigma_1``, over the finite coefficients.
    generation : {1, 2}, optional
        Starlet generation. Default 2.
    threshold_mode : {'hard', 'soft'}, optional
        Keep significant coefficients as they are, or shrink every coefficient.
    positivity : bool, optional
        Project on non-negative values at each iteration (real data only).
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
        Bad ``k``, ``sigma``, ``iterations``, threshold mode or transform arguments; scalar
        data; ``positivity`` with complex data.
    TypeError
        A ``k`` or ``sigma`` that is not a real number, a ``positivity`` that is not a
        boolean.

    See Also
    --------
    atrous.starlet : The transform whose scales are thresholded.
    atrous.starlet_noise_levels : The noise of each scale, per unit of ``sigma``.
    atrous.denoise : Orthogonal-wavelet thresholding (BayesShrink, SureShrink).

    Notes
    -----
    NaN and infinite samples are left out of the noise estimate; the output is NaN within
    the transform's reach of them. Complex data: the real and the imaginary parts are
    denoised as two real signals, with one ``sigma`` (given, or estimated from both).

    {references_starlet}

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
    data = validate.as_signal(data)
    level, ks, sigma, positivity, iterations, transform = starlet_denoise_settings(
        data, level, k, sigma, generation, threshold_mode, positivity, iterations, axes, mode,
        lambda parts: _mad_sigma(np.stack(parts)))
    return by_parts(lambda part: starlet_denoise_with(part, level, ks, sigma, threshold_mode,
                                                      positivity, iterations, transform), data)


def starlet_denoise_settings(data, level, k, sigma, generation, threshold_mode, positivity,
                             iterations, axes, mode, noise_of_parts):
    """:func:`starlet_denoise`'s arguments validated for ``data`` of any array kind:
    ``(level, ks, sigma, positivity, iterations, transform)``, ``transform`` the
    starlet's settings (:func:`~atrous._starlet.starlet_settings`). For complex data
    without ``sigma``, one estimate for both parts: ``noise_of_parts((real, imag))`` of
    the finest scale's parts (the MAD estimate, for arrays of the data's kind), divided by
    that scale's noise level."""
    axes = _check_dimensions(data.ndim, axes)
    level = validate.as_level(validate.integer(level, "level"), 1)
    ks = _significance(k, level)
    if threshold_mode not in ("hard", "soft"):
        raise ValueError(f"`threshold_mode`={threshold_mode!r}: use 'hard' or 'soft'")
    positivity = validate.flag(positivity, "positivity")
    if iterations is None:
        iterations = 10 if positivity else 1
    iterations = validate.integer(iterations, "iterations")
    if iterations < 1:
        raise ValueError(f"`iterations`={iterations} must be at least 1")
    if sigma is not None:
        sigma = noise_level(sigma)
    kwargs = {"generation": generation, "axes": axes, "mode": mode}
    transform = starlet_settings(data, level, generation, axes, mode, None)
    if data.dtype.kind == "c":
        if positivity:
            raise ValueError("`positivity`=True needs real data; complex data are denoised "
                             "as real and imaginary parts, which may be negative")
        if sigma is None:
            first = starlet(data, 1, **kwargs)[0]
            noise = noise_of_parts(_parts(first))
            sigma = noise / starlet_noise_levels(1, ndim=len(axes), generation=generation)[0]
    return level, ks, sigma, positivity, iterations, transform


def starlet_denoise_with(data, level, ks, sigma, threshold_mode, positivity, iterations,
                         transform):
    """:func:`starlet_denoise` of real NumPy ``data`` with settings from
    :func:`starlet_denoise_settings` (``transform``: the starlet's, from
    :func:`~atrous._starlet.starlet_settings`)."""
    inverse = {key: value for key, value in transform.items() if key != "level"}
    levels = starlet_noise_levels(level, ndim=len(transform["axes"]),
                                  generation=transform["generation"])
    coeffs = starlet_with(data, **transform)
    if sigma is None:
        sigma = _mad_sigma(coeffs[0]) / levels[0]
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
        estimate = estimate + istarlet_with(filtered(starlet_with(residual, **transform)),
                                            **inverse)
        if positivity:
            estimate = np.maximum(estimate, 0)
        residual = data - estimate
    return estimate


fill_docstrings(REFERENCES, estimate_noise, denoise, starlet_denoise)
