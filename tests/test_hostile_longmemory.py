"""Hostile inputs for the long-memory estimators (atrous._longmemory): series without
variation, estimates at the edge of the parameter range, a random walk read as fGn, NaN and
infinities, extreme scales, levels without coefficients and absurd ``levels``; and the
ordinary series of tests/test_longmemory.py and the notebooks, on which no warning fires."""

import functools
import warnings

import numpy as np
import pytest

import atrous

N = 2**12
ESTIMATORS = {
    "hurst": atrous.hurst_exponent,
    "hurst_dwt": functools.partial(atrous.hurst_exponent, method="dwt"),
    "mle": atrous.fractional_d_mle,
}
FIELDS = ("estimate", "stderr", "low", "high")


def _fgn(size=None, seed=0, H=0.7):
    return atrous.simulate_fgn(N, H, size=size, seed=seed)


# -- 1. no variation at the levels used ----------------------------------------------------------

def _without_variation():
    """Series whose interior wavelet coefficients are zero or floating-point rounding."""
    t = np.arange(N, dtype=float)
    rng = np.random.default_rng(5)
    ulps = rng.integers(-2, 3, N)
    return {
        "constant": np.full(N, 3.7),
        "zeros": np.zeros(N),
        "large constant": np.full(N, -2.5e12),
        "ramp": 3.0 + 0.01 * t,                               # la8 has 4 vanishing moments
        "cubic": 1e3 * (t / N) ** 3 - 40 * (t / N) + 7,
        "rounding noise": 0.1 + ulps * np.spacing(0.1),       # a constant, +-2 ulps
        "rounding of a large constant": 1e6 + ulps * np.spacing(1e6),
    }


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=list(ESTIMATORS))
@pytest.mark.parametrize("kind", list(_without_variation()))
def test_a_series_without_variation_is_nan_with_a_warning(kind, estimator):
    flat = _without_variation()[kind]
    ordinary = _fgn(seed=1)
    offset = 1e6 + 1e-4 * _fgn(seed=2)         # a million ulps of variation: kept
    with pytest.warns(UserWarning, match=r"no variation.*1 of 3 series"):
        result = ESTIMATORS[estimator](np.stack([ordinary, flat, offset]))
    for field in FIELDS:
        assert np.isnan(getattr(result, field)[1]), field
    # The other series of the batch: what they give alone (the offset: what its variation
    # gives without the offset, to the rounding of 1e6).
    alone = ESTIMATORS[estimator](ordinary)
    for field in FIELDS:
        assert getattr(result, field)[0] == pytest.approx(getattr(alone, field), rel=1e-12)
    unshifted = ESTIMATORS[estimator](1e-4 * _fgn(seed=2))
    assert result.estimate[2] == pytest.approx(unshifted.estimate, abs=1e-5)


@pytest.mark.parametrize("wavelet, polynomial", [("haar", 0), ("d4", 1), ("db10", 9)])
def test_a_polynomial_the_wavelet_removes_has_no_variation(wavelet, polynomial):
    t = np.linspace(-1, 1, N)
    x = 5 + np.polynomial.polynomial.polyval(t, np.arange(1.0, polynomial + 2))
    for estimator in (atrous.hurst_exponent, atrous.fractional_d_mle):
        with pytest.warns(UserWarning, match="no variation"):
            assert np.isnan(estimator(x, wavelet).estimate)


def test_the_diagram_of_a_constant_is_nan_with_a_warning():
    x = np.stack([np.full(N, 3.7), _fgn(seed=3)])
    with pytest.warns(UserWarning, match=r"no variation.*1 of 2 series"):
        diagram = atrous.logscale_diagram(x, levels=(2, 8))
    assert np.all(np.isnan(diagram.log2_variance[:, 0]))
    expected = atrous.logscale_diagram(x[1], levels=(2, 8)).log2_variance
    np.testing.assert_allclose(diagram.log2_variance[:, 1], expected, rtol=1e-12)


# -- 2. the edge of the parameter range, 3. a random walk read as fGn ---------------------------

def test_the_mle_at_the_edge_of_its_interval_warns_naming_the_bound():
    white = np.random.default_rng(6).standard_normal((2, N + 1))
    walk = np.cumsum(white[0, :N])                       # d = 1: beyond 1/2
    with pytest.warns(UserWarning, match=r"1 of 2 series.*upper bound d = 1/2"):
        result = atrous.fractional_d_mle(np.stack([_fgn(seed=4), walk]))
    assert result.estimate[1] >= 0.49
    overdifferenced = np.diff(white[1])                  # d = -1: beyond -1/2
    with pytest.warns(UserWarning, match=r"lower bound d = -1/2"):
        result = atrous.fractional_d_mle(overdifferenced)
    assert result.estimate <= -0.49


def test_hurst_beyond_its_range_warns_naming_the_bound():
    white = np.random.default_rng(7).standard_normal(N + 2)
    # Differenced white noise: spectrum ~ f**2, slope -3, H = -1/2 read as fGn.
    with pytest.warns(UserWarning, match=r"below 0, the lower bound"):
        result = atrous.hurst_exponent(np.diff(white))
    assert result.estimate == pytest.approx(-0.5, abs=0.1)
    # White noise read as fBm: H = -1/2; it is the noise itself, 'fgn' reads it.
    with pytest.warns(UserWarning, match=r"below 0, the lower bound.*process='fgn'"):
        atrous.hurst_exponent(white, process="fbm")
    # A twice-integrated walk read as fBm: H = 3/2.
    with pytest.warns(UserWarning, match=r"above 1, the upper bound"):
        result = atrous.hurst_exponent(np.cumsum(np.cumsum(white)), process="fbm")
    assert result.estimate == pytest.approx(1.5, abs=0.1)


def test_a_random_walk_read_as_fgn_points_to_fbm():
    walk = np.cumsum(np.random.default_rng(8).standard_normal(N))
    with pytest.warns(UserWarning, match=r"above 1, the upper bound.*process='fbm'"):
        result = atrous.hurst_exponent(walk)
    assert result.estimate == pytest.approx(1.5, abs=0.1)   # slope 1: H = 1/2 + 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read = atrous.hurst_exponent(walk, process="fbm")
    assert read.estimate == pytest.approx(result.estimate - 1)


# -- 4. NaN and infinities -------------------------------------------------------------------------

@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("position", [0, 1, 7, N // 2, N - 1])
@pytest.mark.parametrize("estimator", ESTIMATORS, ids=list(ESTIMATORS))
def test_a_non_finite_sample_anywhere_spoils_its_series_only(estimator, position, value):
    x = _fgn(size=3, seed=9)
    clean = ESTIMATORS[estimator](x)
    x[1, position] = value
    spoiled = x.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = ESTIMATORS[estimator](x)
    np.testing.assert_array_equal(x, spoiled)                  # the input is not modified
    for field in FIELDS:
        assert np.isnan(getattr(result, field)[1]), field
        np.testing.assert_allclose(getattr(result, field)[[0, 2]],
                                   getattr(clean, field)[[0, 2]], rtol=1e-12)
    assert np.all(np.isnan(result.diagram.log2_variance[:, 1]))


@pytest.mark.parametrize("method", ["modwt", "dwt"])
@pytest.mark.parametrize("position", [0, 2, N - 1])
def test_a_non_finite_sample_spoils_the_diagram_of_its_series(method, position):
    x = _fgn(size=2, seed=10)
    x[0, position] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        diagram = atrous.logscale_diagram(x, levels=(2, 8), method=method)
    assert np.all(np.isnan(diagram.log2_variance[:, 0]))
    assert np.all(np.isfinite(diagram.log2_variance[:, 1]))


# -- 5. extreme scales -----------------------------------------------------------------------

@pytest.mark.parametrize("scale", [1e-160, 1e155, 1e-300, 1e300, 2.0**-530, 2.0**515])
@pytest.mark.parametrize("estimator", ESTIMATORS, ids=list(ESTIMATORS))
def test_extreme_scales_give_the_unit_scale_estimate(estimator, scale):
    x = _fgn(size=2, seed=11, H=0.75)
    unit = ESTIMATORS[estimator](x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scaled = ESTIMATORS[estimator](x * scale)
    for field in FIELDS:
        np.testing.assert_allclose(getattr(scaled, field), getattr(unit, field), rtol=1e-9)
    # The diagram moves by log2(scale**2) = 2 log2(scale).
    np.testing.assert_allclose(scaled.diagram.log2_variance,
                               unit.diagram.log2_variance + 2 * np.log2(scale), rtol=1e-12)


def test_a_power_of_two_scale_is_exact_and_scales_the_innovation_variance():
    x = _fgn(size=2, seed=12, H=0.75)
    unit = atrous.fractional_d_mle(x)
    scaled = atrous.fractional_d_mle(x * 2.0**-500)
    np.testing.assert_array_equal(scaled.estimate, unit.estimate)
    np.testing.assert_allclose(scaled.innovation_variance,
                               unit.innovation_variance * 2.0**-1000, rtol=1e-12)
    for method in ("modwt", "dwt"):
        tiny = atrous.logscale_diagram(x * 2.0**-530, levels=(1, 8), method=method)
        ones = atrous.logscale_diagram(x, levels=(1, 8), method=method)
        np.testing.assert_array_equal(tiny.log2_variance, ones.log2_variance - 1060)


# -- 6. levels without coefficients --------------------------------------------------------------

def _dwt_counts(n, taps, top):
    """The DWT coefficients free of the boundary per level, by a naive loop: the t in
    [L_j - 1, n) with (t + 1) a multiple of 2**j."""
    counts = []
    for j in range(1, top + 1):
        skip = (2**j - 1) * (taps - 1)
        counts.append(sum(1 for t in range(skip, n) if (t + 1) % 2**j == 0))
    return np.array(counts)


def _length_with_an_empty_dwt_level():
    """A length whose level 9 has interior MODWT coefficients but no DWT one ('la8')."""
    for n in range(3500, 4096):
        skip = (2**9 - 1) * 7
        if n - skip >= 1 and _dwt_counts(n, 8, 9)[-1] == 0:
            return n
    raise AssertionError("no such length")


def test_a_level_without_dwt_coefficients_is_refused_by_name():
    n = _length_with_an_empty_dwt_level()
    x = atrous.simulate_fgn(n, 0.7, seed=13)
    calls = [lambda: atrous.fractional_d_mle(x, levels=(2, 9)),
             lambda: atrous.hurst_exponent(x, levels=(3, 9), method="dwt"),
             lambda: atrous.logscale_diagram(x, levels=[2, 5, 9], method="dwt")]
    for call in calls:
        with pytest.raises(ValueError, match=r"`levels`.*level 9 has no DWT coefficient"):
            call()
    # The MODWT's diagram has coefficients at level 9, as many as the naive count says.
    modwt = atrous.hurst_exponent(x, levels=(3, 9))
    assert modwt.diagram.count[-1] == n - (2**9 - 1) * 7
    assert np.isfinite(modwt.estimate)


def test_the_default_dwt_diagram_stops_at_the_last_level_with_coefficients():
    n = _length_with_an_empty_dwt_level()
    x = atrous.simulate_fgn(n, 0.7, seed=14)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        diagram = atrous.logscale_diagram(x, method="dwt")
    counts = _dwt_counts(n, 8, 9)
    np.testing.assert_array_equal(diagram.level, np.arange(1, 9))
    np.testing.assert_array_equal(diagram.count, counts[:8])
    assert np.all(np.isfinite(diagram.log2_variance))


# -- 7. absurd levels ------------------------------------------------------------------------

@pytest.mark.parametrize("levels", [(3, 10**20), (3, np.iinfo(np.int64).max), (-10**20, 5),
                                    (10**20, 10**20 + 1), (3, 2**63), [3, 10**20],
                                    range(3, 10**20)],
                         ids=["1e20", "int64 max", "-1e20", "both huge", "2**63", "list",
                              "range"])
@pytest.mark.parametrize("function", ["hurst_exponent", "fractional_d_mle",
                                      "logscale_diagram"])
def test_absurd_levels_are_refused_by_name(function, levels):
    x = _fgn(seed=15)
    with pytest.raises(ValueError, match=r"`levels`.*out of range.*levels 1 \.\.\. 9"):
        getattr(atrous, function)(x, levels=levels)


# -- ordinary series: no warning -----------------------------------------------------------------

@pytest.mark.parametrize("H", [0.2, 0.5, 0.7, 0.9])
def test_no_warning_on_fgn(H):
    x = atrous.simulate_fgn(N, H, size=100, seed=16)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for method in ("modwt", "dwt"):
            atrous.hurst_exponent(x, method=method)
            atrous.hurst_exponent(np.cumsum(x, axis=-1), process="fbm", method=method)
            atrous.logscale_diagram(x, levels=(1, 8), method=method)


@pytest.mark.parametrize("d", [-0.4, -0.2, 0.0, 0.2, 0.4])
def test_no_warning_on_arfima(d):
    x = atrous.simulate_arfima(N, d, size=100, seed=17)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        atrous.fractional_d_mle(x)
        atrous.hurst_exponent(x)
