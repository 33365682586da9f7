"""Concurrent calls from Python threads give the single-threaded results."""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import atrous


def test_concurrent_swt_and_iswt_from_a_thread_pool(rng):
    signals = [rng.standard_normal((3, 2048 + 7 * i)) for i in range(12)]
    wavelets = ["db4", "sym3", "haar", "bior2.2"]

    def job(i):
        wavelet = wavelets[i % len(wavelets)]
        coeffs = atrous.swt(signals[i], wavelet, level=5, trim_approx=True)
        return coeffs, atrous.iswt(coeffs, wavelet)

    expected = [job(i) for i in range(len(signals))]
    with ThreadPoolExecutor(max_workers=6) as pool:
        for _ in range(3):
            results = list(pool.map(job, range(len(signals))))
            for (coeffs, back), (want_coeffs, want_back) in zip(results, expected):
                for c, w in zip(coeffs, want_coeffs):
                    np.testing.assert_array_equal(c, w)
                np.testing.assert_array_equal(back, want_back)
    for i, (_, back) in enumerate(expected):
        np.testing.assert_allclose(back, signals[i], rtol=1e-10, atol=1e-10)


def test_concurrent_nd_transforms_and_analyses(rng):
    images = [rng.standard_normal((64 + 3 * i, 48)) for i in range(8)]
    modes = ["periodization", "symmetric", "smooth", "antireflect"]

    def job(i):
        mode = modes[i % len(modes)]
        coeffs = atrous.swt2(images[i], ("db2", "sym3"), level=3, mode=mode)
        back = atrous.iswt2(coeffs, ("db2", "sym3"), mode=mode)
        components = atrous.mran(images[i], "db3", level=2, mode=mode)
        return coeffs, back, components

    def flatten(result):
        coeffs, back, components = result
        arrays = [a for approx, details in coeffs for a in (approx, *details)]
        arrays += [back, components[0]] + [v for level in components[1:] for v in level.values()]
        return arrays

    expected = [flatten(job(i)) for i in range(len(images))]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(2):
            for got, want in zip(pool.map(job, range(len(images))), expected):
                for g, w in zip(flatten(got), want):
                    np.testing.assert_array_equal(g, w)


@pytest.mark.parametrize("preset, expected", [(None, "PASSIVE"), ("active", "active")])
def test_openmp_threads_wait_passively_unless_the_user_chose(preset, expected):
    """Spinning OpenMP threads made a launch 2-4x slower than one thread on a machine with a
    busy core (issue 13); atrous asks for passive waiting before the runtime starts, and
    leaves a user's own choice alone. The runtime must not be loaded at import."""
    environment = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if preset is not None:
        environment["OMP_WAIT_POLICY"] = preset
    code = ("import os, atrous; maps = open('/proc/self/maps').read(); "
            "print(os.environ['OMP_WAIT_POLICY'], 'libgomp' in maps)")
    done = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [expected, "False"]
