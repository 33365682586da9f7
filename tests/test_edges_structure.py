"""The level-by-level edge corrections against a dense least-squares reference.

``atrous._edges`` solves each level's edge samples by splitting the level's system into its
connected components (rows and samples of residue classes modulo the dilation, joined by
the mode's extension) and eliminating the few samples that join them all ('constant',
'antireflect', 'smooth'). Whatever the split, the result must be the least-squares fit of
the unknown samples to the level's coefficients, as ``numpy.linalg.lstsq`` computes it from
the level's dense matrix. That matrix is built here from the definitions alone: the mode's
extension of unit impulses (``tests/naive.py``, which does not import atrous), then the
analysis filters at the dilation (``cA[n] = sum_k dec_lo[k] x[n + s (L/2 - k)]``).

The data handed to the corrections below are random, not the transform of any signal, so
the fit leaves a residual: agreeing with ``lstsq`` there checks the pseudo-inverse itself,
not only that consistent coefficients are reproduced. Perfect reconstruction through the
public inverses checks the whole chain.
"""

import numpy as np
import pytest
import pywt

import atrous
from atrous import _edges
from atrous._validation import as_mode

from . import naive

MODES = ["symmetric", "reflect", "zero", "constant", "smooth", "antisymmetric",
         "antireflect"]
WAVELETS = ["haar", "db2", "db4", "sym4", "coif1", "bior2.2", "rbio3.1"]
# Extension names of tests/naive.py for PyWavelets' mode names.
NAIVE = {"symmetric": "symmetric", "reflect": "reflect", "zero": "zero", "constant": "edge",
         "smooth": "smooth", "antisymmetric": "antisymmetric", "antireflect": "antireflect"}


def level_transform(lines, wavelet, dilation, mode):
    """One SWT level ``(cA, cD)`` of every column of ``lines`` (``n x k``), by definition."""
    wavelet = pywt.Wavelet(wavelet)
    taps, n = wavelet.dec_len, len(lines)
    margin = dilation * taps
    padded = np.stack([naive.extend(column, margin, margin, NAIVE[mode])
                       for column in lines.T], axis=1)
    low, high = np.zeros(lines.shape), np.zeros(lines.shape)
    for k in range(taps):
        shifted = padded[margin + np.arange(n) + dilation * (taps // 2 - k)]
        low += wavelet.dec_lo[k] * shifted
        high += wavelet.dec_hi[k] * shifted
    return low, high


def edge_sizes(wavelet, dilation):
    """Samples the closed-form synthesis gets wrong: ``s L / 2`` first, ``s (L/2 - 1)`` last."""
    taps = pywt.Wavelet(wavelet).dec_len
    return dilation * taps // 2, dilation * (taps // 2 - 1)


def unknown_samples(n, wavelet, dilation):
    before, after = edge_sizes(wavelet, dilation)
    if before + after >= n:
        return np.arange(n)
    return np.r_[0:before, n - after:n]


def dense_fit(result, low, high, wavelet, dilation, mode):
    """``result`` with its edge samples replaced by their least-squares fit (each column a
    line of its own)."""
    n = len(result)
    unknown = unknown_samples(n, wavelet, dilation)
    impulses = np.eye(n)[:, unknown]
    matrix = np.concatenate(level_transform(impulses, wavelet, dilation, mode))
    known = result.copy()
    known[unknown] = 0.0
    known_low, known_high = level_transform(known, wavelet, dilation, mode)
    residual = np.concatenate([low - known_low, high - known_high])
    fitted = result.copy()
    fitted[unknown] = np.linalg.lstsq(matrix, residual, rcond=None)[0]
    return fitted


def analysis(wavelet):
    """The level's analysis as the inverse hands it to ``correct_level_edges``: reversed
    filters (the engine correlates) and taps ``s (1 - L/2) + s k``."""
    wavelet = pywt.Wavelet(wavelet)
    taps = wavelet.dec_len
    weights = np.stack([wavelet.dec_lo[::-1], wavelet.dec_hi[::-1]])[:, None, :]
    return weights, lambda dilation: [dilation * (1 - taps // 2 + k) for k in range(taps)]


def model_length(wavelet, dilation):
    """The shortest line whose edges ``correct_level_edges`` solves apart."""
    before, after = edge_sizes(wavelet, dilation)
    reach_before, reach_after = after, before
    model = max(before + reach_before, after + reach_after) + reach_before + reach_after + 1
    return model + max(before, after)


def lengths(wavelet, dilation):
    """Long enough for the edges to be solved apart (odd, just so, and roomy), short enough
    that they are solved together, and so short that every sample is unknown."""
    long = model_length(wavelet, dilation)
    before, after = edge_sizes(wavelet, dilation)
    short = max(before + after + 3, long // 2)
    return [long | 1, long + 37, short, max(3, (before + after) // 2 + 1)]


@pytest.fixture
def fresh_solvers():
    """Solvers built under this test's settings only, and none of them kept afterwards."""
    for cache in (_edges._level_edge_solvers, _edges._level_joint_solver):
        cache.cache_clear()
    yield
    for cache in (_edges._level_edge_solvers, _edges._level_joint_solver):
        cache.cache_clear()


def check_against_dense_fit(wavelet, mode, dilation, n, columns=2, axis=None):
    """``correct_level_edges`` on random lines against :func:`dense_fit`: the lines are the
    columns of an ``n x columns`` array or, with ``axis``, lie along that axis of a 3-d
    array (``columns`` = 6 lines, the other axes 2 and 3 long)."""
    rng = np.random.default_rng(n * 31 + dilation)
    result, low, high = (rng.standard_normal((n, columns)) for _ in range(3))
    reference = dense_fit(result, low, high, wavelet, dilation, mode)
    weights, offsets_at = analysis(wavelet)
    if axis is None:
        got, axis = result.copy(), 0
    else:
        got, low, high = (np.ascontiguousarray(np.moveaxis(a.reshape(n, 2, 3), 0, axis))
                          for a in (result, low, high))
    assert _edges.correct_level_edges(got, low, high, (weights, offsets_at(dilation)),
                                      as_mode(mode), axis)
    got = np.moveaxis(got, axis, 0).reshape(n, columns)
    scale = max(np.abs(reference).max(), 1.0)
    np.testing.assert_allclose(got, reference, rtol=0, atol=1e-9 * scale)
    # The samples away from the edges are left as they were.
    unknown = unknown_samples(n, wavelet, dilation)
    untouched = np.setdiff1d(np.arange(n), unknown)
    np.testing.assert_array_equal(got[untouched], result[untouched])


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("wavelet", WAVELETS)
@pytest.mark.parametrize("dilation", [1, 2, 8, 32])
def test_level_corrections_equal_the_dense_least_squares_fit(wavelet, mode, dilation):
    for n in lengths(wavelet, dilation):
        check_against_dense_fit(wavelet, mode, dilation, n)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("wavelet, dilation", [("db2", 128), ("db4", 64), ("coif1", 16)])
def test_deep_level_corrections_equal_the_dense_least_squares_fit(wavelet, mode, dilation):
    # Only the lengths that keep the dense reference small: the edges just apart, and
    # every sample unknown.
    long, _, _, tiny = lengths(wavelet, dilation)
    for n in (long, tiny):
        check_against_dense_fit(wavelet, mode, dilation, n, columns=1)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("axis", [0, 1, 2])
def test_level_corrections_along_any_axis(mode, axis):
    # Lines along the first, a middle and the last axis take different paths.
    for wavelet, dilation in [("db2", 4), ("sym4", 16)]:
        for n in lengths(wavelet, dilation):
            check_against_dense_fit(wavelet, mode, dilation, n, columns=6, axis=axis)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dense_unknowns", [0, 1 << 20])
def test_component_and_dense_solvers_both_equal_the_reference(mode, dense_unknowns,
                                                               monkeypatch, fresh_solvers):
    """Small systems are solved as one dense block, large ones by components: force each
    way on the same cases."""
    monkeypatch.setattr(_edges, "DENSE_UNKNOWNS", dense_unknowns)
    for wavelet, dilation in [("db2", 1), ("bior2.2", 2), ("db4", 8), ("rbio3.1", 16)]:
        for n in lengths(wavelet, dilation):
            check_against_dense_fit(wavelet, mode, dilation, n)


@pytest.mark.parametrize("mode", ["constant", "smooth", "antireflect"])
def test_hub_modes_fall_back_to_the_dense_block(mode, monkeypatch, fresh_solvers):
    """Near a rank deficiency a short line's hub samples are not eliminated first: the
    whole block's pseudo-inverse is used instead. Force it on well-posed cases."""
    monkeypatch.setattr(_edges, "DENSE_UNKNOWNS", 0)
    monkeypatch.setattr(_edges, "HUB_CONDITION_LIMIT", 0.0)
    for n in lengths("db4", 16)[2:]:
        check_against_dense_fit("db4", mode, 16, n)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("wavelet", ["db2", "db4", "coif1", "bior2.2"])
def test_level_condition_is_the_dense_edge_systems_condition(wavelet, mode):
    """The condition decides between the level-by-level and the joint solve: it must be
    that of the dense edge systems (the solver gets it from the components' SVDs, with the
    hub samples folded in)."""
    weights, offsets_at = analysis(wavelet)
    for dilation in [1, 2, 8, 32]:
        n = model_length(wavelet, dilation)
        before, after = edge_sizes(wavelet, dilation)
        impulses = np.eye(n)[:, np.r_[0:before, n - after:n]]
        matrix = np.concatenate(level_transform(impulses, wavelet, dilation, mode))
        expected = max(np.linalg.cond(matrix[:, :before]),
                       np.linalg.cond(matrix[:, before:]) if after else 1.0)
        got = _edges.level_condition((weights, offsets_at), as_mode(mode), [dilation])
        np.testing.assert_allclose(got, expected, rtol=1e-6)


# -- perfect reconstruction through the public inverses ------------------------------------

def deepest_level(wavelet, mode):
    """The deepest level at which every level's edge system is well conditioned at this
    mode (condition at most ``LEVEL_CONDITION_LIMIT``, as the test above pins it to the
    dense systems), so that the inverse corrects the edges level by level. The modes that
    repeat an edge sample grow worse with the dilation; deeper, the joint solve takes over,
    with its own limits (tests/test_inverse_edges.py)."""
    if wavelet == "haar" or mode not in ("constant", "smooth", "antireflect"):
        return 8
    if wavelet == "db4":
        return {"constant": 7, "smooth": 2, "antireflect": 2}[mode]
    return 4 if mode == "smooth" else 8


def reconstruction_lengths(wavelet, level):
    """Odd lengths: one whose deepest level's edges are solved apart, one where they meet."""
    dilation = 2 ** (level - 1)
    long = model_length(wavelet, dilation) | 1
    taps = pywt.Wavelet(wavelet).dec_len
    return [long, max(taps * dilation // 2 + 5, 9) | 1]


def cases():
    for mode in MODES:
        for wavelet in WAVELETS:
            levels = sorted({min(level, deepest_level(wavelet, mode)) for level in (1, 2, 4, 8)})
            for level in levels:
                for n in reconstruction_lengths(wavelet, level):
                    yield pytest.param(wavelet, mode, level, n,
                                       id=f"{wavelet}-{mode}-L{level}-n{n}")


@pytest.mark.parametrize("wavelet, mode, level, n", list(cases()))
def test_iswt_reconstructs_at_every_mode(wavelet, mode, level, n):
    rng = np.random.default_rng(n + level)
    x = rng.standard_normal(n) + np.linspace(-2, 2, n)
    coeffs = atrous.swt(x, wavelet, level=level, mode=mode)
    np.testing.assert_allclose(atrous.iswt(coeffs, wavelet, mode=mode), x, rtol=0,
                               atol=1e-9)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("wavelet, level", [("db4", 8), ("sym4", 5), ("bior2.2", 3),
                                            ("haar", 8)])
def test_iswt_along_axis_0_of_2d_data(wavelet, level, mode):
    level = min(level, deepest_level(wavelet, mode))
    taps = pywt.Wavelet(wavelet).dec_len
    n = model_length(wavelet, 2 ** (level - 1)) | 1
    x = np.random.default_rng(level).standard_normal((n, 3))
    x[:, 1] += np.linspace(0, 5, n)
    coeffs = atrous.swt(x, wavelet, level=level, axis=0, mode=mode)
    np.testing.assert_allclose(atrous.iswt(coeffs, wavelet, axis=0, mode=mode), x, rtol=0,
                               atol=1e-9)
    # A short axis, whose edges are solved together.
    short = x[:max(taps * 2 ** (level - 2) + 3, 7)]
    coeffs = atrous.swt(short, wavelet, level=level, axis=0, mode=mode)
    np.testing.assert_allclose(atrous.iswt(coeffs, wavelet, axis=0, mode=mode), short,
                               rtol=0, atol=1e-9)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("wavelet, level, shape", [("db2", 4, (61, 57)),
                                                   ("coif1", 3, (40, 23)),
                                                   ("rbio3.1", 2, (9, 30)),
                                                   ("db4", 7, (900, 21))])
def test_iswt2_reconstructs_at_every_mode(wavelet, level, shape, mode):
    level = min(level, deepest_level(wavelet, mode))
    x = np.random.default_rng(sum(shape)).standard_normal(shape)
    coeffs = atrous.swt2(x, wavelet, level=level, mode=mode)
    np.testing.assert_allclose(atrous.iswt2(coeffs, wavelet, mode=mode), x, rtol=0,
                               atol=1e-9)


@pytest.mark.parametrize("dense_unknowns", [0, 1 << 20])
@pytest.mark.parametrize("axis", [0, 1])
def test_samples_no_coefficient_reads_are_zero_and_singular(dense_unknowns, axis,
                                                           monkeypatch, fresh_solvers):
    """A bank whose first tap weighs nothing never reads the two samples its synthesis
    would leave wrong: the pseudo-inverse sets them to zero, and the system is singular."""
    monkeypatch.setattr(_edges, "DENSE_UNKNOWNS", dense_unknowns)
    weights = np.array([[[0.0, 1.0]], [[0.0, 0.5]]])
    offsets = [0, 2]
    mode = as_mode("symmetric")
    assert _edges.level_condition((weights, lambda dilation: offsets), mode, [2]) == np.inf
    rng = np.random.default_rng(0)
    result, low, high = (rng.standard_normal((40, 3)) for _ in range(3))
    if axis == 1:
        result, low, high = (np.ascontiguousarray(a.T) for a in (result, low, high))
    got = result.copy()
    assert _edges.correct_level_edges(got, low, high, (weights, offsets), mode, axis)
    got, result = np.moveaxis(got, axis, 0), np.moveaxis(result, axis, 0)
    np.testing.assert_array_equal(got[:2], 0.0)
    np.testing.assert_array_equal(got[2:], result[2:])
