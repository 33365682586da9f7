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
