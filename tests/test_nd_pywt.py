"""The n-d transforms and the analyses against PyWavelets, and against naive loops where
PyWavelets refuses the shape."""

import warnings

import numpy as np
import pytest
import pywt

import atrous

from . import naive


def assert_same(got, want, rtol=1e-12):
    """Same nesting (lists, tuples, dicts with keys in the same order), shapes, dtypes, values."""
    assert type(got) is type(want), (type(got), type(want))
    if isinstance(want, dict):
        assert list(got) == list(want)
        for key in want:
            assert_same(got[key], want[key], rtol)
    elif isinstance(want, (list, tuple)):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert_same(g, w, rtol)
    else:
        assert got.shape == want.shape and got.dtype == want.dtype, (
            got.shape, want.shape, got.dtype, want.dtype)
        scale = max(np.abs(want).max(), 1.0) if want.size else 1.0
        np.testing.assert_allclose(got, want, rtol=0, atol=rtol * scale)


def both(function, *args, **kwargs):
    """``function`` of atrous and of PyWavelets on the same arguments (warnings compared)."""
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        got = getattr(atrous, function)(*args, **kwargs)
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        want = getattr(pywt, function)(*args, **kwargs)
    assert [w.category for w in ours] == [w.category for w in theirs]
    return got, want


WAVELETS = ["haar", "db2", "sym5", "coif2", "bior2.2", "rbio1.3", "dmey"]


@pytest.mark.parametrize("wavelet", WAVELETS)
@pytest.mark.parametrize("trim_approx", [False, True])
@pytest.mark.parametrize(("level", "start_level"), [(1, 0), (3, 0), (2, 1)])
def test_swt2_and_iswt2_match_pywavelets(wavelet, trim_approx, level, start_level, rng):
    x = rng.standard_normal((16, 32))
    got, want = both("swt2", x, wavelet, level, start_level=start_level,
                     trim_approx=trim_approx)
    assert_same(got, want)
    if start_level == 0 and wavelet != "dmey":
        back, reference = both("iswt2", got, wavelet)
        assert_same(back, reference)
        np.testing.assert_allclose(back, x, atol=1e-10)


@pytest.mark.parametrize("axes", [None, (0, 2), (2, 0), (-1, -3, 1), (1,), [2]])
@pytest.mark.parametrize("wavelet", ["haar", "db2", ("db2", "sym3", "haar")])
@pytest.mark.parametrize("norm", [False, True])
@pytest.mark.parametrize("trim_approx", [False, True])
def test_swtn_and_iswtn_match_pywavelets(axes, wavelet, norm, trim_approx, rng):
    x = rng.standard_normal((8, 16, 4))
    count = 3 if axes is None else len(axes)
    if isinstance(wavelet, tuple):
        wavelet = wavelet[:count] if count > 1 else wavelet[:1]
    got, want = both("swtn", x, wavelet, 2, axes=axes, norm=norm, trim_approx=trim_approx)
    assert_same(got, want)
    back, reference = both("iswtn", got, wavelet, axes=axes, norm=norm)
    assert_same(back, reference)
    np.testing.assert_allclose(back, x, atol=1e-10)


@pytest.mark.parametrize("norm", [False, True])
def test_norm_with_a_biorthogonal_wavelet_warns_as_pywavelets(norm, rng):
    x = rng.standard_normal((8, 8))
    got, want = both("swt2", x, "bior2.2", 1, norm=norm)  # warns only with norm=True
    assert_same(got, want)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex64, np.complex128,
                                   np.int16, np.float16, bool])
def test_dtypes_match_pywavelets(dtype, rng):
    x = rng.standard_normal((8, 16)) * 4
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal((8, 16))
    x = x.astype(dtype)
    got, want = both("swtn", x, "db2", 2)
    assert_same(got, want, rtol=2e-6 if np.dtype(dtype).itemsize <= 8 and x.dtype != np.float64
                else 1e-12)
    back, reference = both("iswtn", got, "db2")
    assert back.dtype == reference.dtype


@pytest.mark.parametrize(("approx_dtype", "detail_dtype"), [
    (np.float32, np.float64), (np.float64, np.float32), (np.float32, np.complex64),
    (np.float32, np.int64), (np.complex64, np.float64),
])
def test_mixed_dtype_inverses_match_pywavelets(approx_dtype, detail_dtype, rng):
    x = rng.standard_normal((8, 8))
    coeffs = pywt.swt2(x, "db2", 2, trim_approx=True)
    mixed = [coeffs[0].astype(approx_dtype)] + [
        tuple(d.astype(detail_dtype) if np.dtype(detail_dtype).kind != "i" else
              np.round(d * 100).astype(detail_dtype) for d in level) for level in coeffs[1:]]
    got, want = both("iswt2", mixed, "db2")
    assert got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * np.abs(want).max())


@pytest.mark.parametrize("layout", ["F", "strided"])
def test_f_ordered_and_strided_input(layout, rng):
    x = rng.standard_normal((16, 24, 4))
    x = np.asfortranarray(x) if layout == "F" else x[:, ::2, :]
    got, want = both("swtn", x, "db2", 2, axes=(0, 1))
    assert_same(got, want)
    if layout == "F":
        assert all(v.flags.f_contiguous for level in got for v in level.values())
    back, reference = both("iswtn", got, "db2", axes=(0, 1))
    assert_same(back, reference)


@pytest.mark.parametrize(("shape", "axes", "level"), [((10, 12), None, 2), ((7, 9), None, 1),
                                                      ((6, 5, 3), (2, 0), 3), ((1, 13), None, 2)])
def test_any_shape_is_the_exact_circular_transform(shape, axes, level, rng):
    x = rng.standard_normal(shape)
    wavelet = pywt.Wavelet("db2")
    with pytest.raises(ValueError):
        pywt.swtn(x, wavelet, level, axes=axes)
    got = atrous.swtn(x, wavelet, level, axes=axes)
    axes = list(range(x.ndim)) if axes is None else [a % x.ndim for a in axes]
    approx = x
    for number, level_subbands in zip(range(1, level + 1), got[::-1]):
        parts = {"": approx}
        for axis in axes:
            split = {}
            for key, part in parts.items():
                lo, hi = naive.swt_level(np.moveaxis(part, axis, -1), wavelet.dec_lo,
                                         wavelet.dec_hi, 2 ** (number - 1))
                split[key + "a"], split[key + "d"] = (np.moveaxis(lo, -1, axis),
                                                      np.moveaxis(hi, -1, axis))
            parts = split
        for key, value in parts.items():
            np.testing.assert_allclose(level_subbands[key], value, atol=1e-12)
        approx = parts["a" * len(axes)]
    np.testing.assert_allclose(atrous.iswtn(got, wavelet, axes=axes), x, atol=1e-12)


def test_inputs_are_not_modified(rng):
    x = rng.standard_normal((8, 8))
    saved = x.copy()
    coeffs = atrous.swt2(x, "db2", 2)
    snapshot = [(a.copy(), tuple(d.copy() for d in ds)) for a, ds in coeffs]
    atrous.iswt2(coeffs, "db2")
    components = atrous.mra2(x, "db2", 2)
    first = components[0].copy()
    atrous.imra2(components)
    np.testing.assert_array_equal(x, saved)
    np.testing.assert_array_equal(components[0], first)
    for (a, ds), (sa, sds) in zip(coeffs, snapshot):
        np.testing.assert_array_equal(a, sa)
        for d, sd in zip(ds, sds):
            np.testing.assert_array_equal(d, sd)


@pytest.mark.parametrize("wavelet", WAVELETS)
@pytest.mark.parametrize("level", [1, 4, None])
def test_mra_matches_pywavelets(wavelet, level, rng):
    x = rng.standard_normal((3, 64))
    got = atrous.mra(x, wavelet, level=level, axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # PyWavelets' internal norm=True
        want = pywt.mra(x, wavelet, level=level, axis=1)
    assert_same(got, want, rtol=1e-12)
    if wavelet != "dmey":
        np.testing.assert_allclose(atrous.imra(got), x, atol=1e-11)


@pytest.mark.parametrize("wavelet", ["db2", ("haar", "sym3")])
def test_mra2_and_mran_match_pywavelets(wavelet, rng):
    x = rng.standard_normal((16, 32))
    assert_same(atrous.mra2(x, wavelet, level=2), pywt.mra2(x, wavelet, level=2))
    assert_same(atrous.mran(x, wavelet, level=2), pywt.mran(x, wavelet, level=2))
    volume = rng.standard_normal((8, 4, 8))
    assert_same(atrous.mran(volume, "db1", axes=(2, 0)), pywt.mran(volume, "db1", axes=(2, 0)))
    got = atrous.imran(atrous.mran(volume, "db1"))
    np.testing.assert_allclose(got, pywt.imran(pywt.mran(volume, "db1")), atol=1e-12)


def test_dwt_transforms_hand_over_to_pywavelets(rng):
    x = rng.standard_normal((16, 16))
    for name, transform in [("mra", "dwt"), ("mra2", "dwt2"), ("mran", "dwtn")]:
        got, want = both(name, x, "db2", 2, transform=transform, mode="symmetric")
        assert_same(got, want)


@pytest.mark.parametrize(("shape", "layout"), [((300,), "C"), ((2**15,), "C"),
                                               ((120, 150), "C"), ((120, 150), "F"),
                                               ((60, 40, 8), "strided")])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128])
def test_the_inverse_analyses_add_components_as_pywavelets_does(shape, layout, dtype, rng):
    """Components of one shape and dtype are added in order, by NumPy while small and by
    one engine step from 2**14 samples: PyWavelets' reduce(add) to rounding, in the dtype
    of the components, and the components are left as they were."""
    def component():
        array = rng.standard_normal(shape).astype(dtype)
        if layout == "F":
            return np.asfortranarray(array)
        return np.stack([array, array])[0, ..., ::2] if layout == "strided" else array

    components = [component() for _ in range(6)]
    copies = [c.copy() for c in components]
    got = atrous.imra(components)
    want = pywt.imra(components)
    assert got.dtype == want.dtype and got.shape == want.shape
    tolerance = 1e-5 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(got, want, rtol=tolerance, atol=tolerance)
    for component, copy in zip(components, copies):
        np.testing.assert_array_equal(component, copy)
    mixed = components[:3] + [c.astype(np.complex128) for c in components[3:]]
    np.testing.assert_allclose(atrous.imra(mixed), pywt.imra(mixed), rtol=tolerance,
                               atol=tolerance)
