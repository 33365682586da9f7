"""Count data: the multiscale variance-stabilizing transform (MSVST) of Zhang, Fadili and
Starck (2008) on the starlet, and Poisson denoising by multiple hypothesis tests on it.

Three layers, as everywhere in atrous:

- the constants of each scale, from the B3-spline starlet's equivalent filters (computed
  once per number of scales and dimensions): :func:`scale_constants`, and each sample's
  spread near the edges: :func:`_axis_profiles`; the sample-wise passes are kernels
  (:mod:`atrous._kernels.poisson`);
- the transform, the detection and the reconstruction on NumPy arrays and per block (what
  a chunked runner calls): :func:`msvst_with`, :func:`significance_with`,
  :func:`reconstruct_with`, with the cut-offs of the tests (:func:`cutoffs`) and the first
  soft threshold (:func:`largest_significant`) found over the whole array;
- the public functions :func:`msvst` and :func:`poisson_denoise`, which validate and call
  those.

The stabilization. With ``a_0`` the counts and ``a_j = h_j * a_{j-1}`` the starlet's
smooth approximations (``g_j`` the equivalent filter of ``a_j``, ``tau_k = sum g_j**k``
its moments), ``T_j(a_j) = b_j sign(a_j + c_j) sqrt(|a_j + c_j|)`` with
``b_j = sign(tau_1) / sqrt(|tau_1|)`` and ``c_j = 7 tau_2 / (8 tau_1) - tau_3 / (2 tau_2)``
has, for a locally constant intensity ``lambda``, the mean ``sqrt(lambda)`` and the variance
``tau_2 / (4 tau_1**2)`` up to terms that vanish as ``lambda`` grows. The details
``d_j = T_{j-1}(a_{j-1}) - T_j(a_j)`` then do not depend on ``lambda`` to first order: they
are close to ``N(0, sigma_j**2)`` with ``sigma_j`` from the two filters alone (``j = 0`` is
Anscombe's transform, ``c_0 = 3/8``).
"""

import functools
import math
from collections import namedtuple

import numpy as np

from . import _validation as validate
from ._dispatch import chunkable
from ._docstrings import REFERENCES, fill_docstrings
from ._kernels import poisson as kernels
from ._kernels.boundary import SYMMETRIC, WRAP
from ._kernels.threads import run_chunks, threads
from ._starlet import B3_SPLINE, starlet_plan, starlet_settings, starlet_with

__all__ = ["msvst", "poisson_denoise"]

# Scale j is stabilized where its coarser approximation holds at least this many
# "effective counts" (tau_1**2 / tau_2 times the intensity): measured on constant fields
# (benchmarks/bench_poisson.py, tests/test_poisson.py), d_j / sigma_j then has a standard
# deviation within about 8 % of 1 (0.85 at 1 effective count, 0.97 at 2.4, 1.00 at 5).
EFFECTIVE_COUNTS = 2.0

# The deepest starlet the constants are computed for (equivalent filters of 4 * 2**J taps).
MOST_SCALES = 20

DETECTIONS = ("fdr", "bonferroni", "ksigma")

Constants = namedtuple("Constants", "b c tau1 tau2 sigma bias skewness min_intensity")


# Scales whose equivalent filters are built tap by tap (4 * 2**13 taps at most); deeper,
# their moments follow from the last ones (see _moments).
_BUILT_SCALES = 13


def _dilated_kernel(j):
    """The B3 spline at dilation ``2**(j-1)``, zeros between its taps."""
    dilated = np.zeros((len(B3_SPLINE) - 1) * 2 ** (j - 1) + 1)
    dilated[:: 2 ** (j - 1)] = B3_SPLINE
    return dilated


@functools.lru_cache(maxsize=4)
def _equivalent_filters(level):
    """The 1-d equivalent filters ``g_0 = [1], g_1, ..., g_J`` of the approximations
    (``J`` at most :data:`_BUILT_SCALES`: 0.5 MiB in all)."""
    filters = [np.ones(1)]
    for j in range(1, level + 1):
        filters.append(np.convolve(filters[-1], _dilated_kernel(j)))
    return filters


def _moments(level):
    """1-d ``(tau_1, tau_2, tau_3)`` of ``g_0 ... g_J`` and ``<g_{j-1}, g_j>`` for
    ``j = 1 ... J``.

    Up to :data:`_BUILT_SCALES` they are sums over the filters' taps. Deeper, ``g_j`` is a
    finer and finer sampling of one smooth shape stretched by ``2**j``, so ``tau_2`` and the
    inner product halve and ``tau_3`` quarters from one scale to the next, up to a relative
    ``eps_j`` that itself quarters (measured: 0.2500 of the previous to 3 digits from scale
    8 on; ``eps`` is about 1e-9 at scale 13). Continuing both geometric laws from the last
    built scales gives the deeper moments to about 1e-12 of their size, with no filter of
    millions of taps (``tau_1`` is 1: the B3 spline sums to 1).
    """
    built = min(level, _BUILT_SCALES)
    filters = _equivalent_filters(built)
    tau = [[float(np.sum(g**k)) for k in (1, 2, 3)] for g in filters]
    inner = []
    for j in range(1, built + 1):
        finer, coarser = filters[j - 1], filters[j]
        inner.append(float(np.dot(np.pad(finer, (len(coarser) - len(finer)) // 2), coarser)))
    if level > built:
        laws = []  # (value, limit ratio, eps) of tau_2, tau_3 and the inner product
        for series, limit in ((np.array(tau)[:, 1], 0.5), (np.array(tau)[:, 2], 0.25),
                              (np.array(inner), 0.5)):
            laws.append([series[-1], limit, series[-1] / (limit * series[-2]) - 1])
        for _ in range(built, level):
            for law in laws:
                law[2] /= 4
                law[0] *= law[1] * (1 + law[2])
            tau.append([1.0, laws[0][0], laws[1][0]])
            inner.append(laws[2][0])
    return np.array(tau), np.array(inner)


@functools.lru_cache(maxsize=64)
def scale_constants(level, ndim):
    """The MSVST's constants for ``level`` scales of a starlet over ``ndim`` axes.

    Returns ``Constants`` of arrays: ``b``, ``c``, ``tau1``, ``tau2`` (``level + 1`` values,
    for ``a_0 ... a_J``), ``sigma`` (``level`` values: the standard deviation of ``d_j``
    under a constant intensity, away from the edges), ``bias`` (``level`` values: the
    second-order mean of ``d_j`` is ``bias_j / sqrt(lambda)``), ``skewness`` (likewise,
    ``skewness_j / sqrt(lambda)``) and ``min_intensity`` (``level`` values: the intensity
    below which scale ``j`` is not stabilized).

    The equivalent filters are separable, so every n-d moment and inner product is the 1-d
    one (:func:`_moments`) to the power ``ndim``: ``sigma_j**2 = tau_2(g_{j-1}) / (4
    tau_1(g_{j-1})**2) + tau_2(g_j) / (4 tau_1(g_j)**2) - <g_{j-1}, g_j> / (2 tau_1(g_{j-1})
    tau_1(g_j))``. The mean of ``T_j`` is ``sqrt(lambda) + e_j / sqrt(lambda) +
    O(lambda**-3/2)`` with ``e_j = (c_j - tau_2 / (4 tau_1)) / (2 tau_1)`` (a Taylor
    expansion of the square root to second order), so ``d_j`` has the mean ``(e_{j-1} -
    e_j) / sqrt(lambda)``: ``1 / (16 sqrt(lambda))`` at the finest scale, which Anscombe's
    ``c_0 = 3/8`` leaves. Its skewness is ``skewness_j / sqrt(lambda)`` (negative: a pixel
    with few counts among brighter ones makes a deep negative detail): the third
    cumulant of the linear term, ``sum (f - g)**3 / 8`` for the taps ``f``, ``g`` of the two
    filters, and the square root's curvature, ``-3 ((|f|**2 - <f, g>)**2 - (<f, g> -
    |g|**2)**2) / 16``. ``sum (f - g)**3`` needs sums of products of three filters' taps,
    built for the scales of :data:`_BUILT_SCALES` and below; deeper, the skewness is
    continued as ``2**(-ndim / 2)`` of the previous scale's (its limit law).
    """
    moments, inner_1d = _moments(level)
    tau1, tau2, tau3 = (moments**ndim).T
    inner = inner_1d**ndim
    b = np.sign(tau1) / np.sqrt(np.abs(tau1))
    c = 7 * tau2 / (8 * tau1) - tau3 / (2 * tau2)
    e = (c - tau2 / (4 * tau1)) / (2 * tau1)
    variance = np.maximum(tau2[:-1] / (4 * tau1[:-1] ** 2) + tau2[1:] / (4 * tau1[1:] ** 2)
                          - inner / (2 * tau1[:-1] * tau1[1:]), 0.0)
    sigma = np.sqrt(variance)
    skewness = np.zeros(level)
    filters = _equivalent_filters(min(level, _BUILT_SCALES))
    for j in range(1, level + 1):
        if j > _BUILT_SCALES:
            skewness[j - 1] = skewness[j - 2] * 2 ** (-ndim / 2)
            continue
        finer, coarser = filters[j - 1], filters[j]
        finer = np.pad(finer, (len(coarser) - len(finer)) // 2)

        def triple(*factors):
            return np.sum(np.prod(factors, axis=0)) ** ndim

        linear = (triple(finer, finer, finer) - 3 * triple(finer, finer, coarser)
                  + 3 * triple(finer, coarser, coarser) - triple(coarser, coarser, coarser)) / 8
        curvature = -3 * ((tau2[j - 1] - inner[j - 1]) ** 2 - (inner[j - 1] - tau2[j]) ** 2) / 16
        if variance[j - 1] > 0:
            skewness[j - 1] = (linear + curvature) / variance[j - 1] ** 1.5
    # d_j stands on T_{j-1}(a_{j-1}): its effective counts are tau_1**2 / tau_2 of g_{j-1}.
    min_intensity = EFFECTIVE_COUNTS * tau2[:-1] / tau1[:-1] ** 2
    return Constants(b, c, tau1, tau2, sigma, e[:-1] - e[1:], skewness, min_intensity)


def _axis_profiles(length, level, mode):
    """Along one axis of ``length`` samples with boundary ``mode`` (wrap or half-sample
    symmetric): ``norms[j][i] = ||f_{j,i}||**2`` for ``j = 0 ... J`` and
    ``cross[j-1][i] = <f_{j-1,i}, f_{j,i}>``, with ``f_{j,i}`` the filter that gives
    ``a_j`` at sample ``i`` once the edges fold ``g_j`` back into the axis.

    Half-sample symmetric extension has period ``P = 2n`` and maps ``x`` and ``-1 - x`` to
    one sample, so two taps ``t, s`` of ``g`` land on one sample when ``s - t`` or ``s + t +
    2i + 1`` is a multiple of ``P``: ``||f_i||**2 = sum_k R(kP) + sum_k R(2i + 1 + kP)``,
    ``R`` the autocorrelation (likewise inner products with the cross-correlation).
    Wrapping (``P = n``) leaves only the first sum, the same for every sample. Those sums
    are the correlations of the filters folded modulo ``P`` (circular), and folding
    commutes with convolution, so each ``g_j`` is built folded, by circular convolution
    with the dilated kernel folded too: memory of the axis, not of the filter, at any
    depth. Exact, also when the filter is longer than the axis.
    """
    period = length if mode == WRAP else 2 * length
    spectra = []
    folded = np.zeros(period)
    folded[0] = 1.0
    spectra.append(np.fft.rfft(folded))
    for j in range(1, level + 1):
        kernel = np.zeros(period)
        step = 2 ** (j - 1)
        for tap, weight in zip(range(-2, 3), B3_SPLINE, strict=True):
            kernel[(tap * step) % period] += weight
        spectra.append(spectra[-1] * np.fft.rfft(kernel))
    positions = 2 * np.arange(length) + 1

    def profile(first, second):
        correlation = np.fft.irfft(first * second, n=period)  # symmetric filters
        if mode == WRAP:
            return np.full(length, correlation[0])
        return correlation[0] + correlation[positions % period]

    norms = [profile(f, f) for f in spectra]
    crosses = [profile(spectra[j - 1], spectra[j]) for j in range(1, level + 1)]
    return norms, crosses


MSVST = namedtuple("MSVST", "details smooth sigma min_intensity")
MSVST.__doc__ = """The stabilized starlet of counts (:func:`atrous.msvst`).

details : ndarray
    ``(J, *shape)``: ``d_1 ... d_J``, finest first.
smooth : ndarray
    ``T_J(a_J)``, the stabilized coarsest approximation.
sigma : ndarray
    ``J`` values: the standard deviation of each ``d_j`` under a constant intensity.
min_intensity : ndarray
    ``J`` values: the intensity (counts per sample) below which scale ``j`` is not
    stabilized.
"""


# Boundaries under which the MSVST's variances are known exactly (each filter keeps its sum).
_COUNT_MODES = (WRAP, SYMMETRIC)


def _transform_settings(data, level, axes, mode):
    transform = starlet_settings(data, level, 1, axes, mode, None)
    for code in transform["modes"]:
        if code not in _COUNT_MODES:
            raise ValueError(f"`mode`={mode!r}: count data need an extension that keeps the "
                             "counts' statistics, 'symmetric' (mirrored edges) or "
                             "'periodization' (wrapped)")
    return transform


def check_count_dtype(array, name="counts"):
    """Refuse an array (of any kind) whose dtype cannot hold counts, or a scalar."""
    if array.dtype.kind not in "biuf":
        raise TypeError(f"`{name}` must hold real, non-negative counts, got dtype "
                        f"{array.dtype}" + (" (complex)" if array.dtype.kind == "c" else ""))
    if array.ndim == 0:
        raise ValueError(f"`{name}` is a scalar (0-d); give a track, an image or a volume")


def _check_counts(counts, scaled, name="counts"):
    """``counts`` as a float64 C-contiguous NumPy array, refusing what Poisson counts cannot
    be."""
    array = np.asarray(counts)
    check_count_dtype(array, name)
    if array.size:
        check_flaws(*count_flaws(array, scaled), scaled=scaled, name=name)
    return np.ascontiguousarray(array, dtype=np.float64)


def count_flaws(counts, scaled):
    """``(any NaN, any infinity, least value, any non-integer)`` of non-empty counts of any
    array kind (lazy for Dask: computed together, in one pass, by the caller). Integer and
    boolean counts have only their least value to check."""
    if counts.dtype.kind in "biu":
        return False, False, counts.min(), False
    if isinstance(counts, np.ndarray):
        finite = np.isfinite(counts)
        values = counts if finite.all() else counts[finite]
        least = values.min() if values.size else 0.0  # (the least finite: no NaN warning)
        fractional = not scaled and bool(np.any(values != np.round(values)))
        return (bool(np.isnan(counts).any()), bool(np.isinf(counts).any()), least, fractional)
    import dask.array as da

    finite = da.isfinite(counts)
    least = da.where(finite, counts, np.inf).min()
    fractional = da.any(finite & (counts != da.round(counts))) if not scaled else False
    return (da.isnan(counts).any(), da.isinf(counts).any(), least, fractional)


def check_flaws(has_nan, has_inf, least, fractional, *, scaled, name="counts"):
    """Refuse NaN, infinities, negative and (unless ``scaled``) non-integer values."""
    if has_nan:
        raise ValueError(f"`{name}` holds NaN: counts cannot be missing here (the "
                         "stabilization needs every sample). Fill the gaps (with 0 for "
                         "bins never observed) or cut them out")
    if has_inf:
        raise ValueError(f"`{name}` holds infinite values; counts must be finite")
    if least < 0:
        raise ValueError(f"`{name}` holds negative values (the least is {float(least)!r}); "
                         "Poisson counts are non-negative. Subtract no background before "
                         "the transform: denoise the raw counts")
    if fractional and not scaled:
        raise ValueError(f"`{name}` holds non-integer values; Poisson counts are whole "
                         "numbers. Pass `scaled=True` if they are counts rescaled or "
                         "resampled (their variance is then taken to equal their mean)")


def _check_scaled(scaled):
    return validate.flag(scaled, "scaled")


@chunkable("msvst", "counts")
def msvst(counts, level, *, axes=None, mode="symmetric", scaled=False, corrected=True,
          normalized=False):
    """Multiscale variance-stabilizing transform (MSVST) of counts, on the starlet.

    The starlet's approximations ``a_j`` of Poisson counts have a variance that grows with
    their mean; the MSVST (Zhang, Fadili & Starck, 2008) takes a square root of each,
    ``T_j(a_j) = b_j sign(a_j + c_j) sqrt(|a_j + c_j|)``, with ``b_j`` and ``c_j`` from the
    moments of the scale's equivalent filter, and forms the details
    ``d_j = T_{j-1}(a_{j-1}) - T_j(a_j)``. Under a locally constant intensity each ``d_j``
    is close to ``N(0, sigma_j**2)`` whatever the intensity, with ``sigma_j`` known from the
    filters, so ``d_j / sigma_j`` can be tested against a normal distribution. The finest
    scale, ``T_0``, is Anscombe's transform.

    Parameters
    ----------
    counts : array_like
        Non-negative counts (photons, reads, contacts), any integer or float dtype, any
        number of dimensions: a 1-d track, a 2-d image or contact map, a 3-d cube.
    level : int
        Number of scales ``J``.
    axes : sequence of int, optional
        Axes to transform (default: all). The B3-spline starlet runs along each.
    mode : str, optional
        Boundary mode of the starlet (PyWavelets' names). Default ``'symmetric'``.
    scaled : bool, optional
        Accept non-integer values as counts (rescaled or resampled counts, whose variance is
        taken to equal their mean). Default False: non-integer values are refused.
    corrected : bool, optional
        Correct each ``d_j`` to second order for the local intensity ``lambda`` (read from
        a coarser approximation, at least the scale's ``min_intensity``): subtract its mean,
        ``bias_j / sqrt(lambda)``, and remove its skewness, ``skewness_j / sqrt(lambda)``,
        by a Cornish-Fisher step. Without them the finest scale keeps Anscombe's bias of
        ``1 / (16 sqrt(lambda))`` (0.06 ``sigma_1`` at 5 counts per pixel) and every scale a
        heavier negative tail than a normal one (twice as many ``d_j < -4 sigma_j`` at 1
        count per pixel), which a test of thousands of coefficients meets. Default True;
        False gives the transform as published.
    normalized : bool, optional
        Return ``d_j / sigma_j`` with each sample's exact ``sigma_j``: near a mirrored edge a
        detail's spread differs from the interior's ``sigma`` (it is computed exactly
        there too). Default False.

    Returns
    -------
    MSVST
        A named tuple ``(details, smooth, sigma, min_intensity)``: ``details`` of shape
        ``(J, *counts.shape)`` (finest first, float64), ``smooth`` the stabilized
        ``T_J(a_J)``, ``sigma`` each scale's standard deviation under a constant intensity
        and ``min_intensity`` the intensity below which a scale is not stabilized.

    Raises
    ------
    ValueError
        Negative, NaN, infinite or (unless ``scaled``) non-integer counts; scalar counts; a
        bad level, axis or mode.
    TypeError
        Complex or non-numeric counts; a ``scaled``, ``corrected`` or ``normalized`` that
        is not a boolean.

    See Also
    --------
    atrous.poisson_denoise : Denoising by tests on these details.
    atrous.starlet : The transform of the approximations.

    Notes
    -----
    ``sigma_j`` and ``min_intensity`` are exact functions of the filters (computed once per
    number of scales and dimensions). ``min_intensity`` is the intensity at which the
    approximation ``a_{j-1}`` that ``d_j`` stands on holds 2 effective counts
    (``tau_1**2 / tau_2`` of its filter times the intensity): there ``d_j / sigma_j`` has a
    standard deviation within about 8 % of 1. For the B3 spline, in 2-d: 2 counts per pixel
    at scale 1 (Anscombe's), 0.15 at scale 2, 0.03 at scale 3; in 1-d: 2, 0.55, 0.25, 0.12.

    {references_msvst}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> counts = np.random.default_rng(0).poisson(0.5, (256, 256))
    >>> m = atrous.msvst(counts, 4)
    >>> m.details.shape, m.sigma.round(4)
    ((4, 256, 256), array([0.4454, 0.1003, 0.0428, 0.0206]))
    >>> z = m.details[1] / m.sigma[1]   # scale 2 is stabilized at 0.5 counts per pixel
    >>> bool(abs(z.mean()) < 0.05 and abs(z.std() - 1) < 0.05)
    True
    """
    data = _check_counts(counts, _check_scaled(scaled))
    corrected = validate.flag(corrected, "corrected")
    normalized = validate.flag(normalized, "normalized")
    transform = msvst_settings(data, level, axes, mode)
    return msvst_with(data, transform, corrected, normalized)


def msvst_settings(data, level, axes, mode):
    """:func:`msvst`'s transform arguments checked against ``data`` (any array kind)."""
    from ._denoise import _check_dimensions

    axes = _check_dimensions(data.ndim, axes, "counts")
    for axis in axes:
        if data.shape[axis] == 0:
            raise ValueError(f"`counts` has no samples along axis {axis}; the transform needs "
                             "at least one along every axis it runs along")
    level = validate.integer(level, "level", integral_floats=False)
    if not 1 <= level <= MOST_SCALES:
        raise ValueError(f"`level`={level} must be at least 1 and at most {MOST_SCALES}")
    return _transform_settings(data, level, axes, mode)


# Samples per chunk of a kernel call (threads share the chunks).
_CHUNK = 1 << 16


def _run(kernel, size, *arguments):
    """``kernel(*arguments, first, last)`` over ``size`` samples, on numba's threads."""
    chunks = [(first, min(first + _CHUNK, size)) for first in range(0, size, _CHUNK)]
    run_chunks(kernel, arguments, chunks, threads(), holding=arguments)


def _approximations(data, transform):
    """The approximations ``a_0 ... a_J`` of ``data`` as one ``(J + 1, *shape)`` array:
    the starlet's planes (generation 1) summed from the coarsest, in place
    (``a_{j-1} = a_j + w_j``), ``a_0`` the data itself."""
    planes = starlet_with(data, **transform)
    for j in range(transform["level"] - 1, 0, -1):
        planes[j] += planes[j + 1]
    planes[0] = data
    return planes


def _local_intensity(j, level):
    """Index of the approximation that scale ``j`` (0-based) is judged by: one scale
    coarser than the two its detail stands on (``a_{j+2}`` in 1-based terms, or ``a_J``),
    less noisy than either and little correlated with the detail itself."""
    return min(j + 2, level)


def _packed_profiles(shape, transform):
    """Every axis's profiles (:func:`_axis_profiles`) end to end, as the kernel reads them:
    ``(offsets, norms, crosses)``, ``norms`` of shape ``(J + 1, total)``, ``crosses``
    ``(J, total)``; an axis not transformed has profiles of ones."""
    level = transform["level"]
    modes = dict(zip(transform["axes"], transform["modes"], strict=True))
    offsets = np.zeros(len(shape) + 1, np.int64)
    offsets[1:] = np.cumsum(shape)
    norms = np.ones((level + 1, offsets[-1]))
    crosses = np.ones((level, offsets[-1]))
    for axis, mode in modes.items():
        axis_norms, axis_crosses = _axis_profiles(shape[axis], level, mode)
        span = slice(offsets[axis], offsets[axis + 1])
        norms[:, span] = axis_norms
        crosses[:, span] = axis_crosses
    return offsets, norms, crosses


def normalized_details(data, transform, corrected=True, normalized=True):
    """``(z, tested, coarsest)`` of float64 C-contiguous NumPy ``data``: ``z_j = d_j /
    sigma_j`` with each sample's exact ``sigma_j`` (edges included; ``d_j`` itself if not
    ``normalized``) and, if ``corrected``, :func:`msvst`'s second-order corrections for the
    local intensity; ``tested_j`` where that intensity reaches the scale's
    ``min_intensity``; and the coarsest approximation ``a_J``."""
    level = transform["level"]
    constants = scale_constants(level, len(transform["axes"]))
    approximations = _approximations(data, transform).reshape(level + 1, -1)
    size = approximations.shape[1]
    offsets, norms, crosses = _packed_profiles(data.shape, transform)
    dimensions = np.array(data.shape, np.int64)
    z = np.empty((level, size))
    tested = np.empty((level, size), bool)
    for j in range(level):
        scale = np.array([constants.b[j], constants.c[j], constants.b[j + 1],
                          constants.c[j + 1], constants.bias[j], constants.skewness[j],
                          constants.min_intensity[j]])
        _run(kernels.normalized_detail, size, approximations[j], approximations[j + 1],
             approximations[_local_intensity(j, level)], dimensions, offsets, norms[j],
             norms[j + 1], crosses[j], scale, corrected, normalized, z[j], tested[j])
    shape = (level,) + data.shape
    return z.reshape(shape), tested.reshape(shape), approximations[level].reshape(data.shape)


def msvst_with(data, transform, corrected=True, normalized=False):
    """:func:`msvst` of float64 NumPy ``data`` with settings from :func:`msvst_settings`."""
    level = transform["level"]
    constants = scale_constants(level, len(transform["axes"]))
    details, _, coarsest = normalized_details(data, transform, corrected, normalized)
    shifted = coarsest + constants.c[level]
    smooth = constants.b[level] * np.sign(shifted) * np.sqrt(np.abs(shifted))
    return MSVST(details, smooth, constants.sigma.copy(), constants.min_intensity.copy())


# -- Detection -------------------------------------------------------------------------------

def _two_sided_p(z):
    """``P(|N(0, 1)| >= |z|)``."""
    from scipy.special import erfc

    return erfc(np.abs(z) / math.sqrt(2))


def z_of_p(p):
    """``|z|`` with two-sided p-value ``p``."""
    from scipy.special import erfcinv

    return float(erfcinv(p) * math.sqrt(2))


def fdr_cutoff(candidates, total, alpha):
    """Benjamini-Hochberg's cut-off on ``|z|`` for one scale: ``candidates`` are the
    ``|z|`` values at least :func:`z_of_p` ``(alpha)`` (every coefficient whose p-value is
    at most ``alpha``: no other can be rejected), ``total`` the number of tests. Returns
    the least ``|z|`` rejected, or ``inf`` when none is."""
    if candidates.size == 0:
        return math.inf
    ordered = np.sort(candidates)[::-1]  # decreasing |z|: increasing p
    p = _two_sided_p(ordered)
    passing = np.nonzero(p <= alpha * np.arange(1, ordered.size + 1) / total)[0]
    if passing.size == 0:
        return math.inf
    return float(ordered[passing[-1]])


def cutoffs(detection, alpha, k, totals, candidates_of_scale):
    """The ``|z|`` cut-off of each scale: a coefficient is significant where
    ``|d_j| / sigma_j >= cutoff_j``. ``totals[j]`` is the number of tests at scale ``j``;
    ``candidates_of_scale(j, z_min)`` returns the tested ``|z|`` values of scale ``j`` at
    least ``z_min`` (only FDR reads the data)."""
    level = len(totals)
    if detection == "ksigma":
        return np.full(level, float(k))
    if detection == "bonferroni":
        return np.array([z_of_p(alpha / max(total, 1)) for total in totals])
    z_alpha = z_of_p(alpha)
    return np.array([fdr_cutoff(candidates_of_scale(j, z_alpha), totals[j], alpha)
                     for j in range(level)])


def significance_with(data, transform, first_scale):
    """``(z, tested)`` of float64 NumPy ``data``: the corrected ``z = d_j / sigma_j`` and
    where each scale is tested (from ``first_scale`` on, where the local intensity reaches
    the scale's ``min_intensity``)."""
    z, tested, _ = normalized_details(data, transform)
    tested[: first_scale - 1] = False
    return z, tested


def support_of(z, tested, cutoffs):
    """The significant coefficients: tested, and ``|z|`` at least the scale's cut-off
    (``z`` is overwritten by ``|z|``)."""
    magnitude = np.abs(z, out=z)
    support = magnitude >= np.asarray(cutoffs).reshape((len(z),) + (1,) * (z.ndim - 1))
    support &= tested
    return support


# -- Reconstruction --------------------------------------------------------------------------

# Iterations of the multiresolution-support projection that end the reconstruction.
PROJECTIONS = 3


def reconstruct(data, support, transform, iterations, positivity, largest=None):
    """The estimate whose starlet keeps the data's significant coefficients and is
    otherwise sparse (Zhang, Fadili & Starck 2008, section IV).

    Hybrid steepest descent on ``||W x||_1`` under the constraints: ``x <- P(x + R(M W(data -
    x)))`` puts back the significant coefficients (and the coarsest approximation) of the
    residual, ``P`` the projection on non-negative values; then the details are soft-thresholded
    at ``beta_n``, decreasing linearly from ``largest`` (default: the data's largest significant
    detail) to 0 over the iterations, so the estimate grows from the strongest structures down.
    :data:`PROJECTIONS` more of the first step alone end it on the constraints: positivity,
    applied after each soft thresholding, adds flux where the sparse estimate rings below 0,
    which they take back (measured: the total flux and the flux in each source's aperture return
    to within a few per cent of the data's, where the descent alone left them 4 % too high and
    up to 18 % too low). ``W`` is the generation-1 starlet, so ``R`` sums the planes.
    """
    level, size = transform["level"], data.size
    flat_support = support.reshape(level, size)
    transform_of = starlet_plan(data, **transform)
    # One set of buffers for every transform: fresh memory would be faulted in again at
    # each of the 2 (iterations - 1) + 1 + PROJECTIONS transforms.
    planes = np.empty((level + 1,) + data.shape)
    flat_planes = planes.reshape(level + 1, size)
    scratch = np.empty((2,) + data.shape)
    residual = np.empty(data.shape)
    estimate = np.zeros(size)

    def project():
        nonlocal largest
        np.subtract(data, estimate.reshape(data.shape), out=residual)
        transform_of(residual, planes, scratch)
        if largest is None:  # the first: the estimate is 0, so these are the data's planes
            largest = largest_significant(planes, support, transform["axes"])
        _run(kernels.add_masked_planes, size, flat_planes, flat_support, estimate, positivity)

    for n in range(iterations):
        project()
        remaining = iterations - 1 - n
        if remaining == 0:
            break
        transform_of(estimate.reshape(data.shape), planes, scratch)
        thresholds = np.ascontiguousarray(np.broadcast_to(
            np.asarray(largest, np.float64) * (remaining / (iterations - 1)), data.shape))
        _run(kernels.sum_soft_planes, size, flat_planes, thresholds.reshape(size), estimate,
             positivity)
    for _ in range(PROJECTIONS):
        project()
    return estimate.reshape(data.shape)


def largest_significant(planes, support, axes):
    """The largest ``|w_j|`` of the starlet ``planes`` (``(J + 1, *shape)``) where
    ``support`` (``(J, *shape)``), 0 if none: over the transformed ``axes`` and the scales,
    one per position along the other axes (a stack of tracks or images: each its own), as
    an array that broadcasts against the data."""
    level = len(support)
    largest = np.max(np.abs(planes[:level]), where=support, initial=0.0,
                     axis=(0,) + tuple(axis + 1 for axis in axes), keepdims=True)
    return largest[0]


def reconstruct_with(data, largest, *support_rows, transform, positivity, iterations):
    """:func:`reconstruct` of a block: ``largest`` (found over the whole array, one per
    position along the axes not transformed) as a block of the data's shape, the support
    as one array per scale (the rows a chunked runner passes)."""
    return reconstruct(np.ascontiguousarray(data, dtype=np.float64), np.stack(support_rows),
                       transform, iterations, positivity, largest)


def default_level(shape, axes):
    """The most scales whose equivalent filter (``4 (2**J - 1) + 1`` taps) fits in the
    shortest transformed axis, at least 1 and at most :data:`MOST_SCALES`."""
    shortest = min(shape[axis] for axis in axes)
    level = int(math.floor(math.log2((shortest - 1) / 4 + 1))) if shortest > 1 else 1
    return max(1, min(level, MOST_SCALES))


def poisson_denoise_settings(data, level, alpha, detection, k, positivity, iterations, axes,
                             mode, first_scale):
    """:func:`poisson_denoise`'s arguments validated for ``data`` of any array kind."""
    from ._denoise import _check_dimensions

    axes = _check_dimensions(data.ndim, axes, "counts")
    if level is None:
        level = default_level(data.shape, axes)
    transform = msvst_settings(data, level, axes, mode)
    level = transform["level"]
    if detection not in DETECTIONS:
        raise ValueError(f"`detection`={detection!r}: use 'fdr' (Benjamini-Hochberg's "
                         "false-discovery rate per scale), 'bonferroni' or 'ksigma'")
    alpha = validate.open_interval(alpha, "alpha", 0, 1, "the false-discovery rate (or, "
                                   "with 'bonferroni', the family-wise error rate) per scale")
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, float, np.integer,
                                                              np.floating)):
        raise TypeError(f"`k` must be a real number (the significance, in units of each "
                        f"scale's sigma, of 'ksigma' detection), got {k!r}")
    if not (math.isfinite(k) and k > 0):
        raise ValueError(f"`k`={k!r} must be a finite number above 0")
    positivity = validate.flag(positivity, "positivity")
    iterations = validate.integer(iterations, "iterations", integral_floats=False)
    if iterations < 1:
        raise ValueError(f"`iterations`={iterations} must be at least 1")
    first_scale = validate.integer(first_scale, "first_scale", integral_floats=False)
    if not 1 <= first_scale <= level:
        raise ValueError(f"`first_scale`={first_scale} must be between 1 and the number of "
                         f"scales, {level}")
    return transform, alpha, float(k), positivity, iterations, first_scale


@chunkable("poisson_denoise", "counts")
def poisson_denoise(counts, level=None, *, alpha=0.05, detection="fdr", k=3.0,
                    positivity=True, iterations=6, axes=None, mode="symmetric",
                    first_scale=1, scaled=False):
    """Poisson denoising: significant MSVST coefficients, kept by a multiple test.

    The counts are stabilized scale by scale (:func:`atrous.msvst`), each detail
    ``d_j / sigma_j`` is tested against ``N(0, 1)``, and the estimate is the non-negative
    image whose starlet keeps the data's significant coefficients and is otherwise as
    sparse as it can be (Zhang, Fadili & Starck, 2008). Unlike Anscombe's transform
    followed by a Gaussian denoiser, the stabilization holds down to a fraction of a count
    per pixel at the coarser scales, and the estimate keeps the flux.

    Parameters
    ----------
    counts : array_like
        Non-negative counts, any integer or float dtype, any number of dimensions.
    level : int, optional
        Number of scales. Default: as many as fit in the shortest transformed axis (the
        coarsest filter, ``4 (2**J - 1) + 1`` samples, no longer than it).
    alpha : float, optional
        The rate the detection controls at each scale, in (0, 1): with ``'fdr'`` the
        expected share of false detections among detections (Benjamini-Hochberg), with
        ``'bonferroni'`` the probability of any false detection. Default 0.05.
    detection : {'fdr', 'bonferroni', 'ksigma'}, optional
        How coefficients are declared significant: Benjamini-Hochberg's false-discovery
        rate per scale, Bonferroni's correction per scale, or ``|d_j| >= k sigma_j``.
        Default ``'fdr'``.
    k : float, optional
        The significance of ``'ksigma'`` detection, in units of each scale's sigma
        (ignored otherwise). Default 3.
    positivity : bool, optional
        Keep the estimate non-negative (an intensity). Default True.
    iterations : int, optional
        Iterations of the sparse reconstruction, at least 1 (1: the significant
        coefficients summed, as a plain hard thresholding, then projected on the
        constraints). Default 6. The sparser estimate of many iterations lowers the
        normalized error a little at a cost in time (measured on
        ``benchmarks/bench_poisson.py``'s images: 1 to 6 iterations within 2 % of each
        other, 40 iterations 10 to 15 % lower, in 4 times the time).
    axes : sequence of int, optional
        Axes to transform (default: all). Along the others, a stack of tracks or images:
        each is reconstructed on its own, and with ``'ksigma'`` its estimate is the one it
        has alone; ``'fdr'`` and ``'bonferroni'`` count their tests over the whole stack
        (the rate holds for the stack; denoise one image at a time for a rate per image).
    mode : str, optional
        Boundary mode of the starlet. Default ``'symmetric'`` (mirrored edges).
    first_scale : int, optional
        The finest scale tested (1 to ``level``); finer ones are left out of the estimate.
        Default 1: every scale, each where the intensity is high enough (see Notes).
    scaled : bool, optional
        Accept non-integer values as counts (see :func:`atrous.msvst`). Default False.

    Returns
    -------
    estimate : ndarray
        The intensity estimate, float64, the shape of ``counts``.

    Raises
    ------
    ValueError
        Negative, NaN, infinite or (unless ``scaled``) non-integer counts; an ``alpha``
        outside (0, 1); an unknown detection; a ``k`` not above 0; fewer than one
        iteration; a ``first_scale`` outside the scales; a bad level, axis or mode.
    TypeError
        Complex or non-numeric counts, or an argument of the wrong type.

    See Also
    --------
    atrous.msvst : The stabilized transform tested here.
    atrous.starlet_denoise : k-sigma denoising for Gaussian noise.

    Notes
    -----
    *Low intensities.* A scale is stabilized only where the intensity reaches its
    ``min_intensity`` (:func:`atrous.msvst`; in 2-d, 2 counts per pixel at scale 1, 0.15
    at scale 2, 0.03 at scale 3). Below, its details are far from normal (at 0.1 count
    per pixel the finest scale's ``d_1 / sigma_1`` has a mean of 0.65 and a standard
    deviation of 0.40) and a test would be meaningless, so a coefficient is tested only
    where the local intensity reaches that bound; elsewhere it is not significant. The
    intensity is read from the approximation one scale coarser than the two the detail
    stands on (``a_{j+1}`` for ``d_j``): less noisy than they are, and too little
    correlated with the detail to bias its test. Faint structure is then found at the coarser
    scales, where the counts of many pixels add up. ``first_scale`` leaves the finest
    scales out altogether.

    *Reconstruction.* The hybrid steepest descent of the paper (section IV): it minimises
    the l1 norm of the starlet under the constraints that the significant coefficients
    and the coarsest approximation are the data's and that the estimate is non-negative,
    so that what the constraints do not demand is left out. Three iterations of the
    multiresolution-support projection (:func:`atrous.starlet_denoise`'s) end it: the
    clipping of the sparse estimate at 0 adds flux, which they take back. The coarsest
    approximation is always kept, so the total flux is the data's, and each detected
    source's flux in its aperture stays within a few per cent of the data's.

    *Tests.* Each scale is tested on its own (``alpha`` per scale), so an image of ``J``
    scales of pure noise holds a false detection somewhere with a probability up to
    ``J alpha``; pass ``alpha / J`` to bound it by ``alpha``. ``|d_j| / sigma_j`` is
    compared with a normal distribution; the coefficients of one scale are positively
    correlated, under which Benjamini-Hochberg's procedure still controls the
    false-discovery rate (measured on pure noise: ``tests/test_poisson.py``).

    *Limits.* Around a bright compact source the starlet's negative ring can fall below
    zero where its coefficients are not significant; positivity clips it, so a few
    background pixels next to sources come out 0 (0.15 % of the background of
    ``benchmarks/bench_poisson.py``'s sky). A source below the detection level keeps its
    flux only in the total, spread over the background.

    {references_msvst}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> rng = np.random.default_rng(0)
    >>> y, x = np.mgrid[:128, :128]
    >>> intensity = 0.2 + 8 * np.exp(-((x - 40) ** 2 + (y - 70) ** 2) / 18)
    >>> counts = rng.poisson(intensity)
    >>> estimate = atrous.poisson_denoise(counts, 5)
    >>> bool(estimate.min() >= 0), round(float(estimate.sum() / counts.sum()), 2)
    (True, 1.0)
    >>> bool(np.abs(estimate - intensity).mean() < 0.5 * np.abs(counts - intensity).mean())
    True
    """
    data = _check_counts(counts, _check_scaled(scaled))
    transform, alpha, k, positivity, iterations, first_scale = poisson_denoise_settings(
        data, level, alpha, detection, k, positivity, iterations, axes, mode, first_scale)
    support = _detected(*significance_with(data, transform, first_scale), detection, alpha, k)
    return reconstruct(data, support, transform, iterations, positivity)


def _detected(z, tested, detection, alpha, k):
    """The significant coefficients of NumPy ``z`` (overwritten), tested where
    ``tested``, by ``detection`` over the whole array."""
    totals = tested.reshape(len(tested), -1).sum(axis=1)
    limits = cutoffs(detection, alpha, k, totals,
                     lambda j, z_min: _candidates(z[j], tested[j], z_min))
    return support_of(z, tested, limits)


def _candidates(z, tested, z_min):
    """The tested ``|z|`` values of one scale at least ``z_min``."""
    magnitude = np.abs(z)
    return magnitude[tested & (magnitude >= z_min)]


fill_docstrings(REFERENCES, msvst, poisson_denoise)
