"""The starlet against scipy.ndimage with zero-stuffed B3 kernels, its inverses, and the
noise levels of the design notes (analytic values)."""

import numpy as np
import pytest
from scipy import ndimage

import atrous
from atrous._validation import AxisError

B3 = np.array([1, 4, 6, 4, 1]) / 16
SCIPY_MODES = {"symmetric": "reflect", "reflect": "mirror", "zero": "constant",
               "constant": "nearest", "periodization": "wrap"}


def scipy_smooth(c, level, axes, mode):
    stuffed = np.zeros(4 * 2 ** (level - 1) + 1)
    stuffed[::2 ** (level - 1)] = B3
    for axis in axes:
        c = ndimage.correlate1d(c, stuffed, axis=axis, mode=SCIPY_MODES[mode])
    return c


def scipy_starlet(x, level, generation, axes, mode):
    c, rows = x, []
    for j in range(1, level + 1):
        smooth = scipy_smooth(c, j, axes, mode)
        detail = c - (smooth if generation == 1 else scipy_smooth(smooth, j, axes, mode))
        rows.append(detail)
        c = smooth
    return np.stack(rows + [c])


@pytest.mark.parametrize("generation", [1, 2])
@pytest.mark.parametrize("mode", sorted(SCIPY_MODES))
@pytest.mark.parametrize(("shape", "axes", "level"), [
    ((50,), None, 4), ((24, 31), None, 3), ((9, 10, 11), (0, 2), 2), ((7, 6), (1,), 5),
])
def test_starlet_equals_scipy_with_zero_stuffed_b3_kernels(generation, mode, shape, axes,
                                                           level, rng):
    x = rng.standard_normal(shape)
    got = atrous.starlet(x, level, generation=generation, axes=axes, mode=mode)
    want = scipy_starlet(x, level, generation, range(x.ndim) if axes is None else axes, mode)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    back = atrous.istarlet(got, generation=generation, axes=axes, mode=mode)
    np.testing.assert_allclose(back, x, atol=1e-12)


@pytest.mark.parametrize("generation", [1, 2])
@pytest.mark.parametrize("layout", ["C", "F"])
def test_large_data_take_the_differences_with_numpy_and_give_the_same_scales(
        generation, layout, rng, monkeypatch):
    """From _NUMPY_ARITHMETIC samples on, the differences and sums of the scales are NumPy
    operations between the smoothing programs (one pass over memory): the scipy reference's
    values, and to rounding those of the one-program path of small data."""
    from atrous import _engine, _starlet

    x = rng.standard_normal((300, 260))
    assert x.size >= _starlet._NUMPY_ARITHMETIC
    x = np.asfortranarray(x) if layout == "F" else x
    got = atrous.starlet(x, 3, generation=generation)
    want = scipy_starlet(x, 3, generation, range(2), "symmetric")
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(atrous.istarlet(got, generation=generation), x, atol=1e-12)
    monkeypatch.setattr(_starlet, "_NUMPY_ARITHMETIC", x.size + 1)
    _engine.plans.clear()
    try:
        one_program = atrous.starlet(x, 3, generation=generation)
        inverse = atrous.istarlet(got, generation=generation)
    finally:
        _engine.plans.clear()
    np.testing.assert_allclose(one_program, got, rtol=0, atol=1e-15)
    np.testing.assert_allclose(inverse, x, atol=1e-12)


def test_generation_1_scales_sum_to_the_data_and_float32_stays(rng):
    image = rng.random((40, 33)).astype(np.float32)
    coeffs = atrous.starlet(image, 4)
    assert coeffs.dtype == np.float32 and coeffs.shape == (5, 40, 33)
    np.testing.assert_allclose(coeffs.sum(axis=0), image, atol=1e-5)
    f_order = atrous.starlet(np.asfortranarray(image), 4)
    np.testing.assert_allclose(f_order, coeffs, atol=1e-6)


def test_other_kernels(rng):
    x = rng.standard_normal(64)
    kernel = [0.25, 0.5, 0.25]  # the linear spline
    coeffs = atrous.starlet(x, 3, kernel=kernel, generation=2)
    np.testing.assert_allclose(atrous.istarlet(coeffs, 2, kernel=kernel), x, atol=1e-12)
    c = x
    for j in range(1, 3):
        stuffed = np.zeros(2 * 2 ** (j - 1) + 1)
        stuffed[::2 ** (j - 1)] = kernel
        c = ndimage.correlate1d(c, stuffed, mode="reflect")
    np.testing.assert_allclose(atrous.starlet(x, 2, kernel=kernel)[2],
                               c, atol=1e-12)


@pytest.mark.parametrize(("generation", "ndim", "table"), [
    (1, 1, [0.723490, 0.285450, 0.177948, 0.122223, 0.085811]),
    (1, 2, [0.890796, 0.200664, 0.085508, 0.041217, 0.020425]),
    (2, 1, [0.805919, 0.345437, 0.220390, 0.152200, 0.107000]),
    (2, 2, [0.942883, 0.229989, 0.100292, 0.048610]),
])
def test_noise_levels_reproduce_the_analytic_values(generation, ndim, table):
    got = atrous.starlet_noise_levels(len(table), ndim=ndim, generation=generation)
    np.testing.assert_allclose(got, table, atol=1e-6)


def test_noise_levels_match_white_noise(rng):
    noise = rng.standard_normal((512, 512))
    coeffs = atrous.starlet(noise, 3, mode="periodization")
    np.testing.assert_allclose(coeffs[:3].std(axis=(1, 2)),
                               atrous.starlet_noise_levels(3, ndim=2), rtol=0.05)


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: atrous.starlet(np.ones(8), 0), ValueError, "Level value must be greater"),
    (lambda: atrous.starlet(np.ones(8), 2, generation=3), ValueError, "`generation`=3"),
    (lambda: atrous.starlet(np.ones(8), 2, kernel=[[1]]), ValueError, "`kernel` must be"),
    (lambda: atrous.starlet(np.ones(8), 2, mode="wrap"), ValueError, "`mode`='wrap'"),
    (lambda: atrous.starlet(np.ones(8), 2, axes=(1,)), AxisError, "out of bounds"),
    (lambda: atrous.istarlet(np.ones(8)), ValueError, "`coeffs` must be what starlet"),
    (lambda: atrous.starlet_noise_levels(2, ndim=0), ValueError, "`ndim`=0"),
])
def test_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


# -- noise levels: independent references ---------------------------------------------------

KERNELS = {"b3": None, "linear": [0.25, 0.5, 0.25], "haar-like": [0.5, 0.5],
           "asymmetric": [0.1, 0.5, 0.2, 0.2], "signed": [0.3, -0.2, 0.9, 0.4, 0.05, 0.1],
           "one tap": [0.7]}


def dilated(kernel, dilation):
    """The kernel at ``dilation`` as an odd-length array centred on its middle entry, the tap
    ``k`` at ``dilation * (k - len(kernel) // 2)`` (so that correlate1d's centre is right
    for even lengths too)."""
    kernel = B3 if kernel is None else np.asarray(kernel, dtype=np.float64)
    offsets = dilation * (np.arange(len(kernel)) - len(kernel) // 2)
    reach = int(np.abs(offsets).max())
    stuffed = np.zeros(2 * reach + 1)
    stuffed[offsets + reach] = kernel
    return stuffed


def impulse_noise_levels(level, ndim, generation, kernel):
    """Sum of the squared taps of each scale's response to a unit impulse, with
    scipy.ndimage and zero-stuffed kernels (zero boundary, never reached)."""
    taps = 5 if kernel is None else len(kernel)
    reach = taps * (2**level) * generation
    c = np.zeros((2 * reach + 1,) * ndim)
    c[(reach,) * ndim] = 1.0
    sigmas = []
    for j in range(1, level + 1):
        stuffed = dilated(kernel, 2 ** (j - 1))
        smooth = c
        for axis in range(ndim):
            smooth = ndimage.correlate1d(smooth, stuffed, axis=axis, mode="constant")
        far = smooth
        if generation == 2:
            for axis in range(ndim):
                far = ndimage.correlate1d(far, stuffed, axis=axis, mode="constant")
        sigmas.append(np.sqrt(np.sum((c - far) ** 2)))
        c = smooth
    return np.array(sigmas)


@pytest.mark.parametrize("kernel", list(KERNELS))
@pytest.mark.parametrize("generation", [1, 2])
@pytest.mark.parametrize(("ndim", "level"), [(1, 5), (2, 4), (3, 2)])
def test_noise_levels_equal_the_impulse_response_through_scipy(kernel, generation, ndim,
                                                               level):
    got = atrous.starlet_noise_levels(level, ndim, generation, KERNELS[kernel])
    want = impulse_noise_levels(level, ndim, generation, KERNELS[kernel])
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-15)


def spread(g, kernel, step):
    """``g`` convolved with ``kernel`` at dilation ``step``, one shifted copy per tap."""
    out = np.zeros(len(g) + (len(kernel) - 1) * step)
    for k, tap in enumerate(kernel):
        out[k * step:k * step + len(g)] += tap * g
    return out


def explicit_noise_levels(level, generation, kernel):
    """1-d: each scale's equivalent filter built tap by tap, its first offset tracked."""
    kernel = B3 if kernel is None else np.asarray(kernel, dtype=np.float64)
    centre = len(kernel) // 2
    g, g_first = np.array([1.0]), 0
    sigmas = []
    for j in range(1, level + 1):
        step = 2 ** (j - 1)
        next_g, next_first = spread(g, kernel, step), g_first - centre * step
        f, f_first = next_g, next_first
        if generation == 2:
            f, f_first = spread(next_g, kernel, step), next_first - centre * step
        lo, hi = min(g_first, f_first), max(g_first + len(g), f_first + len(f))
        w = np.zeros(hi - lo)
        w[g_first - lo:g_first - lo + len(g)] += g
        w[f_first - lo:f_first - lo + len(f)] -= f
        sigmas.append(np.sqrt(np.sum(w**2)))
        g, g_first = next_g, next_first
    return np.array(sigmas)


@pytest.mark.parametrize("kernel", list(KERNELS))
@pytest.mark.parametrize("generation", [1, 2])
def test_deep_noise_levels_equal_the_explicit_filters(kernel, generation):
    got = atrous.starlet_noise_levels(16, 1, generation, KERNELS[kernel])
    np.testing.assert_allclose(got, explicit_noise_levels(16, generation, KERNELS[kernel]),
                               rtol=1e-13, atol=1e-15)


def hat_inner_products(j):
    """The linear spline's ``g_j`` is the hat ``(m - |n|) / m**2``, ``m = 2**j``: its squared
    norm and its inner product with ``g_{j-1}``, exact (sums of powers in closed form)."""
    from fractions import Fraction

    m, p = 2**j, 2 ** (j - 1)
    norm = Fraction(2 * m**3 + m, 3 * m**4)  # (m**2 + 2 sum_{k<m} k**2) / m**4
    # sum_{|n| < p} (p - |n|)(m - |n|) = 2 sum_{u=1}^{p} u (p + u) - p * 2p
    cross = Fraction(2 * (p * p * (p + 1) // 2 + p * (p + 1) * (2 * p + 1) // 6) - 2 * p * p,
                     p * p * m * m)
    return norm, cross


@pytest.mark.parametrize("ndim", [1, 2, 3])
def test_noise_levels_of_the_linear_spline_in_closed_form_to_level_64(ndim):
    got = atrous.starlet_noise_levels(64, ndim, 1, [0.25, 0.5, 0.25])
    previous = 1
    want = []
    for j in range(1, 65):
        norm, cross = hat_inner_products(j)
        want.append(float(previous**ndim - 2 * cross**ndim + norm**ndim) ** 0.5)
        previous = norm
    np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("generation", [1, 2])
@pytest.mark.parametrize("ndim", [1, 2, 3])
def test_deep_b3_noise_levels_shrink_by_2_to_the_minus_half_ndim(generation, ndim):
    # Deep down the equivalent filters are dilations of one limit function: each scale's
    # norm is 2**(-ndim / 2) times the previous one.
    sigmas = atrous.starlet_noise_levels(64, ndim, generation)
    assert np.all(np.isfinite(sigmas)) and np.all(sigmas > 0)
    np.testing.assert_allclose(sigmas[40:] / sigmas[39:-1], 2 ** (-ndim / 2), rtol=1e-12)
