"""Dilated correlate1d/convolve1d against scipy.ndimage with the zero-stuffed kernel, causal
filtering against a plain loop, and receptive fields against their definition."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import ndimage

import atrous
from atrous._validation import AxisError

MODES = ["reflect", "mirror", "nearest", "wrap", "constant", "grid-mirror", "grid-wrap",
         "grid-constant"]


def stuffed(weights, dilation):
    """``weights`` with ``dilation - 1`` zeros between taps: what scipy users build today."""
    kernel = np.zeros((len(weights) - 1) * dilation + 1)
    kernel[::dilation] = weights
    return kernel


PAIRS = [(atrous.correlate1d, ndimage.correlate1d), (atrous.convolve1d, ndimage.convolve1d)]


@pytest.mark.parametrize(("ours", "theirs"), PAIRS, ids=["correlate1d", "convolve1d"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("n", "taps", "dilation"), [
    (64, 3, 1), (64, 3, 7), (50, 4, 5), (17, 2, 16),
    (10, 3, 12),  # the dilated kernel (25 samples) is longer than the input
    (1, 3, 2), (5, 7, 9),
])
def test_equals_scipy_with_the_zero_stuffed_kernel(ours, theirs, mode, n, taps, dilation, rng):
    x = rng.standard_normal((3, n))
    w = rng.standard_normal(taps)
    span = (taps - 1) * dilation + 1
    for origin in sorted({0, -(span // 2), (span - 1) // 2}):
        got = ours(x, w, dilation=dilation, mode=mode, cval=-1.25, origin=origin)
        want = theirs(x, stuffed(w, dilation), mode=mode, cval=-1.25, origin=origin)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@given(n=st.integers(1, 60), taps=st.integers(1, 6), dilation=st.integers(1, 30),
       mode=st.sampled_from(MODES), pair=st.sampled_from(PAIRS), seed=st.integers(0, 2**32 - 1),
       data=st.data())
def test_any_size_dilation_and_origin(n, taps, dilation, mode, pair, seed, data):
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal(n), rng.standard_normal(taps)
    span = (taps - 1) * dilation + 1
    origin = data.draw(st.integers(-(span // 2), (span - 1) // 2))
    got = pair[0](x, w, dilation=dilation, mode=mode, cval=0.5, origin=origin)
    want = pair[1](x, stuffed(w, dilation), mode=mode, cval=0.5, origin=origin)
    np.testing.assert_allclose(got, want, rtol=1e-11, atol=1e-11)


@pytest.mark.parametrize("axis", [0, 1, -1, 2])
@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_axes_and_layouts(axis, layout, rng):
    x = rng.standard_normal((9, 12, 7))
    x = {"C": x, "F": np.asfortranarray(x), "strided": x[:, ::2, :]}[layout]
    w = [0.5, -1.0, 2.0]
    got = atrous.correlate1d(x, w, dilation=3, axis=axis, mode="mirror")
    want = ndimage.correlate1d(x, stuffed(w, 3), axis=axis, mode="mirror")
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex64, np.complex128,
                                   np.int32, np.uint8, np.int64])
def test_output_dtype_follows_scipy(dtype, rng):
    x = (rng.standard_normal(40) * 20).astype(dtype) if np.dtype(dtype).kind != "c" else (
        rng.standard_normal(40) + 1j * rng.standard_normal(40)).astype(dtype)
    w = [0.25, 0.5, 0.3]
    got = atrous.correlate1d(x, w, dilation=2)
    want = ndimage.correlate1d(x, stuffed(w, 2))
    assert got.dtype == want.dtype
    tolerance = 1e-5 if np.dtype(dtype).itemsize <= 8 and np.dtype(dtype).kind in "fc" else 0
    if np.dtype(dtype).kind in "iu":
        # Truncation of values that round differently in the last bit may differ by one.
        assert np.abs(got.astype(np.int64) - want.astype(np.int64)).max() <= 1
    else:
        np.testing.assert_allclose(got, want, rtol=max(tolerance, 1e-12), atol=1e-5)


def test_output_argument_as_array_dtype_and_in_place(rng):
    x = rng.standard_normal((4, 30))
    w = [1.0, -2.0, 1.0]
    want = ndimage.correlate1d(x, stuffed(w, 4), mode="wrap")
    out = np.empty_like(x)
    assert atrous.correlate1d(x, w, 4, output=out, mode="wrap") is out
    np.testing.assert_allclose(out, want, atol=1e-12)
    as_single = atrous.correlate1d(x, w, 4, output=np.float32, mode="wrap")
    assert as_single.dtype == np.float32
    np.testing.assert_allclose(as_single, want, rtol=1e-5, atol=1e-5)
    in_place = x.copy()
    atrous.correlate1d(in_place, w, 4, output=in_place, mode="wrap")
    np.testing.assert_allclose(in_place, want, atol=1e-12)
    f_out = np.empty_like(x, order="F")
    atrous.correlate1d(x, w, 4, output=f_out, mode="wrap")
    np.testing.assert_allclose(f_out, want, atol=1e-12)


def test_input_is_not_modified(rng):
    x = rng.standard_normal(50)
    saved = x.copy()
    atrous.convolve1d(x, [1, 2, 3], dilation=5, mode="constant", cval=3.0)
    np.testing.assert_array_equal(x, saved)


def naive_causal(x, weights, dilation, history):
    """out[n] = sum_k w[k] x[n - (K-1-k) d], with ``history`` before the first sample."""
    taps, n = len(weights), len(x)
    out = np.zeros(n)
    for i in range(n):
        for k in range(taps):
            j = i - (taps - 1 - k) * dilation
            out[i] += weights[k] * (x[j] if j >= 0 else history(j))
    return out


@given(n=st.integers(1, 50), taps=st.integers(1, 5), dilation=st.integers(1, 20),
       seed=st.integers(0, 2**32 - 1))
def test_causal_correlation_uses_the_present_and_the_past(n, taps, dilation, seed):
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal(n), rng.standard_normal(taps)
    got = atrous.correlate1d(x, w, dilation=dilation, causal=True)
    np.testing.assert_allclose(got, naive_causal(x, w, dilation, lambda j: 0.0), atol=1e-12)
    # Changing the future leaves the past alone.
    if n > 1:
        future = x.copy()
        future[n // 2:] += 100.0
        changed = atrous.correlate1d(future, w, dilation=dilation, causal=True)
        np.testing.assert_array_equal(changed[:n // 2], got[:n // 2])
    # A causal convolution is the causal correlation with the reversed kernel.
    np.testing.assert_allclose(atrous.convolve1d(x, w[::-1], dilation=dilation, causal=True),
                               got, atol=1e-12)


def test_causal_history_follows_the_mode(rng):
    x, w = rng.standard_normal(20), [0.5, 0.25, 1.0]
    got = atrous.correlate1d(x, w, dilation=3, causal=True, mode="constant", cval=2.0)
    np.testing.assert_allclose(got, naive_causal(x, w, 3, lambda j: 2.0), atol=1e-12)
    nearest = atrous.correlate1d(x, w, dilation=3, causal=True, mode="nearest")
    np.testing.assert_allclose(nearest, naive_causal(x, w, 3, lambda j: x[0]), atol=1e-12)


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"weights": []}, RuntimeError, "no filter weights given"),
    ({"weights": [[1, 2]]}, RuntimeError, "no filter weights given"),
    ({"weights": [1, 2j]}, TypeError, "`weights` must be real"),
    ({"mode": "symmetric"}, RuntimeError, "boundary mode not supported: `mode`='symmetric'"),
    ({"origin": 3}, ValueError, r"Invalid origin.*-1 <= `origin` <= 1, got 3"),
    ({"origin": 1, "causal": True}, ValueError, "`origin` must be 0 with causal=True"),
    ({"dilation": 0}, ValueError, "`dilation`=0 must be a positive integer"),
    ({"dilation": 1.5}, TypeError, "`dilation` must be an integer"),
    ({"axis": 1}, AxisError, "`axis`=1 is out of bounds"),
    ({"output": np.zeros(3)}, RuntimeError, "output shape not correct"),
    ({"cval": "a"}, TypeError, "`cval` must be a number"),
])
def test_errors(kwargs, error, match):
    arguments = {"weights": [1.0, 2.0, 3.0], **kwargs}
    with pytest.raises(error, match=match):
        atrous.correlate1d(np.arange(8.0), **arguments)


def test_scalar_and_text_input_errors():
    with pytest.raises(AxisError, match="scalar"):
        atrous.correlate1d(3.0, [1.0])
    with pytest.raises(TypeError, match="`input` must hold numbers"):
        atrous.correlate1d(np.array(["a", "b"]), [1.0])


def test_nan_propagates_like_the_arithmetic_of_the_taps():
    """NaN reaches the outputs whose taps (even a zero one: 0 * nan is nan) read it; the
    zero-stuffed kernel would also spread it through the zeros between taps."""
    x = np.arange(20.0)
    x[10] = np.nan
    got = atrous.correlate1d(x, [1.0, 0.0, 1.0], dilation=2, mode="wrap")
    hit = [8, 10, 12]
    assert np.isnan(got[hit]).all() and np.isfinite(np.delete(got, hit)).all()
    stuffed_result = ndimage.correlate1d(x, stuffed([1.0, 0.0, 1.0], 2), mode="wrap")
    assert np.isnan(stuffed_result).sum() == 5


@given(sizes=st.lists(st.integers(1, 9), min_size=1, max_size=8),
       dilations=st.lists(st.integers(1, 300), min_size=1, max_size=8))
def test_receptive_field_is_the_support_of_the_stack_impulse_response(sizes, dilations):
    layers = min(len(sizes), len(dilations))
    sizes, dilations = sizes[:layers], dilations[:layers]
    field = atrous.receptive_field(sizes, dilations)
    # Push an impulse through the stack of causal all-ones layers and measure its support.
    length = field + 5
    signal = np.zeros(length)
    signal[0] = 1.0
    for k, d in zip(sizes, dilations):
        signal = atrous.convolve1d(signal, np.ones(k), dilation=d, causal=True)
    assert np.flatnonzero(signal).max() + 1 == field


def test_receptive_field_forms_and_the_swt_halo():
    from atrous._swt import swt_halo

    assert atrous.receptive_field(3, 1) == 3
    assert atrous.receptive_field([3, 3, 3], 2) == 13
    assert atrous.receptive_field(3, [1, 2, 4]) == 15
    before, after = swt_halo("db4", 5)
    assert atrous.receptive_field(8, [2**j for j in range(5)]) == before + after + 1
    with pytest.raises(ValueError, match="`kernel_size` has 2 layers and `dilation` 3"):
        atrous.receptive_field([3, 3], [1, 2, 4])
    with pytest.raises(ValueError, match="`dilation`=0 must be a positive integer"):
        atrous.receptive_field(3, 0)


@given(target=st.integers(1, 10**6), kernel_size=st.integers(2, 7), base=st.integers(2, 4),
       cap=st.one_of(st.none(), st.integers(1, 1024)))
def test_dilation_schedule_is_the_shortest_that_reaches_the_target(target, kernel_size, base,
                                                                   cap):
    schedule = atrous.dilation_schedule(target, kernel_size, base, max_dilation=cap)
    assert schedule.receptive_field == atrous.receptive_field(kernel_size,
                                                              schedule.dilations or [1]) - (
        0 if schedule.dilations else kernel_size - 1)
    assert schedule.receptive_field >= target
    if schedule.layers:
        shorter = schedule.dilations[:-1]
        reached = 1 + (kernel_size - 1) * sum(shorter)
        assert reached < target
        assert schedule.dilations[0] == 1
        assert all(b in (a * base, 1) for a, b in zip(schedule.dilations, schedule.dilations[1:]))
        assert cap is None or max(schedule.dilations) <= max(cap, 1)


def test_genomic_example():
    # 50 kb at 1 kb bins with kernel 3: dilations 1 ... 16 reach 63 bins.
    schedule = atrous.dilation_schedule(50, kernel_size=3)
    assert schedule.dilations == [1, 2, 4, 8, 16] and schedule.receptive_field == 63
    assert schedule.layers == 5
    with pytest.raises(ValueError, match="`kernel_size`=1"):
        atrous.dilation_schedule(50, kernel_size=1)


def stuffed_nd(weights, dilations):
    shape = [(k - 1) * d + 1 for k, d in zip(weights.shape, dilations)]
    kernel = np.zeros(shape)
    kernel[tuple(slice(None, None, d) for d in dilations)] = weights
    return kernel


ND_PAIRS = [(atrous.correlate, ndimage.correlate), (atrous.convolve, ndimage.convolve)]


@pytest.mark.parametrize(("ours", "theirs"), ND_PAIRS, ids=["correlate", "convolve"])
@pytest.mark.parametrize("mode", ["reflect", "mirror", "nearest", "wrap", "constant"])
@pytest.mark.parametrize(("shape", "kernel", "dilation"), [
    ((9, 11), (3, 3), 2), ((9, 11), (2, 4), (3, 1)), ((6, 5, 7), (3, 2, 2), (1, 4, 2)),
    ((5, 4), (3, 3), 6),  # dilated kernel larger than the image
    ((13,), (4,), 3),
])
def test_nd_equals_scipy_with_the_zero_stuffed_kernel(ours, theirs, mode, shape, kernel,
                                                      dilation, rng):
    x = rng.standard_normal(shape)
    w = rng.standard_normal(kernel)
    dilations = [dilation] * len(shape) if isinstance(dilation, int) else list(dilation)
    origin = [1 if (k - 1) * d + 1 > 2 else 0 for k, d in zip(kernel, dilations)]
    got = ours(x, w, dilation=dilation, mode=mode, cval=2.5, origin=origin)
    want = theirs(x, stuffed_nd(w, dilations), mode=mode, cval=2.5, origin=origin)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-11)


def test_nd_output_dtypes_layouts_and_errors(rng):
    x = np.asfortranarray(rng.standard_normal((8, 10)).astype(np.float32))
    w = rng.standard_normal((3, 2))
    got = atrous.correlate(x, w, dilation=2)
    want = ndimage.correlate(x, stuffed_nd(w, [2, 2]))
    assert got.dtype == want.dtype == np.float32
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    out = np.empty((8, 10))
    assert atrous.convolve(x, w, 2, output=out) is out
    with pytest.raises(RuntimeError, match=r"weights.ndim \(1\) must match the input's \(2\)"):
        atrous.correlate(x, np.ones(3))
    with pytest.raises(ValueError, match="Invalid origin.*along axis 1"):
        atrous.correlate(x, w, origin=(0, 5))
    with pytest.raises(ValueError, match="`dilation` must be one integer or one per axis"):
        atrous.correlate(x, w, dilation=(1, 2, 3))
    with pytest.raises(RuntimeError, match="boundary mode not supported"):
        atrous.correlate(x, w, mode="antireflect")


@pytest.mark.parametrize("modes", [("wrap", "constant"), ("mirror", "nearest"),
                                   ("constant", "reflect")])
def test_one_mode_per_axis_equals_filtering_each_axis_with_its_mode(modes, rng):
    """scipy's correlate takes one mode; a separable kernel splits into 1-d passes."""
    x = rng.standard_normal((10, 13))
    a, b = rng.standard_normal(3), rng.standard_normal(2)
    got = atrous.correlate(x, np.outer(a, b), dilation=(2, 5), mode=list(modes))
    want = ndimage.correlate1d(x, stuffed(a, 2), axis=0, mode=modes[0])
    want = ndimage.correlate1d(want, stuffed(b, 5), axis=1, mode=modes[1])
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
