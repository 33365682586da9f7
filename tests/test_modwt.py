"""The MODWT against R waveslim's output, PyWavelets' SWT and the transform's identities."""

import pathlib

import numpy as np
import pytest
import pywt
from hypothesis import given
from hypothesis import strategies as st

import atrous
from atrous._validation import AxisError

REFERENCE = pathlib.Path(__file__).resolve().parent / "data" / "waveslim"
CASES = ["haar_J4_periodic", "d4_J4_periodic", "la8_J4_periodic", "la8_J4_reflection"]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", ["waveslim", "pywt"])
def test_modwt_imodwt_and_mra_equal_waveslim(case, name):
    ref = np.load(REFERENCE / f"waveslim_ecg1000_{case}.npz")
    wavelet = str(ref[f"{name}_wavelet"])
    boundary = str(ref["boundary"])
    x = ref["x"]
    # waveslim's la8 coefficients carry about 10 significant digits.
    tolerance = 1e-9 if "la8" in case else 1e-12
    scale = np.abs(x).max()
    w = atrous.modwt(x, wavelet, level=4, boundary=boundary)
    want = np.stack([ref[f"d{j}"] for j in range(1, 5)] + [ref["s4"]])
    np.testing.assert_allclose(w, want, rtol=0, atol=tolerance * scale)
    components = atrous.modwtmra(w, wavelet, boundary=boundary)
    want = np.stack([ref[f"mra_D{j}"] for j in range(1, 5)] + [ref["mra_S4"]])
    np.testing.assert_allclose(components, want, rtol=0, atol=tolerance * scale)
    np.testing.assert_allclose(atrous.imodwt(w, wavelet, boundary=boundary),
                               ref["imodwt"][:x.size], rtol=0, atol=tolerance * scale)


@pytest.mark.parametrize("wavelet", ["haar", "sym4", "sym6", "sym8"])
@pytest.mark.parametrize("n", [64, 100])
def test_least_asymmetric_modwt_is_pywavelets_swt_shifted(wavelet, n, rng):
    """W_j = -roll(cD_j, (L/2)(2**j - 1)) and V_j = roll(cA_j, same) with swt(norm=True)."""
    x = rng.standard_normal(n)
    level = 3
    w = atrous.modwt(x, wavelet, level=level)
    taps = pywt.Wavelet(wavelet).dec_len
    coeffs = atrous.swt(x, wavelet, level=level, norm=True)  # PyWavelets' own for n = 64
    if n == 64:
        for ours, theirs in zip(coeffs, pywt.swt(x, wavelet, level=level, norm=True)):
            np.testing.assert_allclose(ours[1], theirs[1], atol=1e-12)
    for j in range(1, level + 1):
        cA, cD = coeffs[level - j]
        shift = taps // 2 * (2**j - 1)
        np.testing.assert_allclose(w[j - 1], -np.roll(cD, shift), atol=1e-12)
    np.testing.assert_allclose(w[level], np.roll(coeffs[0][0], taps // 2 * (2**level - 1)),
                               atol=1e-12)


@given(n=st.integers(2, 80), level=st.integers(1, 6),
       wavelet=st.sampled_from(["haar", "db2", "db5", "sym4", "coif2", "la8", "d6"]),
       seed=st.integers(0, 2**32 - 1))
def test_energy_inverse_and_additivity_at_any_length(n, level, wavelet, seed):
    x = np.random.default_rng(seed).standard_normal(n)
    w = atrous.modwt(x, wavelet, level=level)
    np.testing.assert_allclose(np.sum(w**2), np.sum(x**2), rtol=1e-10)
    np.testing.assert_allclose(atrous.imodwt(w, wavelet), x, atol=1e-10)
    components = atrous.modwtmra(w, wavelet)
    np.testing.assert_allclose(components.sum(axis=0), x, atol=1e-10)
    for k in range(level + 1):
        np.testing.assert_allclose(atrous.imodwt(w, wavelet, level=k),
                                   components[k:].sum(axis=0), atol=1e-10)


def test_mra_is_the_swt_mra(rng):
    x = rng.standard_normal(256)
    components = atrous.modwtmra(atrous.modwt(x, "db4", level=5), "db4")
    for ours, theirs in zip(components, pywt.mra(x, "db4", level=5)[::-1]):
        np.testing.assert_allclose(ours, theirs, atol=1e-11)


@pytest.mark.parametrize("layout", ["C", "F"])
def test_batched_along_any_axis(layout, rng):
    x = rng.standard_normal((5, 40, 3))
    x = np.asfortranarray(x) if layout == "F" else x
    w = atrous.modwt(x, "la8", level=3, axis=1)
    assert w.shape == (4, 5, 40, 3)
    for i in range(5):
        for k in range(3):
            np.testing.assert_allclose(w[:, i, :, k], atrous.modwt(x[i, :, k], "la8", level=3),
                                       atol=1e-12)
    np.testing.assert_allclose(atrous.imodwt(w, "la8", axis=1), x, atol=1e-12)
    np.testing.assert_allclose(atrous.modwtmra(w, "la8", axis=1).sum(axis=0), x, atol=1e-12)


def test_default_level_and_reflection_shapes(rng):
    x = rng.standard_normal(100)
    assert atrous.modwt(x).shape == (7, 100)          # floor(log2(100)) = 6 levels
    w = atrous.modwt(x, level=2, boundary="reflection")
    assert w.shape == (3, 200)
    np.testing.assert_allclose(atrous.imodwt(w, boundary="reflection"), x, atol=1e-12)
    assert atrous.modwtmra(w, boundary="reflection").shape == (3, 100)


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: atrous.modwt(np.ones(8), "bior2.2"), ValueError, "is not orthogonal"),
    (lambda: atrous.modwt(np.ones(1)), ValueError, "needs at least 2"),
    (lambda: atrous.modwt(np.ones(8), level=0), ValueError, "Level value must be greater"),
    (lambda: atrous.modwt(np.ones(8), boundary="zero"), ValueError, "`boundary`='zero'"),
    (lambda: atrous.modwt(np.ones(8), axis=1), AxisError, "`axis`=1 is out of bounds"),
    (lambda: atrous.modwt(3.0), AxisError, "scalar"),
    (lambda: atrous.imodwt(np.ones(8)), ValueError, "`w` must be what modwt returns"),
    (lambda: atrous.imodwt(np.ones((3, 8)), level=3), ValueError, "`level`=3 must be between"),
    (lambda: atrous.modwtmra(np.ones((3, 8)), boundary="x"), ValueError, "`boundary`='x'"),
])
def test_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
