"""Boundary modes of the transforms and analyses, against references built without atrous.

The contract (docs/conventions.md):
- forward: level j is the level's filter applied to the mode's extension of level j-1's
  output (of the signal at level 1), N samples per level;
- multiresolution analysis: components sum to the signal at every mode and equal the
  periodization ones farther than the halo from the edges; at 'symmetric', 'reflect' and
  'antisymmetric' they are the periodic analysis of the mirrored signal (R waveslim's
  "reflection" boundary), cut to length;
- inverse: exact at every mode (closed form, plus least-squares edge corrections at the
  non-periodic modes), warning where the edges are too large to solve.
"""

import pathlib

import numpy as np
import pytest
import pywt

import atrous
from atrous._validation import WAVELET_MODE_NAMES

from . import naive

MODES = list(WAVELET_MODE_NAMES)
# Extension names of tests/naive.py for PyWavelets' mode names.
NAIVE = {"periodization": "wrap", "periodic": "wrap", "symmetric": "symmetric",
         "reflect": "reflect", "zero": "zero", "constant": "edge", "smooth": "smooth",
         "antisymmetric": "antisymmetric", "antireflect": "antireflect"}
# Outputs of R's waveslim 1.8.4 (see data/waveslim/README.md), kept in the repository.
REFERENCE = pathlib.Path(__file__).resolve().parent / "data" / "waveslim"


def naive_swt_with_mode(x, wavelet, level, mode, start_level=0):
    """Per level: extend the previous approximation by the mode, filter, keep N samples."""
    wavelet = pywt.Wavelet(wavelet)
    n, taps = len(x), wavelet.dec_len
    approx, coeffs = np.asarray(x, dtype=float), []
    for j in range(start_level + 1, start_level + level + 1):
        s = 2 ** (j - 1)
        margin = s * taps
        padded = naive.extend(approx, margin, margin, NAIVE[mode])
        lo, hi = np.zeros(n), np.zeros(n)
        for i in range(n):
            for k in range(taps):
                value = padded[margin + i + s * (taps // 2 - k)]
                lo[i] += wavelet.dec_lo[k] * value
                hi[i] += wavelet.dec_hi[k] * value
        coeffs.append((lo, hi))
        approx = lo
    return coeffs[::-1]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("wavelet", "n", "level", "start_level"),
                         [("db2", 13, 3, 0), ("haar", 5, 4, 0), ("sym4", 40, 2, 1),
                          ("bior2.2", 17, 2, 0), ("coif1", 9, 3, 0)])
def test_swt_levels_filter_the_extension_of_the_previous_level(mode, wavelet, n, level,
                                                               start_level, rng):
    x = rng.standard_normal(n) + np.linspace(0, 3, n)
    got = atrous.swt(x, wavelet, level=level, start_level=start_level, mode=mode)
    want = naive_swt_with_mode(x, wavelet, level, mode, start_level)
    for (ga, gd), (wa, wd) in zip(got, want):
        np.testing.assert_allclose(ga, wa, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(gd, wd, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("mode", ["symmetric", "smooth", ("zero", "antireflect")])
def test_swtn_modes_are_the_1d_modes_along_each_axis(mode, rng):
    x = rng.standard_normal((9, 14))
    modes = (mode, mode) if isinstance(mode, str) else mode
    got = atrous.swtn(x, "db2", level=2, mode=mode)
    # The 1-d transform along axis 0, then each result along axis 1, per level.
    approx = x
    levels = []
    for j in range(2):
        rows = naive_swt_columns(approx, "db2", j, modes[0])
        level = {}
        for first, part in zip("ad", rows):
            cols = naive_swt_columns(part.T, "db2", j, modes[1])
            level[first + "a"], level[first + "d"] = cols[0].T, cols[1].T
        levels.append(level)
        approx = level["aa"]
    for g, w in zip(got, levels[::-1]):
        assert list(g) == ["aa", "ad", "da", "dd"]
        for key in g:
            np.testing.assert_allclose(g[key], w[key], rtol=1e-12, atol=1e-12)


def naive_swt_columns(x, wavelet, start_level, mode):
    """One level (absolute start_level + 1) of the naive transform along axis 0."""
    lows, highs = zip(*[naive_swt_with_mode(col, wavelet, 1, mode, start_level)[0]
                        for col in x.T])
    return np.array(lows).T, np.array(highs).T


@pytest.mark.parametrize("mode", ["periodization", "periodic"])
@pytest.mark.parametrize("n", [7, 30, 64])
def test_inverse_is_exact_for_the_periodic_modes(mode, n, rng):
    x = rng.standard_normal(n)
    coeffs = atrous.swt(x, "db3", level=3, mode=mode)
    np.testing.assert_allclose(atrous.iswt(coeffs, "db3", mode=mode), x, atol=1e-12)


NON_PERIODIC = sorted(set(MODES) - {"periodization", "periodic"})


@pytest.mark.parametrize("mode", NON_PERIODIC)
@pytest.mark.parametrize(("wavelet", "n", "level"), [
    ("db2", 300, 3), ("sym4", 97, 2), ("bior2.2", 64, 4), ("haar", 5, 3), ("coif1", 40, 4),
    ("db3", 23, 5),  # the edges are too close to be solved apart: solved together
])
def test_inverse_is_exact_at_every_mode(mode, wavelet, n, level, rng):
    x = rng.standard_normal(n) + np.linspace(-4, 4, n)
    got = atrous.iswt(atrous.swt(x, wavelet, level=level, mode=mode), wavelet, mode=mode)
    np.testing.assert_allclose(got, x, atol=1e-10)


@pytest.mark.parametrize("mode", ["symmetric", "smooth", "zero"])
def test_the_edge_correction_is_what_makes_it_exact(mode, rng):
    """Without it, only samples beyond the synthesis reach are right."""
    from atrous._swtn import _iswtn

    n, level, wavelet = 200, 3, "db2"
    x = rng.standard_normal(n)
    coeffs = atrous.swt(x, wavelet, level=level, mode=mode)
    closed_form = _iswtn([{"a": a, "d": d} for a, d in coeffs], wavelet, [0], False, mode,
                         exact_edges=False)
    taps = pywt.Wavelet(wavelet).rec_len
    # Synthesis at dilation s reads s * L/2 samples before and s * (L/2 - 1) after.
    before = sum(2 ** j * (taps // 2) for j in range(level))
    after = sum(2 ** j * (taps // 2 - 1) for j in range(level))
    np.testing.assert_allclose(closed_form[before:n - after], x[before:n - after], atol=1e-11)
    assert np.abs(closed_form - x).max() > 1e-3
    np.testing.assert_allclose(atrous.iswt(coeffs, wavelet, mode=mode), x, atol=1e-11)


@pytest.mark.parametrize("mode", ["symmetric", ("zero", "smooth"), ("antireflect", "reflect")])
def test_nd_inverses_are_exact_at_every_mode(mode, rng):
    x = rng.standard_normal((21, 34))
    coeffs = atrous.swt2(x, ("db2", "sym3"), 2, mode=mode)
    np.testing.assert_allclose(atrous.iswt2(coeffs, ("db2", "sym3"), mode=mode), x, atol=1e-10)
    volume = rng.standard_normal((6, 9, 10))
    modes = mode if isinstance(mode, str) else mode + ("constant",)
    coeffs = atrous.swtn(volume, "db2", 2, mode=modes, trim_approx=True)
    np.testing.assert_allclose(atrous.iswtn(coeffs, "db2", mode=modes), volume, atol=1e-10)


def test_too_deep_for_an_exact_inverse_warns_and_is_exact_inside(rng):
    n, level = 4000, 10  # db2 at dilation 512: 1536 edge samples, too close to solve apart
    x = rng.standard_normal(n)
    coeffs = atrous.swt(x, "db2", level=level, mode="symmetric")
    with pytest.warns(UserWarning, match="exact only away from the edges"):
        got = atrous.iswt(coeffs, "db2", mode="symmetric")
    inside = slice(2 * (2**level - 1), n - (2**level - 1))  # beyond the synthesis reach
    assert inside.stop - inside.start > 900
    np.testing.assert_allclose(got[inside], x[inside], atol=1e-10)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("wavelet", ["db4", "bior3.5", "haar"])
def test_mra_sums_to_the_signal_and_matches_periodization_inside(mode, wavelet, rng):
    n, level = 200, 3
    x = rng.standard_normal(n) + np.linspace(0, 20, n)
    components = atrous.mra(x, wavelet, level=level, mode=mode)
    np.testing.assert_allclose(sum(components), x, atol=1e-11)
    periodic = atrous.mra(x, wavelet, level=level)
    # Composite filters of 2L - 1 taps at dilations 1, 2, ..., 2**(level-1).
    reach = (pywt.Wavelet(wavelet).dec_len - 1) * (2 ** level - 1)
    for got, want in zip(components, periodic):
        np.testing.assert_allclose(got[reach:n - reach], want[reach:n - reach], atol=1e-11)


@pytest.mark.parametrize("mode", MODES)
def test_mra2_and_mran_sum_to_the_signal(mode, rng):
    x = rng.standard_normal((20, 13)) + np.arange(13)
    np.testing.assert_allclose(atrous.imra2(atrous.mra2(x, "db2", level=2, mode=mode)), x,
                               atol=1e-11)
    np.testing.assert_allclose(
        atrous.imran(atrous.mran(x, ("db2", "sym3"), level=2, mode=(mode, "symmetric"))), x,
        atol=1e-11)


@pytest.mark.parametrize("wavelet", ["db2", "sym4", "bior2.2", "rbio3.3", "coif1"])
@pytest.mark.parametrize(("mode", "mirror"), [
    ("symmetric", lambda x: np.concatenate([x, x[::-1]])),
    ("reflect", lambda x: np.concatenate([x, x[-2:0:-1]])),
    ("antisymmetric", lambda x: np.concatenate([x, -x[::-1]])),
])
def test_mirror_modes_are_the_periodic_analysis_of_the_mirrored_signal(wavelet, mode, mirror,
                                                                       rng):
    n = 65 if mode == "reflect" else 64  # mirrored length 128, which PyWavelets accepts
    x = rng.standard_normal(n) + np.linspace(0, 10, n)
    got = atrous.mra(x, wavelet, level=3, mode=mode)
    with pytest.warns(UserWarning) if not pywt.Wavelet(wavelet).orthogonal else _nothing():
        want = pywt.mra(mirror(x), wavelet, level=3)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w[:n], rtol=1e-10, atol=1e-10)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.mark.parametrize(("case", "wavelet", "mode"), [
    ("la8_J4_reflection", "sym4", "symmetric"),
    ("la8_J4_periodic", "sym4", "periodization"),
    ("d4_J4_periodic", "db2", "periodization"),
    ("haar_J4_periodic", "haar", "periodization"),
])
def test_mra_matches_waveslim(case, wavelet, mode):
    ref = np.load(REFERENCE / f"waveslim_ecg1000_{case}.npz")
    got = atrous.mra(ref["x"], wavelet, level=4, mode=mode)
    want = [ref["mra_S4"]] + [ref[f"mra_D{j}"] for j in (4, 3, 2, 1)]
    scale = np.abs(ref["x"]).max()
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=0, atol=1e-9 * scale)


def test_symmetric_mode_removes_the_wrap_around_spikes_of_a_trend():
    t = np.arange(512)
    x = 0.05 * t + np.sin(2 * np.pi * t / 32)  # a ramp: periodization sees a jump of 25
    periodic = atrous.mra(x, "db4", level=4)
    symmetric = atrous.mra(x, "db4", level=4, mode="symmetric")
    edges = np.r_[0:16, 512 - 16:512]
    for d_per, d_sym in zip(periodic[1:], symmetric[1:]):
        # Periodization sees the ramp's jump of 25 as a spike in every detail; the mirror
        # image has only a kink, a tenth of it at the finest level and less further up.
        assert np.abs(d_per[edges]).max() > 4.0
        assert np.abs(d_sym[edges]).max() < 0.15 * np.abs(d_per[edges]).max()
    np.testing.assert_allclose(sum(symmetric), x, atol=1e-11)


@pytest.mark.parametrize("function", [atrous.swt, atrous.mra])
def test_mode_names_as_pywavelets_and_its_mode_constants(function, rng):
    x = rng.standard_normal(32)
    by_name = function(x, "db2", level=2, mode="smooth")
    by_constant = function(x, "db2", level=2, mode=pywt.Modes.smooth)
    for a, b in zip(by_name, by_constant):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("function", [atrous.swt, atrous.iswt, atrous.swtn, atrous.mra])
def test_unknown_mode_is_a_value_error_listing_the_modes(function):
    x = np.ones(8)
    args = (atrous.swt(x, "db1", level=1), "db1") if function is atrous.iswt else (x, "db1")
    kwargs = {} if function is atrous.iswt else {"level": 1}
    with pytest.raises(ValueError, match=r"`mode`='wrap' is not a signal extension mode; use "
                                         r"one of 'periodization'"):
        function(*args, mode="wrap", **kwargs)


def test_one_mode_per_axis_must_match_the_axes():
    with pytest.raises(ValueError, match="`mode` gives 3 modes for 2 axes"):
        atrous.swtn(np.ones((4, 4)), "db1", level=1, mode=("zero", "zero", "zero"))
