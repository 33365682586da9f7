"""Exact simulation of fractional Gaussian noise and ARFIMA(0, d, 0) (atrous._simulate).

Checked against things computed another way: the theoretical autocovariances against the
closed forms in 40-digit decimal arithmetic, Gamma functions, the recursion between lags and
the integral of the spectral density; the circulant embedding's spectrum transformed back
against them; the exact covariance of the generated vector (the linear map from the normal
draws, applied to the identity); and sample autocovariances of many series against the
theory, with a test that a wrong parameter would be caught.
"""

import decimal
import math

import numpy as np
import pytest
import scipy.integrate
import scipy.linalg
import scipy.special

import atrous
from atrous import _simulate
from atrous._simulate import arfima_autocovariance, fgn_autocovariance

HURSTS = [0.02, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 0.999]
DIFFERENCES = [-0.49, -0.3, -0.1, 0.0, 0.1, 0.3, 0.45, 0.499]


# -- the theoretical autocovariances -----------------------------------------------------------

def _fgn_decimal(H, k):
    """``(|k+1|**2H - 2|k|**2H + |k-1|**2H) / 2`` to 40 digits (no cancellation left)."""
    with decimal.localcontext() as context:
        context.prec = 40
        a, k = decimal.Decimal(2 * H), decimal.Decimal(k)

        def power(x):
            return x**a if x > 0 else decimal.Decimal(0)

        return float((power(k + 1) - 2 * power(k) + power(abs(k - 1))) / 2)


@pytest.mark.parametrize("H", HURSTS)
def test_fgn_autocovariance_is_the_closed_form_at_every_lag(H):
    lags = [0, 1, 2, 3, 5, 7, 8, 9, 15, 64, 1000, 123_457, 10**7]
    expected = [_fgn_decimal(H, k) for k in lags]
    assert expected[0] == 1.0
    np.testing.assert_allclose(fgn_autocovariance(H, lags), expected, rtol=1e-13, atol=1e-300)
    # The sign of the lag does not matter; the shape of `lags` is kept.
    np.testing.assert_array_equal(fgn_autocovariance(H, [[-3, 3]]),
                                  fgn_autocovariance(H, [[3, 3]]))
    assert fgn_autocovariance(H, 4).shape == ()


@pytest.mark.parametrize("d", [d for d in DIFFERENCES if d != 0])
def test_arfima_autocovariance_is_the_gamma_formula(d):
    k = np.arange(0, 120)
    gamma = scipy.special.gamma
    expected = (gamma(1 - 2 * d) * gamma(k + d)
                / (gamma(d) * gamma(1 - d) * gamma(k + 1 - d)))
    np.testing.assert_allclose(arfima_autocovariance(d, k), expected, rtol=1e-12)
    np.testing.assert_allclose(arfima_autocovariance(d, 0),
                               gamma(1 - 2 * d) / gamma(1 - d) ** 2, rtol=1e-14)


@pytest.mark.parametrize("d", DIFFERENCES)
def test_arfima_autocovariance_keeps_the_recursion_and_its_decay_far_out(d):
    """``s_k (k - d) = s_{k-1} (k - 1 + d)`` from lag to lag, across the switch to the
    asymptotic expansion at lag 64 and up to 200000; and ``s_k k**(1 - 2d)`` tends to
    ``Gamma(1 - 2d) / (Gamma(d) Gamma(1 - d))``."""
    k = np.arange(1, 200_000)
    s = arfima_autocovariance(d, np.arange(200_000))
    np.testing.assert_allclose(s[1:] * (k - d), s[:-1] * (k - 1 + d), rtol=1e-13, atol=0)
    if d != 0:
        limit = math.gamma(1 - 2 * d) * scipy.special.rgamma(d) / math.gamma(1 - d)
        far = np.array([10**6, 10**9, 10**12])
        np.testing.assert_allclose(arfima_autocovariance(d, far) * far ** (1 - 2 * d), limit,
                                   rtol=1e-6)


@pytest.mark.parametrize("d", [-0.35, 0.2, 0.4])
@pytest.mark.parametrize("lag", [0, 1, 3])
def test_arfima_autocovariance_is_the_integral_of_its_spectral_density(d, lag):
    """``s_k = 2 int_0^1/2 |2 sin(pi f)|**(-2d) cos(2 pi f k) df``, the singularity at 0
    integrated exactly by QUADPACK's algebraic weight ``f**(-2d)``."""
    def smooth(f):
        return (2 * np.sinc(f) * np.pi) ** (-2 * d) * np.cos(2 * np.pi * f * lag)

    integral, error = scipy.integrate.quad(smooth, 0, 0.5, weight="alg", wvar=(-2 * d, 0),
                                           epsabs=1e-13, epsrel=1e-12)
    assert error < 1e-10
    np.testing.assert_allclose(arfima_autocovariance(d, lag), 2 * integral, rtol=1e-9)


def test_white_noise_has_no_autocovariance_beyond_lag_0():
    lags = np.arange(5000)
    np.testing.assert_array_equal(fgn_autocovariance(0.5, lags), lags == 0)
    np.testing.assert_array_equal(arfima_autocovariance(0.0, lags), lags == 0)


# -- the embedding and the exact covariance of the output ---------------------------------------

def _acvs():
    return ([("fgn", H, lambda n, H=H: fgn_autocovariance(H, np.arange(n + 1)))
             for H in HURSTS]
            + [("arfima", d, lambda n, d=d: arfima_autocovariance(d, np.arange(n + 1)))
               for d in DIFFERENCES])


@pytest.mark.parametrize(("model", "parameter", "acv_of"), _acvs(),
                         ids=[f"{m}-{p}" for m, p, _ in _acvs()])
@pytest.mark.parametrize("n", [1, 2, 3, 16, 255, 4096])
def test_the_embedding_spectrum_transformed_back_is_the_autocovariance(model, parameter,
                                                                       acv_of, n):
    acv = acv_of(n)
    roots = _simulate._embedding_roots(acv)
    assert roots.shape == (n + 1,) and np.all(roots >= 0)
    # The eigenvalues S_k = 2n roots**2 of the circulant, and its first row from them.
    row = np.fft.irfft(2 * n * roots**2, 2 * n)
    np.testing.assert_allclose(row[:n + 1], acv, rtol=0, atol=1e-12 * acv[0])
    np.testing.assert_allclose(row[n + 1:], acv[n - 1:0:-1], rtol=0, atol=1e-12 * acv[0])


@pytest.mark.parametrize(("model", "parameter", "acv_of"), _acvs(),
                         ids=[f"{m}-{p}" for m, p, _ in _acvs()])
@pytest.mark.parametrize("n", [1, 2, 3, 16])
def test_the_covariance_of_the_output_is_exactly_the_toeplitz_matrix(model, parameter,
                                                                     acv_of, n):
    """The output is linear in the 2n normal draws, ``x = z A``: its covariance is
    ``A.T A``, which must be the Toeplitz matrix of the autocovariance."""
    acv = acv_of(n)
    a = _simulate._from_normals(_simulate._embedding_roots(acv), np.eye(2 * n))
    assert a.shape == (2 * n, n)
    np.testing.assert_allclose(a.T @ a, scipy.linalg.toeplitz(acv[:n]), rtol=0, atol=1e-12)


@pytest.mark.parametrize(("simulate", "parameter", "acv"), [
    (atrous.simulate_fgn, 0.7, fgn_autocovariance),
    (atrous.simulate_arfima, -0.2, arfima_autocovariance),
])
@pytest.mark.parametrize("n", [1, 2, 16, 33])
def test_the_public_functions_apply_that_linear_map_to_the_generators_draws(simulate,
                                                                            parameter, acv, n):
    x = simulate(n, parameter, size=(2, 3), seed=11)
    draws = np.random.default_rng(11).standard_normal((6, 2 * n))
    roots = _simulate._embedding_roots(acv(parameter, np.arange(n + 1)))
    np.testing.assert_allclose(x.reshape(6, n), _simulate._from_normals(roots, draws),
                               rtol=0, atol=1e-14)


def test_white_noise_parameters_give_independent_unit_variance_samples():
    for acv in (fgn_autocovariance(0.5, np.arange(17)), arfima_autocovariance(0, np.arange(17))):
        a = _simulate._from_normals(_simulate._embedding_roots(acv), np.eye(32))
        np.testing.assert_allclose(a.T @ a, np.eye(16), rtol=0, atol=1e-14)


# -- the embedding's check ----------------------------------------------------------------------

def test_a_negative_eigenvalue_beyond_rounding_is_refused():
    # s = (1, 0.9, 0): eigenvalues 1 + 1.8 cos(pi k / 2) + 0, k = 0, 1, 2 -> 2.8, 1, -0.8.
    with pytest.raises(ValueError, match=r"negative eigenvalue -0\.8.*not a covariance"):
        _simulate._embedding_roots([1.0, 0.9, 0.0])
    with pytest.raises(ValueError, match="negative eigenvalue"):
        _simulate._embedding_roots([1.0, -1.001])


def test_a_negative_eigenvalue_from_rounding_is_taken_as_zero():
    # s = (1, -1 - 2**-52): the eigenvalue 1 + s_1 is -2**-52, rounding's size.
    roots = _simulate._embedding_roots([1.0, -1.0 - 2.0**-52])
    assert roots[0] == 0.0 and roots[1] == pytest.approx(1.0)


@pytest.mark.parametrize("H", [1e-9, 1e-4, 0.9999, 1 - 1e-9])
@pytest.mark.parametrize("n", [1, 2, 3, 1000, 4097])
def test_extreme_hurst_exponents_embed_without_error(H, n):
    x = atrous.simulate_fgn(n, H, seed=0)
    assert x.shape == (n,) and np.all(np.isfinite(x))


@pytest.mark.parametrize("d", [-0.5 + 1e-9, 0.5 - 1e-9])
def test_extreme_differences_embed_without_error(d):
    x = atrous.simulate_arfima(1000, d, seed=0)
    assert np.all(np.isfinite(x))


# -- the statistics of many series --------------------------------------------------------------

def _sample_acv(x, lags):
    """Per series, ``mean_t x_t x_{t+k}`` (the mean is known to be 0): ``(series, lags)``."""
    n = x.shape[-1]
    return np.stack([np.mean(x[:, :n - k] * x[:, k:], axis=1) for k in lags], axis=1)


@pytest.mark.parametrize(("simulate", "acv", "parameter", "wrong"), [
    (atrous.simulate_fgn, fgn_autocovariance, 0.8, [0.75, 0.85]),
    (atrous.simulate_fgn, fgn_autocovariance, 0.3, [0.25, 0.35]),
    (atrous.simulate_arfima, arfima_autocovariance, 0.3, [0.25, 0.35]),
    (atrous.simulate_arfima, arfima_autocovariance, -0.3, [-0.35, -0.25]),
])
def test_sample_autocovariances_match_the_theory_and_would_catch_a_wrong_parameter(
        simulate, acv, parameter, wrong):
    lags = np.arange(0, 11)
    per_series = _sample_acv(simulate(256, parameter, size=2000, seed=20240517), lags)
    mean = per_series.mean(axis=0)
    # The series are independent: the standard error of the mean over them is honest.
    standard_error = per_series.std(axis=0, ddof=1) / np.sqrt(per_series.shape[0])
    z = np.abs(mean - acv(parameter, lags)) / standard_error
    assert z.max() < 4.5, z
    for other in wrong:
        assert (np.abs(mean - acv(other, lags)) / standard_error).max() > 4.5, other


def test_the_cumulative_sum_of_fgn_is_self_similar():
    """Var(sum of m samples) = m**(2H), fractional Brownian motion's scaling."""
    x = atrous.simulate_fgn(512, 0.75, size=4000, seed=3)
    for m in (1, 16, 256):
        variance = np.mean(x[:, :m].sum(axis=1) ** 2)
        assert variance == pytest.approx(m**1.5, rel=0.1)


# -- size and seed ------------------------------------------------------------------------------

@pytest.mark.parametrize(("size", "shape"), [
    (None, (7,)), (3, (3, 7)), (np.int64(3), (3, 7)), ((2, 3), (2, 3, 7)), ([4], (4, 7)),
    ((), (7,)), (0, (0, 7)), ((2, 0), (2, 0, 7)),
])
@pytest.mark.parametrize("simulate", [atrous.simulate_fgn, atrous.simulate_arfima])
def test_shapes_follow_size(simulate, size, shape):
    x = simulate(7, 0.3, size=size, seed=1)
    assert x.shape == shape and x.dtype == np.float64 and x.flags.c_contiguous


@pytest.mark.parametrize("simulate", [atrous.simulate_fgn, atrous.simulate_arfima])
def test_seeds_and_generators(simulate):
    first = simulate(64, 0.2, size=5, seed=42)
    np.testing.assert_array_equal(first, simulate(64, 0.2, size=5, seed=42))
    assert not np.array_equal(first, simulate(64, 0.2, size=5, seed=43))
    # A Generator is used as it is, and advanced: C-order draws, series after series.
    rng = np.random.default_rng(42)
    np.testing.assert_array_equal(simulate(64, 0.2, size=2, seed=rng), first[:2])
    np.testing.assert_array_equal(simulate(64, 0.2, size=3, seed=rng), first[2:])
    np.testing.assert_array_equal(simulate(64, 0.2, size=5,
                                           seed=np.random.SeedSequence(42)), first)
    np.testing.assert_array_equal(simulate(64, 0.2, seed=42), first[0])
    assert simulate(64, 0.2, size=2).shape == (2, 64)  # seed=None: fresh entropy


def test_batches_of_series_give_the_same_series(monkeypatch):
    whole = atrous.simulate_fgn(100, 0.6, size=(3, 5), seed=8)
    monkeypatch.setattr(_simulate, "_SCRATCH_BYTES", 64 * 101 * 4)  # 4 series a batch
    np.testing.assert_array_equal(atrous.simulate_fgn(100, 0.6, size=(3, 5), seed=8), whole)
    monkeypatch.setattr(_simulate, "_SCRATCH_BYTES", 1)  # one series a batch
    np.testing.assert_array_equal(atrous.simulate_fgn(100, 0.6, size=(3, 5), seed=8), whole)


def test_one_and_two_samples():
    one = atrous.simulate_fgn(1, 0.9, size=20000, seed=5)
    assert one.shape == (20000, 1)
    assert np.var(one) == pytest.approx(1, abs=0.05)
    two = atrous.simulate_arfima(2, 0.4, size=20000, seed=5)
    covariance = np.cov(two.T)
    np.testing.assert_allclose(covariance, scipy.linalg.toeplitz(
        arfima_autocovariance(0.4, [0, 1])), atol=0.1)


# -- errors -------------------------------------------------------------------------------------

@pytest.mark.parametrize("simulate", [atrous.simulate_fgn, atrous.simulate_arfima])
@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"n": 0}, ValueError, r"`n`=0 must be a positive integer"),
    ({"n": -4}, ValueError, r"`n`=-4 must be a positive integer"),
    ({"n": 2.5}, TypeError, r"`n` must be an integer, got 2\.5"),
    ({"n": True}, TypeError, r"`n` must be an integer, got the boolean"),
    ({"n": "8"}, TypeError, r"`n` must be an integer"),
    ({"n": None}, TypeError, r"`n` must be an integer"),
    ({"size": -1}, ValueError, r"`size`=-1 has a negative dimension"),
    ({"size": (2, -3)}, ValueError, r"`size`=\(2, -3\) has a negative dimension"),
    ({"size": 2.5}, TypeError, r"`size` must be None, an integer or a tuple"),
    ({"size": "3"}, TypeError, r"`size` must be None, an integer or a tuple"),
    ({"size": True}, TypeError, r"`size` must be None, an integer or a tuple"),
    ({"size": (2, 1.5)}, TypeError, r"`size` must be an integer, got 1\.5"),
    ({"seed": -1}, ValueError, r"`seed` must be None, a non-negative integer"),
    ({"seed": "abc"}, TypeError, r"`seed` must be None, a non-negative integer"),
])
def test_bad_lengths_sizes_and_seeds(simulate, kwargs, error, match):
    arguments = {"n": 8, "size": None, "seed": None} | kwargs
    with pytest.raises(error, match=match):
        simulate(arguments["n"], 0.25, size=arguments["size"], seed=arguments["seed"])


@pytest.mark.parametrize("H", [0, 1, -0.1, 1.5, np.inf])
def test_hurst_exponent_outside_0_1(H):
    with pytest.raises(ValueError, match=r"`H`=.* must be in \(0, 1\) \(ends excluded\)"):
        atrous.simulate_fgn(8, H)
    with pytest.raises(ValueError, match=r"\(0, 1\)"):
        fgn_autocovariance(H, [0, 1])


@pytest.mark.parametrize("d", [0.5, -0.5, 0.7, -np.inf])
def test_difference_outside_the_stationary_invertible_range(d):
    with pytest.raises(ValueError, match=r"`d`=.* must be in \(-0\.5, 0\.5\) \(ends excluded\)"):
        atrous.simulate_arfima(8, d)
    with pytest.raises(ValueError, match=r"\(-0\.5, 0\.5\)"):
        arfima_autocovariance(d, [0, 1])


def test_nan_parameters():
    with pytest.raises(ValueError, match=r"`H` is NaN; it must be a number in \(0, 1\)"):
        atrous.simulate_fgn(8, np.nan)
    with pytest.raises(ValueError, match=r"`d` is NaN; it must be a number in \(-0\.5, 0\.5\)"):
        atrous.simulate_arfima(8, float("nan"))


@pytest.mark.parametrize("value", ["0.5", None, [0.3], True, 0.3 + 0j])
def test_parameters_that_are_not_real_numbers(value):
    with pytest.raises(TypeError, match=r"`H` must be a real number in \(0, 1\)"):
        atrous.simulate_fgn(8, value)
    with pytest.raises(TypeError, match=r"`d` must be a real number in \(-0\.5, 0\.5\)"):
        atrous.simulate_arfima(8, value)


def test_parameters_may_be_numpy_scalars():
    np.testing.assert_array_equal(atrous.simulate_fgn(8, np.float32(0.75), seed=1),
                                  atrous.simulate_fgn(8, np.float32(0.75).item(), seed=1))
    assert atrous.simulate_arfima(np.int64(8), np.array(0.25), seed=1).shape == (8,)


@pytest.mark.parametrize("lags", [[0.5], [1, np.nan], ["a"]])
def test_autocovariance_lags_must_be_whole(lags):
    with pytest.raises(ValueError, match="`lags` must be integers"):
        fgn_autocovariance(0.7, lags)
    with pytest.raises(ValueError, match="`lags` must be integers"):
        arfima_autocovariance(0.2, lags)


@pytest.mark.parametrize("simulate, parameter", [(atrous.simulate_fgn, 0.7),
                                                 (atrous.simulate_arfima, 0.2)])
def test_a_request_larger_than_memory_is_refused_naming_n_and_size(simulate, parameter):
    # Not a MemoryError deep inside NumPy (nor swapping): the arguments, and what works.
    with pytest.raises(ValueError, match=r"`n`=1000 samples times `size`=\(1000000000000,\)"
                                         r" series would need .* GiB.*fewer or shorter"):
        simulate(1000, parameter, size=10**12)
    with pytest.raises(ValueError, match=r"`n`=10000000000000 samples"):
        simulate(10**13, parameter)
