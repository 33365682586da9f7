"""Hostile input to the starlet and the wavelet statistics (issue 12).

``starlet_noise_levels`` used to transform an impulse of ``(2**level)**ndim`` samples
(``starlet_denoise`` calls it: a 32 x 32 image at level 9 needed 11 GiB), and
``wavelet_cross_correlation`` built every lag up to any ``max_lag`` (``10**9`` on 64 samples:
55 s, then a MemoryError). A regression must fail these tests, not take the machine down:
those cases run in one subprocess under a 1 GiB address-space limit, each under an alarm,
the whole under a timeout. The argument cases below it check that what is not a valid
argument is refused with its name.
"""


import numpy as np
import pytest

import atrous
from atrous._validation import AxisError

from .bounded import run_bounded

# -- memory and time, in a subprocess ----------------------------------------------------------

# name -> (call, what must happen: "returned" or the argument a ValueError names, the most
# seconds it may take). x has 64 samples, image is 32 x 32; w is x's MODWT (haar, 2 levels).
BOUNDED = {
    "noise levels 64": ("atrous.starlet_noise_levels(64)", "returned", 1.0),
    "noise levels 64, 3-d, generation 2": (
        "atrous.starlet_noise_levels(64, ndim=3, generation=2)", "returned", 1.0),
    "noise levels 9, 2-d": ("atrous.starlet_noise_levels(9, ndim=2)", "returned", 1.0),
    "noise levels 2**40": ("atrous.starlet_noise_levels(2**40)", "level", 1.0),
    "noise levels ndim 10**6": ("atrous.starlet_noise_levels(3, ndim=10**6)", "ndim", 1.0),
    # These compile (or load) the engine's kernels on first use: a loose bound.
    "starlet_denoise 32 x 32 level 8": ("atrous.starlet_denoise(image, 8)", "returned", 60.0),
    "starlet_denoise 32 x 32 level 9": ("atrous.starlet_denoise(image, 9)", "returned", 60.0),
    "cross-correlation max_lag 10**9": (
        "atrous.wavelet_cross_correlation(w, w, 'haar', max_lag=10**9)", "max_lag", 1.0),
}

_SETUP = """
    import numpy as np, atrous
    x = np.random.default_rng(0).standard_normal(64)
    image = np.random.default_rng(1).standard_normal((32, 32))
    w = atrous.modwt(x, 'haar', level=2)
"""


@pytest.fixture(scope="module")
def bounded_outcomes():
    calls = {name: (call, seconds) for name, (call, _, seconds) in BOUNDED.items()}
    return run_bounded(calls, _SETUP, 2**30)


@pytest.mark.parametrize("name", list(BOUNDED))
def test_memory_and_time_stay_bounded(name, bounded_outcomes):
    kind, message, seconds = bounded_outcomes[name]
    _, expected, bound = BOUNDED[name]
    if expected == "returned":
        assert (kind, message) == ("returned", ""), message[:500]
    else:
        assert kind == "ValueError", (kind, message[:500])
        assert f"`{expected}`=" in message and "at most" in message, message
    assert seconds < bound


# -- arguments -------------------------------------------------------------------------------

X = np.random.default_rng(2).standard_normal(64)
IMAGE = np.random.default_rng(3).standard_normal((6, 7))
W = atrous.modwt(X, "haar", level=2)


def _starlet_coeffs():
    return atrous.starlet(IMAGE, 2)


BAD_ARGUMENTS = {
    # istarlet's generation 1 (a plain sum) checked nothing but the generation.
    "istarlet axes out of range": (
        lambda: atrous.istarlet(_starlet_coeffs(), axes=(5,)), AxisError, "`axes`=\\(5,\\)"),
    "istarlet unknown mode": (
        lambda: atrous.istarlet(_starlet_coeffs(), mode="wrap"), ValueError, "`mode`='wrap'"),
    "istarlet text kernel": (
        lambda: atrous.istarlet(_starlet_coeffs(), kernel="abc"), ValueError, "`kernel`"),
    "starlet text kernel": (lambda: atrous.starlet(X, 2, kernel="abc"), ValueError, "`kernel`"),
    "starlet complex kernel": (
        lambda: atrous.starlet(X, 2, kernel=[0.5j, 0.5]), ValueError, "`kernel`"),
    "starlet kernel of None": (
        lambda: atrous.starlet(X, 2, kernel=[None, 1]), ValueError, "`kernel`"),
    "noise levels text kernel": (
        lambda: atrous.starlet_noise_levels(2, kernel="abc"), ValueError, "`kernel`"),
    "noise levels NaN kernel": (
        lambda: atrous.starlet_noise_levels(2, kernel=[np.nan]), ValueError, "`kernel`"),
    "noise levels 65 dimensions": (
        lambda: atrous.starlet_noise_levels(2, ndim=65), ValueError, "`ndim`=65"),
    "noise levels fractional ndim": (
        lambda: atrous.starlet_noise_levels(2, ndim=1.5), TypeError, "`ndim`"),
    "noise levels boolean ndim": (
        lambda: atrous.starlet_noise_levels(2, ndim=True), TypeError, "`ndim`"),
    "noise levels unknown generation": (
        lambda: atrous.starlet_noise_levels(2, generation=3), ValueError, "`generation`=3"),
    "noise levels text generation": (
        lambda: atrous.starlet_noise_levels(2, generation="2"), TypeError, "`generation`"),
    "noise levels NaN level": (
        lambda: atrous.starlet_noise_levels(np.nan), TypeError, "`level`"),
    "phase_shift text inverse": (
        lambda: atrous.phase_shift(W, "haar", inverse="yes"), TypeError, "`inverse`"),
    "phase_shift integer inverse": (
        lambda: atrous.phase_shift(W, "haar", inverse=1), TypeError, "`inverse`"),
    "wavelet_variance text p": (
        lambda: atrous.wavelet_variance(W, "haar", p="0.1"), TypeError, "`p`"),
    "wavelet_variance boolean p": (
        lambda: atrous.wavelet_variance(W, "haar", p=True), TypeError, "`p`"),
    "wavelet_variance complex p": (
        lambda: atrous.wavelet_variance(W, "haar", p=0.1j), TypeError, "`p`"),
    "wavelet_variance array p": (
        lambda: atrous.wavelet_variance(W, "haar", p=[0.1]), TypeError, "`p`"),
    "wavelet_variance NaN p": (
        lambda: atrous.wavelet_variance(W, "haar", p=np.nan), ValueError, "`p` is NaN"),
    "wavelet_variance text unbiased": (
        lambda: atrous.wavelet_variance(W, "haar", unbiased="no"), TypeError, "`unbiased`"),
    "wavelet_variance array ci": (
        lambda: atrous.wavelet_variance(W, "haar", ci=np.array([1, 2])), ValueError, "`ci`"),
    "wavelet_variance text coefficients": (
        lambda: atrous.wavelet_variance(W.astype(str), "haar"), ValueError, "`w`"),
    "brick_wall text coefficients": (
        lambda: atrous.brick_wall(W.astype(str), "haar"), ValueError, "`w`"),
    "wavelet_covariance text p": (
        lambda: atrous.wavelet_covariance(W, W, "haar", p="0.1"), TypeError, "`p`"),
    "wavelet_covariance text wy": (
        lambda: atrous.wavelet_covariance(W, W.astype(str), "haar"), ValueError, "`wy`"),
    "wavelet_covariance None unbiased": (
        lambda: atrous.wavelet_covariance(W, W, "haar", unbiased=None), TypeError,
        "`unbiased`"),
    "wavelet_correlation text unbiased": (
        lambda: atrous.wavelet_correlation(W, W, "haar", unbiased="no"), TypeError,
        "`unbiased`"),
    "cross-correlation max_lag of the length": (
        lambda: atrous.wavelet_cross_correlation(W, W, "haar", max_lag=64), ValueError,
        "`max_lag`=64 .* at most 63"),
    "cross-correlation fractional max_lag": (
        lambda: atrous.wavelet_cross_correlation(W, W, "haar", max_lag=2.5), TypeError,
        "`max_lag`"),
    "cross-correlation boolean max_lag": (
        lambda: atrous.wavelet_cross_correlation(W, W, "haar", max_lag=True), TypeError,
        "`max_lag`"),
    "cross-correlation text unbiased": (
        lambda: atrous.wavelet_cross_correlation(W, W, "haar", unbiased="yes"), TypeError,
        "`unbiased`"),
}


@pytest.mark.parametrize("name", list(BAD_ARGUMENTS))
def test_bad_arguments_are_refused_by_name(name):
    call, error, match = BAD_ARGUMENTS[name]
    with pytest.raises(error, match=match):
        call()


def test_numpy_booleans_and_numbers_are_still_accepted():
    plain = atrous.phase_shift(W, "haar", inverse=True)
    np.testing.assert_array_equal(atrous.phase_shift(W, "haar", inverse=np.bool_(True)), plain)
    want = atrous.wavelet_variance(W, "haar", p=0.05)
    for p in (np.float32(0.05), np.array(0.05)):
        got = atrous.wavelet_variance(W, "haar", p=p, unbiased=np.bool_(True))
        for a, b in zip(got, want):
            np.testing.assert_allclose(a, b, rtol=1e-6)


def test_cross_correlation_takes_every_lag_up_to_the_length(rng):
    x = rng.standard_normal(16)
    w = atrous.modwt(x, "haar", level=1)
    lags, rho = atrous.wavelet_cross_correlation(w, w, "haar", max_lag=15, unbiased=False)
    assert rho.shape == (2, 31) and lags[0] == -15 and not np.isnan(rho).any()
    a = w[0]  # the definition at the farthest lag: one pair of coefficients
    np.testing.assert_allclose(rho[0, -1], a[0] * a[15] / 16 / np.mean(a * a), rtol=1e-12)


@pytest.mark.parametrize("generation", [1, 2])
def test_starlet_along_no_axis_is_the_identity(generation, rng):
    # As PyWavelets' swtn(axes=()): no smoothing, so every scale is 0 and c_J the data
    # (the scales used to be uninitialised memory).
    x = rng.standard_normal((4, 5))
    coeffs = atrous.starlet(x, 3, generation=generation, axes=())
    np.testing.assert_array_equal(coeffs[:3], 0)
    np.testing.assert_array_equal(coeffs[3], x)
    np.testing.assert_array_equal(atrous.istarlet(coeffs, generation, axes=()), x)


def test_istarlet_generation_1_takes_valid_arguments_and_sums(rng):
    coeffs = atrous.starlet(rng.standard_normal((5, 6)), 2, axes=(1,))
    kept = coeffs.copy()
    np.testing.assert_allclose(atrous.istarlet(coeffs, axes=(-1,), mode="periodic",
                                               kernel=[0.5, 0.5]), coeffs.sum(axis=0))
    np.testing.assert_array_equal(coeffs, kept)


def test_object_arrays_of_text_are_refused_by_name():
    with pytest.raises(ValueError, match="`data` must hold numbers"):
        atrous.starlet(np.array([1, "a"], dtype=object), 2)
    with pytest.raises(ValueError, match="`data` must hold numbers"):
        atrous.swt(np.array([1.0, "b", 3.0, 4.0], dtype=object), "haar", level=1)
