"""The inverses at the non-periodic modes against a dense least-squares reference.

The reference: the forward transform (itself tested against PyWavelets and R waveslim) of
unit impulses gives the transform's dense matrix ``T``; ``numpy.linalg.lstsq(T, c)`` is the
obviously-correct inverse, and ``numpy.linalg.cond(T)`` says how accurate any inverse can
be from coefficients rounded to the dtype. atrous must reach that accuracy, and warn
exactly where it is poor (issue 12: long asymmetric filters, float32 images).
"""

import re
import warnings

import numpy as np
import pytest
import pywt

import atrous
from atrous import _edges

MODES = ["symmetric", "reflect", "zero", "constant", "smooth", "antisymmetric",
         "antireflect"]
# dmey is only approximately a perfect-reconstruction bank: its synthesis is off by about
# 1e-2 inside the signal at every mode (PyWavelets' iswt too), so it has no exact inverse
# to hold atrous to.
WAVELETS = [w for w in pywt.wavelist(kind="discrete") if w != "dmey"]


def dense_transform(n, wavelet, level, mode):
    """``T`` with ``T @ x`` the bands ``[cA_J, cD_J, ..., cD_1]`` of ``x``, stacked."""
    bands = atrous.swt(np.eye(n), wavelet, level=level, axis=0, mode=mode, trim_approx=True)
    return np.concatenate(bands)


def threshold(dtype):
    """Where atrous starts warning, as its documentation states it."""
    return max(_edges.TOLERANCE, 1000 * np.finfo(dtype).eps)


def invert(coeffs, wavelet, mode, inverse=atrous.iswt):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = inverse(coeffs, wavelet, mode=mode)
    return result, [str(w.message) for w in caught]


def stated_bound(messages):
    """The relative error a conditioning warning promises not to exceed."""
    found = [re.search(r"off by up to about ([0-9.e+-]+) times", m) for m in messages]
    return max(float(f.group(1)) for f in found if f)


def cases_1d():
    """Every discrete wavelet, each with a mode, a level and a length: long enough for the
    edges to be solved apart (even positions in the list), or short enough that they are
    solved together (odd ones)."""
    for index, wavelet in enumerate(WAVELETS):
        taps = pywt.Wavelet(wavelet).dec_len
        # Levels 1 to 6; long filters stop earlier so that the dense reference stays small.
        level = 1 + index % (6 if taps <= 12 else 3 if taps <= 30 else 2)
        reach = (taps - 1) * (2**level - 1)
        n = min(2 * reach + 17, 1400) if index % 2 == 0 else max(reach // 2 + 5, 16)
        mode = MODES[index % len(MODES)]
        yield pytest.param(wavelet, mode, level, n, id=f"{wavelet}-{mode}-L{level}-n{n}")


@pytest.mark.parametrize("wavelet, mode, level, n", list(cases_1d()))
def test_iswt_is_as_exact_as_the_transform_allows(wavelet, mode, level, n):
    rng = np.random.default_rng(n)
    x = rng.standard_normal(n) + np.linspace(-3, 3, n)
    coeffs = atrous.swt(x, wavelet, level=level, mode=mode)
    scale = max(np.abs(band).max() for pair in coeffs for band in pair)
    got, messages = invert(coeffs, wavelet, mode)
    matrix = dense_transform(n, wavelet, level, mode)
    condition = np.linalg.cond(matrix)
    eps = np.finfo(np.float64).eps
    # The best any inverse can do from coefficients rounded to float64, with room for the
    # number of coefficients that round.
    assert np.abs(got - x).max() <= 100 * max(condition * eps, 1e-13) * scale
    if condition * eps > 30 * threshold(np.float64):
        assert any("ill conditioned" in m for m in messages)
    if condition * eps < threshold(np.float64) / 30:
        assert not messages
    if messages:
        assert np.abs(got - x).max() <= 100 * stated_bound(messages) * scale


@pytest.mark.parametrize("wavelet, level", [("db4", 3), ("sym6", 5), ("bior3.5", 2),
                                            ("coif2", 4), ("db2", 6), ("haar", 6)])
@pytest.mark.parametrize("mode", MODES)
def test_float32_edges_are_as_exact_as_float32_coefficients_allow(wavelet, level, mode):
    n = 300
    x = np.random.default_rng(level).standard_normal(n).astype(np.float32)
    coeffs = atrous.swt(x, wavelet, level=level, mode=mode)
    assert coeffs[0][0].dtype == np.float32
    scale = max(float(np.abs(band).max()) for pair in coeffs for band in pair)
    got, messages = invert(coeffs, wavelet, mode)
    assert got.dtype == np.float32
    condition = np.linalg.cond(dense_transform(n, wavelet, level, mode))
    error = np.abs(got.astype(np.float64) - x).max()
    assert error <= 100 * condition * np.finfo(np.float32).eps * scale
    if condition * np.finfo(np.float32).eps > 30 * threshold(np.float32):
        assert messages


def test_the_issue_cases_are_exact_or_warned():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(1000)
    # db20, level 3: off by 0.16 before; well within float64's reach of this transform.
    coeffs = atrous.swt(x, "db20", level=3, mode="symmetric")
    got, messages = invert(coeffs, "db20", "symmetric")
    assert not messages
    np.testing.assert_allclose(got, x, atol=1e-8)
    # db38, level 2: 9e6 before. The transform is nearly singular at its edges: say so.
    coeffs = atrous.swt(x, "db38", level=2, mode="symmetric")
    got, messages = invert(coeffs, "db38", "symmetric")
    assert any("ill conditioned" in m for m in messages)
    assert np.abs(got - x).max() < 0.1
    # A float32 image with db10 at level 4: 2.7e6 before.
    image = rng.standard_normal((64, 80)).astype(np.float32)
    coeffs = atrous.swt2(image, "db10", level=4, mode="symmetric")
    got, messages = invert(coeffs, "db10", "symmetric", atrous.iswt2)
    assert got.dtype == np.float32 and messages
    assert np.abs(got - image).max() < 0.5
    # The same in float64: exact.
    image = image.astype(np.float64)
    coeffs = atrous.swt2(image, "db10", level=5, mode="symmetric")
    got, _ = invert(coeffs, "db10", "symmetric", atrous.iswt2)
    np.testing.assert_allclose(got, image, atol=1e-8)


@pytest.mark.parametrize("modes, wavelets, shape, level", [
    (("symmetric", "zero"), ("db3", "sym4"), (20, 27), 2),
    (("smooth", "periodization"), ("bior2.4", "db2"), (16, 18), 3),
    (("antireflect", "reflect"), ("coif1", "haar"), (25, 9), 2),
    (("constant", "antisymmetric"), ("db4", "db1"), (13, 30), 1),
])
def test_iswt2_against_the_dense_least_squares_inverse(modes, wavelets, shape, level):
    rng = np.random.default_rng(sum(shape))
    x = rng.standard_normal(shape)
    coeffs = atrous.swt2(x, wavelets, level=level, mode=modes)
    impulses = np.eye(x.size).reshape((x.size,) + shape)
    columns = atrous.swt2(impulses, wavelets, level=level, mode=modes, axes=(1, 2),
                          trim_approx=True)
    bands = [columns[0]] + [band for details in columns[1:] for band in details]
    matrix = np.concatenate([band.reshape(x.size, -1).T for band in bands])
    stacked = np.concatenate([b.ravel() for b in [coeffs[0][0]] + [
        band for _, details in coeffs for band in details]])
    reference = np.linalg.lstsq(matrix, stacked, rcond=None)[0].reshape(shape)
    got, _ = invert(coeffs, wavelets, modes, atrous.iswt2)
    # atrous inverts axis by axis: rounding grows at most by the product of the axes'
    # conditions (documented), which bounds the n-d transform's own condition from above.
    condition = np.prod([np.linalg.cond(dense_transform(n, w, level, m))
                         for n, w, m in zip(shape, wavelets, modes)])
    bound = 100 * max(condition * np.finfo(np.float64).eps, 1e-13) * np.abs(stacked).max()
    assert np.abs(got - x).max() <= bound
    assert np.abs(got - reference).max() <= bound


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex64, np.complex128])
def test_iswtn_three_axes_mixed_modes(dtype):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((9, 14, 11))
    if np.dtype(dtype).kind == "c":
        x = x + 1j * rng.standard_normal(x.shape)
    x = x.astype(dtype)
    modes = ("symmetric", "periodization", "smooth")
    coeffs = atrous.swtn(x, ("db2", "sym3", "haar"), level=2, mode=modes)
    got, messages = invert(coeffs, ("db2", "sym3", "haar"), modes, atrous.iswtn)
    assert got.dtype == x.dtype
    tolerance = 1e-4 if np.finfo(dtype).bits < 64 else 1e-10
    np.testing.assert_allclose(got, x, atol=tolerance)


def test_iswt_along_an_axis_of_a_2d_array_equals_each_line():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((300, 5))
    coeffs = atrous.swt(x, "db6", level=3, axis=0, mode="reflect")
    got = atrous.iswt(coeffs, "db6", axis=0, mode="reflect")
    for column in range(5):
        line = atrous.iswt([(a[:, column], d[:, column]) for a, d in coeffs], "db6",
                           mode="reflect")
        np.testing.assert_allclose(got[:, column], line, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(got, x, atol=1e-11)


# -- levels too deep for the mode -------------------------------------------------------------

@pytest.mark.parametrize("mode, level", [("smooth", 13), ("smooth", 24), ("smooth", 50),
                                         ("antireflect", 24), ("antireflect", 60)])
def test_extrapolating_modes_refuse_levels_that_lose_the_signal(mode, level):
    x = np.random.default_rng(0).standard_normal(1000)
    with pytest.raises(ValueError, match=f"`level` is too deep for mode='{mode}'"):
        atrous.swt(x, "db2", level=level, mode=mode, norm=True)
    with pytest.raises(ValueError, match="too deep"):
        atrous.mra(x, "db2", level=level, mode=mode)
    with pytest.raises(ValueError, match="too deep"):
        atrous.swt2(x.reshape(20, 50), "db2", level=level, mode=mode)
    coeffs = [(np.zeros(1000), np.zeros(1000))] * level
    with pytest.raises(ValueError, match="`coeffs` is too deep"):
        atrous.iswt(coeffs, "db2", mode=mode)


@pytest.mark.parametrize("mode, level", [("smooth", 12), ("antireflect", 18)])
def test_the_deepest_levels_allowed_are_exact(mode, level):
    x = np.random.default_rng(1).standard_normal(300)
    coeffs = atrous.swt(x, "db2", level=level, mode=mode, norm=True)
    got, _ = invert(coeffs, "db2", mode, lambda c, w, mode: atrous.iswt(c, w, mode=mode,
                                                                          norm=True))
    np.testing.assert_allclose(got, x, atol=1e-8)


def test_an_inverse_with_no_exact_sample_is_refused():
    """60 levels at 'constant' on 1000 samples: nothing of the closed form is right, and the
    whole line is too large to solve at once (level 80 was 0.96 off before, silently)."""
    x = np.random.default_rng(2).standard_normal(1000)
    coeffs = atrous.swt(x, "db2", level=60, mode="constant", norm=True)
    with pytest.raises(ValueError, match="cannot invert 60 levels"):
        atrous.iswt(coeffs, "db2", mode="constant", norm=True)


def test_deep_levels_at_the_index_modes_stay_exact():
    x = np.random.default_rng(3).standard_normal(300)
    for mode in ("symmetric", "constant", "zero", "reflect"):
        coeffs = atrous.swt(x, "db2", level=30, mode=mode)
        np.testing.assert_allclose(atrous.iswt(coeffs, "db2", mode=mode), x, atol=1e-9)


@pytest.mark.parametrize("generation", [1, 2])
def test_starlets_refuse_levels_that_lose_the_signal_at_smooth(generation):
    """Generation 2's inverse at 'smooth', level 30, was off by 2e59."""
    x = np.random.default_rng(4).standard_normal(200)
    with pytest.raises(ValueError, match="`level` is too deep for mode='smooth'"):
        atrous.starlet(x, 30, generation=generation, mode="smooth")
    if generation == 2:
        with pytest.raises(ValueError, match="`coeffs` is too deep for mode='smooth'"):
            atrous.istarlet(np.zeros((31, 200)), generation=2, mode="smooth")
    # The deepest level accepted (its taps reach 2 * 2**11 = 4096 samples) inverts exactly.
    coeffs = atrous.starlet(x, 12, generation=generation, mode="smooth")
    np.testing.assert_allclose(atrous.istarlet(coeffs, generation=generation, mode="smooth"),
                               x, atol=1e-8)
