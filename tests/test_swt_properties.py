"""Properties of the SWT at any length, and the naive reference where PyWavelets refuses."""

import numpy as np
import pytest
import pywt
from hypothesis import given
from hypothesis import strategies as st

import atrous

from . import naive

WAVELETS = ["haar", "db2", "db4", "sym5", "coif2", "bior2.4", "rbio3.3", "bior6.8"]
ORTHOGONAL = ["haar", "db2", "db5", "sym4", "coif2"]

lengths = st.integers(1, 70)
levels = st.integers(1, 6)
seeds = st.integers(0, 2**32 - 1)


def signal(seed, n, batch=()):
    return np.random.default_rng(seed).standard_normal(batch + (n,))


@given(n=lengths, level=levels, start_level=st.integers(0, 3),
       wavelet=st.sampled_from(WAVELETS), seed=seeds)
def test_any_length_equals_the_circular_formula(n, level, start_level, wavelet, seed):
    x = signal(seed, n)
    w = pywt.Wavelet(wavelet)
    got = atrous.swt(x, w, level=level, start_level=start_level)
    want = naive.swt(x, w, level, start_level)
    for (a, d), (a_ref, d_ref) in zip(got, want):
        np.testing.assert_allclose(a, a_ref, rtol=1e-11, atol=1e-11)
        np.testing.assert_allclose(d, d_ref, rtol=1e-11, atol=1e-11)


@given(n=st.integers(1, 40), level=st.integers(1, 5), wavelet=st.sampled_from(WAVELETS),
       seed=seeds)
def test_inverse_equals_the_closed_form(n, level, wavelet, seed):
    w = pywt.Wavelet(wavelet)
    rng = np.random.default_rng(seed)
    coeffs = [(rng.standard_normal(n), rng.standard_normal(n)) for _ in range(level)]
    np.testing.assert_allclose(atrous.iswt(coeffs, w), naive.iswt(coeffs, w),
                               rtol=1e-11, atol=1e-11)


@given(n=lengths, level=levels, wavelet=st.sampled_from(WAVELETS),
       trim_approx=st.booleans(), norm=st.booleans(), seed=seeds)
def test_perfect_reconstruction_at_any_length(n, level, wavelet, trim_approx, norm, seed):
    if norm and not pywt.Wavelet(wavelet).orthogonal:
        wavelet = "db3"
    x = signal(seed, n, (2,))
    coeffs = atrous.swt(x, wavelet, level=level, trim_approx=trim_approx, norm=norm)
    np.testing.assert_allclose(atrous.iswt(coeffs, wavelet, norm=norm), x,
                               rtol=1e-10, atol=1e-10)


@given(n=st.integers(2, 50), level=levels, wavelet=st.sampled_from(WAVELETS), seed=seeds,
       a=st.floats(-3, 3), b=st.floats(-3, 3))
def test_linearity(n, level, wavelet, seed, a, b):
    x, y = signal(seed, n, (2,))
    left = atrous.swt(a * x + b * y, wavelet, level=level, trim_approx=True)
    right = zip(atrous.swt(x, wavelet, level=level, trim_approx=True),
                atrous.swt(y, wavelet, level=level, trim_approx=True))
    for combined, (cx, cy) in zip(left, right):
        np.testing.assert_allclose(combined, a * cx + b * cy, rtol=1e-10, atol=1e-10)


@given(n=lengths, level=levels, wavelet=st.sampled_from(WAVELETS), shift=st.integers(-5, 5),
       seed=seeds)
def test_shift_equivariance(n, level, wavelet, shift, seed):
    x = signal(seed, n)
    shifted = atrous.swt(np.roll(x, shift), wavelet, level=level, trim_approx=True)
    for c_shifted, c in zip(shifted, atrous.swt(x, wavelet, level=level, trim_approx=True)):
        np.testing.assert_allclose(c_shifted, np.roll(c, shift), rtol=1e-10, atol=1e-10)


@given(n=lengths, level=levels, wavelet=st.sampled_from(ORTHOGONAL), seed=seeds)
def test_energy_is_preserved_with_norm(n, level, wavelet, seed):
    x = signal(seed, n)
    coeffs = atrous.swt(x, wavelet, level=level, norm=True, trim_approx=True)
    energy = sum(np.sum(c**2) for c in coeffs)
    np.testing.assert_allclose(energy, np.sum(x**2), rtol=1e-10)


@given(n=st.integers(1, 40), axis=st.integers(0, 2), level=st.integers(1, 4), seed=seeds)
def test_axis_equals_moving_the_axis_last(n, axis, level, seed):
    shape = [3, 4, 5]
    shape[axis] = n
    x = np.random.default_rng(seed).standard_normal(shape)
    got = atrous.swt(x, "db3", level=level, axis=axis, trim_approx=True)
    want = atrous.swt(np.moveaxis(x, axis, -1), "db3", level=level, trim_approx=True)
    for g, w in zip(got, want):
        np.testing.assert_allclose(np.moveaxis(g, axis, -1), w, rtol=1e-12, atol=1e-12)
    back = atrous.iswt(got, "db3", axis=axis)
    np.testing.assert_allclose(back, x, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("level", [20, 45, 64])
def test_levels_far_beyond_the_length_stay_exact(level, rng):
    """Dilations up to 2**63 wrap many times: positions are reduced exactly, never overflow."""
    x = rng.standard_normal(6)
    w = pywt.Wavelet("db2")
    got = atrous.swt(x, w, level=2, start_level=level - 2)
    want = naive.swt(x, w, 2, level - 2)
    for (a, d), (a_ref, d_ref) in zip(got, want):
        np.testing.assert_allclose(a, a_ref, rtol=1e-12)
        np.testing.assert_allclose(d, d_ref, rtol=1e-12)


def test_float32_round_trip_is_tight(rng):
    """PyWavelets' own float32 round-trip test (its test_swt_roundtrip_dtypes) tolerance."""
    x = rng.standard_normal(1024).astype(np.float32)
    for wavelet in ["db4", "sym8", "coif5", "bior4.4"]:
        back = atrous.iswt(atrous.swt(x, wavelet, level=6), wavelet)
        assert back.dtype == np.float32
        np.testing.assert_allclose(back, x, rtol=1e-5, atol=1e-5)


def test_nan_and_inf_propagate(rng):
    x = rng.standard_normal(32)
    x[3], x[20] = np.nan, np.inf
    coeffs = atrous.swt(x, "db2", level=2)
    want = pywt.swt(x, "db2", level=2)
    for (a, d), (a_ref, d_ref) in zip(coeffs, want):
        np.testing.assert_array_equal(np.isnan(a), np.isnan(a_ref))
        np.testing.assert_array_equal(np.isinf(d), np.isinf(d_ref))


@pytest.mark.parametrize(("wavelet", "level", "start_level"),
                         [("haar", 3, 0), ("db4", 4, 0), ("sym5", 2, 2), ("bior3.5", 3, 1)])
def test_halo_is_exactly_the_reach_of_the_transform(wavelet, level, start_level):
    """Perturbing one input sample changes exactly the outputs within the halo of it."""
    from atrous._swt import swt_halo

    before, after = swt_halo(wavelet, level, start_level)
    taps = pywt.Wavelet(wavelet).dec_len
    dilation_sum = 2 ** start_level * (2**level - 1)
    assert (before, after) == ((taps // 2 - 1) * dilation_sum, taps // 2 * dilation_sum)
    n, spot = 4 * (before + after) + 64, 2 * (before + after) + 32
    x = np.zeros(n)
    x[spot] = 1.0
    finest_first = atrous.swt(x, wavelet, level=level, start_level=start_level)
    reached = np.zeros(n, bool)
    for approx, detail in finest_first:
        reached |= (approx != 0) | (detail != 0)
    touched = np.flatnonzero(reached)
    # output n reads inputs n - before ... n + after, so the impulse reaches spot - after ...
    assert touched.min() == spot - after and touched.max() == spot + before


@given(shape=st.lists(st.integers(1, 12), min_size=1, max_size=3), level=st.integers(1, 3),
       wavelet=st.sampled_from(WAVELETS), trim_approx=st.booleans(), data=st.data(),
       seed=seeds)
def test_swtn_reconstructs_any_shape_over_any_axes(shape, level, wavelet, trim_approx, data,
                                                   seed):
    x = np.random.default_rng(seed).standard_normal(shape)
    axes = data.draw(st.permutations(range(len(shape))).flatmap(
        lambda p: st.integers(1, len(p)).map(lambda k: list(p[:k]))))
    coeffs = atrous.swtn(x, wavelet, level, axes=axes, trim_approx=trim_approx)
    np.testing.assert_allclose(atrous.iswtn(coeffs, wavelet, axes=axes), x, atol=1e-10)


@given(shape=st.tuples(st.integers(1, 20), st.integers(1, 20)), level=st.integers(1, 3),
       wavelet=st.sampled_from(ORTHOGONAL), seed=seeds)
def test_swt2_with_norm_preserves_energy_and_is_linear(shape, level, wavelet, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal(shape), rng.standard_normal(shape)
    coeffs = atrous.swt2(x, wavelet, level, trim_approx=True, norm=True)
    energy = np.sum(coeffs[0] ** 2) + sum(np.sum(d ** 2) for level in coeffs[1:] for d in level)
    np.testing.assert_allclose(energy, np.sum(x ** 2), rtol=1e-10)
    combined = atrous.swt2(2 * x - 3 * y, wavelet, level, trim_approx=True, norm=True)
    separate = atrous.swt2(y, wavelet, level, trim_approx=True, norm=True)
    np.testing.assert_allclose(combined[0], 2 * coeffs[0] - 3 * separate[0], atol=1e-10)


@given(n=st.integers(2, 60), shift=st.integers(-70, 70), level=st.integers(1, 4),
       mode=st.sampled_from(["periodization", "symmetric", "zero", "smooth", "antireflect"]),
       seed=seeds)
def test_mra_is_additive_at_every_mode_and_shift_equivariant_when_periodic(n, shift, level,
                                                                          mode, seed):
    x = np.random.default_rng(seed).standard_normal(n)
    components = atrous.mra(x, "db2", level=level, mode=mode)
    np.testing.assert_allclose(atrous.imra(components), x, atol=1e-10)
    if mode == "periodization":
        shifted = atrous.mra(np.roll(x, shift), "db2", level=level)
        for a, b in zip(shifted, components):
            np.testing.assert_allclose(a, np.roll(b, shift), atol=1e-10)
