"""Boundary masks, phase alignment and wavelet variance against R waveslim."""

import pathlib

import numpy as np
import pytest
from scipy import stats

import atrous

REFERENCE = pathlib.Path(__file__).resolve().parent / "data" / "waveslim"
CASES = ["haar_J4_periodic", "d4_J4_periodic", "la8_J4_periodic"]


def load(case):
    ref = np.load(REFERENCE / f"waveslim_ecg1000_{case}.npz")
    wavelet = str(ref["waveslim_wavelet"])
    return ref, wavelet, atrous.modwt(ref["x"], wavelet, level=4)


def rows(ref, prefix):
    return [ref[f"{prefix}d{j}"] for j in range(1, 5)] + [ref[f"{prefix}s4"]]


@pytest.mark.parametrize("case", CASES)
def test_brick_wall_equals_waveslim(case):
    ref, wavelet, w = load(case)
    walled = atrous.brick_wall(w, wavelet)
    want = np.stack(rows(ref, "bw_"))
    np.testing.assert_array_equal(np.isnan(walled), np.isnan(want))
    np.testing.assert_allclose(walled[~np.isnan(walled)], want[~np.isnan(want)], atol=1e-9)
    assert not np.isnan(w).any()  # the input is left alone


@pytest.mark.parametrize("case", CASES)
def test_phase_shift_equals_waveslim(case):
    ref, wavelet, w = load(case)
    aligned = atrous.phase_shift(w, wavelet)
    for got, want in zip(aligned, rows(ref, "ps_")):
        # waveslim appends one stray sample when a shift is 0 (R's 1:0 is c(1, 0)).
        np.testing.assert_allclose(got, want[:got.size], atol=1e-9 * np.abs(want).max())
    np.testing.assert_array_equal(atrous.phase_shift(aligned, wavelet, inverse=True), w)


@pytest.mark.parametrize("case", CASES)
def test_wavelet_variance_equals_waveslim(case):
    ref, wavelet, w = load(case)
    eta3 = atrous.wavelet_variance(w, wavelet, unbiased=True, ci="eta3", p=0.025)
    for got, key in zip(eta3, ["wv_wavevar", "wv_lower", "wv_upper"]):
        np.testing.assert_allclose(got, ref[key], rtol=1e-9)
    gaussian = atrous.wavelet_variance(w, wavelet, unbiased=False, ci="gaussian", p=0.025)
    for got, key in zip(gaussian, ["wvg_wavevar", "wvg_lower", "wvg_upper"]):
        np.testing.assert_allclose(got, ref[key], rtol=1e-9)


def test_eta1_interval_from_its_definition(rng):
    x = rng.standard_normal(500).cumsum()
    w = atrous.modwt(x, "la8", level=3)
    got = atrous.wavelet_variance(w, "la8", ci="eta1", p=0.05)
    for row in range(4):
        level = min(row + 1, 3)
        c = w[row][(2**level - 1) * 7:]
        m = c.size
        v = np.mean(c**2)
        s = np.array([np.sum(c[:m - tau] * c[tau:]) / m for tau in range(m)])
        a = s[0] ** 2 / 2 + np.sum(s[1:] ** 2)
        eta = m * v**2 / a
        np.testing.assert_allclose(got.variance[row], v, rtol=1e-12)
        np.testing.assert_allclose(got.lower[row], eta * v / stats.chi2.ppf(0.95, eta),
                                   rtol=1e-9)
        np.testing.assert_allclose(got.upper[row], eta * v / stats.chi2.ppf(0.05, eta),
                                   rtol=1e-9)


def test_vectorised_over_series_and_white_noise_scaling(rng):
    x = rng.standard_normal((3, 2**13))
    w = atrous.modwt(x, "d4", level=4, axis=1)
    batch = atrous.wavelet_variance(w, "d4", axis=1)
    assert batch.variance.shape == (5, 3)
    for i in range(3):
        single = atrous.wavelet_variance(atrous.modwt(x[i], "d4", level=4), "d4")
        for got, want in zip(batch, single):
            np.testing.assert_allclose(got[:, i], want, rtol=1e-12)
    # Unit white noise has wavelet variance 1 / 2**j at level j.
    expected = 1 / 2.0 ** np.arange(1, 5)
    assert np.all(np.abs(batch.variance[:4].mean(axis=1) / expected - 1) < 0.1)
    assert np.all(batch.lower[:4] < batch.variance[:4])
    assert np.all(batch.variance[:4] < batch.upper[:4])


def test_levels_without_interior_coefficients_are_nan():
    w = atrous.modwt(np.random.default_rng(0).standard_normal(16), "la8", level=3)
    result = atrous.wavelet_variance(w, "la8")
    assert np.isnan(result.variance[1:]).all() and np.isfinite(result.variance[0])


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"ci": "t"}, "`ci`='t'"), ({"p": 0.7}, r"`p`=0.7 must be in \(0, 0.5\)"),
])
def test_errors(kwargs, match):
    w = atrous.modwt(np.ones(32), "haar", level=2)
    with pytest.raises(ValueError, match=match):
        atrous.wavelet_variance(w, "haar", **kwargs)
    with pytest.raises(ValueError, match="`w` must be what modwt returns"):
        atrous.brick_wall(np.ones(5))


def naive_covariance_interval(x, y, p):
    """The covariance and its Gaussian half-width, with explicit sums over lags."""
    m = x.size
    cov = np.sum(x * y) / m

    def s(a, b, tau):  # sum_t a_t b_{t+tau} / m
        return (np.sum(a[:m - tau] * b[tau:]) if tau >= 0 else np.sum(a[-tau:] * b[:m + tau])) / m

    total = (s(x, x, 0) * s(y, y, 0) + s(x, y, 0) ** 2) / 2
    total += sum(s(x, x, t) * s(y, y, t) + s(x, y, t) * s(x, y, -t) for t in range(1, m))
    return cov, stats.norm.ppf(1 - p) * np.sqrt(total / m)


def test_covariance_and_its_interval_from_the_definitions(rng):
    x = rng.standard_normal(300).cumsum()
    y = 0.5 * x + rng.standard_normal(300)
    wx, wy = atrous.modwt(x, "d4", level=3), atrous.modwt(y, "d4", level=3)
    got = atrous.wavelet_covariance(wx, wy, "d4", p=0.05)
    for row in range(4):
        skip = (2 ** min(row + 1, 3) - 1) * 3
        cov, half = naive_covariance_interval(wx[row][skip:], wy[row][skip:], 0.05)
        np.testing.assert_allclose(got.estimate[row], cov, rtol=1e-12)
        np.testing.assert_allclose(got.upper[row] - got.estimate[row], half, rtol=1e-9)
        np.testing.assert_allclose(got.estimate[row] - got.lower[row], half, rtol=1e-9)
    # For x = y it is the variance with its Gaussian interval.
    same = atrous.wavelet_covariance(wx, wx, "d4")
    variance = atrous.wavelet_variance(wx, "d4", ci="gaussian")
    for a, b in zip(same, variance):
        np.testing.assert_allclose(a, b, rtol=1e-10)


def test_correlation_estimate_interval_and_coverage(rng):
    rho, covered, trials = 0.6, 0, 60
    for _ in range(trials):
        x = rng.standard_normal(2048)
        y = rho * x + np.sqrt(1 - rho**2) * rng.standard_normal(2048)
        result = atrous.wavelet_correlation(atrous.modwt(x, "la8", level=3),
                                            atrous.modwt(y, "la8", level=3), "la8", p=0.025)
        covered += np.sum((result.lower[:3] <= rho) & (rho <= result.upper[:3]))
    assert covered / (3 * trials) > 0.85  # nominal 95%
    # The estimate and interval from their definitions, on the last trial.
    w = atrous.modwt(x, "la8", level=3)[0][7:]
    v = atrous.modwt(y, "la8", level=3)[0][7:]
    r = np.sum(w * v) / np.sqrt(np.sum(w * w) * np.sum(v * v))
    half = stats.norm.ppf(0.975) / np.sqrt(w.size / 2 - 3)
    np.testing.assert_allclose(result.estimate[0], r, rtol=1e-12)
    np.testing.assert_allclose(result.lower[0], np.tanh(np.arctanh(r) - half), rtol=1e-12)
    np.testing.assert_allclose(result.upper[0], np.tanh(np.arctanh(r) + half), rtol=1e-12)


def test_covariance_and_correlation_vectorised_and_checked(rng):
    x, y = rng.standard_normal((2, 3, 512))
    wx, wy = atrous.modwt(x, "haar", level=2, axis=1), atrous.modwt(y, "haar", level=2, axis=1)
    batch = atrous.wavelet_correlation(wx, wy, "haar", axis=1)
    assert batch.estimate.shape == (3, 3)
    single = atrous.wavelet_correlation(wx[:, 1], wy[:, 1], "haar")
    np.testing.assert_allclose(batch.estimate[:, 1], single.estimate, rtol=1e-12)
    with pytest.raises(ValueError, match="`wx` and `wy` must have the same shape"):
        atrous.wavelet_covariance(wx, wy[:2], "haar")


def test_cross_correlation_by_lag_from_the_definition(rng):
    x = rng.standard_normal(400).cumsum()
    y = np.roll(x, 5) + rng.standard_normal(400)
    wx, wy = atrous.modwt(x, "la8", level=2), atrous.modwt(y, "la8", level=2)
    lags, rho = atrous.wavelet_cross_correlation(wx, wy, "la8", max_lag=20)
    assert rho.shape == (3, 41) and lags[0] == -20
    for row in range(3):
        skip = (2 ** min(row + 1, 2) - 1) * 7
        a, b = wx[row][skip:], wy[row][skip:]
        m = a.size
        scale = np.sqrt(np.mean(a * a) * np.mean(b * b))
        for lag in (-20, -3, 0, 5, 20):
            value = (np.sum(a[:m - lag] * b[lag:]) if lag >= 0
                     else np.sum(a[-lag:] * b[:m + lag])) / m
            np.testing.assert_allclose(rho[row, lag + 20], value / scale, rtol=1e-10)
    assert lags[np.argmax(rho[0])] == 5  # y follows x by 5 samples


def test_cross_correlation_of_a_series_with_itself_and_short_rows(rng):
    x = rng.standard_normal(64)
    w = atrous.modwt(x, "la8", level=3)
    lags, rho = atrous.wavelet_cross_correlation(w, w, "la8", max_lag=60)
    np.testing.assert_allclose(rho[0, 60], 1.0)
    np.testing.assert_allclose(rho[0, 60 + np.arange(1, 10)], rho[0, 60 - np.arange(1, 10)])
    assert np.isnan(rho[0, 0])  # level 1 keeps 57 interior coefficients: lag -60 is too far
    with pytest.raises(ValueError, match="`max_lag`=-1 must be 0 or more"):
        atrous.wavelet_cross_correlation(w, w, "la8", max_lag=-1)


def test_wavelet_variance_of_a_signal_transforms_it_first(rng):
    x = rng.standard_normal(300)
    direct = atrous.wavelet_variance(x, "la8", level=3)
    via = atrous.wavelet_variance(atrous.modwt(x, "la8", level=3), "la8")
    for a, b in zip(direct, via):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="`level` is for a 1-d signal"):
        atrous.wavelet_variance(atrous.modwt(x, "la8", level=3), "la8", level=3)


def test_complex_series(rng):
    z = rng.standard_normal(512) + 1j * rng.standard_normal(512)
    w = atrous.modwt(z, "haar", level=2)
    got = atrous.wavelet_variance(w, "haar")
    real = atrous.wavelet_variance(atrous.modwt(z.real, "haar", level=2), "haar").variance
    imag = atrous.wavelet_variance(atrous.modwt(z.imag, "haar", level=2), "haar").variance
    np.testing.assert_allclose(got.variance, real + imag, rtol=1e-12)
    assert np.all(got.lower < got.variance) and np.all(got.variance < got.upper)
    for ci in ("gaussian", "eta1"):
        interval = atrous.wavelet_variance(w, "haar", ci=ci)
        assert np.all(interval.lower < interval.variance)
        assert np.all(interval.variance < interval.upper)
    with pytest.raises(TypeError, match="must be real"):
        atrous.wavelet_covariance(w, w, "haar")


def test_cross_correlation_of_a_batch_equals_each_series(rng):
    x = rng.standard_normal((3, 200)).cumsum(axis=1)
    y = np.roll(x, 2, axis=1) + rng.standard_normal((3, 200))
    wx, wy = atrous.modwt(x, "la8", level=2), atrous.modwt(y, "la8", level=2)
    lags, rho = atrous.wavelet_cross_correlation(wx, wy, "la8", max_lag=190)
    assert rho.shape == (3, 381, 3)
    for series in range(3):
        _, single = atrous.wavelet_cross_correlation(wx[:, series], wy[:, series], "la8",
                                                     max_lag=190)
        np.testing.assert_array_equal(rho[..., series], single)
        row = 1  # level 2 keeps 200 - 21 = 179 interior coefficients: lags up to 178
        assert np.isnan(single[row, :190 - 178]).all() and np.isnan(single[row, -12:]).all()
        assert not np.isnan(single[row, 190 - 178:190 + 179]).any()
