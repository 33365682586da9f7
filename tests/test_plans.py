"""Plans remembered between calls (issue 22): a plan never serves a call it was not made for.

A call's plan (its validated arguments, filter banks, tap offsets, tiling and program) is
kept under a key of the data's shape, strides and dtype and every argument with its type
(``atrous._engine.plans``). These tests interleave calls that differ in one thing only, so
that each call finds the other's plan in the cache if the key were too coarse, and compare
every result with PyWavelets, scipy or a call made with an empty cache. They also run the
cheap path (a whole cascade in one compiled call) against the threaded one (a call per
step, its tasks shared by the engine's threads) bit for bit, and many Python threads at once.
"""

import threading
import warnings

import numpy as np
import pytest
import pywt
import scipy.ndimage

import atrous
from atrous import _engine

RNG = np.random.default_rng(20261206)


def fresh(function, *args, **kwargs):
    """``function(*args, **kwargs)`` with no plan remembered (built for this call)."""
    _engine.plans.clear()
    try:
        return function(*args, **kwargs)
    finally:
        _engine.plans.clear()


def same_tree(got, want, exact=True, rtol=1e-12):
    """The same nest of lists, tuples and dicts of arrays, equal bit for bit (``exact``) or to
    ``rtol``, with the same dtypes."""
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray) and got.dtype == want.dtype and got.shape == want.shape
        if exact:
            np.testing.assert_array_equal(got, want)
        else:
            np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * np.abs(want).max())
        return
    assert type(got) is type(want) and len(got) == len(want)
    if isinstance(want, dict):
        assert list(got) == list(want)
        got, want = list(got.values()), list(want.values())
    for a, b in zip(got, want):
        same_tree(a, b, exact, rtol)


# -- one thing differs: the plan of the other call must not serve it ------------------------

def layouts(shape):
    """Arrays of one shape and dtype but other strides: C, F, a strided view, a reversed view."""
    base = RNG.standard_normal(shape)
    wide = RNG.standard_normal(shape[:-1] + (2 * shape[-1],))
    return {"C": base, "F": np.asfortranarray(base), "strided": wide[..., ::2],
            "reversed": base[..., ::-1]}


@pytest.mark.parametrize("shape", [(8, 32), (32, 8)])
def test_the_same_shape_with_other_strides_gets_its_own_plan(shape):
    arrays = layouts(shape)
    for _ in range(2):  # the second round finds every plan in the cache
        for name, x in arrays.items():
            for axis in (0, 1):
                got = atrous.swt(x, "db2", level=2, axis=axis)
                want = pywt.swt(np.ascontiguousarray(x), "db2", level=2, axis=axis)
                same_tree(got, [tuple(pair) for pair in want], exact=False)
                # F-ordered input gives F-ordered output, whatever plan was made before.
                assert got[0][0].flags.f_contiguous == (name == "F")
            got = atrous.swtn(x, "haar", 1)
            same_tree(got, pywt.swtn(np.ascontiguousarray(x), "haar", 1), exact=False)
            got = atrous.correlate1d(x, [1.0, -2.0, 0.5], dilation=3, axis=0)
            stuffed = [1.0, 0, 0, -2.0, 0, 0, 0.5]
            same_tree(got, scipy.ndimage.correlate1d(x, stuffed, axis=0), exact=False)


def test_other_dtypes_get_their_own_plan():
    x = RNG.standard_normal(64)
    for _ in range(2):
        for dtype in (np.float64, np.float32, np.complex128, np.complex64, np.int64):
            data = (x + 1j * x[::-1] if np.dtype(dtype).kind == "c" else x * 10).astype(dtype)
            got = atrous.swt(data, "sym3", level=3)
            want = pywt.swt(data, "sym3", level=3)
            same_tree(got, [tuple(pair) for pair in want], exact=False, rtol=1e-5)
            same_tree(got, fresh(atrous.swt, data, "sym3", level=3))


def test_other_shapes_and_lengths_get_their_own_plan():
    for _ in range(2):
        for n in (16, 17, 32, 48):
            x = np.arange(n, dtype=float) ** 1.5
            got = atrous.swt(x, "db2", level=2)
            same_tree(got, fresh(atrous.swt, x, "db2", level=2))
            np.testing.assert_allclose(atrous.iswt(got, "db2"), x, atol=1e-12)
            assert got[0][0].shape == (n,)
        for shape in ((4, 16), (16, 4), (2, 4, 8)):
            x = RNG.standard_normal(shape)
            same_tree(atrous.swtn(x, "db1", 1), pywt.swtn(x, "db1", 1), exact=False)


@pytest.mark.parametrize(("first", "second"), [
    ({"level": 2}, {"level": 3}),
    ({"level": 2}, {"level": 2, "start_level": 1}),
    ({"level": 2}, {"level": 2, "trim_approx": True}),
    ({"level": 2}, {"level": 2, "norm": True}),
    ({"level": 2}, {"level": 2, "mode": "symmetric"}),
    ({"level": 2}, {"level": 2, "axis": 0}),
    ({"level": 1}, {"level": True}),
    ({"level": 2}, {"level": 2.0}),
    ({"level": 2}, {"level": np.int64(2)}),
])
def test_other_arguments_get_their_own_plan(first, second):
    x = RNG.standard_normal((16, 16))
    want_first = fresh(atrous.swt, x, "db2", **first)
    want_second = fresh(atrous.swt, x, "db2", **second)
    for _ in range(2):
        same_tree(atrous.swt(x, "db2", **first), want_first)
        same_tree(atrous.swt(x, "db2", **second), want_second)


def test_a_refused_argument_is_refused_after_an_accepted_one_of_equal_value():
    x = RNG.standard_normal(32)
    atrous.swt(x, "db2", level=2)  # level=2 planned; 2.5 hashes apart, but "2" or 2.5 ...
    with pytest.raises(TypeError, match="`level` must be an integer"):
        atrous.swt(x, "db2", level=2.5)
    atrous.correlate1d(x, [1.0, 2.0])
    with pytest.raises(RuntimeError, match="boundary mode not supported"):
        atrous.correlate1d(x, [1.0, 2.0], mode="reflect ")


def test_wavelets_of_one_name_and_other_filters_get_their_own_plan():
    x = RNG.standard_normal(32)
    one = pywt.Wavelet("mine", filter_bank=pywt.Wavelet("db2").filter_bank)
    other = pywt.Wavelet("mine", filter_bank=pywt.Wavelet("sym2").filter_bank[::-1])
    for _ in range(2):
        for wavelet in (one, other, "db2", pywt.Wavelet("db2")):
            got = atrous.swt(x, wavelet, level=2)
            same_tree(got, [tuple(p) for p in pywt.swt(x, wavelet, level=2)], exact=False)


def test_filter_banks_given_as_sequences_and_filter_weights_as_arrays():
    x = RNG.standard_normal(32)
    bank = [list(f) for f in pywt.Wavelet("db3").filter_bank]
    for _ in range(2):
        same_tree(atrous.swt(x, bank, level=2), fresh(atrous.swt, x, "db3", level=2),
                  exact=False)
        for weights in (np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 4.0]), [1.0, 2.0, 3.0],
                        (1, 2, 3), np.array([1.0, 2.0, 3.0], np.float32)):
            got = atrous.correlate1d(x, weights, dilation=2)
            stuffed = np.zeros(5)
            stuffed[::2] = weights
            np.testing.assert_allclose(got, scipy.ndimage.correlate1d(x, stuffed), rtol=1e-12)


def test_a_warning_is_given_every_time():
    x = RNG.standard_normal(32)
    for _ in range(3):
        with pytest.warns(UserWarning, match="not orthogonal"):
            atrous.swt(x, "bior2.2", level=2, norm=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        atrous.swt(x, "db2", level=2, norm=True)


def test_the_orthogonal_flag_of_a_wavelet_object_is_part_of_its_key():
    x = RNG.standard_normal(32)
    wavelet = pywt.Wavelet("db2")
    atrous.swt(x, wavelet, level=1, norm=True)
    wavelet.orthogonal = False
    with pytest.warns(UserWarning, match="not orthogonal"):
        atrous.swt(x, wavelet, level=1, norm=True)


def test_inverses_plan_by_every_coefficient_array():
    x = RNG.standard_normal((8, 16))
    coeffs = atrous.swt(x, "db2", level=3)
    mixed = [(a, d.astype(np.float32)) for a, d in coeffs]
    fortran = [(np.asfortranarray(a), np.asfortranarray(d)) for a, d in coeffs]
    trimmed = atrous.swt(x, "db2", level=3, trim_approx=True)
    for _ in range(2):
        for case in (coeffs, mixed, fortran, trimmed):
            got = atrous.iswt(case, "db2")
            same_tree(got, fresh(atrous.iswt, case, "db2"))
            want = pywt.iswt([tuple(p) for p in case] if isinstance(case[0], tuple) else case,
                             "db2")
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
        nd = atrous.swtn(x, "db1", 2)
        np.testing.assert_allclose(atrous.iswtn(nd, "db1"), x)
        np.testing.assert_allclose(atrous.iswtn(nd[::-1][:1], "db1"),
                                   pywt.iswtn(nd[::-1][:1], "db1"))


def test_the_cache_is_bounded():
    size = _engine.plans.size
    for n in range(8, 8 + size + 20):
        atrous.swt(np.ones(n), "haar", level=1)
    assert len(_engine.plans) <= size


# -- the same bits whichever way a program runs -----------------------------------------------

CALLS = {
    "swt": lambda x: atrous.swt(x, "db4", level=4),
    "swt symmetric": lambda x: atrous.swt(x, "db4", level=3, mode="symmetric"),
    "iswt": lambda x: atrous.iswt(atrous.swt(x, "sym4", level=3), "sym4"),
    "iswt symmetric": lambda x: atrous.iswt(atrous.swt(x, "sym4", level=3, mode="symmetric"),
                                            "sym4", mode="symmetric"),
    "swtn": lambda x: atrous.swtn(x.reshape(32, -1), "db2", 2),
    "iswt2": lambda x: atrous.iswt2(atrous.swt2(x.reshape(32, -1), "db2", 2), "db2"),
    "mra": lambda x: atrous.mra(x, "db3", level=3),
    "modwt": lambda x: atrous.modwt(x, "la8", level=4),
    "imodwt": lambda x: atrous.imodwt(atrous.modwt(x, "la8", level=4), "la8"),
    "modwtmra": lambda x: atrous.modwtmra(atrous.modwt(x, "haar", level=3), "haar"),
    "modwpt": lambda x: atrous.modwpt(x, "la8", level=3),
    "imodwpt": lambda x: atrous.imodwpt(atrous.modwpt(x, "la8", level=3), "la8"),
    "starlet": lambda x: atrous.starlet(x.reshape(32, -1), 3, generation=2),
    "istarlet": lambda x: atrous.istarlet(atrous.starlet(x, 3, generation=2), generation=2),
    "correlate1d": lambda x: atrous.correlate1d(x, [1.0, -1.0, 0.5], dilation=5),
    "conv1d": lambda x: atrous.conv1d(x.reshape(2, 2, -1), np.ones((2, 1, 3)), groups=2,
                                      padding="same", dilation=3),
    "denoise": lambda x: atrous.denoise(x, "db2", level=3),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_one_compiled_call_and_the_threaded_steps_give_the_same_bits(name, monkeypatch):
    x = RNG.standard_normal(4096)
    small = fresh(CALLS[name], x)
    monkeypatch.setattr(_engine, "_SERIAL_WORK", 1)  # every step on the threads, chunked
    monkeypatch.setattr(_engine, "_SMALLEST_CHUNK", 64)
    threaded = fresh(CALLS[name], x)
    same_tree(threaded, small)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_many_threads_at_once_get_the_results_of_one(name):
    inputs = [RNG.standard_normal(4096 if k % 2 else 2048) for k in range(6)]
    inputs += [inputs[0].astype(np.float32), inputs[1][::-1]]
    wants = [fresh(CALLS[name], x) for x in inputs]
    errors = []
    start = threading.Barrier(4)

    def work(offset):
        try:
            start.wait()
            for round_ in range(6):
                for k in range(len(inputs)):
                    index = (k + offset + round_) % len(inputs)
                    same_tree(CALLS[name](inputs[index]), wants[index])
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=work, args=(offset,)) for offset in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[0]


@pytest.mark.parametrize("mode", ["periodization", "symmetric", "zero"])
def test_inverses_of_more_levels_than_the_kernel_has_slots(mode):
    """iswt of 9 levels passes 12 arrays (the approximation, the output, a scratch and a
    detail per level): those past the kernel's eight slots go by address."""
    x = RNG.standard_normal((2, 700))
    coeffs = atrous.swt(x, "db2", level=9, mode=mode)
    np.testing.assert_allclose(atrous.iswt(coeffs, "db2", mode=mode), x, atol=1e-10)
    nd = atrous.swtn(x, "haar", 3, axes=(1, 0), mode=mode)  # 3 levels x 3 details
    np.testing.assert_allclose(atrous.iswtn(nd, "haar", axes=(1, 0), mode=mode), x, atol=1e-10)


def test_weights_changed_in_place_between_calls_are_read_anew():
    """A plan keyed on weights' values keeps its own copy: a caller who changes an array in
    place and later restores its values gets the results of the values."""
    x = RNG.standard_normal((1, 2, 64))
    calls = {
        "depthwise": (RNG.standard_normal((4, 1, 3)), lambda w, b: atrous.conv1d(
            x, w, b, groups=2, dilation=2)),
        "dense": (RNG.standard_normal((4, 2, 3)), lambda w, b: atrous.conv1d(
            x, w, b, dilation=2)),
        "image": (RNG.standard_normal((4, 2, 2, 3)), lambda w, b: atrous.conv2d(
            x[:, :, None, :].repeat(5, axis=2), w, b)),
    }
    for weight, call in calls.values():
        bias = RNG.standard_normal(4)
        first = call(weight, bias)
        same_values = weight.copy(), bias.copy()
        weight *= 3.0  # the first call's arrays, changed after it
        bias += 1.0
        same_tree(call(*same_values), first)  # other arrays with the first call's values
        assert not np.allclose(call(weight, bias), first)
    weights = np.array([1.0, 2.0, 3.0])
    first = atrous.correlate1d(x[0, 0], weights, dilation=3)
    same_values = weights.copy()
    weights[0] = 7.0
    same_tree(atrous.correlate1d(x[0, 0], same_values, dilation=3), first)


@pytest.mark.parametrize("cval", [0.0, 2.5])
@pytest.mark.parametrize("mode", ["reflect", "constant", ("wrap", "nearest")])
def test_nd_correlations_keep_their_plan_per_weights_and_arguments(mode, cval):
    image = RNG.standard_normal((20, 17))
    scipy_mode = mode if isinstance(mode, str) else None
    for _ in range(2):
        for weights in (np.arange(6.0).reshape(2, 3), np.arange(6.0).reshape(3, 2) - 1,
                        [[1.0, 0.5], [0.25, -1.0]]):
            weights = np.asarray(weights)
            for dilation in (1, (2, 3)):
                got = atrous.correlate(image, weights, dilation=dilation, mode=mode, cval=cval)
                same_tree(got, fresh(atrous.correlate, image, weights, dilation=dilation,
                                     mode=mode, cval=cval))
                if scipy_mode is None:
                    continue
                steps = (dilation, dilation) if isinstance(dilation, int) else dilation
                stuffed = np.zeros([(k - 1) * d + 1 for k, d in zip(weights.shape, steps)])
                stuffed[::steps[0], ::steps[1]] = weights
                np.testing.assert_allclose(
                    got, scipy.ndimage.correlate(image, stuffed, mode=scipy_mode, cval=cval),
                    rtol=1e-12, atol=1e-12)
