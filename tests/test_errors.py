"""Every error path: clear messages naming the argument, PyWavelets' exception types."""

import numpy as np
import pytest
import pywt

import atrous
from atrous._validation import AxisError

X = np.arange(16.0)


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"level": 0}, ValueError, r"Level value must be greater than zero: `level`=0"),
    ({"level": -1}, ValueError, r"`level`=-1"),
    ({"level": "2"}, TypeError, r"`level` must be an integer, got '2'"),
    ({"level": 2.5}, TypeError, r"`level` must be an integer"),
    ({"level": False}, ValueError, r"Level value must be greater than zero: `level`=0"),
    ({"level": 1, "start_level": -1}, ValueError, r"`start_level`=-1 is negative"),
    ({"level": 1, "start_level": None}, TypeError, r"`start_level` must be an integer"),
    ({"level": 1, "axis": 1}, AxisError, r"`axis`=1 is out of bounds for data with 1 dimension"),
    ({"level": 1, "axis": 1.5}, TypeError, r"`axis` must be an integer"),
])
def test_bad_swt_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        atrous.swt(X, "db1", **kwargs)


@pytest.mark.parametrize("flag", [True, False])
@pytest.mark.parametrize(("function", "call"), [
    ("swt level", lambda lib, flag: lib.swt(X, "db1", level=flag or 1)),
    ("swt level bool", lambda lib, flag: lib.swt(X, "db1", level=True if flag else 2)),
    ("swt start_level", lambda lib, flag: lib.swt(X, "db1", level=1, start_level=flag)),
    ("swt axis", lambda lib, flag: lib.swt(np.ones((2, 8)), "db1", level=1, axis=flag)),
    ("swt2 level", lambda lib, flag: lib.swt2(np.ones((8, 8)), "db1", level=flag)),
    ("swt2 start_level", lambda lib, flag: lib.swt2(np.ones((8, 8)), "db1", 1,
                                                    start_level=flag)),
    ("swtn level", lambda lib, flag: lib.swtn(np.ones((8, 8)), "db1", level=flag)),
    ("swtn axes", lambda lib, flag: lib.swtn(np.ones((8, 8)), "db1", 1, axes=[flag])),
    ("mra level", lambda lib, flag: lib.mra(X, "db1", level=True if flag else 2)),
    ("mran level", lambda lib, flag: lib.mran(np.ones((8, 8)), "db1", level=True)),
])
def test_booleans_are_the_integers_pywavelets_reads_them_as(function, call, flag):
    """PyWavelets reads ``level=True`` as one level (Cython converts it to an integer), and
    so do the drop-ins: same structure and values as PyWavelets."""
    assert_same(call(atrous, flag), call(pywt, flag))


def assert_same(ours, theirs):
    """The same nest of lists, tuples and dicts, with arrays equal to rounding."""
    if isinstance(theirs, np.ndarray):
        np.testing.assert_allclose(ours, theirs, atol=1e-12)
        return
    assert type(ours) is type(theirs) and len(ours) == len(theirs)
    if isinstance(theirs, dict):
        assert ours.keys() == theirs.keys()
        ours, theirs = [ours[k] for k in theirs], list(theirs.values())
    for a, b in zip(ours, theirs):
        assert_same(a, b)


def test_a_boolean_level_is_one_level_as_in_pywavelets():
    x = np.random.default_rng(0).standard_normal(64)
    got, want = atrous.swt(x, "db4", level=np.True_), pywt.swt(x, "db4", level=np.True_)
    assert len(got) == len(want) == 1
    np.testing.assert_allclose(got[0][1], want[0][1], atol=1e-12)
    np.testing.assert_array_equal(got[0][1], atrous.swt(x, "db4", level=1)[0][1])


def test_integral_floats_are_accepted_as_pywavelets_does():
    got = atrous.swt(np.ones((4, 8)), "db1", level=2.0, axis=1.0)
    assert len(got) == 2


@pytest.mark.parametrize(("wavelet", "error", "match"), [
    ("foo", ValueError, "Unknown wavelet name 'foo'"),
    ("morl", ValueError, "`wavelet` 'morl' is a continuous wavelet"),
    (pywt.ContinuousWavelet("gaus1"), ValueError, "is a continuous wavelet"),
    (3, TypeError, "`wavelet` must be a wavelet name such as 'db4'"),
    ([[1, 2], [3, 4]], TypeError, "`wavelet` must be a wavelet name"),
])
def test_bad_wavelets(wavelet, error, match):
    with pytest.raises(error, match=match):
        atrous.swt(X, wavelet, level=1)
    coeffs = atrous.swt(X, "db1", level=1)
    with pytest.raises(error, match=match):
        atrous.iswt(coeffs, wavelet)


def test_empty_and_scalar_data():
    with pytest.raises(ValueError, match="`data` has no samples along axis 0"):
        atrous.swt(np.zeros(0), "db1", level=1)
    with pytest.raises(ValueError, match="Cannot apply swt to a size 0 signal"):
        atrous.swt(np.zeros(0), "db1")
    with pytest.raises(AxisError, match="the data is a scalar"):
        atrous.swt(3.0, "db1", level=1)


def test_level_none_for_odd_length_says_what_works():
    with pytest.warns(UserWarning, match="No levels"), \
            pytest.raises(ValueError, match=r"pass an explicit `level` \(atrous transforms any"):
        atrous.swt(np.ones(7), "db1")


def test_non_numeric_data():
    with pytest.raises(ValueError, match="`data` must hold numbers"):
        atrous.swt(np.array(["a"] * 8), "db1", level=1)


@pytest.mark.parametrize("n", [0, -4])
def test_swt_max_level_rejects_non_positive_lengths(n):
    with pytest.raises(ValueError, match="size 0 signal|`input_len`=-4 is negative"):
        atrous.swt_max_level(n)


def test_swt_max_level_rejects_non_integers():
    with pytest.raises(TypeError, match="`input_len` must be an integer"):
        atrous.swt_max_level("8")


@pytest.mark.parametrize(("coeffs", "match"), [
    ([], "of length 0"),
    (np.zeros((2, 8)), "got ndarray"),
    ([(X, X, X)], "every level must be an \\(approximation, detail\\) pair"),
    ([(X, X), X], "every level must be an \\(approximation, detail\\) pair"),
    ([X, (X, X)], "got a mix of arrays and pairs"),
    ([(X, X), (X, X[:8])], "the detail of level 1 has shape \\(8,\\)"),
    ([(X[:8], X[:8]), (X, X)], "the detail of level 1 has shape \\(16,\\)"),
    ([X, np.ones((2, 16))], "the detail of level 1 has shape \\(2, 16\\)"),
    ([np.float64(1.0), np.float64(2.0)], "at least one dimension"),
])
def test_malformed_coefficients(coeffs, match):
    with pytest.raises(ValueError, match=match):
        atrous.iswt(coeffs, "db1")


def test_non_numeric_coefficients():
    with pytest.raises(TypeError, match="`coeffs` must hold numeric arrays"):
        atrous.iswt([(np.array(["a"] * 4), np.zeros(4))], "db1")


def test_iswt_axis_errors():
    coeffs = atrous.swt(X, "db1", level=1)
    with pytest.raises(AxisError, match="`axis`=1 is out of bounds for 1-d coefficients"):
        atrous.iswt(coeffs, "db1", axis=1)
    coeffs2 = atrous.swt(np.ones((2, 8)), "db1", level=1)
    with pytest.raises(AxisError, match="`axis`=2 is out of bounds for data with 2"):
        atrous.iswt(coeffs2, "db1", axis=2)


def test_errors_leave_inputs_untouched():
    x = X.copy()
    with pytest.raises(ValueError):
        atrous.swt(x, "db1", level=0)
    np.testing.assert_array_equal(x, X)
