"""Hostile input to the count-data functions, :func:`atrous.msvst` and
:func:`atrous.poisson_denoise`: bad counts and arguments are refused with the argument named,
no input is ever modified, every dtype and memory layout gives the same result, threads do not
change it, and the transform meets identities and noise levels computed here independently
(a telescoping sum, equivalent filters built with ``np.convolve``, boundary matrices built
with ``np.pad``, Monte Carlo draws).
"""

import concurrent.futures
import gc
import tracemalloc

import numba
import numpy as np
import pytest

import atrous
from atrous._validation import AxisError

B3 = np.array([1.0, 4.0, 6.0, 4.0, 1.0]) / 16
COUNTS = np.random.default_rng(7).poisson(2.0, (24, 28))


def _both(counts, level=2, **kwargs):
    """Calls of both functions with the arguments they share."""
    return [lambda: atrous.msvst(counts, level, **kwargs),
            lambda: atrous.poisson_denoise(counts, level, **kwargs)]


# -- bad counts ---------------------------------------------------------------------------------

def _with(value, where=(3, 4)):
    counts = COUNTS.astype(float)
    counts[where] = value
    return counts


@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize(("counts", "match"), [
    (-COUNTS, r"`counts` holds negative values.*non-negative"),
    (_with(-0.5), r"`counts` holds negative values"),
    (_with(np.nan), r"`counts` holds NaN.*Fill the gaps"),
    (_with(np.inf), r"`counts` holds infinite values.*finite"),
    (_with(-np.inf), r"`counts` holds infinite values"),
])
def test_impossible_counts_are_refused_scaled_or_not(counts, match, scaled):
    for call in _both(counts, scaled=scaled):
        with pytest.raises(ValueError, match=match):
            call()


def test_non_integer_counts_are_refused_unless_scaled():
    counts = _with(2.5)
    for call in _both(counts):
        with pytest.raises(ValueError, match=r"`counts` holds non-integer values.*scaled=True"):
            call()
    # Accepted when scaled: the same transform as of the values themselves.
    got = atrous.msvst(counts, 2, scaled=True, corrected=False)
    np.testing.assert_allclose(got.details.sum(0) + got.smooth, np.sqrt(counts + 3 / 8),
                               rtol=0, atol=1e-13)
    assert atrous.poisson_denoise(counts, 2, scaled=True).shape == counts.shape


@pytest.mark.parametrize(("counts", "error", "match"), [
    (COUNTS + 0j, TypeError, r"`counts` must hold real, non-negative counts.*complex"),
    (COUNTS.astype(str), TypeError, r"`counts` must hold real.*dtype <U"),
    (np.array(["1", "2", "3"] * 10, dtype=object), TypeError, r"`counts`.*dtype object"),
    (np.array(3), ValueError, r"`counts` is a scalar \(0-d\)"),
    (5, ValueError, r"`counts` is a scalar"),
])
def test_counts_of_the_wrong_kind_are_refused(counts, error, match):
    for call in _both(counts, level=1):
        with pytest.raises(error, match=match):
            call()


def test_boolean_counts_are_the_counts_0_and_1():
    """A presence/absence map is a map of counts 0 and 1: the same as its uint8 copy."""
    mask = COUNTS > 2
    got, want = atrous.msvst(mask, 2), atrous.msvst(mask.astype(np.uint8), 2)
    np.testing.assert_array_equal(got.details, want.details)
    np.testing.assert_array_equal(got.smooth, want.smooth)
    np.testing.assert_array_equal(atrous.poisson_denoise(mask, 2),
                                  atrous.poisson_denoise(mask.astype(np.uint8), 2))


@pytest.mark.parametrize("shape", [(0,), (0, 8), (8, 0)])
def test_an_empty_transformed_axis_is_refused(shape):
    for call in _both(np.zeros(shape), level=1):
        with pytest.raises(ValueError, match=r"no samples along axis"):
            call()


def test_an_empty_axis_is_reported_under_the_name_counts():
    """It was '`data` has no samples along axis 0; the SWT needs at least one'."""
    for call in _both(np.zeros((0, 8)), level=1):
        with pytest.raises(ValueError, match=r"`counts` has no samples along axis 0"):
            call()


def test_an_empty_axis_not_transformed_gives_an_empty_result():
    counts = np.zeros((0, 16), int)
    assert atrous.msvst(counts, 2, axes=(1,)).details.shape == (2, 0, 16)
    assert atrous.poisson_denoise(counts, 2, axes=(1,)).shape == (0, 16)


@pytest.mark.parametrize("name", ["scaled", "corrected", "normalized"])
@pytest.mark.parametrize("value", [1, 0, None, "yes"])
def test_msvst_flags_must_be_booleans(name, value):
    with pytest.raises(TypeError, match=rf"`{name}` must be True or False"):
        atrous.msvst(COUNTS, 2, **{name: value})


# -- bad arguments ------------------------------------------------------------------------------

@pytest.mark.parametrize(("level", "error", "match"), [
    (0, ValueError, r"`level`=0 must be at least 1"),
    (-1, ValueError, r"`level`=-1 must be at least 1"),
    (21, ValueError, r"`level`=21 .*at most 20"),
    (2.5, TypeError, r"`level` must be an integer, got 2.5"),
    (True, TypeError, r"`level` must be an integer, got the boolean True"),
    ("2", TypeError, r"`level` must be an integer"),
])
def test_bad_levels(level, error, match):
    for call in _both(COUNTS, level=level):
        with pytest.raises(error, match=match):
            call()
    with pytest.raises(TypeError, match=r"`level` must be an integer"):
        atrous.msvst(COUNTS, None)


@pytest.mark.parametrize(("shape", "level", "mode"), [
    ((8,), 5, "symmetric"), ((32, 32), 10, "symmetric"), ((8,), 4, "periodization"),
    ((1,), 1, "symmetric"), ((1,), None, "symmetric"),
])
def test_a_level_too_deep_for_the_axis_is_refused_or_gives_finite_values(shape, level, mode):
    """Either a clear error naming ``level`` (or the counts), or finite values: never a bare
    ZeroDivisionError from inside a kernel (as there was: sigma_j is 0 at every sample where
    the filters cover the whole axis, folded or wrapped flat)."""
    counts = np.ones(shape, int)
    calls = [lambda: atrous.poisson_denoise(counts, level, mode=mode)]
    if level is not None:
        calls += [lambda: atrous.msvst(counts, level, mode=mode).details,
                  lambda: atrous.msvst(counts, level, mode=mode, normalized=True).details]
    for call in calls:
        try:
            result = call()
        except ValueError as error:
            assert "`level`" in str(error) or "`counts`" in str(error)
        else:
            assert np.isfinite(result).all()


def test_deep_levels_on_a_short_track_cost_memory_of_the_track_not_of_the_filters():
    """The filters folded into 8 samples are all a profile needs; the interior sigma has
    closed forms (starlet_noise_levels: 0.004 MiB at 20 scales). Every filter and its
    correlations were built in full (4 * 2**J taps) and cached: 8 samples at 17 scales
    peaked at 54 MiB and kept 28 MiB; at 20 scales 9 s and 0.4 GiB kept."""
    import scipy.signal  # noqa: F401 (imported outside the measure, as the kernels compiled)

    counts = np.ones(8, int)
    atrous.msvst(counts, 2)
    tracemalloc.start()
    try:
        result = atrous.msvst(counts, 17)
        del result
        gc.collect()
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20 and kept < 2 * 2**20


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"alpha": 0}, ValueError, r"`alpha`=0.0 must be in \(0, 1\)"),
    ({"alpha": 1}, ValueError, r"`alpha`=1.0 must be in \(0, 1\)"),
    ({"alpha": -0.05}, ValueError, r"`alpha`=-0.05 must be in \(0, 1\)"),
    ({"alpha": 1.5}, ValueError, r"`alpha`=1.5"),
    ({"alpha": np.inf}, ValueError, r"`alpha`=inf"),
    ({"alpha": np.nan}, ValueError, r"`alpha` is NaN"),
    ({"alpha": True}, TypeError, r"`alpha` must be a real number"),
    ({"alpha": "0.05"}, TypeError, r"`alpha` must be a real number"),
    ({"detection": "FDR"}, ValueError, r"`detection`='FDR': use 'fdr'.*'bonferroni'.*'ksigma'"),
    ({"detection": "bh"}, ValueError, r"`detection`='bh'"),
    ({"detection": None}, ValueError, r"`detection`=None"),
    ({"detection": "ksigma", "k": 0}, ValueError, r"`k`=0 must be a finite number above 0"),
    ({"detection": "ksigma", "k": -3}, ValueError, r"`k`=-3"),
    ({"detection": "ksigma", "k": np.nan}, ValueError, r"`k`=nan"),
    ({"detection": "ksigma", "k": np.inf}, ValueError, r"`k`=inf"),
    ({"detection": "ksigma", "k": True}, TypeError, r"`k` must be a real number"),
    ({"detection": "ksigma", "k": "3"}, TypeError, r"`k` must be a real number"),
    ({"iterations": 0}, ValueError, r"`iterations`=0 must be at least 1"),
    ({"iterations": -2}, ValueError, r"`iterations`=-2"),
    ({"iterations": 2.5}, TypeError, r"`iterations` must be an integer, got 2.5"),
    ({"iterations": True}, TypeError, r"`iterations` must be an integer, got the boolean"),
    ({"iterations": None}, TypeError, r"`iterations` must be an integer"),
    ({"first_scale": 0}, ValueError, r"`first_scale`=0 must be between 1 and .* 2"),
    ({"first_scale": 3}, ValueError, r"`first_scale`=3 must be between 1 and .* 2"),
    ({"first_scale": -1}, ValueError, r"`first_scale`=-1"),
    ({"first_scale": 1.5}, TypeError, r"`first_scale` must be an integer"),
    ({"first_scale": True}, TypeError, r"`first_scale` must be an integer, got the boolean"),
    ({"positivity": 1}, TypeError, r"`positivity` must be True or False"),
    ({"positivity": None}, TypeError, r"`positivity` must be True or False"),
    ({"scaled": "no"}, TypeError, r"`scaled` must be True or False"),
])
def test_bad_denoising_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        atrous.poisson_denoise(COUNTS, 2, **kwargs)


@pytest.mark.parametrize("mode", ["zero", "constant", "reflect", "smooth", "antisymmetric",
                                  "antireflect", ("symmetric", "zero")])
def test_modes_that_change_the_counts_statistics_are_refused(mode):
    for call in _both(COUNTS, mode=mode):
        with pytest.raises(ValueError, match=r"`mode`=.*'symmetric'.*'periodization'"):
            call()


def test_an_unknown_mode_is_refused_with_the_known_ones():
    for call in _both(COUNTS, mode="mirror"):
        with pytest.raises(ValueError, match=r"`mode`='mirror' is not .*'symmetric'"):
            call()


@pytest.mark.parametrize("mode", ["periodization", "periodic", ("symmetric", "periodization")])
def test_wrapping_modes_are_accepted(mode):
    got = atrous.msvst(COUNTS, 2, mode=mode, corrected=False)
    np.testing.assert_allclose(got.details.sum(0) + got.smooth, np.sqrt(COUNTS + 3 / 8),
                               rtol=0, atol=1e-13)
    assert atrous.poisson_denoise(COUNTS, 2, mode=mode).shape == COUNTS.shape


@pytest.mark.parametrize(("axes", "error", "match"), [
    ((0, 0), ValueError, r"`axes`=\(0, 0\) repeats an axis"),
    ((1, -1), ValueError, r"repeats an axis"),
    ((2,), AxisError, r"`axes`=\(2,\) has axis 2, out of bounds"),
    ((-3,), AxisError, r"`axes`=\(-3,\) has axis -3"),
    ((), ValueError, r"`axes`=\(\) is empty"),
    ((True,), TypeError, r"`axes` must be a sequence of integers"),
])
def test_bad_axes(axes, error, match):
    for call in _both(COUNTS, axes=axes):
        with pytest.raises(error, match=match):
            call()


# -- the input is never modified ---------------------------------------------------------------

@pytest.mark.parametrize("make", [
    lambda c: c.copy(), lambda c: c.astype(np.float64), lambda c: c.astype(np.float32),
    lambda c: np.asfortranarray(c.astype(np.float64)), lambda c: np.asfortranarray(c),
    lambda c: c.astype(np.float64)[:, ::2],
], ids=["int", "float64", "float32", "F float64", "F int", "strided float64"])
def test_the_counts_are_never_modified(make):
    counts = make(COUNTS)
    before = counts.copy()
    atrous.msvst(counts, 2)
    atrous.msvst(counts, 2, normalized=True, corrected=False, mode="periodization")
    atrous.poisson_denoise(counts, 2)
    atrous.poisson_denoise(counts, 2, positivity=False, detection="ksigma", iterations=3)
    np.testing.assert_array_equal(counts, before)
    assert counts.dtype == before.dtype


def test_read_only_counts_are_accepted():
    counts = COUNTS.astype(float)
    counts.flags.writeable = False
    np.testing.assert_array_equal(atrous.msvst(counts, 2).details,
                                  atrous.msvst(COUNTS, 2).details)
    np.testing.assert_array_equal(atrous.poisson_denoise(counts, 2),
                                  atrous.poisson_denoise(COUNTS, 2))


# -- dtypes and extreme values -----------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.uint16, np.int32, np.int64,
                                   np.uint64, np.float16, np.float32, np.float64])
def test_every_dtype_of_the_same_counts_gives_the_same_float64_result(dtype):
    counts = COUNTS.astype(dtype)
    want = atrous.msvst(COUNTS.tolist(), 3)  # a nested list of Python ints
    got = atrous.msvst(counts, 3)
    for name in ("details", "smooth"):
        assert getattr(got, name).dtype == np.float64
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name))
    assert got.details.shape == (3,) + COUNTS.shape and got.smooth.shape == COUNTS.shape
    estimate = atrous.poisson_denoise(counts, 3)
    assert estimate.dtype == np.float64 and estimate.shape == COUNTS.shape
    np.testing.assert_array_equal(estimate, atrous.poisson_denoise(COUNTS.tolist(), 3))


def test_a_million_counts_per_pixel():
    rng = np.random.default_rng(11)
    intensity = np.full((48, 48), 1e6)
    intensity[20:24, 30:34] += 2e4  # 20 sigma of the noise per pixel
    counts = rng.poisson(intensity)
    m = atrous.msvst(counts, 3, corrected=False)
    np.testing.assert_allclose(m.details.sum(0) + m.smooth, np.sqrt(counts + 3 / 8),
                               rtol=1e-14, atol=0)
    estimate = atrous.poisson_denoise(counts, 3)
    assert np.isfinite(estimate).all()
    assert abs(estimate.sum() / counts.sum() - 1) < 1e-4
    assert estimate[20:24, 30:34].mean() > 1.01e6 > estimate[:10, :10].mean()


@pytest.mark.parametrize("detection", ["fdr", "bonferroni", "ksigma"])
@pytest.mark.parametrize("shape", [(64,), (32, 32), (8, 8, 8)])
def test_no_counts_at_all(shape, detection):
    """All zeros: no warning (they are errors here), finite details, and nothing to find."""
    zeros = np.zeros(shape, np.uint8)
    for corrected in (True, False):
        m = atrous.msvst(zeros, 2, corrected=corrected)
        assert np.isfinite(m.details).all() and np.isfinite(m.smooth).all()
        assert np.isfinite(atrous.msvst(zeros, 2, corrected=corrected, normalized=True)
                           .details).all()
    # Uncorrected, the details of 0 are the constants: T_{j-1}(0) - T_j(0) everywhere.
    m = atrous.msvst(zeros, 2, corrected=False)
    np.testing.assert_allclose(m.details.sum(0) + m.smooth, np.sqrt(3 / 8), rtol=1e-14)
    for positivity in (True, False):
        estimate = atrous.poisson_denoise(zeros, 2, detection=detection, positivity=positivity)
        np.testing.assert_array_equal(estimate, 0.0)


@pytest.mark.parametrize("where", [(16, 16), (0, 0), (0, 20)], ids=["centre", "corner", "edge"])
def test_a_single_bright_pixel_is_found_and_keeps_its_flux(where):
    counts = np.zeros((33, 33), np.int64)
    counts[where] = 1000
    estimate = atrous.poisson_denoise(counts, 4)
    assert estimate.min() >= 0
    assert np.unravel_index(estimate.argmax(), estimate.shape) == where
    assert abs(estimate.sum() / 1000 - 1) < 0.02
    assert estimate[where] > 900


# -- layouts and axes ---------------------------------------------------------------------------

def _assert_same_results(counts, **kwargs):
    """Both functions give on ``counts`` exactly what they give on its C-contiguous copy."""
    copy = np.ascontiguousarray(counts)
    got, want = atrous.msvst(counts, 3, **kwargs), atrous.msvst(copy, 3, **kwargs)
    np.testing.assert_array_equal(got.details, want.details)
    np.testing.assert_array_equal(got.smooth, want.smooth)
    np.testing.assert_array_equal(atrous.poisson_denoise(counts, 3, **kwargs),
                                  atrous.poisson_denoise(copy, 3, **kwargs))


@pytest.mark.parametrize("layout", [
    np.asfortranarray, lambda c: c.T, lambda c: c[::-1, ::2], lambda c: c[1:-1:3, 2:],
    lambda c: np.asfortranarray(c.astype(np.float32))[::2],
], ids=["F", "transposed", "reversed strided", "strided", "F float32 strided"])
def test_layouts_give_the_results_of_the_contiguous_copy(layout):
    counts = layout(np.random.default_rng(3).poisson(1.5, (48, 56)))
    _assert_same_results(counts)
    _assert_same_results(counts, mode="periodization")


def test_a_stack_of_tracks_is_each_track_alone():
    rng = np.random.default_rng(5)
    tracks = rng.poisson(3, (4, 150))
    tracks[1, 70] += 40
    for axis, stack in ((1, tracks), (0, tracks.T)):
        m = atrous.msvst(stack, 4, axes=(axis,))
        mn = atrous.msvst(stack, 4, axes=(axis,), normalized=True)
        for i, track in enumerate(tracks):
            index = (slice(None), i) if axis == 1 else (slice(None), slice(None), i)
            alone = atrous.msvst(track, 4)
            np.testing.assert_array_equal(m.details[index], alone.details)
            np.testing.assert_array_equal(mn.details[index],
                                          atrous.msvst(track, 4, normalized=True).details)
            np.testing.assert_array_equal(m.smooth[index[1:]], alone.smooth)
            np.testing.assert_array_equal(m.sigma, alone.sigma)
    # One iteration (no soft-thresholding schedule) with k-sigma tests: nothing pooled.
    estimate = atrous.poisson_denoise(tracks, 4, axes=(1,), detection="ksigma", iterations=1)
    for i, track in enumerate(tracks):
        np.testing.assert_array_equal(
            estimate[i], atrous.poisson_denoise(track, 4, detection="ksigma", iterations=1))


def test_a_cube_over_axes_1_2_is_each_image_alone():
    cube = np.random.default_rng(6).poisson(1.5, (3, 40, 36))
    m = atrous.msvst(cube, 3, axes=(1, 2))
    for i, image in enumerate(cube):
        alone = atrous.msvst(image, 3)
        np.testing.assert_array_equal(m.details[:, i], alone.details)
        np.testing.assert_array_equal(m.smooth[i], alone.smooth)
        np.testing.assert_array_equal(m.sigma, alone.sigma)
    estimate = atrous.poisson_denoise(cube, 3, axes=(1, 2), detection="ksigma", iterations=1)
    for i, image in enumerate(cube):
        np.testing.assert_array_equal(
            estimate[i], atrous.poisson_denoise(image, 3, detection="ksigma", iterations=1))


def test_k_sigma_denoising_of_a_stack_is_each_track_alone():
    """With k-sigma tests nothing is pooled over the stack: each track's (each image's)
    estimate is the one it has alone, whatever its neighbours hold. The soft threshold of the
    hybrid steepest descent started from the largest detail of the whole array, so a track
    next to a bright one came out differently (by up to 0.13 counts on 3 per bin)."""
    rng = np.random.default_rng(5)
    tracks = rng.poisson(3, (4, 150))
    tracks[1, 70] += 40
    for positivity in (True, False):
        estimate = atrous.poisson_denoise(tracks, 4, axes=(1,), detection="ksigma",
                                          positivity=positivity)
        for i, track in enumerate(tracks):
            np.testing.assert_allclose(
                estimate[i], atrous.poisson_denoise(track, 4, detection="ksigma",
                                                    positivity=positivity),
                rtol=0, atol=1e-12)
    cube = rng.poisson(1.5, (3, 40, 36))
    cube[1, 20, 20] += 30
    estimate = atrous.poisson_denoise(cube, 3, axes=(2, 1), detection="ksigma", k=2.5)
    for i, image in enumerate(cube):
        np.testing.assert_allclose(estimate[i],
                                   atrous.poisson_denoise(image, 3, detection="ksigma", k=2.5),
                                   rtol=0, atol=1e-12)


# -- threads -----------------------------------------------------------------------------------

def _all_results(counts):
    m = atrous.msvst(counts, 4)
    return [m.details, m.smooth, atrous.msvst(counts, 4, normalized=True).details,
            atrous.poisson_denoise(counts, 4)]


def test_results_do_not_depend_on_the_thread_count():
    # 300 x 300: more than one chunk of 2**16 samples per kernel call.
    counts = np.random.default_rng(8).poisson(0.8, (300, 300))
    previous = numba.get_num_threads()
    results = []
    try:
        for threads in (1, 2):
            numba.set_num_threads(threads)
            results.append(_all_results(counts))
    finally:
        numba.set_num_threads(previous)
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_calls_from_four_python_threads_at_once_give_the_serial_results():
    rng = np.random.default_rng(9)
    inputs = [rng.poisson(lam, (280, 260)) for lam in (0.3, 1, 3, 10)]
    serial = [_all_results(counts) for counts in inputs]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        concurrent_results = list(pool.map(_all_results, inputs * 2))
    for got, want in zip(concurrent_results, serial * 2):
        for a, b in zip(got, want):
            np.testing.assert_array_equal(a, b)


# -- identities and noise levels computed independently ----------------------------------------

@pytest.mark.parametrize("mode", ["symmetric", "periodization"])
@pytest.mark.parametrize(("shape", "level"), [((300,), 6), ((40, 48), 3), ((10, 12, 14), 2)])
def test_uncorrected_details_and_smooth_sum_to_the_halved_anscombe_transform(shape, level, mode):
    """``d_j = T_{j-1}(a_{j-1}) - T_j(a_j)`` telescopes: ``sum_j d_j + T_J(a_J) = T_0(a_0)``,
    and ``T_0(x) = sqrt(x + 3/8)`` (``b_0 = 1``, ``c_0 = 3/8``: half Anscombe's transform)."""
    counts = np.random.default_rng(10).poisson(0.7, shape)
    m = atrous.msvst(counts, level, mode=mode, corrected=False)
    np.testing.assert_allclose(m.details.sum(0) + m.smooth, np.sqrt(counts + 3 / 8),
                               rtol=0, atol=1e-13)


def _equivalent_filters(level):
    """``g_0 = [1], g_1 ... g_J``: dilated B3 splines convolved, each padded to ``g_J``'s
    length."""
    filters = [np.ones(1)]
    for j in range(1, level + 1):
        dilated = np.zeros(4 * 2 ** (j - 1) + 1)
        dilated[:: 2 ** (j - 1)] = B3
        filters.append(np.convolve(filters[-1], dilated))
    width = len(filters[-1])
    return [np.pad(g, (width - len(g)) // 2) for g in filters]


def _outer_power(g, ndim):
    result = g
    for _ in range(ndim - 1):
        result = np.multiply.outer(result, g)
    return result


@pytest.mark.parametrize(("level", "ndim"), [(6, 1), (5, 2), (3, 3)])
def test_sigma_is_half_the_norm_of_the_difference_of_the_equivalent_filters(level, ndim):
    """Under a constant intensity ``lambda``, ``T_j(a_j) ~ sqrt(lambda) + (a_j - lambda) /
    (2 sqrt(lambda))``, so ``d_j ~ ((g_{j-1} - g_j) * noise) / (2 sqrt(lambda))`` of
    variance ``||g_{j-1} - g_j||**2 / 4`` (the n-d filters outer products of the 1-d ones);
    and ``||g_{j-1} - g_j||`` is the starlet's noise level for unit white noise."""
    filters = [_outer_power(g, ndim) for g in _equivalent_filters(level)]
    want = [np.sqrt(np.sum((filters[j - 1] - filters[j]) ** 2) / 4)
            for j in range(1, level + 1)]
    got = atrous.msvst(np.ones((40,) * ndim if ndim < 3 else (12,) * 3, int), level).sigma
    np.testing.assert_allclose(got, want, rtol=1e-12)
    np.testing.assert_allclose(got, atrous.starlet_noise_levels(level, ndim, generation=1) / 2,
                               rtol=1e-12)


@pytest.mark.parametrize(("level", "ndim"), [(20, 1), (20, 2), (16, 3)])
def test_sigma_of_deep_scales_is_half_the_starlets_noise_level(level, ndim):
    """Where the equivalent filters have millions of taps: against the starlet's exact
    noise levels (a recursion on the kernel's autocorrelation, no filter built)."""
    got = atrous.msvst(np.ones((8,) * ndim, int), level).sigma
    np.testing.assert_allclose(got, atrous.starlet_noise_levels(level, ndim, generation=1) / 2,
                               rtol=1e-12)


def _smoothing_matrices(n, level, mode):
    """``A_0 = I, A_1 ... A_J``: ``a_j = A_j @ counts`` along one axis of ``n`` samples, the
    edges extended by ``np.pad`` (``'symmetric'``, or ``'wrap'`` for periodization)."""
    matrices = [np.eye(n)]
    for j in range(1, level + 1):
        step = 2 ** (j - 1)
        extended = np.pad(np.eye(n), ((2 * step, 2 * step), (0, 0)), mode=mode)
        smoothing = sum(B3[k] * extended[k * step: k * step + n] for k in range(5))
        matrices.append(smoothing @ matrices[-1])
    return matrices


@pytest.mark.parametrize(("n", "level", "mode"), [
    (40, 4, "symmetric"), (10, 3, "symmetric"), (25, 4, "symmetric"), (16, 3, "wrap"),
    (40, 8, "symmetric"), (24, 7, "wrap")])
def test_each_samples_sigma_near_the_edges_against_boundary_matrices(n, level, mode):
    """``normalized=True`` divides each ``d_j`` by its own sample's sigma,
    ``||row_i(A_{j-1} - A_j)|| / 2`` with the boundary matrices built here, also where the
    filter is longer than the axis (10 samples, 29 taps), and in 2-d."""
    matrices = _smoothing_matrices(n, level, mode)
    want = np.array([np.sqrt(np.sum((matrices[j - 1] - matrices[j]) ** 2, axis=1) / 4)
                     for j in range(1, level + 1)])
    mode = "periodization" if mode == "wrap" else mode
    counts = np.random.default_rng(12).poisson(500, (n, n))
    plain = atrous.msvst(counts[0], level, mode=mode, corrected=False).details
    normalized = atrous.msvst(counts[0], level, mode=mode, corrected=False,
                              normalized=True).details
    # atol: sigma ~ 6e-6 at 40 samples and 8 scales is a difference of terms ~ 0.03, so
    # both computations carry ~1e-13 of rounding there.
    np.testing.assert_allclose(plain / normalized, want, rtol=1e-9, atol=1e-12)
    # 2-d: the rows of the Kronecker products A_j ⊗ A_j are the images' filters.
    products = [np.kron(a, a) for a in matrices]
    want2 = np.array([np.sqrt(np.sum((products[j - 1] - products[j]) ** 2, axis=1) / 4)
                      for j in range(1, level + 1)]).reshape((level, n, n))
    plain = atrous.msvst(counts, level, mode=mode, corrected=False).details
    normalized = atrous.msvst(counts, level, mode=mode, corrected=False,
                              normalized=True).details
    np.testing.assert_allclose(plain / normalized, want2, rtol=1e-9, atol=1e-12)


def test_normalized_details_have_unit_spread_at_mirrored_edges_monte_carlo():
    """4000 tracks of 64 samples at 50 counts per sample (where the stabilization is
    excellent): at every sample, edges included, ``d_j / sigma_j`` has a mean near 0 and a
    standard deviation near 1, within 5 times their sampling errors. With the interior's
    sigma the edge samples' spread is off by up to 44 %."""
    draws = 4000
    counts = np.random.default_rng(13).poisson(50, (draws, 64))
    z = atrous.msvst(counts, 4, axes=(1,), normalized=True).details
    tolerance = 5 / np.sqrt(draws)
    assert np.abs(z.mean(axis=1)).max() < tolerance
    assert np.abs(z.std(axis=1) - 1).max() < tolerance / np.sqrt(2)
    # The test can fail: with the interior sigma the edges are far from 1.
    m = atrous.msvst(counts, 4, axes=(1,))
    interior = (m.details / m.sigma[:, None, None]).std(axis=1)
    assert np.abs(interior[:, [0, -1]] - 1).max() > 0.3


def test_normalized_details_have_unit_spread_at_image_corners_monte_carlo():
    draws = 4000
    counts = np.random.default_rng(14).poisson(50, (draws, 16, 16))
    z = atrous.msvst(counts, 3, axes=(1, 2), normalized=True).details
    tolerance = 5 / np.sqrt(draws)
    assert np.abs(z.mean(axis=1)).max() < tolerance
    spread = z.std(axis=1)
    assert np.abs(spread - 1).max() < tolerance / np.sqrt(2)


# -- denoising pure background ---------------------------------------------------------------

@pytest.mark.parametrize("detection", [{"detection": "fdr"}, {"detection": "bonferroni"},
                                       {"detection": "ksigma", "k": 4}],
                         ids=["fdr", "bonferroni", "4 sigma"])
@pytest.mark.parametrize("intensity", [0.1, 1.0, 10.0])
def test_pure_background_gives_a_nearly_flat_field_with_the_flux(intensity, detection):
    counts = np.random.default_rng(15).poisson(intensity, (128, 128))
    for positivity in (True, False):
        estimate = atrous.poisson_denoise(counts, 5, positivity=positivity, **detection)
        if positivity:
            assert estimate.min() >= 0
        assert abs(estimate.sum() / counts.sum() - 1) < 0.01
        # Nearly flat: the coarsest approximation's slow waves, a few per cent of the counts'
        # spread (at 0.1 counts per pixel, 4 % of the counts' spread is 12 % of the mean).
        assert estimate.std() < 0.08 * counts.std()
        assert estimate.std() < 0.15 * intensity


@pytest.mark.parametrize("intensity", [0.1, 1.0, 10.0])
def test_pure_background_at_3_sigma_keeps_the_flux_despite_false_detections(intensity):
    """``k = 3`` over 16384 pixels lets about 44 false detections per scale by: the estimate
    is bumpier, and without positivity it goes below 0, but the flux stays."""
    counts = np.random.default_rng(16).poisson(intensity, (128, 128))
    estimate = atrous.poisson_denoise(counts, 5, detection="ksigma", k=3)
    assert estimate.min() >= 0
    assert abs(estimate.sum() / counts.sum() - 1) < 0.02
    assert estimate.std() < 0.3 * counts.std()
    loose = atrous.poisson_denoise(counts, 5, detection="ksigma", k=3, positivity=False)
    assert abs(loose.sum() / counts.sum() - 1) < 0.01
    assert loose.std() < 0.3 * counts.std()
    if intensity < 1:
        assert loose.min() < 0  # what positivity is there for


@pytest.mark.parametrize("intensity", [5, 20])
def test_the_finest_scales_bias_is_anscombes_and_corrected_away(intensity):
    """Taylor to second order: ``E sqrt(a + c) = sqrt(lambda) + (c - Var a / (4 lambda)) /
    (2 sqrt(lambda))``, so ``E T_0 = sqrt(lambda) + 1 / (16 sqrt(lambda))`` (``c_0 = 3/8``,
    ``Var a_0 = lambda``) and ``E T_1 = sqrt(lambda) + e_1 / sqrt(lambda)`` with ``e_1 =
    (c_1 - tau_2 / 4) / 2`` (``Var a_1 = tau_2 lambda``, ``c_1 = 7 tau_2 / 8 - tau_3 /
    (2 tau_2)`` from the paper, the moments of the 2-d B3 filter computed here): uncorrected,
    ``d_1`` has the mean ``(1/16 - e_1) / sqrt(lambda)``; corrected, 0."""
    g1 = _outer_power(_equivalent_filters(1)[1], 2)
    tau2, tau3 = np.sum(g1**2), np.sum(g1**3)
    e1 = (7 * tau2 / 8 - tau3 / (2 * tau2) - tau2 / 4) / 2
    delta = np.zeros_like(g1)
    delta[2, 2] = 1
    sigma1 = np.sqrt(np.sum((delta - g1) ** 2) / 4)
    counts = np.random.default_rng(17).poisson(intensity, (150, 128, 128))
    interior = (slice(None), slice(8, -8), slice(8, -8))
    plain = atrous.msvst(counts, 2, axes=(1, 2), corrected=False, normalized=True)
    mean = plain.details[0][interior].mean()
    assert abs(mean - (1 / 16 - e1) / np.sqrt(intensity) / sigma1) < 0.005
    assert mean > 0.025  # the bias is there to remove: 0.063 at 5 counts, 0.032 at 20
    corrected = atrous.msvst(counts, 2, axes=(1, 2), normalized=True)
    assert abs(corrected.details[0][interior].mean()) < 0.005
