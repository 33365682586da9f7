"""Hostile levels and dilations, and the drop-ins monkeypatched into PyWavelets (issue 12).

Runaway levels (``level=2**40``, ``start_level=2**40``) used to build a list of every
dilation, or a 2**level-bit integer per tap, until the process was killed. They are now
refused at once. A regression must fail these tests, not take the machine down: those cases
run in one subprocess under an address-space limit, each under an alarm, the whole under a
timeout.
"""


import numpy as np
import pytest
import pywt
from pywt.tests import test_mra as pywt_mra_tests

import atrous
import atrous.stream
from atrous._validation import MAX_LEVEL

from . import naive
from .bounded import run_bounded

# -- runaway levels, in a subprocess ------------------------------------------------------------

# name -> (call, the argument the message must name); x has 16 samples, image is 8 x 8.
RUNAWAY = {
    "swt level": ("atrous.swt(x, 'db2', level=2**40)", "level"),
    "swt level 1e5": ("atrous.swt(x, 'db2', level=1e5)", "level"),
    "swt start_level": ("atrous.swt(x, 'db2', level=2, start_level=2**40)", "start_level"),
    "swt trim_approx": ("atrous.swt(x, 'haar', level=2**40, trim_approx=True)", "level"),
    "swt2 level": ("atrous.swt2(image, 'db2', level=2**40)", "level"),
    "swt2 start_level": ("atrous.swt2(image, 'db2', 1, start_level=2**40)", "start_level"),
    "swtn level": ("atrous.swtn(image, 'db2', level=2**40)", "level"),
    "swtn start_level": ("atrous.swtn(image, 'db2', 0, start_level=2**40)", "start_level"),
    "mra level": ("atrous.mra(x, 'db2', level=2**40)", "level"),
    "mra2 level": ("atrous.mra2(image, 'db2', level=2**40)", "level"),
    "mran level": ("atrous.mran(image, 'db2', level=2**40)", "level"),
    "stream.SWT level": ("atrous.stream.SWT('db2', level=2**40)", "level"),
    "denoise level": ("atrous.denoise(image, level=2**40)", "level"),
    "modwt level": ("atrous.modwt(x, 'haar', level=2**40)", "level"),
    "starlet level": ("atrous.starlet(image, level=2**40)", "level"),
    "starlet_noise_levels": ("atrous.starlet_noise_levels(2**40)", "level"),
    "starlet_denoise level": ("atrous.starlet_denoise(image, 2**40)", "level"),
    "dask swt level": ("atrous.swt(lazy, 'db2', level=2**40)", "level"),
    "dask swt start_level": ("atrous.swt(lazy, 'db2', 1, start_level=2**40)", "start_level"),
    "dask mra level": ("atrous.mra(lazy, 'db2', level=2**40)", "level"),
    "dask swt2 level": ("atrous.swt2(lazy_image, 'db2', level=2**40)", "level"),
    "dask swtn level": ("atrous.swtn(lazy_image, 'db2', level=2**40)", "level"),
    "dask swtn start_level": ("atrous.swtn(lazy_image, 'db2', 1, start_level=2**40)",
                              "start_level"),
    "dilation_schedule base 1": ("atrous.dilation_schedule(10**12, base=1)", "receptive_field"),
    "dilation_schedule max_dilation": (
        "atrous.dilation_schedule(10**12, kernel_size=2, max_dilation=1)", "receptive_field"),
}

_SETUP = """
    import numpy as np, dask.array as da, atrous, atrous.stream
    x = np.arange(16.0)
    image = np.arange(64.0).reshape(8, 8)
    lazy = da.from_array(x, chunks=8)
    lazy_image = da.from_array(image, chunks=4)
"""


@pytest.fixture(scope="module")
def runaway_outcomes():
    calls = {name: (call, 10) for name, (call, _) in RUNAWAY.items()}
    return run_bounded(calls, _SETUP, 3 * 2**30)


@pytest.mark.parametrize("name", list(RUNAWAY))
def test_runaway_levels_are_refused_at_once(name, runaway_outcomes):
    kind, message, seconds = runaway_outcomes[name]
    argument = RUNAWAY[name][1]
    assert kind == "ValueError", (kind, message[:500])
    assert f"`{argument}`=" in message and "; use " in message, message
    assert seconds < 1.0


def test_the_level_message_says_why(runaway_outcomes):
    _, message, _ = runaway_outcomes["swt level"]
    assert ("`level`=1099511627776 is too deep, deeper than 64 levels: level j filters at "
            "dilation 2**(j-1), and level 64's 2**63 already exceeds the length of any array; "
            "use a `level` of at most 64") == message


# -- the bound, in process (one level past it is cheap even if computed) -----------------------

def test_the_deepest_level_is_computed_exactly(rng):
    """Level 64, dilation 2**63, the deepest accepted: exact, against the NumPy loop."""
    x = rng.standard_normal(6)
    wavelet = pywt.Wavelet("db2")
    got = atrous.swt(x, wavelet, level=2, start_level=MAX_LEVEL - 2)
    for (a, d), (a_ref, d_ref) in zip(got, naive.swt(x, wavelet, 2, MAX_LEVEL - 2)):
        np.testing.assert_allclose(a, a_ref, rtol=1e-12)
        np.testing.assert_allclose(d, d_ref, rtol=1e-12)


@pytest.mark.parametrize(("call", "match"), [
    (lambda x: atrous.swt(x, "haar", level=MAX_LEVEL + 1), r"`level`=65 is too deep.*at most 64"),
    (lambda x: atrous.swt(x, "haar", level=2, start_level=MAX_LEVEL - 1),
     r"`start_level`=63 with `level`=2 reaches level 65.*`start_level` \+ `level` of at most 64"),
    (lambda x: atrous.swtn(x, "haar", 1, start_level=MAX_LEVEL), r"reaches level 65"),
    (lambda x: atrous.swt2(x[None].repeat(2, 0), "haar", 1, start_level=MAX_LEVEL),
     r"reaches level 65"),
    (lambda x: atrous.mra(x, "haar", level=MAX_LEVEL + 1), r"`level`=65 is too deep"),
])
def test_one_level_past_the_bound_is_refused(call, match):
    with pytest.raises(ValueError, match=match):
        call(np.arange(6.0))


def test_swtn_takes_zero_levels_up_to_the_bound():
    image = np.ones((2, 2))
    assert atrous.swtn(image, "haar", 0, start_level=MAX_LEVEL) == []




def test_the_longest_schedule_is_built_one_more_layer_is_refused(monkeypatch):
    import atrous._receptive

    assert atrous._receptive.MAX_LAYERS == 10**6
    monkeypatch.setattr(atrous._receptive, "MAX_LAYERS", 10)
    schedule = atrous.dilation_schedule(11, kernel_size=2, base=1)
    assert schedule.dilations == [1] * 10 and schedule.receptive_field == 11
    with pytest.raises(ValueError, match=r"`receptive_field`=12 needs more than 10 layers of 2 "
                                         r"taps.*use a larger `base`"):
        atrous.dilation_schedule(12, kernel_size=2, base=1)


# -- streaming: histories that no array could hold ----------------------------------------------

def test_causal_layer_refuses_a_history_no_array_holds():
    with pytest.raises(ValueError, match=r"`dilation`=4611686018427387904 with 2 taps.*more "
                                         r"than any array holds.*at most 1152921504606846975"):
        atrous.stream.CausalConv1d(np.ones((1, 1, 2)), dilation=2**62)


def test_causal_layer_takes_the_largest_history_an_array_could_hold():
    """2**60 - 1 float64 samples is the most an array holds (2**63 - 1 bytes)."""
    largest = (2**60 - 1) // 2
    layer = atrous.stream.CausalConv1d(np.ones((1, 1, 3)), dilation=largest)
    assert layer.receptive_field == 2 * largest + 1
    with pytest.raises(ValueError, match=f"at most {largest}"):
        atrous.stream.CausalConv1d(np.ones((1, 1, 3)), dilation=largest + 1)


def test_streaming_swt_refuses_a_level_whose_history_no_array_holds():
    # db2 keeps 3 * 2**(level - 1) samples at its deepest level: 2**60 - 1 at most.
    atrous.stream.SWT("db2", level=59)  # 3 * 2**58 fits; nothing is allocated yet
    with pytest.raises(ValueError, match=r"`level`=60 with a 4-tap wavelet.*at most 59"):
        atrous.stream.SWT("db2", level=60)


# -- complex samples in the streams -------------------------------------------------------------

def _causal_swt(x, wavelet, level):
    """Level j: a_j[t] = sum_k dec_lo[k] a_{j-1}[t - 2**(j-1) k], zero history (np.convolve)."""
    approx, details = np.asarray(x), []
    for j in range(level):
        step = 2**j
        lo = np.zeros(step * (wavelet.dec_len - 1) + 1)
        hi = np.zeros_like(lo)
        lo[::step], hi[::step] = wavelet.dec_lo, wavelet.dec_hi
        details.append(np.convolve(approx, hi)[:len(x)])
        approx = np.convolve(approx, lo)[:len(x)]
    return [approx] + details[::-1]


@pytest.mark.parametrize("kinds", [("c", "c"), ("r", "c", "r"), ("c", "r", "c", "r")])
def test_streaming_swt_analyses_complex_samples(kinds, rng):
    wavelet = pywt.Wavelet("db3")
    chunks = [rng.standard_normal(n) + (1j * rng.standard_normal(n) if kind == "c" else 0)
              for n, kind in zip((5, 300, 1, 40), kinds)]
    live = atrous.stream.SWT(wavelet, level=3)
    parts = [live.process(chunk) for chunk in chunks]
    got = [np.concatenate(level) for level in zip(*parts)]
    want = _causal_swt(np.concatenate(chunks), wavelet, 3)
    assert parts[-1][0].dtype == np.complex128
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-12)


def test_streaming_swt_is_real_again_after_reset(rng):
    live = atrous.stream.SWT("haar", level=2)
    live.process(np.ones(4) + 1j)
    live.reset()
    x = rng.standard_normal(8)
    got = live.process(x)
    assert all(part.dtype == np.float64 for part in got)
    for g, w in zip(got, _causal_swt(x, pywt.Wavelet("haar"), 2)):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("process", [
    lambda chunk: atrous.stream.CausalConv1d(np.ones((1, 1, 2))).process(chunk),
    lambda chunk: atrous.stream.CausalStack(
        [atrous.stream.CausalConv1d(np.ones((1, 1, 2)), dilation=d) for d in (1, 2)]
    ).process(chunk),
])
def test_causal_layers_refuse_complex_samples(process):
    """Their ring buffers hold real samples: the imaginary part used to be dropped."""
    with pytest.raises(TypeError, match=r"`chunk` must hold real numbers, got dtype complex128"):
        process(np.ones((1, 8)) + 1j)


def test_streaming_swt_refuses_text():
    with pytest.raises(TypeError, match=r"`chunk` must hold numbers"):
        atrous.stream.SWT("haar", 1).process(np.array(["a", "b"]))


# -- malformed coefficients of the inverses ---------------------------------------------------

@pytest.mark.parametrize(("inverse", "coeffs", "match"), [
    (atrous.imran, lambda a: [a, a], r"item 1 is an ndarray of shape \(4, 4\), not a dict"),
    (atrous.imran, lambda a: [a, {"ad": a}, (a,)], r"item 2 is a tuple, not a dict"),
    (atrous.imra2, lambda a: [a, a], r"item 1 is an ndarray of shape \(4, 4\), not a \(H, V, D\)"),
    (atrous.imra2, lambda a: [a, (a, a)], r"item 1 is a tuple, not a \(H, V, D\) triple"),
])
def test_malformed_mra_components_are_named(inverse, coeffs, match):
    with pytest.raises(ValueError, match=match):
        inverse(coeffs(np.ones((4, 4))))


def _with_extra_key(coeffs, level, key):
    coeffs[level][key] = coeffs[level][next(iter(coeffs[level]))]
    return coeffs


@pytest.mark.parametrize(("trim_approx", "level", "key"), [
    (False, 0, "zz"), (False, 1, "dx"), (True, 1, "x"), (False, 0, "ddd"), (True, 1, "a"),
])
def test_iswtn_refuses_extra_keys_as_pywavelets(trim_approx, level, key, rng):
    image = rng.standard_normal((8, 8))
    theirs = _with_extra_key(pywt.swtn(image, "haar", 2, trim_approx=trim_approx), level, key)
    with pytest.raises(ValueError, match="invalid keys|must have equal length"):
        pywt.iswtn(theirs, "haar")
    ours = _with_extra_key(atrous.swtn(image, "haar", 2, trim_approx=trim_approx), level, key)
    with pytest.raises(ValueError, match=r"invalid keys were found.*\[" + repr(key)):
        atrous.iswtn(ours, "haar")


@pytest.mark.parametrize(("key", "match"), [  # PyWavelets: a KeyError, a TypeError
    ("aaa", "one letter, 'a' or 'd', per transformed axis, all of one length"),
    (0, r"invalid keys were found in the detail coefficient dictionary: \[0\]"),
])
def test_iswtn_refuses_odd_keys_in_the_finest_level(key, match, rng):
    coeffs = _with_extra_key(atrous.swtn(rng.standard_normal((8, 8)), "haar", 2), -1, key)
    with pytest.raises(ValueError, match=match):
        atrous.iswtn(coeffs, "haar")


# -- the drop-ins under monkeypatching ----------------------------------------------------------

DROP_INS = ["swt", "iswt", "swt2", "iswt2", "swtn", "iswtn", "swt_max_level",
            "mra", "imra", "mra2", "imra2", "mran", "imran"]


@pytest.fixture
def patched(monkeypatch):
    """PyWavelets' namespace with every atrous drop-in in it (undone after the test)."""
    for name in DROP_INS:
        monkeypatch.setattr(pywt, name, getattr(atrous, name))


def _arrays(components):
    """The arrays of an MRA's components, in order."""
    for part in components:
        if isinstance(part, dict):
            yield from (part[key] for key in sorted(part))
        elif isinstance(part, (tuple, list)):
            yield from part
        else:
            yield part


@pytest.mark.parametrize(("forward", "inverse", "shape", "transform"), [
    ("mra", "imra", (64,), "dwt"),
    ("mra2", "imra2", (32, 16), "dwt2"),
    ("mran", "imran", (8, 16, 4), "dwtn"),
])
def test_decimated_analyses_reach_pywavelets_when_patched(forward, inverse, shape, transform,
                                                          rng, monkeypatch):
    x = rng.standard_normal(shape)
    want = getattr(pywt, forward)(x, "db2", transform=transform, mode="symmetric")
    for name in DROP_INS:
        monkeypatch.setattr(pywt, name, getattr(atrous, name))
    got = getattr(pywt, forward)(x, "db2", transform=transform, mode="symmetric")
    got_arrays, want_arrays = list(_arrays(got)), list(_arrays(want))
    assert len(got_arrays) == len(want_arrays)
    for g, w in zip(got_arrays, want_arrays):
        np.testing.assert_array_equal(g, w)
    np.testing.assert_allclose(getattr(pywt, inverse)(got), x, rtol=1e-10, atol=1e-10)


def test_no_public_pywavelets_function_is_looked_up_at_call_time(monkeypatch, rng):
    """Every public PyWavelets function atrous calls was bound at import: replacing all of
    pywt's functions by a trap breaks nothing."""
    def trap(*args, **kwargs):
        raise AssertionError("atrous called a public pywt function by name at call time")

    for name in dir(pywt):
        value = getattr(pywt, name)
        if callable(value) and not isinstance(value, type) and not name.startswith("_"):
            monkeypatch.setattr(pywt, name, trap)
    x = rng.standard_normal(32)
    image = rng.standard_normal((16, 16))
    atrous.iswt(atrous.swt(x, "db2", 2), "db2")
    atrous.iswt2(atrous.swt2(image, "sym3", 2), "sym3")
    atrous.iswtn(atrous.swtn(image, ("db1", "db2"), 1), ("db1", "db2"))
    for transform in ("swt", "dwt"):
        atrous.imra(atrous.mra(x, "db2", transform=transform))
    for transform in ("swt2", "dwt2"):
        atrous.imra2(atrous.mra2(image, "db2", transform=transform))
    for transform in ("swtn", "dwtn"):
        atrous.imran(atrous.mran(image, "db2", transform=transform))
    atrous.stream.SWT("db2", 2).process(x)
    atrous.modwt(x, "haar", level=2)
    atrous.denoise(image)
    atrous.estimate_noise(image)
    atrous.starlet_denoise(image, 2)
    atrous.wavelet_variance(atrous.modwt(x, "haar", level=2))
    atrous.iswt(atrous.swt(x, "db4", 2, mode="symmetric"), "db4", mode="symmetric")


# PyWavelets' own MRA tests, run against the drop-ins. Left out by design: the stationary
# analyses at modes other than 'periodization' (PyWavelets refuses them, atrous computes
# them) and its warning for non-orthogonal wavelets there (atrous's components do not depend
# on `norm`, so it has nothing to warn about).
PYWT_CASES = (
    [(pywt_mra_tests.test_mra_roundtrip, (w, t, m, d)) for w in ("db2", "coif5")
     for t, modes in (("dwt", pywt.Modes.modes), ("swt", ["periodization"])) for m in modes
     for d in ("float32", "complex128")]
    + [(pywt_mra_tests.test_mra2_roundtrip, (w, t, m, d)) for w in ("db2", "sym4")
       for t, modes in (("dwt2", ["symmetric", "zero", "periodization"]),
                        ("swt2", ["periodization"])) for m in modes
       for d in ("float64", "complex64")]
    + [(pywt_mra_tests.test_mran_roundtrip, ("sym2", t, m, d, n))
       for t, modes in (("dwtn", ["smooth", "periodization"]), ("swtn", ["periodization"]))
       for m in modes for d in ("float64", "complex64") for n in (1, 2, 3)]
    + [(pywt_mra_tests.test_mra_axis, (t, n, a, np.float64)) for t in ("dwt", "swt")
       for n in (1, 2, 3) for a in (0, -1, 1, 2, -3)]
    + [(pywt_mra_tests.test_mra2_axes, (t, a, n, np.complex128)) for t in ("dwt2", "swt2")
       for a in ((0, 1), (-2, -1), (0, 2), (-3, 1), (0, 4)) for n in (2, 3)]
    + [(pywt_mra_tests.test_mran_axes, (a, t)) for t in ("dwtn", "swtn")
       for a in ((0, 1), (0, 2), (-3, -2, -1), (0, 2, 1), (0, 5, 1), (1,), (-4,))]
    + [(case, (w, t)) for w in ("rbio1.3", "bior2.4")
       for case, t in ((pywt_mra_tests.test_mra_warns_on_non_orthogonal, "dwt"),
                       (pywt_mra_tests.test_mra2_warns_on_non_orthogonal, "dwt2"),
                       (pywt_mra_tests.test_mran_warns_on_non_orthogonal, "dwtn"))]
)


def _case_id(case, arguments):
    return "-".join([case.__name__] + [getattr(a, "__name__", str(a)) for a in arguments])


@pytest.mark.parametrize(("case", "arguments"), PYWT_CASES,
                         ids=[_case_id(c, a) for c, a in PYWT_CASES])
def test_pywavelets_mra_suite_passes_with_the_drop_ins(case, arguments, patched):
    case(*arguments)
