"""The filter-bank engine against the naive loop reference, every boundary mode."""

import numba
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from atrous._engine import filter_along_axis, reduce_offsets, tap_offsets
from atrous._kernels import boundary

from . import naive

MODES = {"wrap": boundary.WRAP, "symmetric": boundary.SYMMETRIC, "reflect": boundary.REFLECT,
         "edge": boundary.EDGE, "zero": boundary.ZERO, "antisymmetric": boundary.ANTISYMMETRIC,
         "antireflect": boundary.ANTIREFLECT, "smooth": boundary.SMOOTH}


def run_engine(inputs, weights, offsets, mode, axis, dtype=None):
    outputs = [np.empty_like(inputs[0], dtype=dtype) for _ in range(weights.shape[0])]
    filter_along_axis(inputs, weights, offsets, MODES[mode], axis, outputs)
    return outputs


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("n", [1, 2, 3, 7, 16])
@pytest.mark.parametrize(("taps", "dilation", "shift"),
                         [(1, 1, 0), (2, 1, 0), (4, 3, -5), (8, 4, -12), (3, 9, 2), (6, 1, -2)])
def test_one_input_two_outputs_match_naive(mode, n, taps, dilation, shift, rng):
    x = rng.standard_normal(n)
    weights = rng.standard_normal((2, 1, taps))
    offsets = tap_offsets(taps, dilation, shift)
    got = run_engine([x], weights, offsets, mode, 0)
    want = naive.filter_bank([x], weights, offsets, mode, 0)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize(("shape", "axis"), [((5, 9, 3), 1), ((9, 4), 0), ((2, 3, 11), 2),
                                             ((6, 2, 2, 5), 0)])
def test_synthesis_of_several_inputs_along_any_axis(mode, shape, axis, rng):
    inputs = [rng.standard_normal(shape) for _ in range(3)]
    weights = rng.standard_normal((1, 3, 5))
    offsets = tap_offsets(5, 2, -4)
    got = run_engine(inputs, weights, offsets, mode, axis)
    want = naive.filter_bank(inputs, weights, offsets, mode, axis)
    np.testing.assert_allclose(got[0], want[0], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("mode", sorted(MODES))
def test_three_outputs_use_the_pair_and_single_paths(mode, rng):
    x = rng.standard_normal((3, 40))
    weights = rng.standard_normal((3, 1, 7))
    offsets = tap_offsets(7, 3, -9)
    for g, w in zip(run_engine([x], weights, offsets, mode, 1),
                    naive.filter_bank([x], weights, offsets, mode, 1)):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-12)


@given(n=st.integers(1, 40), taps=st.integers(1, 9), dilation=st.integers(1, 100),
       shift=st.integers(-300, 300), mode=st.sampled_from(sorted(MODES)),
       inner=st.integers(1, 3), seed=st.integers(0, 2**32 - 1))
def test_any_dilation_and_shift_match_naive(n, taps, dilation, shift, mode, inner, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, inner))
    weights = rng.standard_normal((2, 1, taps))
    offsets = tap_offsets(taps, dilation, shift)
    for g, w in zip(run_engine([x], weights, offsets, mode, 0),
                    naive.filter_bank([x], weights, offsets, mode, 0)):
        np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-10)


def test_huge_dilation_reduces_to_the_same_positions(rng):
    """Offsets beyond int64 range are reduced exactly before they reach the kernel."""
    x = rng.standard_normal(6)
    weights = rng.standard_normal((1, 1, 4))
    huge = tap_offsets(4, 2**70, 5)
    small = [o % 6 for o in huge]
    for mode in MODES:
        if mode in naive.PYWT_MODES - {"antisymmetric"}:
            with pytest.raises(ValueError, match="2\\*\\*53 samples"):
                reduce_offsets(huge, 6, MODES[mode])
        else:
            assert reduce_offsets(huge, 6, MODES[mode]).dtype == np.int64
    got = run_engine([x], weights, huge, "wrap", 0)[0]
    want = naive.filter_bank([x], weights, small, "wrap", 0)[0]
    np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.complex64, np.complex128])
def test_storage_types_accumulate_in_float64(dtype, rng):
    x = rng.standard_normal((4, 33)) + (1j * rng.standard_normal((4, 33))
                                        if np.dtype(dtype).kind == "c" else 0)
    x = x.astype(dtype)
    weights = rng.standard_normal((2, 1, 6))
    offsets = tap_offsets(6, 5, -13)
    got = run_engine([x], weights, offsets, "symmetric", 1)
    exact = naive.filter_bank([x.astype(np.complex128 if x.dtype.kind == "c" else np.float64)],
                              weights, offsets, "symmetric", 1)
    for g, w in zip(got, exact):
        assert g.dtype == dtype
        # one rounding of the exact float64 sum
        np.testing.assert_array_equal(g, w.astype(dtype))


def test_nan_and_inf_propagate_like_arithmetic():
    x = np.zeros(12)
    x[5] = np.nan
    x[9] = np.inf
    weights = np.array([[[1.0, 0.0, 2.0]]])
    offsets = [-1, 0, 1]
    got = run_engine([x], weights, offsets, "wrap", 0)[0]
    with np.errstate(invalid="ignore"):
        want = naive.filter_bank([x], weights, offsets, "wrap", 0)[0]
    assert np.isnan(got).sum() == 4
    np.testing.assert_array_equal(got, want)  # 0 * inf is nan, as in the arithmetic


def test_results_do_not_depend_on_thread_count(rng):
    x = rng.standard_normal((3, 5000, 7))
    weights = rng.standard_normal((2, 1, 8))
    offsets = tap_offsets(8, 37, -100)
    previous = numba.get_num_threads()
    results = []
    try:
        for threads in sorted({1, previous}):
            numba.set_num_threads(threads)
            results.append(run_engine([x], weights, offsets, "reflect", 1))
    finally:
        numba.set_num_threads(previous)
    for a, b in zip(results[0], results[-1]):
        np.testing.assert_array_equal(a, b)


def test_empty_arrays_are_left_alone():
    x = np.empty((0, 5))
    outputs = [np.empty_like(x)]
    filter_along_axis([x], np.ones((1, 1, 3)), [0, 1, 2], boundary.WRAP, 1, outputs)
    assert outputs[0].shape == (0, 5)


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize(("n", "n_out", "shift"), [(10, 4, 3), (10, 17, -5), (3, 12, -6),
                                                  (7, 1, 0)])
def test_outputs_of_another_length_read_at_shifted_offsets(mode, n, n_out, shift, rng):
    x = rng.standard_normal((2, n))
    weights = rng.standard_normal((2, 1, 3))
    offsets = [shift + 2 * k for k in range(3)]
    outputs = [np.empty((2, n_out)) for _ in range(2)]
    filter_along_axis([x], weights, offsets, MODES[mode], 1, outputs)
    margin = n_out + n + 10
    for f in range(2):
        for line in range(2):
            extended = naive.extend(x[line], margin, margin, mode)
            want = [sum(weights[f, 0, k] * extended[margin + r + o] for k, o in enumerate(offsets))
                    for r in range(n_out)]
            np.testing.assert_allclose(outputs[f][line], want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize(("n", "taps", "dilation", "shift"),
                         [(16, 2, 1, 0), (16, 6, 1, -2), (9, 5, 2, -4), (40, 9, 3, -13),
                          (12, 4, 1, 0), (7, 1, 1, 3), (30, 8, 2, -7), (5, 3, 2, -1)])
@pytest.mark.parametrize(("inputs", "outputs"), [(1, 2), (2, 1), (1, 3), (3, 3)])
def test_a_tasks_short_lines_side_by_side_give_the_bits_of_one_line_at_a_time(
        mode, n, taps, dilation, shift, inputs, outputs, rng, monkeypatch):
    """Short lines along the last axis are filtered a task's worth at once (side by side, as
    one line of many columns): the same bits as one line at a time, which tiles of a single
    line force, and the naive loop's values."""
    import atrous._engine as engine

    xs = [rng.standard_normal((37, n)) for _ in range(inputs)]
    xs[0][3, n // 2] = np.nan  # NaN stays where the taps read it
    weights = rng.standard_normal((outputs, inputs, taps))
    offsets = tap_offsets(taps, dilation, shift)
    grouped = [np.empty((37, n)) for _ in range(outputs)]
    filter_along_axis(xs, weights, offsets, MODES[mode], 1, grouped)
    monkeypatch.setattr(engine, "_BLOCK_ELEMENTS", n)  # a task holds one line
    single = [np.empty((37, n)) for _ in range(outputs)]
    filter_along_axis(xs, weights, offsets, MODES[mode], 1, single)
    want = naive.filter_bank(xs, weights, offsets, mode, 1)
    for a, b, c in zip(grouped, single, want):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_allclose(a, c, rtol=1e-10, atol=1e-10)
