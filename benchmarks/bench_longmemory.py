"""The Hurst exponent of many series: atrous against the same estimator in plain NumPy,
side by side in one process.

Run ``python benchmarks/bench_longmemory.py`` (``--quick``, ``--markdown``). Both compute
Abry & Veitch's weighted regression on the MODWT log-scale diagram with Percival & Walden's
``eta3`` degrees of freedom, over the same levels (atrous.hurst_exponent's default) of
1000 series of 2**14 samples of fractional Gaussian noise (``H = 0.7``). The NumPy version
computes the MODWT in the frequency domain, one real FFT of the series and one inverse per
level (the level-``j`` filter's transfer function is the product of the upsampled
filters', Percival & Walden section 5.4), then drops the boundary coefficients and
regresses. The two must give the same estimates (checked); the time is the best of
several runs. The script always exits 0: it is a report, not a test.
"""

import os

import numba
import numpy as np
from _common import record, report_options, table, warm_memory
from scipy import special

import atrous
from atrous.demo import best_ms

WAVELET = "la8"


def numpy_hurst(x, levels, wavelet=WAVELET):
    """The same estimator in NumPy: MODWT by circular convolution through the FFT."""
    g, h = atrous._modwt.filters(wavelet)
    n, taps = x.shape[-1], len(g)
    k = np.arange(n // 2 + 1)
    spectrum = np.fft.rfft(x, axis=-1)

    def transfer(f, dilation):
        # DFT of the filter upsampled by `dilation`, at the frequencies k / n.
        return np.sum(f[:, None] * np.exp(-2j * np.pi * np.outer(np.arange(taps), k)
                                          * dilation / n), axis=0)

    smooth = np.ones(k.size, complex)
    y, weights = [], []
    for j in range(1, levels[-1] + 1):
        wavelet_j = smooth * transfer(h, 2 ** (j - 1))
        smooth = smooth * transfer(g, 2 ** (j - 1))
        if j < levels[0]:
            continue
        w = np.fft.irfft(spectrum * wavelet_j, n=n, axis=-1)
        skip = min((2**j - 1) * (taps - 1), n)
        interior = w[..., skip:]
        dof = max(interior.shape[-1] / 2**j, 1.0)
        bias = special.digamma(dof / 2) / np.log(2) - np.log2(dof / 2)
        y.append(np.log2(np.mean(interior**2, axis=-1)) - bias)
        weights.append(np.log(2) ** 2 / special.polygamma(1, dof / 2))
    y, weights, j = np.array(y), np.array(weights), np.asarray(levels, float)
    centre = np.sum(weights * j) / np.sum(weights)
    lever = weights * (j - centre) / np.sum(weights * (j - centre) ** 2)
    return (lever @ y) / 2 + 1


def main():
    args = report_options(__doc__)

    atrous.hurst_exponent(np.random.default_rng(0).standard_normal(4096))
    warm_seconds = warm_memory(1 if args.quick else 3)
    print(f"numpy {np.__version__}, numba {numba.__version__}, atrous {atrous.__version__}; "
          f"{os.cpu_count()} CPUs, {numba.get_num_threads()} numba threads; memory warmed in "
          f"{warm_seconds:.1f} s")

    series, n = (100, 2**12) if args.quick else (1000, 2**14)
    x = atrous.simulate_fgn(n, 0.7, size=series, seed=0)
    ours = atrous.hurst_exponent(x)
    levels = ours.diagram.level
    theirs = numpy_hurst(x, levels)
    difference = np.max(np.abs(theirs - ours.estimate))
    assert difference < 1e-10, difference
    print(f"levels {levels[0]} ... {levels[-1]}; same estimates (max difference "
          f"{difference:.1e}); mean H {ours.estimate.mean():.3f}")
    repeats = 2 if args.quick else 3
    theirs_ms = best_ms(lambda: numpy_hurst(x, levels), repeats)
    ours_ms = best_ms(lambda: atrous.hurst_exponent(x), repeats)
    ratio, target = theirs_ms / ours_ms, 1.5
    rows = [[f"hurst_exponent of {series} series of 2**{int(np.log2(n))}, {WAVELET}",
             f"{theirs_ms:.1f} ms", f"{ours_ms:.1f} ms", f"{ratio:.1f}x faster",
             f">= {target}x", "PASS" if ratio >= target else "MISS"]]
    print(table(rows, args.markdown).replace("PyWavelets", "NumPy (FFT MODWT)"))
    record("bench_longmemory", rows, "NumPy")
    print("all targets met" if ratio >= target else "target missed")


if __name__ == "__main__":
    main()
