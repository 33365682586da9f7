"""Long-memory estimation (atrous._longmemory): the log-scale diagram, the Hurst exponent by
weighted regression and the wavelet MLE of d, checked by simulation (bias, coverage, trend
robustness: each a single call on 200 series of 2**12 samples), against R waveslim's
``fdp.mle`` and ``scipy.integrate.quad``, and for the shapes, axes, dtypes and errors."""

import pathlib

import numpy as np
import pytest

import atrous
from atrous import _longmemory as lm

DATA = pathlib.Path(__file__).parent / "data"
N, SERIES = 2**12, 200
QUADRATIC = 10 + 40 * np.linspace(0, 1, N) - 60 * np.linspace(0, 1, N) ** 2


# -- simulation: bias, coverage, trends ----------------------------------------------------------

def _bias_coverage_and_trend(estimator, x, truth):
    """One call on 200 series: mean within 0.02 of the truth, 95% intervals covering it in
    90-99% of series, and a quadratic trend moving the estimates by less than 0.02."""
    result = estimator(x)
    assert result.estimate.shape == (SERIES,)
    assert abs(result.estimate.mean() - truth) < 0.02
    assert 0.90 <= np.mean((result.low < truth) & (truth < result.high)) <= 0.99
    trended = estimator(x + QUADRATIC)
    assert abs(np.mean(trended.estimate - result.estimate)) < 0.02
    np.testing.assert_allclose(trended.estimate, result.estimate, atol=1e-9)  # exactly, in fact


@pytest.mark.parametrize("seed, H", list(enumerate([0.3, 0.5, 0.7, 0.9])))
def test_hurst_exponent_of_fgn_is_unbiased_covers_and_ignores_a_quadratic(seed, H):
    x = atrous.simulate_fgn(N, H, size=SERIES, seed=100 + seed)
    _bias_coverage_and_trend(atrous.hurst_exponent, x, H)


@pytest.mark.parametrize("seed, d", list(enumerate([0.1, 0.25, 0.4])))
def test_mle_of_arfima_d_is_unbiased_covers_and_ignores_a_quadratic(seed, d):
    x = atrous.simulate_arfima(N, d, size=SERIES, seed=200 + seed)
    _bias_coverage_and_trend(atrous.fractional_d_mle, x, d)


def test_the_circular_boundary_would_let_the_trend_in():
    # What dropping the boundary coefficients buys: all coefficients of the periodic MODWT
    # see the trend's jump at the wrap, and the diagram bends.
    x = atrous.simulate_fgn(N, 0.7, size=20, seed=7) + QUADRATIC
    w = atrous.modwt(x, "la8", level=8)
    everything = np.log2(np.mean(w[2:8] ** 2, axis=-1))
    interior = atrous.logscale_diagram(x, levels=(3, 8))
    slopes = np.polyfit(np.arange(3, 9), everything, 1)[0]
    assert np.all(slopes > 0)                       # the wrapped trend's, not 2H - 2 = -0.6
    assert np.all(np.abs(atrous.hurst_exponent(x, levels=(3, 8)).slope + 0.6) < 0.3)
    assert interior.log2_variance.shape == (6, 20)


def test_fbm_reads_the_same_diagram_with_the_other_relation():
    H = 0.7
    x = np.cumsum(atrous.simulate_fgn(N, H, size=100, seed=11), axis=-1)
    result = atrous.hurst_exponent(x, process="fbm")
    assert abs(result.estimate.mean() - H) < 0.02
    np.testing.assert_allclose(result.slope / 2, result.estimate)


def test_the_dwt_diagram_is_the_classic_estimator_and_agrees_on_average():
    x = atrous.simulate_fgn(N, 0.7, size=SERIES, seed=12)
    dwt = atrous.hurst_exponent(x, method="dwt")
    modwt = atrous.hurst_exponent(x)
    assert abs(dwt.estimate.mean() - 0.7) < 0.02
    assert np.std(modwt.estimate) < np.std(dwt.estimate)      # the MODWT is more precise
    # Abry-Veitch: DWT counts as degrees of freedom, every 2**j-th interior coefficient.
    np.testing.assert_array_equal(dwt.diagram.dof, dwt.diagram.count)


# -- the log-scale diagram -----------------------------------------------------------------------

def test_diagram_fields_follow_their_definitions():
    x = np.random.default_rng(0).standard_normal((3, 1000))
    diagram = atrous.logscale_diagram(x, "la8", levels=[1, 2, 4])
    np.testing.assert_array_equal(diagram.level, [1, 2, 4])
    np.testing.assert_array_equal(diagram.scale, [1, 2, 8])
    counts = [1000 - (2**j - 1) * 7 for j in (1, 2, 4)]
    np.testing.assert_array_equal(diagram.count, counts)
    np.testing.assert_allclose(diagram.dof, np.array(counts) / [2, 4, 16])
    variance = atrous.wavelet_variance(atrous.modwt(x, "la8", level=4), "la8").variance
    from scipy import special

    dof = diagram.dof[:, None]
    expected = (np.log2(variance[[0, 1, 3]]) - special.digamma(dof / 2) / np.log(2)
                + np.log2(dof / 2))
    np.testing.assert_allclose(diagram.log2_variance, expected)
    np.testing.assert_allclose(diagram.variance_of_log2,
                               special.zeta(2, diagram.dof / 2) / np.log(2) ** 2)


def test_the_bias_correction_and_variance_are_those_of_a_log_chi_square():
    rng = np.random.default_rng(1)
    for dof in (2, 9, 60):
        draws = np.log2(rng.chisquare(dof, 400_000) / dof)
        assert abs(draws.mean() - lm._log2_bias(np.float64(dof))) < 0.005
        assert abs(draws.var() / lm._log2_variance(np.float64(dof)) - 1) < 0.01


def test_weighted_regression_has_the_known_variance_formula():
    rng = np.random.default_rng(2)
    diagram = atrous.logscale_diagram(rng.standard_normal((4, 4096)), levels=(2, 7))
    slope, stderr = lm._regression(diagram)
    weights = 1 / diagram.variance_of_log2
    for series in range(4):
        fit = np.polyfit(diagram.level, diagram.log2_variance[:, series], 1,
                         w=np.sqrt(weights))
        assert abs(fit[0] - slope[series]) < 1e-10
    j = diagram.level
    jbar = np.sum(weights * j) / np.sum(weights)
    assert stderr == pytest.approx(1 / np.sqrt(np.sum(weights * (j - jbar) ** 2)))


# -- the band-pass variances and waveslim's fdp.mle -----------------------------------------------

@pytest.mark.parametrize("d", [-0.49, -0.3, 0.0, 0.1, 0.25, 0.4, 0.49])
def test_band_integrals_match_quad(d):
    from scipy.integrate import quad

    for low, high in [(0.25, 0.5), (1 / 8, 1 / 4), (2**-11, 2**-10), (0.0, 2**-5),
                      (0.0, 2**-13)]:
        expected = quad(lambda f: abs(2 * np.sin(np.pi * f)) ** (-2 * d), low, high,
                        epsabs=0, epsrel=1e-13, limit=200)[0]
        assert lm._band_integral(d, low, high) == pytest.approx(expected, rel=1e-9)
    # Vectorised over d.
    values = lm._band_integral(np.array([[d, 0.0]]), 0.25, 0.5)
    assert values.shape == (1, 2) and values[0, 1] == pytest.approx(0.25)


def _waveslim_setup(x, level):
    """waveslim's fdp.mle configuration from atrous's pieces: every coefficient of a
    periodic DWT (the MODWT subsampled), levels 1 ... J and the scaling band [0, 2**-(J+1)]."""
    n = x.shape[-1]
    w = atrous.modwt(x, "la8", level=level)
    sums = [np.sum(lm._subsampled(w[j - 1], j, n) ** 2, axis=-1) for j in range(1, level + 1)]
    sums.append(np.sum((w[level][..., 2**level - 1::2**level] * 2 ** (level / 2)) ** 2, axis=-1))
    counts = np.array([n / 2**j for j in range(1, level + 1)] + [n / 2**level])
    bands = lm._octaves(range(1, level + 1)) + [(0.0, 2.0 ** -(level + 1))]
    return np.stack(sums, axis=-1), counts, bands


def test_the_likelihood_machinery_reproduces_waveslim_fdp_mle():
    ref = np.load(DATA / "waveslim_fdp_mle.npz")
    x, level = ref["x"], 10
    sums, counts, bands = _waveslim_setup(x, level)
    # The DWT (from the MODWT): the sums of squares per level of waveslim's dwt.
    np.testing.assert_allclose(sums, ref["dwt_sums"], rtol=1e-10)
    # Band integrals: to rounding on the octaves; R's integrate() (rel.tol 1.2e-4) is less
    # accurate on the singular scaling band, where quad agrees with atrous instead.
    ours = np.stack([lm._band_integral(ref["grid_d"], lo, hi) for lo, hi in bands], axis=-1)
    np.testing.assert_allclose(ours[:, :-1], ref["bandpass"][:, :-1], rtol=1e-13)
    np.testing.assert_allclose(ours[:, -1], ref["bandpass"][:, -1], rtol=3e-4)
    exact = np.all(np.abs(ours / ref["bandpass"] - 1) < 1e-12, axis=-1)
    assert exact.sum() >= 7
    # The reduced likelihood, where R's band integrals are exact.
    objective = lm._objective(ref["grid_d"][:, None], sums, counts, bands).T
    np.testing.assert_allclose(objective[:, exact], ref["grid_objective"][:, exact], rtol=1e-9)
    np.testing.assert_allclose(objective, ref["grid_objective"], atol=0.02)
    # The maximum: R's optimize() stops at a tolerance of about 1e-4.
    d, _, sigma2 = lm._maximise(sums, counts, bands)
    np.testing.assert_allclose(d, ref["d_hat"], atol=5e-5)
    np.testing.assert_allclose(sigma2, ref["sigma2"], rtol=1e-5)
    ours_at_max = [lm._objective(di, si, counts, bands) for di, si in zip(d, sums)]
    assert np.all(np.array(ours_at_max) <= ref["objective"] + 1e-3)


def test_the_boundary_free_estimate_is_close_to_waveslims_on_its_series():
    ref = np.load(DATA / "waveslim_fdp_mle.npz")
    result = atrous.fractional_d_mle(ref["x"], levels=(1, 6))
    assert np.all(np.abs(result.estimate - ref["d_hat"]) < 2 * result.stderr)


def test_stderr_is_the_observed_information_of_the_profile_likelihood():
    x = atrous.simulate_arfima(N, 0.2, size=3, seed=5)
    result = atrous.fractional_d_mle(x, levels=(2, 8))
    squares = lm._squares(x, "la8", np.arange(2, 9))
    sums, counts = squares.dwt_sum, squares.dwt_count.astype(float)
    w = atrous.modwt(x, "la8", level=8)
    for i, j in enumerate(range(2, 9)):  # every 2**j-th interior coefficient, DWT-scaled
        skip = (2**j - 1) * 7
        kept = [t for t in range(skip, N) if (t + 1) % 2**j == 0]
        np.testing.assert_allclose(sums[:, i], 2**j * np.sum(w[j - 1][:, kept] ** 2, axis=-1))
    bands = lm._octaves(range(2, 9))
    for s, d, se in zip(sums, result.estimate, result.stderr):
        grid = d + np.linspace(-0.02, 0.02, 9)
        values = np.array([lm._objective(g, s, counts, bands) for g in grid])
        curvature = np.polyfit(grid - d, values, 2)[0] * 2     # second derivative
        assert se == pytest.approx(np.sqrt(2 / curvature), rel=1e-3)
        assert values[4] <= values.min() + 1e-9                 # the minimum is at d
    z = 1.959963984540054
    np.testing.assert_allclose(result.high - result.estimate, z * result.stderr)


# -- arrays, axes, dtypes, NaN, errors ------------------------------------------------------------

@pytest.mark.parametrize("estimator", [atrous.hurst_exponent, atrous.fractional_d_mle])
def test_any_axis_float32_and_a_single_series(estimator):
    x = atrous.simulate_arfima(2048, 0.2, size=(2, 3), seed=3)
    original = x.copy()
    result = estimator(x)
    np.testing.assert_array_equal(x, original)                 # the input is not modified
    moved = estimator(np.moveaxis(x, -1, 0), axis=0)
    np.testing.assert_allclose(moved.estimate, result.estimate, rtol=1e-12)
    one = estimator(x[1, 2])
    assert one.estimate.shape == () and isinstance(one.estimate, np.ndarray)
    assert one.stderr.shape == one.low.shape == one.high.shape == ()
    assert float(one.estimate) == pytest.approx(result.estimate[1, 2], rel=1e-12)
    single = estimator(x.astype(np.float32))
    assert single.estimate.dtype == np.float64
    np.testing.assert_allclose(single.estimate, result.estimate, atol=1e-4)
    assert result.diagram.log2_variance.shape == (len(result.diagram.level), 2, 3)


@pytest.mark.parametrize("estimator", [atrous.hurst_exponent, atrous.fractional_d_mle])
def test_nan_spoils_its_own_series_only(estimator):
    x = atrous.simulate_fgn(2048, 0.6, size=4, seed=4)
    clean = estimator(x)
    x[2, 100] = np.nan
    with np.errstate(invalid="ignore"):
        result = estimator(x)
    assert np.isnan(result.estimate[2]) and np.isnan(result.low[2])
    keep = [0, 1, 3]
    np.testing.assert_allclose(result.estimate[keep], clean.estimate[keep], rtol=1e-12)


def test_arguments_are_checked_by_name():
    x = np.random.default_rng(0).standard_normal(1024)
    with pytest.raises(ValueError, match="`x` is too short"):
        atrous.hurst_exponent(x[:100])
    with pytest.raises(ValueError, match="`x` is too short"):
        atrous.fractional_d_mle(x[:50])
    with pytest.raises(ValueError, match="`levels`.*out of range.*1 ... 7"):
        atrous.hurst_exponent(x, levels=(2, 9))
    with pytest.raises(ValueError, match="`levels`.*two levels"):
        atrous.fractional_d_mle(x, levels=[3])
    with pytest.raises(ValueError, match="j1 <= j2"):
        atrous.hurst_exponent(x, levels=(5, 2))
    with pytest.raises(TypeError, match="`levels`"):
        atrous.hurst_exponent(x, levels="2-5")
    for ci in (0, 1, 1.5):
        with pytest.raises(ValueError, match="`ci`"):
            atrous.hurst_exponent(x, ci=ci)
    with pytest.raises(TypeError, match="`ci`"):
        atrous.fractional_d_mle(x, ci="95%")
    with pytest.raises(ValueError, match="`process`"):
        atrous.hurst_exponent(x, process="fbn")
    with pytest.raises(ValueError, match="`method`"):
        atrous.logscale_diagram(x, method="dwpt")
    with pytest.raises(TypeError, match="`x`"):
        atrous.hurst_exponent(x + 1j)
    with pytest.raises(np.exceptions.AxisError):
        atrous.fractional_d_mle(x, axis=1)


def test_levels_as_pair_or_list_and_the_interval_width_follows_ci():
    x = atrous.simulate_fgn(N, 0.8, size=5, seed=9)
    pair = atrous.hurst_exponent(x, levels=(3, 6))
    listed = atrous.hurst_exponent(x, levels=range(3, 7))
    np.testing.assert_array_equal(pair.estimate, listed.estimate)
    np.testing.assert_array_equal(pair.diagram.level, [3, 4, 5, 6])
    narrow = atrous.hurst_exponent(x, levels=(3, 6), ci=0.5)
    assert np.all(narrow.high - narrow.low < pair.high - pair.low)
    # Default levels: from 3 (Hurst) or 2 (MLE) to the coarsest with M_j / 2**j >= 4.
    np.testing.assert_array_equal(atrous.hurst_exponent(x).diagram.level, np.arange(3, 9))
    np.testing.assert_array_equal(atrous.fractional_d_mle(x).diagram.level, np.arange(2, 9))
