"""atrous.swt / iswt / swt_max_level against PyWavelets, wherever PyWavelets accepts the input."""

import warnings

import numpy as np
import pytest
import pywt

import atrous

DISCRETE = pywt.wavelist(kind="discrete")
RTOL = 1e-12


def assert_coeffs_close(got, want, rtol=RTOL, atol=0.0):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        if isinstance(w, tuple):
            assert isinstance(g, tuple) and len(g) == len(w)
            assert_coeffs_close(list(g), list(w), rtol, atol)
            continue
        assert g.shape == w.shape and g.dtype == w.dtype
        scale = max(np.abs(w).max(), 1e-300) if w.size else 1.0
        np.testing.assert_allclose(g, w, rtol=0, atol=atol + rtol * scale)


@pytest.mark.parametrize("wavelet", DISCRETE)
def test_every_discrete_wavelet_every_level_and_start_level(wavelet, rng):
    x = rng.standard_normal(32)
    for level in (1, 2, 3):
        for start_level in (0, 1, 2):
            want = pywt.swt(x, wavelet, level=level, start_level=start_level)
            got = atrous.swt(x, wavelet, level=level, start_level=start_level)
            assert_coeffs_close(got, want)
    coeffs = pywt.swt(x, wavelet, level=3)
    np.testing.assert_allclose(atrous.iswt(coeffs, wavelet), pywt.iswt(coeffs, wavelet),
                               rtol=0, atol=RTOL * np.abs(x).max())


@pytest.mark.parametrize("wavelet", ["haar", "db4", "sym8", "coif3", "bior3.5", "dmey"])
@pytest.mark.parametrize("n", [2, 8, 64, 96, 256])
def test_lengths_and_deep_levels(wavelet, n, rng):
    x = rng.standard_normal(n)
    level = pywt.swt_max_level(n)
    assert_coeffs_close(atrous.swt(x, wavelet), pywt.swt(x, wavelet))
    for trim_approx in (False, True):
        want = pywt.swt(x, wavelet, level=level, trim_approx=trim_approx)
        got = atrous.swt(x, wavelet, level=level, trim_approx=trim_approx)
        assert_coeffs_close(got, want)
        np.testing.assert_allclose(atrous.iswt(want, wavelet), pywt.iswt(want, wavelet),
                                   rtol=0, atol=1e-11 * np.abs(x).max())


@pytest.mark.parametrize("wavelet", ["db1", "db3", "sym4", "coif1"])
@pytest.mark.parametrize("trim_approx", [False, True])
def test_norm_true(wavelet, trim_approx, rng):
    x = rng.standard_normal(128)
    want = pywt.swt(x, wavelet, level=4, norm=True, trim_approx=trim_approx)
    got = atrous.swt(x, wavelet, level=4, norm=True, trim_approx=trim_approx)
    assert_coeffs_close(got, want)
    np.testing.assert_allclose(atrous.iswt(want, wavelet, norm=True),
                               pywt.iswt(want, wavelet, norm=True), rtol=0, atol=1e-12)


def test_norm_with_biorthogonal_wavelet_warns_as_pywavelets(rng):
    x = rng.standard_normal(16)
    with pytest.warns(UserWarning, match="wavelet is not orthogonal") as record:
        got = atrous.swt(x, "bior2.2", level=2, norm=True)
    assert record[0].filename == __file__  # points at the caller
    with pytest.warns(UserWarning, match="wavelet is not orthogonal"):
        want = pywt.swt(x, "bior2.2", level=2, norm=True)
    assert_coeffs_close(got, want)


@pytest.mark.parametrize(("shape", "axis"), [((64, 3), 0), ((3, 64), 1), ((3, 64), -1),
                                             ((2, 32, 5), 1), ((2, 3, 32), -1), ((32, 2, 3), -3)])
@pytest.mark.parametrize("order", ["C", "F", "strided"])
def test_any_axis_and_memory_layout(shape, axis, order, rng):
    base = rng.standard_normal(tuple(2 * s for s in shape))
    if order == "strided":
        x = base[tuple(slice(None, None, 2) for _ in shape)]
    else:
        x = np.asarray(base[tuple(slice(0, s) for s in shape)], order=order)
    before = x.copy()
    for trim_approx in (False, True):
        want = pywt.swt(x, "db2", level=3, axis=axis, trim_approx=trim_approx)
        got = atrous.swt(x, "db2", level=3, axis=axis, trim_approx=trim_approx)
        assert_coeffs_close(got, want)
        np.testing.assert_allclose(atrous.iswt(got, "db2", axis=axis),
                                   pywt.iswt(want, "db2", axis=axis), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(x, before)


def test_f_ordered_input_gives_f_ordered_output(rng):
    x = np.asfortranarray(rng.standard_normal((16, 4)))
    (approx, detail), = atrous.swt(x, "db1", level=1, axis=0)
    assert approx.flags.f_contiguous and detail.flags.f_contiguous


@pytest.mark.parametrize(("dtype", "out_dtype", "rtol"), [
    (np.float16, np.float32, 2e-6), (np.float32, np.float32, 2e-6),
    (np.float64, np.float64, RTOL), (np.complex64, np.complex64, 2e-6),
    (np.complex128, np.complex128, RTOL), (np.int32, np.float64, RTOL),
    (np.uint8, np.float64, RTOL), (bool, np.float64, RTOL), (np.longdouble, np.float64, RTOL),
])
def test_dtype_rules(dtype, out_dtype, rtol, rng):
    x = rng.standard_normal(64) * 50
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal(64)
    x = x.astype(dtype) if dtype is not bool else x > 0
    want = pywt.swt(x, "sym3", level=3)
    got = atrous.swt(x, "sym3", level=3)
    assert got[0][0].dtype == out_dtype
    assert_coeffs_close(got, want, rtol=rtol)
    np.testing.assert_allclose(atrous.iswt(got, "sym3"), pywt.iswt(want, "sym3"),
                               rtol=0, atol=rtol * 100 * np.abs(x.astype(complex)).max())


def test_lists_are_accepted(rng):
    x = list(rng.standard_normal(16))
    assert_coeffs_close(atrous.swt(x, "db2", level=2), pywt.swt(x, "db2", level=2))
    coeffs = [tuple(list(c) for c in pair) for pair in pywt.swt(x, "db2", level=2)]
    np.testing.assert_allclose(atrous.iswt(coeffs, "db2"), x, rtol=1e-12)


def test_complex_equals_real_and_imaginary_parts(rng):
    x = rng.standard_normal((3, 24)) + 1j * rng.standard_normal((3, 24))
    got = atrous.swt(x, "db3", level=3)
    real, imag = atrous.swt(x.real, "db3", level=3), atrous.swt(x.imag, "db3", level=3)
    for (a, d), (ar, dr), (ai, di) in zip(got, real, imag):
        np.testing.assert_array_equal(a, ar + 1j * ai)
        np.testing.assert_array_equal(d, dr + 1j * di)


MIXED = [  # (approximation dtype, detail dtypes coarse->fine)
    (np.float32, [np.float32, np.float64]),
    (np.float32, [np.float64, np.float32]),
    (np.float32, [np.complex64, np.float32]),
    (np.complex64, [np.float32, np.float32]),
    (np.float16, [np.float16, np.float16]),
    (np.int64, [np.float32, np.float32]),
]


@pytest.mark.parametrize(("approx_dtype", "detail_dtypes"), MIXED)
@pytest.mark.parametrize("ndim", [1, 2])
def test_mixed_precision_inverse_follows_pywavelets(approx_dtype, detail_dtypes, ndim, rng):
    shape = (16,) if ndim == 1 else (3, 16)
    coeffs = [((rng.standard_normal(shape) * 10).astype(approx_dtype),
               rng.standard_normal(shape).astype(d)) for d in detail_dtypes]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
        want = pywt.iswt(coeffs, "db2")
    got = atrous.iswt(coeffs, "db2")
    if want.dtype.kind != "c" and np.dtype(np.complex64) in map(np.dtype, detail_dtypes):
        # PyWavelets' n-d path casts a complex intermediate to real, keeping the real part;
        # atrous keeps the whole complex result.
        assert ndim == 2 and got.dtype == np.result_type(want.dtype, np.complex64)
        got = got.real
    assert got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-4)


def test_inverse_of_approximation_alone_is_a_copy(rng):
    x = rng.standard_normal(8)
    got = atrous.iswt([x], "db2")
    np.testing.assert_array_equal(got, pywt.iswt([x], "db2"))
    assert got is not x and not np.shares_memory(got, x)


def test_inverse_ignores_intermediate_approximations(rng):
    coeffs = pywt.swt(rng.standard_normal(32), "db2", level=3)
    garbled = [coeffs[0]] + [(np.full(32, np.nan), d) for _, d in coeffs[1:]]
    np.testing.assert_allclose(atrous.iswt(garbled, "db2"), pywt.iswt(coeffs, "db2"), rtol=1e-12)


@pytest.mark.parametrize("n", [1, 2, 3, 6, 12, 64, 1024, 2**40, 3 * 2**20, np.int64(48), 16.0])
def test_swt_max_level(n):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        assert atrous.swt_max_level(n) == pywt.swt_max_level(n)


def test_swt_max_level_warns_for_odd_lengths():
    with pytest.warns(UserWarning, match="No levels of stationary wavelet decomposition"):
        assert atrous.swt_max_level(7) == 0


def test_outputs_are_fresh_and_inputs_untouched(rng):
    x = rng.standard_normal((4, 16))
    before = x.copy()
    coeffs = atrous.swt(x, "db2", level=2)
    for pair in coeffs:
        for array in pair:
            assert not np.shares_memory(array, x)
    arrays = [a for pair in coeffs for a in pair]
    for i, a in enumerate(arrays):
        for b in arrays[i + 1:]:
            assert not np.shares_memory(a, b)
    saved = [tuple(a.copy() for a in pair) for pair in coeffs]
    atrous.iswt(coeffs, "db2")
    for pair, copy in zip(coeffs, saved):
        for a, c in zip(pair, copy):
            np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(x, before)


def test_wavelet_objects_and_custom_filter_banks(rng):
    x = rng.standard_normal(32)
    db3 = pywt.Wavelet("db3")
    want = pywt.swt(x, db3, level=3)
    assert_coeffs_close(atrous.swt(x, db3, level=3), want)
    bank = db3.filter_bank
    assert_coeffs_close(atrous.swt(x, bank, level=3), want)
    custom = pywt.Wavelet("mine", filter_bank=bank)
    assert_coeffs_close(atrous.swt(x, custom, level=3), pywt.swt(x, custom, level=3))

    class Bank:
        filter_bank = bank
    assert_coeffs_close(atrous.swt(x, Bank(), level=3), want)
    np.testing.assert_allclose(atrous.iswt(want, bank), x, rtol=1e-12)


def test_odd_length_custom_filters_are_padded_as_pywavelets_does(rng):
    bank = [[0.25, 0.5, 0.25], [-0.25, 0.5, -0.25], [0.25, 0.5, 0.25], [0.25, -0.5, 0.25]]
    wavelet = pywt.Wavelet("odd", filter_bank=bank)
    x = rng.standard_normal(16)
    assert_coeffs_close(atrous.swt(x, wavelet, level=2), pywt.swt(x, wavelet, level=2))


def test_empty_along_other_axes_gives_empty_outputs():
    for shape, axis in [((0, 8), 1), ((8, 0), 0)]:
        got = atrous.swt(np.zeros(shape), "db1", level=1, axis=axis)
        want = pywt.swt(np.zeros(shape), "db1", level=1, axis=axis)
        assert_coeffs_close(got, want)
        assert atrous.iswt(got, "db1", axis=axis).shape == shape
