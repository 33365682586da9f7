"""Hostile input to the denoisers (issue 12, items 13-16): every bad argument gets an
exception naming it, at once; extreme noise levels give the limits, not an overflow; deep
levels are refused before anything is allocated."""

import subprocess
import sys
import textwrap

import dask.array as da
import numpy as np
import pytest
import pywt

import atrous

X = np.random.default_rng(0).normal(0, 1, 256)
IMAGE = np.random.default_rng(1).normal(0, 1, (32, 32))

# name: (call, exception type, text the message must contain)
BAD = {
    # denoise
    "denoise 0-d": (lambda: atrous.denoise(np.float64(3.0)), ValueError, "`data` is a scalar"),
    "denoise 0-d sigma": (lambda: atrous.denoise(np.float64(3.0), sigma=1.0), ValueError,
                          "`data` is a scalar"),
    "denoise empty axes": (lambda: atrous.denoise(IMAGE, axes=()), ValueError, "`axes`=()"),
    "denoise empty": (lambda: atrous.denoise(np.zeros((0, 4)), sigma=1.0), ValueError,
                      "no samples"),
    "denoise sigma nan": (lambda: atrous.denoise(X, sigma=np.nan), ValueError, "`sigma`=nan"),
    "denoise sigma inf": (lambda: atrous.denoise(X, sigma=np.inf), ValueError, "`sigma`=inf"),
    "denoise sigma negative": (lambda: atrous.denoise(X, sigma=-0.5), ValueError,
                               "`sigma`=-0.5 must not be negative"),
    "denoise sigma string": (lambda: atrous.denoise(X, sigma="1"), TypeError, "`sigma`"),
    "denoise sigma bool": (lambda: atrous.denoise(X, sigma=True), TypeError, "`sigma`"),
    "denoise sigma complex": (lambda: atrous.denoise(X, sigma=1j), TypeError, "`sigma`"),
    "denoise sigma array": (lambda: atrous.denoise(X, sigma=np.array([1.0])), TypeError,
                            "`sigma`"),
    "denoise sigma None list": (lambda: atrous.denoise(X, sigma=[None]), TypeError, "`sigma`"),
    "denoise level string": (lambda: atrous.denoise(X, level="3"), TypeError, "`level`"),
    "denoise level bool": (lambda: atrous.denoise(X, level=True), TypeError, "`level`"),
    "denoise level 2.5": (lambda: atrous.denoise(X, level=2.5), TypeError, "`level`"),
    "denoise level 0": (lambda: atrous.denoise(X, level=0), ValueError, "`level`=0"),
    "denoise deep extension": (lambda: atrous.denoise(IMAGE, level=20), ValueError,
                               "mode='periodization'"),
    "denoise deep extension zero": (lambda: atrous.denoise(X, level=40, mode="zero"),
                                    ValueError, "`level`=40"),
    "denoise method": (lambda: atrous.denoise(X, method=None), ValueError, "`method`=None"),
    "denoise threshold mode": (lambda: atrous.denoise(X, threshold_mode=1), ValueError,
                               "`threshold_mode`=1"),
    "denoise mode": (lambda: atrous.denoise(X, mode="wrap"), ValueError, "`mode`='wrap'"),
    "denoise wavelet": (lambda: atrous.denoise(X, wavelet="morl"), ValueError, "continuous"),
    "denoise axes": (lambda: atrous.denoise(IMAGE, axes=(0, 2)), np.exceptions.AxisError,
                     "`axes`"),
    "denoise string data": (lambda: atrous.denoise(np.array(["a", "b"])), ValueError,
                            "`data`"),
    # estimate_noise
    "estimate_noise 0-d": (lambda: atrous.estimate_noise(np.float64(1.0)), ValueError,
                           "`data` is a scalar"),
    "estimate_noise complex channel": (
        lambda: atrous.estimate_noise(IMAGE + 1j, axes=(0,), channel_axis=0), ValueError,
        "`channel_axis`=0"),
    "estimate_noise channel bool": (lambda: atrous.estimate_noise(IMAGE, channel_axis=True),
                                    TypeError, "`channel_axis`"),
    # starlet_denoise
    "starlet_denoise 0-d": (lambda: atrous.starlet_denoise(np.float64(1.0), 2), ValueError,
                            "`data` is a scalar"),
    "starlet_denoise empty axes": (lambda: atrous.starlet_denoise(IMAGE, 2, axes=[]),
                                   ValueError, "`axes`=()"),
    "starlet_denoise sigma nan": (lambda: atrous.starlet_denoise(X, 2, sigma=np.nan),
                                  ValueError, "`sigma`=nan"),
    "starlet_denoise sigma inf": (lambda: atrous.starlet_denoise(X, 2, sigma=np.inf),
                                  ValueError, "`sigma`=inf"),
    "starlet_denoise sigma string": (lambda: atrous.starlet_denoise(X, 2, sigma="1"),
                                     TypeError, "`sigma`"),
    "starlet_denoise sigma bool": (lambda: atrous.starlet_denoise(X, 2, sigma=False),
                                   TypeError, "`sigma`"),
    "starlet_denoise k nan": (lambda: atrous.starlet_denoise(X, 2, k=np.nan), ValueError,
                              "`k`"),
    "starlet_denoise k nan in a list": (lambda: atrous.starlet_denoise(X, 2, k=[3, np.nan]),
                                        ValueError, "`k`"),
    "starlet_denoise k inf": (lambda: atrous.starlet_denoise(X, 2, k=np.inf), ValueError,
                              "`k`"),
    "starlet_denoise k negative": (lambda: atrous.starlet_denoise(X, 2, k=-1), ValueError,
                                   "`k`"),
    "starlet_denoise k string": (lambda: atrous.starlet_denoise(X, 2, k="3"), TypeError, "`k`"),
    "starlet_denoise k bool": (lambda: atrous.starlet_denoise(X, 2, k=True), TypeError, "`k`"),
    "starlet_denoise k complex": (lambda: atrous.starlet_denoise(X, 2, k=3j), TypeError,
                                  "`k`"),
    "starlet_denoise k ragged": (lambda: atrous.starlet_denoise(X, 2, k=[[3], [3, 4]]),
                                 TypeError, "`k`"),
    "starlet_denoise k length": (lambda: atrous.starlet_denoise(X, 2, k=[3, 3, 3]),
                                 ValueError, "`k`"),
    "starlet_denoise positivity": (lambda: atrous.starlet_denoise(X, 2, positivity="no"),
                                   TypeError, "`positivity`"),
    "starlet_denoise iterations": (lambda: atrous.starlet_denoise(X, 2, iterations=0),
                                   ValueError, "`iterations`=0"),
    "starlet_denoise iterations bool": (
        lambda: atrous.starlet_denoise(X, 2, iterations=True), TypeError, "`iterations`"),
    "starlet_denoise threshold mode": (
        lambda: atrous.starlet_denoise(X, 2, threshold_mode="garrote"), ValueError,
        "`threshold_mode`"),
    "starlet_denoise positivity complex": (
        lambda: atrous.starlet_denoise(X + 1j, 2, positivity=True), ValueError,
        "`positivity`"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_arguments_are_named(name):
    call, kind, text = BAD[name]
    with pytest.raises(kind) as error:
        call()
    assert text in str(error.value), str(error.value)


# The same checks, at once, on Dask arrays (no compute).
DASK_BAD = {
    "denoise sigma nan": lambda a: atrous.denoise(a, "db2", 1, sigma=np.nan),
    "denoise sigma string": lambda a: atrous.denoise(a, "db2", 1, sigma="1"),
    "denoise empty axes": lambda a: atrous.denoise(a, "db2", 1, axes=()),
    "denoise deep extension": lambda a: atrous.denoise(a, "db2", 20),
    "starlet_denoise sigma nan": lambda a: atrous.starlet_denoise(a, 2, sigma=np.nan),
    "starlet_denoise k nan": lambda a: atrous.starlet_denoise(a, 2, k=np.nan),
    "starlet_denoise k string": lambda a: atrous.starlet_denoise(a, 2, k="3"),
    "starlet_denoise positivity": lambda a: atrous.starlet_denoise(a, 2, positivity="no"),
}


@pytest.mark.parametrize("name", list(DASK_BAD))
def test_dask_arrays_get_the_same_errors_at_once(name):
    call = DASK_BAD[name]
    with pytest.raises(Exception) as numpy_error:
        call(IMAGE)
    with pytest.raises(Exception) as dask_error:
        call(da.from_array(IMAGE, chunks=16))
    assert type(dask_error.value) is type(numpy_error.value)
    assert str(dask_error.value) == str(numpy_error.value)


def _approximation_only(x, wavelet, level):
    """PyWavelets' inverse SWT with every detail zeroed (periodization)."""
    coeffs = pywt.swt(x, wavelet, level=level)
    return pywt.iswt([(a, np.zeros_like(d)) for a, d in coeffs], wavelet)


@pytest.mark.parametrize("sigma", [1e154, 1e300, np.finfo(np.float64).max])
@pytest.mark.parametrize("method", ["bayes", "universal", "sure"])
@pytest.mark.parametrize("threshold_mode", ["soft", "hard", "garrote"])
def test_a_huge_sigma_zeroes_every_detail(sigma, method, threshold_mode):
    got = atrous.denoise(X, "db4", level=3, method=method, threshold_mode=threshold_mode,
                         sigma=sigma, mode="periodization")
    np.testing.assert_allclose(got, _approximation_only(X, "db4", 3), atol=1e-12)


@pytest.mark.parametrize("sigma", [1e-300, 5e-324])
@pytest.mark.parametrize("method", ["bayes", "universal", "sure"])
@pytest.mark.parametrize("threshold_mode", ["soft", "hard", "garrote"])
def test_a_tiny_sigma_keeps_the_data(sigma, method, threshold_mode):
    got = atrous.denoise(X, "db4", level=3, method=method, threshold_mode=threshold_mode,
                         sigma=sigma)
    np.testing.assert_allclose(got, X, atol=1e-12)


@pytest.mark.parametrize("threshold_mode", ["hard", "soft"])
def test_a_huge_sigma_in_starlet_denoise_keeps_the_coarse_scale_only(threshold_mode):
    # Generation 1: the inverse is the sum of the scales, so only c_J is left.
    got = atrous.starlet_denoise(IMAGE, 2, sigma=1e300, generation=1,
                                 threshold_mode=threshold_mode)
    np.testing.assert_allclose(got, atrous.starlet(IMAGE, 2)[2], atol=1e-12)


def test_garrote_with_a_threshold_whose_square_overflows():
    from atrous._denoise import _shrink

    details = np.array([5e300, -1e300, 3.0, -np.inf])
    got = _shrink(details.copy(), 2e300, "garrote")
    np.testing.assert_allclose(got, [5e300 * (1 - 0.16), 0.0, 0.0, -np.inf], rtol=1e-15)


@pytest.mark.parametrize("shape", [(1,), (3,), (7, 5), (2, 2, 2, 2, 2), (1,) * 6])
def test_small_and_many_dimensional_data_work_at_the_default_level(shape):
    data = np.random.default_rng(2).normal(size=shape)
    for mode in ("symmetric", "periodization"):
        got = atrous.denoise(data, "db2", mode=mode)
        assert got.shape == shape and np.all(np.isfinite(got))


def test_non_finite_samples_and_noise_estimates():
    x = X.copy()
    x[[40, 41]] = [np.inf, -np.inf]
    got = atrous.denoise(x, "db2", level=2)
    assert np.isfinite(got[:20]).all() and np.isfinite(got[60:]).all()
    assert np.isnan(atrous.denoise(np.full(64, np.nan), "db2", level=2)).all()
    assert np.isnan(atrous.starlet_denoise(np.full(64, np.nan), 2)).all()
    assert np.isnan(atrous.estimate_noise(np.full((4, 8), np.inf)))


def _run_limited(code, limit_gb=1.5, timeout=120):
    script = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, ({int(limit_gb * 2**30)},) * 2)
        import time
        import numpy as np
        import atrous
        data = np.random.default_rng(0).normal(size=(256, 256))
        start = time.perf_counter()
        try:
            {code}
        except ValueError as error:
            print("ValueError", time.perf_counter() - start, error)
        else:
            print("no error")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


# Deep levels only under a memory limit, in a subprocess: a regression must fail, not take
# the machine down.
@pytest.mark.parametrize("code", [
    "atrous.denoise(data, level=26)",                  # 8 (2**26 - 1) samples a side
    "atrous.denoise(data[0], level=28, mode='zero')",  # 2 GiB of extension in 1-d
    "atrous.denoise(data, level=2**40)",
    "atrous.denoise(data, level=2**40, mode='periodization')",
    "atrous.starlet_denoise(data, 2**40)",
])
def test_deep_levels_are_refused_at_once_in_bounded_memory(code):
    out = _run_limited(code)
    assert out.startswith("ValueError"), out
    assert float(out.split()[1]) < 1.0 and "`level`" in out, out
