"""Hostile input for the engine and the filtering layers (issue 12, items 3, 7-10, 12-14, 17).

Read-only and memory-mapped input, scratch memory along a short leading axis (under an
address-space limit, in a subprocess), Ctrl-C during a long launch (in a subprocess), the
channel-mixing convolutions with huge dilations and strides, and scipy's output rules.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time

import numba
import numpy as np
import pytest
import scipy.ndimage

import atrous
from atrous._engine import filter_along_axis, tap_offsets
from atrous._kernels import boundary

from . import naive, naive_conv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_python(code, timeout=300):
    """Run ``code`` in a fresh interpreter at the repository root; return the process."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


# ---------------------------------------------------------------- item 3: read-only input

def read_only(array):
    array = np.array(array)
    array.flags.writeable = False
    return array


def memmap(array, tmp_path, name):
    """A read-only np.memmap of ``array``."""
    path = tmp_path / f"{name}.bin"
    array = np.ascontiguousarray(array)
    array.tofile(path)
    return np.memmap(path, dtype=array.dtype, mode="r", shape=array.shape)


def loaded(array, tmp_path, name):
    """``array`` saved and memory-mapped back by np.load(mmap_mode='r')."""
    path = tmp_path / f"{name}.npy"
    np.save(path, array)
    return np.load(path, mmap_mode="r")


FREEZERS = {
    "writeable=False": lambda array, tmp_path, name: read_only(array),
    "np.memmap(mode='r')": memmap,
    "np.load(mmap_mode='r')": loaded,
}


def freeze_tree(tree, freezer, tmp_path, prefix="c"):
    """Every array of a nested list/tuple/dict structure made read-only by ``freezer``."""
    counter = iter(range(10**6))

    def walk(node):
        if isinstance(node, np.ndarray):
            return freezer(node, tmp_path, f"{prefix}{next(counter)}")
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, (list, tuple)):
            return type(node)(walk(value) for value in node)
        return node

    return walk(tree)


@pytest.mark.parametrize("freezer", sorted(FREEZERS))
def test_read_only_coefficients_invert_exactly(freezer, tmp_path, rng):
    """iswt/iswt2/iswtn (several levels) reconstruct from read-only coefficients."""
    freeze = FREEZERS[freezer]
    x = rng.standard_normal(64)
    coeffs = freeze_tree(atrous.swt(x, "db2", level=3), freeze, tmp_path, "a")
    np.testing.assert_allclose(atrous.iswt(coeffs, "db2"), x, atol=1e-12)
    image = rng.standard_normal((16, 16))
    coeffs = freeze_tree(atrous.swt2(image, "db2", level=2), freeze, tmp_path, "b")
    np.testing.assert_allclose(atrous.iswt2(coeffs, "db2"), image, atol=1e-12)
    volume = rng.standard_normal((8, 8, 8))
    coeffs = freeze_tree(atrous.swtn(volume, "haar", level=2), freeze, tmp_path, "c")
    np.testing.assert_allclose(atrous.iswtn(coeffs, "haar"), volume, atol=1e-12)


@pytest.mark.parametrize("freezer", sorted(FREEZERS))
def test_read_only_modwt_and_mra_invert_exactly(freezer, tmp_path, rng):
    freeze = FREEZERS[freezer]
    x = rng.standard_normal(50)
    w = freeze(atrous.modwt(x, "db2", level=3), tmp_path, "w")
    np.testing.assert_allclose(atrous.imodwt(w, "db2"), x, atol=1e-12)
    np.testing.assert_allclose(atrous.modwtmra(w, "db2").sum(axis=0), x, atol=1e-12)
    components = freeze(atrous.mra(x, "db2", level=3), tmp_path, "m")
    np.testing.assert_allclose(atrous.imra(components), x, atol=1e-12)
    frozen_x = freeze(x, tmp_path, "x")
    np.testing.assert_allclose(np.sum(atrous.mra(frozen_x, "db2", level=3), axis=0), x,
                               atol=1e-12)
    np.testing.assert_allclose(atrous.imodwt(atrous.modwt(frozen_x, "db2", level=3), "db2"),
                               x, atol=1e-12)


@pytest.mark.parametrize("freezer", sorted(FREEZERS))
def test_read_only_input_filters_like_scipy(freezer, tmp_path, rng):
    x = rng.standard_normal((5, 40))
    frozen = FREEZERS[freezer](x, tmp_path, "x")
    for axis in (0, 1):
        np.testing.assert_allclose(atrous.correlate1d(frozen, [1.0, -2.0, 0.5], axis=axis),
                                   scipy.ndimage.correlate1d(x, [1.0, -2.0, 0.5], axis=axis),
                                   atol=1e-12)


def test_read_only_output_raises_scipys_value_error(rng):
    x = rng.standard_normal(20)
    output = read_only(np.zeros(20))
    with pytest.raises(ValueError, match="read-only"):
        scipy.ndimage.correlate1d(x, [1.0, 2.0], output=output)
    for function in (atrous.correlate1d, atrous.convolve1d):
        with pytest.raises(ValueError, match="read-only.*`output`"):
            function(x, [1.0, 2.0], dilation=3, output=output)
    with pytest.raises(ValueError, match="read-only.*`output`"):
        atrous.correlate(x, [1.0, 2.0], output=output)
    assert not output.any()


def test_engine_mixes_read_only_and_writeable_inputs(rng):
    """One signature for every input: a read-only and a writeable input in one synthesis."""
    inputs = [rng.standard_normal((3, 30)), read_only(rng.standard_normal((3, 30)))]
    weights = rng.standard_normal((1, 2, 4))
    offsets = tap_offsets(4, 2, -3)
    out = [np.empty((3, 30))]
    filter_along_axis(inputs, weights, offsets, boundary.SYMMETRIC, 1, out)
    want = naive.filter_bank(inputs, weights, offsets, "symmetric", 1)
    np.testing.assert_allclose(out[0], want[0], atol=1e-12)
    assert inputs[0].flags.writeable


# ------------------------------------------------- item 7: scratch along a short leading axis

def fused_wrap_reference(x, weights, offsets, axis):
    """The kernel's own order of summation at mode 'wrap', in NumPy: taps four at a time
    (``((w0 x0 + w1 x1) + w2 x2) + w3 x3`` added to the sum), then one at a time."""
    moved = np.moveaxis(x, axis, 0)
    n = moved.shape[0]
    shifted = [np.take(moved, (np.arange(n) + o) % n, axis=0) for o in offsets]
    outputs = []
    for row in weights[:, 0]:
        acc = np.zeros(moved.shape)
        k = 0
        while k + 4 <= len(offsets):
            acc += (row[k] * shifted[k] + row[k + 1] * shifted[k + 1]
                    + row[k + 2] * shifted[k + 2] + row[k + 3] * shifted[k + 3])
            k += 4
        for j in range(k, len(offsets)):
            acc += row[j] * shifted[j]
        outputs.append(np.moveaxis(acc, 0, axis))
    return outputs


@pytest.mark.parametrize(("shape", "axis"), [((3, 5, 4100), 1), ((4, 2 * 2048 + 17), 0),
                                             ((2, 6, 3, 1500), 1), ((2, 9000), 0)])
def test_long_inner_axis_is_tiled_without_changing_a_bit(shape, axis, rng):
    x = rng.standard_normal(shape)
    weights = rng.standard_normal((2, 1, 7))
    offsets = tap_offsets(7, 2, -6)
    outputs = [np.empty(shape) for _ in range(2)]
    filter_along_axis([x], weights, offsets, boundary.WRAP, axis, outputs)
    for got, want in zip(outputs, fused_wrap_reference(x, weights, offsets, axis)):
        np.testing.assert_array_equal(got, want)


def extend_along(x, axis, left, right, mode):
    """naive.extend along one axis of an n-d array."""
    return np.apply_along_axis(naive.extend, axis, x, left, right, mode)


@pytest.mark.parametrize("mode", ["symmetric", "reflect", "edge", "zero", "antisymmetric",
                                  "antireflect", "smooth"])
def test_long_inner_axis_matches_naive_at_every_mode(mode, rng):
    x = rng.standard_normal((9, 2 * 2048 + 5))
    weights = rng.standard_normal((3, 1, 5))
    offsets = tap_offsets(5, 3, -7)
    outputs = [np.empty_like(x) for _ in range(3)]
    filter_along_axis([x], weights, offsets, getattr(boundary, mode.upper()), 0, outputs)
    left, right = max(0, -min(offsets)), max(0, max(offsets))
    extended = extend_along(x, 0, left, right, mode)
    for f, got in enumerate(outputs):
        want = sum(weights[f, 0, k] * extended[left + o:left + o + 9] for k, o in
                   enumerate(offsets))
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("mode", ["symmetric", "smooth", "zero"])
def test_tiled_results_do_not_depend_on_thread_count(mode, rng):
    x = rng.standard_normal((7, 3, 5000)).astype(np.float32)
    weights = rng.standard_normal((2, 1, 9))
    offsets = tap_offsets(9, 3, -12)
    previous = numba.get_num_threads()
    results = []
    try:
        for threads in sorted({1, 2, previous}):
            numba.set_num_threads(threads)
            outputs = [np.empty_like(x) for _ in range(2)]
            filter_along_axis([x], weights, offsets, getattr(boundary, mode.upper()), 0,
                              outputs)
            results.append(outputs)
    finally:
        numba.set_num_threads(previous)
    for other in results[1:]:
        for a, b in zip(results[0], other):
            np.testing.assert_array_equal(a, b)


def test_short_leading_axis_scratch_is_bounded():
    """swt along axis 0 of a (4, 2**22) float32 array within 48 MiB beyond its data.

    Before, every parallel task took float64 sums the size of the trailing axis: 64 MiB per
    thread here. Run under an address-space limit, in a subprocess.
    """
    process = run_python("""
        import resource, numpy as np, atrous
        x = np.ones((4, 2**22), np.float32)
        atrous.swt(x[:, :4096], 'db4', level=1, axis=0)     # compile / load, start threads
        with open('/proc/self/status') as status:
            vm = [int(line.split()[1]) * 1024 for line in status if line.startswith('VmSize')][0]
        outputs = 2 * x.nbytes
        limit = vm + outputs + 48 * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        (cA, cD), = atrous.swt(x, 'db4', level=1, axis=0)
        w = np.asarray(__import__('pywt').Wavelet('db4').dec_lo)
        assert np.allclose(cA[:, :5], np.sum(w) * np.ones((4, 5)))
        print('ok')
    """)
    assert process.returncode == 0, process.stderr[-2000:]
    assert process.stdout.strip() == "ok"


# ------------------------------------------------------------- item 8: Ctrl-C during a launch

def test_ctrl_c_stops_a_long_correlation_within_seconds():
    """A correlate1d of 2**25 samples with 20,000 taps (one launch of about a minute of CPU
    before) must honour SIGINT within seconds, even on a loaded machine."""
    code = textwrap.dedent("""
        import sys, numpy as np, atrous
        x = np.ones(2**25, np.float32)
        weights = np.ones(20000)
        atrous.correlate1d(x[:100], weights)            # compile / load the kernel
        print('started', flush=True)
        try:
            atrous.correlate1d(x, weights)
        except KeyboardInterrupt:
            print('interrupted', flush=True)
            sys.exit(3)
        print('finished', flush=True)
    """)
    with subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout.readline().strip() == "started"
            time.sleep(1.0)
            process.send_signal(signal.SIGINT)
            sent = time.monotonic()
            out, err = process.communicate(timeout=15)
            elapsed = time.monotonic() - sent
        except subprocess.TimeoutExpired:
            pytest.fail("correlate1d ignored Ctrl-C for more than 15 s")
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert process.returncode == 3, (out, err[-2000:])
    assert out.strip() == "interrupted"
    assert elapsed < 15


@pytest.mark.parametrize("mode", sorted(naive.PAD_MODES) + sorted(naive.PYWT_MODES))
@pytest.mark.parametrize(("shape", "axis"), [((300,), 0), ((4, 50, 3), 1), ((5, 60), 0)])
def test_many_small_chunks_give_the_same_bits(mode, shape, axis, rng, monkeypatch):
    """Work split into chunks of a few tasks (as long filters are, for Ctrl-C, and every
    call is, for the threads) gives the result of one chunk, bit for bit, and the naive
    one. (With this budget a tile holds at most 22 samples: the rows of 60 along axis 0 are
    cut into parts.)"""
    import atrous._engine as engine

    x = rng.standard_normal(shape)
    weights = rng.standard_normal((2, 1, 6))
    offsets = tap_offsets(6, 5, -13)
    code = getattr(boundary, mode.upper())
    whole = [np.empty_like(x) for _ in range(2)]
    filter_along_axis([x], weights, offsets, code, axis, whole)
    planned = []
    original = engine._plan
    monkeypatch.setattr(engine, "_CHUNK_WORK", 5000)
    monkeypatch.setattr(engine, "_SERIAL_WORK", 100)
    monkeypatch.setattr(engine, "_plan", lambda *args: planned.append(original(*args))
                        or planned[-1])
    split = [np.empty_like(x) for _ in range(2)]
    filter_along_axis([x], weights, offsets, code, axis, split)
    tiling, chunks = planned[0]
    assert len(chunks) > 3 and tiling[0] * tiling[1] <= 22
    assert chunks[0][0] == 0
    assert [first for first, _ in chunks[1:]] == [last for _, last in chunks[:-1]]
    for a, b, c in zip(whole, split, naive.filter_bank([x], weights, offsets, mode, axis)):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_allclose(a, c, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("mode", sorted(naive.PAD_MODES) + sorted(naive.PYWT_MODES))
@pytest.mark.parametrize("n", [1, 2, 3, 7, 50])
@pytest.mark.parametrize("n_out", [1, 13, 160])
def test_launch_plan_counts_the_kernels_run_ends(mode, n, n_out):
    """The planner's estimate of where segments start is the kernel's own, from
    boundary.extension_run (run in Python)."""
    from atrous._engine import _run_ends, reduce_offsets

    code = getattr(boundary, mode.upper())
    offsets = reduce_offsets(tap_offsets(5, 3, -7), n, code, n_out)
    rows_per_block = 4
    want = np.zeros(-(-n_out // rows_per_block))
    for offset in offsets:
        row = 0
        while row < n_out:
            row += boundary.extension_run.py_func(row + int(offset), n, code)[3]
            if row < n_out:
                want[row // rows_per_block] += 1
    got = _run_ends(offsets, code, n, n_out, rows_per_block, len(want))
    np.testing.assert_array_equal(got, want)


# ------------------------------------ items 12 and 14: scipy's rules for `output` and `cval`

def _outcome(function, *args, **kwargs):
    """``('raises', type)``, or ``('returns', dtype, values, warning categories)``."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - the type is what is compared
            return ("raises", type(error))
    return ("returns", result.dtype, result, sorted({w.category.__name__ for w in caught}))


REAL = np.arange(12.0)
COMPLEX = REAL + 1j * REAL[::-1]
OUTPUT_CASES = {
    "real input, output='U3'": (REAL, {"output": "U3"}),
    "real input, output=object": (REAL, {"output": object}),
    "real input, output='datetime64[s]'": (REAL, {"output": "datetime64[s]"}),
    "real input, output array of U3": (REAL, {"output": np.empty(12, "U3")}),
    "real input, cval=1j": (REAL, {"mode": "constant", "cval": 1j}),
    "real input, complex output, cval=1j": (REAL, {"mode": "constant", "cval": 1j,
                                                   "output": np.complex128}),
    "complex input, output=np.float64": (COMPLEX, {"output": np.float64}),
    "complex input, output=np.dtype('f4')": (COMPLEX, {"output": np.dtype("f4")}),
    "complex input, output=int": (COMPLEX, {"output": int}),
    "complex input, output='float64'": (COMPLEX, {"output": "float64"}),
    "complex input, output float64 array": (COMPLEX, {"output": np.empty(12)}),
    "complex input, cval=1j": (COMPLEX, {"mode": "constant", "cval": 1 + 2j}),
    "real input, output=bool": (REAL, {"output": bool}),
}


@pytest.mark.parametrize("case", sorted(OUTPUT_CASES))
def test_output_and_cval_follow_scipy(case):
    """Raise where scipy raises (same type), promote where it promotes; never drop the
    imaginary part or return strings."""
    data, kwargs = OUTPUT_CASES[case]
    want = _outcome(scipy.ndimage.correlate1d, data, [1.0, -2.0, 0.5], **kwargs)
    got = _outcome(atrous.correlate1d, data, [1.0, -2.0, 0.5], **kwargs)
    assert got[0] == want[0], (got, want)
    if want[0] == "raises":
        assert issubclass(got[1], want[1]), (got, want)
    else:
        assert got[1] == want[1]
        np.testing.assert_allclose(got[2], want[2], atol=1e-12)
        assert got[3] == want[3]


# --------------------------------------------- item 17: the NaN footprint, and its docs

def stuffed(weights, dilation):
    kernel = np.zeros((len(weights) - 1) * dilation + 1)
    kernel[::dilation] = weights
    return kernel


@pytest.mark.parametrize("function", ["correlate1d", "convolve1d"])
@pytest.mark.parametrize(("dilation", "position"), [(4, 10), (3, 0), (7, 19)])
def test_nan_reaches_the_outputs_whose_taps_read_it(function, dilation, position):
    """Equal to scipy on finite data; a NaN marks exactly the outputs whose taps read it
    (scipy's zero-stuffed kernel marks the whole span), as the docs say."""
    weights = np.array([1.0, 0.0, -2.0])
    x = np.arange(20.0)
    finite = getattr(atrous, function)(x, weights, dilation=dilation, mode="wrap")
    want = getattr(scipy.ndimage, function)(x, stuffed(weights, dilation), mode="wrap")
    np.testing.assert_allclose(finite, want, atol=1e-12)
    x[position] = np.nan
    got = np.isnan(getattr(atrous, function)(x, weights, dilation=dilation, mode="wrap"))
    indicator = (np.arange(20) == position).astype(float)
    taps = getattr(scipy.ndimage, function)(indicator, stuffed(np.ones(3), dilation),
                                            mode="wrap") > 0
    span = getattr(scipy.ndimage, function)(indicator, np.ones((3 - 1) * dilation + 1),
                                            mode="wrap") > 0
    np.testing.assert_array_equal(got, taps)
    assert taps.sum() < span.sum() == np.isnan(getattr(scipy.ndimage, function)(
        x, stuffed(weights, dilation), mode="wrap")).sum()


@pytest.mark.parametrize("function", ["correlate1d", "convolve1d", "correlate", "convolve"])
def test_docs_state_the_nan_exception_to_scipy_equality(function):
    doc = getattr(atrous, function).__doc__
    assert "finite data" in doc
    with open(os.path.join(ROOT, "docs", "convolution.md"), encoding="utf-8") as file:
        page = file.read()
    assert "holds for finite data" in page and "has 2 NaN outputs" in page


# ------------------------------- items 9, 10, 13: conv1d/conv2d, huge dilations and strides

PADDING_MODES = ["zeros", "reflect", "replicate", "circular"]


def equivalent_dilation(dilation, length, padding_mode):
    """A dilation of at most a few lengths that reads the same samples as ``dilation`` under
    'same' padding (K = 3: taps at -d, 0, +d): beyond the input, zeros and replicate are
    constant; circular repeats every ``length``, reflect every ``2 length - 2``."""
    if padding_mode in ("zeros", "replicate"):
        return length + 3
    period = length if padding_mode == "circular" else 2 * length - 2
    return dilation % period + period


@pytest.mark.parametrize("padding_mode", PADDING_MODES)
@pytest.mark.parametrize("dilation", [2**40, 2**62, 2**70 + 3])
@pytest.mark.parametrize("groups", [1, 2])
def test_conv1d_huge_dilation_same_padding(padding_mode, dilation, groups, rng):
    """Channel mixing (groups=1) asked for 32 TiB of padding at 2**40 and failed on
    np.pad at 2**62; the depthwise path (groups=2) always worked."""
    x = rng.standard_normal((2, 2, 40))
    w = rng.standard_normal((4, 2 // groups, 3))
    b = rng.standard_normal(4)
    got = atrous.conv1d(x, w, b, padding="same", dilation=dilation, groups=groups,
                        padding_mode=padding_mode)
    small = equivalent_dilation(dilation, 40, padding_mode)
    want = naive_conv.conv(x, w, b, [1], [(small, small)], [small], groups, padding_mode)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("padding_mode", PADDING_MODES)
def test_conv2d_huge_dilation_same_padding(padding_mode, rng):
    x = rng.standard_normal((1, 2, 9, 10))
    w = rng.standard_normal((3, 2, 3, 3))
    got = atrous.conv2d(x, w, padding="same", dilation=(2**40, 3), padding_mode=padding_mode)
    small = equivalent_dilation(2**40, 9, padding_mode)
    want = naive_conv.conv(x, w, None, [1, 1], [(small, small), (3, 3)], [small, 3], 1,
                           padding_mode)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_huge_dilation_layers_stay_small_in_memory():
    """Under an address-space limit: the padded copy of a (1, 2, 40) input at dilation 2**27
    was 4 GiB, of a 20 x 20 image at dilation 2**14 was 16 GiB."""
    process = run_python("""
        import resource, numpy as np, atrous
        x = np.ones((1, 2, 40)); w = np.ones((3, 2, 3))
        image = np.ones((1, 2, 20, 20)); kernel = np.ones((3, 2, 3, 3))
        atrous.conv1d(x, w, padding='same', dilation=5)          # load everything first
        atrous.conv2d(image, kernel, padding='same', dilation=5)
        with open('/proc/self/status') as status:
            vm = [int(line.split()[1]) * 1024 for line in status if line.startswith('VmSize')][0]
        limit = vm + 256 * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        for mode in ('zeros', 'reflect', 'replicate', 'circular'):
            assert atrous.conv1d(x, w, padding='same', dilation=2**27,
                                 padding_mode=mode).shape == (1, 3, 40)
            assert atrous.conv1d(x, w, padding=2**27, dilation=2**27, stride=2**20,
                                 padding_mode=mode).shape == (1, 3, 1)
            assert atrous.conv2d(image, kernel, padding='same', dilation=2**14,
                                 padding_mode=mode).shape == (1, 3, 20, 20)
        print('ok')
    """)
    assert process.returncode == 0, process.stderr[-2000:]
    assert process.stdout.strip() == "ok"


STRIDED = [
    # (N, C_in, L), (C_out, groups), K, dilation, stride, padding
    ((2, 3, 300), (3, 3), 3, 4, 64, 5),
    ((1, 2, 257), (6, 2), 4, 3, 7, 9),
    ((2, 4, 200), (6, 2), 3, 5, 64, 0),
    ((1, 3, 130), (2, 1), 5, 2, 3, 40),
    ((1, 2, 50), (2, 2), 3, 100, 4, 101),   # each tap's window its own segment
    ((2, 3, 101), (6, 3), 3, 5, 2, 4),      # depthwise stride 2: in place, kept compactly
]


@pytest.mark.parametrize(("shape", "channels", "taps", "dilation", "stride", "padding"),
                         STRIDED)
@pytest.mark.parametrize("padding_mode", PADDING_MODES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_conv1d_stride_computes_only_the_kept_outputs(shape, channels, taps, dilation,
                                                      stride, padding, padding_mode, dtype,
                                                      rng):
    """The result equals the definition and owns compact memory: stride 64 used to return a
    view of the 64 times longer stride-1 result."""
    out_channels, groups = channels
    x = rng.standard_normal(shape).astype(dtype)
    w = rng.standard_normal((out_channels, shape[1] // groups, taps)).astype(dtype)
    got = atrous.conv1d(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups,
                        padding_mode=padding_mode)
    want = naive_conv.conv(x.astype(float), w.astype(float), None, [stride],
                           [(padding, padding)], [dilation], groups, padding_mode)
    assert got.shape == want.shape
    tolerance = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(got, want, rtol=tolerance, atol=tolerance)
    assert got.dtype == dtype
    owner = got
    while owner.base is not None:
        owner = owner.base
    assert owner.nbytes <= 2 * got.nbytes


@pytest.mark.parametrize("padding_mode", PADDING_MODES)
@pytest.mark.parametrize("groups", [1, 2])
def test_conv1d_huge_padding_dilation_and_stride(padding_mode, groups, rng):
    """padding = dilation = 2**27 with stride 2**20: one output, taps at -2**27, 0, 2**27."""
    x = rng.standard_normal((1, 2, 40))
    w = rng.standard_normal((4, 2 // groups, 3))
    got = atrous.conv1d(x, w, padding=2**27, dilation=2**27, stride=2**20, groups=groups,
                        padding_mode=padding_mode)
    small = equivalent_dilation(2**27, 40, padding_mode)
    want = naive_conv.conv(x, w, None, [40], [(small, small)], [small], groups, padding_mode)
    assert got.shape == want.shape == (1, 4, 1)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_conv1d_stride_does_not_compute_the_dropped_outputs(rng):
    """Stride 64 of a long signal costs about 1/64 of stride 1 (it computed all of them)."""
    x = rng.standard_normal((1, 8, 2**18))
    w = rng.standard_normal((8, 8, 3))

    def best(stride):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            atrous.conv1d(x, w, stride=stride, padding=2, dilation=2)
            times.append(time.perf_counter() - start)
        return min(times)

    best(64)
    assert best(64) < best(1) / 4


@pytest.mark.parametrize(("function", "kwargs", "error", "match"), [
    ("conv1d", {"dilation": 2.5}, TypeError, "`dilation` must be an integer"),
    ("conv1d", {"dilation": None}, TypeError, "`dilation` must be an int or a tuple"),
    ("conv1d", {"stride": 2.5}, TypeError, "`stride` must be an integer"),
    ("conv1d", {"stride": None}, TypeError, "`stride` must be an int or a tuple"),
    ("conv1d", {"padding": 2.5}, TypeError, "`padding` must be an integer"),
    ("conv1d", {"padding": None}, TypeError, "`padding` must be an int, a tuple"),
    ("conv1d", {"dilation": "2"}, TypeError, "`dilation` must be an int or a tuple"),
    ("conv1d", {"bias": "abc"}, TypeError, "`bias` must hold real numbers"),
    ("conv1d", {"bias": ["a", "b", "c"]}, TypeError, "`bias` must hold real numbers"),
    ("conv2d", {"dilation": 2.5}, TypeError, "`dilation` must be an integer"),
    ("conv2d", {"dilation": (1, None)}, TypeError, "`dilation` must be an integer"),
    ("conv2d", {"stride": None}, TypeError, "`stride` must be an int or a tuple"),
    ("conv2d", {"padding": None}, TypeError, "`padding` must be an int, a tuple"),
    ("conv2d", {"padding": (1, 2.5)}, TypeError, "`padding` must be an integer"),
    ("conv2d", {"bias": "abc"}, TypeError, "`bias` must hold real numbers"),
])
def test_conv_arguments_name_themselves(function, kwargs, error, match):
    spatial = (12,) if function == "conv1d" else (12, 12)
    arguments = {"input": np.ones((1, 2) + spatial),
                 "weight": np.ones((3, 2) + (3,) * len(spatial)), **kwargs}
    with pytest.raises(error, match=match):
        getattr(atrous, function)(**arguments)


@pytest.mark.parametrize(("function", "shape", "weight"), [
    ("conv1d", (0, 2, 12), (3, 2, 3)), ("conv2d", (0, 2, 6, 7), (3, 2, 3, 2)),
    ("conv1d", (2, 2, 12), (0, 2, 3)), ("conv2d", (2, 2, 6, 7), (0, 1, 3, 2)),
])
def test_conv_empty_batch_or_channels_like_the_definition(function, shape, weight):
    groups = 2 if weight[1] == 1 else 1
    got = getattr(atrous, function)(np.ones(shape), np.ones(weight), groups=groups, stride=2,
                                    padding=1)
    spatial = len(shape) - 2
    want = naive_conv.conv(np.ones(shape), np.ones(weight), None, [2] * spatial,
                           [(1, 1)] * spatial, [1] * spatial, groups, "zeros")
    assert got.shape == want.shape


# ------------------------------------------ item 14: imodwt of odd-length 'reflection' input

@pytest.mark.parametrize("function", ["imodwt", "modwtmra"])
@pytest.mark.parametrize(("shape", "axis"), [((13,), -1), ((13, 4), 0), ((3, 7), 1)])
def test_reflection_inverse_of_odd_length_coefficients_raises(function, shape, axis, rng):
    """Coefficients of odd length along the axis cannot come from modwt(boundary=
    'reflection') (2 N samples): imodwt returned 6 of 13 samples."""
    x = rng.standard_normal(shape)
    w = atrous.modwt(x, "haar", level=2, axis=axis)
    with pytest.raises(ValueError, match="`boundary`='reflection' needs coefficients of even"):
        getattr(atrous, function)(w, "haar", axis=axis, boundary="reflection")
    # The even-length coefficients of a reflection transform invert to the signal.
    w = atrous.modwt(x, "haar", level=2, axis=axis, boundary="reflection")
    np.testing.assert_allclose(atrous.imodwt(w, "haar", axis=axis, boundary="reflection"), x,
                               atol=1e-12)
    np.testing.assert_allclose(atrous.modwtmra(w, "haar", axis=axis,
                                               boundary="reflection").sum(axis=0), x,
                               atol=1e-12)
