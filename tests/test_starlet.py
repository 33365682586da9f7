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
