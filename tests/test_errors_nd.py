"""Error paths of the n-d transforms and the analyses: PyWavelets' types, clear messages."""

import numpy as np
import pytest

import atrous
from atrous._validation import AxisError

IMAGE = np.arange(64.0).reshape(8, 8)


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"axes": (0, 0)}, ValueError, r"The axes passed must be unique: `axes`=\(0, 0\)"),
    ({"axes": (0, -2)}, ValueError, r"repeats an axis"),
    ({"axes": (0, 2)}, AxisError, r"`axes`=\(0, 2\) has axis 2, out of bounds for data with 2"),
    ({"axes": ("a",)}, TypeError, r"`axes` must be a sequence of integers"),
    ({"wavelet": ("db1", "db2", "db3")}, ValueError,
     r"number of wavelets must match the number of axes.*3 for 2 axes"),
    ({"level": -1}, ValueError, r"`level`=-1 is negative"),
    ({"level": 1.5}, TypeError, r"`level` must be an integer"),
    ({"start_level": -2}, ValueError, r"`start_level`=-2 is negative"),
    ({"mode": "nope"}, ValueError, r"`mode`='nope' is not a signal extension mode"),
    ({"wavelet": "morl"}, ValueError, r"is a continuous wavelet"),
])
def test_bad_swtn_arguments(kwargs, error, match):
    arguments = {"wavelet": "db1", "level": 1, **kwargs}
    with pytest.raises(error, match=match):
        atrous.swtn(IMAGE, **arguments)


def test_swtn_data_errors():
    with pytest.raises(ValueError, match="at least one dimension"):
        atrous.swtn(3.0, "db1", 1)
    with pytest.raises(ValueError, match="no samples along axis 0"):
        atrous.swtn(np.ones((0, 4)), "db1", 1)
    with pytest.raises(ValueError, match="must hold numbers"):
        atrous.swtn(np.array([["a", "b"]]), "db1", 1)


def test_swt2_needs_two_axes_and_two_dimensions():
    with pytest.raises(ValueError, match=r"Expected 2 axes: `axes`=\(0,\) has 1"):
        atrous.swt2(IMAGE, "db1", 1, axes=(0,))
    with pytest.raises(ValueError, match="`data` has 1 dimension"):
        atrous.swt2(np.ones(8), "db1", 1)
    with pytest.raises(ValueError, match="must be unique"):
        atrous.swt2(IMAGE, "db1", 1, axes=(1, 1))


def test_level_zero_returns_nothing_as_pywavelets():
    assert atrous.swtn(IMAGE, "db1", 0) == []
    (only,) = atrous.swtn(IMAGE, "db1", 0, trim_approx=True)
    np.testing.assert_array_equal(only, IMAGE)
    assert not np.shares_memory(only, IMAGE)


def test_iswtn_shape_mismatch_is_a_runtime_error():
    coeffs = atrous.swtn(IMAGE, "db1", 2)
    coeffs[1]["ad"] = coeffs[1]["ad"][:4]
    with pytest.raises(RuntimeError, match=r"subband 'ad' of level 1 has shape \(4, 8\)"):
        atrous.iswtn(coeffs, "db1")
    trimmed = atrous.swt2(IMAGE, "db1", 1, trim_approx=True)
    trimmed[0] = trimmed[0][:, :4]
    with pytest.raises(RuntimeError, match="Mismatch in shape"):
        atrous.iswt2(trimmed, "db1")


@pytest.mark.parametrize(("coeffs", "error", "match"), [
    ([], ValueError, "must be what swtn returns"),
    ([{"aa": IMAGE, "ad": IMAGE, "da": IMAGE}], ValueError, "level 1 has no subband 'dd'"),
    ([{"ad": IMAGE, "da": IMAGE, "dd": IMAGE}], ValueError, "has no approximation 'aa'"),
    ([IMAGE, IMAGE], ValueError, "every level after the first must be a dict"),
    ([np.array(["x"]), {"d": np.ones(1)}], TypeError, "numeric arrays"),
])
def test_malformed_iswtn_coefficients(coeffs, error, match):
    with pytest.raises(error, match=match):
        atrous.iswtn(coeffs, "db1")


def test_iswtn_axes_must_match_the_keys():
    coeffs = atrous.swtn(IMAGE, "db1", 1)
    with pytest.raises(ValueError, match="`axes` has 1, the subband keys 2"):
        atrous.iswtn(coeffs, "db1", axes=(0,))
    with pytest.raises(ValueError, match="must be unique"):
        atrous.iswtn(coeffs, "db1", axes=(0, 0))
    with pytest.raises(AxisError, match="out of bounds"):
        atrous.iswtn(coeffs, "db1", axes=(0, 5))


@pytest.mark.parametrize(("coeffs", "match"), [
    ([(IMAGE, (IMAGE, IMAGE))], "a level's details are not a triple"),
    ([(IMAGE,)], r"every level must be \(cA, \(cH, cV, cD\)\)"),
    ("abc", "must be what swt2 returns"),
])
def test_malformed_iswt2_coefficients(coeffs, match):
    with pytest.raises(ValueError, match=match):
        atrous.iswt2(coeffs, "db1")


@pytest.mark.parametrize(("function", "kwargs", "match"), [
    (atrous.mra, {"transform": "fft"}, "`transform`='fft' is not 'swt' or 'dwt'"),
    (atrous.mra2, {"transform": "swt"}, "`transform`='swt' is not 'swt2' or 'dwt2'"),
    (atrous.mran, {"transform": "swt2"}, "`transform`='swt2' is not 'swtn' or 'dwtn'"),
    (atrous.mra2, {"axes": (0, 1, 2)}, "Expected 2 axes"),
    (atrous.mran, {"axes": (1, 1)}, "must be unique"),
    (atrous.mra, {"level": 0}, "Level value must be greater than zero"),
    (atrous.mran, {"mode": ("zero", "zero", "zero")}, "3 modes for 2 axes"),
])
def test_bad_mra_arguments(function, kwargs, match):
    with pytest.raises(ValueError, match=match):
        function(IMAGE, "db1", **kwargs)


def test_mran_default_level_needs_even_lengths():
    with pytest.warns(UserWarning, match="No levels"), \
            pytest.raises(ValueError, match="pass an explicit `level`"):
        atrous.mran(np.ones((6, 7)), "db1")


@pytest.mark.parametrize("function", [atrous.imra, atrous.imra2, atrous.imran])
def test_inverse_mra_of_nothing(function):
    with pytest.raises(ValueError, match="`mra_coeffs`"):
        function([])


def test_errors_leave_inputs_untouched():
    image = IMAGE.copy()
    coeffs = atrous.swtn(image, "db1", 1)
    saved = {k: v.copy() for k, v in coeffs[0].items()}
    with pytest.raises(ValueError):
        atrous.iswtn(coeffs, "db1", axes=(0,))
    for key, value in coeffs[0].items():
        np.testing.assert_array_equal(value, saved[key])
    np.testing.assert_array_equal(image, IMAGE)
