"""The MODWPT against a slow loop of circular convolutions written out here, the MODWT (itself
tested against R waveslim), the transform's identities, and its Dask runners."""

import warnings

import dask
import dask.array
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import atrous
from atrous import _validation as validate
from atrous._modwt import filters
from atrous._validation import AxisError

WAVELETS = ["haar", "db2", "la8", "sym4", "coif1"]


# -- the reference: circular convolutions with explicit indices -------------------------------

def naive_modwpt(x, wavelet, level):
    """The nodes of ``level`` of a 1-d ``x``, one node and one tap at a time."""
    g, h = filters(wavelet)
    n = len(x)
    t = np.arange(n)
    nodes = [np.asarray(x, dtype=np.float64)]
    for j in range(1, level + 1):
        step = 2 ** (j - 1)
        children = []
        for parent, node in enumerate(nodes):
            low = sum(g[k] * node[(t - step * k) % n] for k in range(len(g)))
            high = sum(h[k] * node[(t - step * k) % n] for k in range(len(h)))
            # Sequency order: below an odd node the wavelet filter's child comes first.
            children += [low, high] if parent % 2 == 0 else [high, low]
        nodes = children
    return np.array(nodes)


def naive_imodwpt(w, wavelet):
    """The adjoint of :func:`naive_modwpt`: ``node[t] = sum_k a_k child[t + s k]``."""
    g, h = filters(wavelet)
    n = w.shape[1]
    t = np.arange(n)
    level = w.shape[0].bit_length() - 1
    nodes = list(w)
    for j in range(level, 0, -1):
        step = 2 ** (j - 1)
        parents = []
        for parent in range(len(nodes) // 2):
            a, b = (g, h) if parent % 2 == 0 else (h, g)
            first, second = nodes[2 * parent], nodes[2 * parent + 1]
            parents.append(sum(a[k] * first[(t + step * k) % n]
                               + b[k] * second[(t + step * k) % n] for k in range(len(g))))
        nodes = parents
    return nodes[0]


def along(function, x, axis, rows):
    """``function`` (1-d signal in, ``(rows, n)`` out) along ``axis``, rows first."""
    moved = np.moveaxis(x, axis, -1)
    flat = moved.reshape(-1, moved.shape[-1])
    out = np.stack([function(line) for line in flat], axis=1)
    return np.moveaxis(out.reshape((rows,) + moved.shape), -1, axis + 1)


# -- against the reference ---------------------------------------------------------------------

@pytest.mark.parametrize("wavelet", WAVELETS)
@pytest.mark.parametrize("n", [2, 3, 5, 7, 13, 31, 64])
def test_nodes_equal_the_naive_loop(wavelet, n, rng):
    """Lengths shorter and longer than the filters' reach, odd and prime ones."""
    x = rng.standard_normal(n)
    for level in (1, 2, 3, 4):
        want = naive_modwpt(x, wavelet, level)
        np.testing.assert_allclose(atrous.modwpt(x, wavelet, level), want, atol=1e-12)
        np.testing.assert_allclose(atrous.imodwpt(want, wavelet), naive_imodwpt(want, wavelet),
                                   atol=1e-12)


@pytest.mark.parametrize("shape", [(6, 17), (4, 5, 9)])
def test_every_axis_of_nd_input(shape, rng):
    x = rng.standard_normal(shape)
    for axis in range(len(shape)):
        w = atrous.modwpt(x, "db2", level=3, axis=axis)
        want = along(lambda line: naive_modwpt(line, "db2", 3), x, axis, 8)
        np.testing.assert_allclose(w, want, atol=1e-12)
        np.testing.assert_allclose(atrous.modwpt(x, "db2", 3, axis - len(shape)), want,
                                   atol=1e-12)
        np.testing.assert_allclose(atrous.imodwpt(w, "db2", axis=axis), x, atol=1e-12)
        details = atrous.modwptdetails(x, "db2", level=3, axis=axis)
        for node in range(8):
            alone = np.zeros_like(w)
            alone[node] = w[node]
            np.testing.assert_allclose(details[node], atrous.imodwpt(alone, "db2", axis=axis),
                                       atol=1e-12)


def test_details_are_the_naive_inverse_of_each_node_alone(rng):
    x = rng.standard_normal(23)
    for wavelet, level in (("haar", 1), ("db2", 2), ("la8", 3), ("coif1", 4)):
        w = naive_modwpt(x, wavelet, level)
        details = atrous.modwptdetails(x, wavelet, level)
        for node in range(2**level):
            alone = np.zeros_like(w)
            alone[node] = w[node]
            np.testing.assert_allclose(details[node], naive_imodwpt(alone, wavelet), atol=1e-12)
            np.testing.assert_allclose(details[node], atrous.imodwpt(alone, wavelet),
                                       atol=1e-12)
        np.testing.assert_allclose(details.sum(axis=0), x, atol=1e-12)


def test_float32_stays_float32(rng):
    x = rng.standard_normal((3, 50))
    single = x.astype(np.float32)
    w = atrous.modwpt(single, "la8", level=3)
    details = atrous.modwptdetails(single, "la8", level=3)
    back = atrous.imodwpt(w, "la8")
    assert w.dtype == details.dtype == back.dtype == np.float32
    np.testing.assert_allclose(w, atrous.modwpt(x, "la8", level=3), atol=1e-5)
    np.testing.assert_allclose(details, atrous.modwptdetails(x, "la8", level=3), atol=1e-5)
    np.testing.assert_allclose(back, x, atol=1e-5)
    assert atrous.modwpt(np.arange(8), "haar", 1).dtype == np.float64  # integers: float64


# -- identities ------------------------------------------------------------------------------

@pytest.mark.parametrize("wavelet", ["haar", "d4", "la8", "coif2", "db5"])
def test_node_zero_is_the_modwt_smooth_and_node_one_of_level_one_its_first_detail(wavelet,
                                                                                   rng):
    x = rng.standard_normal((2, 45))
    for level in range(1, 6):
        np.testing.assert_allclose(atrous.modwpt(x, wavelet, level)[0],
                                   atrous.modwt(x, wavelet, level)[-1], atol=1e-12)
    np.testing.assert_allclose(atrous.modwpt(x, wavelet, 1)[1],
                               atrous.modwt(x, wavelet, 1)[0], atol=1e-12)


@given(n=st.integers(2, 70), level=st.integers(1, 6),
       wavelet=st.sampled_from(["haar", "db2", "db5", "sym4", "coif2", "la8", "d6"]),
       seed=st.integers(0, 2**32 - 1))
def test_energy_inverse_and_additivity_at_any_length(n, level, wavelet, seed):
    x = np.random.default_rng(seed).standard_normal(n)
    w = atrous.modwpt(x, wavelet, level)
    np.testing.assert_allclose(np.sum(w**2), np.sum(x**2), rtol=1e-10)
    np.testing.assert_allclose(atrous.imodwpt(w, wavelet), x, atol=1e-10)
    np.testing.assert_allclose(atrous.modwptdetails(x, wavelet, level).sum(axis=0), x,
                               atol=1e-10)


def test_energy_at_every_level(rng):
    x = rng.standard_normal((3, 37))
    for level in range(1, 8):
        w = atrous.modwpt(x, "la8", level=level)
        np.testing.assert_allclose(np.sum(w**2, axis=(0, 2)), np.sum(x**2, axis=1),
                                   rtol=1e-10)


def test_nodes_are_in_sequency_order():
    """A cosine in the middle of node n's band puts most of its energy in node n."""
    t = np.arange(1024)
    bands = atrous.packet_bands(3)
    for node in range(8):
        frequency = (bands.low[node] + bands.high[node]) / 2
        x = np.cos(2 * np.pi * frequency * t)
        for wavelet, share in (("la8", 0.65), ("la20", 0.8)):
            energy = np.sum(atrous.modwpt(x, wavelet, level=3) ** 2, axis=1) / np.sum(x**2)
            assert np.argmax(energy) == node
            assert energy[node] > share, (wavelet, node, energy)


def test_default_level_is_matlabs_4_or_floor_log2_n_if_shorter(rng):
    # MATLAB's modwpt defaults to level 4; the MODWT's full depth would be N copies of x.
    assert atrous.modwpt(rng.standard_normal(100), "haar").shape == (16, 100)
    assert atrous.modwpt(rng.standard_normal(2**16), "haar").shape == (16, 2**16)
    assert atrous.modwptdetails(rng.standard_normal((2, 9)), "haar").shape == (8, 2, 9)


def test_packet_bands():
    bands = atrous.packet_bands(3, fs=16.0)
    np.testing.assert_array_equal(bands.node, np.arange(8))
    np.testing.assert_allclose(bands.low, np.arange(8))
    np.testing.assert_allclose(bands.high, np.arange(1, 9))
    # Level 1's nodes are the MODWT's smooth and first detail bands.
    one, octave = atrous.packet_bands(1, fs=100.0), atrous.level_bands(1, fs=100.0)
    assert (one.low[0], one.high[0]) == octave.smooth
    assert (one.low[1], one.high[1]) == (octave.low[0], octave.high[0])
    assert atrous.packet_bands(2.0).node.size == 4


# -- input handling ---------------------------------------------------------------------------

def test_read_only_non_contiguous_and_f_ordered_input_is_left_alone(rng):
    base = rng.standard_normal((40, 30))
    kept = base.copy()
    base.flags.writeable = False
    strided = base[::2, 1::3]
    for x in (base, strided, np.asfortranarray(kept)):
        for axis in (0, 1):
            want = along(lambda line: naive_modwpt(line, "db2", 2), np.array(x), axis, 4)
            w = atrous.modwpt(x, "db2", 2, axis)
            np.testing.assert_allclose(w, want, atol=1e-12)
            np.testing.assert_allclose(atrous.modwptdetails(x, "db2", 2, axis).sum(axis=0), x,
                                       atol=1e-12)
            w.flags.writeable = False
            np.testing.assert_allclose(atrous.imodwpt(w[:, ::1], "db2", axis), x, atol=1e-12)
            np.testing.assert_allclose(atrous.imodwpt(np.asfortranarray(w), "db2", axis), x,
                                       atol=1e-12)
    np.testing.assert_array_equal(base, kept)


def test_coefficients_are_not_modified(rng):
    w = atrous.modwpt(rng.standard_normal(50), "la8", level=3)
    kept = w.copy()
    atrous.imodwpt(w, "la8")
    np.testing.assert_array_equal(w, kept)


def test_nan_propagates():
    x = np.zeros(64)
    x[10] = np.nan
    w = atrous.modwpt(x, "db2", level=3)
    assert np.isnan(w).any(axis=1).all() and not np.isnan(w).all()
    assert np.isnan(atrous.imodwpt(w, "db2")).any()
    assert np.isnan(atrous.modwptdetails(x, "db2", level=3)).any(axis=1).all()


# -- errors -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: atrous.modwpt(np.ones(8), "bior2.2"), ValueError, "not orthogonal"),
    (lambda: atrous.modwpt(np.ones(8), "nope"), ValueError, "nope"),
    (lambda: atrous.modwpt(np.ones(1), "haar", 1), ValueError, "at least 2"),
    (lambda: atrous.modwpt(np.float64(3.0), "haar", 1), AxisError, "scalar"),
    (lambda: atrous.modwpt(np.ones(8), "haar", 0), ValueError, "greater than zero"),
    (lambda: atrous.modwpt(np.ones(8), "haar", 1.5), TypeError, "`level` must be an integer"),
    (lambda: atrous.modwpt(np.ones(8), "haar", True), TypeError, "boolean"),
    (lambda: atrous.modwpt(np.ones(8), "haar", 21), ValueError, r"`level`=21 .* at most 20"),
    (lambda: atrous.modwpt(np.ones(8), "haar", 65), ValueError, "too deep"),
    (lambda: atrous.modwpt(np.ones(2**20), "haar", 20), ValueError,
     r"`level`=20 .* would need .* GiB"),
    (lambda: atrous.modwpt(np.ones((2, 8)), "haar", 1, axis=2), AxisError, "out of bounds"),
    (lambda: atrous.modwpt(np.array(["a", "b"]), "haar", 1), ValueError, "hold numbers"),
    (lambda: atrous.modwptdetails(np.ones(8), "haar", 21), ValueError, "at most 20"),
    (lambda: atrous.modwptdetails(np.ones(8), "haar", 1, axis=-2), AxisError,
     "out of bounds"),
    (lambda: atrous.imodwpt(np.ones(8), "haar"), ValueError, "what modwpt returns"),
    (lambda: atrous.imodwpt(np.ones((3, 8)), "haar"), ValueError, r"got shape \(3, 8\)"),
    (lambda: atrous.imodwpt(np.ones((1, 8)), "haar"), ValueError, "level >= 1"),
    (lambda: atrous.imodwpt(np.ones((2, 8)), "haar", axis=1), AxisError, "out of bounds"),
    (lambda: atrous.imodwpt(np.ones((2, 8)), "db1.5"), ValueError, "db1.5"),
    (lambda: atrous.imodwpt(np.ones((2, 8)), "bior2.2"), ValueError, "not orthogonal"),
    (lambda: atrous.packet_bands(0), ValueError, "greater than zero"),
    (lambda: atrous.packet_bands(21), ValueError, "at most 20"),
    (lambda: atrous.packet_bands("3"), TypeError, "`level` must be an integer"),
    (lambda: atrous.packet_bands(2, fs=-1.0), ValueError, "positive finite sampling rate"),
])
def test_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_a_level_too_large_for_memory_names_the_largest_that_fits(monkeypatch):
    monkeypatch.setattr(validate, "physical_memory", lambda: 2**20)  # 1 MiB
    with pytest.raises(ValueError, match=r"`level`=8 .* would need .* at most 7"):
        atrous.modwpt(np.ones(1000), "haar", 8)
    assert atrous.modwpt(np.ones(1000), "haar", 7).shape == (128, 1000)
    with pytest.raises(ValueError, match=r"`level`=1 .* fewer samples at a time"):
        atrous.modwptdetails(np.ones(2**17), "haar", 1)
    monkeypatch.setattr(validate, "physical_memory", lambda: None)  # the OS does not say
    assert atrous.modwpt(np.ones(4), "haar", 12).shape == (4096, 4)


# -- Dask ---------------------------------------------------------------------------------------

@pytest.fixture
def da():
    with dask.config.set(scheduler="threads"):  # dask is in the test extras
        yield dask.array


def _same_lazily(result, want, chunks):
    assert type(result).__module__.startswith("dask"), type(result)
    assert result.chunks[1:] == tuple(chunks)
    got = result.compute()
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_allclose(got, want, atol=1e-12)
    return got


@pytest.mark.filterwarnings("ignore::atrous.ChunkWarning")
@pytest.mark.parametrize(("shape", "chunks", "axis"), [
    ((200,), ((30, 70, 41, 59),), -1),
    ((200,), ((5, 195),), 0),  # a chunk shorter than the reach: rechunked
    ((90, 7), ((25, 40, 25), (3, 4)), 0),
    ((7, 90), ((2, 5), (17, 50, 23)), 1),
])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_dask_equals_numpy_for_uneven_chunks(shape, chunks, axis, dtype, da, rng):
    x = rng.standard_normal(shape).astype(dtype)
    dx = da.from_array(x, chunks=chunks)
    w = atrous.modwpt(x, "la8", level=3, axis=axis)
    dw = atrous.modwpt(dx, "la8", level=3, axis=axis)
    assert w.dtype == dtype
    _same_lazily(dw, w, dx.chunks)
    back = atrous.imodwpt(dw, "la8", axis=axis)
    assert back.chunks == dx.chunks
    np.testing.assert_allclose(back.compute(), atrous.imodwpt(w, "la8", axis=axis),
                               atol=1e-5 if dtype == np.float32 else 1e-12)
    _same_lazily(atrous.modwptdetails(dx, "la8", level=3, axis=axis),
                 atrous.modwptdetails(x, "la8", level=3, axis=axis), dx.chunks)
    # Nodes wrapped from NumPy, chunked along the nodes too.
    wrapped = da.from_array(w, chunks=(3,) + dx.chunks)
    np.testing.assert_allclose(atrous.imodwpt(wrapped, "la8", axis=axis).compute(),
                               atrous.imodwpt(w, "la8", axis=axis), atol=1e-12)


def test_dask_checks_arguments_once_and_lazily(da, rng):
    dx = da.from_array(rng.standard_normal(64), chunks=16)
    with pytest.raises(ValueError, match="at most 20"):
        atrous.modwpt(dx, "haar", 21)
    with pytest.raises(ValueError, match="what modwpt returns"):
        atrous.imodwpt(da.ones((3, 8)), "haar")
    with pytest.raises(ValueError, match="not orthogonal"):
        atrous.modwptdetails(dx, "bior2.2", 2)


def test_dask_memory_check_counts_a_block_not_the_whole_array(da, monkeypatch):
    """Out of core, the blocks are what must fit."""
    monkeypatch.setattr(validate, "physical_memory", lambda: 2**30)
    with pytest.raises(ValueError, match="`level`=10 .* would need 8 GiB"):
        atrous.modwpt(np.zeros(2**20), "haar", 10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lazy = atrous.modwpt(da.zeros(2**20, chunks=2**14), "haar", 10)
    assert lazy.shape == (1024, 2**20)
    with pytest.raises(ValueError, match="`level`=10 .* would need"):
        atrous.modwpt(da.zeros(2**20, chunks=2**20), "haar", 10)
