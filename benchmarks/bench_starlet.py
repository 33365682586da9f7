"""The starlet against the same transform written with scipy.ndimage and zero-stuffed
B3 kernels, side by side in one process.

Run ``python benchmarks/bench_starlet.py`` (part of ``make bench``; ``--quick``,
``--markdown``). float32 image from ``numpy.random.default_rng(0)``; memory touched once
first; best of several runs. The denoising benchmarks of issue 6 are not written yet. The
script always exits 0: it is a report, not a test.
"""

import os

import numba
import numpy as np
import scipy
from _common import record, report_options, table, warm_memory
from scipy import ndimage

import atrous
from atrous.demo import best_ms

B3 = np.array([1, 4, 6, 4, 1], dtype=np.float32) / 16


def scipy_starlet(image, level):
    """Generation 1 with scipy.ndimage.correlate1d and zero-stuffed kernels ('reflect' is
    PyWavelets' 'symmetric')."""
    c, rows = image, []
    for j in range(1, level + 1):
        kernel = np.zeros(4 * 2 ** (j - 1) + 1, dtype=np.float32)
        kernel[::2 ** (j - 1)] = B3
        smooth = ndimage.correlate1d(c, kernel, axis=0, mode="reflect")
        smooth = ndimage.correlate1d(smooth, kernel, axis=1, mode="reflect")
        rows.append(c - smooth)
        c = smooth
    return np.stack(rows + [c])


def main():
    args = report_options(__doc__)

    atrous.starlet(np.ones((16, 16), np.float32), 2)
    warm_seconds = warm_memory(1 if args.quick else 2)
    print(f"numpy {np.__version__}, numba {numba.__version__}, scipy {scipy.__version__}, "
          f"atrous {atrous.__version__}; {os.cpu_count()} CPUs, "
          f"{numba.get_num_threads()} numba threads; memory warmed in {warm_seconds:.1f} s")
    side = 512 if args.quick else 2048
    image = np.random.default_rng(0).random((side, side)).astype(np.float32)
    assert np.allclose(atrous.starlet(image, 5), scipy_starlet(image, 5), atol=1e-5)
    repeats = 3 if args.quick else 5
    theirs = best_ms(lambda: scipy_starlet(image, 5), repeats)
    ours = best_ms(lambda: atrous.starlet(image, 5), 2 * repeats)
    ratio = theirs / ours
    rows = [[f"starlet, {side} x {side} float32, 5 scales", f"{theirs:.0f} ms", f"{ours:.1f} ms",
             f"{ratio:.1f}x faster", ">= 5x", "PASS" if ratio >= 5 else "MISS"]]
    header = ["case", "scipy.ndimage (zero-stuffed)", "atrous", "atrous vs scipy.ndimage",
              "target", ""]
    record("bench_starlet", rows, "scipy", header=header)
    print(table(rows, args.markdown, header))
    print("all targets met" if ratio >= 5 else "targets missed: starlet")


if __name__ == "__main__":
    main()
