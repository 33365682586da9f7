"""Concurrent calls from Python threads give the single-threaded results."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np

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
