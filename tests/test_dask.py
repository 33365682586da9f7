"""Dask arrays in, Dask arrays out: every public function, for any chunking, computes what
the same function computes on the NumPy array (threaded scheduler).

Random chunkings (chunks of one sample, uneven chunks, one chunk) are drawn by hypothesis;
where a chunk is shorter than a transform's reach the array is rechunked with a
:class:`atrous._dask.ChunkWarning`, which the randomised tests ignore and
``test_chunk_warning_*`` checks.
"""

import warnings

import dask
import dask.array as da
import numpy as np
import pytest
from dask.callbacks import Callback
from hypothesis import given, settings
from hypothesis import strategies as st

import atrous
from atrous._dask import ChunkWarning, median
from atrous._swt import swt_halo

WAVELETS = ["haar", "db2", "sym4", "coif1", "bior2.2"]
ORTHOGONAL = {"haar", "db2", "sym4", "coif1"}
MODES = ["periodization", "symmetric", "reflect", "zero", "constant", "smooth",
         "antisymmetric", "antireflect"]
SCIPY_MODES = ["reflect", "mirror", "nearest", "constant", "wrap", "grid-wrap", "grid-mirror",
               "grid-constant"]
FLOATS_AND_INTS = (np.float64, np.float32, np.int64)

RECHUNKS = pytest.mark.filterwarnings("ignore::atrous._dask.ChunkWarning")
FEW = settings(max_examples=10, deadline=None)
SOME = settings(max_examples=20, deadline=None)


@pytest.fixture(autouse=True, scope="module")
def threaded_scheduler():
    with dask.config.set(scheduler="threads"):
        yield


# -- strategies -------------------------------------------------------------------------------

@st.composite
def chunkings(draw, n, most=30):
    """Chunk sizes along an axis of ``n`` samples: uneven cuts, with chunks of one sample,
    regular chunks (of one sample too, up to about ``most`` chunks), or a single chunk."""
    if n <= 1:
        return (n,)
    style = draw(st.sampled_from(["cuts", "ones", "regular", "whole"]))
    if style == "whole":
        return (n,)
    if style == "regular":
        size = draw(st.integers(-(-n // most), n))
        return (size,) * (n // size) + ((n % size,) if n % size else ())
    cuts = set(draw(st.lists(st.integers(1, n - 1), max_size=min(n - 1, 10))))
    if style == "ones":  # a run of chunks of one sample, anywhere (at an edge included)
        start, count = draw(st.integers(0, n - 1)), draw(st.integers(1, 3))
        cuts.update(range(max(start, 1), min(start + count + 1, n)))
    edges = [0, *sorted(cuts), n]
    return tuple(b - a for a, b in zip(edges, edges[1:]))


def make(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype.kind == "i":
        return rng.integers(-100, 100, shape).astype(dtype)
    x = rng.standard_normal(shape)
    if dtype.kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(dtype)


@st.composite
def signals(draw, ndim=None, dtypes=(np.float64,), min_len=1, max_len=300, max_shape=(40, 60)):
    """``(x, dask x)``: a 1-d signal of up to ``max_len`` samples or an image of up to
    ``max_shape``, chunked at random along every axis."""
    ndim = draw(st.sampled_from([1, 2])) if ndim is None else ndim
    if ndim == 1:
        shape = (draw(st.integers(min_len, max_len)),)
    else:
        shape = tuple(draw(st.integers(min_len, m)) for m in max_shape)
    dtype = draw(st.sampled_from(dtypes))
    chunks = tuple(draw(chunkings(n, 30 if ndim == 1 else 8)) for n in shape)
    x = make(shape, dtype, draw(st.integers(0, 2**32 - 1)))
    return x, da.from_array(x, chunks=chunks)


# -- comparisons ------------------------------------------------------------------------------

def structure(obj):
    """The nesting of lists, tuples and dicts (with their keys) around the arrays."""
    if isinstance(obj, dict):
        return ("dict", tuple((key, structure(value)) for key, value in obj.items()))
    if isinstance(obj, (list, tuple)):
        return (type(obj).__name__, tuple(structure(value) for value in obj))
    return "array"


def leaves(obj):
    if isinstance(obj, dict):
        return [leaf for value in obj.values() for leaf in leaves(value)]
    if isinstance(obj, (list, tuple)):
        return [leaf for value in obj for leaf in leaves(value)]
    return [obj]


def tolerance(dtype):
    return 1e-5 if np.dtype(dtype) in (np.float32, np.complex64) else 1e-12


def compute(result):
    (value,) = dask.compute(result)
    return value


def assert_lazy(result, chunks):
    """Every array of ``result`` is a Dask array chunked as ``chunks`` along its last axes."""
    arrays = leaves(result)
    assert arrays
    for leaf in arrays:
        assert isinstance(leaf, da.Array), type(leaf)
        assert leaf.chunks[leaf.ndim - len(chunks):] == tuple(chunks), (leaf.chunks, chunks)


def assert_same(got, want):
    """Same structure, and leaf by leaf NumPy arrays of the same shape, dtype and values."""
    assert structure(got) == structure(want)
    for i, (g, w) in enumerate(zip(leaves(got), leaves(want))):
        assert isinstance(g, np.ndarray), (i, type(g))
        assert g.shape == w.shape, (i, g.shape, w.shape)
        assert g.dtype == w.dtype, (i, g.dtype, w.dtype)
        tol = tolerance(w.dtype)
        np.testing.assert_allclose(g, w, rtol=tol, atol=tol, equal_nan=True, err_msg=f"leaf {i}")


def check(result, want, chunks):
    """``result`` is lazy, chunked as ``chunks`` (trailing axes), and computes to ``want``."""
    assert_lazy(result, chunks)
    got = compute(result)
    assert_same(got, want)
    return got


def assert_reconstructs(got, x):
    x = np.asarray(x)
    tol = 1e-4 if np.dtype(got.dtype) in (np.float32, np.complex64) else 1e-8
    np.testing.assert_allclose(got, x, rtol=tol, atol=tol * max(1.0, float(np.abs(x).max())))


# -- the stationary transforms ----------------------------------------------------------------

@RECHUNKS
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_swt_and_iswt_match_numpy(data):
    x, dx = data.draw(signals(dtypes=FLOATS_AND_INTS + (np.complex128, np.float16)))
    axis = data.draw(st.sampled_from([0, -1] if x.ndim == 1 else [0, 1, -1]))
    wavelet = data.draw(st.sampled_from(WAVELETS))
    kwargs = {
        "wavelet": wavelet, "axis": axis, "mode": data.draw(st.sampled_from(MODES)),
        "level": data.draw(st.integers(1, 3)), "start_level": data.draw(st.integers(0, 1)),
        "trim_approx": data.draw(st.booleans()),
        "norm": wavelet in ORTHOGONAL and data.draw(st.booleans()),
    }
    want = atrous.swt(x, **kwargs)
    result = atrous.swt(dx, **kwargs)
    check(result, want, dx.chunks)
    if kwargs["start_level"] == 0:
        inverse = {k: kwargs[k] for k in ("wavelet", "norm", "axis", "mode")}
        back = check(atrous.iswt(result, **inverse), atrous.iswt(want, **inverse), dx.chunks)
        assert_reconstructs(back, x)


@RECHUNKS
@SOME
@given(data=st.data())
def test_iswt_of_mixed_numpy_and_dask_coefficients(data):
    """Any coefficients (not only a transform's), some NumPy and some Dask, chunked apart:
    the result is chunked like the first Dask array that iswt reads."""
    x, dx = data.draw(signals(dtypes=(np.float64, np.float32)))
    axis = data.draw(st.sampled_from([0, -1] if x.ndim == 1 else [0, 1]))
    level = data.draw(st.integers(1, 3))
    wavelet = data.draw(st.sampled_from(WAVELETS))
    mode = data.draw(st.sampled_from(MODES))
    trim = data.draw(st.booleans())
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    arrays = [make(x.shape, x.dtype, rng.integers(2**32)) for _ in range(2 * level)]
    # Read: cA_n, then every detail (the other approximations are ignored).
    read = [0] + list(range(1, 2 * level, 2))
    as_dask = data.draw(st.lists(st.booleans(), min_size=len(arrays), max_size=len(arrays)))
    as_dask[data.draw(st.sampled_from(read))] = True
    mixed, first = [], None
    for i, (array, lazy) in enumerate(zip(arrays, as_dask)):
        if lazy:
            chunks = dx.chunks if first is None else tuple(
                data.draw(chunkings(n)) for n in x.shape)
            if first is None and i in read:
                first = chunks
            array = da.from_array(array, chunks=chunks)
        mixed.append(array)
    if trim:
        coeffs, mixed = [arrays[i] for i in read], [mixed[i] for i in read]
    else:
        coeffs = list(zip(arrays[0::2], arrays[1::2]))
        mixed = list(zip(mixed[0::2], mixed[1::2]))
    want = atrous.iswt(coeffs, wavelet, axis=axis, mode=mode)
    result = atrous.iswt(mixed, wavelet, axis=axis, mode=mode)
    check(result, want, first)


def test_iswt_when_only_unread_approximations_are_dask(rng):
    """iswt reads cA_n and the details only: Dask intermediate approximations alone."""
    x = rng.standard_normal(32)
    coeffs = atrous.swt(x, "db2", level=2)
    mixed = [coeffs[0], (da.from_array(coeffs[1][0], chunks=16), coeffs[1][1])]
    want = atrous.iswt(coeffs, "db2")
    (got,) = dask.compute(atrous.iswt(mixed, "db2"))
    assert_same(np.asarray(got), want)


@RECHUNKS
@SOME
@given(data=st.data())
def test_swt2_swtn_and_inverses_match_numpy(data):
    x, dx = data.draw(signals(ndim=2, dtypes=FLOATS_AND_INTS))
    public = data.draw(st.sampled_from(["swt2", "swtn"]))
    if public == "swt2":
        axes = data.draw(st.sampled_from([(-2, -1), (0, 1), (1, 0)]))
    else:
        axes = data.draw(st.sampled_from([None, (0,), (1,), (1, 0)]))
    count = 2 if axes is None else len(axes)
    one_wavelet = data.draw(st.sampled_from(WAVELETS))
    wavelet = data.draw(st.sampled_from(
        [one_wavelet, tuple(data.draw(st.sampled_from(WAVELETS)) for _ in range(count))]))
    mode = data.draw(st.sampled_from(
        [data.draw(st.sampled_from(MODES)),
         tuple(data.draw(st.sampled_from(MODES)) for _ in range(count))]))
    orthogonal = all(w in ORTHOGONAL for w in ([wavelet] if isinstance(wavelet, str)
                                                else wavelet))
    kwargs = {"wavelet": wavelet, "level": data.draw(st.integers(1, 2)),
              "start_level": data.draw(st.integers(0, 1)), "axes": axes,
              "trim_approx": data.draw(st.booleans()),
              "norm": orthogonal and data.draw(st.booleans()), "mode": mode}
    forward, inverse = getattr(atrous, public), getattr(atrous, "i" + public)
    want = forward(x, **kwargs)
    result = forward(dx, **kwargs)
    check(result, want, dx.chunks)
    if kwargs["start_level"] == 0:
        inverse_kwargs = {k: kwargs[k] for k in ("wavelet", "norm", "axes", "mode")}
        back = check(inverse(result, **inverse_kwargs), inverse(want, **inverse_kwargs),
                     dx.chunks)
        assert_reconstructs(back, x)


@RECHUNKS
def test_transforms_of_a_volume(rng):
    x = rng.standard_normal((9, 14, 20))
    dx = da.from_array(x, chunks=((4, 5), (1, 6, 7), (3, 10, 7)))
    kwargs = {"wavelet": ("db2", "haar"), "level": 2, "axes": (2, 0),
              "mode": ("symmetric", "periodization")}
    coeffs = check(atrous.swtn(dx, **kwargs), atrous.swtn(x, **kwargs), dx.chunks)
    kwargs.pop("level")
    back = atrous.iswtn(atrous.swtn(dx, level=2, **kwargs), **kwargs)
    check(back, atrous.iswtn(coeffs, **kwargs), dx.chunks)
    assert_reconstructs(compute(back), x)
    for axis in (1, -1):  # the 1-d transform along one axis of a volume
        check(atrous.swt(dx, "sym4", 2, axis=axis, mode="smooth"),
              atrous.swt(x, "sym4", 2, axis=axis, mode="smooth"), dx.chunks)


# -- multiresolution analyses -----------------------------------------------------------------

@RECHUNKS
@SOME
@given(data=st.data())
def test_mra_family_matches_numpy(data):
    public = data.draw(st.sampled_from(["mra", "mra2", "mran"]))
    x, dx = data.draw(signals(ndim=None if public == "mra" else 2, dtypes=FLOATS_AND_INTS))
    kwargs = {"wavelet": data.draw(st.sampled_from(WAVELETS)),
              "level": data.draw(st.integers(1, 3)),
              "mode": data.draw(st.sampled_from(MODES))}
    if public == "mra":
        kwargs["axis"] = data.draw(st.sampled_from([0, -1]))
    elif public == "mra2":
        kwargs["axes"] = data.draw(st.sampled_from([(-2, -1), (1, 0)]))
    else:
        kwargs["axes"] = data.draw(st.sampled_from([None, (0,), (1,), (1, 0)]))
        count = 2 if kwargs["axes"] is None else len(kwargs["axes"])
        kwargs["mode"] = data.draw(st.sampled_from(
            [kwargs["mode"], tuple(data.draw(st.sampled_from(MODES)) for _ in range(count))]))
    forward, inverse = getattr(atrous, public), getattr(atrous, "i" + public)
    want = forward(x, **kwargs)
    result = forward(dx, **kwargs)
    check(result, want, dx.chunks)
    back = check(inverse(result), inverse(want), dx.chunks)
    assert_reconstructs(back, x)


@RECHUNKS
def test_mra_default_level_on_dask():
    x = np.random.default_rng(7).standard_normal((6, 96))
    dx = da.from_array(x, chunks=(4, 40))
    check(atrous.mra(dx, "db2"), atrous.mra(x, "db2"), dx.chunks)
    check(atrous.mran(dx, "haar", axes=(1,)), atrous.mran(x, "haar", axes=(1,)), dx.chunks)


@pytest.mark.parametrize("public, transform, axes", [
    ("mra", "dwt", {"axis": -1}),
    ("mra2", "dwt2", {}),
    ("mran", "dwtn", {"axes": (1,)}),
])
@pytest.mark.parametrize("level", [None, 1, 2, 3])
def test_decimated_mra_on_dask_hands_over_whole_axes(public, transform, axes, level):
    """transform='dwt': PyWavelets on blocks holding the whole transformed axes (the chunks
    along the other axes are kept, without a warning)."""
    x = np.random.default_rng(8).standard_normal((32, 64))
    chunks = (8, 64) if public != "mra2" else (32, 64)
    dx = da.from_array(x, chunks=chunks)
    func = getattr(atrous, public)
    want = func(x, "db2", level=level, transform=transform, **axes)
    check(func(dx, "db2", level=level, transform=transform, **axes), want, dx.chunks)


def test_decimated_mra_of_a_chunked_axis_warns_and_rechunks():
    x = np.random.default_rng(9).standard_normal((5, 64))
    chunked = da.from_array(x, chunks=(5, 20))
    with pytest.warns(ChunkWarning, match="along axis 1"):
        result = atrous.mra(chunked, "haar", level=1, transform="dwt")
    check(result, atrous.mra(x, "haar", level=1, transform="dwt"), chunked.chunks)


# -- MODWT ------------------------------------------------------------------------------------

@RECHUNKS
@SOME
@given(data=st.data())
def test_modwt_imodwt_and_modwtmra_match_numpy(data):
    x, dx = data.draw(signals(dtypes=FLOATS_AND_INTS, min_len=2))
    axis = data.draw(st.sampled_from([0, -1] if x.ndim == 1 else [0, 1]))
    wavelet = data.draw(st.sampled_from(["haar", "la8", "d4"]))
    level = data.draw(st.sampled_from([None, 1, 2, 3]))
    boundary = data.draw(st.sampled_from(["periodic", "reflection"]))
    kwargs = {"wavelet": wavelet, "axis": axis, "boundary": boundary}
    want = atrous.modwt(x, level=level, **kwargs)
    result = atrous.modwt(dx, level=level, **kwargs)
    if boundary == "periodic":
        check(result, want, dx.chunks)
    else:  # the signal and its mirror image: twice the length along the axis
        assert isinstance(result, da.Array)
        for k, (got, given_) in enumerate(zip(result.chunks[1:], dx.chunks)):
            assert sum(got) == (2 if k == axis % x.ndim else 1) * sum(given_)
            assert k == axis % x.ndim or got == given_
        assert_same(compute(result), want)
    rows = want.shape[0]
    partial = data.draw(st.integers(0, rows - 1))
    back = check(atrous.imodwt(result, level=partial, **kwargs),
                 atrous.imodwt(want, level=partial, **kwargs), dx.chunks)
    if partial == 0:
        assert_reconstructs(back, x)
    components = check(atrous.modwtmra(result, **kwargs), atrous.modwtmra(want, **kwargs),
                       dx.chunks)
    assert_reconstructs(components.sum(axis=0), x)
    # Coefficients wrapped from NumPy, chunked along the rows too.
    if boundary == "periodic":
        wrapped = da.from_array(want, chunks=(1,) + dx.chunks)
        check(atrous.imodwt(wrapped, **kwargs), atrous.imodwt(want, **kwargs), dx.chunks)
        check(atrous.modwtmra(wrapped, **kwargs), atrous.modwtmra(want, **kwargs), dx.chunks)


# -- starlets ---------------------------------------------------------------------------------

@RECHUNKS
@SOME
@given(data=st.data())
def test_starlet_and_istarlet_match_numpy(data):
    x, dx = data.draw(signals(dtypes=FLOATS_AND_INTS))
    axes = data.draw(st.sampled_from([None, (0,), (-1,)] + ([(1, 0)] if x.ndim == 2 else [])))
    count = x.ndim if axes is None else len(axes)
    mode = data.draw(st.sampled_from(MODES))
    kwargs = {"generation": data.draw(st.sampled_from([1, 2])), "axes": axes,
              "mode": data.draw(st.sampled_from(
                  [mode, tuple(data.draw(st.sampled_from(MODES)) for _ in range(count))])),
              "kernel": data.draw(st.sampled_from([None, [0.25, 0.5, 0.25], [0.5, 0.5]]))}
    level = data.draw(st.integers(1, 3))
    want = atrous.starlet(x, level, **kwargs)
    result = atrous.starlet(dx, level, **kwargs)
    check(result, want, dx.chunks)
    back = check(atrous.istarlet(result, **kwargs), atrous.istarlet(want, **kwargs), dx.chunks)
    assert_reconstructs(back, x)
    wrapped = da.from_array(want, chunks=(1,) + dx.chunks)
    check(atrous.istarlet(wrapped, **kwargs), atrous.istarlet(want, **kwargs), dx.chunks)


# -- filters ----------------------------------------------------------------------------------

@RECHUNKS
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_correlate1d_and_convolve1d_match_numpy(data):
    x, dx = data.draw(signals(dtypes=FLOATS_AND_INTS + (np.complex128,)))
    public = getattr(atrous, data.draw(st.sampled_from(["correlate1d", "convolve1d"])))
    taps = data.draw(st.integers(1, 5))
    weights = np.random.default_rng(data.draw(st.integers(0, 99))).standard_normal(taps)
    dilation = data.draw(st.integers(1, 4))
    causal = data.draw(st.booleans())
    span = (taps - 1) * dilation + 1
    origin = 0 if causal else data.draw(st.integers(-(span // 2), (span - 1) // 2))
    kwargs = {"dilation": dilation, "axis": data.draw(st.integers(-x.ndim, x.ndim - 1)),
              "mode": data.draw(st.sampled_from([None] + SCIPY_MODES)),
              "cval": data.draw(st.sampled_from([0.0, 1.5])), "origin": origin,
              "causal": causal,
              "output": data.draw(st.sampled_from([None, np.float64, np.float32, "float64"]))}
    if x.dtype.kind == "c" and kwargs["output"] is not None:
        kwargs["output"] = np.complex128
    want = public(x, weights, **kwargs)
    check(public(dx, weights, **kwargs), want, dx.chunks)


@RECHUNKS
@SOME
@given(data=st.data())
def test_correlate_and_convolve_match_numpy(data):
    x, dx = data.draw(signals(ndim=2, dtypes=FLOATS_AND_INTS))
    public = getattr(atrous, data.draw(st.sampled_from(["correlate", "convolve"])))
    shape = (data.draw(st.integers(1, 3)), data.draw(st.integers(1, 4)))
    weights = np.random.default_rng(data.draw(st.integers(0, 99))).standard_normal(shape)
    dilations = (data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)))
    spans = [(k - 1) * d + 1 for k, d in zip(shape, dilations)]
    origins = tuple(data.draw(st.integers(-(s // 2), (s - 1) // 2)) for s in spans)
    modes = tuple(data.draw(st.sampled_from(SCIPY_MODES)) for _ in range(2))
    kwargs = {"dilation": data.draw(st.sampled_from([dilations, dilations[0]])),
              "mode": data.draw(st.sampled_from([modes[0], list(modes)])),
              "cval": data.draw(st.sampled_from([0.0, -2.0])),
              "output": data.draw(st.sampled_from([None, np.float32]))}
    if np.ndim(kwargs["dilation"]) == 0:
        spans = [(k - 1) * kwargs["dilation"] + 1 for k in shape]
        origins = tuple(min(max(o, -(s // 2)), (s - 1) // 2) for o, s in zip(origins, spans))
    kwargs["origin"] = data.draw(st.sampled_from([origins, origins[0]]))
    if np.ndim(kwargs["origin"]) == 0:
        kwargs["origin"] = origins[0] if origins[0] == origins[1] else 0
    want = public(x, weights, **kwargs)
    check(public(dx, weights, **kwargs), want, dx.chunks)


def test_dask_filters_refuse_an_output_array(rng):
    x = rng.standard_normal(40)
    dx = da.from_array(x, chunks=20)
    for call in (lambda out: atrous.correlate1d(dx, [1.0, 2.0], output=out),
                 lambda out: atrous.convolve1d(dx, [1.0, 2.0], output=out)):
        with pytest.raises(TypeError, match="output"):
            call(np.empty(40))
    image = da.from_array(rng.standard_normal((10, 12)), chunks=5)
    for public in (atrous.correlate, atrous.convolve):
        with pytest.raises(TypeError, match="output"):
            public(image, np.ones((2, 2)), output=np.empty((10, 12)))


# -- noise and denoising ----------------------------------------------------------------------

def _tie_heavy(rng, size):
    return rng.integers(-5, 6, size).astype(np.float64)


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
@SOME
@given(data=st.data())
def test_median_is_numpys_exactly(data):
    size = data.draw(st.integers(1, 3000))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    kind = data.draw(st.sampled_from(["normal", "ties", "infinities", "nan", "float32",
                                      "mostly-inf"]))
    if kind == "ties":
        values = _tie_heavy(rng, size)
    elif kind == "float32":
        values = (rng.standard_normal(size) * 1e3).astype(np.float32)
    else:
        values = rng.standard_normal(size)
    if kind in ("infinities", "nan", "mostly-inf"):
        count = size if kind == "mostly-inf" else data.draw(st.integers(1, max(1, size // 3)))
        where = rng.choice(size, min(count, size), replace=False)
        values[where] = rng.choice([-np.inf, np.inf], len(where))
        if kind == "nan":
            values[rng.integers(size)] = np.nan
    values = values.reshape(data.draw(st.sampled_from([(size,), (1, size)])))
    chunks = tuple(data.draw(chunkings(n)) for n in values.shape)
    got = median(da.from_array(values, chunks=chunks))
    want = np.median(values)
    assert np.asarray(got).dtype == np.asarray(want).dtype
    if np.isnan(want):
        assert np.isnan(got)
    else:
        assert got == want


@pytest.mark.parametrize("values", [
    np.array([-np.inf, np.inf]),                 # the middle pair averages to NaN
    np.array([1.0, -np.inf, np.inf, 2.0]),
    np.array([3.0, 3.0, 3.0, 3.0, 3.0]),
    np.array([np.inf, np.inf, 1.0]),
    np.array([-0.0, 0.0, -0.0]),
    np.array([1e308, 1.7e308, -1e308, 1.7e308]),  # overflows to inf, as np.median
    np.array([2.5], dtype=np.float32),
    np.array([1.0, 2.0, np.nan, 3.0]),
])
@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
@pytest.mark.filterwarnings("ignore:overflow:RuntimeWarning")
def test_median_edge_cases(values):
    got = median(da.from_array(values, chunks=1))
    want = np.median(values)
    assert np.asarray(got).dtype == np.asarray(want).dtype
    np.testing.assert_array_equal(got, want)


def test_median_of_many_ties_chunked(rng):
    values = _tie_heavy(rng, 200_001).reshape(1, -1)
    values[0, :7] = np.inf
    got = median(da.from_array(values, chunks=(1, 30_000)))
    assert got == np.median(values)
    values = values[:, 1:]  # even
    assert median(da.from_array(values, chunks=(1, 17_777))) == np.median(values)
    halves = np.r_[np.zeros(50_000), np.ones(50_000)].astype(np.float32)
    got = median(da.from_array(halves, chunks=9_999))
    assert got == np.median(halves) and np.asarray(got).dtype == np.float32


@pytest.fixture
def bounded_passes(monkeypatch):
    """Fail, instead of hanging, if the median makes many more passes than it could need."""
    passes = []
    compute_ = dask.compute

    def counted(*args, **kwargs):
        passes.append(None)
        assert len(passes) <= 25, "the median made 25 passes over the data without converging"
        return compute_(*args, **kwargs)

    monkeypatch.setattr(dask, "compute", counted)
    return passes


def test_median_of_more_values_than_it_fetches(bounded_passes, rng):
    """Over 4_000_000 values the median narrows the interval with histogram passes."""
    ties = rng.integers(-5, 6, 4_000_002).astype(np.float64)  # even, many duplicates
    ties[:5] = np.inf
    ties[5:8] = -np.inf
    zeros = np.zeros(4_100_001)  # one bin holds more than can be fetched: all equal
    zeros[:1000] = np.arange(1000.0)
    for values, chunks in ((rng.standard_normal(4_000_003), 1_000_000), (ties, 999_999),
                           (zeros, 1_500_000),
                           (rng.standard_normal(4_000_002).astype(np.float32), 2_000_000)):
        bounded_passes.clear()
        got = median(da.from_array(values, chunks=chunks))
        want = np.median(values)
        assert got == want and np.asarray(got).dtype == np.asarray(want).dtype


def test_median_of_two_separated_halves(bounded_passes):
    """An even count whose two middle values are the smallest and the largest bins' (the
    histogram pass cannot narrow the interval there)."""
    values = np.r_[-np.ones(2_000_001), np.ones(2_000_001)]
    assert median(da.from_array(values, chunks=1_000_000)) == np.median(values) == 0.0


@RECHUNKS
@SOME
@given(data=st.data())
def test_estimate_noise_is_numpys_exactly(data):
    x, dx = data.draw(signals(dtypes=(np.float64, np.float32, np.int64), min_len=2))
    axes = data.draw(st.sampled_from([None, (0,), (-1,)] + ([(1, 0)] if x.ndim == 2 else [])))
    got = atrous.estimate_noise(dx, axes=axes)
    assert isinstance(got, float)
    assert got == atrous.estimate_noise(x, axes=axes)


@RECHUNKS
def test_estimate_noise_per_channel(rng):
    x = rng.standard_normal((3, 30, 41)) * np.array([0.5, 1.0, 2.0])[:, None, None]
    dx = da.from_array(x, chunks=(1, 15, 20))
    for channel_axis, axes in ((0, (2,)), (-3, (1, 2))):
        got = atrous.estimate_noise(dx, axes=axes, channel_axis=channel_axis)
        want = atrous.estimate_noise(x, axes=axes, channel_axis=channel_axis)
        assert isinstance(got, np.ndarray) and got.shape == (3,)
        np.testing.assert_array_equal(got, want)
    moved = np.moveaxis(x, 0, 1)
    dmoved = da.from_array(moved, chunks=(9, 2, 20))
    for channel_axis, axes in ((1, None), (-2, (-1,)), (1, (2, 0))):
        got = atrous.estimate_noise(dmoved, axes=axes, channel_axis=channel_axis)
        want = atrous.estimate_noise(moved, axes=axes, channel_axis=channel_axis)
        np.testing.assert_array_equal(got, want)


@RECHUNKS
@FEW
@given(data=st.data())
def test_denoise_matches_numpy(data):
    x, dx = data.draw(signals(dtypes=(np.float64, np.float32, np.int64), min_len=8,
                              max_len=200, max_shape=(30, 40)))
    ndim = x.ndim
    kwargs = {"wavelet": data.draw(st.sampled_from(["db2", "sym4", "haar", "bior2.2"])),
              "level": data.draw(st.sampled_from([None, 1, 2])),
              "method": data.draw(st.sampled_from(["bayes", "universal", "sure"])),
              "threshold_mode": data.draw(st.sampled_from(["soft", "garrote"])),
              "mode": data.draw(st.sampled_from(["periodization", "symmetric", "smooth"])),
              "axes": data.draw(st.sampled_from(
                  [None, (0,)] + ([(1,), (1, 0)] if ndim == 2 else []))),
              "sigma": data.draw(st.sampled_from([None, 0.0, 0.7]))}
    want = atrous.denoise(x, **kwargs)
    check(atrous.denoise(dx, **kwargs), want, dx.chunks)


@pytest.mark.parametrize("method", ["bayes", "sure"])
def test_denoise_by_channel_matches_numpy(method, rng):
    """channel_axis: each channel denoised on its own, lazily, as the NumPy function does."""
    noisy = rng.normal(0, 1, (3, 40, 36)) * np.array([1.0, 5.0, 20.0])[:, None, None]
    noisy += np.sin(np.arange(36) / 4.0)
    want = atrous.denoise(noisy, "db2", level=2, method=method, channel_axis=0)
    dx = da.from_array(noisy, chunks=(1, 20, 36))
    check(atrous.denoise(dx, "db2", level=2, method=method, channel_axis=0), want, dx.chunks)


@RECHUNKS
@pytest.mark.parametrize("method", ["bayes", "universal", "sure"])
@pytest.mark.parametrize("mode", ["periodization", "symmetric"])
def test_denoise_methods_and_modes_in_2d(method, mode, rng):
    y, x = np.mgrid[:36, :50]
    clean = np.sin(x / 5.0) + (y > 17)
    noisy = clean + rng.normal(0, 0.3, clean.shape)
    dx = da.from_array(noisy, chunks=((5, 20, 11), (25, 1, 24)))
    for axes, sigma, modes in ((None, None, mode), ((1,), None, mode), ((1, 0), 0.3, mode),
                               ((0, 1), None, (mode, "smooth"))):
        kwargs = {"wavelet": ("db2", "haar") if len(axes or (0, 1)) == 2 else "db2",
                  "level": 2, "method": method, "mode": modes, "axes": axes, "sigma": sigma}
        check(atrous.denoise(dx, **kwargs), atrous.denoise(noisy, **kwargs), dx.chunks)


@pytest.mark.parametrize("method", ["bayes", "universal", "sure"])
def test_denoise_with_a_nan_matches_numpy(method, rng):
    """The noise level and the subband statistics come from the finite coefficients, as in
    memory: a NaN spoils only the outputs within the filters' reach (it spoiled all)."""
    x = rng.standard_normal((40, 64))
    x[7, 30] = np.nan
    dx = da.from_array(x, chunks=(20, 32))
    want = atrous.denoise(x, "db2", level=2, method=method)
    assert 0 < np.isnan(want).sum() < want.size // 4
    check(atrous.denoise(dx, "db2", level=2, method=method), want, dx.chunks)
    assert atrous.estimate_noise(dx) == atrous.estimate_noise(x)
    np.testing.assert_array_equal(atrous.starlet_denoise(dx, 2).compute(),
                                  atrous.starlet_denoise(x, 2))


@RECHUNKS
@FEW
@given(data=st.data())
def test_starlet_denoise_matches_numpy(data):
    x, dx = data.draw(signals(dtypes=(np.float64, np.float32), min_len=4, max_len=200,
                              max_shape=(30, 40)))
    kwargs = {"level": data.draw(st.integers(1, 3)),
              "k": data.draw(st.sampled_from([3.0, 1.0])),
              "sigma": data.draw(st.sampled_from([None, 0.5])),
              "generation": data.draw(st.sampled_from([1, 2])),
              "threshold_mode": data.draw(st.sampled_from(["hard", "soft"])),
              "positivity": data.draw(st.booleans()),
              "iterations": data.draw(st.sampled_from([None, 1, 2])),
              "mode": data.draw(st.sampled_from(["symmetric", "periodization", "zero"]))}
    if kwargs["positivity"] and kwargs["iterations"] is None:
        kwargs["iterations"] = 3  # (the default, 10, is checked on an image below)
    want = atrous.starlet_denoise(x, **kwargs)
    check(atrous.starlet_denoise(dx, **kwargs), want, dx.chunks)


@RECHUNKS
def test_starlet_denoise_with_positivity_default_iterations(rng):
    y, x = np.mgrid[:40, :44]
    stars = 5 * np.exp(-((x - 20) ** 2 + (y - 12) ** 2) / 8)
    noisy = stars + rng.normal(0, 0.5, stars.shape)
    dx = da.from_array(noisy, chunks=(13, 22))
    for kwargs in ({"positivity": True}, {"positivity": False, "k": [4.0, 3.0, 3.0]},
                   {"positivity": True, "axes": (1,), "mode": "periodization"}):
        want = atrous.starlet_denoise(noisy, 3, **kwargs)
        got = check(atrous.starlet_denoise(dx, 3, **kwargs), want, dx.chunks)
        if kwargs["positivity"]:
            assert got.min() >= 0


# -- rechunking -------------------------------------------------------------------------------

def test_chunk_warning_names_axis_and_reach_and_result_is_exact(rng):
    x = rng.standard_normal((6, 90))
    reach = max(swt_halo("db2", 3))
    assert reach == 14
    exact = da.from_array(x, chunks=(6, (reach, 30, 46)))
    check(atrous.swt(exact, "db2", level=3), atrous.swt(x, "db2", level=3), exact.chunks)
    small = da.from_array(x, chunks=(6, (reach - 1, 1, 40, 36)))
    with pytest.warns(ChunkWarning, match=rf"reaches {reach} samples along axis 1") as record:
        result = atrous.swt(small, "db2", level=3)
    assert len(record) == 1 and issubclass(ChunkWarning, UserWarning)
    assert f"chunks of at least {reach} samples along axis 1" in str(record[0].message)
    check(result, atrous.swt(x, "db2", level=3), small.chunks)
    # The warning points at the caller.
    assert record[0].filename == __file__
    # Chunks along an axis that is not transformed never need rechunking.
    rows = da.from_array(x, chunks=(1, 90))
    check(atrous.swt(rows, "sym4", level=3, mode="symmetric"),
          atrous.swt(x, "sym4", level=3, mode="symmetric"), rows.chunks)


def test_chunk_warning_for_each_short_axis_of_an_image(rng):
    x = rng.standard_normal((30, 40))
    dx = da.from_array(x, chunks=((2, 28), (1, 39)))
    with pytest.warns(ChunkWarning) as record:
        result = atrous.swt2(dx, "haar", level=2)
    messages = sorted(str(r.message) for r in record)
    assert len(messages) == 2
    assert "along axis 0" in messages[0] and "along axis 1" in messages[1]
    check(result, atrous.swt2(x, "haar", level=2), dx.chunks)


# -- laziness, inputs, thread counts, NaN ------------------------------------------------------

def _image(signal):
    image = signal.reshape(4, -1)
    return image.rechunk((4, 50)) if isinstance(image, da.Array) else image


def _every_function(dx, denoisers=True):
    """One call of every public function that takes a Dask array (lazy results)."""
    coeffs = atrous.swt(dx, "db2", level=2, mode="symmetric")
    image = _image(dx)
    w = atrous.modwt(dx, "la8", level=2)
    return {
        "swt": coeffs,
        "iswt": atrous.iswt(coeffs, "db2", mode="symmetric"),
        "swt2": atrous.swt2(image, "db2", 1),
        "iswt2": atrous.iswt2(atrous.swt2(image, "haar", 1), "haar"),
        "swtn": atrous.swtn(image, "sym4", 2, mode="smooth"),
        "iswtn": atrous.iswtn(atrous.swtn(image, "sym4", 1), "sym4"),
        "mra": atrous.mra(dx, "db2", level=2),
        "imra": atrous.imra(atrous.mra(dx, "db2", level=2)),
        "mra2": atrous.mra2(image, "haar", level=1),
        "imra2": atrous.imra2(atrous.mra2(image, "haar", level=1)),
        "mran": atrous.mran(image, "haar", level=1, mode="zero"),
        "imran": atrous.imran(atrous.mran(image, "haar", level=1)),
        "modwt": w,
        "imodwt": atrous.imodwt(w, "la8"),
        "modwtmra": atrous.modwtmra(w, "la8"),
        "modwpt": atrous.modwpt(dx, "la8", level=2),
        "imodwpt": atrous.imodwpt(atrous.modwpt(dx, "haar", level=2), "haar"),
        "modwptdetails": atrous.modwptdetails(dx, "db2", level=2),
        "starlet": atrous.starlet(dx, 2),
        "istarlet": atrous.istarlet(atrous.starlet(dx, 2, generation=2), generation=2),
        **({"denoise": atrous.denoise(dx, "db2", level=2, mode="symmetric"),
            "starlet_denoise": atrous.starlet_denoise(dx, 2)} if denoisers else {}),
        "correlate1d": atrous.correlate1d(dx, [1.0, -2.0, 0.5], dilation=3),
        "convolve1d": atrous.convolve1d(dx, [1.0, -2.0, 0.5], mode="wrap"),
        "correlate": atrous.correlate(image, np.ones((2, 3)), dilation=2),
        "convolve": atrous.convolve(image, np.ones((2, 3)), mode="mirror"),
    }


class _TaskCounter(Callback):
    """Counts the tasks the local schedulers run."""

    def __init__(self):
        super().__init__()
        self.tasks = 0

    def _pretask(self, key, dsk, state):
        self.tasks += 1


def test_every_function_is_lazy_and_leaves_its_input_alone(rng):
    x = rng.standard_normal(400)
    kept = x.copy()
    dx = da.from_array(x, chunks=100)  # a view of x in every block
    with _TaskCounter() as counter:
        results = _every_function(dx)
    # Only the denoisers' statistics (noise level, BayesShrink's variances) ran, eagerly.
    with _TaskCounter() as statistics:
        atrous.denoise(dx, "db2", level=2, mode="symmetric")
        atrous.starlet_denoise(dx, 2)
    assert 0 < counter.tasks == statistics.tasks
    with _TaskCounter() as counter:
        others = _every_function(dx, denoisers=False)
    assert counter.tasks == 0
    assert set(others) == set(results) - {"denoise", "starlet_denoise"}
    for name, result in results.items():
        assert leaves(result), name
        for leaf in leaves(result):
            assert isinstance(leaf, da.Array), name
    for name in ("swt", "iswt", "mra", "imra", "denoise", "starlet_denoise", "correlate1d",
                 "convolve1d", "imodwt", "istarlet", "imodwpt"):
        assert_lazy(results[name], dx.chunks)
    for name in ("modwt", "modwtmra", "starlet", "modwpt", "modwptdetails"):  # (rows, *x.shape)
        assert_lazy(results[name], dx.chunks)
    for name in ("swt2", "iswt2", "swtn", "iswtn", "mra2", "imra2", "mran", "imran",
                 "correlate", "convolve"):
        assert_lazy(results[name], _image(dx).chunks)
    computed = compute(results)
    np.testing.assert_array_equal(x, kept)
    np.testing.assert_array_equal(dx.compute(), kept)
    # And the NumPy results of the same calls, from NumPy input.
    assert_same(computed, _every_function(kept.copy()))


def test_coefficients_wrapped_from_numpy_are_not_modified(rng):
    x = rng.standard_normal((8, 64))
    for mode in ("periodization", "symmetric"):
        coeffs = atrous.swt(x, "db2", level=2, mode=mode)
        kept = [(a.copy(), d.copy()) for a, d in coeffs]
        wrapped = [(da.from_array(a, chunks=(8, 32)), da.from_array(d, chunks=(8, 64)))
                   for a, d in coeffs]
        back = compute(atrous.iswt(wrapped, "db2", mode=mode))
        assert_same(coeffs, kept)
        assert_reconstructs(back, x)
    nd = atrous.swtn(x, "haar", 2, trim_approx=True)
    kept = [nd[0].copy()] + [{k: v.copy() for k, v in level.items()} for level in nd[1:]]
    wrapped = [da.from_array(nd[0], chunks=(8, 16))] + [
        {k: da.from_array(v, chunks=(4, 64)) for k, v in level.items()} for level in nd[1:]]
    compute(atrous.iswtn(wrapped, "haar"))
    assert_same(nd, kept)
    w = atrous.modwt(x, "haar", level=2)
    kept = w.copy()
    compute([atrous.imodwt(da.from_array(w), "haar"), atrous.modwtmra(da.from_array(w), "haar")])
    np.testing.assert_array_equal(w, kept)
    s = atrous.starlet(x, 2, generation=2)
    kept = s.copy()
    compute(atrous.istarlet(da.from_array(s), generation=2))
    np.testing.assert_array_equal(s, kept)
    components = atrous.mra(x, "db2", level=2)
    kept = [c.copy() for c in components]
    compute(atrous.imra([da.from_array(c) for c in components]))
    assert_same(components, kept)


@RECHUNKS
def test_results_do_not_depend_on_the_thread_count(rng):
    x = rng.standard_normal(400)
    dx = da.from_array(x, chunks=(60, 1, 139, 200))
    results = {}
    for workers in (1, 2):
        with dask.config.set(scheduler="threads", num_workers=workers):
            results[workers] = compute(_every_function(dx))
    assert structure(results[1]) == structure(results[2])
    for one, two in zip(leaves(results[1]), leaves(results[2])):
        np.testing.assert_array_equal(one, two)


@RECHUNKS
@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_nan_and_inf_propagate_as_in_numpy(dtype, rng):
    x = rng.standard_normal(300).astype(dtype)
    x[[17, 150]] = np.nan
    x[[3, 220]] = np.inf
    x[290] = -np.inf
    dx = da.from_array(x, chunks=(40, 90, 1, 169))
    calls = {
        "swt": lambda a: atrous.swt(a, "db2", level=3),
        "swt-symmetric": lambda a: atrous.swt(a, "sym4", level=2, mode="symmetric"),
        "iswt": lambda a: atrous.iswt(atrous.swt(a, "haar", level=2), "haar"),
        "mra": lambda a: atrous.mra(a, "db2", level=2, mode="reflect"),
        "modwt": lambda a: atrous.modwt(a, "d4", level=2),
        "starlet": lambda a: atrous.starlet(a, 2),
        "correlate1d": lambda a: atrous.correlate1d(a, [1.0, 0.0, -1.0], dilation=2),
        "convolve1d": lambda a: atrous.convolve1d(a, [0.5, 0.5], mode="constant", cval=1.0),
    }
    for name, call in calls.items():
        with np.errstate(invalid="ignore", over="ignore"):
            want = call(x)
            got = call(dx)
            assert_same(compute(got), want)
        assert any(np.isnan(leaf).any() for leaf in leaves(want)), name
    # The noise level is estimated from the finite coefficients (issue 12, item 15).
    with np.errstate(invalid="ignore"):
        assert atrous.estimate_noise(dx) == atrous.estimate_noise(x)
        assert np.isfinite(atrous.estimate_noise(x))


@RECHUNKS
def test_fortran_ordered_input(rng):
    x = np.asfortranarray(rng.standard_normal((20, 30)))
    dx = da.from_array(x, chunks=(7, 11))
    for call in (lambda a: atrous.swt2(a, "db2", 2, mode="symmetric"),
                 lambda a: atrous.iswt2(atrous.swt2(a, "db2", 2, mode="symmetric"), "db2",
                                        mode="symmetric"),
                 lambda a: atrous.swt(a, "sym4", 2, axis=0),
                 lambda a: atrous.starlet(a, 2, generation=2),
                 lambda a: atrous.modwt(a, "haar", 2, axis=0),
                 lambda a: atrous.correlate(a, np.ones((2, 3)), mode="nearest"),
                 lambda a: atrous.convolve1d(a, [1.0, 2.0], axis=0, dilation=3)):
        check(call(dx), call(x), dx.chunks)


def test_empty_arrays(rng):
    x = np.zeros((0, 32))
    dx = da.from_array(x, chunks=(1, 8))
    check(atrous.swt(dx, "db2", level=2), atrous.swt(x, "db2", level=2), dx.chunks)
    check(atrous.correlate1d(dx, [1.0, 2.0]), atrous.correlate1d(x, [1.0, 2.0]), dx.chunks)


# -- errors -----------------------------------------------------------------------------------

def _coefficients_of_two_shapes(a):
    return [a, a[..., :-1]]


ERRORS = {
    "swt bad wavelet": lambda a: atrous.swt(a, "db99x", level=1),
    "swt continuous wavelet": lambda a: atrous.swt(a, "morl", level=1),
    "swt bad mode": lambda a: atrous.swt(a, "db2", level=1, mode="bogus"),
    "swt axis": lambda a: atrous.swt(a, "db2", level=1, axis=2),
    "swt level 0": lambda a: atrous.swt(a, "db2", level=0),
    "swt float level": lambda a: atrous.swt(a, "db2", level=1.5),
    "swt start_level": lambda a: atrous.swt(a, "db2", level=1, start_level=-1),
    "iswt shapes": lambda a: atrous.iswt(_coefficients_of_two_shapes(a), "db2"),
    "iswt bad wavelet": lambda a: atrous.iswt([a, a], "db99x"),
    "iswt bad mode": lambda a: atrous.iswt([a, a], "db2", mode="bogus"),
    "iswt axis": lambda a: atrous.iswt([a, a], "db2", axis=2),
    "swt2 repeated axes": lambda a: atrous.swt2(a, "db2", 1, axes=(0, 0)),
    "swt2 axis": lambda a: atrous.swt2(a, "db2", 1, axes=(0, 2)),
    "swt2 three axes": lambda a: atrous.swt2(a, "db2", 1, axes=(0, 1, 1)),
    "swtn negative level": lambda a: atrous.swtn(a, "db2", -1),
    "swtn wavelets": lambda a: atrous.swtn(a, ("db2", "haar", "haar"), 1),
    "swtn modes": lambda a: atrous.swtn(a, "db2", 1, mode=("zero",) * 3),
    "iswtn axes": lambda a: atrous.iswtn([a, {"ad": a, "da": a, "dd": a}], "db2", axes=(0,)),
    "iswt2 missing detail": lambda a: atrous.iswt2([a, (a, a)], "db2"),
    "mra transform": lambda a: atrous.mra(a, "db2", level=1, transform="bogus"),
    "mra axis": lambda a: atrous.mra(a, "db2", level=1, axis=-3),
    "mran repeated axes": lambda a: atrous.mran(a, "db2", level=1, axes=(1, 1)),
    "mra2 level 0": lambda a: atrous.mra2(a, "db2", level=0),
    "modwt biorthogonal": lambda a: atrous.modwt(a, "bior2.2", level=1),
    "modwt boundary": lambda a: atrous.modwt(a, "haar", level=1, boundary="bogus"),
    "modwt axis": lambda a: atrous.modwt(a, "haar", level=1, axis=2),
    "modwt one sample": lambda a: atrous.modwt(a[:, :1], "haar", level=1),
    "imodwt level": lambda a: atrous.imodwt(a, "haar", level=a.shape[0]),
    "imodwt boundary": lambda a: atrous.imodwt(a, "haar", boundary="bogus"),
    "modwtmra axis": lambda a: atrous.modwtmra(a, "haar", axis=1),
    "imodwt 1-d": lambda a: atrous.imodwt(a[0], "haar"),
    "starlet level": lambda a: atrous.starlet(a, 0),
    "starlet generation": lambda a: atrous.starlet(a, 1, generation=3),
    "starlet mode": lambda a: atrous.starlet(a, 1, mode="bogus"),
    "starlet kernel": lambda a: atrous.starlet(a, 1, kernel=[[1.0]]),
    "starlet axes": lambda a: atrous.starlet(a, 1, axes=(0, 0)),
    "istarlet 1-d": lambda a: atrous.istarlet(a[0]),
    "istarlet generation": lambda a: atrous.istarlet(a, generation=3),
    "correlate1d mode": lambda a: atrous.correlate1d(a, [1.0, 2.0], mode="bogus"),
    "correlate1d weights": lambda a: atrous.correlate1d(a, [[1.0, 2.0]]),
    "correlate1d complex weights": lambda a: atrous.correlate1d(a, [1j, 2.0]),
    "correlate1d dilation": lambda a: atrous.correlate1d(a, [1.0, 2.0], dilation=0),
    "correlate1d origin": lambda a: atrous.correlate1d(a, [1.0, 2.0, 3.0], origin=2),
    "convolve1d causal origin": lambda a: atrous.convolve1d(a, [1.0, 2.0], causal=True,
                                                            origin=1),
    "correlate1d axis": lambda a: atrous.correlate1d(a, [1.0], axis=-3),
    "correlate1d cval": lambda a: atrous.correlate1d(a, [1.0], mode="constant", cval="x"),
    "correlate weights ndim": lambda a: atrous.correlate(a, [1.0, 2.0]),
    "convolve origin": lambda a: atrous.convolve(a, np.ones((2, 2)), origin=(0, 3)),
    "correlate modes": lambda a: atrous.correlate(a, np.ones((2, 2)), mode=["reflect"] * 3),
    "correlate dilation": lambda a: atrous.correlate(a, np.ones((2, 2)), dilation=(1, 0)),
    "denoise method": lambda a: atrous.denoise(a, "db2", 1, method="bogus"),
    "denoise threshold mode": lambda a: atrous.denoise(a, "db2", 1, threshold_mode="bogus"),
    "denoise sigma": lambda a: atrous.denoise(a, "db2", 1, sigma=-1.0),
    "denoise wavelet": lambda a: atrous.denoise(a, "db99x", 1, sigma=1.0),
    "denoise mode": lambda a: atrous.denoise(a, "db2", 1, sigma=1.0, mode="bogus"),
    "starlet_denoise k": lambda a: atrous.starlet_denoise(a, 2, k=[1.0, 2.0, 3.0]),
    "starlet_denoise threshold": lambda a: atrous.starlet_denoise(a, 2,
                                                                  threshold_mode="garrote"),
    "starlet_denoise iterations": lambda a: atrous.starlet_denoise(a, 2, iterations=0),
    "starlet_denoise sigma": lambda a: atrous.starlet_denoise(a, 2, sigma=-1.0),
    "estimate_noise channel axis": lambda a: atrous.estimate_noise(a, channel_axis=2),
    "estimate_noise axes": lambda a: atrous.estimate_noise(a, axes=(1, 1)),
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_errors_are_eager_and_numpys(name, rng):
    x = rng.standard_normal((4, 32))
    call = ERRORS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(Exception) as numpy_error:
            call(x)
        with pytest.raises(Exception) as dask_error:
            call(da.from_array(x, chunks=(4, 16)))  # no compute: the call itself raises
    assert type(dask_error.value) is type(numpy_error.value), (
        f"NumPy: {numpy_error.value!r}; Dask: {dask_error.value!r}")


@pytest.mark.parametrize("public", [atrous.swt2, atrous.mra2])
def test_image_functions_refuse_a_signal_as_numpy_does(public, rng):
    x = rng.standard_normal(32)
    with pytest.raises(ValueError) as numpy_error:
        public(x, "db2", 1)
    with pytest.raises(ValueError) as dask_error:
        public(da.from_array(x, chunks=16), "db2", 1)
    assert type(dask_error.value) is type(numpy_error.value), (
        f"NumPy: {numpy_error.value!r}; Dask: {dask_error.value!r}")


@pytest.mark.parametrize("public", [atrous.swt, atrous.mra])
def test_default_level_of_an_odd_length_is_an_eager_error(public):
    x = np.arange(63.0)
    for data in (x, da.from_array(x, chunks=21)):
        with pytest.warns(UserWarning, match="multiple of 2"):
            with pytest.raises(ValueError, match="odd"):
                public(data, "db2")


def test_norm_warning_with_a_biorthogonal_wavelet_is_given_once_at_the_call(rng):
    x = rng.standard_normal(64)
    with pytest.warns(UserWarning, match="not orthogonal") as record:
        result = atrous.swt(da.from_array(x, chunks=32), "bior2.2", level=2, norm=True)
    assert len(record) == 1
    with pytest.warns(UserWarning, match="not orthogonal"):
        want = atrous.swt(x, "bior2.2", level=2, norm=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check(result, want, ((32, 32),))
